import csv
import json

from django.core.management.base import BaseCommand

from forecasts.management.commands._lookup import forecast_or_error
from forecasts.selectors import load_forecast
from hnb_monitor.money import format_money


def plain(amount) -> str:
    """Signed figures as in the reference CSV: whole pounds, pence only when present."""
    return str(int(amount)) if amount == amount.to_integral_value() else f"{amount:.2f}"


class Command(BaseCommand):
    help = "Print an authority's high-level HNB forecast for a reporting period."

    def add_arguments(self, parser):
        parser.add_argument("authority", help="authority slug, e.g. hammersmith-fulham")
        parser.add_argument("period", help="reporting period code, e.g. 2023-24-Q1")
        parser.add_argument("--format", choices=["text", "csv", "json"], default="text")

    def handle(self, *args, authority, period, format, **options):
        data = load_forecast(forecast_or_error(authority, period))
        table = data.table
        rows = list(table.rows())
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["line", *table.years])
            for key, _label, _kind, values in rows:
                writer.writerow([key, *(plain(v) for v in values)])
        elif format == "json":
            payload = {
                "authority": data.forecast.period.authority.slug,
                "period": data.forecast.period.code,
                "years": list(table.years),
                "final_outturn": dict(zip(table.years, table.is_outturn, strict=True)),
                "lines": [
                    {"key": key, "label": label, "kind": kind, "values": [plain(v) for v in values]}
                    for key, label, kind, values in rows
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
        else:
            width = max(len(label) for _, label, _, _ in rows)
            header = [
                f"{year} {'Final Outturn' if outturn else 'Forecast'}"
                for year, outturn in zip(table.years, table.is_outturn, strict=True)
            ]
            self.stdout.write(" " * width + "".join(f"{h:>24}" for h in header))
            for _key, label, _kind, values in rows:
                self.stdout.write(
                    f"{label:<{width}}" + "".join(f"{format_money(v):>24}" for v in values)
                )
