"""The safety-valve agreement gives the forecast its planned deficits and payments."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from forecasts.agreement_services import InstalmentRow, reprofile, rows_of, save_instalments
from forecasts.models import Agreement, AgreementYear, Forecast, Instalment, PaymentSchedule
from hnb_monitor.models import FinancialYear
from tests.forecasts.helpers import HF, published_rows, table_rows

HF_PAYMENTS = ["4,555,600", "7,000,000", "1,500,000", "1,500,000", "0"]


def payments_row(client, period: str) -> tuple[str, ...]:
    page = client.get(f"{HF}/forecast/?period={period}").content
    return next(
        row
        for row in table_rows(page, "High level HNB forecast")
        if row[0] == "Safety Valve Payment"
    )


def hf_schedule() -> PaymentSchedule:
    return PaymentSchedule.objects.get(agreement__authority__slug="hammersmith-fulham", number=1)


def moved(rows: list[InstalmentRow], year: str, by: Decimal) -> list[InstalmentRow]:
    return [
        InstalmentRow(row.financial_year, row.amount + by, row.part, row.due_on, row.status)
        if row.financial_year.label == year
        else row
        for row in rows
    ]


def test_the_demo_agreement_holds_the_published_payments_and_trajectory(hf, fay, client_for):
    agreement = Agreement.objects.get(authority=hf)
    assert (agreement.first_year.label, agreement.last_year.label) == ("2021/22", "2025/26")
    assert agreement.dfe_contribution == Decimal("14555600")
    assert [i.amount for i in hf_schedule().instalments.all()] == [
        Decimal(x.replace(",", "")) for x in HF_PAYMENTS
    ]
    planned = [y.planned_in_year_deficit for y in AgreementYear.objects.filter(agreement=agreement)]
    assert planned == [Decimal(x) for x in ("432193", "-343510", "381046", "-1054873", "-2055461")]
    published = {row[0]: row[1:] for row in published_rows()[1:]}
    assert published["safety_valve_payment"] == [x.replace(",", "") for x in HF_PAYMENTS]
    assert payments_row(client_for(fay), "2023-24-Q1")[1:] == tuple(HF_PAYMENTS)


def test_a_version_a_signed_off_forecast_read_cannot_change_its_amounts(hf):
    rows = moved(rows_of(hf_schedule()), "2024/25", Decimal("-500000"))

    with pytest.raises(ValidationError, match="forecast of Q1 2023/24 was signed off with"):
        save_instalments(schedule=hf_schedule(), rows=rows)

    # Its record is not a forecast figure: the status of a payment can be kept up to date.
    paid = [
        InstalmentRow(r.financial_year, r.amount, r.part, r.due_on, "paid")
        if r.financial_year.label == "2023/24"
        else r
        for r in rows_of(hf_schedule())
    ]
    save_instalments(schedule=hf_schedule(), rows=paid)
    assert (
        Instalment.objects.get(schedule=hf_schedule(), financial_year__start_year=2023).status
        == "paid"
    )


def test_reprofiling_keeps_both_versions_and_the_open_quarters_forecast_moves(hf, fay, client_for):
    client = client_for(fay)
    v1 = hf_schedule()
    later = moved(moved(rows_of(v1), "2024/25", Decimal("-500000")), "2025/26", Decimal("500000"))

    v2 = reprofile(schedule=v1, rows=later, reason="DfE re-profiled the 2024/25 payment", user=fay)
    client.post(f"{HF}/forecast/start/")  # Q2 2023/24, open: reads version 2

    assert (v2.number, v2.applies_from.label) == (2, "Q2 2023/24")
    totals = [sum(i.amount for i in v.instalments.all()) for v in (v1, v2)]
    assert totals == [Decimal("14555600")] * 2
    assert [i.amount for i in v1.instalments.all()] == [
        Decimal(x.replace(",", "")) for x in HF_PAYMENTS
    ]
    assert payments_row(client, "2023-24-Q1")[1:] == tuple(HF_PAYMENTS)
    assert payments_row(client, "2023-24-Q2")[1:] == (
        "4,555,600",
        "7,000,000",
        "1,500,000",
        "1,000,000",
        "500,000",
    )

    # Version 2 is read by no signed-off quarter yet: it may be edited, and the open
    # quarter's forecast moves with it (and only that one).
    save_instalments(schedule=v2, rows=moved(rows_of(v2), "2025/26", Decimal("250000")))
    assert payments_row(client, "2023-24-Q2")[-1] == "750,000"
    assert payments_row(client, "2023-24-Q1")[1:] == tuple(HF_PAYMENTS)
    with pytest.raises(ValidationError, match="Say why the payments are re-profiled"):
        reprofile(schedule=v2, rows=later, reason="  ", user=fay)


def test_a_seven_year_agreement_paid_in_parts_gives_the_forecast_its_years(cambs, carl, client_for):
    years = {y: FinancialYear.objects.get_or_create(start_year=y)[0] for y in range(2020, 2030)}
    agreement = Agreement.objects.create(
        authority=cambs,
        first_year=years[2022],
        last_year=years[2028],
        dfe_contribution=Decimal("10500000"),
    )
    schedule = PaymentSchedule.objects.create(agreement=agreement, number=1)
    for start in range(2022, 2029):
        AgreementYear.objects.create(
            agreement=agreement,
            financial_year=years[start],
            planned_in_year_deficit=-100000 * (start - 2021),
        )
        for part, amount in ((1, "1000000"), (2, "500000")):
            Instalment.objects.create(
                schedule=schedule, financial_year=years[start], part=part, amount=Decimal(amount)
            )
    client = client_for(carl)

    client.post("/a/cambridgeshire/forecast/start/")

    page = client.get("/a/cambridgeshire/forecast/").content
    rows = {row[0]: row[1:] for row in table_rows(page, "High level HNB forecast")}
    forecast = Forecast.objects.get(period__authority=cambs)
    assert [c.financial_year.label for c in forecast.years.all()] == [
        f"{y}/{(y + 1) % 100:02d}" for y in range(2020, 2029)
    ]
    assert rows["Safety Valve Payment"] == ("0", "0", *["1,500,000"] * 7)
    agreement_rows = {
        row[0]: row[1:] for row in table_rows(page, "against the safety-valve agreement")
    }
    assert agreement_rows["Planned in-year deficit in the agreement"][2:4] == (
        "(100,000)",
        "(200,000)",
    )
