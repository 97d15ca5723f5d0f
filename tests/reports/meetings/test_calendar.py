"""A meeting for the member's calendar: one event, its exempt items left out."""

import datetime

from django.template.loader import render_to_string
from icalendar import Calendar

from reports.choices import MeetingStatus

from .conftest import EXEMPT_TITLE, HF, STARTS_AT, make_meeting


def ics_of(client, meeting):
    return client.get(f"{HF}/meetings/{meeting.pk}/meeting.ics")


def event_of(response):
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_meeting_downloads_as_one_calendar_event(meeting, sam, client_for):
    response = ics_of(client_for(sam), meeting)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="hammersmith-fulham-schools-forum-2024-03-05.ics"'
    )
    event = event_of(response)
    assert event.decoded("DTSTART") == STARTS_AT
    assert event.decoded("DTEND") == STARTS_AT + datetime.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Hammersmith & Fulham Schools Forum"
    assert str(event["LOCATION"]) == "Hammersmith Town Hall, Committee Room 1"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@hammersmith-fulham.hnb-monitor"
    assert event.decoded("DTSTAMP") is not None
    description = str(event["DESCRIPTION"])
    assert f"https://hnb.example.gov.uk{HF}/meetings/{meeting.pk}/" in description
    assert "1. Apologies and declarations of interest" in description
    assert "2. High Needs Block monitoring, Q3 2023/24" in description


def test_an_exempt_item_is_not_in_the_calendar_even_for_staff(meeting, ade, client_for):
    response = ics_of(client_for(ade), meeting)
    assert response.status_code == 200
    assert EXEMPT_TITLE not in str(event_of(response)["DESCRIPTION"])
    # Anywhere in the file, with its long lines unfolded.
    assert EXEMPT_TITLE.encode() not in response.content.replace(b"\r\n ", b"")
    assert b"Marlowe" not in response.content.replace(b"\r\n ", b"")


def test_the_uid_is_the_same_each_time_so_a_calendar_updates_the_event(meeting, olu, client_for):
    client = client_for(olu)
    first, again = event_of(ics_of(client, meeting)), event_of(ics_of(client, meeting))
    assert first["UID"] == again["UID"]


def test_a_recorded_end_and_a_remote_meeting(hf, olu, client_for):
    ends_at = STARTS_AT + datetime.timedelta(hours=1, minutes=30)
    meeting = make_meeting(hf, ends_at=ends_at, venue="", remote=True)
    event = event_of(ics_of(client_for(olu), meeting))
    assert event.decoded("DTEND") == ends_at
    assert str(event["LOCATION"]) == "Held remotely"


def test_a_forum_member_gets_no_draft_meeting(hf, sam, olu, client_for):
    draft = make_meeting(hf, status=MeetingStatus.DRAFT)
    assert ics_of(client_for(sam), draft).status_code == 404
    assert ics_of(client_for(olu), draft).status_code == 200


def test_another_authoritys_member_gets_404(meeting, carl, client_for):
    assert ics_of(client_for(carl), meeting).status_code == 404


def test_a_meeting_of_another_authority_is_not_reached_through_this_one(cambs, olu, client_for):
    theirs = make_meeting(cambs)
    assert ics_of(client_for(olu), theirs).status_code == 404


def test_the_calendar_link(meeting, hf):
    html = render_to_string(
        "reports/meetings/calendar_link.html", {"authority": hf, "meeting": meeting}
    )
    assert f'href="{HF}/meetings/{meeting.pk}/meeting.ics"' in html
    assert "Add to your calendar (.ics)" in html
