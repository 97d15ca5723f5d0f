"""Demo forecasts (H&F Q1 2023/24), HNB history and invest to transform (Cambridgeshire)."""

import csv
from decimal import Decimal

from django.conf import settings

from forecasts.computation import FORM_LINES
from forecasts.models import (
    Agreement,
    AgreementYear,
    FigureNote,
    Forecast,
    ForecastYear,
    HistoryYear,
    Instalment,
    InvestToTransform,
    PaymentSchedule,
    ScheduleAmount,
    ScheduleItem,
    StatedProjection,
)
from hnb_monitor.demo import Tally, period_for, read_fixture, upsert
from hnb_monitor.models import Authority, FinancialYear
from workstreams.models import SavingsTarget, Workstream, targets_as_of

REFERENCE_DIR = settings.BASE_DIR / "fixtures" / "reference"
# What finance types on the forecast: the paper prints each of them.
PRINTED_ENTERED = [line.key for line in FORM_LINES]


def read_published_table(name: str) -> dict[str, dict[str, Decimal]]:
    with open(REFERENCE_DIR / name, encoding="utf-8") as f:
        reader = csv.reader(f)
        years = next(reader)[1:]
        return {row[0]: dict(zip(years, map(Decimal, row[1:]), strict=True)) for row in reader}


def load_forecasts(tally: Tally) -> None:
    data = read_fixture("forecasts.json")
    years = {year.label: year for year in FinancialYear.objects.all()}
    for entry in data["forecasts"]:
        load_forecast(tally, entry, years)
    for slug, history in data["history"].items():
        authority = Authority.objects.get(slug=slug)
        for row in history["rows"]:
            upsert(
                HistoryYear,
                tally,
                {"authority": authority, "financial_year": years[row["year"]]},
                {
                    "ehcp_count": row["ehcps"],
                    "hnb_budget": Decimal(row["budget_000"]) * 1000,
                    "hnb_expenditure": Decimal(row["expenditure_000"]) * 1000,
                    "accumulated_deficit": Decimal(row["accumulated_000"]) * 1000,
                    **stated_growth(row.get("growth_stated")),
                },
            )
        # The paper's own "if left unchecked" projection, in £m, beside ours.
        for label, millions in history.get("stated_projection", {}).items():
            if label.startswith("_"):
                continue
            upsert(
                StatedProjection,
                tally,
                {"authority": authority, "financial_year": years[label]},
                {"accumulated_deficit": Decimal(millions) * 1_000_000},
            )
    for slug, activities in data["invest_to_transform"].items():
        authority = Authority.objects.get(slug=slug)
        for order, activity in enumerate(activities, start=1):
            upsert(
                InvestToTransform,
                tally,
                {"authority": authority, "activity": activity["activity"]},
                {
                    "description": activity["description"],
                    "allocation": money(activity["allocation"]),
                    "progress": activity["progress"],
                    "committed_to_date": money(activity["committed"]),
                    "order": order * 10,
                },
            )


def stated_growth(stated: dict | None) -> dict:
    stated = stated or {}
    return {
        f"{field}_growth_stated": money(stated.get(key))
        for field, key in (("ehcp", "ehcps"), ("budget", "budget"), ("expenditure", "expenditure"))
    }


def money(text):
    return None if text is None else Decimal(text)


def load_agreement(tally: Tally, authority, entry: dict, published: dict, years: dict) -> None:
    """The agreement the forecast answers to: its term is the forecast's years, its
    trajectory the planned deficits the published table implies, and its payments those
    the table prints (seed 000: 4,555,600 / 7,000,000 / 1,500,000 / 1,500,000 / 0)."""
    terms = entry["agreement"]
    labels = list(terms["planned_in_year_deficit"])
    payments = published["safety_valve_payment"]
    agreement = upsert(
        Agreement,
        tally,
        {"authority": authority, "applies_from": None},
        {
            "first_year": years[labels[0]],
            "last_year": years[labels[-1]],
            "balance_year": years.get(terms["balance_year"]),
            "dfe_contribution": sum(payments.values(), Decimal("0")),
            "notes": terms["notes"],
        },
    )
    for label, amount in terms["planned_in_year_deficit"].items():
        upsert(
            AgreementYear,
            tally,
            {"agreement": agreement, "financial_year": years[label]},
            {"planned_in_year_deficit": Decimal(amount)},
        )
    schedule = upsert(PaymentSchedule, tally, {"agreement": agreement, "number": 1})
    for label, amount in payments.items():
        upsert(
            Instalment,
            tally,
            {"schedule": schedule, "financial_year": years[label], "part": 1},
            {"amount": amount, "status": "paid" if label in entry["final_outturn"] else "due"},
        )


def load_forecast(tally: Tally, entry: dict, years: dict) -> None:
    published = read_published_table(entry["published_table"])
    period = period_for(entry["authority"], entry["period"])
    forecast = upsert(
        Forecast,
        tally,
        {"period": period},
        {"opening_retained_deficit": Decimal(entry["opening_retained_deficit"])},
    )
    labels = list(published["hnb_allocation"])
    for label in labels:
        upsert(
            ForecastYear,
            tally,
            {"forecast": forecast, "financial_year": years[label]},
            {
                **{line: published[line][label] for line in PRINTED_ENTERED},
                "is_outturn": label in entry["final_outturn"],
            },
        )
    load_agreement(tally, period.authority, entry, published, years)

    def item(schedule, order, description, workstream, amounts):
        schedule_item = upsert(
            ScheduleItem,
            tally,
            {"forecast": forecast, "schedule": schedule, "description": description},
            {"workstream": workstream, "order": order},
        )
        for label, amount in amounts.items():
            upsert(
                ScheduleAmount,
                tally,
                {"item": schedule_item, "financial_year": years[label]},
                {"amount": amount},
            )

    authority = period.authority
    linked = {
        w.name: w
        for w in Workstream.objects.filter(
            authority=authority, name__in=entry["schedule_a_linked_workstreams"]
        )
    }
    targets = {
        (t.workstream_id, t.financial_year.label): t.amount
        for t in targets_as_of(
            SavingsTarget.objects.filter(workstream__in=linked.values()).with_versions(), None
        )
    }
    itemised = dict.fromkeys(labels, Decimal("0"))
    for order, name in enumerate(entry["schedule_a_linked_workstreams"], start=1):
        workstream = linked[name]
        # seed 000: savings are shown negative in the forecast, positive as targets.
        amounts = {
            label: -targets[(workstream.id, label)]
            for label in labels
            if (workstream.id, label) in targets
        }
        for label, amount in amounts.items():
            itemised[label] += amount
        item("A", order * 10, name, workstream, amounts)
    remainder = {
        label: published["schedule_a_savings"][label] - itemised[label] for label in labels
    }
    item("A", 900, entry["schedule_a_remainder"], None, remainder)
    item("B", 10, entry["schedule_b_item"], None, published["schedule_b_further_savings"])
    item("C", 10, entry["schedule_c_item"], None, published["schedule_c_efficiency_target"])
    for note in entry.get("figure_notes", []):
        upsert(
            FigureNote,
            tally,
            {"forecast": forecast, "line": note["line"], "financial_year": years[note["year"]]},
            {"text": note["text"]},
        )
