"""A RAG set by judgement shows why wherever the return's RAG is shown with its detail.

The demo's judged RAGs (the council's paper lost their colours) have no suggested RAG beside
them. Fay is H&F finance.
"""

import pytest
from django.utils.html import escape

from hnb_monitor.choices import Audience
from workstreams.models import QuarterlyReturn
from workstreams.selectors import workstream_page

JUDGED = "Rated by judgement from the quarter's progress update"


@pytest.fixture
def judged(hf):
    judged = QuarterlyReturn.objects.filter(
        workstream__authority=hf, override_reason=JUDGED, suggested_rag=""
    ).exclude(rag_override="")
    assert judged.count() == 7
    return judged.select_related("workstream").first()


def test_the_return_page_shows_a_judged_rag_and_its_reason(client_for, fay, judged):
    body = client_for(fay).get(f"/a/hammersmith-fulham/returns/{judged.pk}/").content.decode()
    assert escape(f"Set by judgement: no RAG is suggested from the figures: {JUDGED}") in body


def test_the_workstream_page_shows_each_override_reason(client_for, fay, judged):
    page = workstream_page(workstream=judged.workstream, audience=Audience.STAFF)
    ref = next(r for r in page.returns if r.id == judged.pk)
    assert (ref.rag_override, ref.override_reason) == (judged.rag_choice, JUDGED)
    url = f"/a/hammersmith-fulham/workstreams/{judged.workstream_id}/"
    body = client_for(fay).get(url).content.decode()
    assert escape(f"Set by judgement: {JUDGED}") in body


def test_cambridgeshire_shows_its_fourteen_judged_rags(client_for, carl, cambs):
    reason = JUDGED
    judged = QuarterlyReturn.objects.filter(workstream__authority=cambs, override_reason=reason)
    assert judged.exclude(rag_override="").count() == 14
    client = client_for(carl)
    for quarterly_return in judged:
        body = client.get(f"/a/cambridgeshire/returns/{quarterly_return.pk}/").content.decode()
        assert escape(reason) in body
