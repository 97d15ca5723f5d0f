from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forecasts.management.commands._lookup import forecast_or_error
from forecasts.selectors import load_forecast, workbook_bytes_for
from hnb_monitor.choices import Role
from hnb_monitor.models import Membership


class Command(BaseCommand):
    help = "Write an authority's HNB forecast for a reporting period to an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("authority", help="authority slug, e.g. hammersmith-fulham")
        parser.add_argument("period", help="reporting period code, e.g. 2023-24-Q1")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, authority, period, output, **options):
        forecast = forecast_or_error(authority, period)
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{output}: the output must be an .xlsx file")
        if not path.parent.exists():
            raise CommandError(f"{path.parent} does not exist")
        # The command runs as finance would: every return, draft or approved, informs the
        # workstream savings sheet.
        as_finance = Membership(authority=forecast.period.authority, role=Role.FINANCE)
        content = workbook_bytes_for(load_forecast(forecast), as_finance)
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes)")
