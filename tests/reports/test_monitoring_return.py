"""The monitoring return to the DfE: generated from the system as a workbook with live
formulas and as a PDF, and kept as sent once the report is submitted."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone

from forecasts.models import Agreement, Condition, Submission
from reports.models import SubmittedReturn
from tests.forecasts.helpers import HF, text_of


def a_report(hf) -> Submission:
    agreement = Agreement.objects.get(authority=hf)
    Condition.objects.create(
        agreement=agreement,
        text="Reduce EHCP growth",
        owner="Head of SEND",
        evidence="Census",
        rag="amber",
    )
    q1 = hf.periods.with_code("2023-24-Q1").get()
    return Submission.objects.create(
        agreement=agreement, period=q1, due_on=datetime.date(2023, 7, 31)
    )


def cells(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_draft_return_is_a_workbook_of_live_formulas(hf, fay, sam, client_for):
    report = a_report(hf)

    response = client_for(fay).get(f"{HF}/agreement/reports/{report.pk}/return.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(fay).get(f"{HF}/agreement/reports/{report.pk}/return.csv").status_code == 404
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["Payments", "Conditions", "Workstream delivery", "Forecast"]
    payments = cells(book["Payments"])
    assert payments[4][:2] == ["DfE contribution in total", 14555600]
    amounts = [row[2] for row in payments[7:12]]
    assert amounts == [4555600, 7000000, 1500000, 1500000, 0]
    formulas = {row[0]: row[2] for row in payments[12:] if row and row[0]}
    assert formulas["Total"] == "=SUM(C8:C12)"
    assert formulas["Received"].startswith('=SUMIF(D8:D12,"Paid",C8:C12)')
    conditions = [row[:4] for row in cells(book["Conditions"])]
    assert [
        "Reduce EHCP growth",
        "Head of SEND",
        "Census",
        "Amber: Some risk – closely monitor",
    ] in conditions
    delivery = cells(book["Workstream delivery"])
    assert delivery[4][0] == "Workstream" and delivery[-1][0] == "Total"
    assert str(delivery[-1][1]).startswith("=SUM(B6:")
    # The Forum does not read a report before it is submitted.
    assert client_for(sam).get(f"{HF}/agreement/reports/{report.pk}/return.pdf").status_code == 404


def test_submitting_keeps_the_return_as_sent(hf, fay, sam, client_for, quick_pdf):
    report = a_report(hf)
    page = text_of(client_for(fay).get(f"{HF}/agreement/reports/{report.pk}/submit/").content)
    assert "Submitting cannot be undone" in page

    response = client_for(fay).post(f"{HF}/agreement/reports/{report.pk}/submit/")

    assert response.status_code == 302
    kept = SubmittedReturn.objects.get()
    report.refresh_from_db()
    assert report.submitted_on == timezone.localdate(kept.submitted_at)
    sent_pdf, sent_xlsx = bytes(kept.pdf), bytes(kept.xlsx)
    # Later changes do not move what was sent.
    Condition.objects.update(rag="red", evidence="Revised")
    forum = client_for(sam)
    assert forum.get(f"{HF}/agreement/reports/{report.pk}/return.pdf").content == sent_pdf
    assert forum.get(f"{HF}/agreement/reports/{report.pk}/return.xlsx").content == sent_xlsx
    book = openpyxl.load_workbook(io.BytesIO(sent_xlsx))
    assert "Amber: Some risk – closely monitor" in [row[3] for row in cells(book["Conditions"])]
    assert (
        f"/agreement/reports/{report.pk}/return.pdf"
        in forum.get(f"{HF}/agreement/").content.decode()
    )
    again = client_for(fay).post(f"{HF}/agreement/reports/{report.pk}/submit/", follow=True)
    assert "This report was submitted already" in text_of(again.content)
    assert SubmittedReturn.objects.count() == 1
    assert client_for(sam).post(f"{HF}/agreement/reports/{report.pk}/submit/").status_code == 403


def test_the_return_pdf_prints_the_position_against_the_agreement(hf, fay, client_for, tmp_path):
    import subprocess

    report = a_report(hf)
    pdf = client_for(fay).get(f"{HF}/agreement/reports/{report.pk}/return.pdf").content
    (tmp_path / "return.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", tmp_path / "return.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    assert "Safety valve monitoring return" in words and "Q1 2023/24" in words
    assert "£782,476 better than the agreement" in words
    assert "Reduce EHCP growth" in words
    assert "SLCN Special School Offer" in words
    assert Decimal("14555600") == Agreement.objects.get(authority=hf).dfe_contribution
