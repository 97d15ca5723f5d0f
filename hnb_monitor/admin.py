from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from hnb_monitor.models import Authority, FinancialYear, Membership, ReportingPeriod
from hnb_monitor.users import records_of

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class HnbUserAdmin(UserAdmin):
    """Someone who leaves is deactivated, not deleted: their name stays on every history
    and return. Only a user with nothing on record (added by mistake) can be deleted."""

    actions = ["deactivate"]
    list_display = [*UserAdmin.list_display, "is_active"]

    def has_delete_permission(self, request, obj=None):
        # No bulk delete from the list; one user at a time, and only with no record.
        if obj is None:
            return False
        return super().has_delete_permission(request, obj) and not records_of(obj)

    @admin.action(
        description="Deactivate selected users (they keep their names on records)",
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(
            request,
            f"{count} user{'s' if count != 1 else ''} deactivated: they can no longer sign in, "
            "and keep their names on what they did.",
            messages.SUCCESS,
        )


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "la_code", "publish_papers_publicly"]
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
