"""Changing the RAG rule re-rates the open, not-yet-approved returns, and nothing else.

Finance sets the rule on /a/<authority>/rag-rule/. Approved returns keep the RAG they
were approved with; a signed-off quarter's returns never move.
"""

import pytest

from tests.conftest import build_in_signed_off_q1
from workstreams.models import QuarterlyReturn, RagRule

RULE_URL = "/a/hammersmith-fulham/rag-rule/"
Q2 = "2023-24-Q2"


@pytest.fixture
def programme(hf, olu):
    """Three workstreams led by Olu, with 2023/24 targets of £1,000, £2,000 and £3,000 and
    approved Q1 returns forecasting 100%, 80% and 50% of them; Q1 is signed off, Q2 open."""
    return build_in_signed_off_q1(hf, workstreams=3, lead=olu)


def enter_q2_return(client, workstream, *, forecast, action="save", **fields):
    data = {
        "delivered_to_date": "0",
        "forecast_outturn": forecast,
        "rag_override": "",
        "override_reason": "",
        "progress_update": "On track",
        "next_steps": "Agree the next quarter's plan",
        "risks_and_mitigations": "",
        "recovery_actions": "Weekly review with the provider",
        "version": "0",
        "action": action,
    }
    response = client.post(
        f"/a/hammersmith-fulham/returns/{workstream.pk}/{Q2}/edit/", data | fields
    )
    assert response.status_code == 302
    return QuarterlyReturn.objects.get(workstream=workstream, period__quarter=2)


def set_rule(client, green_from, amber_from):
    return client.post(RULE_URL, {"green_from": green_from, "amber_from": amber_from})


def test_open_returns_are_re_rated_and_approved_or_signed_off_ones_are_not(
    client_for, olu, fay, programme
):
    officer = client_for(olu)
    # 90% of target each: amber under the default rule (green from 100%, amber from 75%).
    draft = enter_q2_return(officer, programme[0], forecast="900")
    submitted = enter_q2_return(officer, programme[1], forecast="1,800", action="submit")
    approved = enter_q2_return(officer, programme[2], forecast="2,700", action="submit")
    finance = client_for(fay)
    finance.post(
        f"/a/hammersmith-fulham/returns/{approved.pk}/",
        {"action": "approve", "version": approved.version},
    )
    approved.refresh_from_db()
    assert [(r.status, r.suggested_rag, r.rag) for r in (draft, submitted, approved)] == [
        ("draft", "amber", "amber"),
        ("submitted", "amber", "amber"),
        ("approved", "amber", "amber"),
    ]
    signed_off = QuarterlyReturn.objects.get(workstream=programme[2], period__quarter=1)
    assert (signed_off.suggested_rag, signed_off.rag) == ("red", "red")  # 50% of target
    versions = {r.pk: r.version for r in (draft, submitted, approved, signed_off)}

    response = set_rule(finance, "90", "50")
    assert response.status_code == 302
    assert response.headers["Location"] == RULE_URL

    for quarterly_return in (draft, submitted, approved, signed_off):
        quarterly_return.refresh_from_db()
    assert (draft.suggested_rag, draft.rag) == ("green", "green")
    assert draft.version == versions[draft.pk] + 1
    assert (submitted.suggested_rag, submitted.rag, submitted.status) == (
        "green",
        "green",
        "submitted",
    )
    assert draft.history.first().history_change_reason == "RAG rule changed"
    # Approved in the open quarter: keeps its rating until sent back.
    assert (approved.suggested_rag, approved.rag) == ("amber", "amber")
    assert approved.version == versions[approved.pk]
    # Signed off: 50% would be amber now, but its figures are locked.
    assert (signed_off.suggested_rag, signed_off.rag) == ("red", "red")
    assert signed_off.version == versions[signed_off.pk]
    assert signed_off.history.count() == 1


def test_the_page_shows_the_new_rule_to_every_member(client_for, fay, sam, programme):
    set_rule(client_for(fay), "90", "50")
    assert RagRule.objects.get(authority__slug="hammersmith-fulham").green_from == 90
    page = client_for(sam).get(RULE_URL).content.decode()
    assert "forecast at 90% of target or more" in page
    assert "Amber (Some risk – closely monitor): from 50%" in page
    assert "Save rule" not in page  # a forum member reads the rule, never sets it


def test_an_override_the_new_rule_agrees_with_is_dropped_with_its_reason(
    client_for, olu, fay, programme
):
    officer = client_for(olu)
    agreed = enter_q2_return(
        officer,
        programme[0],
        forecast="900",
        rag_override="green",
        override_reason="Contract signed after the quarter",
    )
    kept = enter_q2_return(
        officer,
        programme[1],
        forecast="1,800",
        rag_override="red",
        override_reason="Provider has given notice",
    )
    assert (agreed.suggested_rag, agreed.rag_override, agreed.rag) == ("amber", "green", "green")

    set_rule(client_for(fay), "90", "50")
    agreed.refresh_from_db()
    kept.refresh_from_db()
    assert (agreed.suggested_rag, agreed.rag_override, agreed.override_reason, agreed.rag) == (
        "green",
        "",
        "",
        "green",
    )
    assert (kept.suggested_rag, kept.rag_override, kept.override_reason, kept.rag) == (
        "green",
        "red",
        "Provider has given notice",
        "red",
    )


def test_a_refused_rule_re_rates_nothing(client_for, olu, fay, programme):
    draft = enter_q2_return(client_for(olu), programme[0], forecast="900")
    response = set_rule(client_for(fay), "80", "90")
    assert response.status_code == 200
    assert "Amber must start at or below the green threshold" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.suggested_rag, draft.version) == ("amber", 1)
    rule = RagRule.objects.get(authority__slug="hammersmith-fulham")
    assert (rule.green_from, rule.amber_from) == (100, 75)  # the demo's rule, unchanged


def test_an_officer_may_read_the_rule_but_not_set_it(client_for, olu, programme):
    draft = enter_q2_return(client_for(olu), programme[0], forecast="900")
    officer = client_for(olu)
    assert officer.get(RULE_URL).status_code == 200
    assert set_rule(officer, "90", "50").status_code == 403
    draft.refresh_from_db()
    assert draft.suggested_rag == "amber"
