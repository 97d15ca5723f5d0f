"""The meetings' pages, read once each, for who is looking: the Schools Forum sees
meetings whose agenda is published; exempt (Part 2) items, and the actions raised under
them, are left out for anyone without the right to see them."""

import datetime
import json
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q

from hnb_monitor.choices import Audience
from hnb_monitor.models import Authority
from reports.choices import (
    ActionStatus,
    AnsweringPage,
    Attendance,
    MeetingStatus,
    MemberCategory,
    Purpose,
)
from reports.meetings.computation import Quorum, carried_forward, quorum, status_at
from reports.models import Action, AgendaItem, AgendaPack, ForumRules, Meeting, PublishedPaper

MEETINGS_PER_PAGE = 25
DEFAULT_QUORUM_PERCENT = ForumRules._meta.get_field("quorum_percent").default


@dataclass(frozen=True)
class MeetingRef:
    id: int
    name: str
    starts_at: datetime.datetime
    status: str
    status_label: str


@dataclass(frozen=True)
class PackRef:
    number: int
    published_at: datetime.datetime
    page_count: int


@dataclass(frozen=True)
class MeetingRow:
    meeting: MeetingRef
    where: str
    latest_pack: PackRef | None


@dataclass(frozen=True)
class MeetingList:
    rows: tuple[MeetingRow, ...]
    page: int
    pages: int


@dataclass(frozen=True)
class AttendeeRow:
    name: str
    organisation: str
    attendance: str
    attendance_label: str
    note: str


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    label: str
    votes: bool
    attendees: tuple[AttendeeRow, ...]


@dataclass(frozen=True)
class Report:
    """An item's report: a paper of this system or a PDF uploaded for it."""

    title: str
    period_code: str  # blank for an uploaded document
    published: bool  # a paper with a published version (uploads count as published)
    page_count: int | None


@dataclass(frozen=True)
class ResolutionRow:
    text: str
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    votes_recorded: bool


@dataclass(frozen=True)
class ActionRow:
    id: int
    raised_on: datetime.date
    item_number: int
    item_title: str
    description: str
    owner: str
    due_on: datetime.date | None
    status: str  # as the meeting being read saw it
    status_label: str
    status_note: str
    closed_on: datetime.date | None
    answered_by: str  # a page's URL name, or blank
    answered_by_label: str


@dataclass(frozen=True)
class ItemRow:
    id: int
    number: int
    title: str
    kind: str
    summary: str
    presenter: str
    purpose: str
    purpose_label: str
    exempt: bool
    report: Report | None
    # Where the item's pages are in the latest published agenda pack, as its reader gets it.
    first_page: int | None
    last_page: int | None
    minutes: str
    resolutions: tuple[ResolutionRow, ...]
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class CorrectionRow:
    text: str
    decided_at: datetime.datetime
    recorded_at: datetime.datetime


@dataclass(frozen=True)
class MeetingRecord:
    meeting: MeetingRef
    authority_name: str
    authority_slug: str
    ends_at: datetime.datetime | None
    remote: bool
    venue: str
    observer_contact: str
    chair: str
    opening_remarks: str
    attendance: tuple[CategoryGroup, ...]
    quorum: Quorum
    items: tuple[ItemRow, ...]
    # Every action raised at an earlier meeting and not closed before this one.
    action_log: tuple[ActionRow, ...]
    previous: MeetingRef | None
    # Whether this meeting agreed the previous meeting's minutes as a correct record.
    approved_previous_minutes: bool
    minutes_approved_at: MeetingRef | None
    minutes_approved_on: datetime.date | None
    corrections: tuple[CorrectionRow, ...]
    latest_pack: PackRef | None


def meeting_ref(meeting: Meeting) -> MeetingRef:
    return MeetingRef(
        id=meeting.pk,
        name=meeting.name,
        starts_at=meeting.starts_at,
        status=meeting.status,
        status_label=meeting.get_status_display(),
    )


def where(meeting: Meeting) -> str:
    if meeting.remote:
        return f"Remote ({meeting.venue})" if meeting.venue else "Held remotely"
    return meeting.venue


def visible_meetings(authority: Authority, audience: Audience):
    meetings = Meeting.objects.filter(authority=authority)
    if not audience.sees_drafts:
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    return meetings


def latest_packs(meetings) -> dict[int, PackRef]:
    packs = (
        AgendaPack.objects.filter(meeting__in=meetings)
        .only("meeting_id", "number", "published_at", "page_count")
        .order_by("meeting_id", "-number")
    )
    found: dict[int, PackRef] = {}
    for pack in packs:
        found.setdefault(pack.meeting_id, PackRef(pack.number, pack.published_at, pack.page_count))
    return found


def meeting_list(*, authority: Authority, audience: Audience, page: int = 1) -> MeetingList:
    """Latest first, a page at a time."""
    meetings = visible_meetings(authority, audience).order_by("-starts_at", "-pk")
    pager = Paginator(meetings, MEETINGS_PER_PAGE)
    shown = pager.get_page(page)
    packs = latest_packs(list(shown.object_list))
    rows = tuple(
        MeetingRow(meeting_ref(meeting), where(meeting), packs.get(meeting.pk))
        for meeting in shown.object_list
    )
    return MeetingList(rows=rows, page=shown.number, pages=pager.num_pages)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(authority_id=meeting.authority_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at", "-pk")
        .first()
    )


def action_row(action: Action, meeting_day: datetime.date) -> ActionRow:
    status = status_at(action.status, action.closed_on, meeting_day)
    return ActionRow(
        id=action.pk,
        raised_on=action.item.meeting.day,
        item_number=action.item.number,
        item_title=action.item.title,
        description=action.description,
        owner=action.owner,
        due_on=action.due_on,
        status=status,
        status_label=ActionStatus(status).label,
        status_note=action.status_note if status != ActionStatus.OPEN else "",
        closed_on=action.closed_on if status != ActionStatus.OPEN else None,
        answered_by=action.answered_by,
        answered_by_label=AnsweringPage(action.answered_by).label if action.answered_by else "",
    )


def action_log(meeting: Meeting, *, sees_exempt: bool) -> tuple[ActionRow, ...]:
    """The actions of earlier meetings still open at this one (or closed at it)."""
    day = meeting.day
    actions = (
        Action.objects.filter(
            item__meeting__authority_id=meeting.authority_id,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(Q(status=ActionStatus.OPEN) | Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .select_related("item__meeting")
        .order_by("item__meeting__starts_at", "item__number", "pk")
    )
    if not sees_exempt:
        actions = actions.filter(item__exempt=False)
    return tuple(
        action_row(action, day)
        for action in actions
        if carried_forward(action.item.meeting.day, action.status, action.closed_on, day)
    )


def report_of(item: AgendaItem, published: set[int]) -> Report | None:
    if item.paper_id is not None:
        return Report(
            title=item.paper.title,
            period_code=item.paper.period.code,
            published=item.paper_id in published,
            page_count=None,
        )
    if item.document_name:
        return Report(item.document_name, "", True, item.document_pages)
    return None


def latest_pack(meeting: Meeting, *, sees_exempt: bool) -> tuple[PackRef | None, dict]:
    """The latest published pack, and each item's (first, last) page in it as the reader
    is given it: the full pack for those who may see exempt items, the public one
    otherwise."""
    field = "contents_json" if sees_exempt else "public_contents_json"
    pack = (
        meeting.packs.order_by("-number")
        .only("number", "published_at", "page_count", field)
        .first()
    )
    if pack is None:
        return None, {}
    pages = {
        entry["number"]: (entry["first_page"], entry["last_page"])
        for entry in json.loads(getattr(pack, field))["items"]
        if entry.get("first_page")
    }
    return PackRef(pack.number, pack.published_at, pack.page_count), pages


def item_rows(meeting: Meeting, *, sees_exempt: bool, pages: dict) -> tuple[ItemRow, ...]:
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .defer("document")
        .select_related("paper__period__financial_year")
        .prefetch_related(
            "resolutions",
            Prefetch("actions", queryset=Action.objects.select_related("item__meeting")),
        )
    )
    if not sees_exempt:
        items = items.filter(exempt=False)
    items = list(items)
    published = set(
        PublishedPaper.objects.filter(paper__in=[i.paper_id for i in items if i.paper_id])
        .values_list("paper_id", flat=True)
        .distinct()
    )
    day = meeting.day
    return tuple(
        ItemRow(
            id=item.pk,
            number=item.number,
            title=item.title,
            kind=item.kind,
            summary=item.summary,
            presenter=item.presenter,
            purpose=item.purpose,
            purpose_label=Purpose(item.purpose).label if item.purpose else "",
            exempt=item.exempt,
            report=report_of(item, published),
            first_page=pages.get(item.number, (None, None))[0],
            last_page=pages.get(item.number, (None, None))[1],
            minutes=item.minutes,
            resolutions=tuple(
                ResolutionRow(r.text, r.votes_for, r.votes_against, r.abstentions, r.votes_recorded)
                for r in item.resolutions.all()
            ),
            # The actions as they stand now (their status is not history here).
            actions=tuple(action_row(a, max(day, a.closed_on or day)) for a in item.actions.all()),
        )
        for item in items
    )


def attendance_of(meeting: Meeting) -> tuple[tuple[CategoryGroup, ...], list[tuple[str, str]]]:
    attendees = list(meeting.attendees.all())
    groups = []
    for category in MemberCategory:
        rows = tuple(
            AttendeeRow(
                a.name, a.organisation, a.attendance, Attendance(a.attendance).label, a.note
            )
            for a in attendees
            if a.category == category
        )
        if rows:
            groups.append(CategoryGroup(category.value, category.label, category.votes, rows))
    return tuple(groups), [(a.category, a.attendance) for a in attendees]


def quorum_percent(authority_id: int) -> int:
    rules = ForumRules.objects.filter(authority_id=authority_id).first()
    return rules.quorum_percent if rules else DEFAULT_QUORUM_PERCENT


def meeting_record(meeting: Meeting, *, sees_exempt: bool) -> MeetingRecord:
    """A meeting's whole record: agenda, attendance, minutes, decisions, actions and the
    action log it carries, as someone with (or without) the right to exempt items reads it."""
    groups, attendance = attendance_of(meeting)
    previous = previous_meeting(meeting)
    approved_at = meeting.minutes_approved_at
    corrections = meeting.corrections.select_related("decided_at")
    pack, pages = latest_pack(meeting, sees_exempt=sees_exempt)
    return MeetingRecord(
        meeting=meeting_ref(meeting),
        authority_name=meeting.authority.name,
        authority_slug=meeting.authority.slug,
        ends_at=meeting.ends_at,
        remote=meeting.remote,
        venue=meeting.venue,
        observer_contact=meeting.observer_contact,
        chair=meeting.chair,
        opening_remarks=meeting.opening_remarks,
        attendance=groups,
        quorum=quorum(attendance, quorum_percent(meeting.authority_id)),
        items=item_rows(meeting, sees_exempt=sees_exempt, pages=pages),
        action_log=action_log(meeting, sees_exempt=sees_exempt),
        previous=meeting_ref(previous) if previous else None,
        approved_previous_minutes=bool(previous and previous.minutes_approved_at_id == meeting.pk),
        minutes_approved_at=meeting_ref(approved_at) if approved_at else None,
        minutes_approved_on=meeting.minutes_approved_on,
        corrections=tuple(
            CorrectionRow(c.text, c.decided_at.starts_at, c.recorded_at) for c in corrections
        ),
        latest_pack=pack,
    )


def meeting_page(*, meeting: Meeting, audience: Audience, sees_exempt: bool) -> MeetingRecord:
    """The meeting's page. The audience decides whether a draft can be read at all
    (the caller's access check); the right to exempt items decides what is left out."""
    if meeting.status == MeetingStatus.DRAFT and not audience.sees_drafts:
        raise ValueError("The Schools Forum does not read a draft meeting")
    return meeting_record(meeting, sees_exempt=sees_exempt)
