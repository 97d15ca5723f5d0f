"""Tenants (authorities), the financial calendar, and who may do what where."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.choices import (
    ROLE_CAPABILITIES,
    Audience,
    Capability,
    MissingReturns,
    PeriodStatus,
    Quarter,
    Role,
)


class Authority(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    la_code = models.CharField(
        "DfE LA code",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "A DfE LA code is three digits, like 205.")],
    )
    # Separation of duties: by default whoever submits a return may not approve it.
    allow_self_approval = models.BooleanField(
        "Allow a return's submitter to approve it",
        default=False,
        help_text="For a small finance team; each such approval says so in the history",
    )
    # Councils publish Forum papers on their websites; off until the authority chooses.
    publish_papers_publicly = models.BooleanField(
        "Publish Schools Forum papers on a public web page",
        default=False,
        help_text="Published papers that are not exempt can then be read without signing in",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class FinancialYear(models.Model):
    """April to March; 2023 is the year written 2023/24."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def code(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


class ReportingPeriodQuerySet(models.QuerySet):
    def with_code(self, code: str) -> "ReportingPeriodQuerySet":
        """Filter by a code like 2023-24-Q1; an ill-formed code matches nothing."""
        start_year, quarter = parse_period_code(code)
        if start_year is None:
            return self.none()
        return self.filter(financial_year__start_year=start_year, quarter=quarter)


def parse_period_code(code: str) -> tuple[int | None, int | None]:
    try:
        years, quarter = code.split("-Q")
        start, end = years.split("-")
        start_year, quarter_number = int(start), int(quarter)
    except ValueError:
        return None, None
    if len(start) != 4 or f"{(start_year + 1) % 100:02d}" != end or not 1 <= quarter_number <= 4:
        return None, None
    return start_year, quarter_number


class ReportingPeriod(models.Model):
    """One authority's quarter: open, then signed off (locked), then published."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="periods")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    status = models.CharField(max_length=20, choices=PeriodStatus.choices, default="open")
    # Recorded at sign-off: what the quarter's figures do for workstreams with no approved
    # return. Blank while open, or when every workstream had one.
    missing_returns = models.CharField(
        "Workstreams without an approved return",
        max_length=20,
        choices=MissingReturns.choices,
        blank=True,
    )
    # Reopening reasons run long; keep them whole (services.reopen_period).
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["authority", "financial_year__start_year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "financial_year", "quarter"],
                name="one_period_per_authority_quarter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.code}"

    @property
    def code(self) -> str:
        return f"{self.financial_year.code}-Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.financial_year.label}"

    @property
    def is_locked(self) -> bool:
        return self.status != PeriodStatus.OPEN


class Membership(models.Model):
    """A user's role in one authority. No membership, no access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    # A Forum member may be entitled to Part 2 papers (a voting member, say); staff
    # roles see exempt items anyway.
    sees_exempt_items = models.BooleanField(
        "Sees exempt (Part 2) meeting items",
        default=False,
        help_text="For a Schools Forum member entitled to papers taken in private",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="one_role_per_authority")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.authority}"

    def can(self, capability: str) -> bool:
        if capability == Capability.VIEW_EXEMPT and self.sees_exempt_items:
            return True
        return capability in ROLE_CAPABILITIES[self.role]

    @property
    def audience(self) -> Audience:
        """The one place a role becomes an audience for the page-level reads."""
        return Audience.STAFF if self.can(Capability.VIEW_DRAFTS) else Audience.FORUM
