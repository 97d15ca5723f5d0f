"""Casework pages' server time with 20,000 transition cases in one authority, and the
summary's read at 5,000, 20,000 and 80,000.

Target: median under 150 ms for the case list, the tracking list's pages and the summary.
"""

import datetime

from bench.setup import django_with_fresh_database, summary, timed

CASES, COHORTS, PATHWAYS, LEADERS = 20_000, 6, 6, 12
# The summary's read at each size; the 20,000 are the pages' authority.
SUMMARY_SIZES = {5_000: "bench-5k", CASES: "bench", 80_000: "bench-80k"}


def build(slug: str = "bench", cases: int = CASES, la_code: str = "599", authority=None):
    """Cases in a new authority with its finance user, or in `authority` (the load
    benchmark puts them in its large authority, which has its own users)."""
    from django.contrib.auth import get_user_model

    from hnb_monitor.models import Authority, Membership
    from workstreams.choices import TransitionStatus
    from workstreams.models import CaseworkSettings, Cohort, Pathway, TransitionCase

    new = authority is None
    if new:
        authority = Authority.objects.create(
            name=f"Bench council ({cases:,} cases)", slug=slug, la_code=la_code
        )
    CaseworkSettings.objects.create(authority=authority, small_number_threshold=5)
    cohorts = Cohort.objects.bulk_create(
        Cohort(authority=authority, name=f"Cohort {i}", order=i) for i in range(COHORTS)
    )
    pathways = Pathway.objects.bulk_create(
        Pathway(authority=authority, name=f"Pathway {i}", order=i) for i in range(PATHWAYS)
    )
    User = get_user_model()
    leaders = [
        User.objects.create_user(f"{slug}-leader-{i}", first_name=f"Leader {i}")
        for i in range(LEADERS)
    ]
    Membership.objects.bulk_create(
        Membership(user=user, authority=authority, role="officer") for user in leaders
    )
    if new:
        user = User.objects.create_user(f"{slug}-finance", password="bench")
        Membership.objects.create(user=user, authority=authority, role="finance")

    statuses = [
        TransitionStatus.IDENTIFIED,
        TransitionStatus.ONGOING,
        TransitionStatus.ONGOING,
        TransitionStatus.TRANSITIONED,
        TransitionStatus.TRANSITIONED,
        TransitionStatus.CEASED,
    ]
    start = datetime.date(2020, 9, 1)
    TransitionCase.objects.bulk_create(
        (
            TransitionCase(
                authority=authority,
                reference=f"B-{i:06d}",
                cohort=cohorts[i % COHORTS],
                pathway=pathways[(i // 7) % PATHWAYS] if i % 11 else None,
                status=statuses[i % len(statuses)],
                identified_on=start + datetime.timedelta(days=i % 700),
                target_transition_on=datetime.date(2022 + i % 6, 7, 31),
                transitioned_on=(
                    start + datetime.timedelta(days=700 + i % 1500)
                    if statuses[i % len(statuses)] == TransitionStatus.TRANSITIONED
                    else None
                ),
                post_16_move=i % 5 == 0,
                phase_transfer_review_on=start + datetime.timedelta(days=800) if i % 3 else None,
                team_leader=leaders[i % LEADERS],
                next_review_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 500),
                notes="Joint casework with Adult Social Care." if i % 4 == 0 else "",
            )
            for i in range(cases)
        ),
        batch_size=5_000,
    )
    return authority


def main() -> None:
    django_with_fresh_database()
    build()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workstreams.models import TransitionCase

    client = Client()
    # Signed in without a password check: sign-in throttling wants a real request.
    client.force_login(get_user_model().objects.get(username="bench-finance"))
    print(
        f"data: {TransitionCase.objects.filter(authority__slug='bench').count():,} cases in "
        f"one authority ({connection.vendor})"
    )
    # (label, url, runs): the lists and the summary carry the target; the rest are shown
    # for scale (the tracking list's print version has every due case, unpaged, on purpose).
    pages = [
        ("case list", "/a/bench/casework/cases/", 30),
        (
            "case list, sorted and filtered",
            "/a/bench/casework/cases/?sort=-next_review_on&status=ongoing&review=overdue&page=3",
            30,
        ),
        ("summary (from the cache after the first request)", "/a/bench/casework/", 30),
        ("deadlines", "/a/bench/casework/deadlines/", 10),
        ("tracking meeting", "/a/bench/casework/tracking/", 30),
        ("tracking meeting, page 100", "/a/bench/casework/tracking/?page=100", 30),
        ("tracking meeting, printed (all due cases)", "/a/bench/casework/tracking/print/", 5),
        ("CSV export (all cases)", "/a/bench/casework/cases/export.csv", 5),
        ("Excel export (all cases)", "/a/bench/casework/cases/export.xlsx", 3),
    ]
    for label, url, runs in pages:

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        with CaptureQueriesContext(connection) as queries:
            get()
        print(f"{label} queries per request: {len(queries.captured_queries)}")
        print(summary(f"{label} server time", timed(get, runs=runs)))
    summary_reads()


def summary_reads() -> None:
    """The summary's read, as the page computes it whenever a case has changed: its time
    should grow as little as possible with the cases, and its queries not at all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hnb_monitor.choices import Audience
    from hnb_monitor.models import Authority
    from workstreams.casework.selectors import casework_summary

    for n, (size, slug) in enumerate(sorted(SUMMARY_SIZES.items())):
        if not Authority.objects.filter(slug=slug).exists():
            build(slug, size, la_code=f"59{n}")

        def read(slug=slug):
            authority = Authority.objects.get(slug=slug)
            casework_summary(
                authority=authority, audience=Audience.STAFF, today=timezone.localdate()
            )

        with CaptureQueriesContext(connection) as queries:
            read()
        label = f"summary read, {size:,} cases"
        print(f"{label} queries: {len(queries.captured_queries)}")
        print(summary(label, timed(read, runs=15)))


if __name__ == "__main__":
    main()
