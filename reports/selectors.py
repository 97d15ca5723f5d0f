"""The papers' pages, read once each, for an audience: the Schools Forum sees published
versions only; staff see drafts, the quarters still without a paper, and the history."""

import datetime
import json
from dataclasses import dataclass

from django.db.models.functions import Length

from hnb_monitor import plain
from hnb_monitor.choices import Audience, PeriodStatus
from hnb_monitor.history import Change, changes_of, user_name
from hnb_monitor.models import Authority, ReportingPeriod
from reports.models import Paper, PublishedPaper
from reports.paper import FrontMatter, front_matter_of


@dataclass(frozen=True)
class Version:
    number: int
    title: str
    published_on: datetime.datetime
    published_by: str
    reason: str
    exempt: bool
    pdf_size: int
    page_count: int
    sha256: str


@dataclass(frozen=True)
class PaperRow:
    period_code: str
    period_label: str
    title: str  # blank when not started
    stage: str  # "published", "draft" or "not started"
    exempt: bool
    latest: Version | None


@dataclass(frozen=True)
class PaperList:
    rows: tuple[PaperRow, ...]


@dataclass(frozen=True)
class PaperPage:
    period_code: str
    period_label: str
    period_status: str
    # The words as the audience may read them: the draft's for staff, else the latest
    # published version's as it was published.
    front: FrontMatter | None
    versions: tuple[Version, ...]
    changes: tuple[Change, ...]


VERSION_FIELDS = [
    "id",
    "paper_id",
    "number",
    "title",
    "published_at",
    "published_by",
    "reason",
    "exempt",
    "sha256",
    "page_count",
]

PUBLISHER_FIELDS = ["published_by__username", "published_by__first_name", "published_by__last_name"]


def versions_of(papers) -> dict[int, list[Version]]:
    """Each paper's versions, newest first, without loading their documents (but for
    their size, which the database measures)."""
    found: dict[int, list[Version]] = {}
    rows = (
        PublishedPaper.objects.filter(paper__in=papers)
        .select_related("published_by")
        .only(*VERSION_FIELDS, *PUBLISHER_FIELDS)
        .annotate(size=Length("pdf"))
        .order_by("paper_id", "-number")
    )
    for row in rows:
        found.setdefault(row.paper_id, []).append(
            Version(
                number=row.number,
                title=row.title,
                published_on=row.published_at,
                published_by=user_name(row.published_by),
                reason=row.reason,
                exempt=row.exempt,
                pdf_size=row.size,
                page_count=row.page_count,
                sha256=row.sha256,
            )
        )
    return found


def paper_list(*, authority: Authority, audience: Audience) -> PaperList:
    """Newest quarter first. Staff also see the signed-off quarters still without one."""
    papers = list(
        Paper.objects.filter(authority=authority).select_related("period__financial_year")
    )
    versions = versions_of(papers)
    rows = {}
    for paper in papers:
        latest = versions.get(paper.pk, [None])[0]
        if latest is None and not audience.sees_drafts:
            continue
        rows[paper.period_id] = (
            paper.period,
            PaperRow(
                period_code=paper.period.code,
                period_label=paper.period.label,
                title=latest.title if latest and not audience.sees_drafts else paper.title,
                stage="published" if latest else "draft",
                exempt=latest.exempt if latest else paper.exempt,
                latest=latest,
            ),
        )
    if audience.sees_drafts:
        waiting = ReportingPeriod.objects.filter(
            authority=authority, status=PeriodStatus.SIGNED_OFF
        ).exclude(pk__in=rows.keys())
        for period in waiting.select_related("financial_year"):
            rows[period.pk] = (
                period,
                PaperRow(period.code, period.label, "", "not started", False, None),
            )
    ordered = sorted(
        rows.values(),
        key=lambda pair: (pair[0].financial_year.start_year, pair[0].quarter),
        reverse=True,
    )
    return PaperList(rows=tuple(row for _, row in ordered))


def paper_page(*, period: ReportingPeriod, audience: Audience) -> PaperPage | None:
    """A quarter's paper as the audience may read it; None if there is nothing they may
    see (no paper, or, for the Forum, a paper not yet published)."""
    paper = Paper.objects.filter(period=period).first()
    versions = versions_of([paper]).get(paper.pk, []) if paper else []
    if paper is None or not (versions or audience.sees_drafts):
        return None
    if audience.sees_drafts:
        front = front_matter_of(paper)
        history = paper.history.select_related("history_user").order_by("history_date")
        changes = tuple(reversed(changes_of(history, lambda record: "Front matter")))
    else:
        front = published_front_matter(paper)
        changes = ()
    return PaperPage(
        period_code=period.code,
        period_label=period.label,
        period_status=period.status,
        front=front,
        versions=tuple(versions),
        changes=changes,
    )


def published_front_matter(paper: Paper) -> FrontMatter:
    stored = paper.versions.only("reads_json").first().reads_json
    return plain.from_plain(FrontMatter, json.loads(stored)["front"])


def public_papers(*, authority: Authority) -> PaperList:
    """What anyone may read without signing in: each paper's latest version that is not
    exempt, newest quarter first."""
    papers = list(
        Paper.objects.filter(authority=authority, versions__exempt=False)
        .distinct()
        .select_related("period__financial_year")
        .order_by("-period__financial_year__start_year", "-period__quarter")
    )
    versions = versions_of(papers)
    rows = []
    for paper in papers:
        latest = next(version for version in versions[paper.pk] if not version.exempt)
        period = paper.period
        rows.append(PaperRow(period.code, period.label, latest.title, "published", False, latest))
    return PaperList(rows=tuple(rows))
