from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.locking import guard_period
from hnb_monitor.models import ReportingPeriod
from hnb_monitor.money import MONEY
from workstreams.choices import Rag, ReturnStatus
from workstreams.models.workstreams import Workstream


class QuarterlyReturn(models.Model):
    """A workstream lead's account of one quarter: money, RAG and narrative."""

    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    delivered_to_date = models.DecimalField("Delivered to date", null=True, blank=True, **MONEY)
    forecast_outturn = models.DecimalField(
        "Forecast outturn for the year", null=True, blank=True, **MONEY
    )
    suggested_rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_override = models.CharField("RAG override", max_length=5, choices=Rag.choices, blank=True)
    override_reason = models.TextField(blank=True)
    rag = models.CharField(
        "RAG", max_length=5, choices=Rag.choices, blank=True, help_text="Override, else suggested"
    )
    progress_update = models.TextField(blank=True)
    next_steps = models.TextField("Key next steps", blank=True)
    risks_and_mitigations = models.TextField(blank=True)
    recovery_actions = models.TextField(
        "What is being done about it",
        blank=True,
        help_text="Required for a red or amber return",
    )
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default="draft")
    review_comment = models.TextField(blank=True)
    # PROTECT: who submitted and who approved are part of the record, so a user who did is
    # deactivated, never deleted (hnb_monitor.users).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: a save must name the version it started from (services.py).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "workstream"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "period"], name="one_return_per_workstream_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workstream} – {self.period.code}"

    def save(self, *args, **kwargs):
        # Signing off a period locks every figure in it, whoever is writing: the views,
        # the services, the admin and the shell all save through here.
        guard_period(self.period, "its returns are")
        self.rag = self.rag_override or self.suggested_rag
        super().save(*args, **kwargs)

    @property
    def rag_choice(self) -> Rag | None:
        return Rag(self.rag) if self.rag else None

    @property
    def suggested_rag_choice(self) -> Rag | None:
        return Rag(self.suggested_rag) if self.suggested_rag else None

    @property
    def sent_back_comment(self) -> str:
        """What the reviewer asked for, while the return is back with its lead. Once it is
        resubmitted the comment is no longer theirs to act on, but it stays on the record
        and in its history for whoever reviews it next."""
        return self.review_comment if self.status == ReturnStatus.DRAFT else ""
