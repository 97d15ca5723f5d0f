"""Following an authority's meetings: any member may, a Forum member too; nobody else."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from reports.meetings.follow import is_following
from reports.models import Follow

from .conftest import HF

FOLLOW = f"{HF}/meetings/follow/"
UNFOLLOW = f"{HF}/meetings/unfollow/"
MEETINGS = f"{HF}/meetings/"


@pytest.mark.parametrize("member", ["sam", "olu", "fay", "ade"])
def test_a_member_of_any_role_follows_and_stops_following(member, request, hf, client_for):
    user = request.getfixturevalue(member)
    client = client_for(user)

    response = client.post(FOLLOW)
    assert response.status_code == 302
    assert response["Location"] == MEETINGS
    assert is_following(user, hf)

    response = client.post(UNFOLLOW)
    assert response.status_code == 302
    assert response["Location"] == MEETINGS
    assert not is_following(user, hf)


def test_following_twice_is_one_follow(sam, hf, client_for):
    client = client_for(sam)
    client.post(FOLLOW)
    client.post(FOLLOW)
    assert Follow.objects.filter(user=sam, authority=hf).count() == 1


def test_the_member_comes_back_to_the_page_the_form_was_on(sam, client_for):
    response = client_for(sam).post(FOLLOW, {"next": f"{HF}/papers/"})
    assert response["Location"] == f"{HF}/papers/"


def test_a_return_address_elsewhere_is_ignored(sam, client_for):
    response = client_for(sam).post(FOLLOW, {"next": "https://evil.example.com/"})
    assert response["Location"] == MEETINGS


def test_the_member_is_told_what_changed_and_warned_without_an_address(sam, client_for):
    client = client_for(sam)
    back_to_papers = {"next": f"{HF}/papers/"}
    page = client.post(FOLLOW, back_to_papers, follow=True)
    assert "no e-mail address for you" in page.content.decode()
    sam.email = "sam@school.example.org"
    sam.save()
    client.post(UNFOLLOW)
    page = client.post(FOLLOW, back_to_papers, follow=True)
    body = page.content.decode()
    assert "You are following Hammersmith &amp; Fulham&#x27;s meetings" in body
    assert "no e-mail address" not in body


def test_another_authoritys_member_gets_404_and_follows_nothing(carl, hf, client_for):
    client = client_for(carl)
    assert client.post(FOLLOW).status_code == 404
    assert client.post(UNFOLLOW).status_code == 404
    assert not Follow.objects.filter(authority=hf).exists()


def test_following_is_a_change_so_only_by_post(sam, hf, client_for):
    assert client_for(sam).get(FOLLOW).status_code == 405
    assert not is_following(sam, hf)


def test_unfollowing_leaves_other_authorities_followed(fay, hf, cambs, client_for):
    from hnb_monitor.choices import Role
    from hnb_monitor.models import Membership

    Membership.objects.create(user=fay, authority=cambs, role=Role.FORUM_MEMBER)
    client = client_for(fay)
    client.post(FOLLOW)
    client.post("/a/cambridgeshire/meetings/follow/")
    client.post(UNFOLLOW)
    assert not is_following(fay, hf)
    assert is_following(fay, cambs)


def render_form(user, authority, following: bool) -> str:
    request = RequestFactory().get(MEETINGS)
    request.user = user
    return render_to_string(
        "reports/meetings/follow_form.html",
        {"authority": authority, "following": following},
        request=request,
    )


def test_the_form_follows_with_the_members_address(sam, hf):
    sam.email = "sam@school.example.org"
    html = render_form(sam, hf, following=False)
    assert f'action="{FOLLOW}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="next" value="{MEETINGS}"' in html
    assert "govuk-button--secondary" in html
    assert "Follow this authority's meetings" in html
    assert "We will e-mail sam@school.example.org" in html
    assert "govuk-warning-text" not in html


def test_the_form_stops_following(sam, hf):
    sam.email = "sam@school.example.org"
    html = render_form(sam, hf, following=True)
    assert f'action="{UNFOLLOW}"' in html
    assert "Stop following" in html
    assert "You get an e-mail at sam@school.example.org" in html


def test_the_form_warns_a_member_without_an_address(sam, hf):
    html = render_form(sam, hf, following=False)
    assert "govuk-warning-text" in html
    assert "We have no e-mail address for you" in html


def test_is_following_is_false_for_an_anonymous_visitor(hf):
    from django.contrib.auth.models import AnonymousUser

    assert not is_following(AnonymousUser(), hf)
