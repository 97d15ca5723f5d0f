import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import build_in_signed_off_q1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(hf, olu):
    return build_in_signed_off_q1(hf, workstreams=4, lead=olu)


def test_officer_enters_a_return_and_every_page_is_accessible(page, sign_in, olu, programme, shots):
    sign_in(olu)
    page.goto("/a/hammersmith-fulham/dashboard/?period=2023-24-Q1")
    assert page.locator("h1").inner_text() == "Savings dashboard, Q1 2023/24"
    assert axe_violations(page) == []
    page.screenshot(path=shots / "dashboard.png", full_page=True)

    page.click(f"text={programme[0].name}")
    assert page.locator("h1").inner_text() == programme[0].name
    assert axe_violations(page) == []

    page.goto("/a/hammersmith-fulham/returns/")
    assert axe_violations(page) == []
    page.click("text=Start the return for Workstream 002")
    assert page.locator("#id_forecast_outturn").input_value() == "1,500"
    page.fill("#id_forecast_outturn", "12,34")
    page.click("button[value=save]")
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []
    page.screenshot(path=shots / "return_error.png", full_page=True)
    page.fill("#id_forecast_outturn", "(1,200)")
    page.fill("#id_recovery_actions", "Recovery plan agreed with the provider")
    page.fill("#id_next_steps", "Review the plan with the provider in October")
    page.click("button[value=submit]")
    assert (
        "return submitted for approval" in page.locator(".govuk-notification-banner").inner_text()
    )
    for path in [
        "/a/hammersmith-fulham/risks/",
        "/a/hammersmith-fulham/milestones/",
        "/a/hammersmith-fulham/rag-rule/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
