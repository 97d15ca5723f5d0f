"""The page-level reads of the savings programme: plain values, kept as JSON without loss,
and what each audience may see."""

import pytest

from hnb_monitor import plain
from hnb_monitor.choices import Audience
from hnb_monitor.models import ReportingPeriod
from hnb_monitor.periods import visible_periods
from workstreams import selectors
from workstreams.models import QuarterlyReturn, Workstream


def round_trip(value):
    return plain.loads(type(value), plain.dumps(value))


@pytest.fixture
def q1(hf):
    return ReportingPeriod.objects.with_code("2023-24-Q1").get(authority=hf)


@pytest.mark.parametrize("audience", list(Audience))
def test_dashboard_read_is_plain_and_keeps_as_json(hf, q1, audience):
    board = selectors.dashboard(authority=hf, period=q1, audience=audience)
    assert round_trip(board) == board
    assert board.period.code == "2023-24-Q1"
    assert len(board.rows) == Workstream.objects.filter(authority=hf, active=True).count()


def test_workstream_page_read_is_plain_and_keeps_as_json(hf):
    for workstream in Workstream.objects.filter(authority=hf):
        page = selectors.workstream_page(workstream=workstream, audience=Audience.STAFF)
        assert round_trip(page) == page
    measured = [
        w
        for w in Workstream.objects.filter(authority=hf)
        if selectors.workstream_page(workstream=w, audience=Audience.FORUM).measures
    ]
    assert measured, "the demo has a workstream with measures"


def test_risk_register_and_timeline_reads_keep_as_json(hf):
    register = selectors.risk_register(authority=hf, audience=Audience.FORUM)
    timeline = selectors.milestone_timeline(authority=hf, audience=Audience.FORUM)
    assert register.risks and timeline.years
    assert round_trip(register) == register
    assert round_trip(timeline) == timeline


def test_a_signed_off_quarter_counts_approved_returns_only_for_every_audience(hf, q1):
    """A return left unapproved at sign-off reaches no figure, staff's included; in an open
    quarter staff see drafts and the Forum sees nothing."""
    assert q1.is_locked
    workstream = Workstream.objects.filter(authority=hf).order_by("order").first()
    QuarterlyReturn.objects.filter(workstream=workstream, period=q1).update(status="draft")
    by_name = lambda board: {row.workstream.name: row for row in board.rows}  # noqa: E731
    for audience in Audience:
        board = selectors.dashboard(authority=hf, period=q1, audience=audience)
        assert by_name(board)[workstream.name].quarterly_return is None
        page = selectors.workstream_page(workstream=workstream, audience=audience)
        assert "2023-24-Q1" not in [r.period.code for r in page.returns]

    ReportingPeriod.objects.filter(pk=q1.pk).update(status="open")
    staff = selectors.dashboard(authority=hf, period=q1, audience=Audience.STAFF)
    assert by_name(staff)[workstream.name].quarterly_return.status == "draft"
    forum_periods = list(visible_periods(hf, Audience.FORUM))
    assert selectors.dashboard_period(forum_periods, Audience.FORUM, None).code != "2023-24-Q1"
