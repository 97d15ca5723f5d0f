"""The Schools Forum paper of a quarter: words people write, and frozen published versions.

A draft paper stores only its front matter; its figures are read afresh from the
page-level reads each time it is previewed. Publishing keeps what was printed: the
reads as JSON, the HTML and the PDF, byte for byte, so the Forum downloads the same
document for ever, whatever changes afterwards.
"""

import hashlib

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority, ReportingPeriod

# Long enough for any paper seen in the seeds several times over, short enough that a
# pasted document does not become the front page.
SHORT_TEXT = 200
LONG_TEXT = 10_000


class Paper(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="papers")
    period = models.OneToOneField(ReportingPeriod, on_delete=models.PROTECT, related_name="paper")
    meeting_name = models.CharField("Meeting", max_length=SHORT_TEXT, default="Schools Forum")
    meeting_date = models.DateField("Meeting date", null=True, blank=True)
    title = models.CharField(max_length=SHORT_TEXT)
    classification = models.CharField(
        max_length=SHORT_TEXT, default="For Scrutiny Review & Comment"
    )
    exempt = models.BooleanField(
        "Exempt (not for publication)",
        default=False,
        help_text="An exempt paper is never published on the public web page",
    )
    key_decision = models.BooleanField("Key decision", default=False)
    wards_affected = models.CharField("Wards affected", max_length=SHORT_TEXT, default="All Wards")
    accountable_director = models.CharField(
        "Accountable director", max_length=SHORT_TEXT, blank=True
    )
    authors = models.TextField("Report authors", blank=True, max_length=LONG_TEXT)
    purpose = models.TextField("Purpose of the report", blank=True, max_length=LONG_TEXT)
    recommendations = models.TextField(blank=True, max_length=LONG_TEXT)
    executive_summary = models.TextField("Executive summary", blank=True, max_length=LONG_TEXT)
    decisions_required = models.TextField("Decisions required", blank=True, max_length=LONG_TEXT)
    # Optimistic concurrency: two people editing the front matter at once.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["authority", "-period__financial_year__start_year", "-period__quarter"]

    def __str__(self) -> str:
        return f"{self.authority} {self.period.label}: {self.title}"


class PublishedPaper(models.Model):
    """One published version of a paper. Never changed once written: a correction is a
    new version with its reason."""

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=SHORT_TEXT)
    reason = models.TextField("Reason for the correction", blank=True, max_length=LONG_TEXT)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    exempt = models.BooleanField()
    # Text, not a JSON column: PostgreSQL's jsonb reorders keys and refuses \u0000.
    reads_json = models.TextField()
    html = models.BinaryField()
    pdf = models.BinaryField()
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    page_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="one_paper_version_number")
        ]
        get_latest_by = "number"

    def __str__(self) -> str:
        return f"{self.paper} (version {self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published paper is a frozen record: publish a correction")
        self.pdf = bytes(self.pdf)
        self.html = bytes(self.html)
        self.sha256 = hashlib.sha256(self.pdf).hexdigest()
        super().save(*args, **kwargs)

    @property
    def pdf_size(self) -> int:
        return len(self.pdf)


class SubmittedReturn(models.Model):
    """The monitoring return as it was sent to the DfE with a report: never changed."""

    submission = models.OneToOneField(
        "forecasts.Submission", on_delete=models.PROTECT, related_name="kept_return"
    )
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reads_json = models.TextField()
    html = models.BinaryField()
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    pdf_sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    xlsx_sha256 = models.CharField("SHA-256 of the workbook", max_length=64)

    def __str__(self) -> str:
        return f"Return kept with {self.submission}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A submitted return is a frozen record")
        self.pdf, self.xlsx, self.html = bytes(self.pdf), bytes(self.xlsx), bytes(self.html)
        self.pdf_sha256 = hashlib.sha256(self.pdf).hexdigest()
        self.xlsx_sha256 = hashlib.sha256(self.xlsx).hexdigest()
        super().save(*args, **kwargs)
