"""Who did what outlives the account: users on record are deactivated, never deleted.

Olu is an H&F officer who leads the workstreams; Fay is H&F finance and approves the
return; Ade is the programme lead and a superuser here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError

from tests.conftest import build_in_signed_off_q1
from workstreams.models import QuarterlyReturn, SavingsTarget

Q2 = "2023-24-Q2"
User = get_user_model()


@pytest.fixture
def approved(client_for, olu, fay, hf):
    """Olu enters and submits a Q2 return, Fay approves it: both are on record."""
    olu.first_name, olu.last_name = "Olu", "Okafor"
    olu.save()
    fay.first_name, fay.last_name = "Fay", "Fernandes"
    fay.save()
    workstream = build_in_signed_off_q1(hf, workstreams=1, lead=olu)[0]
    client_for(olu).post(
        f"/a/hammersmith-fulham/returns/{workstream.pk}/{Q2}/edit/",
        {
            "delivered_to_date": "£500",
            "forecast_outturn": "1,000",
            "progress_update": "On track",
            "next_steps": "Keep going",
            "version": "0",
            "action": "submit",
        },
    )
    saved = QuarterlyReturn.objects.get(workstream=workstream, period__quarter=2)
    client_for(fay).post(
        f"/a/hammersmith-fulham/returns/{saved.pk}/",
        {"action": "approve", "version": saved.version},
    )
    saved.refresh_from_db()
    assert (saved.status, saved.approved_by, saved.submitted_by) == ("approved", fay, olu)
    return saved


@pytest.fixture
def admin_client(client, ade):
    ade.is_staff = ade.is_superuser = True
    ade.save()
    client.force_login(ade)
    return client


def test_deleting_a_user_who_approved_a_return_is_refused(approved, fay):
    with pytest.raises(ProtectedError), transaction.atomic():
        fay.delete()
    approved.refresh_from_db()
    assert approved.approved_by == fay


def test_deleting_a_user_who_is_only_in_a_history_is_refused(hf, sam, fay):
    # Sam submitted and approved nothing, but changed a target: the history names him.
    target = SavingsTarget.objects.filter(workstream__authority=hf).first()
    target._history_user = sam
    target.save()
    assert target.history.latest().history_user == sam
    with pytest.raises(ProtectedError, match="deactivate the user instead"), transaction.atomic():
        sam.delete()
    assert target.history.latest().history_user == sam


def test_a_user_with_nothing_on_record_can_still_be_deleted(hf):
    mistake = User.objects.create_user("typo-account")
    mistake.delete()
    assert not User.objects.filter(username="typo-account").exists()


def test_deactivating_keeps_the_name_on_the_history_and_the_return(
    approved, olu, fay, admin_client
):
    admin_client.post(
        "/admin/auth/user/",
        {"action": "deactivate", "_selected_action": [fay.pk, olu.pk]},
    )
    fay.refresh_from_db()
    olu.refresh_from_db()
    assert (fay.is_active, olu.is_active) == (False, False)

    # Ade, the programme lead, reads the return and the workstream.
    reader = admin_client
    detail = reader.get(f"/a/hammersmith-fulham/returns/{approved.pk}/").content.decode()
    assert "Fay Fernandes" in detail  # Approved by
    page = reader.get(
        f"/a/hammersmith-fulham/workstreams/{approved.workstream_id}/"
    ).content.decode()
    history = page[page.index("Change history") :]
    assert "Fay Fernandes" in history and "Olu Okafor" in history
    # A deactivated user cannot sign in.
    reader.logout()
    response = reader.post("/accounts/login/", {"username": "fay", "password": "pw-for-tests"})
    assert response.status_code == 200


def test_the_admin_offers_deactivate_and_no_delete_for_a_user_on_record(
    approved, fay, admin_client
):
    listing = admin_client.get("/admin/auth/user/").content.decode()
    assert 'value="deactivate"' in listing
    assert 'value="delete_selected"' not in listing
    assert admin_client.get(f"/admin/auth/user/{fay.pk}/delete/").status_code == 403
    change = admin_client.get(f"/admin/auth/user/{fay.pk}/change/").content.decode()
    assert f"/admin/auth/user/{fay.pk}/delete/" not in change
    assert User.objects.filter(pk=fay.pk).exists()
