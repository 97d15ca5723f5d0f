"""The forecast workbook: live formulas that recalculate to the app's figures (no database).

The workbook is recalculated with the `formulas` package (pure Python), and once with
LibreOffice headless, and every figure is compared with forecasts.computation.
"""

import csv
import os
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import formulas
import openpyxl
import pytest

from forecasts.computation import (
    AGREEMENT_LINE,
    DERIVED,
    LINES,
    compute_forecast,
    reconcile_schedule,
)
from forecasts.workbook import (
    MONEY_FORMAT,
    ScheduleItemRow,
    WorkstreamSavingsRow,
    build_forecast_workbook,
    money_number,
    workbook_bytes,
)
from tests.forecasts.test_forecast_computation import (
    HF_OPENING_RETAINED_DEFICIT,
    REFERENCE,
    hf_inputs,
)

PENNY = Decimal("0.01")
GENERATED_AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
YEAR_COLUMNS = {"2021/22": "B", "2022/23": "C", "2023/24": "D", "2024/25": "E", "2025/26": "F"}
# The workstreams CSV's target and delivered (or Q1 forecast) columns per year.
WORKSTREAM_COLUMNS = {
    "2021/22": ("target_2021_22", "delivered_2021_22"),
    "2022/23": ("target_2022_23", "delivered_2022_23"),
    "2023/24": ("target_2023_24", "forecast_2023_24_q1"),
}


def hf_workstreams() -> list[WorkstreamSavingsRow]:
    with open(REFERENCE / "hf-2023-24-q1-workstreams.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    savings = []
    for row in rows:
        targets, delivered = {}, {}
        for year, (target, done) in WORKSTREAM_COLUMNS.items():
            if row[target]:
                targets[year] = Decimal(row[target])
            if row[done]:
                delivered[year] = Decimal(row[done])
        # The Schools Block transfer sits on the forecast's block transfer line, not in a
        # schedule (reference CSV reading note).
        schedule = None if row["workstream"].startswith("Schools Block") else "A"
        savings.append(WorkstreamSavingsRow(row["workstream"], schedule, targets, delivered))
    return savings


def hf_schedules(table, workstreams) -> dict[str, list[ScheduleItemRow]]:
    """As the demo data does: one Schedule A item per workstream on it (minus its target),
    and the rest of the published total as one unlinked item."""
    linked = [
        ScheduleItemRow(
            f"{w.workstream} savings",
            w.workstream,
            {year: -target for year, target in w.targets.items()},
        )
        for w in workstreams
        if w.schedule == "A" and w.targets
    ]
    remainder = {
        year: total - sum((item.amounts.get(year, Decimal(0)) for item in linked), Decimal(0))
        for year, total in zip(table.years, table.values["schedule_a_savings"], strict=True)
    }
    by_year = dict(zip(table.years, table.values["schedule_b_further_savings"], strict=True))
    return {
        "A": [*linked, ScheduleItemRow("Savings not itemised by workstream", None, remainder)],
        "B": [ScheduleItemRow("Further savings to mitigate movement", None, by_year)],
        # No Schedule C items: its sheet still totals to zero.
    }


@pytest.fixture(scope="module")
def hf():
    inputs = hf_inputs()
    table = compute_forecast(inputs, HF_OPENING_RETAINED_DEFICIT)
    workstreams = hf_workstreams()
    return {
        "inputs": inputs,
        "table": table,
        "workstreams": workstreams,
        "schedules": hf_schedules(table, workstreams),
    }


def build(hf, **changes):
    arguments = {
        "authority_name": "Hammersmith & Fulham",
        "period_code": "2023-24-Q1",
        "generated_at": GENERATED_AT,
        "table": hf["table"],
        "inputs": hf["inputs"],
        "opening_retained_deficit": HF_OPENING_RETAINED_DEFICIT,
        "schedules": hf["schedules"],
        "workstream_savings": hf["workstreams"],
    }
    return build_forecast_workbook(**{**arguments, **changes})


@pytest.fixture(scope="module")
def saved(hf, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "hf-forecast.xlsx"
    path.write_bytes(workbook_bytes(build(hf)))
    return path


@pytest.fixture(scope="module")
def written(saved):
    """The saved workbook as openpyxl reads it back: formulas, formats, settings."""
    return openpyxl.load_workbook(saved)


def recalculate(path: Path):
    """Recalculate with `formulas`; return a reader of (sheet, cell) -> Decimal to the penny."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()

    def read(sheet: str, ref: str) -> Decimal:
        # `formulas` keys are the upper-cased sheet name; its values are floats.
        value = solution[f"'[{path.name}]{sheet.upper()}'!{ref}"].value[0, 0]
        return pennies(value)

    return read


def pennies(value) -> Decimal:
    return Decimal(repr(float(value))).quantize(PENNY)


@pytest.fixture(scope="module")
def recalculated(saved):
    return recalculate(saved)


def line_rows(sheet) -> dict[str, int]:
    return {
        row[0].value: row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value
    }


def check_every_figure(read, written, hf):
    """Every line of the forecast, and the reconciliation, as forecasts.computation has it."""
    table = hf["table"]
    rows = line_rows(written["Forecast"])
    for line in (*LINES, AGREEMENT_LINE):
        for year, column in YEAR_COLUMNS.items():
            expected = table.value(line.key, year).quantize(PENNY)
            assert read("Forecast", f"{column}{rows[line.label]}") == expected, (line.key, year)

    reconciliation = line_rows(written["Reconciliation"])
    targets = {
        year: sum(
            (w.targets.get(year, Decimal(0)) for w in hf["workstreams"] if w.schedule == "A"),
            Decimal(0),
        )
        for year in table.years
    }
    expected = reconcile_schedule(
        dict(zip(table.years, table.values["schedule_a_savings"], strict=True)), targets, {}
    )
    for row in expected:
        column = YEAR_COLUMNS[row.year]
        assert read("Reconciliation", f"{column}{reconciliation['Schedule A total']}") == (
            row.schedule_total
        )
        targets_row = reconciliation["Targets of workstreams on Schedule A"]
        assert read("Reconciliation", f"{column}{targets_row}") == row.linked_targets
        unexplained = reconciliation["Schedule A not explained by workstreams"]
        assert read("Reconciliation", f"{column}{unexplained}") == row.unreconciled
    # README section 2: the paper's workstreams fall short of its 2023/24 Schedule A.
    assert read(
        "Reconciliation", f"D{reconciliation['Schedule A not explained by workstreams']}"
    ) == (Decimal("-319317.00"))


def test_recalculated_workbook_matches_the_computation(recalculated, written, hf):
    check_every_figure(recalculated, written, hf)


def test_derived_lines_are_formulas_and_entered_lines_are_values(written):
    sheet = written["Forecast"]
    rows = line_rows(sheet)
    for line in (*LINES, AGREEMENT_LINE):
        for column in YEAR_COLUMNS.values():
            value = sheet[f"{column}{rows[line.label]}"].value
            if line.kind == DERIVED or line.schedule:
                assert isinstance(value, str) and value.startswith("="), (line.key, column)
            else:
                assert isinstance(value, int | float), (line.key, column)
    retained = rows["Retained Deficit"]
    opening = rows["Opening retained deficit (before 2021/22)"]
    assert sheet[f"B{opening}"].value == 16678980
    # The first year carries the opening deficit; each later year the year before's.
    assert sheet[f"B{retained}"].value.startswith(f"=$B${opening}+")
    assert sheet[f"C{retained}"].value.startswith(f"=B{retained}+")
    assert sheet[f"B{rows['HNB after savings']}"].value == (
        f"=B{rows['HNB Expenditure before savings']}+B{rows['Investment']}"
        f"+B{rows['Total savings (Schedule A)']}+B{rows['Block Transfer']}"
    )


def test_schedule_lines_refer_to_their_sheets_totals(written, recalculated, hf):
    forecast = written["Forecast"]
    rows = line_rows(forecast)
    for letter, label, key in [
        ("A", "Total savings (Schedule A)", "schedule_a_savings"),
        ("B", "Further savings to mitigate movement (Schedule B)", "schedule_b_further_savings"),
        ("C", "Additional Efficiency Target (Schedule C)", "schedule_c_efficiency_target"),
    ]:
        sheet = written[f"Schedule {letter}"]
        total_row = line_rows(sheet)["Total"]
        assert sheet[f"A{total_row}"].font.bold
        for index, (year, column) in enumerate(YEAR_COLUMNS.items()):
            schedule_column = "CDEFG"[index]
            assert sheet[f"{schedule_column}5"].value == year
            assert forecast[f"{column}{rows[label]}"].value == (
                f"='Schedule {letter}'!{schedule_column}{total_row}"
            )
            total = sheet[f"{schedule_column}{total_row}"]
            assert total.value == f"=SUM({schedule_column}6:{schedule_column}{total_row - 1})"
            assert total.font.bold
            assert total.number_format == MONEY_FORMAT
            assert recalculated(f"Schedule {letter}", f"{schedule_column}{total_row}") == (
                hf["table"].value(key, year)
            )
    schedule_a = written["Schedule A"]
    assert schedule_a["A6"].value == "SLCN Early Intervention Offer savings"
    assert schedule_a["B6"].value == "SLCN Early Intervention Offer"
    assert schedule_a["C6"].value == -47073
    assert schedule_a["F6"].value is None  # no target in 2024/25: blank, not zero
    assert written["Schedule C"]["A6"].value == "No items in this schedule"


def test_changing_an_input_recalculates_the_retained_deficit(saved, recalculated, tmp_path):
    workbook = openpyxl.load_workbook(saved)
    sheet = workbook["Forecast"]
    rows = line_rows(sheet)
    change = Decimal("123456.78")
    investment = sheet[f"D{rows['Investment']}"]
    assert investment.value == 2625621
    investment.value = float(Decimal(investment.value) + change)
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)

    read = recalculate(changed)

    retained = rows["Retained Deficit"]
    for column, moved_by in [("B", 0), ("C", 0), ("D", change), ("E", change), ("F", change)]:
        before = recalculated("Forecast", f"{column}{retained}")
        assert read("Forecast", f"{column}{retained}") - before == moved_by, column
    after_savings = f"D{rows['HNB after savings']}"
    assert read("Forecast", after_savings) - recalculated("Forecast", after_savings) == change


def test_workstream_savings_sheet(written, recalculated):
    sheet = written["Workstream savings"]
    assert [sheet.cell(5, column).value for column in (1, 2, 3, 5, 7, 9, 11)] == [
        "Workstream",
        "Schedule",
        "2021/22",
        "2022/23",
        "2023/24",
        "2024/25",
        "2025/26",
    ]
    assert (sheet["C6"].value, sheet["D6"].value) == ("Target", "Delivered / forecast")
    rows = line_rows(sheet)
    medical = rows["Medical Needs Guidance / Interim Tuition"]
    assert [sheet.cell(medical, column).value for column in range(2, 9)] == [
        "A",
        165000,
        215000,
        165000,
        165000,
        165000,
        165000,
    ]
    schools_block = rows["Schools Block to High Needs Block Transfer"]
    assert sheet[f"B{schools_block}"].value is None
    total = rows["Total"]
    assert sheet[f"A{total}"].font.bold
    assert sheet[f"C{total}"].value == f"=SUM(C7:C{total - 1})"
    # 2023/24 targets of all nine rows, the Schools Block transfer's nothing included.
    assert recalculated("Workstream savings", f"G{total}") == Decimal("1490168.00")
    assert sheet.freeze_panes == "C7"


def test_number_formats_fonts_and_layout(written):
    sheet = written["Forecast"]
    assert sheet["A1"].value == "Hammersmith & Fulham"
    assert sheet["A2"].value == "High level HNB forecast"
    assert sheet["A3"].value == "Reporting period Q1 2023/24"
    assert [sheet[f"{c}5"].value for c in "BCDEF"] == list(YEAR_COLUMNS)
    assert [sheet[f"{c}6"].value for c in "BCDEF"] == [
        "Final outturn",
        "Final outturn",
        "Forecast",
        "Forecast",
        "Forecast",
    ]
    rows = line_rows(sheet)
    for line in (*LINES, AGREEMENT_LINE):
        for column in YEAR_COLUMNS.values():
            assert sheet[f"{column}{rows[line.label]}"].number_format == MONEY_FORMAT
    for label in ["HNB after savings", "Retained Deficit"]:
        assert sheet[f"A{rows[label]}"].font.bold
        assert sheet[f"D{rows[label]}"].font.bold
    assert not sheet[f"A{rows['Investment']}"].font.bold
    assert sheet.freeze_panes == "B7"
    assert sheet.column_dimensions["A"].width >= 55
    assert sheet.column_dimensions["B"].width >= 12


@pytest.mark.parametrize(
    ("sheet_name", "title_rows"),
    [
        ("Forecast", "$1:$6"),
        ("Schedule A", "$1:$5"),
        ("Schedule C", "$1:$5"),
        ("Workstream savings", "$1:$6"),
        ("Reconciliation", "$1:$5"),
    ],
)
def test_every_sheet_prints_a4_landscape_one_page_wide(written, sheet_name, title_rows):
    sheet = written[sheet_name]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == title_rows


def test_document_properties(written):
    assert written.sheetnames == [
        "Forecast",
        "Schedule A",
        "Schedule B",
        "Schedule C",
        "Workstream savings",
        "Reconciliation",
    ]
    properties = written.properties
    assert properties.title == "High level HNB forecast, Hammersmith & Fulham"
    assert properties.subject == "Hammersmith & Fulham, Q1 2023/24"
    assert properties.creator == "HNB Monitor"
    assert properties.created == datetime(2026, 11, 24, 9, 30)


def test_money_is_written_as_whole_pounds_or_pence():
    assert money_number(Decimal("-528000")) == -528000
    assert isinstance(money_number(Decimal("-528000.00")), int)
    assert money_number(Decimal("1234.56")) == 1234.56
    assert isinstance(money_number(Decimal("1234.56")), float)


def test_schedule_items_must_add_up_to_the_forecast_line(hf):
    wrong = {**hf["schedules"], "B": []}
    with pytest.raises(ValueError, match="Schedule B items add up to 0 in 2021/22"):
        build(hf, schedules=wrong)
    with pytest.raises(ValueError, match="Unknown schedules"):
        build(hf, schedules={**hf["schedules"], "D": []})
    with pytest.raises(ValueError, match="Inputs are for"):
        build(hf, inputs=hf["inputs"][:4])


@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_figure(saved, written, hf, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) must be installed on CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "out"
    # Each run needs its own LibreOffice profile: two runs sharing one fail silently.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(saved),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    values = openpyxl.load_workbook(out / saved.name, data_only=True)

    def read(sheet: str, ref: str) -> Decimal:
        return pennies(values[sheet][ref].value)

    check_every_figure(read, written, hf)
