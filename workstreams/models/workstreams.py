from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod
from hnb_monitor.money import MONEY
from workstreams.choices import Schedule
from workstreams.rag import DEFAULT_AMBER_FROM, DEFAULT_GREEN_FROM


class Workstream(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="workstreams")
    name = models.CharField(max_length=200)
    theme = models.CharField(
        max_length=200,
        blank=True,
        help_text="The strand of the programme, e.g. Early Intervention and development of "
        "robust Local Offer",
    )
    schedule = models.CharField(
        max_length=1,
        choices=Schedule.choices,
        blank=True,
        help_text="The forecast schedule its savings feed, if any",
    )
    safety_valve = models.BooleanField(
        "Safety valve", default=False, help_text="Part of the safety-valve agreement"
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_workstreams",
        verbose_name="lead officers",
    )
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[leads])

    class Meta:
        ordering = ["authority", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="unique_workstream_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SavingsTargetQuerySet(models.QuerySet):
    def with_versions(self) -> "SavingsTargetQuerySet":
        """Every version, with what `applies_since` needs: no query per target."""
        return self.select_related("financial_year", "applies_from__financial_year")


class SavingsTarget(models.Model):
    """What finance expects a workstream to save in a financial year.

    A signed-off quarter shows, for ever, the targets it was signed off with. So a target
    that signed-off quarters show is never changed in place: the new amount is a new
    version that applies from a later, open quarter, with its reason, and each quarter
    reads the latest version that applies to it (`targets_as_of`).
    """

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="targets")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    amount = models.DecimalField(**MONEY)
    applies_from = models.ForeignKey(
        ReportingPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The first quarter this amount applies to; blank for every quarter",
    )
    reason = models.TextField(blank=True, help_text="Why the target changed after sign-off")
    history = HistoricalRecords()

    objects = SavingsTargetQuerySet.as_manager()

    class Meta:
        ordering = ["workstream", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "financial_year"],
                condition=models.Q(applies_from__isnull=True),
                name="one_target_per_workstream_year",
            ),
            models.UniqueConstraint(
                fields=["workstream", "financial_year", "applies_from"],
                name="one_target_version_per_workstream_year_quarter",
            ),
        ]

    def __str__(self) -> str:
        since = f" from {self.applies_from.label}" if self.applies_from_id else ""
        return f"{self.workstream} {self.financial_year}: {self.amount}{since}"

    @property
    def applies_since(self) -> tuple[int, int]:
        if self.applies_from_id is None:
            return (0, 0)
        return (self.applies_from.financial_year.start_year, self.applies_from.quarter)


def targets_as_of(targets, key: tuple[int, int] | None) -> list[SavingsTarget]:
    """Of each workstream's target versions for each year, the one that applies at the
    period with this key (financial year, quarter); None for the newest."""
    applying: dict[tuple[int, int], SavingsTarget] = {}
    for target in targets:
        if key is not None and target.applies_since > key:
            continue
        slot = (target.workstream_id, target.financial_year_id)
        if slot not in applying or target.applies_since > applying[slot].applies_since:
            applying[slot] = target
    return list(applying.values())


class RagRule(models.Model):
    """Each authority's rule for the suggested RAG, visible to all and set by finance."""

    authority = models.OneToOneField(Authority, on_delete=models.CASCADE, related_name="rag_rule")
    green_from = models.DecimalField(
        "Green from (% of target)",
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_GREEN_FROM,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    amber_from = models.DecimalField(
        "Amber from (% of target)",
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_AMBER_FROM,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amber_from__lte=models.F("green_from")),
                name="amber_threshold_not_above_green",
            )
        ]

    def __str__(self) -> str:
        return f"Green from {self.green_from}%, amber from {self.amber_from}%"

    @classmethod
    def for_authority(cls, authority: Authority) -> "RagRule":
        rule = cls.objects.filter(authority=authority).first()
        return rule or cls(authority=authority)
