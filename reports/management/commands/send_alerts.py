"""Send the alert e-mails still waiting: those whose thread did not get to them (the
server restarted, the mail server was down). Run it from cron, every few minutes."""

from django.core.management.base import BaseCommand

from reports.meetings.alerts import send_pending


class Command(BaseCommand):
    help = "Send the alert e-mails to followers of meetings that are still waiting."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        self.stdout.write(f"{sent} alert(s) sent, {failed} failed")
        if failed:
            self.stderr.write("The failures are kept with their error, to be tried again")
