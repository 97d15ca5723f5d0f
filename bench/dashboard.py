"""Dashboard server time, uncached, among 150 councils of 40 workstreams × 5 years.

Measured for a typical council (40 workstreams × 5 years of quarters) and a large one
(160 workstreams × 10 years), each at its latest quarter, and the large one at an early
quarter too: the page reads only the years it shows, so that one is the cheapest.

Targets on the 2-core development machine: the typical council median under 50 ms and
p95 under 100 ms; the large one under 100 ms. On SQLite by default; on PostgreSQL with
BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/NAME, a database that exists and is
empty (drop and create it before each run).
"""

import gc
from decimal import Decimal

from bench.setup import django_with_fresh_database, summary, timed

AUTHORITIES, WORKSTREAMS, YEARS = 150, 40, 5
LARGE_WORKSTREAMS, LARGE_YEARS = 160, 10
LATEST_YEAR = 2025
RUNS = 50
# No cache may answer: the benchmark times the page's own work.
UNCACHED = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def build_councils(
    prefix: str, count: int, *, first_code: int, workstreams: int, years: int
) -> list:
    """`count` councils, each with `workstreams` workstreams, a target for each of the
    last `years` financial years up to LATEST_YEAR, and an approved return for each of
    their quarters."""
    from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod
    from workstreams.choices import Rag
    from workstreams.models import QuarterlyReturn, SavingsTarget, Workstream

    financial_years = [
        FinancialYear.objects.get_or_create(start_year=start)[0]
        for start in range(LATEST_YEAR - years + 1, LATEST_YEAR + 1)
    ]
    authorities = Authority.objects.bulk_create(
        Authority(
            name=f"Bench council {prefix}{i}", slug=f"{prefix}{i}", la_code=f"{first_code + i}"
        )
        for i in range(count)
    )
    periods = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(authority=a, financial_year=y, quarter=q, status="signed_off")
        for a in authorities
        for y in financial_years
        for q in (1, 2, 3, 4)
    )
    created = Workstream.objects.bulk_create(
        Workstream(
            authority=a,
            name=f"Workstream {i}",
            theme=f"Theme {i % 4}",
            order=i,
            schedule="A" if i % 2 else "",
        )
        for a in authorities
        for i in range(workstreams)
    )
    by_authority: dict[int, list] = {}
    for w in created:
        by_authority.setdefault(w.authority_id, []).append(w)
    SavingsTarget.objects.bulk_create(
        (
            SavingsTarget(workstream=w, financial_year=y, amount=Decimal(10_000 + w.order * 100))
            for w in created
            for y in financial_years
        ),
        batch_size=5_000,
    )
    rags = [Rag.GREEN, Rag.AMBER, Rag.RED]
    QuarterlyReturn.objects.bulk_create(
        (
            QuarterlyReturn(
                workstream=w,
                period=p,
                delivered_to_date=Decimal(2_500 * p.quarter),
                forecast_outturn=Decimal(9_000 + w.order * 100),
                suggested_rag=rags[w.order % 3],
                rag=rags[w.order % 3],
                status="approved",
                progress_update="Progress as planned.",
            )
            for p in periods
            for w in by_authority[p.authority_id]
        ),
        batch_size=5_000,
    )
    return authorities


def build() -> tuple:
    """(the typical council, the large council) that finance users of each will see."""
    from django.contrib.auth import get_user_model

    from hnb_monitor.models import Membership

    # LA codes 300 up, clear of the demo councils' (205, 211, 873).
    councils = build_councils(
        "bench-", AUTHORITIES, first_code=300, workstreams=WORKSTREAMS, years=YEARS
    )
    (large,) = build_councils(
        "bench-large-", 1, first_code=299, workstreams=LARGE_WORKSTREAMS, years=LARGE_YEARS
    )
    typical = councils[AUTHORITIES // 2]
    for name, authority in (("bench-finance", typical), ("bench-large-finance", large)):
        user = get_user_model().objects.create_user(name, password="bench")
        Membership.objects.create(user=user, authority=authority, role="finance")
    return typical, large


def main() -> None:
    django_with_fresh_database()
    typical, large = build()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from workstreams.models import QuarterlyReturn

    def client_for(username: str) -> Client:
        client = Client()
        # Signed in without a password check: sign-in throttling wants a real request.
        client.force_login(get_user_model().objects.get(username=username))
        return client

    def page(client: Client, url: str):
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    print(
        f"data: {AUTHORITIES} authorities × {WORKSTREAMS} workstreams × {YEARS} years of "
        f"quarters and one of {LARGE_WORKSTREAMS} workstreams × {LARGE_YEARS} years = "
        f"{QuarterlyReturn.objects.count():,} returns ({connection.vendor})"
    )
    typical_client = client_for("bench-finance")
    large_client = client_for("bench-large-finance")
    scenarios = [
        (
            f"dashboard, {WORKSTREAMS} workstreams × {YEARS} years",
            typical_client,
            f"/a/{typical.slug}/dashboard/?period={LATEST_YEAR}-{(LATEST_YEAR + 1) % 100}-Q4",
        ),
        (
            f"dashboard, {LARGE_WORKSTREAMS} workstreams × {LARGE_YEARS} years",
            large_client,
            f"/a/{large.slug}/dashboard/?period={LATEST_YEAR}-{(LATEST_YEAR + 1) % 100}-Q4",
        ),
        (
            f"dashboard, {LARGE_WORKSTREAMS} workstreams × {LARGE_YEARS} years at 2017/18 Q4",
            large_client,
            f"/a/{large.slug}/dashboard/?period=2017-18-Q4",
        ),
    ]
    workstream = typical.workstreams.first()
    # As a gunicorn worker starts (gunicorn.conf.py): what is loaded before the first
    # request is left out of the garbage collector's full collections.
    gc.collect()
    gc.freeze()
    with override_settings(CACHES=UNCACHED):
        for label, client, url in scenarios:
            get = page(client, url)
            get()  # the session and the first-request caches warm up
            with CaptureQueriesContext(connection) as queries:
                get()
            print(f"{label}: {len(queries.captured_queries)} queries per request")
            print(summary(f"{label}, server time", timed(get, runs=RUNS)))
        detail = page(typical_client, f"/a/{typical.slug}/workstreams/{workstream.pk}/")
        print(summary("workstream page server time", timed(detail, runs=RUNS)))


if __name__ == "__main__":
    main()
