"""Shared fixtures: the demo data and named users, each with a stated relationship.

- Olu is an H&F officer (workstream lead).
- Fay is H&F finance.
- Ade is the H&F programme lead.
- Sam is an H&F Schools Forum member: reads, never changes anything.
- Carl is a Cambridgeshire finance officer and must see nothing of H&F.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hnb_monitor.choices import Role
from hnb_monitor.models import Authority, Membership


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


@pytest.fixture
def hf(demo) -> Authority:
    return Authority.objects.get(slug="hammersmith-fulham")


@pytest.fixture
def cambs(demo) -> Authority:
    return Authority.objects.get(slug="cambridgeshire")


def make_member(username: str, authority: Authority, role: str):
    user = get_user_model().objects.create_user(username, password="pw-for-tests")
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.fixture
def olu(hf):
    return make_member("olu", hf, Role.OFFICER)


@pytest.fixture
def fay(hf):
    return make_member("fay", hf, Role.FINANCE)


@pytest.fixture
def ade(hf):
    return make_member("ade", hf, Role.PROGRAMME_LEAD)


@pytest.fixture
def sam(hf):
    return make_member("sam", hf, Role.FORUM_MEMBER)


@pytest.fixture
def carl(cambs):
    return make_member("carl", cambs, Role.FINANCE)


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
