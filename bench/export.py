"""Excel export time: the H&F demo forecast, and a forecast with 200 schedule items.

Target: under 0.5 s for H&F on the 2-core development machine. Times the whole
download (load, compute, build the workbook, write the bytes) through the page finance uses.
"""

from decimal import Decimal

from bench.setup import django_with_fresh_database, summary, timed

ITEMS = 200


def build_large_forecast():
    """Q2 2023/24 started from Q1, with schedule A split into 200 items that keep its total."""
    from forecasts.models import Forecast, ScheduleAmount, ScheduleItem
    from forecasts.services import start_forecast
    from hnb_monitor.models import ReportingPeriod
    from workstreams.models import Workstream

    q1 = Forecast.objects.get(period__authority__slug="hammersmith-fulham", period__quarter=1)
    period = ReportingPeriod.objects.get(
        authority__slug="hammersmith-fulham", financial_year__start_year=2023, quarter=2
    )
    forecast = start_forecast(period=period, source=q1)
    remainder = forecast.schedule_items.get(schedule="A", workstream=None)
    workstreams = list(Workstream.objects.filter(authority=period.authority))
    new_items = ScheduleItem.objects.bulk_create(
        ScheduleItem(
            forecast=forecast,
            schedule="A",
            description=f"Saving line {n}",
            workstream=workstreams[n % len(workstreams)] if n % 3 == 0 else None,
            order=1000 + n,
        )
        for n in range(ITEMS - forecast.schedule_items.count())
    )
    # Each new item takes £1 a year off the remainder, so the schedule total is unchanged.
    years = [a.financial_year for a in remainder.amounts.select_related("financial_year")]
    ScheduleAmount.objects.bulk_create(
        ScheduleAmount(item=item, financial_year=year, amount=Decimal(-1))
        for item in new_items
        for year in years
    )
    for amount in remainder.amounts.all():
        amount.amount += len(new_items)
        amount.save()
    return forecast, forecast.schedule_items.count()


def main() -> None:
    django_with_fresh_database()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from hnb_monitor.models import Authority, Membership

    user = get_user_model().objects.create_user("bench-finance", password="bench")
    Membership.objects.create(
        user=user, authority=Authority.objects.get(slug="hammersmith-fulham"), role="finance"
    )
    client = Client()
    # Signed in without a password check: sign-in throttling wants a real request.
    client.force_login(user)

    def download(code):
        def get():
            response = client.get(f"/a/hammersmith-fulham/forecast/{code}/export/")
            assert response.status_code == 200, response.status_code
            return response

        return get

    size = len(download("2023-24-Q1")().content)
    print(f"H&F Q1 2023/24 workbook: {size:,} bytes")
    print(summary("H&F export", timed(download("2023-24-Q1"), runs=20)))
    _, items = build_large_forecast()
    size = len(download("2023-24-Q2")().content)
    print(f"forecast with {items} schedule items: {size:,} bytes")
    print(summary(f"{items}-item export", timed(download("2023-24-Q2"), runs=20)))


if __name__ == "__main__":
    main()
