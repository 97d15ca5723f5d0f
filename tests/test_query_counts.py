"""The exact number of queries each main page makes, pinned in query_counts.json.

A change that adds a query to a page fails here and must update the file on purpose;
the tests beside each page show that the counts do not grow with the data."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Meeting
from workstreams.models import Workstream

EXPECTED = json.loads((Path(__file__).parent / "query_counts.json").read_text())
QUERIES = {"dashboard": "?period=2023-24-Q1", "forecast": "?period=2023-24-Q1"}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_query_count(client_for, ade, page):
    """As the H&F programme lead, who may see everything, on the demo data."""
    kwargs = {"authority_slug": "hammersmith-fulham"}
    if page == "workstream_detail":
        kwargs["pk"] = Workstream.objects.filter(authority__slug="hammersmith-fulham").first().pk
    if page == "meeting_detail":
        kwargs["pk"] = Meeting.objects.get(starts_at__date="2023-03-14").pk
    if page == "paper_detail":
        kwargs["period_code"] = "2023-24-Q1"
    url = reverse(page, kwargs=kwargs) + QUERIES.get(page, "")
    client = client_for(ade)
    client.get(url)  # sessions and caches warm up on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries.captured_queries) == EXPECTED[page], [q["sql"] for q in queries]
