"""Sign-in throttling: five wrong passwords in a row lock that username and that address
for an hour (django-axes), a success clears the username's count, and an admin can unlock.

Olu is an H&F officer; Fay is H&F finance. Their password is "pw-for-tests".
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.management import call_command
from django.test import override_settings

LOGIN = "/accounts/login/"
HOME = "/a/hammersmith-fulham/"


def sign_in(client, username, password, address="127.0.0.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, username, times, address="127.0.0.1", **headers):
    for _ in range(times):
        response = sign_in(client, username, "wrong", address, **headers)
    return response


def is_signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


def test_fifty_wrong_passwords_are_not_all_tried(client, olu):
    statuses = [sign_in(client, "olu", f"guess-{n}").status_code for n in range(50)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[4:]) == {429}
    # Now even the right password is refused.
    assert sign_in(client, "olu", "pw-for-tests").status_code == 429


def test_the_lockout_page_says_what_happened_and_when_to_try_again(client, olu):
    fail(client, "olu", 4)
    response = sign_in(client, "olu", "wrong")
    last = AccessAttempt.objects.get(username="olu").attempt_time
    body = response.content.decode()
    assert response.status_code == 429
    assert "<title>You cannot sign in yet – HNB Monitor</title>" in body
    assert 'class="govuk-template__footer"' in body  # the GOV.UK page, from base.html
    assert "The wrong username or password was entered 5 times in a row" in body
    local = (last + datetime.timedelta(hours=1)).astimezone(ZoneInfo("Europe/London"))
    assert f"try again after <strong>{local:%-I:%M}{local:%p}".lower() in body.lower()
    assert "ask your HNB Monitor administrator to unlock your account" in body
    assert "Traceback" not in body and "axes" not in body.lower()
    assert "no-store" in response["Cache-Control"]


def test_a_locked_username_is_refused_from_any_address(client, olu):
    fail(client, "olu", 5, address="10.0.0.1")
    assert sign_in(client, "olu", "pw-for-tests", address="10.0.0.2").status_code == 429


def test_a_locked_address_is_refused_for_any_username(client, olu, fay):
    for username in ["nobody", "admin", "root", "test", "guest"]:
        sign_in(client, username, "wrong", address="10.0.0.1")
    assert sign_in(client, "fay", "pw-for-tests", address="10.0.0.1").status_code == 429
    # Fay from her own address is not affected.
    assert is_signed_in(sign_in(client, "fay", "pw-for-tests", address="10.0.0.2"))


def test_signing_in_clears_the_usernames_count(client, olu):
    fail(client, "olu", 4)
    assert is_signed_in(sign_in(client, "olu", "pw-for-tests"))
    client.post("/accounts/logout/")
    fail(client, "olu", 4)
    assert is_signed_in(sign_in(client, "olu", "pw-for-tests"))


def test_one_persons_sign_in_does_not_clear_the_count_against_another(client, olu, fay):
    fail(client, "olu", 4)
    assert is_signed_in(sign_in(client, "fay", "pw-for-tests"))
    client.post("/accounts/logout/")
    assert sign_in(client, "olu", "wrong").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, olu):
    fail(client, "olu", 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=61)
    )
    assert is_signed_in(sign_in(client, "olu", "pw-for-tests"))


def test_x_forwarded_for_is_ignored_without_a_proxy(client, olu, fay):
    # A client that makes up a new address for each try is still counted at its own.
    for n in range(5):
        sign_in(client, f"user{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert sign_in(client, "fay", "pw-for-tests").status_code == 429


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_it_saw_is_counted(client, olu, fay):
    # The proxy appends the address it saw; anything before it came from the client.
    for n in range(5):
        sign_in(
            client,
            f"user{n}",
            "wrong",
            address="10.1.1.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # Someone else behind the same proxy signs in; the locked-out address is refused.
    elsewhere = sign_in(
        client, "fay", "pw-for-tests", "10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert is_signed_in(elsewhere)
    client.post("/accounts/logout/")
    locked = sign_in(client, "fay", "pw-for-tests", "10.1.1.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429


def test_an_admin_can_unlock_a_username_from_the_command_line(client, olu):
    fail(client, "olu", 5)
    call_command("axes_reset_username", "olu", stdout=io.StringIO())
    assert is_signed_in(sign_in(client, "olu", "pw-for-tests"))


def test_an_admin_can_unlock_everyone_from_the_command_line(client, olu):
    fail(client, "olu", 5)
    call_command("axes_reset", stdout=io.StringIO())
    assert is_signed_in(sign_in(client, "olu", "pw-for-tests"))


def test_lockouts_are_in_the_django_admin(client, olu):
    fail(client, "olu", 5)
    assert AccessAttempt in admin.site._registry
    superuser = type(olu).objects.create_superuser("root-admin", password="x")
    client.force_login(superuser)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "olu" in page.content.decode()


@pytest.mark.django_db
def test_force_login_is_not_throttled(client, olu):
    fail(client, "olu", 5)
    client.force_login(olu)
    assert client.get(HOME).status_code == 200
