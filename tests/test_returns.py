"""Officers' quarterly returns: entry, RAG, submission, approval, conflicts, the lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hnb_monitor.locking import PeriodLocked
from hnb_monitor.models import ReportingPeriod
from tests.conftest import build_in_signed_off_q1
from workstreams.models import QuarterlyReturn

Q2 = "2023-24-Q2"


@pytest.fixture
def programme(hf, olu):
    # Q1 is signed off in the demo; build its returns while open, then lock it again.
    return build_in_signed_off_q1(hf, workstreams=3, lead=olu)


def edit_url(workstream, code=Q2):
    return f"/a/hammersmith-fulham/returns/{workstream.pk}/{code}/edit/"


def form_data(**overrides):
    data = {
        "delivered_to_date": "£500",
        "forecast_outturn": "1,000",
        "rag_override": "",
        "override_reason": "",
        "progress_update": "On track",
        "next_steps": "Agree the next quarter's plan",
        "risks_and_mitigations": "",
        "recovery_actions": "",
        "version": "0",
        "action": "save",
    }
    return data | overrides


def test_a_new_return_is_prefilled_from_the_previous_quarter(client_for, olu, programme):
    response = client_for(olu).get(edit_url(programme[1]))
    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["progress_update"] == "Progress of 1"
    assert form.initial["forecast_outturn"] == Decimal("1600")
    assert 'value="1,600"' in response.content.decode()


def test_money_is_typed_as_in_excel_and_rag_is_suggested(client_for, olu, programme):
    client = client_for(olu)
    response = client.post(edit_url(programme[0]), form_data(forecast_outturn="(1,000)"))
    assert response.status_code == 302
    saved = QuarterlyReturn.objects.get(workstream=programme[0], period__quarter=2)
    assert saved.forecast_outturn == Decimal("-1000")
    assert saved.delivered_to_date == Decimal("500")
    assert saved.rag == saved.suggested_rag == "red"
    assert saved.status == "draft"
    assert saved.history.first().history_user == olu


def test_bad_money_shows_an_error_summary_and_loses_nothing(client_for, olu, programme):
    response = client_for(olu).post(
        edit_url(programme[0]), form_data(forecast_outturn="12,34", progress_update="Kept text")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in body
    assert "Forecast outturn for the year must be an amount in pounds" in body
    assert "“12,34”" in body
    assert 'href="#id_forecast_outturn"' in body
    assert "Kept text" in body and 'value="12,34"' in body
    assert response.context["form"].errors
    assert not QuarterlyReturn.objects.filter(workstream=programme[0], period__quarter=2).exists()


def test_a_red_or_amber_return_needs_a_commentary_to_be_submitted(client_for, olu, programme):
    client = client_for(olu)
    response = client.post(
        edit_url(programme[0]), form_data(forecast_outturn="500", action="submit")
    )
    assert response.status_code == 200
    assert "a red or amber return cannot be submitted without it" in response.content.decode()
    assert not QuarterlyReturn.objects.filter(workstream=programme[0], period__quarter=2).exists()
    response = client.post(
        edit_url(programme[0]),
        form_data(forecast_outturn="500", action="submit", recovery_actions="Recovery plan"),
    )
    assert response.status_code == 302
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    assert (saved.status, saved.rag, saved.submitted_by) == ("submitted", "red", olu)


def test_a_green_return_needs_a_progress_update_and_next_steps_to_submit(
    client_for, olu, programme
):
    """The Schools Forum paper prints both for every workstream, whatever its RAG."""
    client = client_for(olu)
    response = client.post(
        edit_url(programme[0]), form_data(action="submit", progress_update=" ", next_steps="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "progress_update": ["Enter the progress update"],
        "next_steps": ["Enter the key next steps"],
    }
    assert 'href="#id_progress_update">Enter the progress update</a>' in body
    assert 'href="#id_next_steps">Enter the key next steps</a>' in body
    assert not QuarterlyReturn.objects.filter(workstream=programme[0], period__quarter=2).exists()
    # A draft may still be saved without them.
    response = client.post(
        edit_url(programme[0]), form_data(action="save", progress_update="", next_steps="")
    )
    assert response.status_code == 302
    saved = QuarterlyReturn.objects.get(workstream=programme[0], period__quarter=2)
    assert (saved.status, saved.rag) == ("draft", "green")


def test_a_blank_forecast_is_asked_for_where_the_rag_is_suggested_from_it(
    client_for, olu, programme
):
    response = client_for(olu).post(
        edit_url(programme[0]), form_data(action="submit", forecast_outturn="")
    )
    body = response.content.decode()
    assert response.context["form"].errors == {
        "forecast_outturn": ["Enter the forecast outturn for the year"]
    }
    assert 'href="#id_forecast_outturn">Enter the forecast outturn for the year</a>' in body
    assert "Choose a RAG rating" not in body


def test_without_a_target_a_missing_rag_is_asked_for(client_for, olu, programme):
    from workstreams.models import SavingsTarget

    SavingsTarget.objects.filter(workstream=programme[0], financial_year__start_year=2023).delete()
    response = client_for(olu).post(
        edit_url(programme[0]), form_data(action="submit", forecast_outturn="")
    )
    assert response.context["form"].errors == {
        "rag_override": ["Choose a RAG rating before you submit"]
    }
    assert "Enter the forecast outturn" not in response.content.decode()


def test_overriding_the_suggested_rag_needs_a_reason_that_is_kept(client_for, olu, programme):
    client = client_for(olu)
    response = client.post(edit_url(programme[0]), form_data(rag_override="amber"))
    assert "Give a reason for rating this amber when the forecast suggests green" in (
        response.content.decode()
    )
    response = client.post(
        edit_url(programme[0]),
        form_data(rag_override="amber", override_reason="Provider contract at risk"),
    )
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    assert (saved.suggested_rag, saved.rag_override, saved.rag) == ("green", "amber", "amber")
    assert saved.override_reason == "Provider contract at risk"


def test_finance_approves_or_sends_back_with_a_comment(client_for, olu, fay, programme):
    officer = client_for(olu)
    officer.post(edit_url(programme[0]), form_data(action="submit"))
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    finance = client_for(fay)
    url = f"/a/hammersmith-fulham/returns/{saved.pk}/"
    response = finance.post(url, {"action": "send_back", "comment": "", "version": saved.version})
    assert "Say what needs to change" in response.content.decode() or response.status_code == 200
    finance.post(
        url,
        {"action": "send_back", "comment": "Split delivered by quarter", "version": saved.version},
    )
    saved.refresh_from_db()
    assert (saved.status, saved.review_comment) == ("draft", "Split delivered by quarter")
    officer = client_for(olu)
    assert (
        "Split delivered by quarter"
        in officer.get("/a/hammersmith-fulham/returns/").content.decode()
    )
    officer.post(edit_url(programme[0]), form_data(action="submit", version=str(saved.version)))
    saved.refresh_from_db()
    client_for(fay).post(url, {"action": "approve", "version": saved.version})
    saved.refresh_from_db()
    assert (saved.status, saved.approved_by) == ("approved", fay)


def test_a_send_back_comment_shows_until_the_return_is_resubmitted(client_for, olu, fay, programme):
    returns_url = "/a/hammersmith-fulham/returns/"
    client_for(olu).post(edit_url(programme[0]), form_data(action="submit"))
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    client_for(fay).post(
        f"/a/hammersmith-fulham/returns/{saved.pk}/",
        {"action": "send_back", "comment": "Split delivered by quarter", "version": saved.version},
    )
    saved.refresh_from_db()
    officer = client_for(olu)
    assert "Sent back: Split delivered by quarter" in officer.get(returns_url).content.decode()
    entry = officer.get(edit_url(programme[0]))
    assert "Sent back: Split delivered by quarter" in entry.content.decode()

    officer.post(edit_url(programme[0]), form_data(action="submit", version=str(saved.version)))
    saved.refresh_from_db()
    assert saved.status == "submitted"
    assert "Sent back" not in officer.get(returns_url).content.decode()
    entry = officer.get(edit_url(programme[0]), follow=True)
    assert entry.status_code == 200 and "Sent back" not in entry.content.decode()
    # The comment is kept on the record and in its history for the next reviewer.
    assert saved.review_comment == "Split delivered by quarter"
    assert saved.history.filter(status="draft", review_comment=saved.review_comment).exists()


def test_an_officer_cannot_approve_and_a_forum_member_cannot_enter(client_for, olu, sam, programme):
    officer = client_for(olu)
    officer.post(edit_url(programme[0]), form_data(action="submit"))
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    assert (
        officer.post(
            f"/a/hammersmith-fulham/returns/{saved.pk}/", {"action": "approve"}
        ).status_code
        == 403
    )
    forum = client_for(sam)
    assert forum.get(edit_url(programme[0])).status_code == 403
    assert forum.post(edit_url(programme[0]), form_data()).status_code == 403


def test_an_officer_may_only_enter_returns_for_workstreams_they_lead(client_for, hf, programme):
    from tests.conftest import make_member

    other = make_member("otto", hf, "officer")
    assert client_for(other).get(edit_url(programme[0])).status_code == 403


def test_the_second_of_two_people_saving_is_told_and_sees_both_versions(
    client_for, olu, fay, programme
):
    client_for(olu).post(edit_url(programme[0]), form_data(progress_update="Words from Olu"))
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    version = str(saved.version)
    client_for(fay).post(
        edit_url(programme[0]), form_data(progress_update="Words from Fay", version=version)
    )
    response = client_for(olu).post(
        edit_url(programme[0]), form_data(progress_update="Second words from Olu", version=version)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this return while you were editing it" in body
    assert "Words from Fay" in body and "Second words from Olu" in body
    saved.refresh_from_db()
    assert saved.progress_update == "Words from Fay"
    # Saving again, having seen both, is a deliberate overwrite.
    response = client_for(olu).post(
        edit_url(programme[0]),
        form_data(progress_update="Second words from Olu", version=str(saved.version)),
    )
    saved.refresh_from_db()
    assert saved.progress_update == "Second words from Olu"


def test_signing_off_locks_every_figure_and_reopening_keeps_its_reason(
    client_for, olu, fay, ade, hf, programme, admin_client
):
    client_for(olu).post(edit_url(programme[0]), form_data())
    saved = QuarterlyReturn.objects.get(period__quarter=2, workstream=programme[0])
    period_url = f"/a/hammersmith-fulham/periods/{Q2}/"
    assert client_for(olu).post(period_url, {"action": "sign_off"}).status_code == 403
    client_for(fay).post(period_url, {"action": "sign_off", "missing_returns": "carry_forward"})
    saved.refresh_from_db()
    assert saved.period.status == "signed_off"
    response = client_for(olu).post(edit_url(programme[0]), form_data(version=str(saved.version)))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.progress_update == "On track"
    saved.progress_update = "sneaky"
    with pytest.raises(PeriodLocked):
        saved.save()
    assert (
        admin_client.get(f"/admin/workstreams/quarterlyreturn/{saved.pk}/change/").context[
            "has_change_permission"
        ]
        is False
    )
    response = client_for(fay).post(period_url, {"action": "reopen", "reason": ""})
    assert "Say why the quarter is being reopened" in response.content.decode()
    client_for(fay).post(
        period_url, {"action": "reopen", "reason": "Late correction to SLCN forecast"}
    )
    period = ReportingPeriod.objects.with_code(Q2).get(authority=hf)
    assert period.status == "open"
    assert period.history.first().history_change_reason == (
        "Reopened: Late correction to SLCN forecast"
    )
    assert "Late correction to SLCN forecast" in client_for(fay).get(period_url).content.decode()


def test_services_refuse_an_approved_return(olu, programme):
    from workstreams import services

    saved = QuarterlyReturn.objects.filter(status="approved").first()
    # In an open quarter, so that it is the approval that refuses, not the period lock.
    ReportingPeriod.objects.filter(pk=saved.period_id).update(status="open")
    saved.refresh_from_db()
    with pytest.raises(ValidationError, match="This return is approved"):
        services.save_return(
            quarterly_return=saved, values={}, user=olu, expected_version=saved.version
        )


def test_changing_a_target_re_rates_the_years_open_returns(client_for, olu, fay, programme):
    client_for(olu).post(edit_url(programme[0]), form_data(forecast_outturn="1,000"))
    draft = QuarterlyReturn.objects.get(workstream=programme[0], period__quarter=2)
    url = f"/a/hammersmith-fulham/workstreams/{programme[0].pk}/targets/"
    finance = client_for(fay)
    initial = finance.get(url).context["form"].initial
    data = {name: "" if value is None else str(value) for name, value in initial.items()}

    finance.post(url, data | {"year_2023": "1,000"})
    draft.refresh_from_db()
    assert (draft.suggested_rag, draft.rag) == ("green", "green")

    # Signed-off Q1 shows the 2023/24 target, so the change needs a reason.
    finance.post(url, data | {"year_2023": "100,000", "reason": "Plan revised"})
    draft.refresh_from_db()
    assert (draft.suggested_rag, draft.rag) == ("red", "red")
    assert draft.history.first().history_change_reason == "Savings target changed"
    # Q1 is signed off: its returns keep the RAG they were signed off with.
    q1 = QuarterlyReturn.objects.get(workstream=programme[0], period__quarter=1)
    assert q1.history.count() == 1


def test_a_q1_override_does_not_carry_into_q2_where_there_is_a_target(client_for, hf, olu):
    """Seed data: SLCN Special School Offer was rated green by judgement in Q1 (its
    forecast cell is lost), but it has a 2023/24 target, so Q2 is suggested afresh."""
    from workstreams.models import Workstream

    workstream = Workstream.objects.get(authority=hf, name="SLCN Special School Offer")
    workstream.leads.add(olu)
    q1 = QuarterlyReturn.objects.get(workstream=workstream, period__quarter=1)
    assert q1.rag_override == "green" and not q1.suggested_rag
    form = client_for(olu).get(edit_url(workstream)).context["form"]
    assert form.initial["rag_override"] == "" and form.initial["override_reason"] == ""


def test_a_judgement_rating_carries_forward_where_there_is_no_money(client_for, hf, olu):
    from workstreams.models import Workstream

    workstream = Workstream.objects.get(authority=hf, name="Annual Reviews")
    workstream.leads.add(olu)
    q1 = QuarterlyReturn.objects.get(workstream=workstream, period__quarter=1)
    form = client_for(olu).get(edit_url(workstream)).context["form"]
    assert form.initial["rag_override"] == q1.rag_override == "amber"


def test_targets_are_asked_for_the_programmes_years_only(client_for, fay, hf):
    from workstreams.models import Workstream

    workstream = Workstream.objects.get(authority=hf, name="SLCN Special School Offer")
    form = (
        client_for(fay)
        .get(f"/a/hammersmith-fulham/workstreams/{workstream.pk}/targets/")
        .context["form"]
    )
    # H&F's periods run from 2021/22 to 2023/24; targets are set two years ahead.
    assert [y.label for y in form.years] == ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]


def test_change_history_names_who_submitted_not_their_id(client_for, olu, programme):
    olu.first_name, olu.last_name = "Olu", "Okafor"
    olu.save()
    client = client_for(olu)
    client.post(edit_url(programme[0]), form_data())
    client.post(edit_url(programme[0]), form_data(action="submit", version="1"))
    page = client.get(f"/a/hammersmith-fulham/workstreams/{programme[0].pk}/")
    changes = page.context["detail"].changes
    submitted_by = [c for c in changes if c.field == "Submitted by"]
    assert [(c.old, c.new) for c in submitted_by] == [("–", "Olu Okafor")]
