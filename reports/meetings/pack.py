"""The agenda pack: one PDF of a meeting's agenda, the previous meeting's minutes with
the action log, and every item's report, in agenda order, with the pack's page numbers
on every page and the agenda's page ranges computed from the pages themselves.

The pack is printed twice: in full, and for the public without exempt (Part 2) items.
Each has its own page ranges. The parts come from `meeting_record`, as read by someone
with (or without) the right to exempt items; nothing here decides what is exempt.
"""

import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from pypdf import PdfReader, PdfWriter

from reports.choices import Attendance, ItemKind
from reports.meetings.selectors import MeetingRecord, meeting_record, previous_meeting
from reports.models import AgendaItem, Meeting, PublishedPaper
from reports.render import render_pdf

# Longer ranges ("10 - 112") can push the agenda onto another page, which moves every
# range on by one; a few passes settle it, and a pack that never settles is a bug.
MAX_AGENDA_PASSES = 4


@dataclass(frozen=True)
class PackItem:
    """An agenda item as the pack prints it, with the pages it puts in the pack."""

    number: int
    title: str
    summary: str
    presenter: str
    purpose_label: str
    exempt: bool
    pdf: bytes  # the item's pages (the minutes, or its report); empty for none
    pages: int
    no_pages_note: str  # what the agenda says when the item has no pages


@dataclass(frozen=True)
class PageRange:
    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first} - {self.last}"


@dataclass(frozen=True)
class BuiltPack:
    pdf: bytes  # empty when there is nothing to print (a whole-exempt public pack)
    page_count: int
    contents: dict  # {"items": [{"number", "title", "first_page", "last_page", "exempt"}]}

    @property
    def contents_json(self) -> str:
        return json.dumps(self.contents, ensure_ascii=False)


# Words and dates as the council prints them ------------------------------------------------


def time_of_day(moment) -> str:
    """'2.00 pm', as the Forum's agendas write it (Django's 'a' gives 'p.m.')."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}.{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def long_date(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def meeting_when(moment) -> str:
    return f"{long_date(moment)} at {time_of_day(moment)}"


def where_line(record: MeetingRecord) -> str:
    if record.remote:
        where = "This meeting will be held remotely."
    elif record.venue:
        where = f"Venue: {record.venue}."
    else:
        where = ""
    if record.observer_contact:
        observe = "If you'd like to observe the meeting please contact: " + record.observer_contact
        where = f"{where} {observe}".strip()
    return where


def pack_title(record: MeetingRecord) -> str:
    return (
        f"{record.meeting.name} agenda pack, {long_date(record.meeting.starts_at)} – "
        f"{record.authority_name}"
    )


# The pages each item brings ---------------------------------------------------------------


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def report_pdfs(record: MeetingRecord, *, public: bool) -> dict[int, tuple[bytes, int]]:
    """Each item's report as it goes in the pack, by item id: a paper's latest published
    version (exactly its stored bytes) or the uploaded PDF. A paper not yet published
    brings no pages; nor, in the public pack, does a paper published as exempt (no pages,
    but listed, so that the agenda can say why)."""
    found = {}
    items = AgendaItem.objects.filter(pk__in=[item.id for item in record.items])
    for item_id, paper_id, document_name in items.values_list("pk", "paper_id", "document_name"):
        if paper_id is not None:
            latest = (
                PublishedPaper.objects.filter(paper_id=paper_id)
                .order_by("-number")
                .only("pdf", "page_count", "exempt")
                .first()
            )
            if latest is not None:
                withheld = public and latest.exempt
                found[item_id] = (b"", 0) if withheld else (bytes(latest.pdf), latest.page_count)
        elif document_name:
            document = bytes(AgendaItem.objects.values_list("document", flat=True).get(pk=item_id))
            found[item_id] = (document, pdf_pages(document))
    return found


def exempt_papers(meeting: Meeting) -> bool:
    """Whether a paper on the agenda was published as exempt (the public pack leaves its
    pages out even when its agenda item is not marked exempt)."""
    return PublishedPaper.objects.filter(paper__agenda_items__meeting=meeting, exempt=True).exists()


def no_pages_note(item, previous: MeetingRecord | None, withheld: bool) -> str:
    if item.kind == ItemKind.PREVIOUS_MINUTES and previous is None:
        return "No previous meeting"
    if withheld:
        return "The report is exempt: not for publication"
    if item.report is not None and not item.report.published:
        return "Report to follow: not yet published"
    return ""


def pack_items(
    record: MeetingRecord, previous: MeetingRecord | None, minutes_pdf: bytes, *, public: bool
) -> list[PackItem]:
    reports = report_pdfs(record, public=public)
    items = []
    for item in record.items:
        pdf, pages = reports.get(item.id, (b"", 0))
        if item.kind == ItemKind.PREVIOUS_MINUTES and minutes_pdf:
            pdf, pages = minutes_pdf, pdf_pages(minutes_pdf)
        items.append(
            PackItem(
                number=item.number,
                title=item.title,
                summary=item.summary,
                presenter=item.presenter,
                purpose_label=item.purpose_label,
                exempt=item.exempt,
                pdf=pdf,
                pages=pages,
                no_pages_note="" if pages else no_pages_note(item, previous, item.id in reports),
            )
        )
    return items


def page_ranges(items: list[PackItem], agenda_pages: int) -> dict[int, PageRange]:
    """Where each item with pages sits in the pack, after the agenda: by item number."""
    ranges, last = {}, agenda_pages
    for item in items:
        if item.pages:
            ranges[item.number] = PageRange(last + 1, last + item.pages)
            last += item.pages
    return ranges


# The printed parts --------------------------------------------------------------------------


def pack_stylesheet() -> str:
    with open(finders.find("hnb/pack.css"), encoding="utf-8") as css:
        return css.read()


def attendance_lines(record: MeetingRecord) -> dict:
    """Who was there, by membership group, voting members first, as the minutes list
    them; apologies and absences are named after."""
    present = {"voting": [], "non_voting": []}
    apologies, absent = [], []
    for group in record.attendance:
        names = []
        for person in group.attendees:
            name = f"{person.name} ({person.organisation})" if person.organisation else person.name
            if person.attendance == Attendance.PRESENT:
                names.append(f"{name}, {person.note.lower()}" if person.note else name)
            elif person.attendance == Attendance.APOLOGIES:
                apologies.append(person.name)
            else:
                absent.append(person.name)
        if names:
            present["voting" if group.votes else "non_voting"].append((group.label, names))
    return {**present, "apologies": apologies, "absent": absent}


def quorum_line(record: MeetingRecord) -> str:
    quorum = record.quorum
    if not quorum.voting_members:
        return "Quorum: no voting members are recorded"
    said = "Quorate" if quorum.quorate else "Not quorate"
    return (
        f"{said}: {quorum.present} of {quorum.voting_members} voting members present; "
        f"{quorum.needed} needed"
    )


def minutes_html(record: MeetingRecord, previous: MeetingRecord) -> str:
    """The previous meeting's minutes, then this meeting's action log."""
    return render_to_string(
        "reports/meetings/pack_minutes.html",
        {
            "record": record,
            "previous": previous,
            "held_on": long_date(previous.meeting.starts_at),
            "started": time_of_day(previous.meeting.starts_at),
            "ended": time_of_day(previous.ends_at) if previous.ends_at else "",
            "attendance": attendance_lines(previous),
            "quorum": quorum_line(previous),
            "meeting_day": long_date(record.meeting.starts_at),
            "stylesheet": mark_safe(pack_stylesheet()),
        },
    )


def agenda_html(record: MeetingRecord, items: list[PackItem], ranges: dict) -> str:
    rows = [(item, ranges.get(item.number)) for item in items]
    return render_to_string(
        "reports/meetings/pack_agenda.html",
        {
            "record": record,
            "title": pack_title(record),
            "when": meeting_when(record.meeting.starts_at),
            "where": where_line(record),
            "rows": rows,
            "stylesheet": mark_safe(pack_stylesheet()),
        },
    )


def agenda_fixpoint(record: MeetingRecord, items: list[PackItem]) -> tuple[bytes, dict]:
    """The agenda printed with the page ranges it itself sets: print, count its pages,
    and print again until the count stops changing."""
    agenda_pages = 1
    for _ in range(MAX_AGENDA_PASSES):
        ranges = page_ranges(items, agenda_pages)
        pdf, pages = render_pdf(agenda_html(record, items, ranges))
        if pages == agenda_pages:
            return pdf, ranges
        agenda_pages = pages
    raise RuntimeError(f"The agenda's page count did not settle in {MAX_AGENDA_PASSES} passes")


# Putting the pack together -----------------------------------------------------------------


def stamps_pdf(sizes: list[tuple[float, float]], labels: dict[int, str]) -> bytes:
    """A layer of one page per pack page, each the size of the page below it: the pack's
    page number at the foot, and "Agenda Item N" at the head of each item's first page."""
    import weasyprint

    kinds = sorted(set(sizes))
    html = render_to_string(
        "reports/meetings/pack_stamps.html",
        {
            # Points as text: the template must not localise a float.
            "kinds": [(n, f"{w:.2f}", f"{h:.2f}") for n, (w, h) in enumerate(kinds)],
            "pages": [
                (index + 1, kinds.index(size), f"{size[1]:.2f}", labels.get(index, ""))
                for index, size in enumerate(sizes)
            ],
        },
    )
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    if len(document.pages) != len(sizes):
        raise RuntimeError("The page-number layer does not match the pack's pages")
    return document.write_pdf()


def assemble(
    agenda_pdf: bytes, items: list[PackItem], ranges: dict, record: MeetingRecord
) -> bytes:
    writer = PdfWriter()
    for part in [agenda_pdf, *(item.pdf for item in items if item.pages)]:
        writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
    for page in writer.pages:
        if page.rotation:
            # A landscape upload saved as a rotated portrait page: its stamp goes on
            # the page as seen, not as stored.
            page.transfer_rotation_to_content()
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    labels = {ranges[n].first - 1: f"Agenda Item {n}" for n in ranges}
    stamps = PdfReader(io.BytesIO(stamps_pdf(sizes, labels)))
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        page.merge_translated_page(stamp, float(page.mediabox.left), float(page.mediabox.bottom))
    writer.add_outline_item(title="Agenda", page_number=0)
    for item in items:
        if item.number in ranges:
            title = f"{item.number}. {item.title}"
            writer.add_outline_item(title=title, page_number=ranges[item.number].first - 1)
    writer.add_metadata({"/Title": pack_title(record), "/Author": record.authority_name})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def contents_of(items: list[PackItem], ranges: dict) -> dict:
    """The agenda with its computed pages, as kept with the pack (and read by the alerts)."""
    return {
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "first_page": ranges[item.number].first if item.number in ranges else None,
                "last_page": ranges[item.number].last if item.number in ranges else None,
                "exempt": item.exempt,
            }
            for item in items
        ]
    }


def build_pack(record: MeetingRecord, previous: MeetingRecord | None, *, public: bool) -> BuiltPack:
    """The pack of one reading of the meeting (full, or public)."""
    if not record.items:
        return BuiltPack(pdf=b"", page_count=0, contents={"items": []})
    has_minutes_item = any(item.kind == ItemKind.PREVIOUS_MINUTES for item in record.items)
    minutes_pdf = b""
    if previous is not None and has_minutes_item:
        minutes_pdf = render_pdf(minutes_html(record, previous))[0]
    items = pack_items(record, previous, minutes_pdf, public=public)
    agenda_pdf, ranges = agenda_fixpoint(record, items)
    pdf = assemble(agenda_pdf, items, ranges, record)
    return BuiltPack(pdf=pdf, page_count=pdf_pages(pdf), contents=contents_of(items, ranges))


def pack_sources(meeting: Meeting, *, sees_exempt: bool):
    record = meeting_record(meeting, sees_exempt=sees_exempt)
    previous = previous_meeting(meeting)
    return record, meeting_record(previous, sees_exempt=sees_exempt) if previous else None


def build_packs(meeting: Meeting) -> tuple[BuiltPack, BuiltPack]:
    """The full pack and the public pack. When nothing in either meeting is exempt the
    two readings are the same, and so is the pack: it is printed once."""
    full_sources = pack_sources(meeting, sees_exempt=True)
    public_sources = pack_sources(meeting, sees_exempt=False)
    full = build_pack(*full_sources, public=False)
    if public_sources == full_sources and not exempt_papers(meeting):
        return full, full
    return full, build_pack(*public_sources, public=True)
