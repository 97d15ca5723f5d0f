"""The permission layer: tenancy (404) and roles (403), for every URL."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hnb_monitor.models import ReportingPeriod

# Views outside any authority: the picker, sign in/out, the admin (superusers only).
UNSCOPED = {"home", "login", "logout", "accessibility"}
# Published papers (and agenda packs) an authority has chosen to make public: read-only,
# no sign-in, and 404 until the authority opts in (tests/reports/test_paper_pages.py,
# tests/reports/meetings/test_pack.py).
PUBLIC = {"public_paper_list", "public_paper", "public_meeting_pack"}
# The one change a Forum member may make: whether they get e-mails about the Forum's
# meetings (tests/reports/meetings/test_follow.py).
FORUM_MAY_CHANGE = {"meeting_follow", "meeting_unfollow"}


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin":
                continue
            yield from all_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def example_path(route: str) -> str:
    """A concrete path for a route, with H&F and placeholder arguments."""
    path = route.replace("<slug:authority_slug>", "hammersmith-fulham")
    path = path.replace("<str:period_code>", "2023-24-Q1")
    for converter in ("<int:", "<slug:", "<str:"):
        while converter in path:
            start = path.index(converter)
            end = path.index(">", start)
            path = path[:start] + ("1" if converter == "<int:" else "x") + path[end + 1 :]
    return "/" + path


def test_every_authority_view_goes_through_the_permission_layer():
    for route, pattern in all_patterns():
        if pattern.name in PUBLIC:
            assert pattern.callback.login_required is False, route
            continue
        if pattern.name in UNSCOPED:
            continue
        assert "<slug:authority_slug>" in route, f"{route} is outside /a/<authority>/"
        assert getattr(pattern.callback, "authority_scoped", False), (
            f"{route} ({pattern.name}) is not wrapped in hnb_monitor.access.authority_view"
        )


@pytest.mark.django_db
def test_anonymous_users_get_the_login_page_for_every_url(client):
    for route, pattern in all_patterns():
        if pattern.name == "login" or pattern.name in PUBLIC:
            continue
        path = example_path(route)
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path
    assert client.get("/admin/").status_code == 302
    assert client.get("/accounts/login/").status_code == 200


def test_another_authoritys_user_gets_404_on_every_authority_page(client_for, carl):
    client = client_for(carl)
    assert client.get("/a/cambridgeshire/").status_code == 200
    for route, pattern in all_patterns():
        if pattern.name in UNSCOPED | PUBLIC:
            continue
        path = example_path(route)
        assert client.get(path).status_code == 404, path
        assert client.post(path, {}).status_code == 404, path


def test_a_forum_member_gets_403_for_any_change(client_for, sam):
    client = client_for(sam)
    assert client.get("/a/hammersmith-fulham/").status_code == 200
    for route, pattern in all_patterns():
        if pattern.name in UNSCOPED | FORUM_MAY_CHANGE:
            continue
        path = example_path(route)
        expected = 405 if pattern.name in PUBLIC else 403
        assert client.post(path, {}).status_code == expected, path


def test_unknown_authority_is_404_not_500(client_for, olu):
    assert client_for(olu).get("/a/no-such-council/").status_code == 404


def test_home_redirects_a_single_membership_to_its_authority(client_for, olu):
    response = client_for(olu).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/a/hammersmith-fulham/"


def test_home_lets_a_user_of_two_authorities_pick_one(client_for, fay, cambs):
    from hnb_monitor.choices import Role
    from hnb_monitor.models import Membership

    Membership.objects.create(user=fay, authority=cambs, role=Role.FORUM_MEMBER)
    response = client_for(fay).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/a/cambridgeshire/"' in body
    assert 'href="/a/hammersmith-fulham/"' in body
    assert "Schools Forum member" in body


def test_authority_home_shows_its_periods_and_the_users_role(client_for, olu):
    response = client_for(olu).get("/a/hammersmith-fulham/")
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Hammersmith &amp; Fulham</h1>' in body
    assert "officer (workstream lead)" in body
    assert "2023-24-Q2" in body and "Open" in body
    assert len(response.context["periods"]) == (
        ReportingPeriod.objects.filter(authority__slug="hammersmith-fulham").count()
    )


def test_forum_members_open_only_the_quarters_they_may_read(sam, client_for):
    client = client_for(sam)
    periods = dict(client.get("/a/hammersmith-fulham/").context["periods"])
    assert {p.code: may_open for p, may_open in periods.items()} == {
        "2021-22-Q4": True,
        "2022-23-Q4": True,
        "2023-24-Q1": True,
        "2023-24-Q2": False,
    }
    assert client.get("/a/hammersmith-fulham/periods/2023-24-Q1/").status_code == 200
    assert client.get("/a/hammersmith-fulham/periods/2023-24-Q2/").status_code == 404


def test_navigation_marks_the_section_of_the_page(fay, client_for):
    client = client_for(fay)
    for url, section in [
        ("/a/hammersmith-fulham/forecast/2023-24-Q1/edit/", "Forecast"),
        ("/a/hammersmith-fulham/casework/cases/", "Casework"),
        ("/a/hammersmith-fulham/rag-rule/", "Dashboard"),
    ]:
        response = client.get(url, follow=True)
        current = [item["label"] for item in response.context["navigation"] if item["current"]]
        assert current == [section], url


def test_error_pages_are_in_the_services_design(sam, carl, client_for):
    forbidden = client_for(sam).get("/a/hammersmith-fulham/forecast/2023-24-Q1/export/")
    assert forbidden.status_code == 403
    assert "You cannot do that" in forbidden.content.decode()
    # The authority's navigation stays, so the member can carry on from where they were.
    assert [item["label"] for item in forbidden.context["navigation"]][:2] == [
        "Home",
        "Dashboard",
    ]
    missing = client_for(carl).get("/a/hammersmith-fulham/")
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Sorry, there is a problem with the service" in render_to_string("500.html")
