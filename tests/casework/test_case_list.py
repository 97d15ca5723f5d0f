"""The case list: filtered, paged by 50 and sorted in the database."""

import datetime

from django.utils import timezone

from tests.casework.helpers import HF
from workstreams.choices import TransitionStatus
from workstreams.models import Cohort, Pathway, TransitionCase


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


def test_each_status_has_one_tag_colour_on_the_list_and_on_the_case_page(client_for, olu, hf):
    client = client_for(olu)
    expected = {
        "identified": "grey",
        "ongoing": "blue",
        "transitioned": "green",
        "ceased": "yellow",
    }
    assert {status.value: status.tag_colour for status in TransitionStatus} == expected
    references = {"identified": "PFA-0023", "ongoing": "PFA-0029", "ceased": "PFA-0030"}
    for status, reference in references.items():
        TransitionCase.objects.filter(authority=hf, reference=reference).update(status=status)
    references["transitioned"] = "PFA-0001"
    for status, reference in references.items():
        case = TransitionCase.objects.get(authority=hf, reference=reference)
        tag = (
            f'<strong class="govuk-tag govuk-tag--{expected[status]}">'
            f"{TransitionStatus(status).label}</strong>"
        )
        assert tag in client.get(HF + f"cases/?reference={reference}").content.decode()
        assert tag in client.get(HF + f"cases/{case.pk}/").content.decode()


def test_the_page_size_asked_for_in_the_address_has_a_ceiling(client_for, olu):
    """?per_page= is django-tables2's: a reader may ask for fewer rows, never for all of a
    large authority's cases on one page."""
    client = client_for(olu)
    sizes = {
        asked: client.get(HF + f"cases/?per_page={asked}").context["table"].paginator.per_page
        for asked in ("5", "100000", "0", "-3")
    }
    assert sizes == {"5": 5, "100000": 100, "0": 1, "-3": 1}
