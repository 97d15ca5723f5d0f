"""The case list as CSV and Excel, for the people allowed to see case rows.

Text that starts like a formula (=, +, -, @) is written as text, never as a formula:
notes are typed by people and a spreadsheet must not run them (hnb_monitor.exports).
"""

import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hnb_monitor.exports import csv_writer, needs_text_cell, safe_csv, safe_text
from workstreams.casework.tables import CASE_COLUMNS
from workstreams.models import TransitionCase

HEADERS = [column.header for column in CASE_COLUMNS]


def rows(cases: Iterable[TransitionCase]):
    for case in cases:
        yield [column.value(case) for column in CASE_COLUMNS]


def write_csv(cases: Iterable[TransitionCase], out) -> None:
    writer = csv_writer(out)
    writer.writerow(HEADERS)
    for row in rows(cases):
        writer.writerow([safe_csv(value) for value in row])


def workbook(cases: Iterable[TransitionCase], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    for i, column in enumerate(CASE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.excel_width
    sheet.freeze_panes = "A3"
    heading = safe_text(WriteOnlyCell(sheet), title)
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
    if needs_text_cell(value):
        return safe_text(WriteOnlyCell(sheet), value)
    return value
