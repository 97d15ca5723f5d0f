"""Where a figure comes from: a note on a figure the paper prints differently, and the
council's stated "if left unchecked" projection beside ours.

Fay is H&F finance; Carl is Cambridgeshire finance; Sam is an H&F Schools Forum member.
"""

import io
from decimal import Decimal

import openpyxl

from forecasts.models import StatedProjection
from forecasts.selectors import (
    PROJECTION_METHOD,
    FigureNoteLine,
    HistoryOverview,
    forecast_overview,
    history_overview,
)
from hnb_monitor import plain
from hnb_monitor.choices import Audience
from tests.forecasts.helpers import HF, table_rows, text_of

NOTE = "Published as 799,354; the paper's inputs give 799,353"
CAMBS = "/a/cambridgeshire"


def test_the_forecast_read_carries_the_note_on_the_2024_25_variance(hf):
    overview = forecast_overview(authority=hf, period="2023-24-Q1", audience=Audience.FORUM)
    assert overview.figure_notes == (
        FigureNoteLine(
            "variance_after_mitigations",
            "2024/25",
            "Variance from original safety valve after all mitigations",
            NOTE,
        ),
    )
    row = next(row for row in overview.rows if row.key == "variance_after_mitigations")
    index = overview.year_labels.index("2024/25")
    assert row.values[index] == Decimal("799353")
    assert [row.note_for(i) for i in range(len(row.values))].count(NOTE) == 1
    assert row.note_for(index) == NOTE


def test_the_forecast_page_shows_the_note_beside_the_figure(sam, client_for):
    response = client_for(sam).get(f"{HF}/forecast/")
    rows = table_rows(response.content, "High level HNB forecast, £")
    row = next(
        row for row in rows if row[0].startswith("Variance from original safety valve after")
    )
    assert row[4] == f"799,353 Note: {NOTE}"


def test_the_workbook_has_the_note_on_the_cell_and_under_the_table(fay, client_for):
    response = client_for(fay).get(f"{HF}/forecast/2023-24-Q1/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Forecast"]
    labelled = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    row = labelled["Variance from original safety valve after all mitigations"]
    years = [sheet.cell(row=5, column=c).value for c in range(2, 7)]
    cell = sheet.cell(row=row, column=2 + years.index("2024/25"))
    assert cell.comment is not None and cell.comment.text == NOTE
    listed = [v for v in labelled if isinstance(v, str) and v.startswith("Note on ")]
    assert listed == [
        f"Note on Variance from original safety valve after all mitigations, 2024/25: {NOTE}"
    ]


def test_the_history_page_says_how_it_projects_and_shows_the_councils_figures(carl, client_for):
    response = client_for(carl).get(f"{CAMBS}/history/")
    text = text_of(response.content)
    assert "This projection is HNB Monitor's own, not the council's" in text
    assert "average yearly change in growth" in text
    rows = table_rows(response.content, "Projected accumulated deficit if left unchecked, £000")
    assert [(year, stated) for year, _ours, stated in rows] == [
        ("2022/23", "49,100"),
        ("2023/24", "62,300"),
        ("2024/25", "77,100"),
        ("2025/26", "93,200"),
    ]
    # Ours, from the history's own figures: 53.2 to 104.5 £m.
    assert rows[0][1].startswith("53,") and rows[-1][1].startswith("104,")


def test_the_history_read_has_both_projections_and_the_method(cambs):
    overview = history_overview(authority=cambs, audience=Audience.FORUM)
    assert overview.projection_method == PROJECTION_METHOD
    assert [(y.year, y.stated) for y in overview.projection_years] == [
        ("2022/23", Decimal("49100000")),
        ("2023/24", Decimal("62300000")),
        ("2024/25", Decimal("77100000")),
        ("2025/26", Decimal("93200000")),
    ]
    assert all(y.ours is not None for y in overview.projection_years)
    assert plain.loads(HistoryOverview, plain.dumps(overview)) == overview


def test_finance_enters_the_councils_projection_from_the_history_page(carl, client_for, cambs):
    client = client_for(carl)
    assert (
        "/a/cambridgeshire/history/stated-projection/"
        in client.get(f"{CAMBS}/history/").content.decode()
    )
    page = client.get(f"{CAMBS}/history/stated-projection/")
    assert page.status_code == 200
    data = {name: page.context["form"][name].value() for name in page.context["form"].fields}
    assert data["year_2022"] == "49,100,000"
    data.update(year_2022="50,000,000", year_2025="")
    response = client.post(f"{CAMBS}/history/stated-projection/", data)
    assert response.status_code == 302
    stated = dict(
        StatedProjection.objects.filter(authority=cambs).values_list(
            "financial_year__start_year", "accumulated_deficit"
        )
    )
    assert stated == {
        2022: Decimal("50000000"),
        2023: Decimal("62300000"),
        2024: Decimal("77100000"),
    }


def test_only_finance_states_the_projection(client_for, olu, sam):
    for user in (olu, sam):
        assert client_for(user).get(f"{HF}/history/stated-projection/").status_code == 403
