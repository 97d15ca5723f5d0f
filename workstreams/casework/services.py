"""Writes of Preparing for Adulthood casework.

Each save is kept in the case's history with who and when (django-simple-history);
a save names the version it started from, so of two people editing the same case the
second is told instead of silently overwriting the first.
"""

from django.db import transaction
from django.utils import timezone

from hnb_monitor.history import user_name
from hnb_monitor.locking import EditConflict
from hnb_monitor.models import Authority
from workstreams.models import CaseDeletion, CaseRedaction, CaseworkSettings, TransitionCase

CASE_FIELDS = [
    "reference",
    "cohort",
    "pathway",
    "status",
    "identified_on",
    "target_transition_on",
    "transitioned_on",
    "post_16_move",
    "phase_transfer_review_on",
    "team_leader",
    "next_review_on",
    "notes",
]


@transaction.atomic
def save_case(
    *, case: TransitionCase, values: dict, user, expected_version: int | None
) -> TransitionCase:
    """Create a case (unsaved `case`) or change one; the values come validated."""
    if case.pk:
        current = TransitionCase.objects.select_for_update().get(pk=case.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        case.version = current.version + 1
    else:
        case.version = 1
    for name in CASE_FIELDS:
        if name in values:
            setattr(case, name, values[name])
    case._history_user = user
    case.save()
    return case


def set_small_number_threshold(
    *, authority: Authority, threshold: int | None, user
) -> CaseworkSettings:
    settings, _ = CaseworkSettings.objects.get_or_create(authority=authority)
    if settings.small_number_threshold != threshold:
        settings.small_number_threshold = threshold
        settings._history_user = user
        settings.save()
    return settings


def add_to_list(*, model, authority: Authority, name: str):
    """Add a cohort or pathway at the end of the authority's managed list."""
    last = model.objects.filter(authority=authority).order_by("-order").first()
    return model.objects.create(
        authority=authority, name=name, order=(last.order + 1) if last else 1
    )


@transaction.atomic
def redact_notes(*, case: TransitionCase, history_id: int, reason: str, user) -> CaseRedaction:
    """Take the notes one history entry holds out of the case's whole history.

    Every historical row holding that text gets, in its place, who redacted it, when and
    why, so the history still shows that the notes changed. Notes the case still holds are
    cleared by a save of their own, kept in the history with the reason.
    """
    text = case.history.get(history_id=history_id).notes
    now = timezone.now()
    shown = f"Redacted by {user_name(user)} on {timezone.localtime(now):%-d %B %Y}: {reason}"
    if case.notes == text:
        case.notes = ""
        case.version += 1
        case._history_user = user
        case._change_reason = f"Notes redacted: {reason}"
        case.save()
    case.history.filter(notes=text).update(notes=shown)
    return CaseRedaction.objects.create(
        authority=case.authority,
        case=case,
        reference=case.reference,
        redacted_by=user,
        redacted_at=now,
        reason=reason,
        shown=shown,
    )


@transaction.atomic
def delete_case(*, case: TransitionCase, reason: str, user) -> CaseDeletion:
    """Delete a case, keeping the fact (reference, who, when, why) but none of its notes:
    they are cleared from its history too, the deletion's own entry included."""
    deletion = CaseDeletion.objects.create(
        authority=case.authority, reference=case.reference, deleted_by=user, reason=reason
    )
    case.history.exclude(notes="").update(notes="")
    case.notes = ""
    case._history_user = user
    case._change_reason = f"Deleted: {reason}"
    case.delete()
    return deletion
