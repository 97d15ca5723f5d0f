from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hnb_monitor.locking import ReadOnlyAdmin
from reports.models import (
    Action,
    AgendaItem,
    AgendaPack,
    Alert,
    Attendee,
    Follow,
    ForumRules,
    Meeting,
    MinutesCorrection,
    Paper,
    PublishedPaper,
    Resolution,
    SubmittedReturn,
)


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


@admin.register(ForumRules)
class ForumRulesAdmin(admin.ModelAdmin):
    """Each authority's quorum rule, kept by an administrator."""

    list_display = ["authority", "quorum_percent"]


class ReadOnlyInline(ReadOnlyAdmin, admin.TabularInline):
    extra = 0


class AttendeeInline(ReadOnlyInline):
    model = Attendee


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ["number", "title", "exempt", "paper", "document_name"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Read here; drafted in the app by the clerk, where approved minutes stay locked."""

    list_display = ["authority", "starts_at", "status", "minutes_approved_on"]
    list_filter = ["authority", "status"]
    inlines = [AgendaItemInline, AttendeeInline]


class ResolutionInline(ReadOnlyInline):
    model = Resolution


class ActionInline(ReadOnlyInline):
    model = Action


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["meeting", "number", "title", "exempt"]
    exclude = ["document"]
    inlines = [ResolutionInline, ActionInline]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Who follows which authority's meetings; a member stops following in the app."""

    list_display = ["user", "authority", "since"]


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["meeting", "decided_at", "recorded_at", "recorded_by"]


@admin.register(AgendaPack)
class AgendaPackAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """A published agenda pack is a frozen record."""

    list_display = ["meeting", "number", "published_at", "published_by", "page_count", "sha256"]
    exclude = ["pdf", "public_pdf", "contents_json", "public_contents_json"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The e-mail outbox: what was sent, and what is waiting or failing."""

    list_display = ["subject", "recipient", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["sent_at"]
