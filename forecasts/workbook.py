"""The forecast as an Excel workbook a finance officer can work in.

Entered figures are values; every derived line is a live formula over them, so changing an
input in Excel recalculates the forecast exactly as forecasts.computation does. Schedule
lines add up their own sheets, and the forecast refers to those totals. Text that people
typed (names, descriptions) is always written as text, never as a formula.

Plain Python and openpyxl: nothing here imports Django.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forecasts.computation import (
    AGREEMENT_LINE,
    BOTTOM_LINE,
    ENTERED,
    LINES,
    SCHEDULE_LINE_KEYS,
    SUBTOTAL_LINES,
    ForecastTable,
    ForecastYearInput,
    start_year_of,
)
from hnb_monitor.exports import safe_text
from hnb_monitor.money import ZERO
from workstreams.choices import FORECAST_SCHEDULES

# Whole pounds with negatives in brackets, as the council's papers print them (seed 000).
MONEY_FORMAT = "#,##0;(#,##0);0"
# Entered figures are shaded so the officer can see what to change and what is a formula.
ENTERED_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True, vertical="top")

SCHEDULE_SHEETS = {schedule.value: schedule.short for schedule in FORECAST_SCHEDULES}
SCHEDULE_TITLES = {
    "A": "Schedule A: total savings",
    "B": "Schedule B: further savings to mitigate movement",
    "C": "Schedule C: additional efficiency target",
}
# The totals of the paper's table, in bold as subtotals are in the council's spreadsheets.
BOLD_LINES = SUBTOTAL_LINES | {BOTTOM_LINE}

# Forecast sheet layout: three title rows, a blank, two header rows, then the lines.
YEAR_HEADER_ROW = 5
STATUS_HEADER_ROW = 6
FIRST_LINE_ROW = 7
FIRST_YEAR_COLUMN = 2  # B; column A holds the labels
# Schedule sheets: description and workstream, then the years.
SCHEDULE_HEADER_ROW = 5
SCHEDULE_FIRST_YEAR_COLUMN = 3  # C


@dataclass(frozen=True)
class ScheduleItemRow:
    description: str
    workstream_name: str | None
    amounts: dict[str, Decimal] = field(default_factory=dict)  # by year, savings negative


@dataclass(frozen=True)
class WorkstreamSavingsRow:
    workstream: str
    schedule: str | None  # "A", "B" or "C": the schedule its savings sit on, if any
    targets: dict[str, Decimal] = field(default_factory=dict)  # by year, positive amounts
    # Delivered in a final outturn year, forecast to be delivered in the others.
    delivered: dict[str, Decimal] = field(default_factory=dict)


def money_number(amount: Decimal) -> int | float:
    """The number to write in a cell. openpyxl needs int or float, so the Decimal becomes
    one only here, at the point of writing, and no arithmetic is ever done on it."""
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


def sheet_ref(sheet: str, column: int, row: int) -> str:
    return f"'{sheet}'!{get_column_letter(column)}{row}"


def period_label(period_code: str) -> str:
    """A period code as people say it: 2023-24-Q1 is Q1 2023/24. Others are shown as given."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-Q([1-4])", period_code)
    if match is None:
        return period_code
    return f"Q{match.group(3)} {match.group(1)}/{match.group(2)}"


def build_forecast_workbook(
    *,
    authority_name: str,
    period_code: str,
    generated_at: datetime,
    table: ForecastTable,
    inputs: Sequence[ForecastYearInput],
    opening_retained_deficit: Decimal,
    schedules: dict[str, list[ScheduleItemRow]],
    workstream_savings: list[WorkstreamSavingsRow],
    figure_notes: dict[tuple[str, str], str] | None = None,
) -> Workbook:
    """`figure_notes`, by (line key, year): what a reader should know about a figure, for
    example that the council's paper prints it differently; a comment on its cell and a
    line under the table."""
    years = [year.year for year in inputs]
    if tuple(years) != table.years:
        raise ValueError(f"Inputs are for {years} but the table is for {list(table.years)}")
    if opening_retained_deficit != table.opening_retained_deficit:
        raise ValueError("The opening retained deficit is not the one the table was computed with")
    check_schedule_totals(inputs, schedules)

    titles = Titles(authority_name, f"Reporting period {period_label(period_code)}")
    workbook = Workbook()
    forecast_sheet = workbook.active
    forecast_sheet.title = "Forecast"
    total_rows = {}
    for schedule, sheet_name in SCHEDULE_SHEETS.items():
        sheet = workbook.create_sheet(sheet_name)
        total_rows[schedule] = write_schedule_sheet(
            sheet, titles, SCHEDULE_TITLES[schedule], years, schedules.get(schedule, [])
        )
    write_forecast_sheet(
        forecast_sheet,
        titles,
        table,
        inputs,
        opening_retained_deficit,
        total_rows,
        figure_notes or {},
    )
    savings_sheet = workbook.create_sheet("Workstream savings")
    savings_rows = write_workstream_savings_sheet(savings_sheet, titles, years, workstream_savings)
    write_reconciliation_sheet(
        workbook.create_sheet("Reconciliation"), titles, years, total_rows, savings_rows
    )

    workbook.properties.title = f"High level HNB forecast, {authority_name}"
    workbook.properties.subject = f"{authority_name}, {period_label(period_code)}"
    workbook.properties.creator = "HNB Monitor"
    workbook.properties.lastModifiedBy = "HNB Monitor"
    workbook.properties.created = naive_utc(generated_at)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def naive_utc(moment: datetime) -> datetime:
    # The document properties are written as UTC; openpyxl expects a naive datetime.
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def check_schedule_totals(
    inputs: Sequence[ForecastYearInput], schedules: dict[str, list[ScheduleItemRow]]
) -> None:
    """The forecast sheet takes each schedule line from its sheet's total, so the items must
    add up to the line the app computed with, or the workbook would disagree with the app."""
    unknown = set(schedules) - set(SCHEDULE_LINE_KEYS)
    if unknown:
        raise ValueError(f"Unknown schedules {sorted(unknown)}: the forecast has A, B and C")
    for schedule, key in SCHEDULE_LINE_KEYS.items():
        items = schedules.get(schedule, [])
        for entered in inputs:
            total = sum((item.amounts.get(entered.year, ZERO) for item in items), ZERO)
            if total != getattr(entered, key):
                raise ValueError(
                    f"Schedule {schedule} items add up to {total} in {entered.year}, "
                    f"but the forecast's line is {getattr(entered, key)}"
                )


@dataclass(frozen=True)
class Titles:
    """What every sheet says at the top, above its own heading."""

    authority_name: str
    period: str


def write_text(sheet: Worksheet, row: int, column: int, value):
    """Text from the database (a name, a description), written so it is never a formula."""
    return safe_text(sheet.cell(row=row, column=column), value)


def write_titles(sheet: Worksheet, titles: Titles, heading: str) -> None:
    write_text(sheet, 1, 1, titles.authority_name)
    sheet["A1"].font = TITLE
    sheet["A2"] = heading
    sheet["A2"].font = BOLD
    sheet["A3"] = titles.period


def write_money(sheet: Worksheet, row: int, column: int, value, *, entered: bool = False):
    """Write a Decimal (as a number) or a formula, formatted as money."""
    cell = sheet.cell(row=row, column=column)
    cell.value = money_number(value) if isinstance(value, Decimal) else value
    cell.number_format = MONEY_FORMAT
    if entered:
        cell.fill = ENTERED_FILL
    return cell


def set_up_printing(sheet: Worksheet, title_rows: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it needs
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def write_forecast_sheet(
    sheet: Worksheet,
    titles: Titles,
    table: ForecastTable,
    inputs: Sequence[ForecastYearInput],
    opening_retained_deficit: Decimal,
    schedule_total_rows: dict[str, int],
    figure_notes: dict[tuple[str, str], str],
) -> None:
    write_titles(sheet, titles, "High level HNB forecast")
    sheet.cell(row=YEAR_HEADER_ROW, column=1, value="£").font = BOLD
    for index, (year, is_outturn) in enumerate(zip(table.years, table.is_outturn, strict=True)):
        column = FIRST_YEAR_COLUMN + index
        year_cell = sheet.cell(row=YEAR_HEADER_ROW, column=column, value=year)
        year_cell.font = BOLD
        year_cell.alignment = RIGHT
        status = "Final outturn" if is_outturn else "Forecast"
        sheet.cell(row=STATUS_HEADER_ROW, column=column, value=status).alignment = RIGHT

    row_of = {line.key: FIRST_LINE_ROW + index for index, line in enumerate(LINES)}
    inputs_heading_row = FIRST_LINE_ROW + len(LINES) + 1
    row_of[AGREEMENT_LINE.key] = inputs_heading_row + 1
    opening_row = inputs_heading_row + 2

    for line in LINES:
        label = sheet.cell(row=row_of[line.key], column=1, value=line.label)
        if line.key in BOLD_LINES:
            label.font = BOLD
    sheet.cell(row=inputs_heading_row, column=1, value="Entered figures not printed in the paper")
    sheet.cell(row=inputs_heading_row, column=1).font = BOLD
    sheet.cell(row=row_of[AGREEMENT_LINE.key], column=1, value=AGREEMENT_LINE.label)
    sheet.cell(
        row=opening_row,
        column=1,
        value=f"Opening retained deficit (before {table.years[0]})"
        if table.years
        else "Opening retained deficit",
    )
    write_money(sheet, opening_row, FIRST_YEAR_COLUMN, opening_retained_deficit, entered=True)
    opening_ref = f"${get_column_letter(FIRST_YEAR_COLUMN)}${opening_row}"
    key_row = opening_row + 2
    sheet.cell(
        row=key_row,
        column=1,
        value="Shaded cells are entered figures; the others are formulas. Schedule lines are "
        "the totals of their schedule sheets.",
    )

    for index, entered in enumerate(inputs):
        column = FIRST_YEAR_COLUMN + index
        letter = get_column_letter(column)

        def ref(key: str, letter: str = letter) -> str:
            return f"{letter}{row_of[key]}"

        for line in (*LINES, AGREEMENT_LINE):
            if line.kind == ENTERED and line.schedule is None:
                write_money(
                    sheet, row_of[line.key], column, getattr(entered, line.key), entered=True
                )
        for schedule, key in SCHEDULE_LINE_KEYS.items():
            total = sheet_ref(
                SCHEDULE_SHEETS[schedule],
                SCHEDULE_FIRST_YEAR_COLUMN + index,
                schedule_total_rows[schedule],
            )
            write_money(sheet, row_of[key], column, f"={total}")

        # The formulas of reference README section 1, cell for cell.
        previous_retained = (
            opening_ref
            if index == 0
            else f"{get_column_letter(column - 1)}{row_of['retained_deficit']}"
        )
        derived = {
            "hnb_after_savings": f"={ref('expenditure_before_savings')}+{ref('investment')}"
            f"+{ref('schedule_a_savings')}+{ref('block_transfer')}",
            "in_year_deficit": f"={ref('hnb_after_savings')}-{ref('hnb_allocation')}",
            "variance_from_original_agreement": f"={ref('in_year_deficit')}"
            f"-{ref('original_agreement_deficit')}",
            "variance_after_mitigations": f"={ref('variance_from_original_agreement')}"
            f"+{ref('schedule_b_further_savings')}+{ref('schedule_c_efficiency_target')}",
            "deficit_after_mitigations": f"={ref('in_year_deficit')}"
            f"+{ref('schedule_b_further_savings')}+{ref('schedule_c_efficiency_target')}",
            "retained_deficit": f"={previous_retained}+{ref('deficit_after_mitigations')}"
            f"-{ref('safety_valve_payment')}",
        }
        for key, formula in derived.items():
            cell = write_money(sheet, row_of[key], column, formula)
            if key in BOLD_LINES:
                cell.font = BOLD

    write_figure_notes(sheet, table, row_of, key_row + 1, figure_notes)
    sheet.column_dimensions["A"].width = 60
    for index in range(len(inputs)):
        sheet.column_dimensions[get_column_letter(FIRST_YEAR_COLUMN + index)].width = 15
    sheet.freeze_panes = sheet.cell(row=FIRST_LINE_ROW, column=FIRST_YEAR_COLUMN)
    set_up_printing(sheet, f"1:{STATUS_HEADER_ROW}")


def write_figure_notes(
    sheet: Worksheet,
    table: ForecastTable,
    row_of: dict[str, int],
    first_row: int,
    figure_notes: dict[tuple[str, str], str],
) -> None:
    """Each note as a comment on its figure's cell, and listed under the table, where it
    is printed too (Excel does not print comments by default)."""
    labels = {line.key: line.label for line in (*LINES, AGREEMENT_LINE)}
    row = first_row
    for (key, year), text in sorted(figure_notes.items(), key=lambda item: row_of[item[0][0]]):
        if key not in row_of or year not in table.years:
            continue
        column = FIRST_YEAR_COLUMN + table.years.index(year)
        sheet.cell(row=row_of[key], column=column).comment = Comment(text, "HNB Monitor")
        sheet.cell(row=row, column=1, value=f"Note on {labels[key]}, {year}: {text}")
        row += 1


def write_schedule_sheet(
    sheet: Worksheet,
    titles: Titles,
    heading: str,
    years: list[str],
    items: list[ScheduleItemRow],
) -> int:
    """Item rows and a SUM total row; returns the total row for the forecast to refer to."""
    write_titles(sheet, titles, heading)
    sheet.cell(row=4, column=1, value="Savings are negative, as the forecast prints them.")
    header = ["Description", "Workstream", *years]
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=SCHEDULE_HEADER_ROW, column=column, value=text)
        cell.font = BOLD
        if column >= SCHEDULE_FIRST_YEAR_COLUMN:
            cell.alignment = RIGHT

    first_item_row = SCHEDULE_HEADER_ROW + 1
    # An empty schedule still gets one (blank) item row, so the SUM has a range to add up.
    rows = items or [ScheduleItemRow("No items in this schedule", None, {})]
    for offset, item in enumerate(rows):
        row = first_item_row + offset
        write_text(sheet, row, 1, item.description).alignment = WRAP
        write_text(sheet, row, 2, item.workstream_name).alignment = WRAP
        for index, year in enumerate(years):
            column = SCHEDULE_FIRST_YEAR_COLUMN + index
            if year in item.amounts:
                write_money(sheet, row, column, item.amounts[year], entered=True)
            else:
                sheet.cell(row=row, column=column).number_format = MONEY_FORMAT
    last_item_row = first_item_row + len(rows) - 1

    total_row = last_item_row + 1
    sheet.cell(row=total_row, column=1, value="Total").font = BOLD
    for index in range(len(years)):
        letter = get_column_letter(SCHEDULE_FIRST_YEAR_COLUMN + index)
        formula = f"=SUM({letter}{first_item_row}:{letter}{last_item_row})"
        write_money(sheet, total_row, SCHEDULE_FIRST_YEAR_COLUMN + index, formula).font = BOLD

    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 40
    for index in range(len(years)):
        sheet.column_dimensions[get_column_letter(SCHEDULE_FIRST_YEAR_COLUMN + index)].width = 15
    sheet.freeze_panes = sheet.cell(row=first_item_row, column=SCHEDULE_FIRST_YEAR_COLUMN)
    set_up_printing(sheet, f"1:{SCHEDULE_HEADER_ROW}")
    return total_row


@dataclass(frozen=True)
class SavingsRows:
    """Where the workstream savings sheet put things, for the reconciliation to refer to."""

    first_row: int
    last_row: int
    target_columns: dict[str, int]


def write_workstream_savings_sheet(
    sheet: Worksheet, titles: Titles, forecast_years: list[str], rows: list[WorkstreamSavingsRow]
) -> SavingsRows:
    write_titles(sheet, titles, "Workstream savings: targets and delivery")
    sheet.cell(
        row=4,
        column=1,
        value="Targets are amounts to save (positive). Delivered in final outturn years, "
        "forecast to be delivered in the others.",
    )
    # The forecast's years, then any earlier or later year a workstream has figures for.
    extra = {year for row in rows for year in (*row.targets, *row.delivered)}
    years = sorted(set(forecast_years) | extra, key=start_year_of)
    header_row, subheader_row, first_row = 5, 6, 7
    for column, text in ((1, "Workstream"), (2, "Schedule")):
        sheet.cell(row=header_row, column=column, value=text).font = BOLD
    target_columns = {}
    for index, year in enumerate(years):
        column = 3 + 2 * index
        target_columns[year] = column
        sheet.cell(row=header_row, column=column, value=year).font = BOLD
        sheet.merge_cells(
            start_row=header_row, start_column=column, end_row=header_row, end_column=column + 1
        )
        sheet.cell(row=header_row, column=column).alignment = Alignment(horizontal="center")
        sheet.cell(row=subheader_row, column=column, value="Target").alignment = RIGHT
        delivered = sheet.cell(row=subheader_row, column=column + 1, value="Delivered / forecast")
        delivered.alignment = Alignment(horizontal="right", wrap_text=True)

    listed = rows or [WorkstreamSavingsRow("No workstreams with savings", None)]
    for offset, savings in enumerate(listed):
        row = first_row + offset
        write_text(sheet, row, 1, savings.workstream).alignment = WRAP
        write_text(sheet, row, 2, savings.schedule)
        for year, column in target_columns.items():
            for amounts, col in ((savings.targets, column), (savings.delivered, column + 1)):
                if year in amounts:
                    write_money(sheet, row, col, amounts[year], entered=True)
                else:
                    sheet.cell(row=row, column=col).number_format = MONEY_FORMAT
    last_row = first_row + len(listed) - 1

    total_row = last_row + 1
    sheet.cell(row=total_row, column=1, value="Total").font = BOLD
    for column in range(3, 3 + 2 * len(years)):
        letter = get_column_letter(column)
        formula = f"=SUM({letter}{first_row}:{letter}{last_row})"
        write_money(sheet, total_row, column, formula).font = BOLD

    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 10
    for column in range(3, 3 + 2 * len(years)):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.freeze_panes = sheet.cell(row=first_row, column=3)
    set_up_printing(sheet, f"1:{subheader_row}")
    return SavingsRows(first_row, last_row, target_columns)


def write_reconciliation_sheet(
    sheet: Worksheet,
    titles: Titles,
    years: list[str],
    schedule_total_rows: dict[str, int],
    savings: SavingsRows,
) -> None:
    """Each schedule's total against the targets of the workstreams on it, as
    forecasts.computation.reconcile_schedule does: the paper's workstreams do not add up to
    its Schedule A (README section 2), and the gap is shown, never forced to zero."""
    write_titles(sheet, titles, "Schedules reconciled with workstream targets")
    sheet.cell(
        row=4,
        column=1,
        value="Schedule totals are negative (savings); targets are positive. Not explained = "
        "total + targets: negative is saving no workstream accounts for.",
    )
    header_row = 5
    sheet.cell(row=header_row, column=1, value="£").font = BOLD
    for index, year in enumerate(years):
        cell = sheet.cell(row=header_row, column=2 + index, value=year)
        cell.font = BOLD
        cell.alignment = RIGHT

    workstreams = f"'Workstream savings'!$B${savings.first_row}:$B${savings.last_row}"
    row = header_row + 1
    for schedule, sheet_name in SCHEDULE_SHEETS.items():
        labels = [
            f"{sheet_name} total",
            f"Targets of workstreams on {sheet_name}",
            f"{sheet_name} not explained by workstreams",
        ]
        for offset, label in enumerate(labels):
            cell = sheet.cell(row=row + offset, column=1, value=label)
            if offset == 2:
                cell.font = BOLD
        for index, year in enumerate(years):
            column = 2 + index
            letter = get_column_letter(column)
            total = sheet_ref(
                sheet_name, SCHEDULE_FIRST_YEAR_COLUMN + index, schedule_total_rows[schedule]
            )
            write_money(sheet, row, column, f"={total}")
            # The savings sheet has a column for every forecast year.
            target_letter = get_column_letter(savings.target_columns[year])
            targets = (
                f"'Workstream savings'!${target_letter}${savings.first_row}"
                f":${target_letter}${savings.last_row}"
            )
            write_money(sheet, row + 1, column, f'=SUMIF({workstreams},"{schedule}",{targets})')
            write_money(sheet, row + 2, column, f"={letter}{row}+{letter}{row + 1}").font = BOLD
        row += len(labels) + 1

    sheet.column_dimensions["A"].width = 55
    for index in range(len(years)):
        sheet.column_dimensions[get_column_letter(2 + index)].width = 15
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    set_up_printing(sheet, f"1:{header_row}")
