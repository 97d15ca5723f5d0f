"""Writes of the savings programme that do more than one save, or that must check.

Every return write goes through here so that the RAG rule, the red/amber commentary
rule, optimistic locking and the period lock hold wherever the write comes from.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hnb_monitor.locking import EditConflict
from hnb_monitor.models import ReportingPeriod
from workstreams.choices import Rag, ReturnStatus
from workstreams.models import QuarterlyReturn, RagRule, SavingsTarget, Workstream
from workstreams.rag import suggest_rag

NARRATIVE_FIELDS = ["progress_update", "next_steps", "risks_and_mitigations", "recovery_actions"]
RETURN_FIELDS = [
    "delivered_to_date",
    "forecast_outturn",
    "rag_override",
    "override_reason",
    *NARRATIVE_FIELDS,
]


@dataclass(frozen=True)
class ReturnContext:
    """What the RAG suggestion of a return depends on besides its own figures."""

    target: object  # Decimal | None
    rule: RagRule

    def suggest(self, forecast) -> Rag | None:
        return suggest_rag(
            forecast=forecast,
            target=self.target,
            green_from=self.rule.green_from,
            amber_from=self.rule.amber_from,
        )


def return_context(workstream: Workstream, period: ReportingPeriod) -> ReturnContext:
    target = (
        SavingsTarget.objects.filter(workstream=workstream, financial_year=period.financial_year)
        .values_list("amount", flat=True)
        .first()
    )
    return ReturnContext(target=target, rule=RagRule.for_authority(workstream.authority))


def previous_return(workstream: Workstream, period: ReportingPeriod) -> QuarterlyReturn | None:
    return (
        QuarterlyReturn.objects.filter(
            workstream=workstream,
            period__financial_year__start_year__lte=period.financial_year.start_year,
        )
        .exclude(period=period)
        .exclude(period__financial_year=period.financial_year, period__quarter__gt=period.quarter)
        .order_by("-period__financial_year__start_year", "-period__quarter")
        .first()
    )


def new_return(workstream: Workstream, period: ReportingPeriod) -> QuarterlyReturn:
    """An unsaved return pre-filled from the previous quarter's narrative and forecast."""
    draft = QuarterlyReturn(workstream=workstream, period=period, version=0)
    previous = previous_return(workstream, period)
    if previous is not None:
        for field in NARRATIVE_FIELDS:
            setattr(draft, field, getattr(previous, field))
        if previous.period.financial_year_id == period.financial_year_id:
            draft.forecast_outturn = previous.forecast_outturn
            draft.delivered_to_date = previous.delivered_to_date
        # A workstream with no money this year is rated by judgement alone, and that
        # judgement carries forward. Where there is a target the RAG is suggested afresh
        # each quarter, and an old override must not outlive the figures it overrode.
        no_target = return_context(workstream, period).target is None
        if no_target and not previous.suggested_rag and previous.rag_override:
            draft.rag_override = previous.rag_override
            draft.override_reason = previous.override_reason
    return draft


def check_submittable(quarterly_return: QuarterlyReturn) -> None:
    """A return is submitted only with what the Schools Forum paper prints for it."""
    errors = {}
    target = return_context(quarterly_return.workstream, quarterly_return.period).target
    if target is not None and quarterly_return.forecast_outturn is None:
        # The RAG is suggested from the forecast, so the forecast is what is missing.
        errors["forecast_outturn"] = "Enter the forecast outturn for the year"
    elif not quarterly_return.rag:
        errors["rag_override"] = "Choose a RAG rating before you submit"
    if not quarterly_return.progress_update.strip():
        errors["progress_update"] = "Enter the progress update"
    if not quarterly_return.next_steps.strip():
        errors["next_steps"] = "Enter the key next steps"
    if quarterly_return.rag in {Rag.RED, Rag.AMBER} and not quarterly_return.recovery_actions:
        errors["recovery_actions"] = (
            "Say what is being done about it: a red or amber return cannot be submitted without it"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_return(
    *,
    quarterly_return: QuarterlyReturn,
    values: dict,
    user,
    expected_version: int,
    submit: bool = False,
) -> QuarterlyReturn:
    """Save an officer's return as draft, or submit it for approval.

    The row is locked and its version compared, so of two people saving the same
    return the second is refused with EditConflict instead of overwriting the first.
    """
    if quarterly_return.pk:
        current = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    else:
        current = (
            QuarterlyReturn.objects.select_for_update()
            .filter(workstream=quarterly_return.workstream, period=quarterly_return.period)
            .first()
        )
    if current is not None and current.version != expected_version:
        raise EditConflict(current)
    target = current or quarterly_return
    if target.status == ReturnStatus.APPROVED:
        raise ValidationError("This return is approved: ask finance to send it back to change it")
    for field in RETURN_FIELDS:
        if field in values:
            setattr(target, field, values[field])
    context = return_context(target.workstream, target.period)
    target.suggested_rag = context.suggest(target.forecast_outturn) or ""
    if target.rag_override == target.suggested_rag:
        target.rag_override, target.override_reason = "", ""
    target.rag = target.rag_override or target.suggested_rag
    if submit:
        check_submittable(target)
        target.status = ReturnStatus.SUBMITTED
        target.submitted_by = user
        target.submitted_at = timezone.now()
    target.version = (current.version if current else 0) + 1
    target.save()
    return target


@transaction.atomic
def approve_return(*, quarterly_return: QuarterlyReturn, user) -> QuarterlyReturn:
    if quarterly_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be approved")
    quarterly_return.status = ReturnStatus.APPROVED
    quarterly_return.approved_by = user
    quarterly_return.approved_at = timezone.now()
    quarterly_return.review_comment = ""
    quarterly_return.version += 1
    quarterly_return.save()
    return quarterly_return


@transaction.atomic
def send_back_return(*, quarterly_return: QuarterlyReturn, user, comment: str) -> QuarterlyReturn:
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change before you send it back"})
    if quarterly_return.status == ReturnStatus.DRAFT:
        raise ValidationError("A draft return has not been submitted yet")
    quarterly_return.status = ReturnStatus.DRAFT
    quarterly_return.review_comment = comment.strip()
    quarterly_return.approved_by = None
    quarterly_return.approved_at = None
    quarterly_return.version += 1
    quarterly_return._change_reason = f"Sent back by {user}: {comment.strip()}"[:100]
    quarterly_return.save()
    return quarterly_return


@transaction.atomic
def set_target(*, workstream: Workstream, financial_year, amount) -> SavingsTarget | None:
    """Set, change or (amount None) remove a workstream's savings target for a year.

    The RAG suggested for the year's open returns depends on the target, so they are
    re-rated with it.
    """
    existing = SavingsTarget.objects.filter(
        workstream=workstream, financial_year=financial_year
    ).first()
    target = existing
    if amount is None:
        if existing is None:
            return None
        existing.delete()
        target = None
    elif existing is None:
        target = SavingsTarget.objects.create(
            workstream=workstream, financial_year=financial_year, amount=amount
        )
    elif existing.amount != amount:
        existing.amount = amount
        existing.save()
    else:
        return existing
    rerate_open_returns(
        QuarterlyReturn.objects.filter(
            workstream=workstream, period__financial_year=financial_year
        ),
        rule=RagRule.for_authority(workstream.authority),
        reason="Savings target changed",
    )
    return target


@transaction.atomic
def set_rag_rule(*, rule: RagRule) -> RagRule:
    """Save the authority's rule and re-rate the returns of its open periods."""
    rule.save()
    rerate_open_returns(
        QuarterlyReturn.objects.filter(workstream__authority=rule.authority),
        rule=rule,
        reason="RAG rule changed",
    )
    return rule


def rerate_open_returns(returns, *, rule: RagRule, reason: str) -> int:
    """Suggest RAG afresh for the not-yet-approved returns of open periods.

    Approved returns keep the RAG they were approved with until sent back. Returns how
    many returns changed.
    """
    open_returns = (
        returns.filter(period__status="open")
        .exclude(status=ReturnStatus.APPROVED)
        .select_related("workstream", "period__financial_year")
    )
    targets = {
        (t.workstream_id, t.financial_year_id): t.amount
        for t in SavingsTarget.objects.filter(workstream__authority=rule.authority)
    }
    changed = 0
    for quarterly_return in open_returns:
        context = ReturnContext(
            target=targets.get(
                (quarterly_return.workstream_id, quarterly_return.period.financial_year_id)
            ),
            rule=rule,
        )
        suggested = context.suggest(quarterly_return.forecast_outturn) or ""
        if suggested == quarterly_return.suggested_rag:
            continue
        quarterly_return.suggested_rag = suggested
        if quarterly_return.rag_override == suggested:
            quarterly_return.rag_override, quarterly_return.override_reason = "", ""
        quarterly_return.rag = quarterly_return.rag_override or suggested
        quarterly_return.version += 1
        quarterly_return._change_reason = reason
        quarterly_return.save()
        changed += 1
    return changed
