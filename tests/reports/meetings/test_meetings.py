"""A meeting's record: who reads it, the action log it carries, approved minutes that
never change, and exempt items kept from those without the right."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hnb_monitor.models import Membership
from reports.choices import ActionStatus, MeetingStatus
from reports.meetings import services
from reports.meetings.computation import carried_forward, quorum, status_at
from reports.models import Action, AgendaItem, Meeting, MinutesCorrection
from tests.forecasts.helpers import text_of
from tests.reports.meetings.conftest import MEETINGS, at

TIMELINE = "three-year timeline"


def page(client, meeting: Meeting) -> str:
    response = client.get(f"{MEETINGS}{meeting.pk}/")
    assert response.status_code == 200
    return text_of(response.content)


def later_meeting(hf, day: str, status=MeetingStatus.AGENDA_PUBLISHED) -> Meeting:
    return Meeting.objects.create(authority=hf, starts_at=at(day), status=status)


def test_quorum_counts_voting_members_only():
    listed = [("maintained_primary", "present")] * 2 + [("academies", "apologies")] * 3
    listed += [("officers", "present")] * 9
    found = quorum(listed, 40)
    assert (found.voting_members, found.present, found.needed, found.quorate) == (5, 2, 2, True)
    assert not quorum(listed, 50).quorate
    assert not quorum([("officers", "present")], 40).quorate


def test_an_action_is_carried_until_the_meeting_after_it_closed():
    march, june, october = (datetime.date(2023, m, d) for m, d in ((3, 14), (6, 27), (10, 3)))
    assert carried_forward(march, "open", None, june)
    assert not carried_forward(june, "open", None, june)  # raised at this very meeting
    assert carried_forward(march, "done", datetime.date(2023, 7, 1), june)
    assert not carried_forward(march, "done", datetime.date(2023, 7, 1), october)
    assert carried_forward(march, "done", june, june)  # closed at this meeting: shown once
    assert status_at("done", datetime.date(2023, 7, 1), june) == "open"
    assert status_at("dropped", june, june) == "dropped"


def test_the_forum_reads_the_march_record_as_seed_001_wrote_it(client_for, sam, march):
    text = page(client_for(sam), march)
    assert "Quorate 6 of 7 voting members present; 3 needed (40%)" in text
    assert "Daniel Upfield – apologies" in text
    assert "Claire Fletcher (St Paul's CE Primary) – Arrived at 2.30 pm" in text
    assert "Schools Forum noted the current position of the High Needs Block" in text
    assert "an increase to the 3 and 4 year old offer base rate from £6.39 to £6.48" in text
    assert TIMELINE in text and "See the milestone timeline" in text
    assert "Add to your calendar (.ics)" in text
    assert "Schools Forum, Tuesday 14 March 2023 at 2pm" in text and "Meeting ended 3:30pm" in text
    # A member reads the record, and changes nothing.
    assert "Record a resolution" not in text and "Add an agenda item" not in text


def test_the_forum_does_not_see_a_draft_agenda(client_for, sam, ade, june):
    assert client_for(sam).get(f"{MEETINGS}{june.pk}/").status_code == 404
    list_text = text_of(client_for(sam).get(MEETINGS).content)
    assert "27 June 2023" not in list_text and "14 March 2023" in list_text
    assert "Follow this authority's meetings" in list_text
    assert "2. Minutes of the previous meeting" in text_of(
        client_for(ade).get(f"{MEETINGS}{june.pk}/").content
    )
    assert "Minutes of 14 March 2023" in text_of(
        client_for(ade).get(f"{MEETINGS}{june.pk}/").content
    )
    assert "27 June 2023" in text_of(client_for(ade).get(MEETINGS).content)


def test_another_authority_sees_nothing(client_for, carl, march):
    assert client_for(carl).get(f"{MEETINGS}{march.pk}/").status_code == 404
    assert client_for(carl).get(MEETINGS).status_code == 404


def test_an_open_action_is_on_every_later_agenda_until_closed(client_for, ade, hf, march, june):
    october = later_meeting(hf, "2023-10-03")
    january = later_meeting(hf, "2024-01-16")
    client = client_for(ade)
    for meeting in (june, october, january):
        assert TIMELINE in log_of(client, meeting)
    action = Action.objects.get(description__contains=TIMELINE)
    response = client.post(
        f"{MEETINGS}actions/{action.pk}/",
        {
            "status": "done",
            "note": "The milestone timeline now shows the three years",
            "closed_on_day": "3",
            "closed_on_month": "10",
            "closed_on_year": "2023",
        },
    )
    assert response.status_code == 302
    # Closed at October's meeting: June's agenda still carried it, October's shows it
    # done, January's no longer has it. The March minutes keep it under item 6.
    assert TIMELINE in log_of(client, june)
    assert "Done 3 Oct 2023 The milestone timeline now shows" in log_of(client, october)
    assert TIMELINE not in log_of(client, january)
    assert TIMELINE in page(client, march)
    # Reopened, it is back on January's.
    client.post(f"{MEETINGS}actions/{action.pk}/", {"status": "open", "note": ""})
    assert TIMELINE in log_of(client, january)


def log_of(client, meeting) -> str:
    text = page(client, meeting)
    return text[text.index("Action log") : text.index("Attendance")]


def test_dropping_an_action_needs_a_reason(client_for, ade, march):
    action = Action.objects.get(description__contains=TIMELINE)
    response = client_for(ade).post(
        f"{MEETINGS}actions/{action.pk}/", {"status": "dropped", "note": " "}
    )
    assert response.status_code == 200
    assert "Say why the action is dropped" in text_of(response.content)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_approved_minutes_are_locked_and_corrected_by_a_new_decision(client_for, ade, march, june):
    client = client_for(ade)
    assert client.post(f"{MEETINGS}{june.pk}/approve-minutes/").status_code == 302
    march.refresh_from_db()
    assert march.status == MeetingStatus.MINUTES_APPROVED
    assert march.minutes_approved_at == june and march.minutes_approved_on == june.starts_at.date()
    item = march.items.get(number=6)
    before = item.minutes
    # Every way of changing the record is refused: pages, posts and the services.
    for path in (
        "edit/",
        "attendance/",
        "items/new/",
        f"items/{item.pk}/",
        f"items/{item.pk}/resolutions/new/",
        f"items/{item.pk}/actions/new/",
        f"items/{item.pk}/delete/",
    ):
        assert client.get(f"{MEETINGS}{march.pk}/{path}").status_code == 404, path
        assert client.post(f"{MEETINGS}{march.pk}/{path}", {"title": "x"}).status_code == 404
    with pytest.raises(ValidationError, match="approved as a correct record"):
        services.save_item(meeting=march, user=ade, data={"minutes": "changed"}, item=item)
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting=march, at=june, user=ade)
    item.refresh_from_db()
    assert item.minutes == before
    text = page(client, march)
    assert "Approved as a correct record at the meeting of 27 June 2023" in text
    assert "Write the minutes" not in text
    assert "This meeting agreed the minutes of 14 March 2023 as a correct record" in page(
        client, june
    )
    # A correction is a decision recorded at a later meeting, beside the minutes.
    response = client.post(
        f"{MEETINGS}{march.pk}/corrections/new/",
        {"decided_at": june.pk, "text": "Item 1: Claire Fletcher, not Clare Fletcher"},
    )
    assert response.status_code == 302
    assert "Agreed 27 June 2023: Item 1: Claire Fletcher, not Clare Fletcher" in page(client, march)
    correction = MinutesCorrection.objects.get()
    with pytest.raises(ValueError):
        correction.save()
    # Progress on its actions is still recorded: closing one is not editing the minutes.
    action = Action.objects.get(description__contains=TIMELINE)
    response = client.post(f"{MEETINGS}actions/{action.pk}/", {"status": "done", "note": "Shown"})
    assert response.status_code == 302


def test_a_correction_is_only_for_approved_minutes(client_for, ade, march, june):
    url = f"{MEETINGS}{march.pk}/corrections/new/"
    assert client_for(ade).get(url).status_code == 404
    assert client_for(ade).post(url, {"decided_at": june.pk, "text": "x"}).status_code == 404


def test_a_meeting_is_on_its_uk_day(hf):
    # 00:30 on 1 July is 23:30 on 30 June in UTC.
    meeting = later_meeting(hf, "2023-07-01", status=MeetingStatus.DRAFT)
    meeting.starts_at = at("2023-07-01", "00:30")
    assert (str(meeting), meeting.day) == ("Schools Forum, 1 July 2023", datetime.date(2023, 7, 1))


def test_minutes_are_approved_at_a_later_meeting_that_has_taken_place(ade, hf, march, june):
    with pytest.raises(ValidationError, match="later meeting"):
        services.approve_minutes(meeting=june, at=march, user=ade)
    future = later_meeting(hf, "2099-01-01")
    with pytest.raises(ValidationError, match="has not taken place"):
        services.approve_minutes(meeting=march, at=future, user=ade)


@pytest.fixture
def exempt_item(march) -> AgendaItem:
    """A Part 2 item of the March meeting with an action raised under it."""
    item = AgendaItem.objects.create(
        meeting=march,
        number=11,
        title="Falling rolls application from Ravensworth School",
        exempt=True,
        minutes="The Forum discussed the school's reserves.",
        document=b"%PDF-1.4 exempt",
        document_name="ravensworth.pdf",
        document_size=15,
        document_pages=1,
    )
    Action.objects.create(
        item=item, description="Ask Ravensworth for its recovery plan", owner="TB"
    )
    return item


def test_exempt_items_are_kept_from_members_without_the_right(
    client_for, sam, ade, hf, march, exempt_item
):
    october = later_meeting(hf, "2023-10-03")
    for meeting in (march, october):
        text = page(client_for(sam), meeting)
        assert "Ravensworth" not in text
    url = f"{MEETINGS}{march.pk}/items/{exempt_item.pk}/report.pdf"
    assert client_for(sam).get(url).status_code == 404
    assert "Ravensworth" in page(client_for(ade), march)
    assert "Ask Ravensworth for its recovery plan" in log_of(client_for(ade), october)
    Membership.objects.filter(user=sam).update(sees_exempt_items=True)
    assert "Part 2 – exempt" in page(client_for(sam), march)
    assert client_for(sam).get(url).content == b"%PDF-1.4 exempt"


def test_a_meeting_record_is_plain_values_that_store_as_json(ade, march, exempt_item):
    from hnb_monitor import plain
    from reports.meetings.selectors import MeetingRecord, meeting_record

    for sees_exempt in (True, False):
        record = meeting_record(march, sees_exempt=sees_exempt)
        assert plain.loads(MeetingRecord, plain.dumps(record)) == record
    assert len(record.items) == 10 and sum(len(item.actions) for item in record.items) == 6
