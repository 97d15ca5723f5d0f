"""Meetings of the demo (seed 001's), and meetings, agenda items and packs made directly
for the alerts and the calendar, with followers of H&F who have e-mail addresses."""

import datetime
import json

import pytest
from django.utils import timezone

from reports.choices import MeetingStatus
from reports.models import AgendaItem, AgendaPack, Follow, Meeting

MEETINGS = "/a/hammersmith-fulham/meetings/"


def at(day: str, time: str = "14:00") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


@pytest.fixture
def march(hf) -> Meeting:
    """Seed 001's meeting of 14 March 2023: minutes drafted, agenda published."""
    return Meeting.objects.get(authority=hf, starts_at=at("2023-03-14"))


@pytest.fixture
def june(hf) -> Meeting:
    """Seed 001's agenda of 27 June 2023, still a draft in the demo's data."""
    return Meeting.objects.get(authority=hf, starts_at=at("2023-06-27"))


HF = "/a/hammersmith-fulham"
# Distinctive, so that a test can look for it anywhere an exempt item must not be.
EXEMPT_TITLE = "Closure of Marlowe Street Special School (confidential)"
STARTS_AT = datetime.datetime(2024, 3, 5, 14, 0, tzinfo=datetime.UTC)


def make_meeting(authority, *, status=MeetingStatus.AGENDA_PUBLISHED, **fields) -> Meeting:
    meeting = Meeting.objects.create(
        authority=authority,
        starts_at=fields.pop("starts_at", STARTS_AT),
        status=status,
        venue=fields.pop("venue", "Hammersmith Town Hall, Committee Room 1"),
        **fields,
    )
    for number, title, exempt in [
        (1, "Apologies and declarations of interest", False),
        (2, "High Needs Block monitoring, Q3 2023/24", False),
        (3, EXEMPT_TITLE, True),
    ]:
        AgendaItem.objects.create(meeting=meeting, number=number, title=title, exempt=exempt)
    return meeting


def make_pack(meeting, *, number=1, public_items=None) -> AgendaPack:
    """A published pack as the pack's publisher leaves it: the contents with every item,
    the public contents without the exempt ones (unless `public_items` says otherwise)."""
    items = [
        {
            "number": item.number,
            "title": item.title,
            "first_page": 2 * i + 2,
            "last_page": 2 * i + 3,
        }
        for i, item in enumerate(meeting.items.order_by("number"))
    ]
    exempt = set(meeting.items.filter(exempt=True).values_list("title", flat=True))
    if public_items is None:
        public_items = [item for item in items if item["title"] not in exempt]
    return AgendaPack.objects.create(
        meeting=meeting,
        number=number,
        published_at=timezone.now(),
        contents_json=json.dumps({"items": items}),
        public_contents_json=json.dumps({"items": public_items}),
        pdf=b"%PDF-1.7 whole pack",
        public_pdf=b"%PDF-1.7 public pack",
        page_count=9,
    )


def follow(user, authority, email: str | None = None):
    if email is not None:
        user.email = email
        user.save()
    Follow.objects.create(user=user, authority=authority)
    return user


@pytest.fixture
def meeting(hf) -> Meeting:
    return make_meeting(hf)


@pytest.fixture
def followers(hf, sam, olu, fay):
    """Sam (Forum) and Olu (officer) follow H&F with addresses; Fay follows without one."""
    follow(sam, hf, "sam@school.example.org")
    follow(olu, hf, "olu@lbhf.example.gov.uk")
    follow(fay, hf)
    return [sam, olu, fay]
