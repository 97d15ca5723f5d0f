import csv
import json

from django.core.management.base import BaseCommand

from forecasts.computation import DERIVED, ENTERED
from forecasts.management.commands._lookup import overview_or_error
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
        authority, overview = overview_or_error(authority, period)
        years = overview.year_labels
        rows = overview.rows
        if format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["line", *years])
            for row in rows:
                writer.writerow([row.key, *(plain(v) for v in row.values)])
        elif format == "json":
            payload = {
                "authority": authority.slug,
                "period": overview.period.code,
                "years": list(years),
                "final_outturn": {year.label: year.is_outturn for year in overview.years},
                "lines": [
                    {
                        "key": row.key,
                        "label": row.label,
                        "kind": DERIVED if row.derived else ENTERED,
                        "values": [plain(v) for v in row.values],
                    }
                    for row in rows
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
        else:
            width = max(len(row.label) for row in rows)
            header = [
                f"{year.label} {'Final Outturn' if year.is_outturn else 'Forecast'}"
                for year in overview.years
            ]
            self.stdout.write(" " * width + "".join(f"{h:>24}" for h in header))
            for row in rows:
                self.stdout.write(
                    f"{row.label:<{width}}" + "".join(f"{format_money(v):>24}" for v in row.values)
                )
