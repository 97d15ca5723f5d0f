"""Demo data of the authorities layer, read from fixtures/demo/.

Every loader writes through `upsert`, which saves only what differs, so loading twice
changes nothing (not even the change history).
"""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from hnb_monitor.choices import PeriodStatus, Role
from hnb_monitor.locking import model_update
from hnb_monitor.models import (
    Authority,
    FinancialYear,
    Membership,
    ReportingPeriod,
    parse_period_code,
)

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_AUTHORITY = "hammersmith-fulham"
DEMO_USERS = [
    # username, first name, last name, role in H&F
    ("demo-officer", "Olu", "Okafor", Role.OFFICER),
    ("demo-finance", "Fay", "Fernandes", Role.FINANCE),
    ("demo-admin", "Ade", "Adeyemi", Role.PROGRAMME_LEAD),
    ("demo-forum", "Sam", "Naismith", Role.FORUM_MEMBER),
]


class Tally(dict):
    def count(self, outcome: str) -> None:
        self[outcome] = self.get(outcome, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.items())) or "nothing"


def read_fixture(name: str) -> dict:
    with open(DEMO_DIR / name, encoding="utf-8") as f:
        return json.load(f)


def upsert(model: type[models.Model], tally: Tally, lookup: dict, values: dict | None = None):
    values = values or {}
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        tally.count("created")
        return model.objects.create(**lookup, **values)
    if model_update(instance=instance, data=values):
        tally.count("updated")
    else:
        tally.count("unchanged")
    return instance


def load_authorities(tally: Tally) -> None:
    data = read_fixture("authorities.json")
    years = {
        start: upsert(FinancialYear, tally, {"start_year": start})
        for start in data["financial_years"]
    }
    for entry in data["authorities"]:
        authority = upsert(
            Authority,
            tally,
            {"slug": entry["slug"]},
            {"name": entry["name"], "la_code": entry["la_code"]},
        )
        for period in entry["periods"]:
            start_year, quarter = parse_period_code(period["code"])
            # Created open so that their returns can be written; finish_periods()
            # then gives each its status (a signed-off period refuses writes).
            upsert(
                ReportingPeriod,
                tally,
                {"authority": authority, "financial_year": years[start_year], "quarter": quarter},
            )


def finish_periods(tally: Tally) -> None:
    for entry in read_fixture("authorities.json")["authorities"]:
        for period in entry["periods"]:
            current = period_for(entry["slug"], period["code"])
            if current.status == PeriodStatus.PUBLISHED:
                continue  # a published quarter's paper is a frozen record
            upsert(ReportingPeriod, tally, {"id": current.id}, {"status": period["status"]})


def period_for(authority_slug: str, code: str) -> ReportingPeriod:
    return ReportingPeriod.objects.with_code(code).get(authority__slug=authority_slug)


def load_users(tally: Tally, password: str | None) -> list[tuple[str, str, str]]:
    """Create the demo users; returns (username, role, password or note) to print."""
    User = get_user_model()
    authority = Authority.objects.get(slug=DEMO_AUTHORITY)
    generated = password or secrets.token_urlsafe(12)
    logins = []
    for username, first, last, role in DEMO_USERS:
        is_admin = role == Role.PROGRAMME_LEAD
        user = upsert(
            User,
            tally,
            {"username": username},
            {
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            note = password
        elif not user.password or not user.has_usable_password():
            user.set_password(generated)
            user.save(update_fields=["password"])
            note = generated
        else:
            note = password or "(unchanged: pass --password to set one)"
        upsert(Membership, tally, {"user": user, "authority": authority}, {"role": role})
        logins.append((username, Role(role).label, note))
    return logins
