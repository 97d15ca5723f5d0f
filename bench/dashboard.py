"""Dashboard server time at scale: 150 authorities × 40 workstreams × 5 years of quarters.

Target: median under 100 ms on the 2-core development machine.
"""

from decimal import Decimal

from bench.setup import django_with_fresh_database, summary, timed

AUTHORITIES, WORKSTREAMS, YEARS = 150, 40, 5


def build() -> None:
    from django.contrib.auth import get_user_model

    from hnb_monitor.models import Authority, FinancialYear, Membership, ReportingPeriod
    from workstreams.choices import Rag
    from workstreams.models import QuarterlyReturn, SavingsTarget, Workstream

    years = list(FinancialYear.objects.filter(start_year__gte=2021).order_by("start_year"))[:YEARS]
    authorities = Authority.objects.bulk_create(
        Authority(name=f"Bench council {i}", slug=f"bench-{i}", la_code=f"{500 + i}")
        for i in range(AUTHORITIES)
    )
    periods = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(authority=a, financial_year=y, quarter=q, status="signed_off")
        for a in authorities
        for y in years
        for q in (1, 2, 3, 4)
    )
    workstreams = Workstream.objects.bulk_create(
        Workstream(
            authority=a,
            name=f"Workstream {i}",
            theme=f"Theme {i % 4}",
            order=i,
            schedule="A" if i % 2 else "",
        )
        for a in authorities
        for i in range(WORKSTREAMS)
    )
    by_authority: dict[int, list] = {}
    for w in workstreams:
        by_authority.setdefault(w.authority_id, []).append(w)
    SavingsTarget.objects.bulk_create(
        SavingsTarget(workstream=w, financial_year=y, amount=Decimal(10_000 + w.order * 100))
        for w in workstreams
        for y in years
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
    user = get_user_model().objects.create_user("bench-finance", password="bench")
    Membership.objects.create(user=user, authority=authorities[AUTHORITIES // 2], role="finance")


def main() -> None:
    django_with_fresh_database()
    build()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hnb_monitor.models import Authority
    from workstreams.models import QuarterlyReturn

    client = Client()
    # Signed in without a password check: sign-in throttling wants a real request.
    client.force_login(get_user_model().objects.get(username="bench-finance"))
    authority = Authority.objects.get(slug=f"bench-{AUTHORITIES // 2}")
    url = f"/a/{authority.slug}/dashboard/?period=2025-26-Q4"

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    with CaptureQueriesContext(connection) as queries:
        get()
    print(
        f"data: {AUTHORITIES} authorities × {WORKSTREAMS} workstreams × {YEARS} years of "
        f"quarters = {QuarterlyReturn.objects.count():,} returns ({connection.vendor})"
    )
    print(f"dashboard queries per request: {len(queries.captured_queries)}")
    print(summary("dashboard server time", timed(get, runs=50)))
    workstream = authority.workstreams.first()
    detail = f"/a/{authority.slug}/workstreams/{workstream.pk}/"
    print(summary("workstream page server time", timed(lambda: client.get(detail), runs=50)))


if __name__ == "__main__":
    main()
