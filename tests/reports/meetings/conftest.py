import datetime

import pytest
from django.utils import timezone

from reports.models import Meeting

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
