"""The forecast page: as the paper prints it, for staff and for the Schools Forum."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecasts.models import ScheduleAmount, ScheduleItem
from forecasts.selectors import (
    ForecastNotVisible,
    ForecastOverview,
    NoForecastYet,
    forecast_overview,
    visible_forecasts,
)
from hnb_monitor import plain
from hnb_monitor.choices import Audience
from tests.forecasts.helpers import HF, published_rows, q2_forecast, text_of


def test_forecast_page_reads_as_the_paper(fay, client_for):
    response = client_for(fay).get(f"{HF}/forecast/")
    assert response.status_code == 200
    text = text_of(response.content)
    assert "High level HNB forecast, Q1 2023/24" in text
    assert text.count("Final outturn") >= 2 and "Forecast" in text
    assert re.search(
        r"Retained Deficit \(computed\) 11,820,076 4,748,692 2,847,262 1,091,742 "
        r"988,309",
        text,
    )
    assert re.search(r"Block Transfer \(528,000\)", text)
    # The reconciliation shows the gap the paper leaves (reference README, section 2).
    assert re.search(r"Not explained by workstreams 97,218 \(169,712\) \(319,317\)", text)
    assert "Download Excel workbook" in text
    assert 'role="img"' in response.content.decode()


def test_forum_member_reads_the_signed_off_forecast_but_changes_nothing(sam, client_for):
    client = client_for(sam)
    response = client.get(f"{HF}/forecast/")
    assert response.status_code == 200
    assert "Download Excel workbook" not in text_of(response.content)
    for url in [
        f"{HF}/forecast/2023-24-Q1/edit/",
        f"{HF}/forecast/2023-24-Q1/schedule/A/",
        f"{HF}/forecast/2023-24-Q1/export/",
        f"{HF}/forecast/start/",
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_other_authorities_get_404(carl, client_for):
    client = client_for(carl)
    for url in [f"{HF}/forecast/", f"{HF}/history/", f"{HF}/forecast/2023-24-Q1/export/"]:
        assert client.get(url).status_code == 404, url


def test_download_button_gives_the_workbook(fay, client_for):
    response = client_for(fay).get(f"{HF}/forecast/2023-24-Q1/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="hnb-forecast-hammersmith-fulham-2023-24-Q1.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["Forecast"]["A1"].value == "Hammersmith & Fulham"


def test_forecast_page_query_count_does_not_grow_with_schedule_items(q2):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert q2.get(f"{HF}/forecast/?period=2023-24-Q2").status_code == 200
        return len(queries)

    forecast = q2_forecast()
    year = forecast.years.first().financial_year
    count()  # the worker reads the membership once more, then remembers it
    few = count()
    for n in range(100):
        item = ScheduleItem.objects.create(forecast=forecast, schedule="B", description=f"x{n}")
        ScheduleAmount.objects.create(item=item, financial_year=year, amount=Decimal(0))
    assert count() == few


# The read behind the page --------------------------------------------------------------------


@pytest.mark.parametrize("audience", list(Audience))
def test_the_forecast_read_is_stored_and_read_back_exactly(hf, audience):
    overview = forecast_overview(authority=hf, period="2023-24-Q1", audience=audience)
    assert plain.loads(ForecastOverview, plain.dumps(overview)) == overview


def test_the_forecast_read_is_the_published_table(hf):
    overview = forecast_overview(authority=hf, period=None, audience=Audience.STAFF)
    assert overview.period.code == "2023-24-Q1" and overview.period.is_locked
    published = {row[0]: [Decimal(v) for v in row[1:]] for row in published_rows()[1:]}
    retained = overview.values_of("retained_deficit")
    assert [round(value) for value in retained] == published["retained_deficit"]
    assert [year.label for year in overview.years] == published_rows()[0][1:]
    schedule_a = overview.schedules[0]
    assert schedule_a.code == "A" and len(schedule_a.items) == 9
    assert all(len(item.amounts) == len(overview.years) for item in schedule_a.items)
    assert overview.previous_label is None and overview.movement == ()
    assert overview.chart is not None


def test_the_forum_never_gets_an_open_quarters_forecast(q2, hf, cambs):
    staff = forecast_overview(authority=hf, period="2023-24-Q2", audience=Audience.STAFF)
    assert not staff.period.is_locked and staff.previous_label == "Q1 2023/24"
    with pytest.raises(ForecastNotVisible):
        forecast_overview(authority=hf, period="2023-24-Q2", audience=Audience.FORUM)
    latest = forecast_overview(authority=hf, period=None, audience=Audience.FORUM)
    assert latest.period.code == "2023-24-Q1"
    assert latest.period.is_locked
    assert all(f.period.is_locked for f in visible_forecasts(hf, Audience.FORUM))
    with pytest.raises(NoForecastYet):
        forecast_overview(authority=cambs, period=None, audience=Audience.FORUM)


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_forecast_and_history_pages_query_no_more_than_before_their_reads(fay, client_for):
    # Session, user and membership, then the forecasts, the forecast's years, items and
    # amounts, the workstreams' targets and returns, and the open quarter to start; the
    # notes on its figures; the safety-valve agreements, their planned deficits, payment
    # schedule versions and instalments (four, however many versions). The history adds
    # the council's stated projection.
    client = client_for(fay)
    assert queries_of(client, f"{HF}/forecast/") <= 15
    assert queries_of(client, f"{HF}/history/") <= 14
