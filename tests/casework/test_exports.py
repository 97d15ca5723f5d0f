"""The case list as CSV and Excel, filtered as the list is, formulas written as text.

Olu is an H&F officer; Fay is H&F finance.
"""

import csv
import datetime
import io

import pytest
from django.http import FileResponse
from openpyxl import load_workbook

from hnb_monitor import downloads
from hnb_monitor.exports import safe_csv
from tests.casework.helpers import HF, build_cases
from workstreams.casework import selectors
from workstreams.casework.exports import HEADERS
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


# A large export: the rows are read a chunk at a time as plain values and the file is served
# from a temporary file, a block at a time (hnb_monitor.downloads.written_download).

EXPORTS = ["cases/export.csv", "cases/export.xlsx"]
# The user, the membership with its authority (the session comes from the cache), the
# team leader filter's check of its choice, and the cases in one query however many.
EXPORT_QUERIES = 4


def many_cases(hf, olu, n):
    """`n` cases T-00000 onwards held by Olu, an H&F officer, now with his full name; one
    in each few has no pathway, and three have notes a spreadsheet would run."""
    olu.first_name, olu.last_name = "Olu", "Adeyemi"
    olu.save()
    pathways = [*Pathway.objects.filter(authority=hf), None]
    build_cases(hf, n, list(Cohort.objects.filter(authority=hf)), pathways, team_leader=olu)
    for reference, notes in [("T-00001", "=1+1"), ("T-00002", "#N/A"), ("T-00004", "@SUM(1,2)")]:
        TransitionCase.objects.filter(authority=hf, reference=reference).update(notes=notes)
    return list(selectors.cases(hf).filter(reference__startswith="T-").order_by("reference"))


def as_read_back(value):
    """A value as it reads back from the workbook, where a date is a datetime and an empty
    cell is an empty cell."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return "" if value is None else value


def test_an_excel_export_of_3000_cases_is_served_from_a_file(client_for, fay, olu, hf, monkeypatch):
    cases = many_cases(hf, olu, 3_000)
    # Past 64 KiB the file is written on disk, and read back from there.
    monkeypatch.setattr(downloads, "IN_MEMORY_UP_TO", 64 * 1024)
    response = client_for(fay).get(HF + "cases/export.xlsx?reference=T-")
    assert isinstance(response, FileResponse)
    content = response.getvalue()
    assert response.closed  # read to the end, and its file closed and gone
    assert len(content) > 64 * 1024
    assert int(response["Content-Length"]) == len(content)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="pfa-cases-hammersmith-fulham-'
    )
    sheet = load_workbook(io.BytesIO(content))["Cases"]
    rows = list(sheet.iter_rows(min_row=3))
    # Every case, in reference order, with the values the page shows it with.
    assert [[as_read_back(cell.value) for cell in row] for row in rows] == [
        [as_read_back(column.value(case)) for column in CASE_COLUMNS] for case in cases
    ]
    first = dict(zip(HEADERS, (as_read_back(cell.value) for cell in rows[0]), strict=True))
    assert first == {
        "Case reference": "T-00000",
        "Cohort": cases[0].cohort.name,
        "Pathway": cases[0].pathway.name,
        "Status": "Identified",
        "Date identified": datetime.date(2021, 9, 1),
        "Target transition date": datetime.date(2023, 7, 31),
        "Date transitioned": "",
        "Post-16 move": "Yes",
        "Phase-transfer review due": datetime.date(2023, 3, 31),
        "Phase-transfer review completed": "",
        "Team leader": "Olu Adeyemi",
        "Next review date": datetime.date(2026, 1, 1),
        "Notes": "",
    }
    dates = [cell for row in rows for cell in row if isinstance(cell.value, datetime.datetime)]
    assert {(cell.is_date, cell.number_format) for cell in dates} == {(True, "dd/mm/yyyy")}
    assert len(dates) > 4 * len(rows)
    # Typed formulas and error codes stay text.
    notes = {row[0].value: row[12] for row in rows[:5]}
    assert [(notes[r].value, notes[r].data_type) for r in ("T-00001", "T-00002", "T-00004")] == [
        ("=1+1", "s"),
        ("#N/A", "s"),
        ("@SUM(1,2)", "s"),
    ]


def test_a_csv_export_of_3000_cases_is_served_from_a_file(client_for, fay, olu, hf, monkeypatch):
    cases = many_cases(hf, olu, 3_000)
    monkeypatch.setattr(downloads, "IN_MEMORY_UP_TO", 64 * 1024)
    response = client_for(fay).get(HF + "cases/export.csv?reference=T-")
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.getvalue()
    assert len(content) > 64 * 1024
    assert int(response["Content-Length"]) == len(content)
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[0] == HEADERS
    assert rows[1:] == [[safe_csv(column.value(case)) for column in CASE_COLUMNS] for case in cases]
    notes = {row[0]: row[12] for row in rows[1:6]}
    assert [notes["T-00001"], notes["T-00002"], notes["T-00004"]] == ["'=1+1", "#N/A", "'@SUM(1,2)"]
    assert rows[1][10] == "Olu Adeyemi"


@pytest.mark.parametrize("export", EXPORTS)
def test_an_export_takes_as_many_queries_for_50_cases_as_for_5(
    client_for, fay, olu, hf, export, django_assert_num_queries
):
    client = client_for(fay)
    cohorts, pathways = list(Cohort.objects.filter(authority=hf)), [None]
    url = HF + f"{export}?reference=T-&team_leader={olu.pk}"
    client.get(url)  # the session is read once it is warm
    for size, start in [(5, 0), (45, 5)]:
        build_cases(hf, size, cohorts, pathways, start=start, team_leader=olu)
        with django_assert_num_queries(EXPORT_QUERIES):
            response = client.get(url)
        content = response.getvalue()
        if export.endswith("csv"):
            assert content.decode().count("\r\n") == 1 + start + size
        else:
            sheet = load_workbook(io.BytesIO(content))["Cases"]
            assert sheet.max_row == 2 + start + size


def test_the_team_leader_is_named_as_the_page_names_a_user(client_for, fay, olu, hf):
    """Read from the user's fields: full name, else username; a case without one is blank."""
    many_cases(hf, olu, 3)
    TransitionCase.objects.filter(reference="T-00001").update(team_leader=fay)
    TransitionCase.objects.filter(reference="T-00002").update(team_leader=None)
    response = client_for(fay).get(HF + "cases/export.csv?reference=T-")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert [row[10] for row in rows[1:]] == ["Olu Adeyemi", "fay", ""]
    assert [selectors.team_leader_name(user) for user in (olu, fay)] == ["Olu Adeyemi", "fay"]
