"""Move the agreement's figures off the forecast: the planned in-year deficit and the
safety-valve payment of each forecast year become an agreement with its trajectory and
payment schedule.

Each authority's forecasts are read in quarter order. The first gives the agreement (its
term: the forecast's years; the DfE contribution: its payments' total) and version 1 of
the payment schedule. A later forecast whose payments differ gives a new schedule version
applying from its quarter; one whose planned deficits differ gives a new agreement
applying from its quarter. So every forecast reads back exactly the figures it held.
"""

from decimal import Decimal

from django.db import migrations


def quarter_key(period):
    return (period.financial_year.start_year, period.quarter)


def forward(apps, schema_editor):
    Forecast = apps.get_model("forecasts", "Forecast")
    Agreement = apps.get_model("forecasts", "Agreement")
    AgreementYear = apps.get_model("forecasts", "AgreementYear")
    PaymentSchedule = apps.get_model("forecasts", "PaymentSchedule")
    Instalment = apps.get_model("forecasts", "Instalment")

    forecasts = sorted(
        Forecast.objects.select_related("period__financial_year", "period__authority"),
        key=lambda f: (f.period.authority_id, quarter_key(f.period)),
    )
    current = {}  # authority id -> what its latest forecast read
    for forecast in forecasts:
        columns = sorted(
            forecast.years.select_related("financial_year"),
            key=lambda c: c.financial_year.start_year,
        )
        if not columns:
            continue
        planned = {c.financial_year_id: c.original_agreement_deficit for c in columns}
        payments = {c.financial_year_id: c.safety_valve_payment for c in columns}
        held = current.get(forecast.period.authority_id)
        if held is None or held["planned"] != planned:
            agreement = Agreement.objects.create(
                authority_id=forecast.period.authority_id,
                first_year_id=columns[0].financial_year_id,
                last_year_id=columns[-1].financial_year_id,
                dfe_contribution=sum(payments.values(), Decimal("0")),
                applies_from=None if held is None else forecast.period,
                notes="Recorded from the forecast's planned deficits and payments",
            )
            for year_id, amount in planned.items():
                AgreementYear.objects.create(
                    agreement=agreement, financial_year_id=year_id, planned_in_year_deficit=amount
                )
            schedule = PaymentSchedule.objects.create(agreement=agreement, number=1)
        elif held["payments"] != payments:
            agreement = held["agreement"]
            schedule = PaymentSchedule.objects.create(
                agreement=agreement,
                number=held["schedule"].number + 1,
                applies_from=forecast.period,
                reason=f"Payments as the forecast of Q{forecast.period.quarter} "
                f"{forecast.period.financial_year.start_year} recorded them",
            )
        else:
            continue
        for year_id, amount in payments.items():
            Instalment.objects.create(schedule=schedule, financial_year_id=year_id, amount=amount)
        current[forecast.period.authority_id] = {
            "agreement": agreement,
            "planned": planned,
            "schedule": schedule,
            "payments": payments,
        }


def backward(apps, schema_editor):
    """Write each forecast's figures back from the agreement that applied to it."""
    Forecast = apps.get_model("forecasts", "Forecast")
    Agreement = apps.get_model("forecasts", "Agreement")

    def since(record):
        if record.applies_from_id is None:
            return (0, 0)
        return quarter_key(record.applies_from)

    for forecast in Forecast.objects.select_related("period__financial_year"):
        key = quarter_key(forecast.period)
        agreements = [
            a
            for a in Agreement.objects.filter(authority_id=forecast.period.authority_id)
            if since(a) <= key
        ]
        if not agreements:
            continue
        agreement = max(agreements, key=since)
        schedules = [s for s in agreement.schedules.all() if since(s) <= key]
        schedule = max(schedules, key=since) if schedules else None
        for column in forecast.years.all():
            year = agreement.years.filter(financial_year_id=column.financial_year_id).first()
            column.original_agreement_deficit = year.planned_in_year_deficit if year else 0
            column.safety_valve_payment = (
                sum(
                    (
                        i.amount
                        for i in schedule.instalments.filter(
                            financial_year_id=column.financial_year_id
                        )
                    ),
                    Decimal("0"),
                )
                if schedule
                else 0
            )
            column.save()
    apps.get_model("forecasts", "Instalment").objects.all().delete()
    apps.get_model("forecasts", "PaymentSchedule").objects.all().delete()
    Agreement.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("forecasts", "0004_agreement")]

    operations = [migrations.RunPython(forward, backward)]
