"""Which reporting periods an audience may see, and their order."""

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
