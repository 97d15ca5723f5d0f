"""Which safety-valve agreement and which version of its payment schedule apply to a
quarter, and the figures they give that quarter's forecast.

A signed-off quarter's forecast must show, for ever, the planned deficits and payments it
was signed off with; so agreements and schedule versions apply from a quarter on, and a
quarter reads the newest of each that applies to it (as savings targets do).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from forecasts.models import Agreement, AgreementYear, Instalment, PaymentSchedule
from forecasts.models.agreement import applies_since
from hnb_monitor.money import ZERO


@dataclass(frozen=True)
class AgreementTerms:
    """What the forecast takes from the agreement, by year label ("2023/24")."""

    planned: dict[str, Decimal]  # the original planned in-year deficit
    payments: dict[str, Decimal]  # the DfE's scheduled payments, parts added up

    def planned_in(self, year: str) -> Decimal:
        return self.planned.get(year, ZERO)

    def payment_in(self, year: str) -> Decimal:
        return self.payments.get(year, ZERO)


NO_AGREEMENT = AgreementTerms(planned={}, payments={})


def agreements_of(authority_id: int) -> list[Agreement]:
    """Every agreement of the authority with its years and every schedule version with
    its instalments: four queries, whatever the number of versions."""
    instalments = Instalment.objects.select_related("financial_year")
    schedules = PaymentSchedule.objects.select_related(
        "applies_from__financial_year"
    ).prefetch_related(Prefetch("instalments", queryset=instalments))
    return list(
        Agreement.objects.filter(authority_id=authority_id)
        .select_related("applies_from__financial_year", "first_year", "last_year", "balance_year")
        .prefetch_related(
            Prefetch("years", queryset=AgreementYear.objects.select_related("financial_year")),
            Prefetch("schedules", queryset=schedules),
        )
    )


def applying(records, key: tuple[int, int] | None):
    """Of records that apply from a quarter on, the newest applying at `key` (None: the
    newest of all); None if none applies yet."""
    candidates = [r for r in records if key is None or applies_since(r) <= key]
    # Two versions from the same quarter: the later one made.
    return max(candidates, key=lambda r: (applies_since(r), r.pk), default=None)


def agreement_at(agreements: list[Agreement], key: tuple[int, int] | None) -> Agreement | None:
    return applying(agreements, key)


def schedule_at(agreement: Agreement, key: tuple[int, int] | None) -> PaymentSchedule | None:
    return applying(agreement.schedules.all(), key)


def terms_at(agreements: list[Agreement], key: tuple[int, int]) -> AgreementTerms:
    agreement = agreement_at(agreements, key)
    if agreement is None:
        return NO_AGREEMENT
    payments: dict[str, Decimal] = {}
    schedule = schedule_at(agreement, key)
    for instalment in schedule.instalments.all() if schedule else ():
        label = instalment.financial_year.label
        payments[label] = payments.get(label, ZERO) + instalment.amount
    planned = {
        year.financial_year.label: year.planned_in_year_deficit for year in agreement.years.all()
    }
    return AgreementTerms(planned=planned, payments=payments)
