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


def test_a_locked_forecast_edit_comes_back_to_one_accessible_banner(page, sign_in, fay):
    """The lock's message and the page's own notice share one "Important" banner: two
    would be two landmarks of the same name (axe: landmark-unique)."""
    sign_in(fay)
    page.goto(f"{HF}/forecast/2023-24-Q1/edit/")
    assert page.locator("h1").inner_text() == "High level HNB forecast, Q1 2023/24"
    banners = page.locator(".govuk-notification-banner")
    assert banners.count() == 1
    text = banners.inner_text()
    assert "Q1 2023/24 is signed off: its forecast is locked" in text
    assert "Q2 2023/24 is open and has no forecast yet" in text
    assert axe_violations(page) == []


def left_edge(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["x"]


def test_the_forecast_edit_page_lines_up_with_the_header(page, sign_in, fay):
    sign_in(fay)
    page.goto(f"{HF}/forecast/start/")
    page.click("button:has-text('Start the Q2 2023/24 forecast')")
    page.goto(f"{HF}/forecast/2023-24-Q2/edit/")
    assert page.locator("h1").inner_text() == "Edit the entered lines"
    header = left_edge(page, ".govuk-generic-header__container")
    assert header > 100  # centred at 1280 px, as on every page
    assert left_edge(page, "main") == header
    assert left_edge(page, "h1") == header
    # Every year's column shows without the page itself scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


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
