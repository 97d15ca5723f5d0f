"""Reviewing a return: every decision carries the version it was made on, and whoever
submitted a return does not approve it unless the authority allows it."""

import pytest
from django.core.exceptions import ValidationError

from hnb_monitor.models import ReportingPeriod
from workstreams import services
from workstreams.models import QuarterlyReturn, Workstream


@pytest.fixture
def submitted_by_fay(hf, fay):
    """An H&F return for the open Q2 2023/24, entered and submitted by Fay (finance)."""
    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    workstream = Workstream.objects.filter(authority=hf).order_by("order").first()
    return services.save_return(
        quarterly_return=services.new_return(workstream, q2),
        values={
            "progress_update": "Done",
            "next_steps": "Next",
            "rag_override": "green",
            "override_reason": "Narrative only",
        },
        user=fay,
        expected_version=0,
        submit=True,
    )


def review(client, quarterly_return, **data):
    return client.post(f"/a/hammersmith-fulham/returns/{quarterly_return.pk}/", data)


def test_a_decision_on_an_old_version_is_refused(client_for, fay, ade, submitted_by_fay):
    seen_by_ade = submitted_by_fay.version
    # Fay's colleague sends it back from a page loaded earlier by someone else...
    services.send_back_return(quarterly_return=submitted_by_fay, user=fay, comment="Add figures")
    # ...and Ade approves from the page he loaded before that: nothing happens.
    response = review(client_for(ade), submitted_by_fay, action="approve", version=seen_by_ade)
    assert response.status_code == 200
    assert "Someone else changed this while you had it open, so nothing was done" in (
        response.content.decode()
    )
    assert "It is now draft" in response.content.decode()
    submitted_by_fay.refresh_from_db()
    assert (submitted_by_fay.status, submitted_by_fay.review_comment) == ("draft", "Add figures")


def test_a_decision_without_a_version_is_refused(client_for, ade, submitted_by_fay):
    response = review(client_for(ade), submitted_by_fay, action="approve")
    assert "nothing was done" in response.content.decode()
    submitted_by_fay.refresh_from_db()
    assert submitted_by_fay.status == "submitted"


def test_the_submitter_cannot_approve_their_own_return(client_for, fay, submitted_by_fay):
    response = review(
        client_for(fay), submitted_by_fay, action="approve", version=submitted_by_fay.version
    )
    assert "You submitted this return, so someone else must approve it" in (
        response.content.decode()
    )
    submitted_by_fay.refresh_from_db()
    assert submitted_by_fay.status == "submitted"
    with pytest.raises(ValidationError, match="someone else must approve it"):
        services.approve_return(quarterly_return=submitted_by_fay, user=fay)


def test_an_authority_may_allow_it_and_the_approval_says_so(client_for, fay, hf, submitted_by_fay):
    hf.allow_self_approval = True
    hf.save()
    review(client_for(fay), submitted_by_fay, action="approve", version=submitted_by_fay.version)
    approved = QuarterlyReturn.objects.get(pk=submitted_by_fay.pk)
    assert (approved.status, approved.approved_by) == ("approved", fay)
    reason = approved.history.first().history_change_reason
    assert reason == "Approved by the person who submitted it (the authority allows it)"
    page = client_for(fay).get(f"/a/hammersmith-fulham/returns/{approved.pk}/").content.decode()
    assert "approved by the person who submitted it" in page


def test_another_member_of_finance_approves(client_for, ade, submitted_by_fay):
    review(client_for(ade), submitted_by_fay, action="approve", version=submitted_by_fay.version)
    submitted_by_fay.refresh_from_db()
    assert (submitted_by_fay.status, submitted_by_fay.approved_by) == ("approved", ade)


@pytest.fixture
def negative_return(hf, olu):
    """Olu's Q2 return forecasting a negative saving on a workstream with a target."""
    from decimal import Decimal

    from workstreams.models import SavingsTarget

    target = SavingsTarget.objects.filter(
        workstream__authority=hf, financial_year__start_year=2023
    ).first()
    workstream = target.workstream
    workstream.leads.add(olu)
    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    return services.save_return(
        quarterly_return=services.new_return(workstream, q2),
        values={
            "progress_update": "Costs rose",
            "next_steps": "Review",
            "recovery_actions": "Act",
            "forecast_outturn": Decimal("-25000"),
        },
        user=olu,
        expected_version=0,
        submit=True,
    ), target


def test_the_review_page_shows_target_variance_and_last_quarter(client_for, fay, negative_return):
    quarterly_return, target = negative_return
    page = client_for(fay).get(f"/a/hammersmith-fulham/returns/{quarterly_return.pk}/")
    body = page.content.decode()
    assert f"£{target.amount:,.0f}" in body
    assert f"£({target.amount + 25000:,.0f})" in body  # forecast minus target, in brackets
    assert "Q1 2023/24: delivered" in body
    assert "The forecast outturn is negative" in body


def test_a_negative_saving_is_approved_only_once_confirmed(client_for, fay, negative_return):
    quarterly_return, _ = negative_return
    url = f"/a/hammersmith-fulham/returns/{quarterly_return.pk}/"
    refused = client_for(fay).post(url, {"action": "approve", "version": quarterly_return.version})
    assert "tick to confirm it before you approve the return" in refused.content.decode()
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == "submitted"
    client_for(fay).post(
        url, {"action": "approve", "version": quarterly_return.version, "confirm_negative": "yes"}
    )
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == "approved"
