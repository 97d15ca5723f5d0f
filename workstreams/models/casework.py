"""Preparing for Adulthood transition casework (seed 000, "Annual Reviews": "Casework").

Personal data about young people with EHC plans, so the records hold no names,
addresses or dates of birth: the council's own case reference, a cohort, a pathway, a
status, dates and the responsible team leader. Forum members
see counts only, never a case (hnb_monitor.choices.Capability.VIEW_CASEWORK).
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority
from workstreams.casework import computation
from workstreams.choices import TransitionStatus

# Cases still being worked: they have reviews due and deadlines to meet.
ACTIVE_STATUSES = [TransitionStatus.IDENTIFIED, TransitionStatus.ONGOING]

REFERENCE_HELP = (
    "The case reference from your case-management system, like PFA-0123 or EHC/2023/45. "
    "No names, addresses or dates of birth."
)
NOTES_HELP = (
    "Casework notes for team leaders. Do not enter the young person's name, address, date "
    "of birth or anything else that identifies them: use the case reference."
)


def validate_case_reference(value: str) -> None:
    """A reference, not a person: letters, digits, hyphens and slashes, with a digit.

    Letters alone could be a name ("JohnSmith"); a dd/mm/yyyy pattern could be a date of
    birth. Neither is a case reference.
    """
    if not re.search(r"\d", value):
        raise ValidationError(
            "Case reference must include a number, like PFA-0123: do not enter a name",
            code="no_digit",
        )
    if re.search(r"(^|\D)\d{1,2}[-/.]\d{1,2}[-/.](\d{4}|\d{2})(\D|$)", value):
        raise ValidationError(
            "Case reference must not contain a date: do not enter a date of birth",
            code="date",
        )


class Cohort(models.Model):
    """A group of cases followed together, e.g. "Identified for transition by July 2022"."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="unique_cohort_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Pathway(models.Model):
    """Where a young person is going, e.g. "Social care provision": a list per authority."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="pathways")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="unique_pathway_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TransitionCase(models.Model):
    """One young person's transition to adult services, known by reference only."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="transition_cases"
    )
    reference = models.CharField(
        "Case reference",
        max_length=30,
        help_text=REFERENCE_HELP,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9/-]*$",
                "Case reference must contain only letters, numbers, hyphens and slashes, "
                "with no spaces",
            ),
            validate_case_reference,
        ],
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="cases")
    pathway = models.ForeignKey(
        Pathway,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="Leave blank until a transition pathway is identified",
    )
    status = models.CharField(
        max_length=12, choices=TransitionStatus.choices, default=TransitionStatus.IDENTIFIED
    )
    identified_on = models.DateField("Date identified for transition")
    target_transition_on = models.DateField("Target transition date", null=True, blank=True)
    transitioned_on = models.DateField("Date transitioned", null=True, blank=True)
    post_16_move = models.BooleanField(
        "Moving from secondary school to a post-16 institution",
        default=False,
        help_text="The phase-transfer review is then due by 31 March instead of 15 February",
    )
    phase_transfer_review_on = models.DateField(
        "Phase-transfer review completed", null=True, blank=True
    )
    # A user rather than a team name typed in: filterable without spelling variants, and
    # free text would be one more place for a young person's name to slip in. PROTECT so
    # that a case never silently loses its team leader: reassign before removing a user.
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transition_cases",
        verbose_name="Responsible team leader",
    )
    next_review_on = models.DateField("Next review date", null=True, blank=True)
    notes = models.TextField(blank=True, help_text=NOTES_HELP)
    # Optimistic locking: a save names the version it started from (workstreams.casework.services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="unique_case_reference_per_authority"
            ),
            models.CheckConstraint(
                condition=~Q(status="transitioned") | Q(transitioned_on__isnull=False),
                name="transitioned_case_has_date",
                violation_error_message="A transitioned case needs the date transitioned",
            ),
            models.CheckConstraint(
                condition=Q(transitioned_on__isnull=True)
                | Q(transitioned_on__gte=models.F("identified_on")),
                name="transitioned_not_before_identified",
                violation_error_message=(
                    "Date transitioned must be the same as or after the date identified"
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "status"], name="case_authority_status"),
            models.Index(fields=["authority", "next_review_on"], name="case_authority_review"),
            models.Index(fields=["authority", "transitioned_on"], name="case_authority_moved"),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors = {}
        # The lists are per authority: another authority's cohort or pathway would put a
        # case in the wrong council's figures (the admin offers every authority's).
        for name in ("cohort", "pathway"):
            item = getattr(self, name) if getattr(self, f"{name}_id") else None
            if item is not None and self.authority_id and item.authority_id != self.authority_id:
                errors[name] = f"Choose a {name} of {self.authority}"
        if self.status == TransitionStatus.TRANSITIONED and self.transitioned_on is None:
            errors["transitioned_on"] = "Enter the date transitioned, as the status is Transitioned"
        if self.transitioned_on and self.status != TransitionStatus.TRANSITIONED:
            errors["transitioned_on"] = (
                "Leave the date transitioned blank unless the status is Transitioned"
            )
        elif self.transitioned_on and self.identified_on:
            if self.transitioned_on < self.identified_on:
                errors["transitioned_on"] = (
                    "Date transitioned must be the same as or after the date identified"
                )
            elif self.transitioned_on > timezone.localdate():
                errors["transitioned_on"] = "Date transitioned must be today or in the past"
        if (
            self.target_transition_on
            and self.identified_on
            and self.target_transition_on < self.identified_on
        ):
            errors["target_transition_on"] = (
                "Target transition date must be the same as or after the date identified"
            )
        if (
            self.phase_transfer_review_on
            and self.identified_on
            and self.phase_transfer_review_on < self.identified_on
        ):
            errors["phase_transfer_review_on"] = (
                "Phase-transfer review date must be the same as or after the date identified"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def status_tag_colour(self) -> str:
        return TransitionStatus(self.status).tag_colour

    @property
    def phase_transfer_deadline(self) -> datetime.date | None:
        return computation.phase_transfer_deadline(
            self.target_transition_on, post_16=self.post_16_move
        )

    def review_overdue(self, today: datetime.date) -> bool:
        return self.is_active and self.next_review_on is not None and self.next_review_on < today


class CaseworkSettings(models.Model):
    """An authority's publishing choices for casework counts."""

    authority = models.OneToOneField(
        Authority, on_delete=models.CASCADE, related_name="casework_settings"
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        "Small-number threshold",
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text="Published counts below this are shown as “fewer than” it, for example "
        "“fewer than 5”. Leave blank to publish every count.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "casework settings"

    def __str__(self) -> str:
        return f"Casework settings of {self.authority}"

    @classmethod
    def threshold_for(cls, authority: Authority) -> int | None:
        return (
            cls.objects.filter(authority=authority)
            .values_list("small_number_threshold", flat=True)
            .first()
        )


class EHCPlanIssue(models.Model):
    """An EHC plan issued: the request and issue dates behind the 20-week measure."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="ehc_plans")
    reference = models.CharField(
        "Case reference",
        max_length=30,
        help_text=REFERENCE_HELP,
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9/-]*$", "Letters, numbers, hyphens, slashes"),
            validate_case_reference,
        ],
    )
    requested_on = models.DateField("Date of the request for assessment")
    issued_on = models.DateField("Date the final plan was issued")
    exception = models.BooleanField(
        "Exception case",
        default=False,
        help_text="The 20-week limit did not apply (SEND Regulations 2014, reg. 13(3))",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "issued_on", "reference"]
        verbose_name = "EHC plan issued"
        verbose_name_plural = "EHC plans issued"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="unique_ehc_plan_reference_per_authority"
            ),
            models.CheckConstraint(
                condition=Q(issued_on__gte=models.F("requested_on")),
                name="ehc_plan_issued_after_request",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def within_twenty_weeks(self) -> bool:
        return computation.within_twenty_weeks(self.requested_on, self.issued_on)


class CaseRedaction(models.Model):
    """Notes taken out of a case's change history because they held personal details.

    The historical rows that held the text now hold `shown` instead, so the history still
    says that the notes changed, and who removed what they said, when and why.
    """

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="case_redactions"
    )
    # Kept by reference too: a case deleted later keeps its redactions on record.
    case = models.ForeignKey(
        TransitionCase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="redactions",
    )
    reference = models.CharField("Case reference", max_length=30)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    redacted_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)
    shown = models.CharField("Shown in place of the notes", max_length=400)

    class Meta:
        ordering = ["authority", "-redacted_at"]

    def __str__(self) -> str:
        return self.shown


class CaseDeletion(models.Model):
    """The record that a case was deleted: its reference, who, when and why. Nothing of
    what the case said is kept (its history's notes are cleared)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="case_deletions"
    )
    reference = models.CharField("Case reference", max_length=30)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["authority", "-deleted_at"]

    def __str__(self) -> str:
        return f"{self.reference} deleted"


class DemoNotice(models.Model):
    """Says on a page that some of what it shows was made up for the demo.

    The demo loader adds these where the council's papers give only totals and the demo
    fills in the rest; real data has none, so the pages then show nothing. Without a
    workstream, the notice is the casework summary's.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="demo_notices")
    workstream = models.ForeignKey(
        "workstreams.Workstream",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="demo_notices",
    )
    text = models.TextField()

    class Meta:
        ordering = ["authority", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
