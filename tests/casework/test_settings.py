"""The programme lead's casework settings: the small-number threshold, cohorts and pathways."""

from tests.casework.helpers import HF
from workstreams.models import CaseworkSettings, Pathway


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
    assert "Small-number threshold must be 2 or more" in response.content.decode()
    client_for(ade).post(HF + "settings/", {"action": "threshold", "small_number_threshold": ""})
    assert CaseworkSettings.threshold_for(hf) is None
    assert client_for(olu).post(HF + "settings/", {"action": "threshold"}).status_code == 403


def test_the_programme_lead_adds_a_pathway(client_for, ade, hf):
    client = client_for(ade)
    client.post(HF + "settings/", {"action": "pathway", "pathway-name": "Supported internship"})
    assert Pathway.objects.filter(authority=hf, name="Supported internship").exists()
    response = client.post(HF + "settings/", {"action": "pathway", "pathway-name": "other"})
    assert "There is already a pathway called other" in response.content.decode()
