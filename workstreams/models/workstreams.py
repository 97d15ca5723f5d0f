from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority, FinancialYear
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


class SavingsTarget(models.Model):
    """What finance expects a workstream to save in a financial year."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="targets")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["workstream", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "financial_year"], name="one_target_per_workstream_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workstream} {self.financial_year}: {self.amount}"


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
