"""The case list as CSV and Excel, for the people allowed to see case rows.

Text that starts like a formula (=, +, -, @) is written as text, never as a formula:
notes are typed by people and a spreadsheet must not run them (hnb_monitor.exports).

Memory stays flat however many cases there are: the cases are read a chunk at a time as
plain values (only the columns' fields, no model objects, no result cache), the workbook
is write-only, and both files are written into the file they are given, which the views
keep on disk once it is large (hnb_monitor.downloads.written_download).
"""

import datetime
import io
from operator import itemgetter

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hnb_monitor.exports import csv_writer, needs_text_cell, safe_csv, safe_text
from workstreams.casework.tables import CASE_COLUMNS, CaseColumn
from workstreams.models import TransitionCase

HEADERS = [column.header for column in CASE_COLUMNS]
# The database values the columns are made of, each read once.
FIELDS = tuple(dict.fromkeys(field for column in CASE_COLUMNS for field in column.sources))
# Cases read from the database at a time.
CHUNK = 2_000
DATE_FORMAT = "dd/mm/yyyy"


def reader(column: CaseColumn):
    """The column's value from a row of FIELDS."""
    shown, get = column.shown, itemgetter(*(FIELDS.index(field) for field in column.sources))
    if len(column.sources) == 1:
        return lambda row: shown(get(row))
    return lambda row: shown(*get(row))


READERS = tuple(reader(column) for column in CASE_COLUMNS)


def rows(cases: QuerySet[TransitionCase]):
    """Each case's values, column by column, in the order of `cases`, in one query."""
    for row in cases.values_list(*FIELDS).iterator(chunk_size=CHUNK):
        yield [read(row) for read in READERS]


def write_csv(cases: QuerySet[TransitionCase], file) -> None:
    """The CSV, in UTF-8, into the binary `file`."""
    out = io.TextIOWrapper(file, encoding="utf-8", newline="")
    writer = csv_writer(out)
    writer.writerow(HEADERS)
    for row in rows(cases):
        writer.writerow([safe_csv(value) for value in row])
    out.detach()  # flushes, and leaves `file` open for the response to read


def workbook(cases: QuerySet[TransitionCase], file, *, title: str) -> None:
    """The workbook, into the binary `file`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    for i, column in enumerate(CASE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.excel_width
    sheet.freeze_panes = "A3"
    heading = safe_text(WriteOnlyCell(sheet), title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    bold = Font(bold=True)
    header_cells = []
    for header in HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows(cases):
        # Plain values are written as they are; only dates and formula-like text need a
        # cell of their own, and making a cell for every value is most of the export's time.
        sheet.append([excel_value(sheet, value) for value in row])
    book.save(file)


def excel_value(sheet, value):
    if isinstance(value, str):
        if needs_text_cell(value):
            return safe_text(WriteOnlyCell(sheet), value)
        return value or None  # no text, no cell
    if isinstance(value, datetime.date):
        # The format first: openpyxl then gives the date no format of its own to replace.
        cell = WriteOnlyCell(sheet)
        cell.number_format = DATE_FORMAT
        cell.value = value
        return cell
    return value
