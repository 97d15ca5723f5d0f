"""The Schools Forum paper as HTML, and that HTML as an accessible PDF."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports.paper import PaperContent
from workstreams import charts
from workstreams.choices import Rag


def paper_stylesheet() -> str:
    """The paper's CSS, inlined so that the HTML file is the whole paper on its own."""
    path = finders.find("hnb/paper.css")
    with open(path, encoding="utf-8") as css:
        return css.read()


def workstream_sections(content: PaperContent) -> list[tuple]:
    """Each workstream of the dashboard, in the authority's order, with its measures."""
    measures = {entry.workstream_id: entry.measures for entry in content.measures}
    return [(row, measures.get(row.workstream.id, ())) for row in content.dashboard.rows]


def paper_html(content: PaperContent) -> str:
    board = content.dashboard
    return render_to_string(
        "reports/paper.html",
        {
            "paper": content,
            "forecast": content.forecast,
            "board": board,
            "rags": list(Rag),
            "workstreams": workstream_sections(content),
            # The chart geometry is computed from the stored figures, never stored itself.
            "pairs": charts.target_forecast_bars(board.chart_rows),
            "stylesheet": mark_safe(paper_stylesheet()),
        },
    )


def render_pdf(html: str) -> tuple[bytes, int]:
    """The paper's HTML as a tagged PDF/UA-1 document, and its number of pages."""
    # Imported here: WeasyPrint loads Pango on import, which pages never need.
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        pdf_variant="pdf/ua-1"
    )
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


def paper_pdf(html: str) -> bytes:
    return render_pdf(html)[0]
