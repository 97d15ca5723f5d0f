"""Test settings: the real settings with only what tests need changed."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SITE_URL", "https://hnb.example.gov.uk")

from hnb_monitor.settings import *  # noqa: E402,F403

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Pages render without running collectstatic first: production's manifest storage
# refuses any static file that has no manifest entry.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Alerts are sent inline when the transaction commits, so a test sees them in mail.outbox.
ALERTS_SEND_IN_BACKGROUND = False
# Each test process keeps its own cache, emptied before every test (conftest.py). The
# database cache is there too, so a test can run the pages on the production backend.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hnb_cache"},
}
