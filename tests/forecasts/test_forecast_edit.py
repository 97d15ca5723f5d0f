"""Starting a forecast, editing its entered lines, and locking it when signed off."""

import re
from decimal import Decimal

import pytest

from forecasts.models import Forecast, ForecastYear, ScheduleAmount
from hnb_monitor.locking import PeriodLocked
from hnb_monitor.models import ReportingPeriod
from hnb_monitor.services import sign_off_period
from tests.forecasts.helpers import HF, entered_form, q2_forecast, text_of


def test_signed_off_forecast_cannot_be_edited(fay, client_for):
    client = client_for(fay)
    response = client.get(f"{HF}/forecast/2023-24-Q1/edit/", follow=True)
    assert "its forecast is locked" in text_of(response.content)
    client.post(f"{HF}/forecast/2023-24-Q1/edit/", {"opening_retained_deficit": "1"})
    forecast = Forecast.objects.get(period__authority__slug="hammersmith-fulham")
    assert forecast.opening_retained_deficit == Decimal("16678980")


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


def test_signing_off_locks_the_forecast_everywhere(q2, fay):
    period = ReportingPeriod.objects.get(
        authority__slug="hammersmith-fulham", financial_year__start_year=2023, quarter=2
    )
    sign_off_period(period=period, user=fay)
    forecast = q2_forecast()
    forecast.opening_retained_deficit = Decimal(1)
    with pytest.raises(PeriodLocked, match="read-only until the quarter is reopened"):
        forecast.save()


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
