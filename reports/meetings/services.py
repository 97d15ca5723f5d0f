"""Writes of the meetings: the clerk drafts the agenda and the minutes; the next meeting
approves the minutes, and from then on they are a record that a correction can only
add to. An action's progress is recorded at any time: closing it is not editing the
minutes that raised it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hnb_monitor.locking import model_update
from reports.choices import ActionStatus, MeetingStatus
from reports.models import (
    Action,
    AgendaItem,
    Attendee,
    Meeting,
    MinutesCorrection,
    Resolution,
)

MEETING_FIELDS = [
    "name",
    "starts_at",
    "ends_at",
    "remote",
    "venue",
    "observer_contact",
    "chair",
    "opening_remarks",
]
ITEM_FIELDS = ["number", "title", "kind", "summary", "presenter", "purpose", "paper", "exempt"]


def guard_minutes(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError(
            f"The minutes of {meeting.day:%-d %B %Y} were approved as a correct "
            "record: they cannot be changed. Record a correction instead."
        )


def locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for this transaction, refusing approved minutes."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    guard_minutes(current)
    return current


def with_history(instance, user, reason: str = ""):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    return instance


@transaction.atomic
def save_meeting(*, authority, user, data: dict, meeting: Meeting | None = None) -> Meeting:
    if meeting is None:
        meeting = Meeting(authority=authority, clerk=user)
        with_history(meeting, user, "Created")
        model_update(instance=meeting, data=data, save=False)
        meeting.save()
        return meeting
    current = with_history(locked(meeting), user)
    if model_update(instance=current, data=data, save=False):
        current.version += 1
        current.save()
    return current


@transaction.atomic
def save_item(
    *, meeting: Meeting, user, data: dict, item: AgendaItem | None = None, document=None
) -> AgendaItem:
    """Add or change an agenda item and its minutes. `document` is a checked upload
    (name, bytes, pages) that replaces the item's report, or None to keep it."""
    locked(meeting)
    number = data.get("number")
    clash = AgendaItem.objects.filter(meeting=meeting, number=number)
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError({"number": f"Item {number} is on the agenda already"})
    item = item or AgendaItem(meeting=meeting)
    with_history(item, user)
    model_update(instance=item, data=data, save=False)
    if document is not None:
        item.document_name, item.document, item.document_pages = document
        item.document_size = len(item.document)
        item.paper = None
    elif item.paper_id is not None:
        # One report per item: choosing a paper of this system replaces an upload.
        item.document, item.document_name = None, ""
        item.document_size = item.document_pages = None
    item.save()
    return item


@transaction.atomic
def remove_document(*, item: AgendaItem, user) -> None:
    locked(item.meeting)
    with_history(item, user, "Report removed")
    item.document, item.document_name = None, ""
    item.document_size = item.document_pages = None
    item.save()


@transaction.atomic
def delete_item(*, item: AgendaItem, user) -> None:
    locked(item.meeting)
    if item.actions.exists():
        raise ValidationError(
            "This item raised actions, which later agendas carry: close them instead"
        )
    with_history(item, user, "Deleted")
    item.delete()


@transaction.atomic
def save_attendance(*, meeting: Meeting, user, rows: list[dict]) -> None:
    """Replace who was listed, in the order given."""
    locked(meeting)
    meeting.attendees.all().delete()
    # With history, as every other record of the minutes: who listed whom, and when.
    bulk_create_with_history(
        [Attendee(meeting=meeting, order=order, **row) for order, row in enumerate(rows)],
        Attendee,
        default_user=user,
        default_change_reason="Attendance saved",
    )


@transaction.atomic
def add_resolution(*, item: AgendaItem, user, data: dict) -> Resolution:
    locked(item.meeting)
    resolution = with_history(Resolution(item=item, **data), user)
    resolution.save()
    return resolution


@transaction.atomic
def delete_resolution(*, resolution: Resolution, user) -> None:
    locked(resolution.item.meeting)
    with_history(resolution, user, "Deleted")
    resolution.delete()


@transaction.atomic
def add_action(*, item: AgendaItem, user, data: dict) -> Action:
    locked(item.meeting)
    action = with_history(Action(item=item, **data), user, "Raised")
    action.save()
    return action


@transaction.atomic
def update_action(
    *, action: Action, user, status: str, note: str, on: datetime.date | None = None
) -> Action:
    """Record an action's progress. Done or dropped takes it off later agendas (from the
    day it was closed); reopening puts it back."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if status == ActionStatus.DROPPED and not note.strip():
        raise ValidationError({"note": "Say why the action is dropped"})
    closed_on = None if status == ActionStatus.OPEN else (on or timezone.localdate())
    with_history(current, user, f"Marked {ActionStatus(status).label.lower()}")
    model_update(
        instance=current,
        data={"status": status, "status_note": note.strip(), "closed_on": closed_on},
    )
    return current


def later_meetings(meeting: Meeting):
    return Meeting.objects.filter(
        authority_id=meeting.authority_id, starts_at__gt=meeting.starts_at
    ).order_by("starts_at")


@transaction.atomic
def approve_minutes(*, meeting: Meeting, at: Meeting, user) -> Meeting:
    """Record that `at` agreed `meeting`'s minutes as a correct record: they are locked."""
    current = locked(meeting)
    if at.authority_id != current.authority_id or at.starts_at <= current.starts_at:
        raise ValidationError("Minutes are approved at a later meeting of the same Forum")
    if current.status == MeetingStatus.DRAFT:
        raise ValidationError("This meeting's agenda was never published: it has no minutes")
    if timezone.localdate() < at.day:
        raise ValidationError(
            f"The meeting of {at.day:%-d %B %Y} has not taken "
            "place yet: minutes are approved at it, not before"
        )
    with_history(current, user, f"Minutes approved at the meeting of {at.day:%-d %B %Y}")
    current.minutes_approved_at = at
    current.minutes_approved_on = at.day
    current.status = MeetingStatus.MINUTES_APPROVED
    current.save()
    return current


@transaction.atomic
def record_correction(
    *, meeting: Meeting, decided_at: Meeting, user, text: str, now=None
) -> MinutesCorrection:
    """A correction to approved minutes, as decided at a later meeting."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not current.minutes_locked:
        raise ValidationError("These minutes are not approved yet: change them instead")
    if decided_at.authority_id != current.authority_id or (
        decided_at.starts_at <= current.starts_at
    ):
        raise ValidationError({"decided_at": "A correction is decided at a later meeting"})
    return MinutesCorrection.objects.create(
        meeting=current,
        decided_at=decided_at,
        text=text.strip(),
        recorded_by=user,
        recorded_at=now or timezone.now(),
    )
