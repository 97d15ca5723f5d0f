"""The demo's Schools Forum meetings (seed 001): H&F's meeting of 14 March 2023 with its
attendance, minutes, decisions and actions as written, and the agenda of 27 June 2023
with the Q1 2023/24 paper as its High Needs Block item. With the paper published, both
agenda packs are published as they were (7 and 20 June 2023)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from hnb_monitor.demo import Tally, period_for, read_fixture
from hnb_monitor.models import Authority
from reports.choices import ItemKind
from reports.meetings.publishing import publish_agenda
from reports.models import Action, AgendaItem, Attendee, Meeting, Paper, PublishedPaper, Resolution

DEMO_CLERK = "demo-admin"
# When each demo meeting's agenda pack was published, by the meeting's start.
PACKS_PUBLISHED = {
    "2023-03-14T14:00": "2023-03-07T09:00",
    "2023-06-27T14:00": "2023-06-20T09:00",
}
# The June pack's High Needs Block item is this paper: without it published (load_demo
# --without-paper, as the tests load it) no pack is printed, which keeps that quick.
PACK_PAPER = ("hammersmith-fulham", "2023-24-Q1")


def aware(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def load_meetings(tally: Tally) -> list[Meeting]:
    """Each demo meeting once: a meeting already there (by its authority and start) is
    left as it is, with whatever has been recorded on it since."""
    loaded = []
    clerk = get_user_model().objects.filter(username=DEMO_CLERK).first()
    for entry in read_fixture("meetings.json")["meetings"]:
        authority = Authority.objects.get(slug=entry["authority"])
        starts_at = aware(entry["starts_at"])
        meeting = Meeting.objects.filter(authority=authority, starts_at=starts_at).first()
        if meeting is None:
            meeting = create_meeting(authority, entry, clerk)
            tally.count("created")
        loaded.append(meeting)
    publish_packs(loaded, clerk, tally)
    return loaded


def publish_packs(meetings: list[Meeting], clerk, tally: Tally) -> None:
    """Each demo meeting's first pack, in date order, if it has none yet."""
    if not PublishedPaper.objects.filter(paper__period=period_for(*PACK_PAPER)).exists():
        return
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        published_at = PACKS_PUBLISHED.get(timezone.localtime(meeting.starts_at).isoformat()[:16])
        if published_at and not meeting.packs.exists():
            publish_agenda(meeting=meeting, user=clerk, now=aware(published_at))
            tally.count("published")


def create_meeting(authority: Authority, entry: dict, clerk) -> Meeting:
    meeting = Meeting.objects.create(
        authority=authority,
        starts_at=aware(entry["starts_at"]),
        ends_at=aware(entry["ends_at"]),
        remote=entry["remote"],
        venue=entry["venue"],
        observer_contact=entry["observer_contact"],
        chair=entry["chair"],
        clerk=clerk,
        status=entry["status"],
        opening_remarks=entry["opening_remarks"],
    )
    Attendee.objects.bulk_create(
        Attendee(
            meeting=meeting,
            name=name,
            organisation=organisation,
            category=category,
            attendance=attendance,
            note=note,
            order=order,
        )
        for order, (name, organisation, category, attendance, note) in enumerate(entry["attendees"])
    )
    for item in entry["items"]:
        create_item(meeting, item)
    return meeting


def create_item(meeting: Meeting, entry: dict) -> AgendaItem:
    paper = None
    if entry.get("paper"):
        paper = Paper.objects.filter(
            period=period_for(meeting.authority.slug, entry["paper"])
        ).first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=entry["number"],
        title=entry["title"],
        kind=entry.get("kind", ItemKind.BUSINESS),
        summary=entry.get("summary", ""),
        presenter=entry.get("presenter", ""),
        purpose=entry.get("purpose", ""),
        paper=paper,
        minutes=entry.get("minutes", ""),
    )
    for text in entry.get("resolutions", []):
        Resolution.objects.create(item=item, text=text)
    for description, owner, due, *page in entry.get("actions", []):
        Action.objects.create(
            item=item,
            description=description,
            owner=owner,
            due_on=datetime.date.fromisoformat(due) if due else None,
            answered_by=page[0] if page else "",
        )
    return item
