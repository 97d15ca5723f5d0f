"""The summary, the case list and the tracking list (paged or printed whole) take a fixed
number of queries, however many cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hnb_monitor.models import Authority
from tests.casework.helpers import build_cases
from tests.conftest import make_member
from workstreams.models import CaseworkSettings, Cohort, Pathway, TransitionCase


@pytest.mark.parametrize(
    "page",
    [
        "",
        "cases/",
        "cases/?sort=-next_review_on&status=ongoing&review=overdue",
        "tracking/",
        "tracking/?by_day=1&by_month=3&by_year=2027&page=2",
        "tracking/print/",
    ],
)
def test_query_counts_do_not_grow_with_cases(client_for, demo, page):
    council = Authority.objects.create(name="Testshire", slug="testshire", la_code="999")
    CaseworkSettings.objects.create(authority=council, small_number_threshold=5)
    user = make_member("lee", council, "finance")
    cohorts = [Cohort.objects.create(authority=council, name=f"Cohort {i}") for i in range(3)]
    pathways = [Pathway.objects.create(authority=council, name=f"Pathway {i}") for i in range(5)]
    client = client_for(user)
    counts = []
    for size in (50, 5_000):
        TransitionCase.objects.filter(authority=council).delete()
        build_cases(council, size, cohorts, pathways, team_leader=user)
        url = f"/a/testshire/casework/{page}"
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
