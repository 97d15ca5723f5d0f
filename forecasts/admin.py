from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from forecasts.models import (
    FigureNote,
    Forecast,
    ForecastYear,
    HistoryYear,
    InvestToTransform,
    ScheduleAmount,
    ScheduleItem,
    StatedProjection,
)
from hnb_monitor.locking import PeriodLockedAdmin


class ForecastYearInline(admin.TabularInline):
    model = ForecastYear
    extra = 0


@admin.register(Forecast)
class ForecastAdmin(PeriodLockedAdmin, SimpleHistoryAdmin):
    list_display = ["period", "opening_retained_deficit"]
    list_select_related = ["period__authority", "period__financial_year"]
    inlines = [ForecastYearInline]


@admin.register(ForecastYear)
class ForecastYearAdmin(PeriodLockedAdmin, SimpleHistoryAdmin):
    list_display = ["forecast", "financial_year", "is_outturn"]
    period_path = "forecast.period"


class ScheduleAmountInline(admin.TabularInline):
    model = ScheduleAmount
    extra = 0


@admin.register(ScheduleItem)
class ScheduleItemAdmin(PeriodLockedAdmin, SimpleHistoryAdmin):
    list_display = ["description", "schedule", "forecast", "workstream"]
    list_filter = ["schedule"]
    inlines = [ScheduleAmountInline]
    period_path = "forecast.period"


@admin.register(ScheduleAmount)
class ScheduleAmountAdmin(PeriodLockedAdmin, SimpleHistoryAdmin):
    list_display = ["item", "financial_year", "amount"]
    period_path = "item.forecast.period"


@admin.register(HistoryYear)
class HistoryYearAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "financial_year", "ehcp_count", "hnb_budget", "hnb_expenditure"]
    list_filter = ["authority"]


@admin.register(InvestToTransform)
class InvestToTransformAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "authority", "allocation", "committed_to_date"]
    list_filter = ["authority"]


# A note on a figure is entered here by finance and shown beside the figure on the forecast
# page, in its workbook and in the Schools Forum paper's read.
@admin.register(FigureNote)
class FigureNoteAdmin(SimpleHistoryAdmin):
    list_display = ["forecast", "line", "financial_year", "text"]
    list_select_related = ["forecast__period__authority", "financial_year"]


@admin.register(StatedProjection)
class StatedProjectionAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "financial_year", "accumulated_deficit"]
    list_filter = ["authority"]
