"""The data migration that moves the agreement's figures off the forecast loses none."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("forecasts", "0004_agreement")]
AFTER = [("forecasts", "0005_agreement_from_forecasts")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_forecast_reads_back_the_planned_deficits_and_payments_it_held():
    apps = migrate(BEFORE)
    try:
        Authority = apps.get_model("hnb_monitor", "Authority")
        FinancialYear = apps.get_model("hnb_monitor", "FinancialYear")
        ReportingPeriod = apps.get_model("hnb_monitor", "ReportingPeriod")
        Forecast = apps.get_model("forecasts", "Forecast")
        ForecastYear = apps.get_model("forecasts", "ForecastYear")
        council = Authority.objects.create(name="Migrated", slug="migrated", la_code="999")
        years = [FinancialYear.objects.get_or_create(start_year=y)[0] for y in (2023, 2024)]
        payments = {"2023-24-Q1": ("100", "200"), "2023-24-Q2": ("100", "150")}
        for quarter, paid in zip((1, 2), payments.values(), strict=True):
            period = ReportingPeriod.objects.create(
                authority=council, financial_year=years[0], quarter=quarter, status="signed_off"
            )
            forecast = Forecast.objects.create(period=period, opening_retained_deficit=0)
            for year, payment, planned in zip(years, paid, ("10", "-20"), strict=True):
                ForecastYear.objects.create(
                    forecast=forecast,
                    financial_year=year,
                    safety_valve_payment=Decimal(payment),
                    original_agreement_deficit=Decimal(planned),
                )

        apps = migrate(AFTER)

        Agreement = apps.get_model("forecasts", "Agreement")
        agreement = Agreement.objects.get(authority__slug="migrated")
        assert agreement.applies_from is None
        assert agreement.dfe_contribution == Decimal("300")
        assert [
            y.planned_in_year_deficit
            for y in agreement.years.order_by("financial_year__start_year")
        ] == [
            Decimal("10"),
            Decimal("-20"),
        ]
        versions = list(agreement.schedules.order_by("number"))
        assert [(v.number, v.applies_from and v.applies_from.quarter) for v in versions] == [
            (1, None),
            (2, 2),
        ]
        for version, paid in zip(versions, payments.values(), strict=True):
            amounts = version.instalments.order_by("financial_year__start_year")
            assert tuple(i.amount for i in amounts) == tuple(Decimal(p) for p in paid)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
