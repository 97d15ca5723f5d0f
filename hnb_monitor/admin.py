from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hnb_monitor.models import Authority, FinancialYear, Membership, ReportingPeriod


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "la_code"]
    search_fields = ["name", "la_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start_year"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    """A quarter's status moves only through the app, where signing off records what
    happens to missing returns and reopening needs a reason: never by a bare edit here."""

    list_display = ["authority", "code", "status"]
    list_filter = ["authority", "status", "financial_year"]
    list_select_related = ["authority", "financial_year"]

    def get_readonly_fields(self, request, obj=None):
        # A new period may be set up here (open); an existing one keeps its status.
        return ["status", "missing_returns"] if obj else ["missing_returns"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "authority", "role"]
    list_filter = ["authority", "role"]
    list_select_related = ["user", "authority"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
