import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse

from hnb_monitor.money import format_money

CELL = {"class": "govuk-table__cell"}
NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric hnb-money"},
}


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        kwargs.setdefault("default", "–")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)


class WorkstreamTable(tables.Table):
    """The dashboard's table: one row per workstream for the chosen quarter."""

    name = tables.Column(accessor="workstream__name", verbose_name="Workstream", attrs={"td": CELL})
    theme = tables.Column(accessor="workstream__theme", verbose_name="Theme", attrs={"td": CELL})
    schedule = tables.Column(
        accessor="workstream__schedule", verbose_name="Schedule", attrs={"td": CELL}, default="–"
    )
    leads = tables.Column(
        accessor="workstream", verbose_name="Lead", orderable=False, attrs={"td": CELL}
    )
    # Rows are plain objects sorted in Python: sort keys put blanks last.
    target = MoneyColumn(verbose_name="Target (£)", order_by="sort_key__target")
    delivered = MoneyColumn(verbose_name="Delivered (£)", order_by="sort_key__delivered")
    forecast = MoneyColumn(verbose_name="Forecast (£)", order_by="sort_key__forecast")
    variance = MoneyColumn(verbose_name="Variance (£)", order_by="sort_key__variance")
    rag = tables.Column(
        verbose_name="RAG", attrs={"td": CELL}, default="No return", order_by="sort_key__rag"
    )

    class Meta:
        template_name = "includes/govuk_table.html"
        attrs = {"class": "govuk-table hnb-table--small", "th": {"class": "govuk-table__header"}}
        orderable = True
        empty_text = "No workstreams match these filters."

    def __init__(self, *args, authority_slug: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority_slug = authority_slug

    def render_name(self, value, record):
        url = reverse(
            "workstream_detail",
            kwargs={"authority_slug": self.authority_slug, "pk": record.workstream.id},
        )
        return render_to_string("includes/link.html", {"url": url, "text": value})

    def render_leads(self, value):
        return ", ".join(value.leads) or "–"

    def render_rag(self, value):
        return render_to_string("includes/rag_tag.html", {"rag": value})
