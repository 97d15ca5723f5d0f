from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import Paper, PublishedPaper


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Read here; written in the app, where the front matter keeps its version and
    publishing prints and freezes the paper."""

    list_display = ["authority", "period", "title", "exempt"]
    list_filter = ["authority"]
    list_select_related = ["authority", "period__financial_year"]


@admin.register(PublishedPaper)
class PublishedPaperAdmin(ReadOnlyAdmin):
    """A published version is a frozen record: never changed or deleted, here or anywhere."""

    list_display = ["paper", "number", "published_at", "published_by", "page_count", "sha256"]
    list_select_related = ["paper__authority", "paper__period__financial_year", "published_by"]
    exclude = ["html", "pdf", "reads_json"]
