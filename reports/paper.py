"""What the quarterly Schools Forum paper prints, read once as plain values.

The paper is assembled from the same page-level reads the Schools Forum sees on screen,
so it can never show a figure the forum could not see there: approved figures of
signed-off quarters only. PaperContent is plain (hnb_monitor.plain), so a published
paper can keep it as JSON and print the same paper again.
"""

import datetime
import re
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
    WorkstreamMeasures,
    dashboard,
    milestone_timeline,
    risk_register,
    workstream_measures,
)

AUDIENCE = Audience.FORUM


class PaperNotReady(LookupError):
    """No paper for that quarter: it is still open, or it has no forecast the Schools
    Forum may see."""


@dataclass(frozen=True)
class Author:
    name: str
    post: str


@dataclass(frozen=True)
class FrontMatter:
    """What people write on the paper's first pages, as the paper prints it."""

    meeting_name: str
    meeting_date: datetime.date | None
    title: str
    classification: str
    exempt: bool
    key_decision: bool
    wards_affected: str
    accountable_director: str
    authors: tuple[Author, ...]
    purpose: tuple[str, ...]  # paragraphs
    recommendations: tuple[str, ...]  # numbered in print
    executive_summary: tuple[str, ...]
    decisions_required: tuple[str, ...]


# "Peter Haylock – Operational Director": a dash or a comma between name and post.
AUTHOR_SEPARATOR = re.compile(r"\s+[–—-]\s+|,\s*")
# "1. Schools Forum to note…": the paper numbers recommendations itself.
LIST_NUMBER = re.compile(r"^\s*(?:\d+[.)]|[-•*])\s*")


def lines_of(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def paragraphs_of(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by a blank line; single line breaks stay within one."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return tuple(" ".join(lines_of(block)) for block in blocks if block.strip())


def numbered(text: str) -> tuple[str, ...]:
    return tuple(LIST_NUMBER.sub("", line) for line in lines_of(text))


def author_of(line: str) -> Author:
    name, *post = AUTHOR_SEPARATOR.split(line, maxsplit=1)
    return Author(name=name.strip(), post=post[0].strip() if post else "")


def front_matter_of(paper) -> FrontMatter:
    return FrontMatter(
        meeting_name=paper.meeting_name,
        meeting_date=paper.meeting_date,
        title=paper.title,
        classification=paper.classification,
        exempt=paper.exempt,
        key_decision=paper.key_decision,
        wards_affected=paper.wards_affected,
        accountable_director=paper.accountable_director,
        authors=tuple(author_of(line) for line in lines_of(paper.authors)),
        purpose=paragraphs_of(paper.purpose),
        recommendations=numbered(paper.recommendations),
        executive_summary=paragraphs_of(paper.executive_summary),
        decisions_required=numbered(paper.decisions_required),
    )


@dataclass(frozen=True)
class PaperContent:
    authority_name: str
    authority_slug: str
    period_code: str
    period_label: str  # "Q1 2023/24"
    prepared_on: datetime.date
    front: FrontMatter
    forecast: ForecastOverview
    dashboard: Dashboard
    measures: tuple[WorkstreamMeasures, ...]
    risks: RiskRegister
    timeline: Timeline
    casework: CaseworkSummary


def paper_content(
    *,
    authority: Authority,
    period: ReportingPeriod,
    front: FrontMatter,
    today: datetime.date | None = None,
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
        front=front,
        forecast=forecast,
        dashboard=dashboard(authority=authority, period=period, audience=AUDIENCE),
        measures=workstream_measures(authority=authority, audience=AUDIENCE),
        risks=risk_register(authority=authority, audience=AUDIENCE),
        timeline=milestone_timeline(authority=authority, audience=AUDIENCE, today=today),
        casework=casework_summary(authority=authority, audience=AUDIENCE, today=today),
    )
