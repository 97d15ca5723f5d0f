"""Adding and changing a case: validation, its history, and two people saving at once.

Olu is an H&F officer and records casework; Fay is H&F finance.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.casework.helpers import HF
from workstreams.models import Cohort, Pathway, TransitionCase


def date_fields(name: str, day) -> dict:
    if isinstance(day, datetime.date):
        day = (day.day, day.month, day.year)
    return {f"{name}_day": day[0], f"{name}_month": day[1], f"{name}_year": day[2]}


def case_data(hf, **changes) -> dict:
    data = {
        "reference": "PFA-0999",
        "cohort": Cohort.objects.get(authority=hf, order=2).pk,
        "pathway": Pathway.objects.get(authority=hf, name="Social care provision").pk,
        "status": "ongoing",
        **date_fields("identified_on", (12, 9, 2024)),
        **date_fields("target_transition_on", (31, 7, 2026)),
        **date_fields("transitioned_on", ("", "", "")),
        **date_fields("phase_transfer_review_on", ("", "", "")),
        **date_fields("next_review_on", (1, 12, 2026)),
        "team_leader": "",
        "notes": "Referred to Adult Social Care",
        "version": "0",
    }
    for name, value in changes.items():
        if name.endswith("_on"):
            data.update(date_fields(name, value))
        else:
            data[name] = value
    return data


def errors(response) -> list[str]:
    """The messages of the error summary, in order."""
    body = response.content.decode()
    assert response.status_code == 200
    start = body.index("govuk-error-summary__list")
    summary = body[start : body.index("</ul>", start)]
    return [" ".join(m.split()) for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)]


def test_an_officer_adds_a_case_and_it_is_kept_with_who_and_when(client_for, olu, hf):
    response = client_for(olu).post(HF + "cases/add/", case_data(hf, team_leader=olu.pk))
    case = TransitionCase.objects.get(authority=hf, reference="PFA-0999")
    assert response.status_code == 302
    assert response["Location"] == f"{HF}cases/{case.pk}/"
    assert (case.status, case.identified_on, case.target_transition_on, case.team_leader) == (
        "ongoing",
        datetime.date(2024, 9, 12),
        datetime.date(2026, 7, 31),
        olu,
    )
    assert case.phase_transfer_deadline == datetime.date(2026, 2, 15)
    record = case.history.get()
    assert (record.history_type, record.history_user) == ("+", olu)


def test_changes_show_on_the_case_page_with_who_when_old_and_new(client_for, olu, fay, hf):
    client_for(olu).post(HF + "cases/add/", case_data(hf))
    case = TransitionCase.objects.get(reference="PFA-0999")
    client = client_for(fay)
    response = client.post(
        HF + f"cases/{case.pk}/edit/",
        case_data(
            hf,
            status="transitioned",
            transitioned_on=(3, 3, 2025),
            pathway=Pathway.objects.get(authority=hf, name="Other").pk,
            team_leader=olu.pk,
            post_16_move="on",
            version="1",
        ),
    )
    assert response.status_code == 302
    body = client.get(HF + f"cases/{case.pk}/").content.decode()
    rows = [" ".join(row.split()) for row in body.split('<tr class="govuk-table__row">')[1:]]
    text = " | ".join(rows)
    for expected in [
        'fay</td><td class="govuk-table__cell">Status</td><td class="govuk-table__cell">'
        'Casework ongoing</td><td class="govuk-table__cell">Transitioned</td>',
        'Date transitioned</td><td class="govuk-table__cell">–</td>'
        '<td class="govuk-table__cell">3 March 2025</td>',
        'Pathway</td><td class="govuk-table__cell">Social care provision</td>'
        '<td class="govuk-table__cell">Other</td>',
        'Responsible team leader</td><td class="govuk-table__cell">–</td>'
        '<td class="govuk-table__cell">olu</td>',
        "Moving from secondary school to a post-16 institution</td>"
        '<td class="govuk-table__cell">No</td><td class="govuk-table__cell">Yes</td>',
        'olu</td><td class="govuk-table__cell">Created</td>',
    ]:
        assert expected in text, expected
    assert "Version" not in text
    assert case.history.count() == 2
    assert case.history.latest("history_date").history_user == fay


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"identified_on": ("", "", "")},
            "identified_on",
            "Enter the date identified for transition",
        ),
        (
            {"identified_on": (31, 2, 2024)},
            "identified_on",
            "Date identified for transition must be a real date",
        ),
        (
            {"identified_on": (12, "", 2024)},
            "identified_on",
            "Date identified for transition must include a month",
        ),
        (
            {"identified_on": ("", "", 2024)},
            "identified_on",
            "Date identified for transition must include a day and a month",
        ),
        ({"identified_on": (12, 9, 24)}, "identified_on", "Year must include 4 numbers"),
        (
            {"next_review_on": ("x", 9, 2026)},
            "next_review_on",
            "Next review date must be a real date",
        ),
        (
            {"status": "transitioned"},
            "transitioned_on",
            "Enter the date transitioned, as the status is Transitioned",
        ),
        (
            {"status": "transitioned", "transitioned_on": (11, 9, 2024)},
            "transitioned_on",
            "Date transitioned must be the same as or after the date identified",
        ),
        (
            {"transitioned_on": (1, 10, 2024)},
            "transitioned_on",
            "Leave the date transitioned blank unless the status is Transitioned",
        ),
        (
            {"target_transition_on": (1, 1, 2024)},
            "target_transition_on",
            "Target transition date must be the same as or after the date identified",
        ),
        (
            {"reference": "John Smith"},
            "reference",
            "Case reference must contain only letters, numbers, hyphens and slashes, with no "
            "spaces",
        ),
        ({"reference": ""}, "reference", "Enter the case reference"),
        ({"cohort": ""}, "cohort", "Choose a cohort"),
        (
            {"reference": "JohnSmith"},
            "reference",
            "Case reference must include a number, like PFA-0123: do not enter a name",
        ),
        (
            {"reference": "JS-12/03/2006"},
            "reference",
            "Case reference must not contain a date: do not enter a date of birth",
        ),
        ({"reference": "PFA-0001"}, "reference", "A case with this reference already exists"),
        (
            {"reference": "P" * 31},
            "reference",
            "Ensure this value has at most 30 characters (it has 31).",
        ),
    ],
)
def test_validation_messages(client_for, olu, hf, changes, field, message):
    response = client_for(olu).post(HF + "cases/add/", case_data(hf, **changes))
    assert message in errors(response)
    body = response.content.decode()
    by_the_field = f'<span class="govuk-visually-hidden">Error:</span> {message}'
    assert by_the_field.replace("'", "&#x27;") in body
    assert "<title>Error: " in body
    anchor = f"#id_{field}_0" if field.endswith("_on") else f"#id_{field}"
    assert f'href="{anchor}"' in body
    assert not TransitionCase.objects.filter(reference="PFA-0999").exists()


def test_a_future_transitioned_date_is_refused(client_for, olu, hf):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(olu).post(
        HF + "cases/add/", case_data(hf, status="transitioned", transitioned_on=tomorrow)
    )
    assert "Date transitioned must be today or in the past" in errors(response)


def test_bad_dates_are_kept_in_the_boxes_to_correct(client_for, olu, hf):
    response = client_for(olu).post(HF + "cases/add/", case_data(hf, identified_on=(31, 2, 2024)))
    body = response.content.decode()
    assert 'name="identified_on_day" type="text" inputmode="numeric" value="31"' in body
    assert "govuk-date-input__input govuk-input--width-2 govuk-input--error" in body


def test_a_second_save_from_an_old_version_is_refused_not_lost(client_for, olu, fay, hf):
    case = TransitionCase.objects.get(authority=hf, reference="PFA-0033")
    version = case.version
    mine = case_data(hf, reference="PFA-0033", notes="Olu's note", version=str(version))
    theirs = case_data(hf, reference="PFA-0033", notes="Fay's note", version=str(version))
    assert client_for(fay).post(HF + f"cases/{case.pk}/edit/", theirs).status_code == 302
    response = client_for(olu).post(HF + f"cases/{case.pk}/edit/", mine)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this case while you were editing it" in body
    assert "Fay&#x27;s note" in body  # theirs, shown to compare
    assert "Olu&#x27;s note</textarea>" in body  # yours, still in the form
    case.refresh_from_db()
    assert case.notes == "Fay's note"
    # Saving again, now from the current version, replaces theirs with Olu's.
    mine["version"] = str(case.version)
    assert client_for(olu).post(HF + f"cases/{case.pk}/edit/", mine).status_code == 302
    case.refresh_from_db()
    assert case.notes == "Olu's note"
    assert case.history.filter(notes="Fay's note").exists()


def test_the_edit_form_shows_the_case_in_gov_uk_date_boxes(client_for, olu, hf):
    case = TransitionCase.objects.get(authority=hf, reference="PFA-0001")
    body = client_for(olu).get(HF + f"cases/{case.pk}/edit/").content.decode()
    day = case.identified_on
    assert f'name="identified_on_day" type="text" inputmode="numeric" value="{day.day}"' in body
    assert f'name="identified_on_year" type="text" inputmode="numeric" value="{day.year}"' in body
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date identified' in body
    )
    assert "Do not enter names, addresses or dates of birth" in body


def test_a_case_cannot_use_another_authoritys_cohort(hf, cambs):
    from django.core.exceptions import ValidationError

    case = TransitionCase.objects.get(authority=hf, reference="PFA-0001")
    case.cohort = Cohort.objects.create(authority=cambs, name="Year 14")
    case.pathway = Pathway.objects.filter(authority=cambs).first()
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert error.value.message_dict == {
        "cohort": ["Choose a cohort of Hammersmith & Fulham"],
        "pathway": ["Choose a pathway of Hammersmith & Fulham"],
    }
