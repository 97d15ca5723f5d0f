from django.core.management.base import BaseCommand, CommandError

from hnb_monitor.models import Authority, ReportingPeriod
from reports.models import Paper
from reports.paper import PaperNotReady
from reports.render import paper_html, paper_pdf
from reports.services import draft_content, new_paper


class Command(BaseCommand):
    help = (
        "Print an authority's quarterly Schools Forum paper as PDF or HTML: the latest "
        "published version as it was published, else the draft from today's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("authority", help="authority slug, e.g. hammersmith-fulham")
        parser.add_argument("period", help="reporting period code, e.g. 2023-24-Q1")
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help="file to write; '-' writes the HTML to stdout, whatever the format",
        )
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="print today's figures even when the paper is published",
        )

    def handle(self, *args, authority, period, output, format, draft, **options):
        quarter = self.quarter(authority, period)
        paper = Paper.objects.filter(period=quarter).first() or new_paper(quarter)
        published = None if draft or paper.pk is None else paper.versions.first()
        if published is not None:
            html, pdf = bytes(published.html), lambda: bytes(published.pdf)
            self.stderr.write(
                f"Version {published.number}, published {published.published_at:%-d %B %Y}"
            )
        else:
            try:
                text = paper_html(draft_content(paper))
            except PaperNotReady as error:
                raise CommandError(str(error)) from error
            html, pdf = text.encode(), lambda: paper_pdf(text)
        if output == "-":
            self.stdout.write(html.decode(), ending="")
            return
        with open(output, "wb") as file:
            file.write(html if format == "html" else pdf())
        self.stderr.write(f"Wrote {output}")

    def quarter(self, slug: str, code: str) -> ReportingPeriod:
        found = Authority.objects.filter(slug=slug).first()
        if found is None:
            known = ", ".join(Authority.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"No authority with slug {slug!r} (known: {known})")
        quarter = (
            ReportingPeriod.objects.with_code(code)
            .filter(authority=found)
            .select_related("financial_year", "authority")
            .first()
        )
        if quarter is None:
            raise CommandError(f"{found.name} has no reporting period {code!r}")
        return quarter
