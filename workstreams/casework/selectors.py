"""Reads of Preparing for Adulthood casework, each in a fixed number of queries.

The summary counts in the database (grouped) and never loads the cases, and returns
plain frozen dataclasses (a Schools Forum paper can store it); the lists are querysets
that django-tables2 pages through, the tracking list's of plain rows, as it is also
printed whole. Neither grows in queries with the number of cases
(tests/casework/test_query_counts.py).
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from hnb_monitor.choices import Audience, Role
from hnb_monitor.history import Change, changes_of, user_name
from hnb_monitor.models import Authority
from workstreams.casework import computation
from workstreams.casework.computation import Cell, Disclosure, Matrix
from workstreams.choices import TransitionStatus
from workstreams.models import (
    CaseRedaction,
    CaseworkSettings,
    Cohort,
    DemoNotice,
    EHCPlanIssue,
    Pathway,
    TransitionCase,
)
from workstreams.models.casework import ACTIVE_STATUSES

# Phase-transfer deadlines this close, without a review, put a case at risk.
DEFAULT_WARNING_WEEKS = 12
TRACKING_WEEKS = 4
STATUS_ORDER = [
    TransitionStatus.IDENTIFIED,
    TransitionStatus.ONGOING,
    TransitionStatus.TRANSITIONED,
    TransitionStatus.CEASED,
]


def cases(authority: Authority) -> QuerySet[TransitionCase]:
    return TransitionCase.objects.filter(authority=authority).select_related(
        "cohort", "pathway", "team_leader"
    )


def overdue_review(today: datetime.date) -> Q:
    return Q(status__in=ACTIVE_STATUSES, next_review_on__lt=today)


def past_target(today: datetime.date) -> Q:
    return Q(status__in=ACTIVE_STATUSES, target_transition_on__lt=today)


def deadline_by(horizon: datetime.date) -> Q:
    """Open cases without a phase-transfer review whose deadline is on or before `horizon`."""
    return Q(
        status__in=ACTIVE_STATUSES,
        phase_transfer_review_on__isnull=True,
        target_transition_on__isnull=False,
    ) & (
        Q(
            post_16_move=False,
            target_transition_on__year__lte=computation.last_year_with_deadline_by(
                horizon, post_16=False
            ),
        )
        | Q(
            post_16_move=True,
            target_transition_on__year__lte=computation.last_year_with_deadline_by(
                horizon, post_16=True
            ),
        )
    )


def demo_notices(authority: Authority, workstream=None) -> list[str]:
    """What the demo made up, to say on the casework summary (or a workstream's page)."""
    return list(
        DemoNotice.objects.filter(authority=authority, workstream=workstream).values_list(
            "text", flat=True
        )
    )


def team_leaders(authority: Authority) -> QuerySet:
    """Who may hold a case: the authority's members other than Schools Forum members."""
    return (
        get_user_model()
        .objects.filter(
            memberships__authority=authority,
            memberships__role__in=[Role.OFFICER, Role.FINANCE, Role.PROGRAMME_LEAD],
        )
        .order_by("first_name", "last_name", "username")
    )


def team_leader_name(user) -> str:
    return user_name(user) if user else "Not assigned"


@dataclass(frozen=True)
class PublishedCount:
    """A count as the summary publishes it. A withheld count has no `count`, so that a
    stored copy of the summary cannot give it away either; it is `small` when it is below
    the threshold (shown as "fewer than" it), else withheld to protect another count."""

    count: int | None
    hidden: bool = False
    small: bool = False

    @classmethod
    def of(cls, cell: Cell) -> "PublishedCount":
        if cell.hidden:
            return cls(None, hidden=True, small=cell.small)
        return cls(cell.count)


@dataclass(frozen=True)
class StatusRow:
    label: str
    cells: tuple[PublishedCount, ...]  # one per status, in STATUS_ORDER
    total: PublishedCount


@dataclass(frozen=True)
class StatusTable:
    """Cases by cohort or by pathway (rows) and status (columns), with the totals."""

    columns: tuple[str, ...]
    rows: tuple[StatusRow, ...]
    totals: tuple[PublishedCount, ...]
    grand_total: PublishedCount

    @classmethod
    def of(cls, matrix: Matrix) -> "StatusTable":
        return cls(
            columns=tuple(matrix.columns),
            rows=tuple(
                StatusRow(
                    row.label,
                    tuple(PublishedCount.of(cell) for cell in row.cells),
                    PublishedCount.of(row.total),
                )
                for row in matrix.rows
            ),
            totals=tuple(PublishedCount.of(cell) for cell in matrix.totals),
            grand_total=PublishedCount.of(matrix.grand_total),
        )


@dataclass(frozen=True)
class TransitionMonth:
    month: datetime.date
    count: PublishedCount


@dataclass(frozen=True)
class TimelinessYear:
    """EHC plans issued in a calendar year and within 20 weeks, with and without exception
    cases; a rate is None when one of its counts is withheld (or nothing was issued)."""

    label: str
    issued: PublishedCount
    within: PublishedCount
    rate: Decimal | None
    issued_excluding_exceptions: PublishedCount
    within_excluding_exceptions: PublishedCount
    rate_excluding_exceptions: Decimal | None


@dataclass(frozen=True)
class CaseworkSummary:
    """Every figure of the casework summary page, as published."""

    threshold: int | None
    today: datetime.date
    warning_weeks: int
    by_cohort: StatusTable
    by_pathway: StatusTable
    months: tuple[TransitionMonth, ...]
    earlier: PublishedCount | None  # transitions before the first month shown, if any
    transitioned: PublishedCount
    past_target: PublishedCount
    deadline_passed: PublishedCount
    deadline_at_risk: PublishedCount
    timeliness: tuple[TimelinessYear, ...]


def casework_summary(
    *,
    authority: Authority,
    audience: Audience,
    today: datetime.date,
    warning_weeks: int = DEFAULT_WARNING_WEEKS,
) -> CaseworkSummary:
    """Every figure the casework summary page shows, small numbers suppressed together.

    The same for both audiences: the summary is counts only, suppressed by the
    authority's threshold for staff and the Schools Forum alike, and holds no case and
    nothing in draft. Case rows are read by the staff-only pages (`cases`,
    `due_for_review`, `at_risk_cases`).
    """
    threshold = CaseworkSettings.threshold_for(authority)
    published = Disclosure()
    groups = case_groups(authority, today=today, warning_weeks=warning_weeks)
    by_cohort, by_pathway = status_matrices(authority, published, groups)
    months, earlier, transitioned = transition_months(authority, published)
    past_target, passed, at_risk = deadline_counts(published, groups)
    years = [timeliness_cells(published, line) for line in timeliness(authority)]
    published.apply(threshold)
    return CaseworkSummary(
        threshold=threshold,
        today=today,
        warning_weeks=warning_weeks,
        by_cohort=StatusTable.of(by_cohort),
        by_pathway=StatusTable.of(by_pathway),
        months=tuple(TransitionMonth(month, PublishedCount.of(cell)) for month, cell in months),
        earlier=PublishedCount.of(earlier) if earlier is not None else None,
        transitioned=PublishedCount.of(transitioned),
        past_target=PublishedCount.of(past_target),
        deadline_passed=PublishedCount.of(passed),
        deadline_at_risk=PublishedCount.of(at_risk),
        timeliness=tuple(timeliness_year(*year) for year in years),
    )


def case_groups(authority: Authority, *, today: datetime.date, warning_weeks: int) -> list[dict]:
    """The authority's cases counted in one pass, by cohort, pathway and status: how many
    (`n`), and of those how many are open past their target date (`past_target`), past
    their phase-transfer deadline without a review (`passed`) or will be within the
    warning period (`due`, the passed included). However many the cases, the groups are
    at most cohorts × (pathways + 1) × statuses."""
    warning = datetime.timedelta(weeks=warning_weeks)
    return list(
        TransitionCase.objects.filter(authority=authority)
        .values("cohort_id", "pathway_id", "status")
        .annotate(
            n=Count("id"),
            past_target=Count("id", filter=past_target(today)),
            passed=Count("id", filter=deadline_by(today - datetime.timedelta(days=1))),
            due=Count("id", filter=deadline_by(today + warning)),
        )
        .order_by()
    )


def status_matrices(
    authority: Authority, published: Disclosure, groups: list[dict]
) -> tuple[Matrix, Matrix]:
    """Cases by cohort and by pathway, against status, from the case groups."""
    cohorts = list(Cohort.objects.filter(authority=authority))
    pathways = list(Pathway.objects.filter(authority=authority))
    column = {status.value: c for c, status in enumerate(STATUS_ORDER)}
    cohort_row = {cohort.id: r for r, cohort in enumerate(cohorts)}
    pathway_row = {pathway.id: r for r, pathway in enumerate(pathways)}
    no_pathway = len(pathways)
    by_cohort: dict[tuple[int, int], int] = {}
    by_pathway: dict[tuple[int, int], int] = {}
    for group in groups:
        c = column[group["status"]]
        key = (cohort_row[group["cohort_id"]], c)
        by_cohort[key] = by_cohort.get(key, 0) + group["n"]
        key = (pathway_row.get(group["pathway_id"], no_pathway), c)
        by_pathway[key] = by_pathway.get(key, 0) + group["n"]
    pathway_labels = [pathway.name for pathway in pathways]
    if any(r == no_pathway for r, _ in by_pathway):
        pathway_labels.append("No pathway identified yet")

    status_keys = [("status", status.value) for status in STATUS_ORDER]
    labels = [status.label for status in STATUS_ORDER]
    cohort_matrix = published.matrix(
        "cohort", [c.name for c in cohorts], status_keys, labels, by_cohort, total_key="cases"
    )
    pathway_matrix = published.matrix(
        "pathway", pathway_labels, status_keys, labels, by_pathway, total_key="cases"
    )
    return cohort_matrix, pathway_matrix


def transition_months(
    authority: Authority, published: Disclosure
) -> tuple[list[tuple[datetime.date, Cell]], Cell | None, Cell]:
    """Transitions per month (the latest two years), the count of earlier ones if any,
    and the Transitioned total they add up to."""
    # Counted by day, then added up by month here: a day is a plain column to group by,
    # where truncating each case's date to its month is a function call a case (SQLite
    # makes it a call into Python). There are at most 366 days a year, however many cases.
    per_day = (
        TransitionCase.objects.filter(
            authority=authority, status=TransitionStatus.TRANSITIONED, transitioned_on__isnull=False
        )
        .values_list("transitioned_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_month: dict[datetime.date, int] = {}
    for day, n in per_day:
        month = computation.month_start(day)
        per_month[month] = per_month.get(month, 0) + n
    months, earlier_count = computation.month_series(per_month)
    # Every transitioned case has a date (a database constraint), so the months add up to
    # the Transitioned total of the matrices.
    transitioned_key = ("status", TransitionStatus.TRANSITIONED.value)
    month_cells = [(month, published.count(("month", month), n)) for month, n in months]
    earlier = published.count(("month", "earlier"), earlier_count) if earlier_count else None
    month_keys = [("month", month) for month, _ in month_cells]
    if earlier is not None:
        month_keys.append(("month", "earlier"))
    if month_keys:
        published.add_sum(transitioned_key, month_keys)
    return month_cells, earlier, published.cells[transitioned_key]


def deadline_counts(published: Disclosure, groups: list[dict]) -> tuple[Cell, Cell, Cell]:
    """Open cases past their target date; phase-transfer deadlines passed and at risk."""
    late = sum(group["past_target"] for group in groups)
    passed = sum(group["passed"] for group in groups)
    due = sum(group["due"] for group in groups)
    return (
        published.count("past_target", late),
        published.count("deadline_passed", passed),
        published.count("deadline_at_risk", due - passed),
    )


def timeliness(authority: Authority) -> list[computation.Timeliness]:
    """EHC plans issued within 20 weeks, by calendar year of issue (as DfE's SEN2)."""
    plans = EHCPlanIssue.objects.filter(authority=authority).order_by("issued_on")
    return computation.timeliness(
        (issued.year, requested, issued, exception)
        for requested, issued, exception in plans.values_list(
            "requested_on", "issued_on", "exception"
        )
    )


def timeliness_cells(
    published: Disclosure, line: computation.Timeliness
) -> tuple[computation.Timeliness, Cell, Cell, Cell, Cell]:
    """The four published counts of a year and the differences they imply: late plans and
    exception cases are not printed but can be worked out, so they must not be small."""
    key = ("ehcp", line.label)
    issued = published.count((*key, "issued"), line.issued)
    within = published.count((*key, "within"), line.within)
    issued_x = published.count((*key, "issued_x"), line.issued_excluding_exceptions)
    within_x = published.count((*key, "within_x"), line.within_excluding_exceptions)
    implied = {
        "late": line.issued - line.within,
        "late_x": line.issued_excluding_exceptions - line.within_excluding_exceptions,
        "exceptions": line.exceptions,
        "exceptions_within": line.within - line.within_excluding_exceptions,
    }
    for name, n in implied.items():
        published.count((*key, name), n, published=False)
    published.add_sum((*key, "issued"), [(*key, "within"), (*key, "late")])
    published.add_sum((*key, "issued_x"), [(*key, "within_x"), (*key, "late_x")])
    published.add_sum((*key, "issued"), [(*key, "issued_x"), (*key, "exceptions")])
    published.add_sum((*key, "within"), [(*key, "within_x"), (*key, "exceptions_within")])
    return line, issued, within, issued_x, within_x


def timeliness_year(
    line: computation.Timeliness, issued: Cell, within: Cell, issued_x: Cell, within_x: Cell
) -> TimelinessYear:
    """A year as published, once suppression has been applied: no rate from a withheld count."""
    return TimelinessYear(
        label=line.label,
        issued=PublishedCount.of(issued),
        within=PublishedCount.of(within),
        rate=None if issued.hidden or within.hidden else line.rate,
        issued_excluding_exceptions=PublishedCount.of(issued_x),
        within_excluding_exceptions=PublishedCount.of(within_x),
        rate_excluding_exceptions=(
            None if issued_x.hidden or within_x.hidden else line.rate_excluding_exceptions
        ),
    )


def at_risk_cases(
    authority: Authority, *, today: datetime.date, warning_weeks: int
) -> QuerySet[TransitionCase]:
    """Open cases whose phase-transfer deadline has passed or falls within the warning
    period, with no review recorded; soonest (most overdue) deadline first."""
    horizon = today + datetime.timedelta(weeks=warning_weeks)
    return (
        cases(authority)
        .filter(deadline_by(horizon))
        .order_by("target_transition_on__year", "post_16_move", "reference")
    )


def due_for_review(
    authority: Authority, *, by: datetime.date, team_leader=None
) -> QuerySet[TransitionCase]:
    """The tracking meeting's list: open cases with a review due on or before `by`."""
    due = cases(authority).filter(status__in=ACTIVE_STATUSES, next_review_on__lte=by)
    if team_leader is not None:
        due = due.filter(team_leader=team_leader)
    return due.order_by("next_review_on", "team_leader__last_name", "reference")


@dataclass(frozen=True)
class TrackingLine:
    """A case as the tracking meeting's list shows it, on screen and on paper."""

    pk: int
    reference: str
    next_review_on: datetime.date
    overdue: bool
    team_leader: str
    cohort: str
    pathway: str  # empty until a pathway is identified
    status: str
    target_transition_on: datetime.date | None
    deadline: datetime.date | None
    reviewed: bool  # the phase-transfer review is done
    notes: str


TRACKING_FIELDS = (
    "pk",
    "reference",
    "next_review_on",
    "team_leader_id",
    "team_leader__first_name",
    "team_leader__last_name",
    "team_leader__username",
    "cohort__name",
    "pathway__name",
    "status",
    "target_transition_on",
    "post_16_move",
    "phase_transfer_review_on",
    "notes",
)


def due_for_review_rows(authority: Authority, *, by: datetime.date, team_leader=None) -> QuerySet:
    """`due_for_review` as plain rows of what the list shows, from one query: a page of
    them is a slice, and the whole list prints without making a model per case."""
    due = due_for_review(authority, by=by, team_leader=team_leader)
    return due.values_list(*TRACKING_FIELDS, named=True)


def tracking_lines(rows: Iterable, *, today: datetime.date) -> Iterator[TrackingLine]:
    """`due_for_review_rows` as the list shows them; each team leader is named once."""
    User = get_user_model()
    names: dict[int | None, str] = {None: team_leader_name(None)}
    for row in rows:
        name = names.get(row.team_leader_id)
        if name is None:
            # Unsaved, only to name them as every page does.
            leader = User(
                first_name=row.team_leader__first_name,
                last_name=row.team_leader__last_name,
                username=row.team_leader__username,
            )
            name = names[row.team_leader_id] = team_leader_name(leader)
        yield TrackingLine(
            pk=row.pk,
            reference=row.reference,
            next_review_on=row.next_review_on,
            overdue=row.next_review_on < today,
            team_leader=name,
            cohort=row.cohort__name,
            pathway=row.pathway__name or "",
            status=TransitionStatus(row.status).label,
            target_transition_on=row.target_transition_on,
            deadline=computation.phase_transfer_deadline(
                row.target_transition_on, post_16=row.post_16_move
            ),
            reviewed=row.phase_transfer_review_on is not None,
            notes=row.notes,
        )


def case_changes(case: TransitionCase) -> list[Change]:
    """Every change to the case, newest first: who, when, old → new, in words."""
    history = case.history.select_related("history_user").order_by("history_date")
    changes = changes_of(history, lambda record: "Case")
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


@dataclass(frozen=True)
class KeptNotes:
    """Notes the case's history holds, as the programme lead may redact them."""

    history_id: int
    when: datetime.datetime
    who: str
    text: str


def kept_notes(case: TransitionCase) -> list[KeptNotes]:
    """Each different text the case's notes have held, where it first appeared, newest
    first; those already redacted are not listed again."""
    redacted = set(CaseRedaction.objects.filter(case=case).values_list("shown", flat=True))
    first: dict[str, KeptNotes] = {}
    for record in case.history.select_related("history_user").order_by("history_date"):
        if record.notes and record.notes not in redacted and record.notes not in first:
            first[record.notes] = KeptNotes(
                record.history_id, record.history_date, user_name(record.history_user), record.notes
            )
    return sorted(first.values(), key=lambda kept: kept.when, reverse=True)
