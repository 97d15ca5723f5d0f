"""The monthly tracking meeting's list: open cases with a review due by a date, 50 a page,
and the whole list for paper."""

import datetime

import pytest
from django.utils import timezone

from tests.casework.helpers import HF, build_cases, tables_of
from workstreams.models import Cohort, TransitionCase

CAPTION = "Cases due for review by"


def references(response) -> list[str]:
    [rows] = [rows for caption, rows in tables_of(response).items() if caption.startswith(CAPTION)]
    return [row[0] for row in rows[1:]]


def test_the_tracking_list_shows_open_cases_due_by_a_date(client_for, olu, hf):
    today = timezone.localdate()
    TransitionCase.objects.filter(authority=hf).update(next_review_on=None)
    due = {
        "PFA-0023": today - datetime.timedelta(days=3),
        "PFA-0029": today + datetime.timedelta(days=20),
        "PFA-0030": today + datetime.timedelta(days=40),
        "PFA-0001": today,  # transitioned: not discussed
    }
    for reference, date in due.items():
        TransitionCase.objects.filter(reference=reference).update(next_review_on=date)
    client = client_for(olu)
    response = client.get(HF + "tracking/")
    assert references(response) == ["PFA-0023", "PFA-0029"]
    body = response.content.decode()
    assert "Overdue" in body
    assert "<strong>2</strong> cases due for review" in body
    assert "Print the full list (2 cases)" in body
    later = today + datetime.timedelta(days=40)
    response = client.get(
        HF + f"tracking/?by_day={later.day}&by_month={later.month}&by_year={later.year}"
    )
    assert references(response) == ["PFA-0023", "PFA-0029", "PFA-0030"]
    assert f"reviews due by {later:%-d %B %Y}" in response.content.decode()
    response = client.get(HF + "tracking/?by_day=31&by_month=2&by_year=2027")
    body = response.content.decode()
    assert "Reviews due by must be a real date" in body
    assert "Print the full list" not in body
    TransitionCase.objects.filter(authority=hf).update(team_leader=None)
    TransitionCase.objects.filter(reference="PFA-0029").update(team_leader=olu)
    response = client.get(HF + f"tracking/?team_leader={olu.pk}")
    assert references(response) == ["PFA-0029"]


@pytest.fixture
def due_cases(hf, olu):
    """120 open cases due for review by 1 March 2026 (T-00000 the earliest, a day apart),
    Olu's every other one; the demo's own cases are reviewed later than that."""
    TransitionCase.objects.filter(authority=hf).update(next_review_on=datetime.date(2027, 1, 1))
    cohort = Cohort.objects.filter(authority=hf).first()
    build_cases(hf, 120, cohort, None, status="ongoing")
    for i, case in enumerate(TransitionCase.objects.filter(reference__startswith="T-")):
        case.next_review_on = datetime.date(2025, 9, 1) + datetime.timedelta(days=i)
        case.team_leader = olu if i % 2 == 0 else None
        case.save(update_fields=["next_review_on", "team_leader"])
    return [f"T-{i:05d}" for i in range(120)]


BY = "by_day=1&by_month=3&by_year=2026"


def test_the_list_shows_50_cases_a_page_keeping_its_filters(client_for, olu, due_cases):
    client = client_for(olu)
    response = client.get(HF + f"tracking/?{BY}")
    assert references(response) == due_cases[:50]
    body = response.content.decode()
    assert "<strong>120</strong> cases due for review" in body
    assert "Showing 1 to 50." in body
    assert '<nav class="govuk-pagination" aria-label="Pages of cases due for review">' in body
    # The page links repeat the date asked for; the print link gives it but no page.
    assert f'href="?{BY.replace("&", "&amp;")}&amp;page=3" aria-label="Page 3"' in body
    assert (
        f'href="{HF}tracking/print/?{BY.replace("&", "&amp;")}">Print the full list (120 cases)'
        in body
    )

    response = client.get(HF + f"tracking/?{BY}&page=3")
    assert references(response) == due_cases[100:]
    assert "Showing 101 to 120." in response.content.decode()
    assert "page 3 of 3" in response.content.decode()
    # The form keeps the date asked for, not the page.
    assert response.context["form"]["by"].value() == ["1", "3", "2026"]

    response = client.get(HF + f"tracking/?{BY}&team_leader={olu.pk}&page=2")
    assert references(response) == due_cases[100::2]
    assert "team_leader=" in response.content.decode().split('aria-label="Page 1"')[0][-120:]


@pytest.mark.parametrize(
    "page, shown", [("9", 3), ("0", 3), ("-1", 3), ("99999999999999999999", 3), ("last", 1)]
)
def test_a_page_out_of_range_shows_the_last_one(client_for, olu, due_cases, page, shown):
    """As the case list does: a page number out of range gives the last page, and what is
    not a number the first."""
    response = client_for(olu).get(HF + f"tracking/?{BY}&page={page}")
    assert references(response) == due_cases[(shown - 1) * 50 :][:50]


def test_the_print_version_lists_every_case_for_paper(client_for, olu, due_cases):
    client = client_for(olu)
    response = client.get(HF + f"tracking/print/?{BY}&page=2")
    assert references(response) == due_cases
    body = response.content.decode()
    assert "Transition tracking meeting: reviews due by 1 March 2026</h1>" in body
    assert "Cases of every team leader: <strong>120</strong> open cases" in body
    assert f"Printed {timezone.localdate():%-d %B %Y}" in body
    # Nothing to click on paper: no links to the cases, no filters, no pages.
    assert "/casework/cases/" not in body
    assert "govuk-pagination" not in body
    assert 'name="by_day"' not in body
    assert 'class="govuk-button hnb-print-button"' in body
    assert f'href="{HF}tracking/?{BY.replace("&", "&amp;")}" class="govuk-back-link"' in body

    response = client.get(HF + f"tracking/print/?{BY}&team_leader={olu.pk}")
    assert references(response) == due_cases[::2]
    assert "Cases of olu: <strong>60</strong> open cases" in response.content.decode()


def test_the_print_version_of_a_wrong_date_goes_back_to_the_list(client_for, olu, demo):
    response = client_for(olu).get(HF + "tracking/print/?by_day=31&by_month=2&by_year=2027")
    assert response.status_code == 302
    assert response["Location"] == HF + "tracking/?by_day=31&by_month=2&by_year=2027"
