"""The case list as CSV and Excel, for the people allowed to see case rows.

Text that starts like a formula (=, +, -, @) is written as text, never as a formula:
notes are typed by people and a spreadsheet must not run them.
"""

import csv
import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from workstreams.casework.selectors import user_name
from workstreams.models import TransitionCase

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    ("Case reference", lambda case: case.reference),
    ("Cohort", lambda case: case.cohort.name),
    ("Pathway", lambda case: case.pathway.name if case.pathway else ""),
    ("Status", lambda case: case.get_status_display()),
    ("Date identified", lambda case: case.identified_on),
    ("Target transition date", lambda case: case.target_transition_on),
    ("Date transitioned", lambda case: case.transitioned_on),
    ("Post-16 move", lambda case: "Yes" if case.post_16_move else "No"),
    ("Phase-transfer review due", lambda case: case.phase_transfer_deadline),
    ("Phase-transfer review completed", lambda case: case.phase_transfer_review_on),
    ("Team leader", lambda case: user_name(case.team_leader) if case.team_leader else ""),
    ("Next review date", lambda case: case.next_review_on),
    ("Notes", lambda case: case.notes),
]
HEADERS = [header for header, _ in COLUMNS]


def rows(cases: Iterable[TransitionCase]):
    for case in cases:
        yield [value(case) for _, value in COLUMNS]


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(cases: Iterable[TransitionCase], out) -> None:
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows(cases):
        writer.writerow([csv_text(value) for value in row])


def workbook(cases: Iterable[TransitionCase], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    widths = [16, 44, 44, 18, 14, 14, 14, 10, 14, 14, 24, 14, 60]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    header_cells = []
    for header in HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows(cases):
        # Plain values are written as they are; only dates and formula-like text need a
        # styled cell, and making a cell for every value is most of the export's time.
        sheet.append([excel_value(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_value(sheet, value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, not a formula
        return cell
    return value
