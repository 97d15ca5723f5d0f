"""E-mail alerts to the members who follow an authority's meetings.

Publishing writes one `Alert` per follower in its own transaction (so nothing is
announced that did not happen) and the alerts are sent once it commits, in a thread of
their own (so a slow mail server never holds up the page). What is not sent stays in the
outbox for `manage.py send_alerts`.

Exempt (Part 2) business is never in an e-mail: an agenda alert lists the public pack's
items only, and an exempt paper is not announced at all. An e-mail is forwarded, kept in
mailboxes and read on phones; the pages themselves decide who sees what.
"""

import datetime
import json
import logging
import threading

from django.conf import settings
from django.core.mail import send_mail
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from hnb_monitor.templatetags.hnb import clock
from reports.models import SHORT_TEXT, Alert, Follow

logger = logging.getLogger(__name__)

# An alert that has failed this many times stays in the outbox (the Alert table), with
# its last error, for someone to look at, rather than being retried for ever.
MAX_ATTEMPTS = 10
# When every item is exempt, the public pack is empty, and so is the list.
NO_PUBLIC_ITEMS = "Every item of this meeting is taken in private."


@transaction.atomic
def announce_agenda(pack) -> None:
    """Queue an e-mail to each follower of the meeting's authority: the meeting, its
    public agenda items and a link to the meeting page."""
    meeting = pack.meeting
    authority = meeting.authority
    when = meeting_time(meeting.starts_at)
    published = "published" if pack.number == 1 else f"republished (version {pack.number})"
    subject = f"{authority.name} {meeting.name}, {when}: agenda {published}"
    lines = [
        f"{authority.name} has {published} the agenda of its {meeting.name} meeting.",
        "",
        f"When: {when}",
    ]
    if place(meeting):
        lines.append(f"Where: {place(meeting)}")
    lines += [
        "",
        "Agenda:",
        *([agenda_line(item) for item in public_items(pack)] or [NO_PUBLIC_ITEMS]),
        "",
        "The agenda pack and the meeting's details are on the meeting page:",
        site_link(reverse("meeting_detail", args=[authority.slug, meeting.pk])),
    ]
    queue(authority, subject, "\n".join(lines))


@transaction.atomic
def announce_paper(version) -> None:
    """Queue an e-mail to each follower of the paper's authority, unless the paper is
    exempt: then nothing is sent, not even that it exists."""
    if version.exempt:
        return
    paper = version.paper
    authority, period = paper.authority, paper.period
    if version.number == 1:
        subject = f"{authority.name}: Schools Forum paper published: {version.title}"
        opening = f"{authority.name} has published its Schools Forum paper:"
    else:
        subject = f"{authority.name}: Schools Forum paper corrected: {version.title}"
        opening = f"{authority.name} has published a correction (version {version.number}):"
    lines = [opening, "", version.title]
    if paper.meeting_date:
        lines.append(f"For the {paper.meeting_name} meeting of {long_date(paper.meeting_date)}")
    lines += [
        "",
        "Read it here:",
        site_link(reverse("paper_detail", args=[authority.slug, period.code])),
    ]
    queue(authority, subject, "\n".join(lines))


def public_items(pack) -> list[dict]:
    """The items of the public pack. Any item that has the title of an exempt item of the
    meeting is left out as well: the public pack is built elsewhere, and this e-mail
    should not depend on that being right."""
    items = json.loads(pack.public_contents_json or "{}").get("items", [])
    exempt_titles = set(pack.meeting.items.filter(exempt=True).values_list("title", flat=True))
    return [item for item in items if item["title"] not in exempt_titles]


def agenda_line(item: dict) -> str:
    """Like "3. High Needs Block budget (pages 7 to 12)"."""
    line = f"{item['number']}. {item['title']}"
    first, last = item.get("first_page"), item.get("last_page")
    if not first:
        return line
    if not last or last == first:
        return f"{line} (page {first})"
    return f"{line} (pages {first} to {last})"


def queue(authority, subject: str, body: str) -> None:
    """One alert per follower who is still a member of the authority and has an e-mail
    address; sent once the caller's transaction commits."""
    followers = (
        Follow.objects.filter(
            authority=authority,
            user__is_active=True,
            user__memberships__authority=authority,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__pk")
    )
    alerts = [
        Alert(recipient=follow.user.email, subject=subject[:SHORT_TEXT], body=body)
        for follow in followers
    ]
    if alerts:
        Alert.objects.bulk_create(alerts)
        # robust: whatever happens in sending, the request that published has succeeded.
        transaction.on_commit(send_after_commit, robust=True)


def send_after_commit() -> None:
    if settings.ALERTS_SEND_IN_BACKGROUND:
        threading.Thread(target=send_in_background, name="alerts", daemon=True).start()
    else:
        send_pending()


def send_in_background() -> None:
    try:
        send_pending()
    except Exception:
        logger.exception("Sending alerts failed; manage.py send_alerts will retry")
    finally:
        # The thread's own database connection: nothing else would close it.
        connections.close_all()


def send_pending() -> tuple[int, int]:
    """Send every alert still waiting; returns (sent, failed). A failure is recorded on
    the alert and never raised."""
    sent = failed = 0
    waiting = Alert.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    for pk in list(waiting.values_list("pk", flat=True)):
        outcome = send_one(pk)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def send_one(pk: int) -> bool | None:
    """Send one alert: True when sent, False when it failed, None when another sender
    (a thread, or send_alerts from cron) has it or has sent it. The row stays locked
    while it is sent, so two senders never send it twice (on PostgreSQL)."""
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if alert is None:
            return None
        alert.attempts += 1
        try:
            send_mail(alert.subject, alert.body, None, [alert.recipient])
        except Exception as error:
            alert.last_error = f"{type(error).__name__}: {error}"[:SHORT_TEXT]
            alert.save(update_fields=["attempts", "last_error"])
            logger.warning("Alert %s to %s not sent: %s", alert.pk, alert.recipient, error)
            return False
        alert.sent_at = timezone.now()
        alert.save(update_fields=["attempts", "sent_at"])
        return True


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def place(meeting) -> str:
    """Where the meeting is held, or "" while no venue is set."""
    return meeting.venue or ("Held remotely" if meeting.remote else "")


def meeting_time(moment: datetime.datetime) -> str:
    """Like "Tuesday 5 March 2024 at 2pm" or "... at 2:30pm", in the council's time."""
    local = timezone.localtime(moment)
    return f"{local:%A} {long_date(local)} at {clock(moment)}"


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
