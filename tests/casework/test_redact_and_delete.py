"""The programme lead takes personal details out of a case's history, and deletes a case;
the fact of each is kept, the text is not.

Olu is an H&F officer; Ade is the H&F programme lead; Fay is H&F finance.
"""

import re

import pytest
from django.utils import timezone

from hnb_monitor.choices import ROLE_CAPABILITIES, Capability, Role
from tests.casework.helpers import HF, hf_case
from tests.casework.test_case_edit import case_data
from workstreams.models import CaseDeletion, CaseRedaction, TransitionCase

PERSONAL = "Lives near W6 9JU with his aunt"


@pytest.fixture
def replaced(client_for, olu, hf):
    """A case whose notes held a postcode, confirmed by mistake, kept through a second
    save, then replaced: two history entries hold the postcode."""
    client = client_for(olu)
    data = case_data(hf, notes=PERSONAL, confirm_no_personal_details="on")
    assert client.post(HF + "cases/add/", data).status_code == 302
    case = TransitionCase.objects.get(authority=hf, reference="PFA-0999")
    data.update(version=case.version, **{"next_review_on_day": 2})
    assert client.post(f"{HF}cases/{case.pk}/edit/", data).status_code == 302
    case.refresh_from_db()
    data = case_data(hf, notes="Referred to Adult Social Care", version=case.version)
    assert client.post(f"{HF}cases/{case.pk}/edit/", data).status_code == 302
    return TransitionCase.objects.get(pk=case.pk)


def history_notes(case_pk) -> list[str]:
    return list(
        TransitionCase.history.filter(id=case_pk)
        .order_by("history_date")
        .values_list("notes", flat=True)
    )


def test_only_the_programme_lead_may_redact_and_delete():
    holders = {
        role
        for role, capabilities in ROLE_CAPABILITIES.items()
        if Capability.REDACT_CASEWORK in capabilities
    }
    assert holders == {Role.PROGRAMME_LEAD}


def test_replaced_notes_stay_readable_in_the_history(client_for, ade, replaced):
    # Which is why they need redacting.
    body = client_for(ade).get(f"{HF}cases/{replaced.pk}/").content.decode()
    assert PERSONAL in body


def test_the_programme_lead_redacts_a_history_entry(client_for, ade, replaced):
    client = client_for(ade)
    detail = client.get(f"{HF}cases/{replaced.pk}/")
    kept = {kept.text: kept.history_id for kept in detail.context["kept_notes"]}
    url = f"{HF}cases/{replaced.pk}/history/{kept[PERSONAL]}/redact/"
    assert url in detail.content.decode()
    assert PERSONAL in client.get(url).content.decode()

    response = client.post(url, {"reason": "personal details"})
    assert response.status_code == 302
    shown = f"Redacted by ade on {timezone.localdate():%-d %B %Y}: personal details"
    assert PERSONAL not in history_notes(replaced.pk)
    assert history_notes(replaced.pk).count(shown) == 2  # both entries that held it
    redaction = CaseRedaction.objects.get(case=replaced)
    assert (redaction.redacted_by, redaction.reason, redaction.shown) == (
        ade,
        "personal details",
        shown,
    )
    body = client.get(f"{HF}cases/{replaced.pk}/").content.decode()
    assert PERSONAL not in body and shown in body
    assert hf_case("PFA-0999").notes == "Referred to Adult Social Care"


def test_redacting_the_current_notes_clears_them_with_the_reason(client_for, ade, hf):
    case, other = TransitionCase.objects.filter(authority=hf).exclude(notes="")[:2]
    assert case.notes == other.notes  # the demo's notes, shared by several cases
    client = client_for(ade)
    record = case.history.latest("history_date")
    response = client.post(
        f"{HF}cases/{case.pk}/history/{record.history_id}/redact/", {"reason": "personal details"}
    )
    assert response.status_code == 302
    assert TransitionCase.objects.get(pk=case.pk).notes == ""
    assert TransitionCase.objects.get(pk=other.pk).notes == other.notes
    assert other.notes in history_notes(other.pk)
    assert all(not notes or notes.startswith("Redacted by ade") for notes in history_notes(case.pk))
    body = client.get(f"{HF}cases/{case.pk}/").content.decode()
    assert "Notes redacted: personal details" in body


def test_a_reason_is_needed_and_holds_no_personal_details(client_for, ade, replaced):
    client = client_for(ade)
    record = replaced.history.get(notes=PERSONAL, history_type="+")
    url = f"{HF}cases/{replaced.pk}/history/{record.history_id}/redact/"
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    body = client.post(url, {"reason": "his phone 07700 900123"}).content.decode()
    assert "must not hold personal details" in body
    assert PERSONAL in history_notes(replaced.pk)


def test_an_officer_may_neither_redact_nor_delete(client_for, olu, fay, replaced):
    record = replaced.history.get(notes=PERSONAL, history_type="+")
    for user in (olu, fay):
        client = client_for(user)
        redact = f"{HF}cases/{replaced.pk}/history/{record.history_id}/redact/"
        assert client.get(redact).status_code == 403
        assert client.post(redact, {"reason": "personal details"}).status_code == 403
        delete = f"{HF}cases/{replaced.pk}/delete/"
        assert client.get(delete).status_code == 403
        assert client.post(delete, {"reason": "duplicate"}).status_code == 403
        assert "Delete this case" not in client.get(f"{HF}cases/{replaced.pk}/").content.decode()
    assert TransitionCase.objects.filter(pk=replaced.pk).exists()
    assert PERSONAL in history_notes(replaced.pk)


def test_the_programme_lead_deletes_a_case_after_confirming(client_for, ade, replaced, hf):
    client = client_for(ade)
    url = f"{HF}cases/{replaced.pk}/delete/"
    assert url in client.get(f"{HF}cases/{replaced.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert "Are you sure you want to delete case PFA-0999?" in page
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    assert TransitionCase.objects.filter(pk=replaced.pk).exists()

    response = client.post(url, {"reason": "Entered in error"})
    assert response.status_code == 302 and response["Location"] == f"{HF}cases/"
    assert not TransitionCase.objects.filter(pk=replaced.pk).exists()
    listing = client.get(f"{HF}cases/?reference=PFA-0999").content.decode()
    assert not re.search(r">\s*PFA-0999\s*<", listing)
    assert client.get(f"{HF}cases/{replaced.pk}/").status_code == 404

    deletion = CaseDeletion.objects.get(authority=hf, reference="PFA-0999")
    assert (deletion.deleted_by, deletion.reason) == (ade, "Entered in error")
    assert deletion.deleted_at is not None
    # The case's history keeps its dates and statuses, but none of its notes.
    assert set(history_notes(replaced.pk)) == {""}
    deleted = TransitionCase.history.get(id=replaced.pk, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (
        ade,
        "Deleted: Entered in error",
    )
