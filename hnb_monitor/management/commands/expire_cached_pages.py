from django.core.management.base import BaseCommand

from hnb_monitor import caching


class Command(BaseCommand):
    help = (
        "Make every cached page stale. Run it after anything changes the database without "
        "going through the application: a restored backup, an edit in psql."
    )

    def handle(self, *args, **options):
        caching.bump_everything()
        self.stdout.write("Every cached page will be computed afresh on its next request.")
