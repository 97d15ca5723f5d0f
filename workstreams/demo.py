"""Demo workstreams, targets, returns, risks, milestones and measures (fixtures/demo).

Figures come from the seed papers via fixtures/demo/workstreams.json; H&F's money
matches fixtures/reference/hf-2023-24-q1-workstreams.csv (tests/test_load_demo.py).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from hnb_monitor.choices import PeriodStatus
from hnb_monitor.demo import Tally, period_for, read_fixture, upsert
from hnb_monitor.models import Authority, FinancialYear
from workstreams.casework.demo import load_casework
from workstreams.models import (
    Measure,
    MeasureValue,
    Milestone,
    QuarterlyReturn,
    RagRule,
    Risk,
    SavingsTarget,
    Workstream,
)
from workstreams.services import return_context


def money(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


def load_workstreams(tally: Tally) -> None:
    data = read_fixture("workstreams.json")["authorities"]
    years = {year.label: year for year in FinancialYear.objects.all()}
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__startswith="demo-")
    }
    for slug, entry in data.items():
        authority = Authority.objects.get(slug=slug)
        rule = entry.get("rag_rule")
        if rule:
            upsert(
                RagRule,
                tally,
                {"authority": authority},
                {
                    "green_from": Decimal(rule["green_from"]),
                    "amber_from": Decimal(rule["amber_from"]),
                },
            )
        by_name = {}
        for item in entry["workstreams"]:
            workstream = upsert(
                Workstream,
                tally,
                {"authority": authority, "name": item["name"]},
                {
                    "theme": item.get("theme", ""),
                    "schedule": item.get("schedule", ""),
                    "safety_valve": item.get("safety_valve", False),
                    "description": item.get("description", ""),
                    "order": item.get("order", 0),
                    "active": item.get("active", True),
                },
            )
            by_name[workstream.name] = workstream
            leads = {users[name] for name in item.get("leads", []) if name in users}
            if leads and set(workstream.leads.all()) != leads:
                workstream.leads.set(leads)
                tally.count("updated")
            for label, amount in item.get("targets", {}).items():
                upsert(
                    SavingsTarget,
                    tally,
                    {
                        "workstream": workstream,
                        "financial_year": years[label],
                        "applies_from": None,
                    },
                    {"amount": money(amount)},
                )
            for data_return in item.get("returns", []):
                load_return(tally, workstream, slug, data_return)
        for risk in entry.get("risks", []):
            upsert(
                Risk,
                tally,
                {"authority": authority, "title": risk["title"]},
                {
                    "workstream": by_name.get(risk.get("workstream")),
                    "description": risk.get("description", ""),
                    "likelihood": risk["likelihood"],
                    "impact": risk["impact"],
                    "owner": risk["owner"],
                    "mitigation": risk.get("mitigation", ""),
                    "status": risk.get("status", "open"),
                },
            )
        for milestone in entry.get("milestones", []):
            upsert(
                Milestone,
                tally,
                {"authority": authority, "title": milestone["title"]},
                {
                    "workstream": by_name.get(milestone.get("workstream")),
                    "date": datetime.date.fromisoformat(milestone["date"]),
                    "status": milestone.get("status", "not_started"),
                },
            )
        for measure_data in entry.get("measures", []):
            measure = upsert(
                Measure,
                tally,
                {"authority": authority, "name": measure_data["name"]},
                {
                    "workstream": by_name.get(measure_data.get("workstream")),
                    "unit": measure_data.get("unit", "percent"),
                    "higher_is_better": measure_data.get("higher_is_better", True),
                    "description": measure_data.get("description", ""),
                },
            )
            for value in measure_data.get("values", []):
                upsert(
                    MeasureValue,
                    tally,
                    {"measure": measure, "label": value["label"]},
                    {
                        "sort_key": value["sort_key"],
                        "numerator": money(value.get("numerator")),
                        "denominator": money(value.get("denominator")),
                        "value": Decimal(value["value"]),
                        "comparators": value.get("comparators", {}),
                        "note": value.get("note", ""),
                    },
                )
    load_casework(tally)


def load_return(tally: Tally, workstream: Workstream, slug: str, data: dict) -> None:
    period = period_for(slug, data["period"])
    forecast = money(data.get("forecast_outturn"))
    suggested = return_context(workstream, period).suggest(forecast) or ""
    override = data.get("rag_override", "")
    if override == suggested:
        override = ""
    values = {
        "delivered_to_date": money(data.get("delivered_to_date")),
        "forecast_outturn": forecast,
        "suggested_rag": suggested,
        "rag_override": override,
        "override_reason": data.get("override_reason", "") if override else "",
        "rag": override or suggested,
        "progress_update": data.get("progress_update", ""),
        "next_steps": data.get("next_steps", ""),
        "risks_and_mitigations": data.get("risks_and_mitigations", ""),
        "recovery_actions": data.get("recovery_actions", ""),
        "status": data.get("status", "draft"),
    }
    lookup = {"workstream": workstream, "period": period}
    existing = QuarterlyReturn.objects.filter(**lookup).first()
    if period.is_locked and existing is not None and differs(existing, values):
        # A corrected fixture for a demo quarter already signed off: the quarter is opened
        # to write it, and finish_periods() gives it its status again.
        period.status = PeriodStatus.OPEN
        period.save()
    upsert(QuarterlyReturn, tally, lookup, values)


def differs(instance, values: dict) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())
