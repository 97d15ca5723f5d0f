import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2.utils import AttributeDict

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


def money(value) -> str | None:
    return None if value is None else format_money(value)


class WorkstreamTable(GovukTable):
    """The dashboard's table: one row per workstream for the chosen quarter.

    django-tables2 sorts and pages the rows and heads the columns. The page's rows are
    written by `page_rows`, a row at a time, with each column's cell attributes and
    default: django-tables2's cell by cell rendering cost more than the dashboard's reads
    (21 ms for a page of 25 rows)."""

    name = tables.Column(accessor="workstream__name", verbose_name="Workstream")
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
        template_name = "workstreams/workstream_table.html"
        orderable = True
        empty_text = "No workstreams match these filters."

    def __init__(self, *args, authority_slug: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority_slug = authority_slug
        self.rag_tags = {}
        self.link_attrs = AttributeDict(LINK["a"]).as_html()

    def rag_tag(self, rag):
        """The shared RAG tag, rendered once per RAG for the page."""
        if rag not in self.rag_tags:
            self.rag_tags[rag] = render_to_string("includes/rag_tag.html", {"rag": rag})
        return self.rag_tags[rag]

    def cells(self, record) -> dict:
        """What each column shows of a row; None (or a blank) where it shows its default."""
        workstream = record.workstream
        url = reverse(
            "workstream_detail",
            kwargs={"authority_slug": self.authority_slug, "pk": workstream.id},
        )
        delivered, forecast = money(record.delivered), money(record.forecast)
        return {
            "name": workstream.name
            and format_html('<a {} href="{}">{}</a>', self.link_attrs, url, workstream.name),
            "theme": workstream.theme,
            "schedule": workstream.schedule,
            "leads": ", ".join(workstream.leads) or "–",
            "target": money(record.target),
            "delivered": delivered and carried(delivered, record),
            "forecast": forecast and carried(forecast, record),
            "variance": money(record.variance),
            "rag": record.rag and carried(self.rag_tag(record.rag), record),
        }

    def page_rows(self) -> list[str]:
        """The HTML of each row's cells on the page, as django-tables2 would write them.

        Each column's opening tag is written once for the page and each cell escaped as
        format_html would: a format_html per cell was most of the rows' time."""
        columns = [
            (
                column.name,
                format_html("<td {}>", column.attrs["td"].as_html()),
                column.default,
                column.column.empty_values,
            )
            for column in self.columns
        ]
        rows = []
        for row in self.paginated_rows:
            shown = self.cells(row.record)
            cells = (
                (td, default if shown[name] in empty else shown[name])
                for name, td, default, empty in columns
            )
            rows.append(mark_safe("".join(f"{td}{conditional_escape(v)}</td>" for td, v in cells)))
        return rows
