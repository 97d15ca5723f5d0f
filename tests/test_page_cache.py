"""Signed-off pages come from the cache, and nothing stale or meant for someone else does.

Each test runs on the test settings' cache and again on the production default, the
database cache, and on Redis where one is running (REDIS_URL's backend)."""

import os
import socket
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from hnb_monitor.models import ReportingPeriod
from hnb_monitor.services import reopen_period, sign_off_period
from workstreams.models import QuarterlyReturn, Workstream

Q1 = "/a/hammersmith-fulham/dashboard/?period=2023-24-Q1"
FORECAST = "/a/hammersmith-fulham/forecast/?period=2023-24-Q1"
CASEWORK = "/a/hammersmith-fulham/casework/"
# What each page shows only to staff, and only to the Schools Forum.
STAFF_ONLY = {
    Q1: "How RAG is suggested",
    FORECAST: "Download Excel workbook",
    CASEWORK: "For casework officers",
}
FORUM_ONLY = {Q1: "You see approved figures of signed-off and published quarters only"}
RETURN = {
    "delivered_to_date": "£500",
    "forecast_outturn": "1,000",
    "rag_override": "",
    "override_reason": "",
    "progress_update": "Saved by an officer during the Forum meeting",
    "next_steps": "Agree the next quarter's plan",
    "risks_and_mitigations": "",
    "recovery_actions": "",
    "action": "save",
}
# At most the queries of a page served from the cache: the user and the membership (the
# session is read through the cache too; a worker that remembers the membership reads only
# the user), and for a page not cached whole the periods its key reads.
FROM_CACHE = {Q1: 2, FORECAST: 4, CASEWORK: 2}


WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 8


def redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


BACKENDS = {
    "locmem": None,
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hnb_cache",
        "KEY_PREFIX": "hnb",
    },
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # A database of its own for each pytest-xdist worker: clearing the cache empties it.
        "LOCATION": f"redis://127.0.0.1:6379/{15 - WORKER}",
        "KEY_PREFIX": "hnb-tests",
    },
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, db):
    config = BACKENDS[request.param]
    if config is None:
        yield request.param
        return
    if request.param == "redis" and not redis_running():
        pytest.skip("no Redis on 127.0.0.1:6379")
    with override_settings(CACHES={"default": config}):
        caches["default"].clear()
        yield request.param
        caches["default"].clear()


def page(client, url) -> tuple[str, int]:
    """The page's main content and how many queries it took. (Around it, the sign-out
    form's CSRF token and the script nonce are new on every page.)"""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    # The database cache's own reads are not the page's.
    of_the_page = [q for q in queries.captured_queries if "hnb_cache" not in q["sql"]]
    return main, len(of_the_page)


def q1_return() -> QuarterlyReturn:
    return QuarterlyReturn.objects.filter(
        period__authority__slug="hammersmith-fulham",
        period__financial_year__start_year=2023,
        period__quarter=1,
        status="approved",
    ).first()


def test_a_forum_page_changes_when_its_quarter_is_reopened_and_changed(
    backend, client_for, sam, fay
):
    forum = client_for(sam)
    before, _ = page(forum, Q1)
    again, queries = page(forum, Q1)
    assert again == before and queries <= FROM_CACHE[Q1]
    assert "987,654" not in before

    period = ReportingPeriod.objects.get(
        authority__slug="hammersmith-fulham", financial_year__start_year=2023, quarter=1
    )
    reopen_period(period=period, user=fay, reason="A late correction from the SEN team")
    quarterly_return = q1_return()
    quarterly_return.delivered_to_date = Decimal("987654")
    quarterly_return.save()
    sign_off_period(period=ReportingPeriod.objects.get(pk=period.pk), user=fay)

    after, queries = page(client_for(sam), Q1)
    assert "987,654" in after
    assert queries > FROM_CACHE[Q1]  # computed afresh
    assert page(client_for(sam), Q1)[1] <= FROM_CACHE[Q1]


@pytest.mark.parametrize("url", sorted(STAFF_ONLY))
def test_a_forum_member_never_receives_a_page_cached_for_staff(backend, client_for, sam, fay, url):
    staff_page, _ = page(client_for(fay), url)
    assert STAFF_ONLY[url] in staff_page
    cached, queries = page(client_for(fay), url)
    assert cached == staff_page and queries <= FROM_CACHE[url]

    forum_page, _ = page(client_for(sam), url)
    assert STAFF_ONLY[url] not in forum_page
    if url in FORUM_ONLY:
        assert FORUM_ONLY[url] in forum_page
    cached, queries = page(client_for(sam), url)
    assert cached == forum_page and queries <= FROM_CACHE[url]
    # and the other way round: staff still get their own page
    assert page(client_for(fay), url)[0] == staff_page


def test_roles_of_the_same_audience_get_their_own_pages(client_for, fay, olu):
    """Finance may export the forecast, an officer may not: one must not get the other's."""
    finance_page, _ = page(client_for(fay), FORECAST)
    officer_page, _ = page(client_for(olu), FORECAST)
    assert "Download Excel workbook" in finance_page
    assert "Download Excel workbook" not in officer_page


def test_officers_saving_returns_of_an_open_quarter_leave_the_forum_cache_alone(
    backend, client_for, sam, olu
):
    led = Workstream.objects.filter(authority__slug="hammersmith-fulham").first()
    led.leads.add(olu)
    page(client_for(sam), Q1)
    edit = f"/a/hammersmith-fulham/returns/{led.pk}/2023-24-Q2/edit/"
    saved = client_for(olu).post(edit, RETURN | {"version": "0"}, follow=True)
    assert saved.redirect_chain[0][1] == 302
    assert "return saved as a draft" in saved.content.decode()  # the message is read
    assert QuarterlyReturn.objects.get(workstream=led, period__quarter=2).progress_update
    assert page(client_for(sam), Q1)[1] <= FROM_CACHE[Q1]


def test_what_still_changes_about_a_signed_off_quarter_shows_at_once(backend, client_for, sam):
    """A workstream renamed after the sign-off is shown by its new name."""
    before, _ = page(client_for(sam), Q1)
    workstream = Workstream.objects.filter(authority__slug="hammersmith-fulham").first()
    assert workstream.name in before
    workstream.name = "Renamed after the sign-off"
    workstream.save()
    after, queries = page(client_for(sam), Q1)
    assert "Renamed after the sign-off" in after
    assert queries > FROM_CACHE[Q1]


def test_the_small_number_rule_applies_at_once(backend, client_for, sam, ade):
    before, _ = page(client_for(sam), CASEWORK)
    from workstreams.models import CaseworkSettings

    settings, _ = CaseworkSettings.objects.get_or_create(authority=ade.memberships.get().authority)
    settings.small_number_threshold = 50
    settings.save()
    after, _ = page(client_for(sam), CASEWORK)
    assert after != before
    assert "fewer than 50" in after


def test_an_open_quarter_is_never_cached(client_for, fay):
    """Staff see an open quarter's drafts: computed every time."""
    period = ReportingPeriod.objects.filter(
        authority__slug="hammersmith-fulham", status="open"
    ).first()
    url = f"/a/hammersmith-fulham/dashboard/?period={period.code}"
    _, first = page(client_for(fay), url)
    _, second = page(client_for(fay), url)
    # Computed again; only the membership may come from the worker's memory.
    assert first - 1 <= second <= first
    assert second > FROM_CACHE[Q1] + 4


def test_after_an_edit_behind_the_application_s_back_one_command_expires_every_page(
    client_for, sam
):
    from django.core.management import call_command

    before, _ = page(client_for(sam), Q1)
    edited = Workstream.objects.filter(authority__slug="hammersmith-fulham")[:1]
    Workstream.objects.filter(pk__in=edited).update(name="Edited in psql")
    assert page(client_for(sam), Q1)[0] == before  # no signal: the cache cannot know
    call_command("expire_cached_pages", stdout=open("/dev/null", "w"))
    assert "Edited in psql" in page(client_for(sam), Q1)[0]


def test_a_lost_generation_means_a_fresh_page_not_a_stale_one(client_for, sam):
    from django.core.cache import cache

    page(client_for(sam), Q1)
    edited = Workstream.objects.filter(authority__slug="hammersmith-fulham")[:1]
    Workstream.objects.filter(pk__in=edited).update(name="Changed")
    cache.delete("generation:0")  # evicted, say, by the cache being full
    assert "Changed" in page(client_for(sam), Q1)[0]


def test_a_page_from_the_cache_carries_this_request_s_token_and_nonce(sam):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(sam)
    client.get(Q1)
    response = client.get(Q1)  # the whole page, from the cache
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html
    assert "\x00" not in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    signed_out = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert client.get(Q1).status_code == 302  # to the sign-in page


def test_a_message_for_this_request_is_never_cached_into_the_page(client_for, sam):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    client = client_for(sam)
    client.get(Q1)  # cached
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Yours alone")])
    assert "Yours alone" in client.get(Q1).content.decode()
    assert "Yours alone" not in client.get(Q1).content.decode()


def test_a_page_is_served_from_the_cache_on_the_day_it_was_rendered_only(
    backend, client_for, sam, monkeypatch
):
    """The casework counts move with the date, with no change to any record."""
    import datetime

    from django.utils import timezone

    client = client_for(sam)
    _, computed = page(client, CASEWORK)
    assert page(client, CASEWORK)[1] <= FROM_CACHE[CASEWORK] < computed
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert page(client, CASEWORK)[1] > FROM_CACHE[CASEWORK]  # not served whole
    assert page(client, CASEWORK)[1] <= FROM_CACHE[CASEWORK]


@pytest.mark.parametrize("url", [Q1, CASEWORK])
def test_a_member_removed_from_the_authority_is_refused_a_page_in_the_cache(
    backend, client_for, sam, url
):
    """Who may see the authority is checked before the cache is asked."""
    from hnb_monitor.models import Membership

    client = client_for(sam)
    page(client, url)
    page(client, url)
    assert page(client, url)[1] == 1  # from the cache, the membership from memory
    Membership.objects.filter(user=sam, authority__slug="hammersmith-fulham").delete()
    assert client.get(url).status_code == 404


def test_a_member_given_another_role_gets_that_role_s_page_at_once(backend, client_for, sam):
    """The worker's memory of a membership lasts only while nothing of the authority
    changes; a new role is such a change."""
    client = client_for(sam)
    for _ in range(3):
        forum_page, queries = page(client, Q1)
    assert queries == 1 and FORUM_ONLY[Q1] in forum_page
    sam.memberships.filter(authority__slug="hammersmith-fulham").update(role="finance")
    call_command("expire_cached_pages", stdout=open(os.devnull, "w"))  # .update() sends no signal
    staff_page, _ = page(client, Q1)
    assert STAFF_ONLY[Q1] in staff_page and FORUM_ONLY[Q1] not in staff_page
    membership = sam.memberships.get()
    membership.role = "forum_member"
    membership.save()
    assert FORUM_ONLY[Q1] in page(client, Q1)[0]


def test_a_view_caching_its_whole_page_without_the_decorator_is_refused(rf):
    """Without `cached_page` nothing would look the page up: it would be computed every
    time, silently."""
    from django.core.exceptions import ImproperlyConfigured
    from django.http import HttpResponse

    from hnb_monitor import caching

    with pytest.raises(ImproperlyConfigured, match="cached_page"):
        caching.whole_page(rf.get("/"), caching.PageKey("key", 1), HttpResponse)
