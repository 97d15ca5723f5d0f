"""Which reporting periods an audience may see, and their order."""

from dataclasses import dataclass

from django.db.models import QuerySet

from hnb_monitor.choices import Audience, PeriodStatus
from hnb_monitor.models import Authority, ReportingPeriod


def period_key(period: ReportingPeriod) -> tuple[int, int]:
    """Periods sort by financial year, then quarter."""
    return (period.financial_year.start_year, period.quarter)


def visible_periods(authority: Authority, audience: Audience) -> QuerySet[ReportingPeriod]:
    """The authority's periods, oldest first; the Forum sees signed-off and published ones."""
    periods = ReportingPeriod.objects.filter(authority=authority).select_related(
        "financial_year", "authority"
    )
    if not audience.sees_drafts:
        periods = periods.exclude(status=PeriodStatus.OPEN)
    return periods.order_by("financial_year__start_year", "quarter")


def latest_open_period(authority: Authority) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(authority=authority, status=PeriodStatus.OPEN)
        .select_related("financial_year", "authority")
        .order_by("-financial_year__start_year", "-quarter")
        .first()
    )


@dataclass(frozen=True)
class PeriodRef:
    """A reporting period as a page shows it: plain values a published paper can keep."""

    code: str
    label: str
    year_label: str
    start_year: int
    quarter: int
    status: PeriodStatus

    @property
    def is_locked(self) -> bool:
        return self.status != PeriodStatus.OPEN

    def get_status_display(self) -> str:
        # Named as the model's, so the shared status tag reads either.
        return self.status.label

    @property
    def key(self) -> tuple[int, int]:
        return (self.start_year, self.quarter)


def period_ref(period: ReportingPeriod) -> PeriodRef:
    return PeriodRef(
        code=period.code,
        label=period.label,
        year_label=period.financial_year.label,
        start_year=period.financial_year.start_year,
        quarter=period.quarter,
        status=PeriodStatus(period.status),
    )


def next_quarter(period: ReportingPeriod | None) -> tuple[int, int] | None:
    """(start year, quarter) of the quarter after `period`; None without one."""
    if period is None:
        return None
    if period.quarter == 4:
        return period.financial_year.start_year + 1, 1
    return period.financial_year.start_year, period.quarter + 1


def latest_period(authority: Authority) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(authority=authority)
        .select_related("financial_year", "authority")
        .order_by("-financial_year__start_year", "-quarter")
        .first()
    )


def quarter_label(start_year: int, quarter: int) -> str:
    return f"Q{quarter} {start_year}/{(start_year + 1) % 100:02d}"
