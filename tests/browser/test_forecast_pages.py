import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HF = "/a/hammersmith-fulham"


def test_finance_starts_and_edits_a_forecast_and_every_page_is_accessible(page, sign_in, fay):
    sign_in(fay)
    page.goto(f"{HF}/forecast/")
    assert page.locator("h1").inner_text() == "High level HNB forecast, Q1 2023/24"
    assert axe_violations(page) == []

    page.click("text=Start it from the latest forecast")
    assert axe_violations(page) == []
    page.click("button:has-text('Start the Q2 2023/24 forecast')")
    assert page.locator("h1").inner_text() == "High level HNB forecast, Q2 2023/24"

    page.click("text=Edit entered lines")
    assert axe_violations(page) == []
    page.fill("#id_investment__2024", "2.9 million")
    page.click("button:has-text('Save the forecast')")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Investment, 2024/25" in summary and "2.9 million" in summary
    assert axe_violations(page) == []
    page.fill("#id_investment__2024", "£3,002,020")
    page.click("button:has-text('Save the forecast')")
    assert "Forecast saved (1 change)" in page.locator(".govuk-notification-banner").inner_text()
    movement = page.locator("table", has_text="Movement since Q1 2023/24")
    assert "100,000" in movement.locator("tr", has_text="Investment").inner_text()

    page.click("text=Edit Schedule B")
    assert page.locator("h1").inner_text() == "Edit Schedule B"
    assert axe_violations(page) == []


def test_history_page_is_accessible(page, sign_in, carl):
    sign_in(carl)
    page.goto("/a/cambridgeshire/history/")
    assert page.locator("h1").inner_text() == "High Needs history and projection"
    assert "39,264" in page.locator("table").first.inner_text()
    assert axe_violations(page) == []
    page.click("text=Edit the history")
    assert page.locator("h1").inner_text() == "Edit the High Needs history"
    assert axe_violations(page) == []
    page.goto("/a/cambridgeshire/history/")
    page.click("text=SEND Transformation")
    assert page.locator("h1").inner_text() == "Change SEND Transformation"
    assert axe_violations(page) == []
    page.goto("/a/cambridgeshire/history/")
    assert "As the council states it" in page.locator("body").inner_text()
    page.click("text=Change the projection as the council states it")
    assert page.locator("h1").inner_text() == "The projection as the council states it"
    assert axe_violations(page) == []
