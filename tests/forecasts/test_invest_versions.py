"""Two people editing one invest-to-transform activity: the second is told, not lost."""

from forecasts.models import InvestToTransform
from tests.conftest import make_member


def form_of(client, url) -> dict:
    form = client.get(url).context["form"]
    return {name: "" if value is None else str(value) for name, value in form.initial.items()}


def test_a_save_over_someone_elses_change_is_refused(client_for, carl, cambs):
    """Carl and Cleo are Cambridgeshire finance, whose demo has the activities."""
    cleo = make_member("cleo", cambs, "finance")
    activity = InvestToTransform.objects.filter(authority=cambs).first()
    url = f"/a/cambridgeshire/history/invest/{activity.pk}/edit/"
    carls = form_of(client_for(carl), url)
    cleos = dict(carls)
    assert client_for(cleo).post(url, cleos | {"progress": "Cleo's words"}).status_code == 302
    response = client_for(carl).post(url, carls | {"progress": "Carl's words"})
    assert response.status_code == 200
    assert "Someone else saved this activity while you were editing it" in (
        response.content.decode()
    )
    activity.refresh_from_db()
    assert (activity.progress, activity.version) == ("Cleo's words", 2)
    # Saving again, now on their version, replaces theirs knowingly.
    again = client_for(carl).post(url, carls | {"progress": "Carl's words", "version": "2"})
    assert again.status_code == 302
    activity.refresh_from_db()
    assert activity.progress == "Carl's words"
