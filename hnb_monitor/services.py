"""Writes of the reporting calendar: signing a quarter off locks it; reopening needs a reason."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from hnb_monitor.choices import MissingReturns, PeriodStatus
from hnb_monitor.models import ReportingPeriod


@transaction.atomic
def sign_off_period(
    *, period: ReportingPeriod, user, missing: Sequence[str] = (), missing_returns: str = ""
) -> ReportingPeriod:
    """Lock the quarter's figures. `missing` names the workstreams without an approved
    return: signing off then needs the decision about them, kept on the period and,
    with their names, in its history."""
    # The row lock makes a sign-off wait for any save of the quarter's figures in
    # progress (they take the same lock), and every later save see the new status.
    period.status = ReportingPeriod.objects.select_for_update().get(pk=period.pk).status
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(f"{period.label} is already {period.get_status_display().lower()}")
    if missing and missing_returns not in MissingReturns.values:
        raise ValidationError(
            {
                "missing_returns": "Choose what this quarter's figures do for the workstreams "
                "without an approved return"
            }
        )
    period.status = PeriodStatus.SIGNED_OFF
    period.missing_returns = missing_returns if missing else ""
    period._change_reason = "Signed off"
    if missing:
        decision = MissingReturns(missing_returns).label.lower()
        period._change_reason += (
            f"; {len(missing)} workstream{'s' * (len(missing) != 1)} without an approved "
            f"return ({decision}): {', '.join(missing)}"
        )
    period.save()
    return period


@transaction.atomic
def reopen_period(*, period: ReportingPeriod, user, reason: str) -> ReportingPeriod:
    """Unlock a signed-off quarter; the reason is kept in the period's history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the quarter is being reopened"})
    if period.status == PeriodStatus.OPEN:
        raise ValidationError(f"{period.label} is already open")
    if period.status == PeriodStatus.PUBLISHED:
        raise ValidationError(
            f"{period.label} is published: its paper is a frozen record and cannot be reopened"
        )
    period.status = PeriodStatus.OPEN
    period.missing_returns = ""
    period._change_reason = f"Reopened: {reason}"
    period.save()
    return period
