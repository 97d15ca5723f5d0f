"""The risk register (/a/<authority>/risks/): open risks first, then the highest score
(likelihood × impact), then by title."""

import re

from workstreams.models import Risk

URL = "/a/hammersmith-fulham/risks/"


def risk_titles(response) -> list[str]:
    """The titles in the order the table's rows give them."""
    return re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)', response.content.decode()
    )


def test_the_demo_register_is_ordered_by_score_then_title(client_for, sam):
    response = client_for(sam).get(URL)
    assert response.status_code == 200
    # The demo's five H&F risks, all open, scored 20, 12, 12, 9 and 9; ties go by title.
    assert risk_titles(response) == [
        "Gap between funding and cost for SEND children in mainstream provision",
        "Forecast falls short of the safety valve agreement in 2024/25 and 2025/26",
        "SEN Sufficiency saving met only by one-off Section 106 funding",
        "Outreach Services graduated model not yet scoped or costed",
        "SLCN early intervention saving depends on school engagement with the JCT offer",
    ]


def test_closed_risks_come_after_every_open_one_whatever_their_score(client_for, hf, olu):
    Risk.objects.filter(authority=hf).delete()
    for title, likelihood, impact, status in [
        ("Closed, scored 25", 5, 5, "closed"),
        ("Open, scored 2", 1, 2, "open"),
        ("Closed, also scored 4", 2, 2, "closed"),
        ("Open, scored 16", 4, 4, "open"),
        ("Closed, scored 4", 4, 1, "closed"),
        ("An open risk scored 2", 2, 1, "open"),
    ]:
        Risk.objects.create(
            authority=hf,
            title=title,
            likelihood=likelihood,
            impact=impact,
            owner="Head of SEND",
            status=status,
        )
    response = client_for(olu).get(URL)
    assert risk_titles(response) == [
        "Open, scored 16",
        "An open risk scored 2",
        "Open, scored 2",
        "Closed, scored 25",
        "Closed, also scored 4",
        "Closed, scored 4",
    ]
    page = response.content.decode()
    assert "<strong>16</strong> (high)" in page and "<strong>2</strong> (low)" in page


def test_an_empty_register_says_so(client_for, hf, olu):
    Risk.objects.filter(authority=hf).delete()
    response = client_for(olu).get(URL)
    assert risk_titles(response) == []
    assert "No risks recorded yet." in response.content.decode()


def test_the_demo_register_shows_no_internal_source_notes(client_for, sam):
    """Which seed paper a sentence came from is kept in the fixtures, not shown to users."""
    from tests.forecasts.helpers import text_of

    text = text_of(client_for(sam).get(URL).content)
    assert "Further targeted work is underway" in text
    assert "seed" not in text.lower()


def test_no_demo_page_shows_internal_source_notes(client_for, hf, cambs):
    """Risks, measures and override reasons: every authority's workstream pages, register
    and timeline."""
    from hnb_monitor.models import Authority
    from tests.conftest import make_member
    from tests.forecasts.helpers import text_of
    from workstreams.models import Workstream

    for authority in Authority.objects.all():
        client = client_for(make_member(f"lead-{authority.slug}", authority, "programme_lead"))
        base = f"/a/{authority.slug}"
        paths = [f"{base}/risks/", f"{base}/milestones/"] + [
            f"{base}/workstreams/{pk}/"
            for pk in Workstream.objects.filter(authority=authority).values_list("pk", flat=True)
        ]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert "seed" not in text_of(response.content).lower(), path
