import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_and_home_are_accessible_and_work_without_errors(page, sign_in, olu):
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    page.fill("#id_username", "olu")
    page.fill("#id_password", "wrong")
    page.click("button.govuk-button")
    assert page.title() == "Error: Sign in – HNB Monitor"
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []

    sign_in(olu)
    assert page.url.endswith("/a/hammersmith-fulham/")
    assert page.locator("h1").inner_text() == "Hammersmith & Fulham"
    assert axe_violations(page) == []
    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    # GOV.UK Frontend's JavaScript ran under the content security policy.
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert console_errors == []
