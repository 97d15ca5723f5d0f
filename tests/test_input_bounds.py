"""Nothing a form accepts may break a page: every money, count, threshold, date and filter
input is bounded by what its column holds and written with the digits 0 to 9.

Every money column is MONEY (14 digits, 2 decimal places): £999,999,999,999.99 at most.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecasts.models import HistoryYear, InvestToTransform
from hnb_monitor.forms import MoneyField
from hnb_monitor.models import Authority, FinancialYear
from hnb_monitor.money import MoneyError, parse_money
from workstreams.models import QuarterlyReturn, RagRule, SavingsTarget, Workstream

HF = "/a/hammersmith-fulham"
Q2 = "2023-24-Q2"
HUGE = "100000000000000000000"  # 10**20
DIGITS_100KB = "9" * 100_000
TOO_MUCH = "Forecast outturn for the year must be £999,999,999,999.99 or less"
TOO_LITTLE = "Forecast outturn for the year must be -£999,999,999,999.99 or more"


def error_summary(response) -> list[str]:
    """The messages of the page's error summary, in order."""
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index("govuk-error-summary__list")
    summary = body[start : body.index("</ul>", start)]
    return [" ".join(m.split()) for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,000,000,000,000", TOO_MUCH),
        ("£1000000000000", TOO_MUCH),
        (HUGE, TOO_MUCH),
        (DIGITS_100KB, TOO_MUCH),
        ("-1,000,000,000,000", TOO_LITTLE),
        ("(1,000,000,000,000)", TOO_LITTLE),
        ("-" + DIGITS_100KB, TOO_LITTLE),
        ("١٢٣", "Forecast outturn for the year must be written with the digits 0 to 9"),
        ("１００", "Forecast outturn for the year must be written with the digits 0 to 9"),
        ("²", "Forecast outturn for the year must be written with the digits 0 to 9"),
    ],
)
def test_money_the_column_cannot_hold_is_refused_naming_the_field_and_the_limit(typed, message):
    with pytest.raises(MoneyError) as refused:
        parse_money(typed, field="Forecast outturn for the year")
    assert str(refused.value) == message


def test_the_largest_amounts_the_column_holds_are_accepted():
    assert parse_money("999,999,999,999.99") == Decimal("999999999999.99")
    assert parse_money("(£999,999,999,999.99)") == Decimal("-999999999999.99")


def test_a_long_value_that_is_not_an_amount_is_not_quoted_back_whole():
    with pytest.raises(MoneyError) as refused:
        parse_money("x" * 100_000, field="Allocation")
    assert str(refused.value).endswith(f"– “{'x' * 30}…” is not")


@pytest.fixture
def led(hf, olu) -> Workstream:
    workstream = Workstream.objects.filter(authority=hf, targets__isnull=False).first()
    workstream.leads.add(olu)
    return workstream


def return_data(**overrides) -> dict:
    return {
        "delivered_to_date": "£500",
        "forecast_outturn": "1,000",
        "rag_override": "",
        "override_reason": "",
        "progress_update": "On track",
        "next_steps": "",
        "risks_and_mitigations": "",
        "recovery_actions": "",
        "version": "0",
        "action": "save",
    } | overrides


def pages_still_answer(client, workstream) -> None:
    for url in [
        f"{HF}/dashboard/",
        f"{HF}/workstreams/{workstream.pk}/",
        f"{HF}/returns/",
        f"{HF}/forecast/",
        f"{HF}/history/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "delivered_to_date",
            "1,000,000,000,000",
            "Delivered to date must be £999,999,999,999.99 or less",
        ),
        ("forecast_outturn", HUGE, TOO_MUCH),
        ("forecast_outturn", DIGITS_100KB, TOO_MUCH),
        ("forecast_outturn", "-" + HUGE, TOO_LITTLE),
        (
            "forecast_outturn",
            "١٢٣",
            "Forecast outturn for the year must be written with the digits 0 to 9",
        ),
        ("version", HUGE, "Version must be 2,147,483,647 or less"),
    ],
)
def test_a_return_refuses_what_its_columns_cannot_hold(client_for, olu, led, field, typed, message):
    client = client_for(olu)
    response = client.post(f"{HF}/returns/{led.pk}/{Q2}/edit/", return_data(**{field: typed}))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not QuarterlyReturn.objects.filter(workstream=led, period__quarter=2).exists()
    pages_still_answer(client, led)


def test_targets_refuse_an_amount_the_column_cannot_hold(client_for, fay, led):
    url = f"{HF}/workstreams/{led.pk}/targets/"
    form = client_for(fay).get(url).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    first = next(name for name in form.fields if name.startswith("year_"))
    label = form.fields[first].label
    response = client_for(fay).post(url, data | {first: "1,000,000,000,000"})
    assert error_summary(response) == [f"{label} must be £999,999,999,999.99 or less"]
    assert SavingsTarget.objects.filter(amount__gt=Decimal("999999999999.99")).count() == 0
    pages_still_answer(client_for(fay), led)


def test_the_rag_rule_refuses_other_digits_and_out_of_range_thresholds(client_for, fay, hf):
    client = client_for(fay)
    url = f"{HF}/rag-rule/"
    assert error_summary(client.post(url, {"green_from": "１００", "amber_from": "75"})) == [
        "Green from (% of target) must be written with the digits 0 to 9"
    ]
    assert error_summary(client.post(url, {"green_from": "100", "amber_from": HUGE})) == [
        "Amber from (% of target) must be 200 or less"
    ]
    assert error_summary(client.post(url, {"green_from": "-1", "amber_from": "0"})) == [
        "Green from (% of target) must be 0 or more"
    ]
    assert error_summary(client.post(url, {"green_from": "100.25", "amber_from": "75"})) == [
        "Green from (% of target) must have no more than 1 decimal place"
    ]
    assert error_summary(client.post(url, {"green_from": DIGITS_100KB, "amber_from": "75"})) == [
        "Green from (% of target) must be a number, like 75"
    ]
    assert not RagRule.objects.filter(authority=hf, green_from__gt=200).exists()


@pytest.fixture
def q2(fay, client_for):
    """Fay, finance, with Q2 2023/24's forecast started from Q1's."""
    client = client_for(fay)
    assert client.post(f"{HF}/forecast/start/").status_code == 302
    return client


def test_the_forecasts_entered_lines_refuse_amounts_the_columns_cannot_hold(q2):
    page = q2.get(f"{HF}/forecast/{Q2}/edit/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else str(value) for name, value in data.items()}
    data = {name: value for name, value in data.items() if value not in ("False",)}
    name = next(name for name in form.fields if name.startswith("hnb_allocation__"))
    response = q2.post(f"{HF}/forecast/{Q2}/edit/", data | {name: HUGE})
    assert response.status_code == 200
    label = form.fields[name].label
    assert response.context["form"].errors[name] == [f"{label} must be £999,999,999,999.99 or less"]


def test_a_schedule_item_refuses_an_amount_the_column_cannot_hold(q2):
    page = q2.get(f"{HF}/forecast/{Q2}/schedule/A/")
    version = page.context["version"].initial["version"]
    _, blank = page.context["rows"][-1]
    amount = next(name for name in blank.fields if name.startswith("amount__"))
    data = {
        "version": version,
        f"{blank.prefix}-description": "New item",
        f"{blank.prefix}-{amount}": "-" + DIGITS_100KB,
    }
    response = q2.post(f"{HF}/forecast/{Q2}/schedule/A/", data)
    label = blank.fields[amount].label
    assert f"{label} must be -£999,999,999,999.99 or more" in error_summary(response)


def history_data(page) -> dict:
    data = {}
    for form in page.context["forms"]:
        for name in form.VALUES:
            value = form.initial.get(name)
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value)
    return data


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (HUGE, "must be 2,147,483,647 or less"),
        ("2147483648", "must be 2,147,483,647 or less"),
        (DIGITS_100KB, "must be 2,147,483,647 or less"),
        ("-1", "must be 0 or more"),
        ("²", "must be written with the digits 0 to 9"),
        ("١٢", "must be written with the digits 0 to 9"),
        ("12.5", "must be a whole number, like 12"),
    ],
    ids=["10**20", "2**31", "100kB", "-1", "superscript", "arabic-indic", "decimal"],
)
def test_the_history_ehcp_count_is_bounded_by_its_column(client_for, carl, typed, message):
    client = client_for(carl)
    url = "/a/cambridgeshire/history/edit/"
    page = client.get(url)
    data = history_data(page) | {"year0-ehcp_count": typed}
    response = client.post(url, data)
    label = page.context["forms"][0].fields["ehcp_count"].label
    assert error_summary(response) == [f"{label} {message}"]
    assert client.get("/a/cambridgeshire/history/").status_code == 200


def test_the_history_refuses_money_the_columns_cannot_hold(client_for, carl):
    client = client_for(carl)
    url = "/a/cambridgeshire/history/edit/"
    page = client.get(url)
    data = history_data(page) | {"year0-hnb_budget": "1,000,000,000,000"}
    label = page.context["forms"][0].fields["hnb_budget"].label
    assert error_summary(client.post(url, data)) == [f"{label} must be £999,999,999,999.99 or less"]
    assert not HistoryYear.objects.filter(hnb_budget__gt=Decimal("999999999999.99")).exists()


def test_invest_to_transform_refuses_amounts_the_columns_cannot_hold(client_for, fay):
    response = client_for(fay).post(
        f"{HF}/history/invest/add/",
        {"activity": "Outreach", "allocation": HUGE, "committed_to_date": "١٠٠"},
    )
    assert error_summary(response) == [
        "Allocation (£) must be £999,999,999,999.99 or less",
        "Committed spend to date (£) must be written with the digits 0 to 9",
    ]
    assert not InvestToTransform.objects.filter(activity="Outreach").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21", "Small-number threshold must be 20 or less"),
        (HUGE, "Small-number threshold must be 20 or less"),
        ("1", "Small-number threshold must be 2 or more"),
        ("١٠", "Small-number threshold must be written with the digits 0 to 9"),
        ("five", "Small-number threshold must be a whole number, like 12"),
    ],
)
def test_the_small_number_threshold_is_bounded(client_for, ade, typed, message):
    response = client_for(ade).post(
        f"{HF}/casework/settings/", {"action": "threshold", "small_number_threshold": typed}
    )
    assert error_summary(response) == [message]


def case_data(hf, day) -> dict:
    from workstreams.models import Cohort

    return {
        "reference": "PFA-0999",
        "cohort": Cohort.objects.filter(authority=hf).first().pk,
        "pathway": "",
        "status": "ongoing",
        "identified_on_day": day,
        "identified_on_month": "9",
        "identified_on_year": "2024",
        "version": "0",
    }


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "²",
            "Date identified for transition must be written with the digits 0 to 9, like 27 3 2026",
        ),
        (
            "١٢",
            "Date identified for transition must be written with the digits 0 to 9, like 27 3 2026",
        ),
        (HUGE, "Date identified for transition must be a real date"),
    ],
)
def test_a_case_date_written_otherwise_than_with_0_to_9_is_refused(
    client_for, olu, hf, day, message
):
    response = client_for(olu).post(f"{HF}/casework/cases/add/", case_data(hf, day))
    assert error_summary(response) == [message]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("²", "Reviews due by must be written with the digits 0 to 9, like 27 3 2026"),
        (HUGE, "Reviews due by must be a real date"),
    ],
)
def test_the_tracking_date_in_the_query_string_is_refused_not_a_500(client_for, olu, day, message):
    response = client_for(olu).get(
        f"{HF}/casework/tracking/", {"by_day": day, "by_month": "1", "by_year": "2026"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["by"] == [message]


@pytest.mark.parametrize("path", ["cases/", "cases/export.xlsx", "cases/export.csv"])
def test_a_100kb_case_reference_filter_is_refused_not_a_500(client_for, olu, path):
    response = client_for(olu).get(f"{HF}/casework/{path}", {"reference": "PFA" * 34_000})
    assert response.status_code == 200
    if path == "cases/":
        assert response.context["filters"].errors["reference"] == [
            "Case reference must be 30 characters or fewer"
        ]


def test_the_dashboard_and_case_list_take_any_filter_values(client_for, ade):
    client = client_for(ade)
    for value in ["x" * 100_000, HUGE, "-" + HUGE, "١٢٣", "²"]:
        for url, names in [
            (f"{HF}/dashboard/", ["theme", "schedule", "rag", "lead"]),
            (
                f"{HF}/casework/cases/",
                ["cohort", "pathway", "status", "team_leader", "review", "page", "sort"],
            ),
            (f"{HF}/casework/deadlines/", ["weeks"]),
            (f"{HF}/casework/tracking/", ["team_leader"]),
        ]:
            for name in names:
                assert client.get(url, {name: value}).status_code == 200, (url, name)


@pytest.fixture
def superuser_client(demo):
    """A client of its own, so that it can be used beside client_for's."""
    user = get_user_model().objects.create_superuser("root", password="pw-for-tests")
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_refuses_money_and_counts_the_columns_cannot_hold(superuser_client, hf):
    activity = InvestToTransform.objects.first()
    response = superuser_client.post(
        f"/admin/forecasts/investtotransform/{activity.pk}/change/",
        {
            "authority": activity.authority_id,
            "activity": activity.activity,
            "allocation": "1000000000000",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["allocation"] == [
        "Ensure that there are no more than 12 digits before the decimal point."
    ]
    row = HistoryYear.objects.first()
    response = superuser_client.post(
        f"/admin/forecasts/historyyear/{row.pk}/change/",
        {
            "authority": row.authority_id,
            "financial_year": row.financial_year_id,
            "ehcp_count": HUGE,
            "hnb_budget": "1",
            "hnb_expenditure": "1",
            "accumulated_deficit": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ehcp_count"]
    for model in ["forecasts/investtotransform", "forecasts/historyyear"]:
        assert superuser_client.get(f"/admin/{model}/").status_code == 200


# Whatever the money field accepts, a money column holds and gives back unchanged.
TYPED_AMOUNTS = st.one_of(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
    ).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers().map(lambda n: f"{n:,}"),
    st.integers().map(lambda n: f"({n:,})"),
    st.integers().map(lambda n: f"£{n}.99"),
    st.from_regex(r"\A[-(£]?[0-9,]{1,20}(\.[0-9]{1,3})?\)?\Z"),
    st.text(max_size=25),
)


@pytest.fixture
def money_column(db):
    authority = Authority.objects.create(name="Property", slug="property")
    year, _ = FinancialYear.objects.get_or_create(start_year=2023)
    workstream = Workstream.objects.create(authority=authority, name="Property")
    return workstream, year


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=TYPED_AMOUNTS)
def test_whatever_the_money_field_accepts_a_money_column_holds(money_column, typed):
    workstream, year = money_column
    field = MoneyField(label="Target", required=False)
    try:
        amount = field.clean(typed)
    except Exception as refused:  # noqa: BLE001 - the property is about what is accepted
        assert refused.__class__.__name__ == "ValidationError"
        return
    if amount is None:
        return
    target, _ = SavingsTarget.objects.update_or_create(
        workstream=workstream, financial_year=year, defaults={"amount": amount}
    )
    target.refresh_from_db()
    assert target.amount == amount
    assert SavingsTarget.objects.filter(pk=target.pk, amount=amount).exists()


def test_a_date_field_refuses_a_100kb_year(client_for, olu, hf):
    data = case_data(hf, "1") | {"identified_on_year": DIGITS_100KB}
    response = client_for(olu).post(f"{HF}/casework/cases/add/", data)
    assert error_summary(response) == ["Year must include 4 numbers"]


@pytest.mark.parametrize("largest", ["999,999,999,999.99", "-999,999,999,999.99"])
def test_the_largest_amounts_everywhere_at_once_leave_every_page_answering(
    client_for, fay, ade, led, superuser_client, q2, largest
):
    """Totals, differences and charts are worked out from the stored figures: with every
    money column at its limit they go beyond it, and must still show."""
    finance = q2
    page = finance.get(f"{HF}/forecast/{Q2}/edit/")
    form = page.context["form"]
    data = {"version": form.initial["version"]}
    data |= {name: largest for name in form.fields if name not in ("version",)}
    data = {name: value for name, value in data.items() if not name.startswith("is_outturn")}
    assert finance.post(f"{HF}/forecast/{Q2}/edit/", data).status_code == 302
    for schedule in "ABC":
        page = finance.get(f"{HF}/forecast/{Q2}/schedule/{schedule}/")
        data = {"version": page.context["version"].initial["version"]}
        for _, row in page.context["rows"]:
            data[f"{row.prefix}-description"] = row.initial.get("description") or "Largest"
            for name in row.fields:
                if name.startswith("amount__"):
                    data[f"{row.prefix}-{name}"] = largest
        response = finance.post(f"{HF}/forecast/{Q2}/schedule/{schedule}/", data)
        assert response.status_code == 302, schedule
    targets = f"{HF}/workstreams/{led.pk}/targets/"
    form = finance.get(targets).context["form"]
    data = {name: largest for name in form.fields if name.startswith("year_")}
    data |= {"version": form["version"].value(), "reason": "The largest amounts"}
    assert finance.post(targets, data).status_code == 302
    page = finance.get(f"{HF}/history/edit/")
    data = {}
    for row in page.context["forms"]:
        for name in row.VALUES:
            data[f"{row.prefix}-{name}"] = "2147483647" if name == "ehcp_count" else largest
        if row.row is None:
            data[f"{row.prefix}-financial_year"] = row.fields["financial_year"].queryset[0].pk
    assert finance.post(f"{HF}/history/edit/", data).status_code == 302
    invest = {"activity": "Largest", "allocation": largest, "committed_to_date": largest}
    assert finance.post(f"{HF}/history/invest/add/", invest).status_code == 302
    lead = client_for(ade)
    response = lead.post(
        f"{HF}/returns/{led.pk}/{Q2}/edit/",
        return_data(delivered_to_date=largest, forecast_outturn=largest),
    )
    assert response.status_code == 302
    for url in [
        f"{HF}/dashboard/",
        f"{HF}/dashboard/?period={Q2}",
        f"{HF}/workstreams/{led.pk}/",
        f"{HF}/returns/",
        f"{HF}/forecast/",
        f"{HF}/forecast/?period={Q2}",
        f"{HF}/forecast/{Q2}/export/",
        f"{HF}/history/",
        f"{HF}/periods/{Q2}/",
    ]:
        assert lead.get(url).status_code == 200, url
    for model in [
        "workstreams/quarterlyreturn",
        "workstreams/savingstarget",
        "forecasts/forecastyear",
        "forecasts/scheduleamount",
        "forecasts/historyyear",
        "forecasts/investtotransform",
    ]:
        assert superuser_client.get(f"/admin/{model}/").status_code == 200, model


@pytest.mark.parametrize(
    "period", ["9" * 100_000, "99999999999999999999-00-Q1", "٢٠٢٣-24-Q1", "2023-24-Q²"]
)
def test_a_period_in_the_query_string_that_is_no_period_is_a_404_not_a_500(client_for, ade, period):
    client = client_for(ade)
    for page in ["dashboard", "forecast"]:
        assert client.get(f"{HF}/{page}/", {"period": period}).status_code == 404, page
