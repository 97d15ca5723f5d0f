"""The monthly tracking meeting's list: open cases with a review due by a date."""

import datetime

from django.utils import timezone

from tests.casework.helpers import HF
from workstreams.models import TransitionCase


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
    assert [case.reference for case in response.context["cases"]] == ["PFA-0023", "PFA-0029"]
    body = response.content.decode()
    assert "Overdue" in body and "Print this page" in body
    later = today + datetime.timedelta(days=40)
    response = client.get(
        HF + f"tracking/?by_day={later.day}&by_month={later.month}&by_year={later.year}"
    )
    assert [case.reference for case in response.context["cases"]] == [
        "PFA-0023",
        "PFA-0029",
        "PFA-0030",
    ]
    assert f"reviews due by {later:%-d %B %Y}" in response.content.decode()
    response = client.get(HF + "tracking/?by_day=31&by_month=2&by_year=2027")
    assert "Reviews due by must be a real date" in response.content.decode()
    TransitionCase.objects.filter(authority=hf).update(team_leader=None)
    TransitionCase.objects.filter(reference="PFA-0029").update(team_leader=olu)
    response = client.get(HF + f"tracking/?team_leader={olu.pk}")
    assert [case.reference for case in response.context["cases"]] == ["PFA-0029"]
