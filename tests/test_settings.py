"""Production settings: check --deploy clean, and no start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env):
    excluded = {"DEBUG", "SECRET_KEY", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in excluded}
    # Production needs the service's address for the links in e-mails; a test that is
    # about it leaves it out by passing SITE_URL="".
    env = {"SITE_URL": "https://hnb.example.gov.uk", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "hnb_monitor.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_warnings_with_production_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "false",
            "SECRET_KEY": "k7#Qz9!vLr2@pX8$wN4^tB6&yH1*eM3(uJ5)oC0-aS2+dF9=gK",
            "ALLOWED_HOSTS": "hnb.example.gov.uk",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = manage("check", env={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_site_url_stops_start_up_with_a_clear_message():
    secret = "k7#Qz9!vLr2@pX8$wN4^tB6&yH1*eM3(uJ5)oC0"
    result = manage("check", env={"DEBUG": "false", "SECRET_KEY": secret, "SITE_URL": ""})
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def proxy_header(env) -> str:
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        env={"DEBUG": "false", "SECRET_KEY": "k7#Qz9!vLr2@pX8$wN4^tB6&yH1*eM3(uJ5)oC0", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_x_forwarded_proto_is_trusted_only_behind_a_proxy():
    assert proxy_header({}) == "None"
    assert proxy_header({"BEHIND_PROXY": "false"}) == "None"
    assert proxy_header({"BEHIND_PROXY": "true"}) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_a_request_that_says_it_came_over_https_is_not_believed_without_a_proxy():
    from django.test import RequestFactory, override_settings

    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert not request.is_secure()
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert request.is_secure()
