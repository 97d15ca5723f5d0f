"""Demo Preparing for Adulthood casework (fixtures/demo/casework.json).

The fixture gives the seed's counts per cohort, pathway and status; the cases are
derived from it deterministically: references PFA-0001 onwards, and dates that are
fixed where they are history (identified, transitioned, reviewed; seed 000 is as at
June 2023) and counted from the first day of the current month where they look ahead
(next review dates and the targets of the second cohort's open cases), so that the
tracking and deadline pages always have something overdue and something coming up.
Loading twice in the same month changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from hnb_monitor.demo import Tally, read_fixture, upsert
from hnb_monitor.models import Authority
from workstreams.choices import TransitionStatus
from workstreams.models import (
    CaseworkSettings,
    Cohort,
    DemoNotice,
    EHCPlanIssue,
    Pathway,
    TransitionCase,
    Workstream,
)

DAY = datetime.timedelta(days=1)
# Days from the first of the month to each open case's next review, in turn: two in
# eight overdue whatever the day of the month, the rest due over the following weeks.
REVIEW_OFFSETS = [-21, -9, 31, 38, 45, 52, 66, 80]
NOTES = (
    "Joint casework with Adult Social Care. Discussed at the monthly transition tracking meeting."
)


def academic_year_end(day: datetime.date) -> datetime.date:
    """31 July ending the academic year that `day` falls in."""
    return datetime.date(day.year if day.month <= 7 else day.year + 1, 7, 31)


def load_casework(tally: Tally, *, today: datetime.date | None = None) -> None:
    data = read_fixture("casework.json")
    anchor = (today or timezone.localdate()).replace(day=1)
    # Open cases are the demo officer's, when load_demo --with-users has made one.
    team_leader = get_user_model().objects.filter(username="demo-officer").first()
    for slug, entry in data["authorities"].items():
        authority = Authority.objects.get(slug=slug)
        upsert(
            CaseworkSettings,
            tally,
            {"authority": authority},
            {"small_number_threshold": entry.get("small_number_threshold")},
        )
        pathways = {
            name: upsert(Pathway, tally, {"authority": authority, "name": name}, {"order": i})
            for i, name in enumerate(data["pathways"], 1)
        }
        cohorts = {}
        for i, item in enumerate(entry.get("cohorts", []), 1):
            cohorts[item["name"]] = (
                upsert(Cohort, tally, {"authority": authority, "name": item["name"]}, {"order": i}),
                item,
            )
        number = 0
        counters: dict[tuple[str, str], int] = {}
        for group in entry.get("groups", []):
            cohort, dates = cohorts[group["cohort"]]
            statuses = [TransitionStatus.TRANSITIONED] * group["transitioned"] + [
                TransitionStatus.ONGOING
            ] * group["ongoing"]
            for status in statuses:
                number += 1
                reference = f"{entry['reference_prefix']}{number:04d}"
                k = counters[cohort.name, ""] = counters.get((cohort.name, ""), -1) + 1
                n = counters[cohort.name, status] = counters.get((cohort.name, status), -1) + 1
                values = case_values(status, k, n, dates, anchor, cohort=cohort)
                values["team_leader"] = (
                    None if status == TransitionStatus.TRANSITIONED else team_leader
                )
                upsert(
                    TransitionCase,
                    tally,
                    {"authority": authority, "reference": reference},
                    {"pathway": pathways[group["pathway"]], **values},
                )
        load_demo_notices(tally, authority, entry.get("demo_notices", {}))
        for plan in entry.get("ehc_plans", []):
            upsert(
                EHCPlanIssue,
                tally,
                {"authority": authority, "reference": plan["reference"]},
                {
                    "requested_on": datetime.date.fromisoformat(plan["requested"]),
                    "issued_on": datetime.date.fromisoformat(plan["issued"]),
                    "exception": plan["exception"],
                },
            )


def load_demo_notices(tally: Tally, authority: Authority, notices: dict) -> None:
    """Say on the pages which of these figures the demo made up (the paper gives totals)."""
    pages = [(None, notices["casework"])] if "casework" in notices else []
    for name, text in notices.get("workstreams", {}).items():
        pages.append((Workstream.objects.get(authority=authority, name=name), text))
    for workstream, text in pages:
        lookup = {"authority": authority, "workstream": workstream}
        upsert(DemoNotice, tally, lookup, {"text": text})


def case_values(status, k: int, n: int, dates: dict, anchor: datetime.date, *, cohort) -> dict:
    """The k-th case of its cohort, n-th of its status there: spread out, never random."""
    identified = datetime.date.fromisoformat(dates["identified_from"]) + 5 * k * DAY
    values = {
        "cohort": cohort,
        "status": status,
        "identified_on": identified,
        "post_16_move": k % 5 == 2,
        "notes": "",
        "next_review_on": None,
        "transitioned_on": None,
        "phase_transfer_review_on": None,
    }
    if status == TransitionStatus.TRANSITIONED:
        values["target_transition_on"] = datetime.date.fromisoformat(dates["target"])
        values["transitioned_on"] = (
            datetime.date.fromisoformat(dates["transitions_from"]) + 23 * n * DAY
        )
        values["phase_transfer_review_on"] = identified + 30 * DAY
        return values
    if dates["ongoing_target"]:
        # Seed 000: "with the view to transition by the end of this academic year".
        values["target_transition_on"] = datetime.date.fromisoformat(dates["ongoing_target"])
        if n % 2:
            values["phase_transfer_review_on"] = identified + 30 * DAY
    else:
        end = academic_year_end(anchor)
        values["target_transition_on"] = end if n % 2 else end.replace(year=end.year + 1)
    values["next_review_on"] = anchor + REVIEW_OFFSETS[n % len(REVIEW_OFFSETS)] * DAY
    values["notes"] = NOTES if n % 3 == 0 else ""
    return values
