"""Shared fixtures: the demo data and named users, each with a stated relationship.

- Olu is an H&F officer (workstream lead).
- Fay is H&F finance.
- Ade is the H&F programme lead.
- Sam is an H&F Schools Forum member: reads, never changes anything.
- Carl is a Cambridgeshire finance officer and must see nothing of H&F.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hnb_monitor.choices import Role
from hnb_monitor.models import Authority, Membership


@pytest.fixture
def demo(db):
    """The demo, but for its published paper, which takes seconds to print: H&F's Q1
    2023/24 stays signed off (see the `published_demo` fixture)."""
    call_command("load_demo", "--without-paper", stdout=open("/dev/null", "w"))


@pytest.fixture
def hf(demo) -> Authority:
    return Authority.objects.get(slug="hammersmith-fulham")


@pytest.fixture
def cambs(demo) -> Authority:
    return Authority.objects.get(slug="cambridgeshire")


def make_member(username: str, authority: Authority, role: str):
    user = get_user_model().objects.create_user(username, password="pw-for-tests")
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.fixture
def olu(hf):
    return make_member("olu", hf, Role.OFFICER)


@pytest.fixture
def fay(hf):
    return make_member("fay", hf, Role.FINANCE)


@pytest.fixture
def ade(hf):
    return make_member("ade", hf, Role.PROGRAMME_LEAD)


@pytest.fixture
def sam(hf):
    return make_member("sam", hf, Role.FORUM_MEMBER)


@pytest.fixture
def carl(cambs):
    return make_member("carl", cambs, Role.FINANCE)


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def build_programme(authority, *, workstreams: int, lead=None, period_codes=("2023-24-Q1",)):
    """`workstreams` money-carrying workstreams with targets for 2021/22-2023/24 and an
    approved-or-draft return in each named period; varied forecasts give all three RAGs."""
    from decimal import Decimal

    from hnb_monitor.models import FinancialYear, ReportingPeriod
    from workstreams.models import QuarterlyReturn, SavingsTarget, Workstream
    from workstreams.services import return_context

    years = {
        y.start_year: y for y in FinancialYear.objects.filter(start_year__in=[2021, 2022, 2023])
    }
    periods = []
    for code in period_codes:
        start, quarter = int(code[:4]), int(code[-1])
        period, _ = ReportingPeriod.objects.get_or_create(
            authority=authority,
            financial_year=FinancialYear.objects.get(start_year=start),
            quarter=quarter,
        )
        periods.append(period)
    created = []
    for i in range(workstreams):
        workstream = Workstream.objects.create(
            authority=authority,
            name=f"Workstream {i:03d}",
            theme=f"Theme {i % 3}",
            schedule="A" if i % 2 == 0 else "B",
            order=i,
        )
        if lead is not None:
            workstream.leads.add(lead)
        for year in years.values():
            SavingsTarget.objects.create(
                workstream=workstream, financial_year=year, amount=Decimal(1000 * (i + 1))
            )
        for period in periods:
            status = was = period.status
            forecast = Decimal(1000 * (i + 1)) * Decimal(("1", "0.8", "0.5")[i % 3])
            if was != "open":
                period.status = "open"
            suggested = return_context(workstream, period).suggest(forecast)
            QuarterlyReturn(
                workstream=workstream,
                period=period,
                forecast_outturn=forecast,
                delivered_to_date=forecast / 2,
                suggested_rag=suggested,
                status="approved",
                progress_update=f"Progress of {i}",
            ).save()
            period.status = status
        created.append(workstream)
    return created


def build_in_signed_off_q1(authority, *, workstreams: int, lead):
    """build_programme's returns in Q1 2023/24, which the demo has signed off: the quarter
    is opened to build them and signed off again."""
    from hnb_monitor.models import ReportingPeriod

    q1 = ReportingPeriod.objects.with_code("2023-24-Q1").get(authority=authority)
    q1.status = "open"
    q1.save()
    built = build_programme(authority, workstreams=workstreams, lead=lead)
    q1.status = "signed_off"
    q1.save()
    return built


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: its database starts afresh too. So does the
    worker's memory of memberships, or a test's queries would depend on the tests run
    before it in the same process."""
    from django.core.cache import caches

    from hnb_monitor import caching

    for alias in ("default",):
        caches[alias].clear()
    caching._members.clear()
    caching._authority_ids.clear()
