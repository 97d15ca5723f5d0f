"""Change history has an audience too: the Schools Forum reads the history of approved
figures only, never a draft figure, a draft narrative or a send-back comment."""

from decimal import Decimal

from hnb_monitor.models import ReportingPeriod
from hnb_monitor.services import sign_off_period
from workstreams import services
from workstreams.models import Workstream


def test_the_forum_sees_approved_versions_only(hf, fay, ade, sam, client_for):
    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    workstream = Workstream.objects.filter(authority=hf).order_by("order").first()
    draft = services.new_return(workstream, q2)
    values = {"progress_update": "Draft words nobody approved", "next_steps": "Next"}
    saved = services.save_return(
        quarterly_return=draft,
        values={**values, "forecast_outturn": Decimal("111111")},
        user=fay,
        expected_version=0,
    )
    saved = services.save_return(
        quarterly_return=saved,
        values={
            **values,
            "forecast_outturn": Decimal("777001"),
            "rag_override": "green",
            "override_reason": "Judgement",
        },
        user=fay,
        expected_version=saved.version,
        submit=True,
    )
    services.send_back_return(quarterly_return=saved, user=ade, comment="Too optimistic")
    saved.refresh_from_db()
    saved = services.save_return(
        quarterly_return=saved,
        values={
            "progress_update": "Approved words",
            "next_steps": "Next",
            "forecast_outturn": Decimal("150000"),
        },
        user=fay,
        expected_version=saved.version,
        submit=True,
    )
    services.approve_return(quarterly_return=saved, user=ade)
    q2.refresh_from_db()
    sign_off_period(period=q2, user=fay)

    url = f"/a/hammersmith-fulham/workstreams/{workstream.pk}/"
    staff = client_for(fay).get(url).content.decode()
    assert "£777,001" in staff and "Too optimistic" in staff

    forum = client_for(sam).get(url).content.decode()
    for draft_text in ("£111,111", "£777,001", "Too optimistic", "Draft words nobody approved"):
        assert draft_text not in forum
