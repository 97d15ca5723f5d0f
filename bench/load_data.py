"""The load benchmark's data, on a PostgreSQL database made afresh for each run: the demo
(Hammersmith & Fulham), bench.dashboard's 150 authorities, bench.casework's cases in the
large one, an open quarter there for the officers, and the signed-in users."""

import os
from dataclasses import dataclass
from importlib import import_module

import dj_database_url
import psycopg
from psycopg import sql

from bench.dashboard import AUTHORITIES

LARGE = f"bench-{AUTHORITIES // 2}"  # bench.dashboard's finance user's authority
OPEN_PERIOD = (2026, 1)  # after the large authority's signed-off 2021-22 to 2025-26


@dataclass
class SignedIn:
    """Session keys of the Forum readers, and each officer's key with the pks of the
    workstreams they lead."""

    readers: list[str]
    officers: list[tuple[str, list[int]]]
    open_period_code: str


def recreate_database(url: str) -> None:
    """Drop and create the database: only one whose name says it is a benchmark's."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit("The load benchmark runs on PostgreSQL (BENCH_DATABASE_URL)")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to drop {name!r}: the load benchmark's database needs "
            "'bench' in its name (BENCH_DATABASE_URL)"
        )
    with psycopg.connect(
        dbname="postgres",
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    ) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build(*, readers: int, officers: int) -> SignedIn:
    """Everything on the database Django is set up with (migrated already)."""
    from django.core.management import call_command

    from bench import casework, dashboard
    from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod

    quiet = open(os.devnull, "w")
    call_command("load_demo", "--without-paper", verbosity=0, stdout=quiet)
    dashboard.build()
    large = Authority.objects.get(slug=LARGE)
    casework.build(authority=large)
    call_command("createcachetable", verbosity=0)
    start_year, quarter = OPEN_PERIOD
    year, _ = FinancialYear.objects.get_or_create(start_year=start_year)
    period = ReportingPeriod.objects.create(
        authority=large, financial_year=year, quarter=quarter, status="open"
    )
    return SignedIn(
        readers=forum_readers(readers, large),
        officers=return_officers(officers, large),
        open_period_code=period.code,
    )


def forum_readers(count: int, large) -> list[str]:
    from django.contrib.auth import get_user_model

    from hnb_monitor.models import Authority, Membership

    users = get_user_model().objects.bulk_create(
        new_user(f"forum-reader-{i:03d}", "Forum reader", f"{i:03d}") for i in range(count)
    )
    hf = Authority.objects.get(slug="hammersmith-fulham")
    Membership.objects.bulk_create(
        Membership(user=user, authority=authority, role="forum_member")
        for user in users
        for authority in (large, hf)
    )
    return [session_for(user) for user in users]


def return_officers(count: int, large) -> list[tuple[str, list[int]]]:
    """Each officer leads every count-th workstream of the large authority, so no two
    officers ever save the same return."""
    from django.contrib.auth import get_user_model

    from hnb_monitor.models import Membership
    from workstreams.models import Workstream

    users = get_user_model().objects.bulk_create(
        new_user(f"bench-officer-{i}", "Bench officer", str(i)) for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, authority=large, role="officer") for user in users
    )
    workstreams = list(Workstream.objects.filter(authority=large).order_by("order"))
    led = {user.pk: [w.pk for w in workstreams[i::count]] for i, user in enumerate(users)}
    Workstream.leads.through.objects.bulk_create(
        Workstream.leads.through(workstream_id=pk, user_id=user_id)
        for user_id, pks in led.items()
        for pk in pks
    )
    return [(session_for(user), led[user.pk]) for user in users]


def new_user(username: str, first_name: str, last_name: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    # No usable password: nobody signs in as a benchmark user through the sign-in page.
    return get_user_model()(
        username=username, first_name=first_name, last_name=last_name, password=make_password(None)
    )


def session_for(user) -> str:
    """A signed-in session, as django.contrib.auth.login leaves one, without the
    sign-in page: django-axes would rightly take a hundred sign-ins a second for an attack."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
