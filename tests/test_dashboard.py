"""The RAG dashboard and the workstream page: figures, filters, visibility, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hnb_monitor.models import Authority, ReportingPeriod
from tests.conftest import build_programme, make_member

DASHBOARD = "/a/{slug}/dashboard/?period=2023-24-Q1"


@pytest.fixture
def council(db):
    """A council of its own, so counts do not depend on the demo data."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))
    return Authority.objects.create(name="Testshire", slug="testshire", la_code="999")


def open_q1(authority):
    from hnb_monitor.models import FinancialYear

    return ReportingPeriod.objects.get_or_create(
        authority=authority, financial_year=FinancialYear.objects.get(start_year=2023), quarter=1
    )[0]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_dashboard_totals_rag_counts_and_words(client_for, council):
    open_q1(council)
    lead = make_member("lee", council, "officer")
    build_programme(council, workstreams=6, lead=lead)
    response = client_for(lead).get(DASHBOARD.format(slug="testshire"))
    body = response.content.decode()
    board = response.context["board"]
    # targets 1000..6000 for each of 2021/22..2023/24; forecasts 100%/80%/50% of target
    year = board.years[-1]
    assert (year.year, year.target, year.forecast) == (
        "2023/24",
        21000,
        15100,
    )  # 1000+1600+1500+4000+4000+3000
    assert board.rag_counts == {"red": 2, "amber": 2, "green": 2, "": 0}
    # RAG is never colour alone: each tag carries its words.
    assert body.count('Green<span class="hnb-rag__words">: Delivered / Low Risk</span>') >= 3
    assert "Some risk – closely monitor" in body and "Not delivered / undeliverable" in body
    assert "Red 2, Amber 2, Green 2" in body  # the RAG history chart in words


def test_dashboard_filters_by_theme_schedule_rag_and_lead(client_for, council):
    open_q1(council)
    lead = make_member("lee", council, "officer")
    build_programme(council, workstreams=6, lead=None)
    client = client_for(lead)
    url = DASHBOARD.format(slug="testshire")
    names = lambda r: [row.workstream.name for row in r.context["board"].rows]  # noqa: E731
    assert names(client.get(url + "&theme=Theme+0")) == ["Workstream 000", "Workstream 003"]
    assert names(client.get(url + "&schedule=B")) == [
        "Workstream 001",
        "Workstream 003",
        "Workstream 005",
    ]
    assert names(client.get(url + "&rag=red")) == ["Workstream 002", "Workstream 005"]
    from workstreams.models import Workstream

    Workstream.objects.get(name="Workstream 004").leads.add(lead)
    assert names(client.get(url + f"&lead={lead.pk}")) == ["Workstream 004"]


def test_dashboard_table_sorts_by_money_and_rag(client_for, council):
    open_q1(council)
    lead = make_member("lee", council, "officer")
    build_programme(council, workstreams=4)
    client = client_for(lead)
    url = DASHBOARD.format(slug="testshire")
    table = client.get(url + "&sort=-forecast").context["table"]
    # forecasts 1,000 / 1,600 / 1,500 / 4,000
    assert [row.record.workstream.name for row in table.rows] == [
        "Workstream 003",
        "Workstream 001",
        "Workstream 002",
        "Workstream 000",
    ]
    table = client.get(url + "&sort=rag").context["table"]
    assert [row.record.rag.value for row in table.rows] == ["red", "amber", "green", "green"]


def test_forum_members_see_only_approved_figures_of_locked_periods(client_for, council):
    q1 = open_q1(council)
    build_programme(council, workstreams=3)
    from workstreams.models import QuarterlyReturn

    QuarterlyReturn.objects.filter(workstream__name="Workstream 001").update(status="submitted")
    member = make_member("fiona", council, "forum_member")
    client = client_for(member)
    # Open quarter: not visible at all.
    response = client.get(DASHBOARD.format(slug="testshire"))
    assert "There is no reporting period to show yet" in response.content.decode()
    assert "board" not in response.context
    q1.status = "signed_off"
    q1.save()
    response = client.get(DASHBOARD.format(slug="testshire"))
    rows = {row.workstream.name: row for row in response.context["board"].rows}
    assert rows["Workstream 001"].quarterly_return is None
    assert rows["Workstream 000"].quarterly_return is not None
    assert "You see approved figures of signed-off and published quarters only" in (
        response.content.decode()
    )


@pytest.mark.parametrize("view", ["dashboard", "workstream"])
def test_query_counts_do_not_grow_with_workstreams_years_or_returns(client_for, council, view):
    from hnb_monitor.models import FinancialYear

    lead = make_member("lee", council, "finance")
    open_q1(council)
    counts = []
    for size in (10, 100):
        from workstreams.models import QuarterlyReturn, SavingsTarget, Workstream

        QuarterlyReturn.objects.filter(workstream__authority=council).delete()
        SavingsTarget.objects.filter(workstream__authority=council).delete()
        Workstream.objects.filter(authority=council).delete()
        for start in (2021, 2022):
            for quarter in (1, 2, 3, 4):
                ReportingPeriod.objects.get_or_create(
                    authority=council,
                    financial_year=FinancialYear.objects.get(start_year=start),
                    quarter=quarter,
                )
        codes = ["2021-22-Q4", "2022-23-Q1", "2022-23-Q4", "2023-24-Q1"][: 2 if size == 10 else 4]
        workstreams = build_programme(council, workstreams=size, lead=lead, period_codes=codes)
        url = (
            DASHBOARD.format(slug="testshire")
            if view == "dashboard"
            else f"/a/testshire/workstreams/{workstreams[-1].pk}/"
        )
        counts.append(queries_for(client_for(lead), url))
    assert counts[0] == counts[1], counts


def quarter(authority, code):
    from hnb_monitor.models import FinancialYear

    start, number = int(code[:4]), int(code[-1])
    return ReportingPeriod.objects.get_or_create(
        authority=authority,
        financial_year=FinancialYear.objects.get(start_year=start),
        quarter=number,
    )[0]


def read_dashboard(authority, period, *, history_quarters=4):
    """(the dashboard's value, how many returns its one read of returns fetched)."""
    from hnb_monitor.choices import Audience
    from workstreams import selectors
    from workstreams.models import Workstream

    ids = list(Workstream.objects.filter(authority=authority).values_list("id", flat=True))
    fetched = selectors.shown_returns(
        authority=authority,
        period=period,
        audience=Audience.STAFF,
        workstream_ids=ids,
        history_quarters=history_quarters,
    )
    board = selectors.dashboard(
        authority=authority,
        period=period,
        audience=Audience.STAFF,
        history_quarters=history_quarters,
    )
    return board, len(list(fetched))


def test_a_quarter_reads_nothing_after_it(client_for, council):
    """Returns, targets and target changes of later quarters and years change neither
    the quarter's figures, nor its queries, nor the returns it reads."""
    from decimal import Decimal

    from workstreams.models import QuarterlyReturn, SavingsTarget

    lead = make_member("lee", council, "finance")
    q1 = open_q1(council)
    workstreams = build_programme(
        council, workstreams=4, lead=lead, period_codes=["2022-23-Q4", "2023-24-Q1"]
    )
    client = client_for(lead)
    url = DASHBOARD.format(slug="testshire")
    queries_for(client, url)  # sessions and caches warm up on the first request
    before = (read_dashboard(council, q1), queries_for(client, url))

    later = [quarter(council, code) for code in ("2023-24-Q2", "2023-24-Q4", "2024-25-Q1")]
    QuarterlyReturn.objects.bulk_create(
        QuarterlyReturn(
            workstream=workstream,
            period=period,
            delivered_to_date=Decimal("999999"),
            forecast_outturn=Decimal("999999"),
            rag="red",
            status="approved",
        )
        for period in later
        for workstream in workstreams
    )
    for workstream in workstreams:
        SavingsTarget.objects.create(
            workstream=workstream, financial_year=later[-1].financial_year, amount=7
        )
        SavingsTarget.objects.create(
            workstream=workstream,
            financial_year=q1.financial_year,
            amount=7,
            applies_from=later[0],
            reason="Changed after Q1",
        )
    assert (read_dashboard(council, q1), queries_for(client, url)) == before


def test_of_each_earlier_year_only_each_workstreams_latest_return_is_read(council):
    """A year's earlier returns, replaced by its later ones, are neither read nor counted;
    the RAG history reads only its own quarters."""
    q1 = open_q1(council)
    codes = ["2022-23-Q1", "2022-23-Q2", "2022-23-Q3", "2022-23-Q4", "2023-24-Q1"]
    build_programme(council, workstreams=3, period_codes=codes)
    board, fetched = read_dashboard(council, q1, history_quarters=1)
    # One return of 2022/23 (its Q4) and one of 2023/24 (Q1) per workstream, of five each.
    assert fetched == 3 * 2
    assert [entry.period_label for entry in board.rag_history] == ["Q1 2023/24"]
    board, fetched = read_dashboard(council, q1, history_quarters=4)
    assert fetched == 3 * 4  # and Q2 and Q3 of 2022/23 for the RAG history
    assert [entry.period_label for entry in board.rag_history] == [
        "Q2 2022/23",
        "Q3 2022/23",
        "Q4 2022/23",
        "Q1 2023/24",
    ]
