"""Writes of the savings programme that do more than one save, or that must check.

Every return write goes through here so that the RAG rule, the red/amber commentary
rule, optimistic locking and the period lock hold wherever the write comes from.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hnb_monitor.choices import PeriodStatus
from hnb_monitor.locking import EditConflict, lock_period
from hnb_monitor.models import ReportingPeriod
from hnb_monitor.periods import period_key
from workstreams.choices import Rag, ReturnStatus
from workstreams.models import (
    QuarterlyReturn,
    RagRule,
    SavingsTarget,
    Workstream,
    targets_as_of,
)
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


def target_for(workstream: Workstream, period: ReportingPeriod):
    """The workstream's target for the period's year, as it applies to that period."""
    versions = SavingsTarget.objects.filter(
        workstream=workstream, financial_year=period.financial_year
    ).with_versions()
    applying = targets_as_of(versions, period_key(period))
    return applying[0].amount if applying else None


def return_context(workstream: Workstream, period: ReportingPeriod) -> ReturnContext:
    return ReturnContext(
        target=target_for(workstream, period), rule=RagRule.for_authority(workstream.authority)
    )


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

    The period's row is locked first, so a save and a sign-off of the same quarter
    happen one after the other, and a save never lands in a quarter just signed off;
    then the return's row is locked and its version compared, so of two people saving
    the same return (even one that does not exist yet) the second is refused with
    EditConflict instead of overwriting the first.
    """
    lock_period(quarterly_return.period, "its returns are")
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


def locked_for_decision(quarterly_return: QuarterlyReturn, expected_version) -> QuarterlyReturn:
    """The return as it now stands, locked with its period, if it is still the version the
    decision was made on (by default the version the caller loaded)."""
    lock_period(quarterly_return.period, "its returns are")
    current = (
        QuarterlyReturn.objects.select_for_update()
        .select_related("workstream__authority", "period__financial_year")
        .get(pk=quarterly_return.pk)
    )
    if expected_version is None:
        expected_version = quarterly_return.version
    if current.version != expected_version:
        raise EditConflict(current)
    return current


@transaction.atomic
def approve_return(
    *, quarterly_return: QuarterlyReturn, user, expected_version: int | None = None
) -> QuarterlyReturn:
    """Approve a submitted return. Whoever submitted it may not approve it too, unless the
    authority allows it; such an approval says so in the return's history."""
    current = locked_for_decision(quarterly_return, expected_version)
    if current.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be approved")
    own = current.submitted_by_id is not None and current.submitted_by_id == user.pk
    if own and not current.workstream.authority.allow_self_approval:
        raise ValidationError(
            "You submitted this return, so someone else must approve it: "
            "ask another member of finance or the programme lead"
        )
    current.status = ReturnStatus.APPROVED
    current.approved_by = user
    current.approved_at = timezone.now()
    current.review_comment = ""
    current.version += 1
    if own:
        current._change_reason = "Approved by the person who submitted it (the authority allows it)"
    current.save()
    return current


@transaction.atomic
def send_back_return(
    *, quarterly_return: QuarterlyReturn, user, comment: str, expected_version: int | None = None
) -> QuarterlyReturn:
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change before you send it back"})
    current = locked_for_decision(quarterly_return, expected_version)
    if current.status == ReturnStatus.DRAFT:
        raise ValidationError("A draft return has not been submitted yet")
    current.status = ReturnStatus.DRAFT
    current.review_comment = comment.strip()
    current.approved_by = None
    current.approved_at = None
    current.version += 1
    current._change_reason = f"Sent back by {user}: {comment.strip()}"[:100]
    current.save()
    return current


@transaction.atomic
def set_targets(
    *, workstream: Workstream, amounts, reason: str = "", expected_version: str
) -> None:
    """Set several years' targets at once: all of them, or (on a refusal) none, and only
    if nobody changed them since the form was opened (the workstream's row is locked so
    two saves are taken one after the other)."""
    from workstreams.selectors import targets_version

    Workstream.objects.select_for_update().get(pk=workstream.pk)
    if targets_version(workstream) != expected_version:
        raise EditConflict(workstream)
    for financial_year, amount in amounts:
        set_target(
            workstream=workstream, financial_year=financial_year, amount=amount, reason=reason
        )


@transaction.atomic
def set_target(
    *, workstream: Workstream, financial_year, amount, reason: str = ""
) -> SavingsTarget | None:
    """Set, change or (amount None) remove a workstream's savings target for a year.

    A signed-off or published quarter shows, for ever, the target it was signed off with,
    and it shows every year's target up to its own. So once such a quarter shows the
    target, a change is a new version applying from the next open quarter, with a reason;
    before that, the target is changed in place. The RAG suggested for the year's open
    returns depends on the target, so they are re-rated with it.
    """
    # of=("self",): the versions join their quarter with an outer join (applies_from may be
    # empty), and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    versions = list(
        SavingsTarget.objects.select_for_update(of=("self",))
        .filter(workstream=workstream, financial_year=financial_year)
        .with_versions()
    )
    newest = max(versions, key=lambda t: t.applies_since, default=None)
    if newest is not None and newest.amount == amount:
        return newest
    locked = signed_off_showing(workstream, financial_year, newest)
    if not locked:
        target = change_in_place(workstream, financial_year, newest, amount)
    else:
        target = new_version(workstream, financial_year, amount, reason.strip(), after=locked)
    rerate_open_returns(
        QuarterlyReturn.objects.filter(
            workstream=workstream, period__financial_year=financial_year
        ),
        rule=RagRule.for_authority(workstream.authority),
        reason="Savings target changed",
    )
    return target


def signed_off_showing(workstream, financial_year, newest) -> list[ReportingPeriod]:
    """The signed-off or published quarters, oldest first, that show the newest version of
    this target: those of its year or later, from the quarter the version applies from."""
    since = newest.applies_since if newest else (0, 0)
    locked = (
        ReportingPeriod.objects.filter(
            authority=workstream.authority,
            financial_year__start_year__gte=financial_year.start_year,
        )
        .exclude(status=PeriodStatus.OPEN)
        .select_related("financial_year")
    )
    return sorted((p for p in locked if period_key(p) >= since), key=period_key)


def change_in_place(workstream, financial_year, newest, amount) -> SavingsTarget | None:
    if amount is None:
        if newest is not None:
            newest.delete()
        return None
    if newest is None:
        return SavingsTarget.objects.create(
            workstream=workstream, financial_year=financial_year, amount=amount
        )
    newest.amount = amount
    newest.save()
    return newest


def new_version(workstream, financial_year, amount, reason, *, after) -> SavingsTarget:
    label = f"The {financial_year.label} target"
    if amount is None:
        raise ValidationError(
            f"{label} is shown by signed-off quarters, so it cannot be removed: set it to 0"
        )
    opens = [
        p
        for p in ReportingPeriod.objects.filter(
            authority=workstream.authority, status=PeriodStatus.OPEN
        ).select_related("financial_year")
        if period_key(p) > period_key(after[-1])
    ]
    if not opens:
        raise ValidationError(
            f"{label} is shown by {after[-1].label}, which is signed off: open the next "
            "quarter first, and the new amount will apply from it"
        )
    if not reason:
        raise ValidationError(
            {"reason": f"Say why the target changes after {after[-1].label} was signed off"}
        )
    start = min(opens, key=period_key)
    target = SavingsTarget(
        workstream=workstream,
        financial_year=financial_year,
        amount=amount,
        applies_from=start,
        reason=reason,
    )
    target._change_reason = f"Applies from {start.label}: {reason}"[:100]
    target.save()
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
    versions = list(
        SavingsTarget.objects.filter(workstream__authority=rule.authority).with_versions()
    )
    changed = 0
    for quarterly_return in open_returns:
        applying = {
            (t.workstream_id, t.financial_year_id): t.amount
            for t in targets_as_of(versions, period_key(quarterly_return.period))
        }
        context = ReturnContext(
            target=applying.get(
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


def sign_off(*, period, user, missing_returns: str = ""):
    """Sign a quarter off, naming the workstreams without an approved return so that the
    decision about them is asked for and recorded."""
    from hnb_monitor.services import sign_off_period
    from workstreams.selectors import without_approved_return

    return sign_off_period(
        period=period,
        user=user,
        missing=without_approved_return(period),
        missing_returns=missing_returns,
    )


@transaction.atomic
def open_next_quarter(*, authority, user) -> ReportingPeriod:
    """Open the quarter after the latest one, once that is signed off. Its forecast starts
    as a copy of the latest forecast; its returns start from last quarter's narrative and
    forecast when each lead opens them (new_return)."""
    from forecasts.models import Forecast
    from forecasts.services import start_forecast
    from hnb_monitor.models import FinancialYear
    from hnb_monitor.periods import latest_period, next_quarter

    latest = latest_period(authority)
    if latest is None:
        raise ValidationError("Set up the authority's first reporting period in the admin")
    if not latest.is_locked:
        raise ValidationError(f"{latest.label} is still open: sign it off first")
    start_year, quarter = next_quarter(latest)
    financial_year, _ = FinancialYear.objects.get_or_create(start_year=start_year)
    period = ReportingPeriod(authority=authority, financial_year=financial_year, quarter=quarter)
    period._change_reason = f"Opened after {latest.label}"
    period.save()
    source = (
        Forecast.objects.filter(period__authority=authority)
        .order_by("-period__financial_year__start_year", "-period__quarter")
        .first()
    )
    if source is not None:
        start_forecast(period=period, source=source)
    return period
