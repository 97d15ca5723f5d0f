"""The GOV.UK table base for django-tables2: the design system's classes set once, so a
table declares only its columns."""

import django_tables2 as tables

from hnb_monitor.money import format_money

CELL = {"class": "govuk-table__cell"}
NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric hnb-money"},
}

# For a column with `linkify`: GOV.UK's link style on the cell's link.
LINK = {"a": {"class": "govuk-link"}}


# django-tables2 takes a page size from the query string (?per_page=): without a ceiling
# one request could list every one of 80,000 cases on a page.
MOST_PER_PAGE = 100


class GovukTable(tables.Table):
    def paginate(self, *args, per_page=None, **kwargs):
        if per_page is not None:
            per_page = max(1, min(per_page, MOST_PER_PAGE))
        return super().paginate(*args, per_page=per_page, **kwargs)

    class Meta:
        template_name = "includes/govuk_table.html"
        attrs = {
            "class": "govuk-table hnb-table--small",
            "th": {"class": "govuk-table__header"},
            "td": CELL,
        }


class MoneyColumn(tables.Column):
    """Whole pounds, negatives in brackets, right-aligned; a blank is a dash, not a zero."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        kwargs.setdefault("default", "–")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)
