"""The safety-valve agreement: its terms, the DfE's payments, its conditions and the
reports it asks for.

An agreement and each version of its payment schedule apply from a quarter, like a
savings target: a signed-off quarter's forecast reads, for ever, the planned deficits and
payments that applied to it. Re-profiling the payments is a new version with a reason;
a variation of the agreement itself is a new agreement. Earlier ones are kept.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod
from hnb_monitor.money import MONEY
from workstreams.choices import Rag


def applies_since(record) -> tuple[int, int]:
    """(financial year, quarter) of the first quarter a record applies to; (0, 0) for all."""
    if record.applies_from_id is None:
        return (0, 0)
    return (record.applies_from.financial_year.start_year, record.applies_from.quarter)


class Agreement(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="agreements")
    signed_on = models.DateField("Signed", null=True, blank=True)
    first_year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="+", verbose_name="First year"
    )
    last_year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="+", verbose_name="Last year"
    )
    dfe_contribution = models.DecimalField("DfE contribution in total", **MONEY)
    authority_contribution = models.DecimalField(
        "The authority's own contribution", default=0, **MONEY
    )
    balance_year = models.ForeignKey(
        FinancialYear,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="In-year balance to be reached by",
    )
    applies_from = models.ForeignKey(
        ReportingPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The first quarter this agreement applies to; blank for every quarter",
    )
    notes = models.TextField(blank=True, max_length=10_000)
    variation_reason = models.TextField(
        "What the variation changes, and why", blank=True, max_length=10_000
    )
    history = HistoricalRecords()

    class Meta:
        ordering = [
            "authority",
            "applies_from__financial_year__start_year",
            "applies_from__quarter",
        ]

    def __str__(self) -> str:
        return f"{self.authority}: safety-valve agreement {self.first_year}–{self.last_year}"


class AgreementYear(models.Model):
    """The agreement's original trajectory: the in-year deficit it planned for a year, which
    the forecast's "variance from original agreement" is measured against."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="years")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    planned_in_year_deficit = models.DecimalField(
        "Planned in-year deficit (negative: surplus)", **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "financial_year"], name="one_planned_deficit_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.financial_year}: {self.planned_in_year_deficit}"


class PaymentSchedule(models.Model):
    """One version of the agreement's instalments. Version 1 is the agreement's own; each
    later one re-profiles the payments, says why, and applies from a quarter on."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="schedules")
    number = models.PositiveSmallIntegerField("Version")
    reason = models.TextField("Why the payments were re-profiled", blank=True, max_length=10_000)
    applies_from = models.ForeignKey(
        ReportingPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The first quarter this schedule applies to; blank for every quarter",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="one_payment_schedule_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: payment schedule version {self.number}"


class InstalmentStatus(models.TextChoices):
    DUE = "due", "Due"
    PAID = "paid", "Paid"
    WITHHELD = "withheld", "Withheld"
    SUSPENDED = "suspended", "Suspended"
    BACK_DATED = "back_dated", "Back-dated"


class Instalment(models.Model):
    """A payment the DfE makes under the agreement: one a year, or a year's part."""

    schedule = models.ForeignKey(
        PaymentSchedule, on_delete=models.CASCADE, related_name="instalments"
    )
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    part = models.PositiveSmallIntegerField(
        default=1, help_text="Where a year is paid in parts: which part"
    )
    amount = models.DecimalField(**MONEY)
    due_on = models.DateField("Due", null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=InstalmentStatus.choices, default=InstalmentStatus.DUE
    )
    paid_on = models.DateField("Paid", null=True, blank=True)
    reason = models.TextField(blank=True, max_length=10_000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["schedule", "financial_year__start_year", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "financial_year", "part"], name="one_instalment_per_part"
            )
        ]

    def __str__(self) -> str:
        part = f" part {self.part}" if self.part != 1 else ""
        return f"{self.financial_year}{part}: {self.amount}"


class Condition(models.Model):
    """A condition of the agreement, the evidence offered that it is met, and its RAG."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField("Condition", max_length=10_000)
    owner = models.CharField(max_length=200, blank=True)
    evidence = models.TextField(blank=True, max_length=10_000)
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices, blank=True)
    workstreams = models.ManyToManyField(
        "workstreams.Workstream", blank=True, related_name="conditions"
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[workstreams])

    class Meta:
        ordering = ["agreement", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SubmissionOutcome(models.TextChoices):
    RELEASED = "released", "Payment released"
    WITHHELD = "withheld", "Payment withheld"
    PENDING = "pending", "Awaiting the DfE's decision"


class Submission(models.Model):
    """A monitoring report due to the DfE under the agreement, and what came of it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="submissions")
    period = models.ForeignKey(
        ReportingPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Period covered",
    )
    due_on = models.DateField("Due")
    submitted_on = models.DateField("Submitted", null=True, blank=True)
    feedback = models.TextField("The DfE's feedback", blank=True, max_length=10_000)
    instalment = models.ForeignKey(
        Instalment, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    outcome = models.CharField(max_length=10, choices=SubmissionOutcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "due_on"]

    def __str__(self) -> str:
        return f"{self.agreement}: report due {self.due_on}"
