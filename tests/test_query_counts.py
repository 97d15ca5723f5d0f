"""The exact number of queries each main page makes, pinned in query_counts.json.

A change that adds a query to a page fails here and must update the file on purpose;
the tests beside each page show that the counts do not grow with the data. A page of
signed-off figures is counted twice: computed (nothing cached) and served from the
cache ("cached" in the file)."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Meeting
from workstreams.models import Workstream

PINNED = json.loads((Path(__file__).parent / "query_counts.json").read_text())
CACHED = PINNED.pop("cached")
EXPECTED = PINNED
QUERIES = {"dashboard": "?period=2023-24-Q1", "forecast": "?period=2023-24-Q1"}


def queries_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def page_url(page: str) -> str:
    kwargs = {"authority_slug": "hammersmith-fulham"}
    if page == "workstream_detail":
        kwargs["pk"] = Workstream.objects.filter(authority__slug="hammersmith-fulham").first().pk
    if page == "meeting_detail":
        kwargs["pk"] = Meeting.objects.get(starts_at__date="2023-03-14").pk
    if page == "paper_detail":
        kwargs["period_code"] = "2023-24-Q1"
    return reverse(page, kwargs=kwargs) + QUERIES.get(page, "")


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_query_count(client_for, ade, page):
    """As the H&F programme lead, who may see everything, on the demo data."""
    client = client_for(ade)
    client.get(page_url(page))  # sessions and Django's own caches warm up
    cache.clear()
    queries = queries_of(client, page_url(page))
    assert len(queries) == EXPECTED[page], queries


@pytest.mark.parametrize("page", sorted(CACHED))
def test_query_count_from_the_cache(client_for, ade, page):
    """The same page again, a third time: the user (the session comes from the cache too,
    and the membership from the worker's memory once it has read it with the page's
    generations); nothing more when the whole page comes from the cache. The programme
    lead's forecast is not cached whole (it offers to start the open quarter's
    forecast), so its key reads the periods."""
    client = client_for(ade)
    client.get(page_url(page))
    client.get(page_url(page))
    queries = queries_of(client, page_url(page))
    assert len(queries) == CACHED[page], queries
