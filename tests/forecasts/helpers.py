"""What the forecast tests share: the published table, the commands' output, page text."""

import csv
import io
import re
from html import unescape

from django.core.management import call_command

from forecasts.models import Forecast

REFERENCE_CSV = "fixtures/reference/hf-2023-24-q1-forecast.csv"
HF = "/a/hammersmith-fulham"


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def published_rows() -> list[list[str]]:
    with open(REFERENCE_CSV, encoding="utf-8") as f:
        return list(csv.reader(f))


def text_of(html: bytes) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html.decode())))


def table_rows(html: bytes, caption: str) -> list[tuple[str, ...]]:
    page = html.decode()
    start = page.index(caption)
    body = page[page.index("<tbody", start) : page.index("</tbody>", start)]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append(tuple(text_of(cell.encode()).strip() for cell in cells))
    return rows


def entered_form(forecast: Forecast) -> dict:
    data = {
        "opening_retained_deficit": str(forecast.opening_retained_deficit),
        "version": str(forecast.version),
    }
    for column in forecast.years.select_related("financial_year"):
        start = column.financial_year.start_year
        if column.is_outturn:
            data[f"is_outturn__{start}"] = "on"
        for line in [
            "hnb_allocation",
            "block_transfer",
            "expenditure_before_savings",
            "investment",
        ]:
            data[f"{line}__{start}"] = str(getattr(column, line))
    return data


def q2_forecast() -> Forecast:
    return Forecast.objects.get(period__authority__slug="hammersmith-fulham", period__quarter=2)
