"""The clerk (the programme lead) drafts a meeting: its details, agenda items with their
reports, attendance, resolutions and actions. Nobody else may."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from reports.models import AgendaItem, Attendee, Meeting
from tests.forecasts.helpers import text_of
from tests.reports.meetings.conftest import MEETINGS


def blank_pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def new_meeting(client, **changes):
    data = {
        "name": "Schools Forum",
        "date_day": "3",
        "date_month": "10",
        "date_year": "2023",
        "start_time": "2pm",
        "end_time": "",
        "remote": "no",
        "venue": "Hammersmith Town Hall, Committee Room 1",
        "observer_contact": "",
        "chair": "Chair of the Forum",
        "opening_remarks": "",
    }
    data.update(changes)
    return client.post(f"{MEETINGS}new/", data)


def item_data(**changes):
    data = {
        "number": "1",
        "title": "Early years funding consultation",
        "kind": "business",
        "summary": "",
        "presenter": "Tony Burton",
        "purpose": "consultation",
        "paper": "",
        "exempt": "no",
        "minutes": "",
    }
    data.update(changes)
    return data


def test_the_clerk_adds_a_meeting_and_its_agenda(client_for, ade, hf):
    client = client_for(ade)
    response = new_meeting(client)
    assert response.status_code == 302
    meeting = Meeting.objects.get(authority=hf, venue__startswith="Hammersmith Town Hall")
    assert f"{meeting.starts_at.astimezone():%H:%M}" == "14:00"
    upload = SimpleUploadedFile("Consultation report.PDF", blank_pdf(3), "application/pdf")
    response = client.post(
        f"{MEETINGS}{meeting.pk}/items/new/", {**item_data(), "document": upload}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.document_name, item.document_pages) == ("Consultation report.pdf", 3)
    text = text_of(client.get(f"{MEETINGS}{meeting.pk}/").content)
    assert "1. Early years funding consultation" in text
    assert "Consultation report.pdf (PDF, 3 pages)" in text
    assert "Tony Burton · For consultation" in text
    report = client.get(f"{MEETINGS}{meeting.pk}/items/{item.pk}/report.pdf")
    assert report["Content-Type"] == "application/pdf" and report.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.pdf", b"Not a PDF at all", "The report must be a PDF"),
        ("broken.pdf", b"%PDF-1.7\n garbage", "could not be read as a PDF"),
    ],
)
def test_an_upload_that_is_not_a_readable_pdf_is_refused(
    client_for, ade, march, name, content, message
):
    client = client_for(ade)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post(
        f"{MEETINGS}{march.pk}/items/new/", {**item_data(number="12"), "document": upload}
    )
    assert response.status_code == 200
    assert message in text_of(response.content)
    assert not AgendaItem.objects.filter(meeting=march, number=12).exists()


def test_two_items_cannot_share_a_number(client_for, ade, march):
    response = client_for(ade).post(f"{MEETINGS}{march.pk}/items/new/", item_data(number="6"))
    assert response.status_code == 200
    assert "Item 6 is on the agenda already" in text_of(response.content)


def test_times_are_read_as_agendas_write_them(client_for, ade, hf):
    client = client_for(ade)
    response = new_meeting(client, start_time="25.00", end_time="1pm")
    text = text_of(response.content)
    assert "Start time must be a time of day, like 2pm or 14:30" in text
    response = new_meeting(client, start_time="2.30 pm", end_time="2pm")
    assert "The meeting must end after it starts" in text_of(response.content)
    assert new_meeting(client, start_time="2.30 pm", end_time="4.15pm").status_code == 302
    meeting = Meeting.objects.get(authority=hf, venue__startswith="Hammersmith")
    assert f"{meeting.ends_at.astimezone():%H:%M}" == "16:15"


def test_attendance_resolutions_and_actions_are_recorded(client_for, ade, june):
    client = client_for(ade)
    rows = [
        ("Sam Naismith", "Flora Gardens Primary", "maintained_primary", "present"),
        ("Gary Kynaston", "Hammersmith Academy", "academies", "apologies"),
        ("Peter Haylock", "Director of Education and SEND", "officers", "present"),
    ]
    data = {"form-TOTAL_FORMS": "5", "form-INITIAL_FORMS": "0"}
    for index, (name, organisation, category, attendance) in enumerate(rows):
        data.update(
            {
                f"form-{index}-name": name,
                f"form-{index}-organisation": organisation,
                f"form-{index}-category": category,
                f"form-{index}-attendance": attendance,
            }
        )
    assert client.post(f"{MEETINGS}{june.pk}/attendance/", data).status_code == 302
    listed = Attendee.history.filter(meeting_id=june.pk, history_type="+")
    assert sorted(listed.values_list("name", "history_user__username")) == [
        ("Gary Kynaston", "ade"),
        ("Peter Haylock", "ade"),
        ("Sam Naismith", "ade"),
    ]
    item = june.items.get(number=3)
    client.post(
        f"{MEETINGS}{june.pk}/items/{item.pk}/resolutions/new/",
        {"text": "The Forum noted the Q1 position.", "votes_for": "7", "votes_against": "0"},
    )
    client.post(
        f"{MEETINGS}{june.pk}/items/{item.pk}/actions/new/",
        {
            "description": "Bring the banding proposals",
            "owner": "Peter Haylock",
            "answered_by": "risk_register",
        },
    )
    text = text_of(client.get(f"{MEETINGS}{june.pk}/").content)
    assert "Not quorate 1 of 2 voting members present; 1 needed" not in text
    assert "Quorate 1 of 2 voting members present; 1 needed (40%)" in text
    assert "Gary Kynaston (Hammersmith Academy) – apologies" in text
    assert "The Forum noted the Q1 position. For 7, against 0, abstentions –" in text
    assert "Bring the banding proposals" in text


def test_only_the_clerk_drafts(client_for, olu, fay, sam, carl, march):
    for user, status in ((olu, 403), (fay, 403), (sam, 403), (carl, 404)):
        client = client_for(user)
        assert client.get(f"{MEETINGS}new/").status_code == status
        assert client.post(f"{MEETINGS}{march.pk}/items/new/", item_data()).status_code == status
