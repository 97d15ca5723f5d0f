"""The case list as CSV and Excel, filtered as the list is, formulas written as text.

Olu is an H&F officer; Fay is H&F finance.
"""

import csv
import datetime
import io

from openpyxl import load_workbook

from tests.casework.helpers import HF
from workstreams.casework.tables import CASE_COLUMNS, PAGE_ORDER
from workstreams.models import Cohort, Pathway, TransitionCase


def test_csv_export_has_the_filtered_rows_with_their_values(client_for, olu, hf):
    first = Cohort.objects.get(authority=hf, order=1)
    TransitionCase.objects.filter(reference="PFA-0008").update(
        notes='=HYPERLINK("http://example.org")', team_leader=olu
    )
    response = client_for(olu).get(HF + f"cases/export.csv?cohort={first.pk}&status=ongoing")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="pfa-cases-hammersmith-fulham-'
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:4] == ["Case reference", "Cohort", "Pathway", "Status"]
    assert [row[0] for row in rows[1:]] == [
        "PFA-0008",
        "PFA-0009",
        "PFA-0016",
        "PFA-0017",
        "PFA-0022",
        "PFA-0023",
        "PFA-0029",
        "PFA-0030",
    ]
    case = TransitionCase.objects.get(reference="PFA-0008")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "Case reference": "PFA-0008",
        "Cohort": "Identified for transition by July 2022",
        "Pathway": "Employment / work-based opportunities",
        "Status": "Casework ongoing",
        "Date identified": case.identified_on.isoformat(),
        "Target transition date": "2023-07-31",
        "Date transitioned": "",
        "Post-16 move": "Yes",
        "Phase-transfer review due": "2023-03-31",
        "Phase-transfer review completed": "",
        "Team leader": "olu",
        "Next review date": case.next_review_on.isoformat(),
        # A formula typed into the notes is written as text, never run.
        "Notes": '\'=HYPERLINK("http://example.org")',
    }


def test_excel_export_has_the_filtered_rows_with_their_values(client_for, fay, hf):
    TransitionCase.objects.filter(reference="PFA-0040").update(notes="=1+1")
    social = Pathway.objects.get(authority=hf, name="Social care provision")
    response = client_for(fay).get(
        HF + f"cases/export.xlsx?pathway={social.pk}&status=transitioned"
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book["Cases"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Hammersmith & Fulham: Preparing for Adulthood cases")
    assert rows[1][0] == "Case reference"
    references = [row[0] for row in rows[2:]]
    assert references == [f"PFA-{n:04d}" for n in (10, 11, 12, 13, 14, 15, 39, 40)]
    expected = TransitionCase.objects.get(reference="PFA-0040")
    line = dict(zip(rows[1], rows[-1], strict=True))
    assert line["Status"] == "Transitioned"
    assert line["Date transitioned"].date() == expected.transitioned_on
    assert line["Target transition date"].date() == datetime.date(2023, 7, 31)
    assert line["Pathway"] == "Social care provision"
    notes = sheet.cell(row=len(rows), column=13)
    assert (notes.value, notes.data_type) == ("=1+1", "s")


def test_the_page_and_both_exports_take_their_columns_from_one_declaration(client_for, olu):
    client = client_for(olu)
    headers = [column.header for column in CASE_COLUMNS]
    page = client.get(HF + "cases/").context["table"]
    assert [column.name for column in page.columns] == list(PAGE_ORDER)
    assert set(PAGE_ORDER) <= {column.key for column in CASE_COLUMNS}
    assert next(
        csv.reader(io.StringIO(client.get(HF + "cases/export.csv").getvalue().decode()))
    ) == (headers)
    sheet = load_workbook(io.BytesIO(client.get(HF + "cases/export.xlsx").getvalue()))["Cases"]
    assert list(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))) == headers
