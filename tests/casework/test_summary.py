"""The casework summary: the seed's figures, counts only, small numbers suppressed.

Sam, a Schools Forum member, reads it; Carl is Cambridgeshire finance.
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from hnb_monitor import plain
from hnb_monitor.choices import Audience
from hnb_monitor.models import Authority
from tests.casework.helpers import HF, build_cases, tables_of
from tests.conftest import make_member
from workstreams.casework.selectors import CaseworkSummary, PublishedCount, casework_summary
from workstreams.choices import TransitionStatus
from workstreams.models import CaseworkSettings, Cohort, Pathway, TransitionCase

# --- The seed's figures -----------------------------------------------------------------


def test_the_demo_reproduces_seed_000(client_for, sam):
    """30 identified for transition by July 2022 (22 transitioned, 8 ongoing) and 28 pending
    annual review and a pathway (7 transitioned, 21 ongoing): 58, 29 and 29."""
    tables = tables_of(client_for(sam).get(HF))
    cohort = tables["Cases by cohort and status"]
    assert cohort == [
        ["Cohort", "Identified", "Casework ongoing", "Transitioned", "Ceased", "All cases"],
        ["Identified for transition by July 2022", "0", "8", "22", "0", "30"],
        ["Pending annual review and an identified pathway", "0", "21", "7", "0", "28"],
        ["Total", "0", "29", "29", "0", "58"],
    ]
    pathway = tables["Cases by pathway and status"]
    named = [
        "Employment / work-based opportunities",
        "Social care provision",
        "CHC (continuing health care) provision",
        "Higher education (university / level 4 and above)",
    ]
    rows = {row[0]: row[1:] for row in pathway[1:]}
    assert all(int(rows[name][-1]) > 0 for name in named)  # spread over the four
    assert rows["Total"] == ["0", "29", "29", "0", "58"]
    months = tables["Young people who transitioned, by month"]
    assert months[-1] == ["Total", "29"]
    assert sum(int(row[1]) for row in months[1:-1]) == 29
    ehcp = tables["EHC plans issued within 20 weeks, by calendar year of issue"]
    # Seed 000: "Our performance year to date is 86.7%" (2023).
    assert ehcp[2] == ["2023", "15", "13", "86.7%", "13", "12", "92.3%"]


def test_loading_the_demo_twice_changes_no_case(demo):
    from django.core.management import call_command

    before = list(TransitionCase.history.values_list("history_id", flat=True))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert list(TransitionCase.history.values_list("history_id", flat=True)) == before


# --- Small numbers ----------------------------------------------------------------------


def test_a_threshold_shows_small_counts_as_fewer_than_it(client_for, sam, hf):
    CaseworkSettings.objects.filter(authority=hf).update(small_number_threshold=5)
    tables = tables_of(client_for(sam).get(HF))
    cohort = tables["Cases by cohort and status"]
    assert cohort[1] == [
        "Identified for transition by July 2022",
        "fewer than 5",
        "8",
        "22",
        "fewer than 5",
        "30",
    ]
    assert cohort[3] == ["Total", "fewer than 5", "29", "29", "fewer than 5", "58"]
    for row in tables["Cases by pathway and status"][1:]:
        for cell in row[1:]:
            assert cell in {"fewer than 5", "withheld"} or int(cell) >= 5, row
    body = client_for(sam).get(HF).content.decode()
    assert "Counts under 5 are shown as “fewer than 5”" in body


def test_without_a_threshold_small_counts_are_published(client_for, sam):
    tables = tables_of(client_for(sam).get(HF))
    pathway = {row[0]: row for row in tables["Cases by pathway and status"]}
    assert pathway["Further education"][1:] == ["0", "0", "0", "0", "0"]
    assert "fewer than" not in str(tables)


def test_secondary_suppression_keeps_totals_from_giving_a_small_count_away(client_for, demo):
    council = Authority.objects.create(name="Smallshire", slug="smallshire", la_code="998")
    CaseworkSettings.objects.create(authority=council, small_number_threshold=5)
    user = make_member("sue", council, "finance")
    cohort = Cohort.objects.create(authority=council, name="Year 14")
    pathway = Pathway.objects.create(authority=council, name="Employment")
    build_cases(council, 3, cohort, pathway, status=TransitionStatus.IDENTIFIED)
    build_cases(council, 8, cohort, pathway, status=TransitionStatus.ONGOING, start=3)
    build_cases(council, 6, cohort, pathway, status=TransitionStatus.TRANSITIONED, start=11)
    build_cases(council, 9, cohort, pathway, status=TransitionStatus.CEASED, start=17)
    tables = tables_of(client_for(user).get("/a/smallshire/casework/"))
    # 3 identified is small; 26 - 8 - 6 - 9 would give it away, so the smallest other
    # count in the row (6) is withheld too, and with it the Transitioned total.
    assert tables["Cases by cohort and status"][1:] == [
        ["Year 14", "fewer than 5", "8", "withheld", "9", "26"],
        ["Total", "fewer than 5", "8", "withheld", "9", "26"],
    ]
    months = tables["Young people who transitioned, by month"]
    assert months[-1] == ["Total", "withheld"]


# --- Past target and deadlines, and an empty summary ------------------------------------


def test_the_summary_counts_cases_past_target_and_deadlines(client_for, sam, hf):
    today = timezone.localdate()
    TransitionCase.objects.filter(authority=hf).update(
        target_transition_on=today + datetime.timedelta(days=500), phase_transfer_review_on=None
    )
    TransitionCase.objects.filter(reference__in=["PFA-0023", "PFA-0029", "PFA-0001"]).update(
        target_transition_on=today - datetime.timedelta(days=400)
    )
    response = client_for(sam).get(HF)
    summary = response.context["summary"]
    # PFA-0001 has transitioned: past its target date but no longer open.
    assert summary.past_target.count == 2
    assert summary.deadline_passed.count == 2
    body = response.content.decode()
    assert re.search(r'id="past-target">\s*2\s*<', body)


def test_transitions_count_in_their_month_and_deadlines_at_risk_apart_from_passed(demo):
    council = Authority.objects.create(name="Dayshire", slug="dayshire", la_code="997")
    cohort = Cohort.objects.create(authority=council, name="Year 14")
    today = datetime.date(2026, 1, 10)  # 12 weeks on: 4 April 2026

    def case(reference, status, **dates):
        TransitionCase.objects.create(
            authority=council,
            reference=reference,
            cohort=cohort,
            status=status,
            identified_on=datetime.date(2024, 9, 1),
            **dates,
        )

    for n, day in enumerate(["2025-11-03", "2025-11-28", "2025-12-01"]):
        moved = datetime.date.fromisoformat(day)
        case(f"M-{n}", TransitionStatus.TRANSITIONED, transitioned_on=moved)
    ongoing = TransitionStatus.ONGOING
    case("D-passed", ongoing, target_transition_on=datetime.date(2025, 7, 31))
    case("D-15-feb", ongoing, target_transition_on=datetime.date(2026, 7, 31))
    case("D-31-mar", ongoing, target_transition_on=datetime.date(2026, 9, 1), post_16_move=True)
    case("D-2027", ongoing, target_transition_on=datetime.date(2027, 7, 31))
    reviewed = datetime.date(2025, 1, 6)
    case(
        "D-reviewed",
        ongoing,
        target_transition_on=datetime.date(2026, 7, 31),
        phase_transfer_review_on=reviewed,
    )
    summary = casework_summary(authority=council, audience=Audience.STAFF, today=today)
    assert [(line.month, line.count.count) for line in summary.months] == [
        (datetime.date(2025, 11, 1), 2),
        (datetime.date(2025, 12, 1), 1),
    ]
    assert summary.transitioned.count == 3
    assert summary.deadline_passed.count == 1
    assert summary.deadline_at_risk.count == 2
    # Open past their target date: the passed one only.
    assert summary.past_target.count == 1


def test_an_authority_without_casework_gets_an_empty_summary(client_for, carl):
    response = client_for(carl).get("/a/cambridgeshire/casework/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "None set up yet." in body and "No transitions recorded yet." in body
    assert "No EHC plans issued have been recorded yet." in body
    assert client_for(carl).get("/a/cambridgeshire/casework/cases/").status_code == 200


# --- The summary as one plain read ------------------------------------------------------


def test_the_summary_read_comes_back_the_same_from_json_and_is_the_same_for_both_audiences(hf):
    today = timezone.localdate()
    for threshold in (None, 5):
        CaseworkSettings.objects.filter(authority=hf).update(small_number_threshold=threshold)
        staff, forum = (
            casework_summary(authority=hf, audience=audience, today=today)
            for audience in (Audience.STAFF, Audience.FORUM)
        )
        assert plain.loads(CaseworkSummary, plain.dumps(staff)) == staff
        assert forum == staff
        assert staff.threshold == threshold and staff.by_cohort.grand_total.count == 58
        # Seed 000's 86.7% (2023); under a threshold of 5 the two late plans it implies
        # are small, so the rate is withheld.
        assert staff.timeliness[-1].label == "2023"
        assert staff.timeliness[-1].rate == (Decimal("86.7") if threshold is None else None)


def test_a_withheld_count_is_not_in_the_read(hf):
    CaseworkSettings.objects.filter(authority=hf).update(small_number_threshold=5)
    summary = casework_summary(authority=hf, audience=Audience.FORUM, today=timezone.localdate())
    first = summary.by_cohort.rows[0]
    assert first.label == "Identified for transition by July 2022"
    assert first.cells[0] == PublishedCount(None, hidden=True, small=True)  # 0 identified
    assert first.cells[1] == PublishedCount(8)
    counts = [cell for row in summary.by_pathway.rows for cell in (*row.cells, row.total)]
    assert any(cell.hidden for cell in counts)
    assert all((cell.count is None) == cell.hidden for cell in counts)
