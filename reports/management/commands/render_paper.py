from django.core.management.base import BaseCommand, CommandError

from hnb_monitor.models import Authority, ReportingPeriod
from reports.paper import PaperNotReady, paper_content
from reports.render import paper_html, paper_pdf


class Command(BaseCommand):
    help = "Render an authority's quarterly Schools Forum paper as PDF or HTML."

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

    def handle(self, *args, authority, period, output, format, **options):
        found = Authority.objects.filter(slug=authority).first()
        if found is None:
            known = ", ".join(Authority.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"No authority with slug {authority!r} (known: {known})")
        quarter = (
            ReportingPeriod.objects.with_code(period)
            .filter(authority=found)
            .select_related("financial_year")
            .first()
        )
        if quarter is None:
            raise CommandError(f"{found.name} has no reporting period {period!r}")
        try:
            content = paper_content(authority=found, period=quarter)
        except PaperNotReady as error:
            raise CommandError(str(error)) from error
        html = paper_html(content)
        if output == "-":
            self.stdout.write(html)
        elif format == "html":
            with open(output, "w", encoding="utf-8") as file:
                file.write(html)
        else:
            with open(output, "wb") as file:
                file.write(paper_pdf(html))
        if output != "-":
            self.stderr.write(f"Wrote {output}")
