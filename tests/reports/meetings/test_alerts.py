"""Alerts: one e-mail per follower who is still a member and has an address, sent only
once the publishing transaction commits, never with exempt business in it."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction

from hnb_monitor.models import Membership
from reports.meetings.alerts import announce_agenda, announce_paper, send_pending
from reports.models import Alert

from .conftest import EXEMPT_TITLE, HF, follow, make_pack

PUBLISH = "/a/hammersmith-fulham/papers/2023-24-Q1/publish/"
MEETING_PAGE = "https://hnb.example.gov.uk/a/hammersmith-fulham/meetings/{pk}/"


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the council's relay is down")


def everything_sent() -> str:
    return "\n".join(message.subject + "\n" + message.body for message in mail.outbox)


def test_each_follower_with_an_address_gets_the_agenda(
    meeting, followers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting))

    assert sorted(message.to[0] for message in mail.outbox) == [
        "olu@lbhf.example.gov.uk",
        "sam@school.example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == (
        "Hammersmith & Fulham Schools Forum, Tuesday 5 March 2024 at 2pm: agenda published"
    )
    assert "When: Tuesday 5 March 2024 at 2pm" in message.body
    assert "Where: Hammersmith Town Hall, Committee Room 1" in message.body
    assert "1. Apologies and declarations of interest (pages 2 to 3)" in message.body
    assert "2. High Needs Block monitoring, Q3 2023/24 (pages 4 to 5)" in message.body
    assert MEETING_PAGE.format(pk=meeting.pk) in message.body
    assert Alert.objects.filter(sent_at__isnull=False).count() == 2


def test_exempt_items_are_never_in_an_email(meeting, followers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting))
    assert len(mail.outbox) == 2
    assert EXEMPT_TITLE not in everything_sent()
    assert "3." not in mail.outbox[0].body.split("Agenda:")[1]


def test_an_exempt_item_in_a_wrong_public_pack_is_still_left_out(
    meeting, followers, django_capture_on_commit_callbacks
):
    whole = [{"number": item.number, "title": item.title} for item in meeting.items.all()]
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting, public_items=whole))
    assert len(mail.outbox) == 2
    assert EXEMPT_TITLE not in everything_sent()


def test_a_republished_agenda_says_so_without_its_reason(
    meeting, followers, django_capture_on_commit_callbacks
):
    make_pack(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        pack = make_pack(meeting, number=2)
        announce_agenda(pack)
    assert mail.outbox[0].subject.endswith("agenda republished (version 2)")


def test_a_wholly_exempt_agenda_says_only_that(
    meeting, followers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting, public_items=[]))
    assert "Every item of this meeting is taken in private." in mail.outbox[0].body


def test_a_follower_who_is_no_longer_a_member_gets_nothing(
    meeting, followers, hf, sam, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=sam, authority=hf).delete()
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting))
    assert [message.to for message in mail.outbox] == [["olu@lbhf.example.gov.uk"]]


def test_following_another_authority_is_not_following_this_one(
    meeting, carl, cambs, django_capture_on_commit_callbacks
):
    follow(carl, cambs, "carl@cambs.example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting))
    assert mail.outbox == []
    assert not Alert.objects.exists()


def test_alerts_are_sent_only_after_the_commit(
    meeting, followers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announce_agenda(make_pack(meeting))
        # Written with what they announce, not yet sent.
        assert Alert.objects.filter(sent_at__isnull=True).count() == 2
    assert mail.outbox == []
    assert callbacks  # the sending, and making cached pages stale (hnb_monitor.caching)
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_nothing_is_written_or_sent_if_the_publishing_rolls_back(
    meeting, followers, django_capture_on_commit_callbacks
):
    class PublishingFailed(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PublishingFailed), transaction.atomic():
            announce_agenda(make_pack(meeting))
            raise PublishingFailed
    assert callbacks == []
    assert mail.outbox == []
    assert not Alert.objects.exists()


def test_a_failing_mail_server_leaves_the_alert_waiting_and_raises_nothing(
    meeting, sam, hf, settings, django_capture_on_commit_callbacks
):
    follow(sam, hf, "sam@school.example.org")
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting))
    alert = Alert.objects.get()
    assert alert.sent_at is None
    assert alert.attempts == 1
    assert "the council's relay is down" in alert.last_error


def test_send_alerts_sends_what_is_waiting(meeting, followers, settings, capsys):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    announce_agenda(make_pack(meeting))
    assert send_pending() == (0, 2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_alerts")
    assert "2 alert(s) sent, 0 failed" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    assert set(Alert.objects.values_list("attempts", flat=True)) == {2}
    assert not Alert.objects.filter(sent_at__isnull=True).exists()

    call_command("send_alerts")
    assert "0 alert(s) sent, 0 failed" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_an_address_that_keeps_failing_is_left_for_someone_to_look_at(meeting, sam, hf):
    follow(sam, hf, "sam@school.example.org")
    announce_agenda(make_pack(meeting))
    Alert.objects.update(attempts=10)
    assert send_pending() == (0, 0)


# The paper --------------------------------------------------------------------------------


def test_publishing_a_paper_tells_its_followers(
    q1_paper, followers, ade, client_for, quick_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ade).post(PUBLISH, {})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject.startswith("Hammersmith & Fulham: Schools Forum paper published: ")
    assert q1_paper.title in message.body
    assert "https://hnb.example.gov.uk/a/hammersmith-fulham/papers/2023-24-Q1/" in message.body


def test_an_exempt_paper_is_not_announced(
    q1_paper, followers, ade, client_for, quick_pdf, django_capture_on_commit_callbacks
):
    q1_paper.exempt = True
    q1_paper.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ade).post(PUBLISH, {})
    assert response.status_code == 302
    assert q1_paper.versions.get().exempt
    assert mail.outbox == []
    assert not Alert.objects.exists()


def test_announce_paper_of_an_exempt_version_writes_nothing(q1_paper, followers, fay, quick_pdf):
    from reports.services import publish_paper

    q1_paper.exempt = True
    q1_paper.save()
    version = publish_paper(paper=q1_paper, user=fay)
    announce_paper(version)
    assert not Alert.objects.exists()


def test_a_correction_of_the_paper_is_announced_as_one(
    q1_paper, followers, ade, client_for, quick_pdf, django_capture_on_commit_callbacks
):
    client = client_for(ade)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PUBLISH, {})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PUBLISH, {"reason": "The Q1 forecast table had last quarter's figures"})
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Hammersmith & Fulham: Schools Forum paper corrected")
    assert "published a correction (version 2)" in mail.outbox[0].body


def test_publishing_does_not_wait_for_the_mail_server(
    meeting, followers, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """In production the alerts go in a thread of their own, started after the commit."""
    started = []

    class Thread:
        def __init__(self, target, name, daemon):
            started.append((target.__name__, daemon))

        def start(self):
            pass

    settings.ALERTS_SEND_IN_BACKGROUND = True
    monkeypatch.setattr("reports.meetings.alerts.threading.Thread", Thread)
    with django_capture_on_commit_callbacks(execute=True):
        announce_agenda(make_pack(meeting))
    assert started == [("send_in_background", True)]
    assert mail.outbox == []
    assert Alert.objects.filter(sent_at__isnull=True).count() == 2


def test_publishing_an_agenda_from_its_page_tells_the_followers_without_exempt_items(
    meeting, followers, ade, client_for, django_capture_on_commit_callbacks
):
    """The whole way: the programme lead publishes, the pack is printed (the public pack
    without item 3), and the followers get its public items and the meeting's page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ade).post(f"{HF}/meetings/{meeting.pk}/publish/", {})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "1. Apologies and declarations of interest" in body
    assert "2. High Needs Block monitoring, Q3 2023/24" in body
    assert MEETING_PAGE.format(pk=meeting.pk) in body
    assert EXEMPT_TITLE not in everything_sent()
    assert EXEMPT_TITLE in meeting.packs.get().contents_json
