"""The forecast through its public surface: commands, pages, forms, the downloaded workbook.

Golden data: fixtures/reference/hf-2023-24-q1-forecast.csv (seed 000) and the
Cambridgeshire history table of seed 002 (reference README, section 5).
"""

import csv
import io
import json
import re
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecasts.models import Forecast, ForecastYear, ScheduleAmount, ScheduleItem
from hnb_monitor.models import ReportingPeriod
from hnb_monitor.services import sign_off_period
from tests.test_forecast_workbook import line_rows, recalculate
from workstreams.models import Workstream

REFERENCE_CSV = "fixtures/reference/hf-2023-24-q1-forecast.csv"
HF = "/a/hammersmith-fulham"


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def published_rows() -> list[list[str]]:
    with open(REFERENCE_CSV, encoding="utf-8") as f:
        return list(csv.reader(f))


def text_of(html: bytes) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html.decode())))


# Golden: the H&F forecast --------------------------------------------------------------------


def test_forecast_table_csv_is_the_published_table_but_for_the_rounded_pound(demo):
    ours = list(
        csv.reader(
            io.StringIO(
                command("forecast_table", "hammersmith-fulham", "2023-24-Q1", "--format", "csv")
            )
        )
    )
    published = published_rows()
    assert (
        ours[0] == published[0] == ["line", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
    )
    assert [row[0] for row in ours] == [row[0] for row in published]
    differences = [
        (row[0], published[0][col], ours_value, row[col])
        for ours_row, row in zip(ours, published, strict=True)
        for col, ours_value in enumerate(ours_row)
        if ours_value != row[col]
    ]
    # Reference README section 1: the paper prints 799,354; the printed inputs give 799,353.
    assert differences == [("variance_after_mitigations", "2024/25", "799353", "799354")]


def test_forecast_table_json_and_text(demo):
    payload = json.loads(
        command("forecast_table", "hammersmith-fulham", "2023-24-Q1", "--format", "json")
    )
    assert payload["final_outturn"] == {
        "2021/22": True,
        "2022/23": True,
        "2023/24": False,
        "2024/25": False,
        "2025/26": False,
    }
    retained = next(line for line in payload["lines"] if line["key"] == "retained_deficit")
    assert retained["kind"] == "derived"
    assert retained["values"] == ["11820076", "4748692", "2847262", "1091742", "988309"]

    text = command("forecast_table", "hammersmith-fulham", "2023-24-Q1")
    assert "2021/22 Final Outturn" in text and "2025/26 Forecast" in text
    assert re.search(r"Block Transfer\s+\(528,000\)", text)


def test_commands_name_what_they_could_not_find(demo, tmp_path):
    with pytest.raises(CommandError, match="No authority with slug 'nowhere'"):
        command("forecast_table", "nowhere", "2023-24-Q1")
    with pytest.raises(CommandError, match="has no forecast for period '2030-31-Q1'"):
        command(
            "export_forecast", "hammersmith-fulham", "2030-31-Q1", "-o", str(tmp_path / "x.xlsx")
        )


def test_export_forecast_writes_a_workbook_that_recalculates_to_the_app(demo, tmp_path):
    path = tmp_path / "forecast.xlsx"
    out = command("export_forecast", "hammersmith-fulham", "2023-24-Q1", "-o", str(path))
    assert f"Wrote {path}" in out
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Forecast",
        "Schedule A",
        "Schedule B",
        "Schedule C",
        "Workstream savings",
        "Reconciliation",
    ]
    rows = line_rows(workbook["Forecast"])
    assert workbook["Forecast"][f"B{rows['Retained Deficit']}"].value.startswith("=")
    read = recalculate(path)
    published = {row[0]: row[1:] for row in published_rows()[1:]}
    for key, label in [
        ("retained_deficit", "Retained Deficit"),
        ("in_year_deficit", "Sub total - Deficit / (Surplus)"),
        ("schedule_a_savings", "Total savings (Schedule A)"),
    ]:
        for column, value in zip("BCDEF", published[key], strict=True):
            assert read("Forecast", f"{column}{rows[label]}") == Decimal(value)
    # The schedule A items on their sheet: the eight linked workstreams and the remainder.
    assert workbook["Schedule A"].max_row >= 5 + 9
    assert workbook.properties.subject == "Hammersmith & Fulham, Q1 2023/24"


# Golden: the Cambridgeshire history ----------------------------------------------------------

CAMBRIDGESHIRE_HISTORY = [
    # year, EHCPs, growth, budget £000, growth, expenditure £000, growth, in-year, accumulated
    ("2016/17", "3429", "7.0%*", "63,001", "1.7%*", "65,701", "3.9%*", "2,700", "113"),
    ("2017/18", "3822", "11.5%", "65,006", "3.2%", "69,632", "6.0%", "4,626", "642"),
    ("2018/19", "4198", "9.8%", "68,360", "5.2%", "77,196", "10.9%", "8,836", "7,286"),
    ("2019/20", "4690", "11.7%", "71,041", "3.9%", "82,619", "7.0%", "11,578", "16,630"),
    ("2020/21", "5327", "13.6%", "76,627", "7.9%", "89,163", "7.9%", "12,536", "26,829"),
    ("2021/22", "6100", "14.5%", "85,327", "11.4%", "100,178", "12.4%", "14,851", "39,264"),
]


def table_rows(html: bytes, caption: str) -> list[tuple[str, ...]]:
    page = html.decode()
    start = page.index(caption)
    body = page[page.index("<tbody", start) : page.index("</tbody>", start)]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append(tuple(text_of(cell.encode()).strip() for cell in cells))
    return rows


def test_cambridgeshire_history_is_the_published_table(carl, client_for):
    response = client_for(carl).get("/a/cambridgeshire/history/")
    assert response.status_code == 200
    assert table_rows(response.content, "High Needs history, £000") == CAMBRIDGESHIRE_HISTORY
    text = text_of(response.content)
    assert "Growth as the source states it" in text
    # Invest to transform (seed 002): SEND Transformation, £526,045 allocated, £359,227 committed.
    assert re.search(r"SEND Transformation.*?526,045.*?359,227", text)


def test_history_projection_continues_past_the_last_actual_year(carl, client_for):
    response = client_for(carl).get("/a/cambridgeshire/history/")
    projected = table_rows(
        response.content, "Projected accumulated deficit if left unchecked, £000"
    )
    assert [year for year, _ in projected] == ["2022/23", "2023/24", "2024/25", "2025/26"]
    amounts = [int(amount.replace(",", "")) for _, amount in projected]
    assert amounts == sorted(amounts) and amounts[0] > 39264
    assert "If left unchecked" in text_of(response.content)


# Pages and permissions -----------------------------------------------------------------------


def test_forecast_page_reads_as_the_paper(fay, client_for):
    response = client_for(fay).get(f"{HF}/forecast/")
    assert response.status_code == 200
    text = text_of(response.content)
    assert "High level HNB forecast, Q1 2023/24" in text
    assert text.count("Final outturn") >= 2 and "Forecast" in text
    assert re.search(
        r"Retained Deficit \(computed\) 11,820,076 4,748,692 2,847,262 1,091,742 "
        r"988,309",
        text,
    )
    assert re.search(r"Block Transfer \(528,000\)", text)
    # The reconciliation shows the gap the paper leaves (reference README, section 2).
    assert re.search(r"Not explained by workstreams 97,218 \(169,712\) \(319,317\)", text)
    assert "Download Excel workbook" in text
    assert 'role="img"' in response.content.decode()


def test_forum_member_reads_the_signed_off_forecast_but_changes_nothing(sam, client_for):
    client = client_for(sam)
    response = client.get(f"{HF}/forecast/")
    assert response.status_code == 200
    assert "Download Excel workbook" not in text_of(response.content)
    for url in [
        f"{HF}/forecast/2023-24-Q1/edit/",
        f"{HF}/forecast/2023-24-Q1/schedule/A/",
        f"{HF}/forecast/2023-24-Q1/export/",
        f"{HF}/forecast/start/",
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_other_authorities_get_404(carl, client_for):
    client = client_for(carl)
    for url in [f"{HF}/forecast/", f"{HF}/history/", f"{HF}/forecast/2023-24-Q1/export/"]:
        assert client.get(url).status_code == 404, url


def test_download_button_gives_the_workbook(fay, client_for):
    response = client_for(fay).get(f"{HF}/forecast/2023-24-Q1/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="hnb-forecast-hammersmith-fulham-2023-24-Q1.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["Forecast"]["A1"].value == "Hammersmith & Fulham"


def test_signed_off_forecast_cannot_be_edited(fay, client_for):
    client = client_for(fay)
    response = client.get(f"{HF}/forecast/2023-24-Q1/edit/", follow=True)
    assert "its forecast is locked" in text_of(response.content)
    client.post(f"{HF}/forecast/2023-24-Q1/edit/", {"opening_retained_deficit": "1"})
    forecast = Forecast.objects.get(period__authority__slug="hammersmith-fulham")
    assert forecast.opening_retained_deficit == Decimal("16678980")


@pytest.fixture
def q2(fay, client_for):
    """Finance starts the open Q2 2023/24 forecast from Q1's."""
    client = client_for(fay)
    page = client.get(f"{HF}/forecast/")
    assert "Q2 2023/24 is open and has no forecast yet" in text_of(page.content)
    response = client.post(f"{HF}/forecast/start/", follow=True)
    assert "Q2 2023/24 forecast started from Q1 2023/24" in text_of(response.content)
    return client


def entered_form(forecast: Forecast) -> dict:
    data = {
        "opening_retained_deficit": str(forecast.opening_retained_deficit),
        "version": str(forecast.version),
    }
    for column in forecast.years.select_related("financial_year"):
        start = column.financial_year.start_year
        if column.is_outturn:
            data[f"is_outturn__{start}"] = "on"
        for line in [
            "hnb_allocation",
            "block_transfer",
            "expenditure_before_savings",
            "investment",
            "original_agreement_deficit",
            "safety_valve_payment",
        ]:
            data[f"{line}__{start}"] = str(getattr(column, line))
    return data


def q2_forecast() -> Forecast:
    return Forecast.objects.get(period__authority__slug="hammersmith-fulham", period__quarter=2)


def test_started_forecast_copies_every_figure(q2):
    q1 = Forecast.objects.get(period__authority__slug="hammersmith-fulham", period__quarter=1)
    copy = q2_forecast()
    assert copy.years.count() == q1.years.count() == 5
    assert copy.schedule_items.count() == q1.schedule_items.count() == 11
    assert ScheduleAmount.objects.filter(item__forecast=copy).count() == (
        ScheduleAmount.objects.filter(item__forecast=q1).count()
    )
    text = text_of(q2.get(f"{HF}/forecast/").content)
    assert "Movement since the last forecast" in text
    assert re.search(r"Retained Deficit 0 0 0 0 0", text)


def test_finance_edits_entered_lines_and_the_movement_shows_it(q2, fay):
    forecast = q2_forecast()
    data = entered_form(forecast)
    data["expenditure_before_savings__2024"] = "£42,961,909"  # 100,000 more than Q1
    response = q2.post(f"{HF}/forecast/2023-24-Q2/edit/", data, follow=True)
    assert "Forecast saved (1 change)" in text_of(response.content)
    column = ForecastYear.objects.get(forecast=forecast, financial_year__start_year=2024)
    assert column.expenditure_before_savings == Decimal("42961909")
    assert column.history.first().history_user == fay

    text = text_of(q2.get(f"{HF}/forecast/?period=2023-24-Q2").content)
    assert re.search(r"HNB Expenditure before savings 0 0 0 100,000 0", text)
    # The retained deficit carries the change into every later year.
    assert re.search(r"Retained Deficit 0 0 0 100,000 100,000", text)


def test_bad_money_is_refused_with_the_field_and_value_and_nothing_is_saved(q2):
    forecast = q2_forecast()
    data = entered_form(forecast)
    data["investment__2023"] = "2.6m"
    data["hnb_allocation__2023"] = "36714055"
    response = q2.post(f"{HF}/forecast/2023-24-Q2/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Investment, 2023/24" in html and "2.6m" in html
    assert 'value="2.6m"' in html  # what was typed is kept for correction
    column = ForecastYear.objects.get(forecast=forecast, financial_year__start_year=2023)
    assert column.hnb_allocation == Decimal("36714054")


def test_schedule_items_are_added_linked_and_reconciled(q2, hf):
    forecast = q2_forecast()
    page = q2.get(f"{HF}/forecast/2023-24-Q2/schedule/A/")
    assert page.status_code == 200
    form = page.context["rows"]
    data = {}
    for index, (_item, bound) in enumerate(form):
        for name in bound.fields:
            value = bound.initial.get(name)
            if value is None or value is False:
                continue
            data[f"item{index}-{name}"] = str(value) if not hasattr(value, "pk") else str(value.pk)
    data["version"] = str(forecast.version)
    new = len(form) - 2
    workstream = Workstream.objects.get(authority=hf, name="Outreach Services")
    data[f"item{new}-description"] = "Transport policy review"
    data[f"item{new}-workstream"] = str(workstream.pk)
    data[f"item{new}-amount__2024"] = "(50,000)"
    remainder = next(i for i, (item, _) in enumerate(form) if item and not item.workstream_id)
    data[f"item{remainder}-amount__2024"] = "(1,869,001)"  # keeps the A total at (1,919,001)
    response = q2.post(f"{HF}/forecast/2023-24-Q2/schedule/A/", data, follow=True)
    # The new item, its amount and the remainder's changed amount.
    assert "Schedule A saved (3 changes)" in text_of(response.content)
    item = ScheduleItem.objects.get(forecast=forecast, description="Transport policy review")
    assert item.workstream == workstream
    assert item.amounts.get().amount == Decimal("-50000")
    text = text_of(response.content)
    assert re.search(
        r"Total savings \(Schedule A\) \(599,772\) \(1,319,465\) \(1,809,485\) "
        r"\(1,919,001\)",
        text,
    )


def test_schedule_item_needs_a_description(q2):
    page = q2.get(f"{HF}/forecast/2023-24-Q2/schedule/B/")
    new = len(page.context["rows"]) - 2
    data = {f"item{new}-amount__2023": "-1000", "version": "1"}
    response = q2.post(f"{HF}/forecast/2023-24-Q2/schedule/B/", data)
    assert response.status_code == 200
    assert "Enter a description for this schedule item" in response.content.decode()
    assert ScheduleItem.objects.filter(forecast=q2_forecast(), schedule="B").count() == 1


def test_signing_off_locks_the_forecast_everywhere(q2, fay):
    period = ReportingPeriod.objects.get(
        authority__slug="hammersmith-fulham", financial_year__start_year=2023, quarter=2
    )
    sign_off_period(period=period, user=fay)
    forecast = q2_forecast()
    forecast.opening_retained_deficit = Decimal(1)
    with pytest.raises(Exception, match="read-only until the quarter is reopened"):
        forecast.save()


def test_forecast_page_query_count_does_not_grow_with_schedule_items(q2):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert q2.get(f"{HF}/forecast/?period=2023-24-Q2").status_code == 200
        return len(queries)

    forecast = q2_forecast()
    year = forecast.years.first().financial_year
    few = count()
    for n in range(100):
        item = ScheduleItem.objects.create(forecast=forecast, schedule="B", description=f"x{n}")
        ScheduleAmount.objects.create(item=item, financial_year=year, amount=Decimal(0))
    assert count() == few


def test_an_authority_without_a_forecast_starts_a_blank_one(carl, client_for):
    client = client_for(carl)
    page = client.get("/a/cambridgeshire/forecast/")
    assert "Start the Q1 2022/23 forecast" in text_of(page.content)
    response = client.post("/a/cambridgeshire/forecast/start/", follow=True)
    assert "Q1 2022/23 forecast started: enter its figures" in text_of(response.content)
    forecast = Forecast.objects.get(period__authority__slug="cambridgeshire")
    assert [(c.financial_year.label, c.is_outturn) for c in forecast.years.all()] == [
        ("2020/21", True),
        ("2021/22", True),
        ("2022/23", False),
        ("2023/24", False),
        ("2024/25", False),
    ]
    data = entered_form(forecast)
    data["hnb_allocation__2022"] = "£85,327,000"
    client.post("/a/cambridgeshire/forecast/2022-23-Q1/edit/", data)
    text = text_of(client.get("/a/cambridgeshire/forecast/").content)
    assert re.search(r"HNB allocation 0 0 85,327,000 0 0", text)


def test_a_blank_required_figure_says_what_to_enter(q2):
    data = entered_form(q2_forecast())
    data["hnb_allocation__2025"] = ""
    response = q2.post(f"{HF}/forecast/2023-24-Q2/edit/", data)
    assert "Enter hNB allocation" not in response.content.decode()
    assert "Enter HNB allocation, 2025/26" in response.content.decode()


def test_two_people_editing_the_forecast_never_overwrite_each_other(q2, fay, hf, client_for):
    from tests.conftest import make_member

    forecast = q2_forecast()
    opened_by_fay = entered_form(forecast)
    gus = client_for(make_member("gus", hf, "finance"))
    theirs = entered_form(forecast) | {"hnb_allocation__2024": "37,900,000"}
    assert gus.post(f"{HF}/forecast/2023-24-Q2/edit/", theirs).status_code == 302

    mine = opened_by_fay | {"investment__2024": "3,000,000"}
    q2.force_login(fay)
    response = q2.post(f"{HF}/forecast/2023-24-Q2/edit/", mine)
    assert response.status_code == 200
    html = text_of(response.content)
    assert "Someone else saved this forecast while you were editing it" in html
    assert "Saved by gus" in html
    # Both versions side by side: the allocation Gus changed and the investment Fay typed.
    assert re.search(r"HNB allocation, 2024/25 37,815,476 37,900,000", html)
    assert re.search(r"Investment, 2024/25 3,000,000 2,902,020", html)
    column = ForecastYear.objects.get(forecast=forecast, financial_year__start_year=2024)
    assert (column.hnb_allocation, column.investment) == (Decimal("37900000"), Decimal("2902020"))

    # Saving again, having seen theirs, replaces it deliberately.
    again = response.context["form"].data.copy()
    assert str(again["version"]) == str(forecast.version + 1)
    assert q2.post(f"{HF}/forecast/2023-24-Q2/edit/", again).status_code == 302
    column.refresh_from_db()
    assert (column.hnb_allocation, column.investment) == (Decimal("37815476"), Decimal("3000000"))


def test_a_stale_schedule_form_saves_nothing_and_shows_what_was_typed(q2):
    forecast = q2_forecast()
    page = q2.get(f"{HF}/forecast/2023-24-Q2/schedule/C/")
    new = len(page.context["rows"]) - 2
    Forecast.objects.filter(pk=forecast.pk).update(version=forecast.version + 1)
    data = {
        "version": str(forecast.version),
        f"item{new}-description": "Transport efficiencies",
        f"item{new}-amount__2024": "(25,000)",
    }
    response = q2.post(f"{HF}/forecast/2023-24-Q2/schedule/C/", data)
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Someone else saved this forecast while you were editing it" in text
    assert "Transport efficiencies 2024/25 (25,000)" in text
    assert not ScheduleItem.objects.filter(description="Transport efficiencies").exists()


def history_form(page) -> dict:
    data = {}
    for form in page.context["forms"]:
        for name in form.VALUES:
            value = form.initial.get(name)
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value)
    return data


def test_finance_keeps_the_history_and_the_years_must_follow_on(carl, client_for):
    from forecasts.models import HistoryYear

    client = client_for(carl)
    url = "/a/cambridgeshire/history/edit/"
    page = client.get(url)
    assert page.status_code == 200
    data = history_form(page)
    new = page.context["forms"][-1].prefix
    year_2024 = page.context["forms"][-1].fields["financial_year"].queryset.get(start_year=2024)
    gap = data | {
        f"{new}-financial_year": str(year_2024.pk),
        f"{new}-ehcp_count": "7000",
        f"{new}-hnb_budget": "£95,000,000",
        f"{new}-hnb_expenditure": "110,000,000",
        f"{new}-accumulated_deficit": "60,000,000",
    }
    response = client.post(url, gap)
    assert "The years must follow on from each other: add 2022/23" in text_of(response.content)
    assert HistoryYear.objects.filter(authority__slug="cambridgeshire").count() == 6

    year_2022 = year_2024.__class__.objects.get(start_year=2022)
    follows = gap | {f"{new}-financial_year": str(year_2022.pk), f"{new}-hnb_budget": "95m"}
    response = client.post(url, follows)
    assert "High needs budget must be an amount in pounds" in response.content.decode()
    follows[f"{new}-hnb_budget"] = "£95,000,000"
    response = client.post(url, follows, follow=True)
    assert "High Needs history saved (1 change)" in text_of(response.content)
    rows = table_rows(response.content, "High Needs history, £000")
    # Growth on 2021/22: 6100 -> 7000 EHCPs is 14.8%; in-year deficit 110,000 - 95,000.
    assert rows[-1] == (
        "2022/23",
        "7000",
        "14.8%",
        "95,000",
        "11.3%",
        "110,000",
        "9.8%",
        "15,000",
        "60,000",
    )


def test_forum_members_cannot_edit_the_history(sam, client_for):
    client = client_for(sam)
    assert client.get(f"{HF}/history/edit/").status_code == 403
    assert client.post(f"{HF}/history/edit/").status_code == 403


def test_finance_keeps_invest_to_transform(carl, client_for):
    from forecasts.models import InvestToTransform

    client = client_for(carl)
    activity = InvestToTransform.objects.get(
        authority__slug="cambridgeshire", activity="SEND Transformation"
    )
    url = f"/a/cambridgeshire/history/invest/{activity.pk}/edit/"
    form = client.get(url).context["form"]
    data = {name: "" if value is None else str(value) for name, value in form.initial.items()}
    data.pop("id", None)
    response = client.post(url, data | {"committed_to_date": "£400,000.50"}, follow=True)
    assert "SEND Transformation: invest-to-transform activity saved" in text_of(response.content)
    activity.refresh_from_db()
    assert activity.committed_to_date == Decimal("400000.50")
    assert activity.allocation == Decimal("526045")

    response = client.post(
        "/a/cambridgeshire/history/invest/add/",
        {"activity": "Inclusion coaching", "allocation": "12k", "progress": ""},
    )
    assert "Allocation (£) must be an amount in pounds" in response.content.decode()
    client.post(
        "/a/cambridgeshire/history/invest/add/",
        {"activity": "Inclusion coaching", "allocation": "12,000", "progress": ""},
    )
    added = InvestToTransform.objects.get(activity="Inclusion coaching")
    assert added.committed_to_date is None and added.allocation == Decimal("12000")

    remove = f"/a/cambridgeshire/history/invest/{added.pk}/remove/"
    assert "Remove Inclusion coaching?" in text_of(client.get(remove).content)
    assert InvestToTransform.objects.filter(pk=added.pk).exists()  # asking removes nothing
    client.post(remove)
    assert not InvestToTransform.objects.filter(pk=added.pk).exists()


def test_forum_members_cannot_change_invest_to_transform(sam, client_for):
    client = client_for(sam)
    assert client.get(f"{HF}/history/invest/add/").status_code == 403
    assert client.post(f"{HF}/history/invest/add/", {"activity": "x"}).status_code == 403
