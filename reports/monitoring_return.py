"""The monitoring return to the DfE, generated from the system: the financial position
against the agreement, the conditions with their evidence and RAG, and workstream
delivery, for the quarter a report covers. As a workbook (the forecast's live formulas,
with the agreement's sheets added) and as a PDF. Once the report is submitted, both are
kept as they were sent (SubmittedReturn)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from openpyxl.utils import get_column_letter

from forecasts.agreement_selectors import AgreementPage, agreement_page, headline_of
from forecasts.computation import Headline
from forecasts.exports import build_workbook
from forecasts.selectors import ForecastOverview, forecast_overview
from forecasts.workbook import BOLD, MONEY_FORMAT, TITLE, money_number, workbook_bytes, write_text
from hnb_monitor.choices import Audience
from hnb_monitor.models import Authority, ReportingPeriod
from reports.render import paper_stylesheet
from workstreams.selectors import Dashboard, dashboard

# The council's own return: its staff's figures of the quarter it covers.
AUDIENCE = Audience.STAFF


class ReturnNotReady(LookupError):
    """Nothing to report yet: no agreement, or no forecast for the quarter."""


@dataclass(frozen=True)
class MonitoringReturn:
    authority_name: str
    period_label: str
    prepared_on: datetime.date
    agreement: AgreementPage
    headline: Headline | None  # of the quarter's forecast
    forecast: ForecastOverview
    delivery: Dashboard


def monitoring_return(
    *, authority: Authority, period: ReportingPeriod | None, today: datetime.date
) -> MonitoringReturn:
    """The return for a quarter (None: the latest forecast's)."""
    terms = agreement_page(authority=authority, audience=AUDIENCE, today=today)
    if terms is None:
        raise ReturnNotReady(f"{authority.name} has no safety-valve agreement recorded")
    try:
        forecast = forecast_overview(
            authority=authority, period=period.code if period else None, audience=AUDIENCE
        )
    except LookupError as error:
        raise ReturnNotReady(str(error)) from error
    quarter = period or ReportingPeriod.objects.with_code(forecast.period.code).get(
        authority=authority
    )
    return MonitoringReturn(
        authority_name=authority.name,
        period_label=quarter.label,
        prepared_on=today,
        agreement=terms,
        headline=headline_of(forecast, terms.first_year, terms.last_year),
        forecast=forecast,
        delivery=dashboard(authority=authority, period=quarter, audience=AUDIENCE),
    )


def return_html(content: MonitoringReturn) -> str:
    return render_to_string(
        "reports/monitoring_return.html",
        {"report": content, "stylesheet": mark_safe(paper_stylesheet())},
    )


# The workbook ---------------------------------------------------------------------------


def return_workbook(content: MonitoringReturn) -> bytes:
    """The forecast's workbook (live formulas), with sheets for the agreement's payments,
    its conditions and workstream delivery in front of it."""
    workbook = build_workbook(authority_name=content.authority_name, overview=content.forecast)
    write_payments(workbook.create_sheet("Payments", 0), content)
    write_conditions(workbook.create_sheet("Conditions", 1), content)
    write_delivery(workbook.create_sheet("Workstream delivery", 2), content)
    workbook.active = 0
    workbook.properties.title = f"Safety valve monitoring return, {content.authority_name}"
    workbook.properties.subject = f"{content.authority_name}, {content.period_label}"
    return workbook_bytes(workbook)


def heading(sheet, content: MonitoringReturn, title: str) -> None:
    write_text(sheet, 1, 1, content.authority_name).font = TITLE
    sheet["A2"] = title
    sheet["A2"].font = BOLD
    sheet["A3"] = f"Safety valve monitoring return, {content.period_label}"


def money(cell, value) -> None:
    cell.value = money_number(value) if isinstance(value, Decimal) else value
    cell.number_format = MONEY_FORMAT


def write_payments(sheet, content: MonitoringReturn) -> None:
    heading(sheet, content, "Payments under the agreement")
    sheet["A5"], sheet["B5"] = "DfE contribution in total", None
    money(sheet["B5"], content.agreement.dfe_contribution)
    schedule = content.agreement.current
    headers = ["Year", "Part", "Amount (£)", "Status", "Due", "Paid"]
    for column, title in enumerate(headers, start=1):
        sheet.cell(row=7, column=column, value=title).font = BOLD
    row = 8
    for line in schedule.instalments if schedule else ():
        sheet.cell(row=row, column=1, value=line.year)
        sheet.cell(row=row, column=2, value=line.part)
        money(sheet.cell(row=row, column=3), line.amount)
        sheet.cell(row=row, column=4, value=line.status_label)
        sheet.cell(row=row, column=5, value=line.due_on)
        sheet.cell(row=row, column=6, value=line.paid_on)
        row += 1
    last = max(row - 1, 8)
    amounts, statuses = f"C8:C{last}", f"D8:D{last}"
    totals = [
        ("Total", f"=SUM({amounts})"),
        (
            "Received",
            f'=SUMIF({statuses},"Paid",{amounts})+SUMIF({statuses},"Back-dated",{amounts})',
        ),
        ("Outstanding", f"=C{row + 1}-C{row + 2}"),
        ("Difference from the DfE contribution", f"=C{row + 1}-B5"),
    ]
    for offset, (label, formula) in enumerate(totals, start=1):
        sheet.cell(row=row + offset, column=1, value=label).font = BOLD
        money(sheet.cell(row=row + offset, column=3), formula)
    widths(sheet, [36, 8, 16, 14, 12, 12])


def write_conditions(sheet, content: MonitoringReturn) -> None:
    heading(sheet, content, "Conditions of the agreement")
    for column, title in enumerate(["Condition", "Owner", "Evidence", "RAG", "Workstreams"], 1):
        sheet.cell(row=5, column=column, value=title).font = BOLD
    for row, condition in enumerate(content.agreement.conditions, start=6):
        write_text(sheet, row, 1, condition.text)
        write_text(sheet, row, 2, condition.owner)
        write_text(sheet, row, 3, condition.evidence)
        sheet.cell(row=row, column=4, value=rag_words(condition.rag))
        write_text(sheet, row, 5, ", ".join(condition.workstreams))
    widths(sheet, [60, 28, 60, 28, 40])


def write_delivery(sheet, content: MonitoringReturn) -> None:
    board = content.delivery
    heading(sheet, content, f"Workstream delivery, {board.period.year_label}")
    headers = ["Workstream", "Target (£)", "Delivered (£)", "Forecast (£)", "Variance (£)", "RAG"]
    for column, title in enumerate(headers, start=1):
        sheet.cell(row=5, column=column, value=title).font = BOLD
    row = 6
    for line in board.rows:
        write_text(sheet, row, 1, line.workstream.name)
        for column, value in ((2, line.target), (3, line.delivered), (4, line.forecast)):
            if value is not None:
                money(sheet.cell(row=row, column=column), value)
        if line.target is not None and line.forecast is not None:
            money(sheet.cell(row=row, column=5), f"=D{row}-B{row}")
        sheet.cell(row=row, column=6, value=rag_words(line.rag))
        row += 1
    sheet.cell(row=row, column=1, value="Total").font = BOLD
    for column in (2, 3, 4, 5):
        letter = get_column_letter(column)
        money(sheet.cell(row=row, column=column), f"=SUM({letter}6:{letter}{row - 1})")
    widths(sheet, [48, 16, 16, 16, 16, 32])


def rag_words(rag) -> str:
    """A RAG as the paper says it: its colour, then its meaning."""
    return f"{rag.short}: {rag.label}" if rag else "No RAG"


def widths(sheet, sizes) -> None:
    for column, size in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = size
