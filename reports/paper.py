"""What the quarterly Schools Forum paper prints, read once as plain values.

The paper is assembled from the same page-level reads the Schools Forum sees on screen,
so it can never show a figure the forum could not see there: approved figures of
signed-off quarters only. PaperContent is plain (hnb_monitor.plain), so a published
paper can keep it as JSON and print the same paper again.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from forecasts.selectors import ForecastNotVisible, ForecastOverview, forecast_overview
from hnb_monitor.choices import Audience, PeriodStatus
from hnb_monitor.models import Authority, ReportingPeriod
from workstreams.casework.selectors import CaseworkSummary, casework_summary
from workstreams.selectors import (
    Dashboard,
    RiskRegister,
    Timeline,
    dashboard,
    milestone_timeline,
    risk_register,
)

AUDIENCE = Audience.FORUM


class PaperNotReady(LookupError):
    """No paper for that quarter: it is still open, or it has no forecast the Schools
    Forum may see."""


@dataclass(frozen=True)
class PaperContent:
    authority_name: str
    authority_slug: str
    period_code: str
    period_label: str  # "Q1 2023/24"
    prepared_on: datetime.date
    forecast: ForecastOverview
    dashboard: Dashboard
    risks: RiskRegister
    timeline: Timeline
    casework: CaseworkSummary


def paper_content(
    *, authority: Authority, period: ReportingPeriod, today: datetime.date | None = None
) -> PaperContent:
    """Every read the paper needs, as the Schools Forum reads it."""
    if period.authority_id != authority.pk:
        raise PaperNotReady(f"{period.code} is not a reporting period of {authority.name}")
    if period.status == PeriodStatus.OPEN:
        raise PaperNotReady(
            f"{period.label} is still open: the Schools Forum paper is for signed-off "
            "quarters only. Sign the quarter off first."
        )
    today = today or timezone.localdate()
    try:
        forecast = forecast_overview(authority=authority, period=period.code, audience=AUDIENCE)
    except ForecastNotVisible as error:
        raise PaperNotReady(f"{authority.name} has no forecast for {period.label}") from error
    return PaperContent(
        authority_name=authority.name,
        authority_slug=authority.slug,
        period_code=period.code,
        period_label=period.label,
        prepared_on=today,
        forecast=forecast,
        dashboard=dashboard(authority=authority, period=period, audience=AUDIENCE),
        risks=risk_register(authority=authority, audience=AUDIENCE),
        timeline=milestone_timeline(authority=authority, audience=AUDIENCE),
        casework=casework_summary(authority=authority, audience=AUDIENCE, today=today),
    )
