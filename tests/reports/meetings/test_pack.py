"""The agenda pack: one PDF whose pages are where its agenda says, numbered through;
the public pack without exempt items; publishing it; who reads which pack."""

import datetime
import io
import json
import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from hnb_monitor.demo import Tally
from reports.choices import MeetingStatus
from reports.meetings import pack as pack_module
from reports.meetings.demo import load_meetings
from reports.meetings.pack import BuiltPack
from reports.meetings.publishing import publish_agenda
from reports.models import AgendaItem, AgendaPack, Meeting, PublishedPaper
from reports.render import render_pdf
from reports.services import publish_paper
from tests.reports.conftest import HF

PUBLIC_HF = "/public/hammersmith-fulham"
LEASE = "Pupil Referral Unit lease renewal"
GROWTH = "Growth fund allocations 2023/24"


# Reading a pack as a member would: page by page ------------------------------------------


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text as pdftotext lays it out, first page first."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def printed_ranges(agenda_text: str) -> dict[int, tuple[int, int]]:
    """The Pages column as printed on the agenda: "2 - 6" (or "7") at the end of an item's
    title line, by item number."""
    ranges = {}
    for line in agenda_text.splitlines():
        found = re.match(r"\s*(\d+)\.\s+\S.*?\s{2,}(\d+)(?:\s*-\s*(\d+))?\s*$", line)
        if found:
            first = int(found[2])
            ranges[int(found[1])] = (first, int(found[3] or first))
    return ranges


def stamped_numbers(text: str) -> list[int]:
    """The pack's "Page N" stamps on a page (not a paper's own "Page 1 of 16")."""
    return [int(n) for n in re.findall(r"\bPage (\d+)\b(?! of)", text)]


def flat(pages: list[str]) -> str:
    """All the pages' words, in one case, whatever the lines (and the headings' capitals)."""
    return " ".join(" ".join(pages).split()).casefold()


def outline(pdf: bytes) -> dict[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return {entry.title: reader.get_destination_page_number(entry) for entry in reader.outline}


def contents(json_text: str) -> dict[int, tuple[int, int]]:
    items = json.loads(json_text)["items"]
    return {i["number"]: (i["first_page"], i["last_page"]) for i in items if i["first_page"]}


def june(hf) -> Meeting:
    return Meeting.objects.get(authority=hf, starts_at__month=6, starts_at__year=2023)


def march(hf) -> Meeting:
    return Meeting.objects.get(authority=hf, starts_at__month=3, starts_at__year=2023)


def small_pdf(title: str, pages: int) -> bytes:
    body = "".join(
        f'<h1 style="break-before: {"page" if n else "auto"}">{title}</h1><p>Page {n + 1} '
        "of the report.</p>"
        for n in range(pages)
    )
    return render_pdf(f'<html lang="en-GB"><title>{title}</title><body>{body}</body></html>')[0]


def attach(meeting: Meeting, number: int, title: str, pdf: bytes, *, exempt: bool):
    return AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title,
        exempt=exempt,
        document=pdf,
        document_name=f"{title}.pdf",
        document_size=len(pdf),
        document_pages=len(PdfReader(io.BytesIO(pdf)).pages),
    )


# The printed pack (each of these renders with WeasyPrint) ----------------------------------


def test_the_demo_pack_reads_as_its_agenda_says(hf, q1_paper, ade, sam, client_for, tmp_path):
    paper = publish_paper(paper=q1_paper, user=ade)
    tally = Tally()
    started = timezone.now()
    load_meetings(tally)  # the demo publishes both packs once the paper is published
    seconds = (timezone.now() - started).total_seconds()
    assert tally["published"] == 2
    assert march(hf).packs.get().published_at.date() == datetime.date(2023, 3, 7)
    pack = june(hf).packs.get()
    assert june(hf).status == MeetingStatus.AGENDA_PUBLISHED
    assert pack.published_at == timezone.make_aware(datetime.datetime(2023, 6, 20, 9, 0))

    pages = page_texts(bytes(pack.pdf), tmp_path)
    ranges = contents(pack.contents_json)
    assert printed_ranges(pages[0]) == ranges
    minutes, report = ranges[2], ranges[3]
    agenda_pages = minutes[0] - 1
    assert agenda_pages == 1
    # The minutes start where the agenda says, under their item, with the action log.
    assert "Agenda Item 2" in pages[minutes[0] - 1]
    assert "Schools Forum Minutes" in pages[minutes[0] - 1]
    assert "Tuesday 14 March 2023" in pages[minutes[0] - 1]
    minutes_text = "\n".join(pages[minutes[0] - 1 : minutes[1]])
    assert "Quorate: 6 of 7 voting members present; 3 needed" in minutes_text
    assert "RESOLVED" in minutes_text and "ACTION: Caroline Baxter" in minutes_text
    assert "Action log" in pages[minutes[1] - 1]
    # The paper: exactly its own pages, starting where the agenda says.
    assert "Agenda Item 3" in pages[report[0] - 1]
    assert "Q1 Update: High Needs Block 2023/24" in pages[report[0] - 1]
    assert f"Page 1 of {paper.page_count}" in pages[report[0] - 1]
    assert f"Page {paper.page_count} of {paper.page_count}" in pages[report[1] - 1]
    assert report[1] - report[0] + 1 == paper.page_count
    assert (
        pack.page_count
        == len(pages)
        == agenda_pages + (minutes[1] - minutes[0] + 1) + (paper.page_count)
    )
    for number, text in enumerate(pages, start=1):
        assert stamped_numbers(text) == [number], number
    assert outline(bytes(pack.pdf)) == {
        "Agenda": 0,
        "2. Minutes of the previous meeting": minutes[0] - 1,
        "3. Q1 update - High Needs Block 2023/24": report[0] - 1,
    }
    reader = PdfReader(io.BytesIO(bytes(pack.pdf)))
    assert reader.metadata.title == (
        "Schools Forum agenda pack, Tuesday 27 June 2023 – Hammersmith & Fulham"
    )
    # Nothing exempt: the public pack is the same pack.
    assert bytes(pack.public_pdf) == bytes(pack.pdf)
    assert pack.public_contents_json == pack.contents_json
    # The meeting's page gives the same pages, to staff and to the Forum.
    for user in (ade, sam):
        shown = client_for(user).get(f"{HF}/meetings/{june(hf).pk}/").content.decode()
        assert f"{report[0]} – {report[1]}</td>" in shown and "Agenda pack (PDF)" in shown
    print(f"June 2023 pack: {pack.page_count} pages; both demo packs in {seconds:.1f} s")


def test_exempt_items_are_in_the_full_pack_only(hf, ade, tmp_path):
    meeting = june(hf)
    meeting.items.filter(number=4).update(number=7)
    attach(meeting, 4, LEASE, small_pdf(LEASE, 2), exempt=True)
    attach(meeting, 5, GROWTH, small_pdf(GROWTH, 1), exempt=False)
    # An exempt item of the previous meeting, and the action raised under it.
    march(hf).items.filter(number=7).update(exempt=True)

    pack = publish_agenda(meeting=meeting, user=ade)

    full = page_texts(bytes(pack.pdf), tmp_path)
    full_ranges = contents(pack.contents_json)
    assert printed_ranges(full[0]) == full_ranges
    assert "Part 2 – exempt" in full[0]
    assert "Report to follow: not yet published" in full[0]  # the Q1 paper, unpublished
    assert LEASE in full[full_ranges[4][0] - 1]
    assert "dedicated schools grant monitoring" in flat(full)
    assert "update the report template" in flat(full)

    public = page_texts(bytes(pack.public_pdf), tmp_path)
    public_ranges = contents(pack.public_contents_json)
    for secret in [LEASE, "Part 2", "Dedicated Schools Grant monitoring", "report template"]:
        assert secret.casefold() not in flat(public), secret
    assert printed_ranges(public[0]) == public_ranges
    assert [i["number"] for i in json.loads(pack.public_contents_json)["items"]] == [1, 2, 3, 5, 7]
    # Renumbered: the growth fund report follows the (shorter) public minutes directly.
    assert public_ranges[5][0] == public_ranges[2][1] + 1 < full_ranges[5][0]
    assert GROWTH in public[public_ranges[5][0] - 1]
    assert "Agenda Item 5" in public[public_ranges[5][0] - 1]
    assert len(public) == public_ranges[5][1]
    for number, text in enumerate(public, start=1):
        assert stamped_numbers(text) == [number], number
    assert set(outline(bytes(pack.public_pdf))) == {
        "Agenda",
        "2. Minutes of the previous meeting",
        f"5. {GROWTH}",
    }


def test_a_whole_exempt_meeting_has_no_public_pack(hf):
    meeting = june(hf)
    meeting.items.update(exempt=True)
    sources = pack_module.pack_sources(meeting, sees_exempt=False)
    public = pack_module.build_pack(*sources, public=True)
    assert public == BuiltPack(pdf=b"", page_count=0, contents={"items": []})


# Publishing (the PDFs faked: these are about the rules) ------------------------------------

FULL_PDF, PUBLIC_PDF = b"%PDF-1.7 the full pack", b"%PDF-1.7 the public pack"


@pytest.fixture
def quick_pack(monkeypatch):
    """Packs without WeasyPrint; `quick_pack["public"]` can be emptied (whole-exempt)."""
    made = {"public": PUBLIC_PDF, "announced": []}

    def build(meeting):
        items = {"items": [{"number": 1, "title": "Apologies", "first_page": None}]}
        return BuiltPack(FULL_PDF, 3, items), BuiltPack(made["public"], 2, items)

    monkeypatch.setattr("reports.meetings.publishing.build_packs", build)
    monkeypatch.setattr("reports.meetings.alerts.announce_agenda", made["announced"].append)
    return made


def test_publishing_freezes_the_pack_and_a_reissue_says_why(hf, ade, quick_pack):
    meeting = june(hf)
    first = publish_agenda(meeting=meeting, user=ade)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert (first.number, bytes(first.pdf), bytes(first.public_pdf)) == (1, FULL_PDF, PUBLIC_PDF)
    assert quick_pack["announced"] == [first]
    with pytest.raises(ValueError, match="frozen"):
        first.save()
    with pytest.raises(ValidationError, match="Say what the re-issued pack changes"):
        publish_agenda(meeting=meeting, user=ade, reason="  ")
    second = publish_agenda(meeting=meeting, user=ade, reason="Item 3's paper added")
    assert (second.number, second.reason) == (2, "Item 3's paper added")
    assert AgendaPack.objects.filter(meeting=meeting).count() == 2


def test_approved_minutes_are_not_published_again(hf, ade, quick_pack):
    meeting = march(hf)
    meeting.minutes_approved_at = june(hf)
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.save()
    with pytest.raises(ValidationError, match="approved"):
        publish_agenda(meeting=meeting, user=ade)
    assert not meeting.packs.exists()


def test_the_programme_lead_publishes_from_the_confirmation_page(hf, ade, client_for, quick_pack):
    client = client_for(ade)
    url = f"{HF}/meetings/{june(hf).pk}/publish/"
    assert "Publish the agenda pack" in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Re-issue the agenda pack" in page and "Agenda pack version 1 published" in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert "Say what the re-issued pack changes and why" in refused.content.decode()
    assert client.post(url, {"reason": "Item 3's paper added"}).status_code == 302
    assert list(june(hf).packs.values_list("number", flat=True)) == [2, 1]


def test_who_reads_which_pack(hf, ade, olu, sam, carl, client_for, quick_pack):
    meeting = june(hf)
    publish_agenda(meeting=meeting, user=ade)
    latest, first = (
        f"{HF}/meetings/{meeting.pk}/pack.pdf",
        f"{HF}/meetings/{meeting.pk}/pack-v1.pdf",
    )
    assert client_for(sam).get(f"{HF}/meetings/{meeting.pk}/publish/").status_code == 403
    for url in (latest, first):
        response = client_for(sam).get(url)
        assert (response["Content-Type"], response.content) == ("application/pdf", PUBLIC_PDF)
        assert client_for(olu).get(url).content == FULL_PDF  # staff see exempt items
        assert client_for(carl).get(url).status_code == 404
    assert client_for(sam).get(f"{HF}/meetings/{meeting.pk}/pack-v2.pdf").status_code == 404
    sam.memberships.update(sees_exempt_items=True)
    assert client_for(sam).get(latest).content == FULL_PDF


def test_the_public_pack_is_public_only_when_the_authority_says_so(client, hf, ade, quick_pack):
    meeting = june(hf)
    url = f"{PUBLIC_HF}/meetings/{meeting.pk}/pack.pdf"
    publish_agenda(meeting=meeting, user=ade)
    assert client.get(url).status_code == 404
    hf.publish_papers_publicly = True
    hf.save()
    response = client.get(url)
    assert (response.status_code, response.content) == (200, PUBLIC_PDF)
    assert client.post(url).status_code == 405
    # A whole-exempt pack has no public pages: nothing to serve.
    quick_pack["public"] = b""
    publish_agenda(meeting=meeting, user=ade, reason="Every item is now exempt")
    assert client.get(url).status_code == 404
    # Another authority's meeting is not reached through H&F's public address.
    assert client.get(f"{PUBLIC_HF}/meetings/999999/pack.pdf").status_code == 404


def test_a_paper_with_no_published_version_brings_no_pages(hf):
    record, previous = pack_module.pack_sources(june(hf), sees_exempt=True)
    assert not PublishedPaper.objects.filter(paper__agenda_items__meeting=june(hf)).exists()
    assert pack_module.report_pdfs(record, public=False) == {}
    item = next(item for item in record.items if item.number == 3)
    assert pack_module.no_pages_note(item, previous, False) == "Report to follow: not yet published"


def test_a_paper_published_as_exempt_stays_out_of_the_public_pack(hf, ade, q1_paper, quick_pdf):
    """Its agenda item is not marked exempt, but the paper itself was published as exempt."""
    q1_paper.exempt = True
    q1_paper.save()
    published = publish_paper(paper=q1_paper, user=ade)
    record, previous = pack_module.pack_sources(june(hf), sees_exempt=False)
    item = next(item for item in record.items if item.number == 3)
    full = pack_module.report_pdfs(record, public=False)
    assert full == {item.id: (bytes(published.pdf), published.page_count)}
    assert pack_module.report_pdfs(record, public=True) == {item.id: (b"", 0)}
    assert pack_module.exempt_papers(june(hf))
    assert "exempt" in pack_module.no_pages_note(item, previous, True)
