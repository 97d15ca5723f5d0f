"""The demo's Schools Forum paper: H&F's Q1 2023/24 update, published as in June 2023."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from hnb_monitor.demo import Tally, period_for, read_fixture
from hnb_monitor.locking import model_update
from reports.models import Paper
from reports.services import publish_paper, start_paper


def load_papers(tally: Tally, *, publish: bool = True) -> None:
    for entry in read_fixture("papers.json")["papers"]:
        period = period_for(entry["authority"], entry["period"])
        paper = Paper.objects.filter(period=period).first()
        if paper is None:
            paper = start_paper(period=period, user=None)
            tally.count("created")
        front = dict(entry["front_matter"])
        if front["meeting_date"]:
            front["meeting_date"] = datetime.date.fromisoformat(front["meeting_date"])
        # Until published, the demo's words win over anything typed into it since.
        if not paper.versions.exists() and model_update(instance=paper, data=front):
            tally.count("updated")
        if publish and entry["publish"] and not paper.versions.exists():
            publish_paper(paper=paper, user=publisher(entry), now=published_at(entry))
            tally.count("published")


def publisher(entry):
    return get_user_model().objects.filter(username=entry["published_by"]).first()


def published_at(entry) -> datetime.datetime:
    day = datetime.date.fromisoformat(entry["published_on"])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
