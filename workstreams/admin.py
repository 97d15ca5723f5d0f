from django.contrib import admin
from django.contrib.auth import get_user_model
from simple_history.admin import SimpleHistoryAdmin

from hnb_monitor.choices import Role
from hnb_monitor.locking import PeriodLockedAdmin
from workstreams.models import (
    CaseDeletion,
    CaseRedaction,
    CaseworkSettings,
    Cohort,
    DemoNotice,
    EHCPlanIssue,
    Measure,
    MeasureValue,
    Milestone,
    Pathway,
    QuarterlyReturn,
    RagRule,
    Risk,
    SavingsTarget,
    TransitionCase,
    Workstream,
)


class TargetsThroughTheApp:
    """Targets are read here, and changed on the workstream's targets page, where a change
    that signed-off quarters would show becomes a new version with its reason."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SavingsTargetInline(TargetsThroughTheApp, admin.TabularInline):
    model = SavingsTarget
    extra = 0


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "authority", "theme", "schedule", "safety_valve", "active"]
    list_filter = ["authority", "schedule", "safety_valve", "active"]
    search_fields = ["name", "theme"]
    filter_horizontal = ["leads"]
    inlines = [SavingsTargetInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A lead enters returns: Schools Forum members read and never lead.
        if db_field.name == "leads":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(memberships__isnull=False)
                .exclude(memberships__role=Role.FORUM_MEMBER)
                .distinct()
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(SavingsTarget)
class SavingsTargetAdmin(TargetsThroughTheApp, SimpleHistoryAdmin):
    list_display = ["workstream", "financial_year", "amount", "applies_from", "reason"]
    list_filter = ["workstream__authority", "financial_year"]
    list_select_related = ["workstream", "financial_year", "applies_from__financial_year"]


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(PeriodLockedAdmin, SimpleHistoryAdmin):
    list_display = ["workstream", "period", "rag", "status"]
    list_filter = ["workstream__authority", "status", "rag"]
    list_select_related = ["workstream", "period__financial_year", "period__authority"]
    readonly_fields = ["suggested_rag", "rag", "version"]


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


# Preparing for Adulthood casework: managed on the casework pages; here for
# superusers, with every change kept in the history like anywhere else.
@admin.register(TransitionCase)
class TransitionCaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "authority", "cohort", "pathway", "status", "next_review_on"]
    list_filter = ["authority", "status"]
    list_select_related = ["authority", "cohort", "pathway"]
    search_fields = ["reference"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        # A change here must also be noticed by anyone editing the case on its page.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Cohort, Pathway)
class CohortPathwayAdmin(SimpleHistoryAdmin):
    list_display = ["name", "authority", "order"]
    list_filter = ["authority"]


@admin.register(CaseworkSettings)
class CaseworkSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "small_number_threshold"]


@admin.register(EHCPlanIssue)
class EHCPlanIssueAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "authority", "requested_on", "issued_on", "exception"]
    list_filter = ["authority", "exception"]


class RecordOnlyAdmin(admin.ModelAdmin):
    """What happened, kept as it happened: read in the admin, made only by the pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseRedaction)
class CaseRedactionAdmin(RecordOnlyAdmin):
    list_display = ["reference", "authority", "redacted_by", "redacted_at", "reason"]
    list_filter = ["authority"]


@admin.register(CaseDeletion)
class CaseDeletionAdmin(RecordOnlyAdmin):
    list_display = ["reference", "authority", "deleted_by", "deleted_at", "reason"]
    list_filter = ["authority"]


@admin.register(DemoNotice)
class DemoNoticeAdmin(admin.ModelAdmin):
    list_display = ["authority", "workstream", "text"]
    list_filter = ["authority"]
