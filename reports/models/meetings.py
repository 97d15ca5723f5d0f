"""The Schools Forum's meetings: agenda, attendance, minutes, resolutions and actions,
the agenda pack as published, and the members who follow an authority's meetings.

A meeting's minutes are agreed at the next meeting; from then on they are a record
that does not change, and a correction is a decision recorded at a later meeting.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority
from reports.choices import (
    ActionStatus,
    AnsweringPage,
    Attendance,
    ItemKind,
    MeetingStatus,
    MemberCategory,
    Purpose,
)
from reports.models.papers import LONG_TEXT, SHORT_TEXT, Paper

# A Forum paper of a hundred pages with pictures is a few MB; this leaves room for
# scanned appendices without letting one upload fill the database.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class ForumRules(models.Model):
    """How an authority's Forum decides whether a meeting is quorate."""

    authority = models.OneToOneField(
        Authority, on_delete=models.CASCADE, related_name="forum_rules"
    )
    # The Schools Forums (England) Regulations: a meeting is quorate when at least 40%
    # of the voting membership is present. A constitution may ask for more.
    quorum_percent = models.PositiveSmallIntegerField(
        "Quorum (% of voting members present)",
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name_plural = "forum rules"

    def __str__(self) -> str:
        return f"{self.authority}: quorate at {self.quorum_percent}% of voting members"


class Meeting(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="meetings")
    name = models.CharField(max_length=SHORT_TEXT, default="Schools Forum")
    starts_at = models.DateTimeField("Date and time")
    ends_at = models.DateTimeField("Meeting ended", null=True, blank=True)
    remote = models.BooleanField("Held remotely", default=False)
    venue = models.CharField(max_length=SHORT_TEXT, blank=True)
    observer_contact = models.CharField(
        "Contact for observers",
        max_length=SHORT_TEXT,
        blank=True,
        help_text="Who to contact to observe the meeting, like an e-mail address",
    )
    chair = models.CharField(max_length=SHORT_TEXT, blank=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    opening_remarks = models.TextField("Before the first item", blank=True, max_length=LONG_TEXT)
    # The later meeting at which these minutes were agreed as a correct record.
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
    )
    minutes_approved_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["authority", "-starts_at"]
        indexes = [models.Index(fields=["authority", "starts_at"], name="meeting_by_date")]

    def __str__(self) -> str:
        return f"{self.name}, {self.day:%-d %B %Y}"

    @property
    def day(self) -> datetime.date:
        """The meeting's day where the Forum meets (UK time), not in UTC: a meeting at
        00:30 in summer is stored on the day before."""
        return timezone.localtime(self.starts_at).date()

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at_id is not None


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=SHORT_TEXT)
    organisation = models.CharField(max_length=SHORT_TEXT, blank=True)
    category = models.CharField(max_length=24, choices=MemberCategory.choices)
    attendance = models.CharField(
        max_length=12, choices=Attendance.choices, default=Attendance.PRESENT
    )
    note = models.CharField(
        max_length=SHORT_TEXT, blank=True, help_text="Like “arrived at 2.30 pm”"
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=SHORT_TEXT)
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.BUSINESS)
    summary = models.TextField("What the item is about", blank=True, max_length=LONG_TEXT)
    presenter = models.CharField(max_length=SHORT_TEXT, blank=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices, blank=True)
    # The item's report: a paper of this system (its latest published version goes in
    # the pack) or a PDF uploaded for it, or neither.
    paper = models.ForeignKey(
        Paper, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    document = models.BinaryField(null=True, blank=True)
    document_name = models.CharField(max_length=SHORT_TEXT, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_pages = models.PositiveIntegerField(null=True, blank=True)
    exempt = models.BooleanField(
        "Exempt (Part 2)",
        default=False,
        help_text="Taken in private: only those allowed see it, and the public pack leaves it out",
    )
    minutes = models.TextField(blank=True, max_length=LONG_TEXT)
    history = HistoricalRecords(excluded_fields=["document"])

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_item_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def has_report(self) -> bool:
        return self.paper_id is not None or bool(self.document_name)


class Resolution(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField("What was decided", max_length=LONG_TEXT)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def votes_recorded(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.abstentions))


class Action(models.Model):
    """An action the Forum asked for. It stays on every later agenda's action log until
    it is done or dropped."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(max_length=LONG_TEXT)
    owner = models.CharField(max_length=SHORT_TEXT)
    due_on = models.DateField("Due", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_note = models.TextField("Note", blank=True, max_length=LONG_TEXT)
    answered_by = models.CharField(
        "Answered by the page",
        max_length=24,
        choices=AnsweringPage.choices,
        blank=True,
    )
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__meeting__starts_at", "item__number", "pk"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.description[:60]}"


class MinutesCorrection(models.Model):
    """Approved minutes do not change: a correction is recorded beside them, with the
    later meeting that decided it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="corrections")
    decided_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="corrections_decided"
    )
    text = models.TextField("The correction", max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "recorded_at"]

    def __str__(self) -> str:
        return f"Correction to the minutes of {self.meeting}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A recorded correction is not changed: record another")
        super().save(*args, **kwargs)


class AgendaPack(models.Model):
    """One published version of a meeting's agenda pack, kept as printed. The public
    pack is the same pack without exempt items (empty when the whole pack is exempt)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.TextField(blank=True, max_length=LONG_TEXT)
    # Text, not a JSON column, as for the paper: the agenda with its computed pages.
    contents_json = models.TextField()
    public_contents_json = models.TextField()
    pdf = models.BinaryField()
    public_pdf = models.BinaryField()
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    page_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_pack_version_number")
        ]

    def __str__(self) -> str:
        return f"Agenda pack of {self.meeting} (version {self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published agenda pack is a frozen record: publish another")
        self.pdf, self.public_pdf = bytes(self.pdf), bytes(self.public_pdf)
        self.sha256 = hashlib.sha256(self.pdf).hexdigest()
        super().save(*args, **kwargs)


class Follow(models.Model):
    """A member who wants an e-mail when an authority's agenda or paper is published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="followers")
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="one_follow_per_authority")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.authority}"


class Alert(models.Model):
    """An e-mail waiting to be sent, written in the same transaction as what it
    announces, so that nothing is announced that did not happen and nothing that
    happened goes unannounced if the mail server is down."""

    recipient = models.EmailField()
    subject = models.CharField(max_length=SHORT_TEXT)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=SHORT_TEXT, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at"], name="alert_unsent")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient}"
