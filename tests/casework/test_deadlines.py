"""Phase-transfer review deadlines: the cases at risk of missing theirs."""

import datetime

from django.utils import timezone

from tests.casework.helpers import HF
from workstreams.models import TransitionCase


def test_the_deadline_page_lists_cases_at_risk(client_for, olu, hf):
    today = timezone.localdate()
    TransitionCase.objects.filter(authority=hf).update(phase_transfer_review_on=today)
    # Open cases without a review: one whose deadline passed two years ago, one due on
    # 15 February next year (within the warning period or not, depending on today).
    TransitionCase.objects.filter(reference="PFA-0023").update(
        phase_transfer_review_on=None,
        target_transition_on=datetime.date(today.year - 2, 7, 31),
        post_16_move=False,
    )
    TransitionCase.objects.filter(reference="PFA-0029").update(
        phase_transfer_review_on=None,
        target_transition_on=datetime.date(today.year + 1, 7, 31),
        post_16_move=False,
    )
    next_deadline = datetime.date(today.year + 1, 2, 15)
    client = client_for(olu)
    for weeks in (4, 26):
        response = client.get(HF + f"deadlines/?weeks={weeks}")
        table = response.context["table"]
        references = [row.record.reference for row in table.page.object_list]
        within = next_deadline <= today + datetime.timedelta(weeks=weeks)
        assert references == ["PFA-0023", "PFA-0029"] if within else ["PFA-0023"]
    body = response.content.decode()
    assert f"15 Feb {today.year - 2}" in body and "Deadline passed" in body
