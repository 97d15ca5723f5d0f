"""Preparing for Adulthood casework pages: who sees what, the seed's figures, the small-number
threshold, the tracking and deadline lists, and query counts that do not grow with cases.

Olu (officer), Fay (finance) and Ade (programme lead) see case rows; Sam, a Schools Forum
member, sees the summary's counts and nothing else; Carl is Cambridgeshire finance and
must not learn that H&F's casework pages exist.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hnb_monitor.models import Authority
from tests.conftest import make_member
from workstreams.models import (
    CaseworkSettings,
    Cohort,
    Pathway,
    TransitionCase,
    TransitionStatus,
)

HF = "/a/hammersmith-fulham/casework/"


class Tables(HTMLParser):
    """Every <table> of a page as {caption: [[cell text, ...], ...]}."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] | None = None
        self.caption = self.cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows, self.caption = [], ""
        elif tag == "caption":
            self.cell = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self.cell is not None:
            self.caption, self.cell = " ".join("".join(self.cell).split()), None
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self.tables[self.caption] = self.rows
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables_of(response) -> dict[str, list[list[str]]]:
    assert response.status_code == 200
    return Tables(response.content.decode()).tables


CASE_URLS = [
    "cases/",
    "cases/?status=ongoing",
    "cases/add/",
    "cases/{pk}/",
    "cases/{pk}/edit/",
    "cases/export.csv",
    "cases/export.xlsx",
    "tracking/",
    "deadlines/",
]


def hf_case(reference="PFA-0001") -> TransitionCase:
    return TransitionCase.objects.get(authority__slug="hammersmith-fulham", reference=reference)


# --- Who sees what ----------------------------------------------------------------------


def test_a_forum_member_gets_403_on_every_case_page_and_export(client_for, sam):
    client = client_for(sam)
    pk = hf_case().pk
    for url in CASE_URLS + ["settings/"]:
        path = HF + url.format(pk=pk)
        assert client.get(path).status_code == 403, path
        assert client.post(path, {}).status_code == 403, path


def test_a_forum_member_sees_the_summary_counts_and_no_case_reference(client_for, sam):
    response = client_for(sam).get(HF)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cases by cohort and status" in body
    assert not re.search(r"PFA-\d|EHC-\d", body)
    assert "/casework/cases/" not in body and "Tracking meeting" not in body
    assert "Joint casework" not in body  # no notes either


@pytest.mark.parametrize("username", ["olu", "fay", "ade"])
def test_officers_finance_and_the_programme_lead_see_case_pages(client_for, request, username):
    client = client_for(request.getfixturevalue(username))
    pk = hf_case().pk
    for url in CASE_URLS:
        path = HF + url.format(pk=pk)
        assert client.get(path).status_code == 200, path
    assert client.get(HF + "settings/").status_code == (200 if username == "ade" else 403)


def test_another_authoritys_user_gets_404_on_every_hf_casework_url(client_for, carl):
    client = client_for(carl)
    pk = hf_case().pk
    for url in ["", "settings/", *CASE_URLS]:
        path = HF + url.format(pk=pk)
        assert client.get(path).status_code == 404, path
        assert client.post(path, {}).status_code == 404, path
    # Nor can Carl reach an H&F case through his own authority's pages.
    own = f"/a/cambridgeshire/casework/cases/{pk}/"
    assert client.get(own).status_code == 404
    assert client.get(own + "edit/").status_code == 404


def test_the_navigation_has_casework_for_everyone(client_for, sam):
    body = client_for(sam).get("/a/hammersmith-fulham/").content.decode()
    assert 'href="/a/hammersmith-fulham/casework/"' in body


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


def test_the_programme_lead_sets_the_threshold(client_for, ade, olu, hf):
    response = client_for(ade).post(
        HF + "settings/", {"action": "threshold", "small_number_threshold": "5"}
    )
    assert response.status_code == 302
    assert CaseworkSettings.threshold_for(hf) == 5
    record = CaseworkSettings.history.filter(authority=hf).latest("history_date")
    assert record.history_user.username == "ade"
    response = client_for(ade).post(
        HF + "settings/", {"action": "threshold", "small_number_threshold": "1"}
    )
    assert "Ensure this value is greater than or equal to 2" in response.content.decode()
    client_for(ade).post(HF + "settings/", {"action": "threshold", "small_number_threshold": ""})
    assert CaseworkSettings.threshold_for(hf) is None
    assert client_for(olu).post(HF + "settings/", {"action": "threshold"}).status_code == 403


def test_the_programme_lead_adds_a_pathway(client_for, ade, hf):
    client = client_for(ade)
    client.post(HF + "settings/", {"action": "pathway", "pathway-name": "Supported internship"})
    assert Pathway.objects.filter(authority=hf, name="Supported internship").exists()
    response = client.post(HF + "settings/", {"action": "pathway", "pathway-name": "other"})
    assert "There is already a pathway called other" in response.content.decode()


# --- The list, the tracking meeting and the deadlines -------------------------------------


def test_the_list_filters_by_cohort_pathway_status_team_leader_and_overdue_review(
    client_for, olu, hf
):
    client = client_for(olu)

    def references(query):
        response = client.get(HF + "cases/?" + query)
        return [row.record.reference for row in response.context["table"].page.object_list]

    first = Cohort.objects.get(authority=hf, order=1)
    chc = Pathway.objects.get(authority=hf, name__startswith="CHC")
    assert len(references(f"cohort={first.pk}&status=ongoing")) == 8
    assert len(references(f"cohort={first.pk}&status=transitioned")) == 22
    assert len(references(f"pathway={chc.pk}")) == 11
    today = timezone.localdate()
    TransitionCase.objects.filter(authority=hf).update(next_review_on=today)
    TransitionCase.objects.filter(reference__in=["PFA-0030", "PFA-0040"]).update(
        next_review_on=today - datetime.timedelta(days=1)
    )
    # PFA-0040 has transitioned: a past review date is not overdue then.
    assert references("review=overdue") == ["PFA-0030"]
    TransitionCase.objects.filter(reference="PFA-0031").update(team_leader=olu)
    TransitionCase.objects.exclude(reference="PFA-0031").update(team_leader=None)
    assert references(f"team_leader={olu.pk}") == ["PFA-0031"]
    assert len(references("reference=pfa-000")) == 9


def test_the_list_pages_by_50_and_sorts(client_for, olu):
    client = client_for(olu)
    response = client.get(HF + "cases/")
    table = response.context["table"]
    assert (table.paginator.count, len(table.page.object_list)) == (58, 50)
    body = response.content.decode()
    assert 'class="govuk-pagination"' in body and 'aria-label="Page 2"' in body
    assert "<strong>58</strong> cases" in body
    response = client.get(HF + "cases/?sort=-reference&page=2")
    assert [row.record.reference for row in response.context["table"].page.object_list] == [
        f"PFA-{n:04d}" for n in range(8, 0, -1)
    ]
    response = client.get(HF + "cases/?sort=next_review_on")
    reviews = [r.record.next_review_on for r in response.context["table"].page.object_list]
    dated = [r for r in reviews if r]
    assert dated == sorted(dated)


def test_the_tracking_list_shows_open_cases_due_by_a_date(client_for, olu, hf):
    today = timezone.localdate()
    TransitionCase.objects.filter(authority=hf).update(next_review_on=None)
    due = {
        "PFA-0023": today - datetime.timedelta(days=3),
        "PFA-0029": today + datetime.timedelta(days=20),
        "PFA-0030": today + datetime.timedelta(days=40),
        "PFA-0001": today,  # transitioned: not discussed
    }
    for reference, date in due.items():
        TransitionCase.objects.filter(reference=reference).update(next_review_on=date)
    client = client_for(olu)
    response = client.get(HF + "tracking/")
    assert [case.reference for case in response.context["cases"]] == ["PFA-0023", "PFA-0029"]
    body = response.content.decode()
    assert "Overdue" in body and "Print this page" in body
    later = today + datetime.timedelta(days=40)
    response = client.get(
        HF + f"tracking/?by_day={later.day}&by_month={later.month}&by_year={later.year}"
    )
    assert [case.reference for case in response.context["cases"]] == [
        "PFA-0023",
        "PFA-0029",
        "PFA-0030",
    ]
    assert f"reviews due by {later:%-d %B %Y}" in response.content.decode()
    response = client.get(HF + "tracking/?by_day=31&by_month=2&by_year=2027")
    assert "Reviews due by must be a real date" in response.content.decode()
    TransitionCase.objects.filter(authority=hf).update(team_leader=None)
    TransitionCase.objects.filter(reference="PFA-0029").update(team_leader=olu)
    response = client.get(HF + f"tracking/?team_leader={olu.pk}")
    assert [case.reference for case in response.context["cases"]] == ["PFA-0029"]


def test_the_deadline_page_lists_cases_at_risk(client_for, olu, hf):
    today = timezone.localdate()
    TransitionCase.objects.filter(authority=hf).update(phase_transfer_review_on=today)
    # Open cases without a review: one whose deadline passed two years ago, one due on
    # 15 February next year (within the warning period or not, depending on today).
    TransitionCase.objects.filter(reference="PFA-0023").update(
        phase_transfer_review_on=None,
        target_transition_on=datetime.date(today.year - 2, 7, 31),
        post_16_move=False,
    )
    TransitionCase.objects.filter(reference="PFA-0029").update(
        phase_transfer_review_on=None,
        target_transition_on=datetime.date(today.year + 1, 7, 31),
        post_16_move=False,
    )
    next_deadline = datetime.date(today.year + 1, 2, 15)
    client = client_for(olu)
    for weeks in (4, 26):
        response = client.get(HF + f"deadlines/?weeks={weeks}")
        table = response.context["table"]
        references = [row.record.reference for row in table.page.object_list]
        within = next_deadline <= today + datetime.timedelta(weeks=weeks)
        assert references == ["PFA-0023", "PFA-0029"] if within else ["PFA-0023"]
    body = response.content.decode()
    assert f"15 Feb {today.year - 2}" in body and "Deadline passed" in body


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


# --- Query counts -----------------------------------------------------------------------


def build_cases(authority, n, cohort, pathway, *, status=None, start=0, team_leader=None):
    statuses = [
        TransitionStatus.IDENTIFIED,
        TransitionStatus.ONGOING,
        TransitionStatus.TRANSITIONED,
        TransitionStatus.CEASED,
    ]
    first = datetime.date(2021, 9, 1)
    cases = []
    for i in range(start, start + n):
        this = status or statuses[i % 4]
        cases.append(
            TransitionCase(
                authority=authority,
                reference=f"T-{i:05d}",
                cohort=cohort[i % len(cohort)] if isinstance(cohort, list) else cohort,
                pathway=pathway[i % len(pathway)] if isinstance(pathway, list) else pathway,
                status=this,
                identified_on=first + datetime.timedelta(days=i % 300),
                target_transition_on=datetime.date(2023 + i % 5, 7, 31),
                transitioned_on=(
                    first + datetime.timedelta(days=300 + i % 700)
                    if this == TransitionStatus.TRANSITIONED
                    else None
                ),
                post_16_move=i % 7 == 0,
                team_leader=team_leader,
                next_review_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400),
                notes="Notes" if i % 3 else "",
            )
        )
    TransitionCase.objects.bulk_create(cases, batch_size=2_000)


@pytest.mark.parametrize(
    "page", ["", "cases/", "cases/?sort=-next_review_on&status=ongoing&review=overdue"]
)
def test_query_counts_do_not_grow_with_cases(client_for, demo, page):
    council = Authority.objects.create(name="Testshire", slug="testshire", la_code="999")
    CaseworkSettings.objects.create(authority=council, small_number_threshold=5)
    user = make_member("lee", council, "finance")
    cohorts = [Cohort.objects.create(authority=council, name=f"Cohort {i}") for i in range(3)]
    pathways = [Pathway.objects.create(authority=council, name=f"Pathway {i}") for i in range(5)]
    client = client_for(user)
    counts = []
    for size in (50, 5_000):
        TransitionCase.objects.filter(authority=council).delete()
        build_cases(council, size, cohorts, pathways, team_leader=user)
        url = f"/a/testshire/casework/{page}"
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts


def test_an_authority_without_casework_gets_an_empty_summary(client_for, carl):
    response = client_for(carl).get("/a/cambridgeshire/casework/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "None set up yet." in body and "No transitions recorded yet." in body
    assert "No EHC plans issued have been recorded yet." in body
    assert client_for(carl).get("/a/cambridgeshire/casework/cases/").status_code == 200
