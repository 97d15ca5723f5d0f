from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forecasts.exports import forecast_workbook
from forecasts.management.commands._lookup import overview_or_error


class Command(BaseCommand):
    help = "Write an authority's HNB forecast for a reporting period to an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("authority", help="authority slug, e.g. hammersmith-fulham")
        parser.add_argument("period", help="reporting period code, e.g. 2023-24-Q1")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, authority, period, output, **options):
        # Read as staff: every return, draft or approved, informs the workstream savings sheet.
        authority, overview = overview_or_error(authority, period)
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{output}: the output must be an .xlsx file")
        if not path.parent.exists():
            raise CommandError(f"{path.parent} does not exist")
        content = forecast_workbook(authority_name=authority.name, overview=overview)
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes)")
