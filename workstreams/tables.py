import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from hnb_monitor.money import format_money
from hnb_monitor.tables import LINK, GovukTable, MoneyColumn


def carried(shown, record):
    """A figure carried from an earlier quarter of the year says so beside it."""
    if not record.carried_from:
        return shown
    return format_html(
        '{} <span class="govuk-hint govuk-!-display-inline">(from {})</span>',
        shown,
        record.carried_from,
    )


def workstream_url(table, record) -> str:
    return reverse(
        "workstream_detail",
        kwargs={"authority_slug": table.authority_slug, "pk": record.workstream.id},
    )


class WorkstreamTable(GovukTable):
    """The dashboard's table: one row per workstream for the chosen quarter."""

    name = tables.Column(
        accessor="workstream__name", verbose_name="Workstream", linkify=workstream_url, attrs=LINK
    )
    theme = tables.Column(accessor="workstream__theme", verbose_name="Theme")
    schedule = tables.Column(accessor="workstream__schedule", verbose_name="Schedule", default="–")
    leads = tables.Column(accessor="workstream", verbose_name="Lead", orderable=False)
    # Rows are plain objects sorted in Python: sort keys put blanks last.
    target = MoneyColumn(verbose_name="Target (£)", order_by="sort_key__target")
    delivered = MoneyColumn(verbose_name="Delivered (£)", order_by="sort_key__delivered")
    forecast = MoneyColumn(verbose_name="Forecast (£)", order_by="sort_key__forecast")
    variance = MoneyColumn(verbose_name="Variance (£)", order_by="sort_key__variance")
    rag = tables.Column(verbose_name="RAG", default="No return", order_by="sort_key__rag")

    class Meta(GovukTable.Meta):
        orderable = True
        empty_text = "No workstreams match these filters."

    def __init__(self, *args, authority_slug: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority_slug = authority_slug

    def render_delivered(self, value, record):
        return carried(format_money(value), record)

    def render_forecast(self, value, record):
        return carried(format_money(value), record)

    def render_leads(self, value):
        return ", ".join(value.leads) or "–"

    def render_rag(self, value, record):
        return carried(render_to_string("includes/rag_tag.html", {"rag": value}), record)
