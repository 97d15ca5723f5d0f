"""The quarter's lifecycle lives in the app: finance opens the next quarter once the
latest is signed off; the admin cannot move a quarter's status by a bare edit."""

from forecasts.models import Forecast
from hnb_monitor.models import ReportingPeriod

HOME = "/a/hammersmith-fulham/"
OPEN_NEXT = "/a/hammersmith-fulham/periods/open-next/"


def test_finance_opens_the_next_quarter_after_sign_off(client_for, fay, olu, hf):
    finance = client_for(fay)
    assert "Open Q3 2023/24" not in finance.get(HOME).content.decode()  # Q2 is still open
    refused = finance.post(OPEN_NEXT, follow=True).content.decode()
    assert "Q2 2023/24 is still open: sign it off first" in refused
    finance.post(
        "/a/hammersmith-fulham/periods/2023-24-Q2/",
        {"action": "sign_off", "missing_returns": "carry_forward"},
    )
    assert "Open Q3 2023/24" in finance.get(HOME).content.decode()
    assert client_for(olu).post(OPEN_NEXT).status_code == 403

    response = client_for(fay).post(OPEN_NEXT)
    assert response.status_code == 302
    q3 = ReportingPeriod.objects.with_code("2023-24-Q3").get(authority=hf)
    assert q3.status == "open"
    assert q3.history.first().history_change_reason == "Opened after Q2 2023/24"
    forecast = Forecast.objects.get(period=q3)
    latest = Forecast.objects.filter(period__authority=hf).exclude(pk=forecast.pk)
    source = latest.order_by("-period__financial_year__start_year", "-period__quarter").first()
    assert forecast.opening_retained_deficit == source.opening_retained_deficit
    assert forecast.years.count() == source.years.count()

    returns_page = client_for(fay).get("/a/hammersmith-fulham/returns/").content.decode()
    assert "Q3 2023/24" in returns_page


def test_the_admin_cannot_reopen_a_quarter_by_editing_its_status(admin_client, hf):
    q1 = ReportingPeriod.objects.with_code("2023-24-Q1").get(authority=hf)
    url = f"/admin/hnb_monitor/reportingperiod/{q1.pk}/change/"
    form = admin_client.get(url).content.decode()
    assert 'name="status"' not in form
    admin_client.post(
        url,
        {
            "authority": hf.pk,
            "financial_year": q1.financial_year_id,
            "quarter": 1,
            "status": "open",
        },
    )
    q1.refresh_from_db()
    assert q1.status == "signed_off"
