from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from forecasts.models import (
    Agreement,
    AgreementYear,
    Condition,
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
    Submission,
)
from hnb_monitor.locking import PeriodLockedAdmin, ReadOnlyAdmin


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


# The agreement's terms, trajectory and payments are forecast figures that signed-off
# quarters read: they change only through the app, which keeps those quarters' figures
# (a re-profile is a new version). Its conditions and reporting calendar are records.
class AgreementYearInline(ReadOnlyAdmin, admin.TabularInline):
    model = AgreementYear


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["authority", "first_year", "last_year", "dfe_contribution", "applies_from"]
    list_select_related = ["authority", "first_year", "last_year", "applies_from__financial_year"]
    inlines = [AgreementYearInline]


class InstalmentInline(ReadOnlyAdmin, admin.TabularInline):
    model = Instalment


@admin.register(PaymentSchedule)
class PaymentScheduleAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["agreement", "number", "applies_from", "reason"]
    inlines = [InstalmentInline]


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["schedule", "financial_year", "part", "amount", "status", "due_on", "paid_on"]


@admin.register(AgreementYear)
class AgreementYearAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["agreement", "financial_year", "planned_in_year_deficit"]


@admin.register(Condition)
class ConditionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "agreement", "owner", "rag"]
    filter_horizontal = ["workstreams"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "period", "due_on", "submitted_on", "outcome"]
