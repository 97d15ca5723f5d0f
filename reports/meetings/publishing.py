"""Publishing a meeting's agenda: the pack printed now and kept as printed, in full and
for the public, and the Forum told."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reports.choices import MeetingStatus
from reports.meetings import alerts
from reports.meetings.pack import build_packs
from reports.models import AgendaPack, Meeting


@transaction.atomic
def publish_agenda(
    *, meeting: Meeting, user, reason: str = "", now: datetime.datetime | None = None
) -> AgendaPack:
    """Print the agenda pack and keep it for ever; the meeting's agenda becomes
    published. A later version is a re-issued pack and says why."""
    # Locked, so that two clerks publishing at once make versions 1 and 2, not two 1s.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.MINUTES_APPROVED or meeting.minutes_locked:
        raise ValidationError("This meeting's minutes are approved: its agenda is history")
    latest = meeting.packs.order_by("-number").only("number").first()
    reason = reason.strip()
    if latest is not None and not reason:
        raise ValidationError({"reason": "Say what the re-issued pack changes and why"})
    full, public = build_packs(meeting)
    pack = AgendaPack.objects.create(
        meeting=meeting,
        number=latest.number + 1 if latest else 1,
        published_at=now or timezone.now(),
        published_by=user,
        reason=reason,
        contents_json=full.contents_json,
        public_contents_json=public.contents_json,
        pdf=full.pdf,
        public_pdf=public.pdf,
        page_count=full.page_count,
    )
    if meeting.status == MeetingStatus.DRAFT:
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
        meeting._history_user = user
        meeting._change_reason = f"Agenda published: pack version {pack.number}"
        meeting.save()
    alerts.announce_agenda(pack)
    return pack
