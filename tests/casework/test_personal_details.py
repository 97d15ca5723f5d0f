"""Casework holds no names, addresses or dates of birth: the case form refuses the clearest
personal details in notes and holds a save that seems to hold others until confirmed.

Olu is an H&F officer and records casework.
"""

from tests.casework.helpers import HF
from tests.casework.test_case_edit import case_data, errors
from workstreams.models import TransitionCase

COUNCIL_EXAMPLE = "John Smith, 12 Acacia Avenue, DOB 3/4/2008, phone 07700 900123"


def test_notes_with_a_date_of_birth_and_a_phone_number_are_refused(client_for, olu, hf):
    response = client_for(olu).post(HF + "cases/add/", case_data(hf, notes=COUNCIL_EXAMPLE))
    assert errors(response) == [
        "Remove a phone number (07700 900123) and a date of birth (DOB 3/4/2008) from the "
        "notes: casework must not hold personal details. Use the case reference."
    ]
    assert not TransitionCase.objects.filter(authority=hf, reference="PFA-0999").exists()


def test_a_refused_detail_cannot_be_confirmed_away(client_for, olu, hf):
    data = case_data(hf, notes="Mum: jo@example.com", confirm_no_personal_details="on")
    response = client_for(olu).post(HF + "cases/add/", data)
    assert response.status_code == 200
    assert not TransitionCase.objects.filter(authority=hf, reference="PFA-0999").exists()


def test_a_postcode_holds_the_save_until_the_officer_confirms(client_for, olu, hf):
    client = client_for(olu)
    notes = "Moving to supported living near W6 9JU"
    response = client.post(HF + "cases/add/", case_data(hf, notes=notes))
    body = response.content.decode()
    assert errors(response) == [
        "The notes may hold a postcode (W6 9JU). Remove it, or tick the box below the notes "
        "to confirm that they hold no personal details"
    ]
    assert 'id="personal-details-warning"' in body
    assert "I have checked: these notes hold no personal details" in body
    assert not TransitionCase.objects.filter(authority=hf, reference="PFA-0999").exists()

    data = case_data(hf, notes=notes, confirm_no_personal_details="on")
    assert client.post(HF + "cases/add/", data).status_code == 302
    assert TransitionCase.objects.get(authority=hf, reference="PFA-0999").notes == notes


def test_ordinary_notes_save_without_the_checkbox(client_for, olu, hf):
    notes = "Review at 10am on 3/4 with Adult Social Care; EHCP and SEN2 checked for PFA-0033"
    client = client_for(olu)
    assert "I have checked" not in client.get(HF + "cases/add/").content.decode()
    response = client.post(HF + "cases/add/", case_data(hf, notes=notes))
    assert response.status_code == 302
    assert TransitionCase.objects.get(authority=hf, reference="PFA-0999").notes == notes
