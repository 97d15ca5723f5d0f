from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forecasts.demo import load_forecasts
from hnb_monitor import caching, demo
from reports.demo import load_papers
from reports.meetings.demo import load_meetings
from workstreams.demo import load_workstreams


class Command(BaseCommand):
    help = (
        "Load the three seed authorities (Hammersmith & Fulham, Cambridgeshire, Tower "
        "Hamlets) and their figures from fixtures/demo/. Safe to run again: it changes "
        "only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create demo-officer, demo-finance, demo-admin and demo-forum for H&F.",
        )
        parser.add_argument(
            "--without-paper",
            action="store_true",
            help="Leave H&F's Q1 2023/24 signed off, its Schools Forum paper unpublished "
            "(quicker: the paper takes seconds to print).",
        )
        parser.add_argument(
            "--password",
            help="Password for the demo users (default: a generated one, printed once).",
        )

    def handle(self, *args, with_users=False, without_paper=False, password=None, **options):
        if password is not None:
            check_password(password)
        tally = demo.Tally()
        # Bulk creates send no signals: every cached page is made stale once, at the end.
        with caching.loading(), transaction.atomic():
            demo.load_authorities(tally)
            logins = demo.load_users(tally, password) if with_users else []
            load_workstreams(tally)
            load_forecasts(tally)
            demo.finish_periods(tally)
            load_papers(tally, publish=not without_paper)
            load_meetings(tally)
        self.stdout.write(f"Demo data loaded: {tally}.")
        if logins:
            self.stdout.write("Demo logins for Hammersmith & Fulham:")
            for username, role, note in logins:
                self.stdout.write(f"  {username:<14} {role:<28} password: {note}")


def check_password(password: str) -> None:
    """The demo users are real accounts on whatever server the demo runs on, so their
    password must pass the same validators as anyone else's (settings.AUTH_PASSWORD_VALIDATORS),
    checked against each demo user's own name."""
    User = get_user_model()
    problems = []
    for username, first, last, _role in demo.DEMO_USERS:
        user = User(username=username, first_name=first, last_name=last)
        try:
            validate_password(password, user)
        except ValidationError as error:
            problems += [message for message in error.messages if message not in problems]
    if problems:
        listed = "\n".join(f"  - {message}" for message in problems)
        raise CommandError(f"The demo password is not strong enough:\n{listed}")
