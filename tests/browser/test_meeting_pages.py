import pytest

from reports.models import Action, Meeting
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETINGS = "/a/hammersmith-fulham/meetings/"


def test_meeting_pages_are_accessible(page, sign_in, ade, sam, demo, shots):
    meeting = Meeting.objects.filter(authority__slug="hammersmith-fulham").earliest("starts_at")
    sign_in(ade)
    page.goto(MEETINGS)
    assert page.locator("h1").inner_text() == "Schools Forum meetings"
    assert axe_violations(page) == []

    page.goto(MEETINGS + f"{meeting.pk}/")
    assert page.locator("h1").count() == 1
    assert page.locator("h2#agenda").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=shots / "meeting_detail.png", full_page=True)

    # On a phone the agenda and action tables scroll in their own region, not the page.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    page.screenshot(path=shots / "meeting_detail_375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Every attendance row has a Name, a Group and a Delete: each names its person.
    page.goto(MEETINGS + f"{meeting.pk}/attendance/")
    assert page.get_by_role("textbox", name="Name of person 1", exact=True).count() == 1
    assert page.get_by_role("textbox", name="Name of person 2", exact=True).count() == 1
    assert page.get_by_role("combobox", name="Group of person 2", exact=True).count() == 1
    assert page.get_by_role("checkbox", name="Delete person 1", exact=True).count() == 1
    assert axe_violations(page) == []

    last = page.locator("input[name$='-name']").count()
    page.fill(f"#id_form-{last - 1}-name", "Someone New")  # no group chosen
    with page.expect_navigation():
        page.click("text=Save attendance")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.inner_text().count(f"Person {last}: Select the person's group") == 1
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == f"id_form-{last - 1}-category"
    assert axe_violations(page) == []
    page.screenshot(path=shots / "meeting_attendance_error.png", full_page=True)

    page.goto(MEETINGS + f"{meeting.pk}/items/new/")
    with page.expect_navigation():
        page.click("text=Save the item")
    assert page.title().startswith("Error: ")
    page.locator(".govuk-error-summary a", has_text="title").click()
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert axe_violations(page) == []

    # Updating an action, from the meeting's page, leads back to that meeting.
    action = Action.objects.filter(item__meeting=meeting).first()
    page.goto(MEETINGS + f"actions/{action.pk}/")
    assert page.locator(".govuk-back-link").inner_text() == "Back to the meeting"
    assert axe_violations(page) == []

    page.context.clear_cookies()  # signs Ade out
    sign_in(sam)
    page.goto(MEETINGS + f"{meeting.pk}/")
    assert page.locator("a", has_text="Record attendance").count() == 0
    assert axe_violations(page) == []
