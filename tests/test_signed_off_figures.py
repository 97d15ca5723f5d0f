"""A signed-off figure never moves. The published Q4 2021/22 and signed-off Q1 2023/24
figures of the demo, as every audience reads them, are identical before and after every
editing action finance can take on the open quarter."""

from hnb_monitor import plain
from hnb_monitor.choices import Audience
from hnb_monitor.models import ReportingPeriod
from tests.forecasts.helpers import HF, entered_form, q2_forecast
from workstreams.models import QuarterlyReturn, Workstream

LOCKED = ("2021-22-Q4", "2023-24-Q1")


def signed_off_figures(hf) -> str:
    """Every page-level read of the locked quarters, for both audiences, as JSON."""
    from forecasts.selectors import forecast_overview
    from workstreams.selectors import dashboard

    reads = []
    for audience in Audience:
        for code in LOCKED:
            period = (
                ReportingPeriod.objects.with_code(code)
                .select_related("financial_year", "authority")
                .get(authority=hf)
            )
            reads.append(plain.dumps(dashboard(authority=hf, period=period, audience=audience)))
        overview = forecast_overview(authority=hf, period="2023-24-Q1", audience=audience)
        reads.append(plain.dumps(overview))
    return "\n".join(reads)


def form_values(response) -> dict:
    return {
        name: "" if value is None else str(value)
        for name, value in response.context["form"].initial.items()
    }


def test_signed_off_figures_do_not_move_whatever_finance_does(client_for, fay, ade, hf):
    before = signed_off_figures(hf)
    finance = client_for(fay)
    workstream = Workstream.objects.filter(authority=hf).order_by("order").first()

    # A return for the open quarter: saved, submitted, approved by someone else.
    edit = f"{HF}/returns/{workstream.pk}/2023-24-Q2/edit/"
    data = form_values(finance.get(edit)) | {
        "forecast_outturn": "999,999",
        "progress_update": "Changed",
        "next_steps": "More",
        "rag_override": "red",
        "override_reason": "Testing",
        "recovery_actions": "Acting",
    }
    finance.post(edit, data | {"action": "submit"})
    submitted = QuarterlyReturn.objects.get(workstream=workstream, period__quarter=2)
    client_for(ade).post(
        f"{HF}/returns/{submitted.pk}/", {"action": "approve", "version": submitted.version}
    )
    finance = client_for(fay)

    # Every target of the workstream changed, with a reason.
    targets = f"{HF}/workstreams/{workstream.pk}/targets/"
    values = form_values(finance.get(targets))
    changed = {name: "123,456" for name in values if name.startswith("year_")}
    finance.post(targets, values | changed | {"reason": "Moved"})

    # The RAG rule, the open quarter's forecast and a schedule item.
    finance.post(f"{HF}/rag-rule/", {"green_from": "90", "amber_from": "50"})
    finance.post(f"{HF}/forecast/start/")
    forecast = q2_forecast()
    lines = entered_form(forecast) | {"expenditure_before_savings__2023": "£99,000,000"}
    finance.post(f"{HF}/forecast/2023-24-Q2/edit/", lines)

    # The open quarter signed off, and the next one opened.
    finance.post(
        f"{HF}/periods/2023-24-Q2/", {"action": "sign_off", "missing_returns": "carry_forward"}
    )
    finance.post(f"{HF}/periods/open-next/")

    assert ReportingPeriod.objects.with_code("2023-24-Q3").filter(authority=hf).exists()
    assert QuarterlyReturn.objects.get(pk=submitted.pk).status == "approved"
    after = signed_off_figures(hf)
    assert what_moved(before, after) == []
    assert after == before


def what_moved(before: str, after: str) -> list[str]:
    """The fields of the reads that differ, to name them rather than print 10 kB."""
    import json

    moved = []
    for old, new in zip(before.split("\n"), after.split("\n"), strict=True):
        old, new = json.loads(old), json.loads(new)
        moved += [f"{key}: {old[key]} -> {new[key]}" for key in old if old[key] != new[key]]
    return moved
