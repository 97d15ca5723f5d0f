import datetime

import pytest

from tests.browser.conftest import axe_violations
from tests.casework.helpers import build_cases
from workstreams.models import Cohort, TransitionCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HF = "/a/hammersmith-fulham/casework/"


def test_casework_pages_are_accessible(page, sign_in, olu, sam, demo, shots):
    sign_in(olu)
    page.goto(HF + "cases/")
    assert page.locator("h1").inner_text() == "Preparing for Adulthood cases"
    assert page.locator("#case-count").inner_text().startswith("58 cases")
    assert axe_violations(page) == []
    page.screenshot(path=shots / "casework_list.png", full_page=True)

    page.select_option("#id_status", "ongoing")
    page.click("text=Apply filters")
    assert page.locator("#case-count").inner_text().startswith("29 cases match")

    page.goto(HF)
    assert page.locator("h1").inner_text() == "Preparing for Adulthood transitions"
    assert axe_violations(page) == []
    page.screenshot(path=shots / "casework_summary.png", full_page=True)

    page.goto(HF + "cases/add/")
    page.fill("#id_reference", "John Smith")
    page.fill("#id_identified_on_0", "31")
    page.fill("#id_identified_on_1", "2")
    page.fill("#id_identified_on_2", "2024")
    page.click("text=Save case")
    assert page.title().startswith("Error: ")
    assert (
        "Date identified for transition must be a real date"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert axe_violations(page) == []
    page.screenshot(path=shots / "casework_add_error.png", full_page=True)

    case = TransitionCase.objects.get(reference="PFA-0033")
    for path in ["tracking/", "deadlines/", f"cases/{case.pk}/", f"cases/{case.pk}/edit/"]:
        page.goto(HF + path)
        assert axe_violations(page) == [], path


def test_the_tracking_list_pages_and_prints_in_full(page, sign_in, olu, hf, shots):
    cohort = Cohort.objects.filter(authority=hf).first()
    build_cases(hf, 70, cohort, None, status="ongoing")
    TransitionCase.objects.filter(reference__startswith="T-").update(
        next_review_on=datetime.date(2026, 2, 1)
    )
    sign_in(olu)
    page.goto(HF + "tracking/?by_day=1&by_month=3&by_year=2026")
    assert page.locator("#case-count").inner_text().startswith("70 cases due for review")
    assert page.locator("nav.govuk-pagination").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=shots / "casework_tracking.png", full_page=True)
    page.click(".govuk-pagination__next a")
    page.wait_for_url("**&page=2")
    assert page.locator("table.hnb-tracking tbody tr").count() == 20
    assert "Showing 51 to 70." in page.locator("#case-count").inner_text()

    page.click("text=Print the full list (70 cases)")
    page.wait_for_url("**/tracking/print/?by_day=1&by_month=3&by_year=2026")
    assert page.locator("table.hnb-tracking tbody tr").count() == 70
    assert page.locator(".hnb-print-button").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=shots / "casework_tracking_print.png", full_page=True)
    page.emulate_media(media="print")
    assert not page.locator("header.govuk-template__header").is_visible()
    assert not page.locator(".govuk-back-link").is_visible()
    assert not page.locator(".hnb-print-button").is_visible()
    head = page.locator("table.hnb-tracking thead")
    assert head.evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert (
        page.locator("table.hnb-tracking tbody tr").first.evaluate(
            "e => getComputedStyle(e).breakInside"
        )
        == "avoid"
    )
    page.screenshot(path=shots / "casework_tracking_printed.png")
    page.pdf(path=shots / "casework_tracking.pdf", format="A4")
    page.emulate_media(media="screen")


def test_a_forum_member_sees_the_summary_only(page, sign_in, sam, demo):
    sign_in(sam)
    page.goto(HF)
    assert page.locator("text=Cases by cohort and status").is_visible()
    assert page.locator("a[href$='/casework/cases/']").count() == 0
    assert axe_violations(page) == []


def test_personal_details_redaction_and_deletion_pages_are_accessible(
    page, sign_in, olu, ade, demo
):
    sign_in(olu)
    case = TransitionCase.objects.get(reference="PFA-0033")
    page.goto(HF + f"cases/{case.pk}/edit/")
    page.fill("#id_notes", "Moving to supported living near W6 9JU")
    page.click("text=Save case")
    assert "may hold a postcode (W6 9JU)" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#personal-details-warning").is_visible()
    assert axe_violations(page) == []
    page.check("#id_confirm_no_personal_details")
    page.click("text=Save case")
    assert page.locator("h1").inner_text() == "PFA-0033"

    page.context.clear_cookies()  # signs Olu out
    sign_in(ade)
    page.goto(HF + f"cases/{case.pk}/")
    assert axe_violations(page) == []
    page.locator("a", has_text="Redact").first.click()
    assert page.locator("h1").inner_text() == "Redact these notes from the history"
    assert axe_violations(page) == []
    page.goto(HF + f"cases/{case.pk}/")
    page.click("text=Delete this case")
    assert page.locator("h1").inner_text() == "Are you sure you want to delete case PFA-0033?"
    assert axe_violations(page) == []
