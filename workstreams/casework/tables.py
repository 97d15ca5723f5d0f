import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hnb_monitor.tables import LINK, GovukTable
from workstreams.casework import computation
from workstreams.casework.selectors import TrackingLine, team_leader_name
from workstreams.choices import TransitionStatus
from workstreams.models import TransitionCase

PLAIN = "govuk-table__cell"
TEXT = "govuk-table__cell hnb-col-text"
NO_WRAP = "govuk-table__cell hnb-nowrap"
CELL = {"class": PLAIN}
DATE = {"td": {"class": NO_WRAP}}
DEADLINE_TAGS = {"passed": "govuk-tag--red", "at_risk": "govuk-tag--orange"}


def status_tag(status: str) -> str:
    status = TransitionStatus(status)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', status.tag_colour, status.label
    )


def as_read(value):
    return value


@dataclass(frozen=True)
class CaseColumn:
    """A column of the case list. The CSV and Excel exports have every column, headed
    `header`, with `value(case)`; the page shows those `on_page`, under `page_header` when
    it is shorter, with dates as "31 Jul 2023" and `empty` for no value.

    A value is `shown(...)` of the database values named by `fields` (the case's field
    `key` if none are named; `cohort__name` is its cohort's name, None without one). The
    page reads them from its cases; the exports read only them, as plain values, so a
    large export makes no model objects.
    """

    key: str
    header: str
    fields: tuple[str, ...] = ()
    shown: Callable[..., object] = as_read
    on_page: bool = True
    page_header: str | None = None
    order_by: tuple[str, ...] = ()
    empty: str = "–"
    cell: str = PLAIN
    excel_width: int = 14

    @property
    def sources(self) -> tuple[str, ...]:
        return self.fields or (self.key,)

    def value(self, case: TransitionCase) -> object:
        return self.shown(*(read(case, field) for field in self.sources))


def read(case: TransitionCase, field: str) -> object:
    """A case's value for a database field name; None past an empty relation."""
    value = case
    for name in field.split("__"):
        if value is None:
            return None
        value = getattr(value, name)
    return value


STATUS_LABELS = {status.value: str(status.label) for status in TransitionStatus}


def leader_name(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """team_leader_name() of the user with these fields (User.get_full_name(), else the
    username); "" for a case without a team leader."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


CASE_COLUMNS = (
    CaseColumn("reference", "Case reference", excel_width=16),
    CaseColumn(
        "cohort",
        "Cohort",
        ("cohort__name",),
        order_by=("cohort__order", "cohort__name"),
        cell=TEXT,
        excel_width=44,
    ),
    CaseColumn(
        "pathway",
        "Pathway",
        ("pathway__name",),
        lambda name: name or "",
        order_by=("pathway__order", "pathway__name"),
        empty="Not identified yet",
        cell=TEXT,
        excel_width=44,
    ),
    CaseColumn(
        "status",
        "Status",
        shown=lambda status: STATUS_LABELS.get(status, status),
        excel_width=18,
    ),
    CaseColumn("identified_on", "Date identified", on_page=False),
    CaseColumn(
        "target_transition_on",
        "Target transition date",
        page_header="Target transition",
        cell=NO_WRAP,
    ),
    CaseColumn("transitioned_on", "Date transitioned", on_page=False),
    CaseColumn(
        "post_16_move",
        "Post-16 move",
        shown=lambda moving: "Yes" if moving else "No",
        on_page=False,
        excel_width=10,
    ),
    CaseColumn(
        "deadline",
        "Phase-transfer review due",
        ("target_transition_on", "post_16_move"),
        lambda target, post_16: computation.phase_transfer_deadline(target, post_16=post_16),
        order_by=("target_transition_on__year", "post_16_move"),
        cell=NO_WRAP,
    ),
    CaseColumn("phase_transfer_review_on", "Phase-transfer review completed", on_page=False),
    CaseColumn(
        "team_leader",
        "Team leader",
        ("team_leader__first_name", "team_leader__last_name", "team_leader__username"),
        leader_name,
        order_by=("team_leader__first_name", "team_leader__last_name"),
        empty="Not assigned",
        excel_width=24,
    ),
    CaseColumn("next_review_on", "Next review date", page_header="Next review"),
    CaseColumn("notes", "Notes", on_page=False, excel_width=60),
)
# The page puts who holds a case before its dates; the exports keep the dates together.
PAGE_ORDER = (
    "reference",
    "cohort",
    "pathway",
    "status",
    "team_leader",
    "target_transition_on",
    "deadline",
    "next_review_on",
)


class CaseListColumn(tables.Column):
    """A page column drawn from its CaseColumn."""

    def __init__(self, spec: CaseColumn):
        super().__init__(
            verbose_name=spec.page_header or spec.header,
            # Cells are read through the spec, so the accessor only has to be never empty.
            accessor="pk",
            order_by=spec.order_by or (spec.key,),
            attrs={"td": {"class": spec.cell}},
        )
        self.spec = spec

    def render(self, record):
        value = self.spec.value(record)
        if value is None or value == "":
            return self.spec.empty
        if isinstance(value, datetime.date):
            return f"{value:%-d %b %Y}"
        return value


def case_url(table, record) -> str:
    return reverse(
        "casework_case", kwargs={"authority_slug": table.authority_slug, "pk": record.pk}
    )


class CaseTable(GovukTable):
    """Case rows for the people allowed to see them; sorted and paged in the database."""

    class Meta(GovukTable.Meta):
        orderable = True
        sequence = PAGE_ORDER
        empty_text = "No cases match these filters."

    def __init__(self, *args, authority_slug: str, today: datetime.date, **kwargs):
        columns = [(spec.key, CaseListColumn(spec)) for spec in CASE_COLUMNS if spec.on_page]
        super().__init__(*args, extra_columns=columns, **kwargs)
        self.authority_slug = authority_slug
        self.today = today

    def render_reference(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', case_url(self, record), record.reference
        )

    def render_status(self, record):
        return status_tag(record.status)

    def render_next_review_on(self, record):
        if record.next_review_on is None:
            return "–"
        shown = format_html(
            '<span class="hnb-nowrap">{}</span>', f"{record.next_review_on:%-d %b %Y}"
        )
        if record.review_overdue(self.today):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', shown
            )
        return shown


class DeadlineTable(GovukTable):
    """Cases at risk of missing their phase-transfer review deadline, soonest first."""

    reference = tables.Column(
        verbose_name="Case reference", orderable=False, linkify=case_url, attrs=LINK
    )
    cohort = tables.Column(orderable=False)
    target_transition_on = tables.DateColumn(
        verbose_name="Target transition", format="j M Y", orderable=False, attrs=DATE
    )
    post_16_move = tables.BooleanColumn(
        verbose_name="Post-16 move", yesno="Yes,No", orderable=False
    )
    deadline = tables.Column(
        verbose_name="Review due by",
        accessor="phase_transfer_deadline",
        orderable=False,
        attrs=DATE,
    )
    state = tables.Column(verbose_name="Where it stands", accessor="pk", orderable=False)
    team_leader = tables.Column(verbose_name="Team leader", orderable=False, default="Not assigned")

    class Meta(GovukTable.Meta):
        orderable = False
        empty_text = "No open case is at risk of missing its phase-transfer review deadline."

    def __init__(self, *args, authority_slug: str, today: datetime.date, warning_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority_slug = authority_slug
        self.today = today
        self.warning = datetime.timedelta(weeks=warning_weeks)

    def render_deadline(self, value):
        return f"{value:%-d %b %Y}" if value else "–"

    def render_state(self, value, record):
        state = computation.deadline_state(
            record.phase_transfer_deadline,
            today=self.today,
            warning=self.warning,
            reviewed=record.phase_transfer_review_on is not None,
            active=record.is_active,
        )
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            DEADLINE_TAGS.get(state.state, "govuk-tag--grey"),
            state.label,
        )

    def render_team_leader(self, value):
        return team_leader_name(value)


def short_date(value: datetime.date | None) -> str:
    return f"{value:%-d %b %Y}" if value else "–"


TRACKING_ROW = (
    '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
    '<td class="govuk-table__cell hnb-nowrap">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell hnb-nowrap">{}</td>'
    '<td class="govuk-table__cell hnb-nowrap">{}{}</td>'
    '<td class="govuk-table__cell">{}</td></tr>'
)
OVERDUE = '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>'


def tracking_rows(
    lines: Iterable[TrackingLine], *, authority_slug: str | None
) -> Iterator[SafeString]:
    """The rows of the tracking meeting's list, under the headings of
    templates/workstreams/casework/tracking_table.html; with `authority_slug` each case
    reference links to its case (not on paper).

    Built here rather than in the template: the printed list runs to thousands of rows,
    and Django's template engine takes about four times as long a row.
    """
    # The case pages are cases/<pk>/ under the list: one reverse() rather than one a row.
    cases = reverse("casework_cases", args=[authority_slug]) if authority_slug else None
    for line in lines:
        reference = (
            format_html('<a class="govuk-link" href="{}{}/">{}</a>', cases, line.pk, line.reference)
            if cases
            else line.reference
        )
        review = short_date(line.next_review_on)
        yield format_html(
            TRACKING_ROW,
            reference,
            format_html(OVERDUE, review) if line.overdue else review,
            line.team_leader,
            line.cohort,
            line.pathway or "Not identified yet",
            line.status,
            short_date(line.target_transition_on),
            short_date(line.deadline),
            " (done)" if line.reviewed else "",
            linebreaksbr(line.notes),
        )
