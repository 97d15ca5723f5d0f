import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from workstreams.casework import computation
from workstreams.casework.selectors import user_name
from workstreams.choices import TransitionStatus

CELL = {"class": "govuk-table__cell"}
TEXT = {"td": {"class": "govuk-table__cell hnb-col-text"}}
DATE = {"td": {"class": "govuk-table__cell hnb-nowrap"}}
DEADLINE_TAGS = {"passed": "govuk-tag--red", "at_risk": "govuk-tag--orange"}


def status_tag(status: str) -> str:
    status = TransitionStatus(status)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', status.tag_colour, status.label
    )


class CaseTable(tables.Table):
    """Case rows for the people allowed to see them; sorted and paged in the database."""

    reference = tables.Column(verbose_name="Case reference", attrs={"td": CELL})
    cohort = tables.Column(order_by=("cohort__order", "cohort__name"), attrs=TEXT)
    pathway = tables.Column(
        order_by=("pathway__order", "pathway__name"), default="Not identified yet", attrs=TEXT
    )
    status = tables.Column(attrs={"td": CELL})
    team_leader = tables.Column(
        verbose_name="Team leader",
        order_by=("team_leader__first_name", "team_leader__last_name"),
        default="Not assigned",
        attrs={"td": CELL},
    )
    target_transition_on = tables.DateColumn(
        verbose_name="Target transition", format="j M Y", default="–", attrs=DATE
    )
    deadline = tables.Column(
        verbose_name="Phase-transfer review due",
        accessor="phase_transfer_deadline",
        order_by=("target_transition_on__year", "post_16_move"),
        default="–",
        attrs=DATE,
    )
    next_review_on = tables.Column(verbose_name="Next review", default="–", attrs={"td": CELL})

    class Meta:
        template_name = "includes/govuk_table.html"
        attrs = {"class": "govuk-table hnb-table--small", "th": {"class": "govuk-table__header"}}
        orderable = True
        empty_text = "No cases match these filters."

    def __init__(self, *args, authority_slug: str, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority_slug = authority_slug
        self.today = today

    def render_reference(self, value, record):
        url = reverse(
            "casework_case", kwargs={"authority_slug": self.authority_slug, "pk": record.pk}
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_team_leader(self, value):
        return user_name(value)

    def render_deadline(self, value):
        return f"{value:%-d %b %Y}" if value else "–"

    def render_next_review_on(self, value, record):
        if value is None:
            return "–"
        shown = format_html('<span class="hnb-nowrap">{}</span>', f"{value:%-d %b %Y}")
        if record.review_overdue(self.today):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', shown
            )
        return shown


class DeadlineTable(tables.Table):
    """Cases at risk of missing their phase-transfer review deadline, soonest first."""

    reference = tables.Column(verbose_name="Case reference", orderable=False, attrs={"td": CELL})
    cohort = tables.Column(orderable=False, attrs={"td": CELL})
    target_transition_on = tables.DateColumn(
        verbose_name="Target transition", format="j M Y", orderable=False, attrs=DATE
    )
    post_16_move = tables.BooleanColumn(
        verbose_name="Post-16 move", yesno="Yes,No", orderable=False, attrs={"td": CELL}
    )
    deadline = tables.Column(
        verbose_name="Review due by",
        accessor="phase_transfer_deadline",
        orderable=False,
        attrs=DATE,
    )
    state = tables.Column(
        verbose_name="Where it stands", accessor="pk", orderable=False, attrs={"td": CELL}
    )
    team_leader = tables.Column(
        verbose_name="Team leader", orderable=False, default="Not assigned", attrs={"td": CELL}
    )

    class Meta:
        template_name = "includes/govuk_table.html"
        attrs = {"class": "govuk-table hnb-table--small", "th": {"class": "govuk-table__header"}}
        orderable = False
        empty_text = "No open case is at risk of missing its phase-transfer review deadline."

    def __init__(self, *args, authority_slug: str, today: datetime.date, warning_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority_slug = authority_slug
        self.today = today
        self.warning = datetime.timedelta(weeks=warning_weeks)

    def render_reference(self, value, record):
        url = reverse(
            "casework_case", kwargs={"authority_slug": self.authority_slug, "pk": record.pk}
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

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
        return user_name(value)
