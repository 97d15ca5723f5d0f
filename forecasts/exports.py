"""The forecast workbook, from the same read as the forecast page."""

from django.utils import timezone

from forecasts.computation import (
    INPUT_LINES,
    SCHEDULE_LINE_KEYS,
    ForecastYearInput,
    compute_forecast,
)
from forecasts.selectors import ForecastOverview
from forecasts.workbook import (
    ScheduleItemRow,
    WorkstreamSavingsRow,
    build_forecast_workbook,
    workbook_bytes,
)


def entered_figures(overview: ForecastOverview) -> list[ForecastYearInput]:
    """Each year's entered figures, as the page's lines carry them."""
    entered = [line.key for line in INPUT_LINES] + list(SCHEDULE_LINE_KEYS.values())
    values = {key: overview.values_of(key) for key in entered}
    return [
        ForecastYearInput(
            year=year.label,
            is_outturn=year.is_outturn,
            **{key: values[key][index] for key in entered},
        )
        for index, year in enumerate(overview.years)
    ]


def forecast_workbook(*, authority_name: str, overview: ForecastOverview) -> bytes:
    return workbook_bytes(build_workbook(authority_name=authority_name, overview=overview))


def build_workbook(*, authority_name: str, overview: ForecastOverview):
    """The forecast as a workbook with live formulas, for finance or to build on."""
    years = overview.year_labels
    inputs = entered_figures(overview)
    schedules = {
        schedule.code: [
            ScheduleItemRow(
                description=item.description,
                workstream_name=item.workstream.name if item.workstream else None,
                amounts={
                    year: amount
                    for year, amount in zip(years, item.amounts, strict=True)
                    if amount is not None
                },
            )
            for item in schedule.items
        ]
        for schedule in overview.schedules
    }
    savings = [
        WorkstreamSavingsRow(
            workstream=row.name,
            schedule=row.schedule,
            targets={
                year: amount
                for year, amount in zip(years, row.targets, strict=True)
                if amount is not None
            },
            # Delivered in a final outturn year, forecast to be delivered in the others.
            delivered={
                year.label: amount
                for year, delivered, forecast in zip(
                    overview.years, row.delivered, row.forecasts, strict=True
                )
                if (amount := delivered if year.is_outturn else forecast) is not None
            },
        )
        for row in overview.workstreams
    ]
    workbook = build_forecast_workbook(
        authority_name=authority_name,
        period_code=overview.period.code,
        generated_at=timezone.now(),
        table=compute_forecast(inputs, overview.opening_retained_deficit),
        inputs=inputs,
        opening_retained_deficit=overview.opening_retained_deficit,
        schedules=schedules,
        workstream_savings=savings,
        figure_notes={(note.key, note.year): note.text for note in overview.figure_notes},
    )
    return workbook
