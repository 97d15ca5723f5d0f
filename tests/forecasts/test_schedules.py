"""Schedule items: added, linked to workstreams, reconciled, and never overwritten."""

import re
from decimal import Decimal

from forecasts.models import Forecast, ScheduleItem
from tests.forecasts.helpers import HF, q2_forecast, text_of
from workstreams.models import Workstream


def test_schedule_items_are_added_linked_and_reconciled(q2, hf):
    forecast = q2_forecast()
    page = q2.get(f"{HF}/forecast/2023-24-Q2/schedule/A/")
    assert page.status_code == 200
    form = page.context["rows"]
    data = {}
    for index, (_item, bound) in enumerate(form):
        for name in bound.fields:
            value = bound.initial.get(name)
            if value is None or value is False:
                continue
            data[f"item{index}-{name}"] = str(value) if not hasattr(value, "pk") else str(value.pk)
    data["version"] = str(forecast.version)
    new = len(form) - 2
    workstream = Workstream.objects.get(authority=hf, name="Outreach Services")
    data[f"item{new}-description"] = "Transport policy review"
    data[f"item{new}-workstream"] = str(workstream.pk)
    data[f"item{new}-amount__2024"] = "(50,000)"
    remainder = next(i for i, (item, _) in enumerate(form) if item and not item.workstream_id)
    data[f"item{remainder}-amount__2024"] = "(1,869,001)"  # keeps the A total at (1,919,001)
    response = q2.post(f"{HF}/forecast/2023-24-Q2/schedule/A/", data, follow=True)
    # The new item, its amount and the remainder's changed amount.
    assert "Schedule A saved (3 changes)" in text_of(response.content)
    item = ScheduleItem.objects.get(forecast=forecast, description="Transport policy review")
    assert item.workstream == workstream
    assert item.amounts.get().amount == Decimal("-50000")
    text = text_of(response.content)
    assert re.search(
        r"Total savings \(Schedule A\) \(599,772\) \(1,319,465\) \(1,809,485\) "
        r"\(1,919,001\)",
        text,
    )


def test_schedule_item_needs_a_description(q2):
    page = q2.get(f"{HF}/forecast/2023-24-Q2/schedule/B/")
    new = len(page.context["rows"]) - 2
    data = {f"item{new}-amount__2023": "-1000", "version": "1"}
    response = q2.post(f"{HF}/forecast/2023-24-Q2/schedule/B/", data)
    assert response.status_code == 200
    assert "Enter a description for this schedule item" in response.content.decode()
    assert ScheduleItem.objects.filter(forecast=q2_forecast(), schedule="B").count() == 1


def test_a_stale_schedule_form_saves_nothing_and_shows_what_was_typed(q2):
    forecast = q2_forecast()
    page = q2.get(f"{HF}/forecast/2023-24-Q2/schedule/C/")
    new = len(page.context["rows"]) - 2
    Forecast.objects.filter(pk=forecast.pk).update(version=forecast.version + 1)
    data = {
        "version": str(forecast.version),
        f"item{new}-description": "Transport efficiencies",
        f"item{new}-amount__2024": "(25,000)",
    }
    response = q2.post(f"{HF}/forecast/2023-24-Q2/schedule/C/", data)
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Someone else saved this forecast while you were editing it" in text
    assert "Transport efficiencies 2024/25 (25,000)" in text
    assert not ScheduleItem.objects.filter(description="Transport efficiencies").exists()
