from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hnb_monitor.locking import ReadOnlyAdmin
from reports.models import Paper, PublishedPaper, SubmittedReturn


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Read here; written in the app, where the front matter keeps its version and
    publishing prints and freezes the paper."""

    list_display = ["authority", "period", "title", "exempt"]
    list_filter = ["authority"]
    list_select_related = ["authority", "period__financial_year"]


@admin.register(PublishedPaper)
class PublishedPaperAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """A published version is a frozen record: never changed or deleted, here or anywhere."""

    list_display = ["paper", "number", "published_at", "published_by", "page_count", "sha256"]
    list_select_related = ["paper__authority", "paper__period__financial_year", "published_by"]
    exclude = ["html", "pdf", "reads_json"]


@admin.register(SubmittedReturn)
class SubmittedReturnAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The monitoring return as sent to the DfE: a frozen record."""

    list_display = ["submission", "submitted_at", "submitted_by", "pdf_sha256"]
    exclude = ["html", "pdf", "xlsx", "reads_json"]
