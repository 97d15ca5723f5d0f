"""Text that people typed, written into exports so that a spreadsheet shows it and never runs it.

A description, a name or a note that begins with =, +, -, @, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets (OWASP, "CSV Injection"): a
schedule item described =HYPERLINK(...) would become a live link in a finance officer's
workbook. Every export writes user text through these helpers, and only the formulas this
app builds itself are written as formulas.

Plain Python and openpyxl, no Django, so that the forecast workbook can use them too.
"""

import csv
import datetime
import re

from openpyxl.cell.cell import ERROR_CODES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ","
# A cell that a spreadsheet splits at the separator (a CSV opened with the wrong settings,
# or pasted in) starts again after it, and may be trimmed, so "a, =cmd" is as dangerous as
# "=cmd".
AFTER_SEPARATOR = re.compile(
    re.escape(CSV_SEPARATOR) + r"\s*[" + re.escape("".join(FORMULA_START)) + "]"
)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) or AFTER_SEPARATOR.search(text) is not None


def safe_text(cell, value):
    """Put `value` in an openpyxl cell (of a worksheet, or a write-only cell); text is
    always text. openpyxl would store text beginning with = as a formula and "#N/A" as an
    error, so such text is marked as a string, with Excel's own quote prefix (what typing
    ' before it does) so that it stays text when someone edits the cell."""
    cell.value = value
    if needs_text_cell(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def needs_text_cell(value) -> bool:
    """Whether a value appended to a write-only sheet needs a cell made by safe_text, rather
    than going in as it is (making a cell for every value is most of a large export's time)."""
    return isinstance(value, str) and (looks_like_formula(value) or value in ERROR_CODES)


def safe_csv(value) -> str:
    """A value as a CSV field: dates in ISO form, and text that a spreadsheet would run
    prefixed with ' so that it is shown as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and looks_like_formula(text):
        return "'" + text
    return text


def csv_writer(out):
    """A CSV writer that quotes every field, so a neutralised cell is one quoted field
    whatever it contains."""
    return csv.writer(out, delimiter=CSV_SEPARATOR, quoting=csv.QUOTE_ALL)
