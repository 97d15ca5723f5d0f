import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from hnb_monitor.models import Authority, Membership, ReportingPeriod


def signs_in(username: str, password: str) -> bool:
    # Sign-in throttling counts attempts per request, so authenticate needs one.
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_loads_the_three_seed_authorities(db):
    run()
    assert list(Authority.objects.values_list("slug", "la_code")) == [
        ("cambridgeshire", "873"),
        ("hammersmith-fulham", "205"),
        ("tower-hamlets", "211"),
    ]
    hf_periods = ReportingPeriod.objects.filter(authority__slug="hammersmith-fulham")
    assert [p.code for p in hf_periods] == ["2021-22-Q4", "2022-23-Q4", "2023-24-Q1", "2023-24-Q2"]
    assert hf_periods.get(quarter=2).status == "open"


def test_load_demo_twice_changes_nothing_not_even_history(db):
    run("--with-users", "--password", "Correct-horse-9")
    before = row_counts()
    output = run("--with-users", "--password", "Correct-horse-9")
    assert row_counts() == before
    assert "created" not in output and "updated" not in output


def test_a_corrected_fixture_reaches_a_signed_off_quarter_which_stays_signed_off(db):
    """`make serve` loads the demo over an existing database: a fixture corrected since
    must not stop it at the period lock."""
    from workstreams.models import QuarterlyReturn

    run()
    q1 = QuarterlyReturn.objects.filter(
        period__authority__slug="hammersmith-fulham", period__quarter=1
    ).exclude(override_reason="")
    corrected = q1.first().override_reason
    q1.update(override_reason="An earlier fixture's wording")  # as loaded before the fix
    run()
    assert set(q1.values_list("override_reason", flat=True)) == {corrected}
    period = ReportingPeriod.objects.with_code("2023-24-Q1").get(
        authority__slug="hammersmith-fulham"
    )
    assert period.status == "signed_off"
    assert "updated" not in run()


def test_with_users_creates_one_demo_user_per_role_with_the_given_password(db):
    output = run("--with-users", "--password", "Correct-horse-9")
    roles = dict(
        Membership.objects.filter(authority__slug="hammersmith-fulham").values_list(
            "user__username", "role"
        )
    )
    assert roles == {
        "demo-officer": "officer",
        "demo-finance": "finance",
        "demo-admin": "programme_lead",
        "demo-forum": "forum_member",
    }
    assert signs_in("demo-forum", "Correct-horse-9")
    assert "demo-officer" in output and "Correct-horse-9" in output


def test_without_a_password_one_is_generated_and_printed(db):
    output = run("--with-users")
    line = next(line for line in output.splitlines() if "demo-finance" in line)
    password = line.rsplit("password: ", 1)[1].strip()
    assert len(password) >= 12
    assert signs_in("demo-finance", password)
    # A second run without --password keeps the password it printed the first time.
    run("--with-users")
    assert signs_in("demo-finance", password)


def test_hf_workstream_figures_are_the_papers(demo):
    """Every figure of fixtures/reference/hf-2023-24-q1-workstreams.csv (seed 000)."""
    import csv
    from decimal import Decimal

    from workstreams.models import QuarterlyReturn, SavingsTarget

    def money(text):
        return Decimal(text) if text else None

    with open("fixtures/reference/hf-2023-24-q1-workstreams.csv", encoding="utf-8") as f:
        published = list(csv.DictReader(f))
    assert len(published) == 9
    hf = "hammersmith-fulham"
    for row in published:
        name = row["workstream"]
        targets = {
            t.financial_year.label: t.amount
            for t in SavingsTarget.objects.filter(
                workstream__authority__slug=hf, workstream__name=name
            ).select_related("financial_year")
        }
        returns = {
            r.period.code: r
            for r in QuarterlyReturn.objects.filter(
                workstream__authority__slug=hf, workstream__name=name
            ).select_related("period__financial_year")
        }
        assert targets.get("2021/22") == money(row["target_2021_22"]), name
        assert targets.get("2022/23") == money(row["target_2022_23"]), name
        assert targets.get("2023/24") == money(row["target_2023_24"]), name
        if row["delivered_2021_22"]:
            assert returns["2021-22-Q4"].delivered_to_date == money(row["delivered_2021_22"])
        if row["delivered_2022_23"]:
            assert returns["2022-23-Q4"].delivered_to_date == money(row["delivered_2022_23"])
        q1 = returns.get("2023-24-Q1")
        assert (q1.forecast_outturn if q1 else None) == money(row["forecast_2023_24_q1"]), name


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("73829104561", "This password is entirely numeric."),
        ("demo-finance", "The password is too similar to the username."),
    ],
)
def test_a_weak_demo_password_is_refused_with_the_validators_reasons(db, password, message):
    with pytest.raises(CommandError) as refused:
        run("--with-users", "--password", password)
    assert "The demo password is not strong enough" in str(refused.value)
    assert message in str(refused.value)
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
