"""A milestone whose date has passed and which is not complete reads "Overdue", on the
timeline (/a/<authority>/milestones/) and on its workstream's page; "Missed" stays as
recorded."""

import datetime
import re

import pytest

from workstreams import selectors
from workstreams.models import Milestone, Workstream

TODAY = datetime.date(2026, 11, 26)
MILESTONES = [
    # title, date, recorded status, what the pages say, the tag's colour
    ("Panel redesign agreed", datetime.date(2023, 6, 30), "on_track", "Overdue", "red"),
    ("Banding consultation", datetime.date(2026, 11, 25), "not_started", "Overdue", "red"),
    ("Outreach model costed", datetime.date(2024, 3, 31), "at_risk", "Overdue", "red"),
    ("Special school plan to Cabinet", datetime.date(2023, 9, 1), "complete", "Complete", "green"),
    ("Tuition contract let", datetime.date(2023, 4, 1), "missed", "Missed", "red"),
    ("Annual review guidance", TODAY, "on_track", "On track", "blue"),
    (
        "Safety valve final payment",
        datetime.date(2027, 3, 31),
        "not_started",
        "Not started",
        "grey",
    ),
]


@pytest.fixture
def milestones(hf):
    Milestone.objects.filter(authority=hf).delete()
    workstream = Workstream.objects.filter(authority=hf).order_by("order").first()
    for title, date, status, _, _ in MILESTONES:
        Milestone.objects.create(
            authority=hf, workstream=workstream, title=title, date=date, status=status
        )
    return workstream


def test_overdue_is_read_against_the_date_given(hf, milestones):
    lines = {
        m.title: selectors.milestone_line(m, today=TODAY)
        for m in Milestone.objects.filter(authority=hf).select_related("workstream")
    }
    assert {title: line.overdue for title, line in lines.items()} == {
        title: said == "Overdue" for title, _, _, said, _ in MILESTONES
    }
    # On its own date a milestone is not overdue yet.
    early = selectors.milestone_line(
        Milestone.objects.get(title="Panel redesign agreed"), today=datetime.date(2023, 6, 30)
    )
    assert not early.overdue


def tags(html: str, before: str) -> dict[str, tuple[str, str]]:
    found = re.findall(
        before + r'([^<]+?)\s*<strong class="govuk-tag govuk-tag--(\w+)">([^<]+)</strong>', html
    )
    return {title: (words, colour) for title, colour, words in found}


def test_the_timeline_and_the_workstream_page_say_overdue(client_for, sam, milestones, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    expected = {title: (said, colour) for title, _, _, said, colour in MILESTONES}
    client = client_for(sam)
    timeline = client.get("/a/hammersmith-fulham/milestones/").content.decode()
    assert tags(timeline, "</strong> – ") == expected
    page = client.get(f"/a/hammersmith-fulham/workstreams/{milestones.pk}/").content.decode()
    assert tags(page, "</strong>: ") == expected
