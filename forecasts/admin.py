from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from forecasts.models import (
    Forecast,
    ForecastYear,
    HistoryYear,
    InvestToTransform,
    ScheduleAmount,
    ScheduleItem,
)


class LockedWithPeriod:
    """A signed-off quarter's forecast is read-only in the admin too."""

    def period_of(self, obj):
        return obj.period

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.period_of(obj).is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.period_of(obj).is_locked:
            return False
        return super().has_delete_permission(request, obj)


class ForecastYearInline(admin.TabularInline):
    model = ForecastYear
    extra = 0


@admin.register(Forecast)
class ForecastAdmin(LockedWithPeriod, SimpleHistoryAdmin):
    list_display = ["period", "opening_retained_deficit"]
    list_select_related = ["period__authority", "period__financial_year"]
    inlines = [ForecastYearInline]

    def period_of(self, obj):
        return obj.period


@admin.register(ForecastYear)
class ForecastYearAdmin(LockedWithPeriod, SimpleHistoryAdmin):
    list_display = ["forecast", "financial_year", "is_outturn"]

    def period_of(self, obj):
        return obj.forecast.period


class ScheduleAmountInline(admin.TabularInline):
    model = ScheduleAmount
    extra = 0


@admin.register(ScheduleItem)
class ScheduleItemAdmin(LockedWithPeriod, SimpleHistoryAdmin):
    list_display = ["description", "schedule", "forecast", "workstream"]
    list_filter = ["schedule"]
    inlines = [ScheduleAmountInline]

    def period_of(self, obj):
        return obj.forecast.period


@admin.register(ScheduleAmount)
class ScheduleAmountAdmin(LockedWithPeriod, SimpleHistoryAdmin):
    list_display = ["item", "financial_year", "amount"]

    def period_of(self, obj):
        return obj.item.forecast.period


@admin.register(HistoryYear)
class HistoryYearAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "financial_year", "ehcp_count", "hnb_budget", "hnb_expenditure"]
    list_filter = ["authority"]


@admin.register(InvestToTransform)
class InvestToTransformAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "authority", "allocation", "committed_to_date"]
    list_filter = ["authority"]
