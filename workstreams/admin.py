from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workstreams.models import (
    Measure,
    MeasureValue,
    Milestone,
    QuarterlyReturn,
    RagRule,
    Risk,
    SavingsTarget,
    Workstream,
)


class SavingsTargetInline(admin.TabularInline):
    model = SavingsTarget
    extra = 0


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "authority", "theme", "schedule", "safety_valve", "active"]
    list_filter = ["authority", "schedule", "safety_valve", "active"]
    search_fields = ["name", "theme"]
    filter_horizontal = ["leads"]
    inlines = [SavingsTargetInline]


@admin.register(SavingsTarget)
class SavingsTargetAdmin(SimpleHistoryAdmin):
    list_display = ["workstream", "financial_year", "amount"]
    list_filter = ["workstream__authority", "financial_year"]
    list_select_related = ["workstream", "financial_year"]


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(SimpleHistoryAdmin):
    list_display = ["workstream", "period", "rag", "status"]
    list_filter = ["workstream__authority", "status", "rag"]
    list_select_related = ["workstream", "period__financial_year", "period__authority"]
    readonly_fields = ["suggested_rag", "rag", "version"]

    # A signed-off quarter is read-only in the admin too, until it is reopened (issue 3).
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.period.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.period.is_locked:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(RagRule)
class RagRuleAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "green_from", "amber_from"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "authority", "workstream", "likelihood", "impact", "status"]
    list_filter = ["authority", "status"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "authority", "date", "status"]
    list_filter = ["authority", "status"]


class MeasureValueInline(admin.TabularInline):
    model = MeasureValue
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "authority", "workstream", "unit"]
    list_filter = ["authority"]
    inlines = [MeasureValueInline]
