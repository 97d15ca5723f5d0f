"""Pages of signed-off quarters are read and rendered once, then served from the cache.

A signed-off quarter's figures never change, but much around them can: a workstream's
name, the RAG words, the small-number rule, the agreement, a reopened quarter. So a
cached page is found under a key made of everything it was computed from:

- the authority's *generation*, a random token replaced whenever anything of that
  authority is saved or deleted (`bump`), and a site-wide one for what belongs to no
  single authority;
- the status of every reporting period the viewer may see (the sign-off), for a page's
  read and body; the whole page is looked up before any period is read (`cached_page`),
  which the generation allows, since a sign-off or a reopening saves the period;
- who is looking: the audience and every capability the viewer holds, so a Schools
  Forum member can never be given a page rendered for staff, nor a finance officer one
  rendered for the programme lead;
- what the page was asked for (its query string), and for the whole page the day.

A page is cacheable only when everything it shows is locked: an open quarter up to the
one shown makes it uncacheable (`page_key` gives None) and it is computed every time.
That is also why saving a return of an open quarter leaves the generation alone: no
cached page reads it, so officers entering returns on meeting night do not empty the
Forum's cache.

Why a new token rather than deleting entries: a token cannot be half-deleted, a lost
token (the cache evicted it) only means a fresh one, and old entries simply age out.
The token is replaced after the change commits, so no reader can store old figures
under the new token; it is replaced before the commit too, so a reader inside the same
transaction (a test, a service that saves and then reads) sees its own change.
"""

import contextlib
import contextvars
import copy
import dataclasses
import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hnb_monitor import plain
from hnb_monitor.choices import Capability
from hnb_monitor.periods import period_key

SITE_WIDE = 0  # the generation of what belongs to no single authority


@functools.cache
def release() -> str:
    """A digest of the code and templates: part of every key, so a deploy never reads a
    page that older code computed or rendered, and every server of one release agrees."""
    from django.apps import apps

    root = Path(settings.BASE_DIR)
    folders = [Path(app.path) for app in apps.get_app_configs() if root in Path(app.path).parents]
    files = [path for folder in folders for path in folder.rglob("*.py")]
    for folder in [*folders, root / "templates"]:
        files += folder.rglob("*.html")
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _generation_key(authority_id: int) -> str:
    return f"generation:{authority_id}"


def generations(authority_id: int) -> str:
    """The authority's generation and the site-wide one, made if the cache lost them."""
    keys = [_generation_key(authority_id), _generation_key(SITE_WIDE)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add, not set: of two requests that both found it missing, one token wins.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            # Gone again at once (a full cache): a token of this request alone.
            found[key] = cache.get(key) or uuid.uuid4().hex
    return ".".join(str(found[key]) for key in keys)


def _with_generations(authority_id: int, key: str) -> tuple[str, object]:
    """The authority's generations (made if the cache lost them) and what is stored at
    `key`, in one round trip when the generations are there."""
    keys = [_generation_key(authority_id), _generation_key(SITE_WIDE)]
    found = cache.get_many([*keys, key])
    if not all(k in found for k in keys):
        return generations(authority_id), None
    return ".".join(str(found[k]) for k in keys), found.get(key)


def _replace(authority_ids: Iterable[int]) -> None:
    cache.set_many({_generation_key(i): uuid.uuid4().hex for i in authority_ids}, timeout=None)


def bump(authority_ids: Iterable[int]) -> None:
    """Every cached page of these authorities is stale: now, and again once committed."""
    authority_ids = sorted(set(authority_ids))
    if not authority_ids:
        return
    _replace(authority_ids)
    transaction.on_commit(lambda: _replace(authority_ids))


def bump_everything() -> None:
    bump([SITE_WIDE])


def viewer(membership) -> str:
    """Who is looking, as far as any page can tell: audience and capabilities."""
    held = [c for c in Capability.values if membership.can(c)]
    return f"{membership.audience.value}:{','.join(held)}"


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclasses.dataclass
class PageKey:
    """Where a page is cached: everything it was computed from but the generations,
    which the first look-up reads together with the page itself (one round trip)."""

    stable: str
    authority_id: int
    generation: str | None = None

    def with_generation(self, prefix: str) -> str:
        if self.generation is None:
            self.generation = generations(self.authority_id)
        return f"{prefix}:{_digest([self.stable, self.generation])}"


def page_key(name: str, request, *, periods: list, shown=None, asked=None) -> PageKey | None:
    """The key of a page of the request's authority, or None when it must be computed.

    `periods`: the reporting periods the viewer may see; `shown`: the one the page
    shows, or None for a page of no period (every visible period must then be locked);
    `asked`: what the read depends on, by default the whole query string.
    """
    upto = period_key(shown) if shown is not None else None
    if any(not p.is_locked for p in periods if upto is None or period_key(p) <= upto):
        return None
    return page_key_for(name, request, periods=periods, asked=asked)


def page_key_for(name: str, request, *, periods: Iterable = (), asked=None) -> PageKey:
    """The key of a page whose figures are all locked or counted afresh by its read."""
    parts = [
        *_who_asks_for_what(request, name, asked),
        ",".join(f"{p.id}:{p.status}:{p.missing_returns}" for p in periods),
    ]
    return PageKey(_digest(parts), request.membership.authority_id)


def _who_asks_for_what(request, name: str, asked=None) -> list[str]:
    """What every key of a page holds: the release, the page, the authority, the viewer,
    and what was asked for (`asked`, by default the whole query string)."""
    membership = request.membership
    if asked is None:
        asked = request.GET.lists()
    return [
        release(),
        name,
        str(membership.authority_id),
        viewer(membership),
        urlencode(sorted((key, tuple(values)) for key, values in asked), doseq=True),
    ]


def read(key: PageKey | None, kind, compute: Callable):
    """A page-level read's plain value, from the cache when the key has one."""
    if key is None:
        return compute()
    cache_key = key.with_generation("read")
    text = cache.get(cache_key)
    if text is not None:
        try:
            return plain.loads(kind, text)
        except (TypeError, KeyError, ValueError):
            pass  # written by other code: compute it afresh below
    value = compute()
    cache.set(cache_key, plain.dumps(value), settings.PAGE_CACHE_SECONDS)
    return value


def rendered(key: PageKey | None, render: Callable[[], str], *, vary_on=None) -> SafeString:
    """A page's body as HTML, from the cache when the key has one. `vary_on`: a query
    string that shapes the HTML but not the read (sorting, the page of a table).

    The body must hold nothing of one request: no CSRF token, no CSP nonce, no message.
    The page around it (header, navigation, sign-out form) is rendered every time.
    """
    if key is None:
        return mark_safe(render())
    query = urlencode(sorted(vary_on.lists()), doseq=True) if vary_on is not None else ""
    html_key = f"html:{_digest([key.stable, query])}"
    key.generation, stored = _with_generations(key.authority_id, html_key)
    # Stored with the generations it was rendered under: under any other it is a miss.
    if stored is not None and stored[0] == key.generation:
        html = stored[1]
    else:
        html = str(render())
        cache.set(html_key, (key.generation, html), settings.PAGE_CACHE_SECONDS)
    return mark_safe(html)  # our own template's output, stored as it was rendered


# The whole page: what a request of its own adds is put back into the cached HTML.
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
CSRF_MARK = 'name="csrfmiddlewaretoken" value="\x00csrf\x00"'
NONCE_MARK = "\x00nonce\x00"


@dataclasses.dataclass
class _Lookup:
    """A whole page looked for in the cache: the generations it was looked for under, and
    the response when it was found."""

    key: str
    generation: str
    response: HttpResponse | None = None


def _whole_page_key(request, name: str) -> str:
    """Who asks for what, and today: a page is kept for the day it was rendered (the
    casework counts move with the date), and varies with what the page around the body
    shows of the user (whether they may open the admin)."""
    parts = [
        *_who_asks_for_what(request, name),
        str(request.user.is_staff),
        timezone.localdate().isoformat(),
    ]
    return f"page:{_digest(parts)}"


def _cacheable_request(request) -> bool:
    # A page carrying a message for this request is never served from, or put in, the cache.
    return request.method == "GET" and not len(messages.get_messages(request))


def _look_up(request, name: str) -> _Lookup:
    key = _whole_page_key(request, name)
    generation, stored = _with_generations(request.membership.authority_id, key)
    lookup = _Lookup(key, generation)
    if stored is not None and stored[0] == lookup.generation:
        html = stored[1].replace(NONCE_MARK, str(request.csp_nonce))
        lookup.response = HttpResponse(
            html.replace(CSRF_MARK, f'name="csrfmiddlewaretoken" value="{get_token(request)}"')
        )
    return lookup


# Memberships this worker has read for cached pages, by session and authority, each with
# the generations read just before it. While those generations are current nothing of
# the authority has been saved or deleted since, the membership included (`stale`), so
# the page's own look-up, which reads them anyway, proves the membership still holds:
# meeting night's readers are served with one query fewer. Keyed by the session, not the
# user: a session key is never reused, and signing out ends it.
_members: dict[tuple[str, str], tuple] = {}
_authority_ids: dict[str, int] = {}  # slug -> id, to read generations before a membership
MEMBERS_REMEMBERED = 10_000


def _member_key(request, authority_slug: str) -> tuple[str, str] | None:
    session_key = request.session.session_key
    return (session_key, authority_slug) if session_key else None


def remembered_member(request, authority_slug: str, name: str):
    """For `authority_view` of a `cached_page`: the membership this worker remembers,
    looked up with the page (`request.page_lookup`), if nothing of the authority changed
    since; else None, and the caller reads it from the database."""
    key = _member_key(request, authority_slug)
    if key is None or not _cacheable_request(request):
        return None
    remembered = _members.get(key)
    if remembered is None:
        authority_id = _authority_ids.get(authority_slug)
        if authority_id is not None:  # read before the membership, to remember it by
            request.generations_seen = (authority_id, generations(authority_id))
        return None
    membership, generation = remembered
    request.membership = membership
    lookup = _look_up(request, name)
    request.generations_seen = (membership.authority_id, lookup.generation)
    if lookup.generation != generation or membership.user_id != request.user.pk:
        del request.membership
        _members.pop(key, None)
        return None
    request.page_lookup = lookup
    # The view may read and annotate its own; the remembered one stays as it was read.
    membership = copy.copy(membership)
    membership.authority = copy.copy(membership.authority)
    return membership


def remember_member(request, authority_slug: str, membership) -> None:
    """After `authority_view` read the membership of a `cached_page` from the database:
    remember it with the generations read before it, if any were."""
    _authority_ids[authority_slug] = membership.authority_id
    seen = getattr(request, "generations_seen", None)
    key = _member_key(request, authority_slug)
    if key is None or seen is None or seen[0] != membership.authority_id:
        return
    if len(_members) >= MEMBERS_REMEMBERED:
        _members.clear()  # a whole day of sign-ins; they are read again as needed
    _members[key] = (membership, seen[1])


def cached_page(name: str):
    """Serve an authority page from the cache before its view reads anything.

    Only a page `whole_page` stored is found: one whose every figure was locked when it
    was rendered. It is found under the authority's current generations, and anything
    that could change it since (a quarter reopened or signed off, a name, a rule, a
    membership) made new ones; so a hit needs no look at the periods, only at who is
    asking and for what. `authority_view` reads the membership first, or takes the one
    this worker remembers (`remembered_member`), which this same look-up proves current.
    """

    def decorator(view):
        @functools.wraps(view)
        def from_cache(request, *args, **kwargs):
            lookup = getattr(request, "page_lookup", None)
            if lookup is None and _cacheable_request(request):
                lookup = request.page_lookup = _look_up(request, name)
            if lookup is not None and lookup.response is not None:
                return lookup.response
            return view(request, *args, **kwargs)

        from_cache.cached_page = name
        return from_cache

    return decorator


def whole_page(request, key: PageKey | None, respond: Callable):
    """The response of `respond()`, put in the cache for `cached_page` when the key
    says everything on the page is locked. The sign-out form's CSRF token and the script
    nonce are marked, to be written in again for each request that gets the page."""
    lookup = getattr(request, "page_lookup", None)
    if lookup is None and key is not None and _cacheable_request(request):
        # Else the page would be computed every time, and nothing would say so.
        raise ImproperlyConfigured("A view calling whole_page() needs @caching.cached_page")
    if key is None or lookup is None:
        return respond()
    key.generation = lookup.generation  # read before anything was computed
    response = respond()
    if response.status_code == 200 and not response.streaming:
        html = CSRF_INPUT.sub(CSRF_MARK, response.content.decode())
        html = html.replace(str(request.csp_nonce), NONCE_MARK)
        cache.set(lookup.key, (lookup.generation, html), settings.PAGE_CACHE_SECONDS)
    return response


# What makes a cached page stale ----------------------------------------------------------

CACHED_APPS = {"hnb_monitor", "workstreams", "forecasts", "reports"}
# Written on their own schedule and shown on no cached page.
NEVER_SHOWN = {"reports.alert", "reports.follow"}


def owners(instance, depth: int = 0) -> set[int] | None:
    """The authorities whose pages may show this record: an empty set when none can
    (a return of an open quarter), None when no single authority owns it."""
    from hnb_monitor.models import Authority, ReportingPeriod

    if isinstance(instance, Authority):
        return {instance.pk}
    if isinstance(instance, ReportingPeriod):
        return {instance.authority_id}
    period = getattr(instance, "period", None)
    if isinstance(period, ReportingPeriod):
        # Data of an open quarter reaches no cached page (page_key); its sign-off does.
        return set() if not period.is_locked else {period.authority_id}
    if getattr(instance, "authority_id", None) is not None:
        return {instance.authority_id}
    if depth < 4:
        for field in instance._meta.concrete_fields:
            if field.many_to_one or field.one_to_one:
                try:
                    parent = getattr(instance, field.name)
                except field.related_model.DoesNotExist:
                    continue  # deleted with it, in the same cascade
                if parent is not None and parent._meta.app_label in CACHED_APPS:
                    found = owners(parent, depth + 1)
                    if found is not None:
                        return found
    return None


_loading = contextvars.ContextVar("loading", default=False)


@contextlib.contextmanager
def loading():
    """For a bulk load (the demo): one site-wide bump at the end, not one per record."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
        bump_everything()


# What of a user any page shows: their name, as a workstream's lead.
USER_SHOWN = {"username", "first_name", "last_name"}


def stale(instance, update_fields=None) -> None:
    """Called after any record is saved or deleted, or its many-to-many links change."""
    if _loading.get():
        return
    meta = instance._meta
    if meta.label_lower in NEVER_SHOWN or meta.object_name.startswith("Historical"):
        return
    if meta.label == settings.AUTH_USER_MODEL:
        # Signing in saves last_login: a Forum arriving together must not empty the cache.
        if update_fields is not None and not USER_SHOWN & set(update_fields):
            return
        bump(instance.memberships.values_list("authority_id", flat=True))
        return
    if meta.app_label not in CACHED_APPS:
        return
    found = owners(instance)
    bump([SITE_WIDE] if found is None else found)


def saved_or_deleted(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: its records may not be linked up yet
        bump_everything()
    else:
        stale(instance, kwargs.get("update_fields"))


def links_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        stale(instance)
