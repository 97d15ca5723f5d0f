from forecasts.models.agreement import (
    Agreement,
    AgreementYear,
    Condition,
    Instalment,
    PaymentSchedule,
    Submission,
)
from forecasts.models.forecast import (
    FIGURE_LINES,
    FigureNote,
    Forecast,
    ForecastYear,
    HistoryYear,
    InvestToTransform,
    ScheduleAmount,
    ScheduleItem,
    StatedProjection,
    guard_period,
)

__all__ = [
    "FIGURE_LINES",
    "Agreement",
    "AgreementYear",
    "Condition",
    "FigureNote",
    "Forecast",
    "ForecastYear",
    "HistoryYear",
    "Instalment",
    "InvestToTransform",
    "PaymentSchedule",
    "ScheduleAmount",
    "ScheduleItem",
    "StatedProjection",
    "Submission",
    "guard_period",
]
