"""The agreement page: terms, payments and their versions, conditions, reports to the DfE,
and the headline, for staff and for the Schools Forum."""

import datetime
from decimal import Decimal

from django.utils import timezone

from forecasts.agreement_selectors import AgreementPage, agreement_page
from forecasts.agreement_services import InstalmentRow, reprofile, rows_of
from forecasts.models import Condition, PaymentSchedule, Submission
from hnb_monitor import plain
from hnb_monitor.choices import Audience
from tests.forecasts.helpers import HF, text_of
from workstreams.models import Workstream

PAGE = f"{HF}/agreement/"


def test_the_forum_reads_how_far_the_forecast_is_from_the_agreement(sam, client_for):
    page = text_of(client_for(sam).get(PAGE).content)

    assert "Against the safety-valve agreement, as forecast at Q1 2023/24" in page
    assert "2023/24, after all mitigations £782,476 better than the agreement" in page
    assert "From 2021/22 to 2023/24 £1,245,847 better than the agreement" in page
    assert (
        "Retained deficit at the end of 2025/26 A deficit of £988,309 forecast, against a "
        "surplus of £517,225 had every year gone as agreed: £1,505,534 more than the agreement"
    ) in page
    assert "Term 2021/22 to 2025/26" in page and "DfE contribution in total £14,555,600" in page
    assert "Total 14,555,600 received £11,555,600, outstanding £3,000,000" in page
    assert "No conditions recorded" in page


def test_a_reprofile_shows_beside_the_first_and_says_when_the_total_differs(
    hf, fay, sam, client_for
):
    v1 = PaymentSchedule.objects.get(agreement__authority=hf, number=1)
    rows = [
        InstalmentRow(
            r.financial_year, r.amount + (500000 if r.financial_year.start_year == 2025 else 0)
        )
        for r in rows_of(v1)
    ]
    reprofile(schedule=v1, rows=rows, reason="A further payment agreed for 2025/26", user=fay)

    staff = text_of(client_for(fay).get(PAGE).content)
    assert "Version 2 of the payment schedule, from Q2 2023/24." in staff
    assert "Version 2: A further payment agreed for 2025/26" in staff
    assert "£500,000 more than the agreement's DfE contribution of £14,555,600" in staff
    assert "Every version, side by side" in staff
    assert "2025/26 0 500,000" in staff and "Total 14,555,600 15,055,600" in staff
    # Version 2 applies from the open quarter: not yet the Forum's.
    forum = text_of(client_for(sam).get(PAGE).content)
    assert "Version 1 of the payment schedule" in forum
    assert "Version 2" not in forum and "side by side" not in forum


def test_conditions_and_reports_to_the_dfe(hf, fay, sam, client_for):
    agreement = PaymentSchedule.objects.get(agreement__authority=hf, number=1).agreement
    condition = Condition.objects.create(
        agreement=agreement,
        text="Reduce the growth of EHC plans to the national rate",
        owner="Operational Director of Education and SEND",
        evidence="January 2023 census: growth 8%",
        rag="amber",
    )
    condition.workstreams.add(
        Workstream.objects.get(authority=hf, name="SLCN Early Intervention Offer")
    )
    today = timezone.localdate()
    Submission.objects.create(
        agreement=agreement,
        due_on=datetime.date(2023, 7, 31),
        submitted_on=datetime.date(2023, 7, 28),
        feedback="Satisfied with progress",
        outcome="released",
        instalment=agreement.schedules.get().instalments.get(financial_year__start_year=2023),
    )
    Submission.objects.create(
        agreement=agreement, due_on=today + datetime.timedelta(days=10), feedback="Draft notes"
    )

    staff = text_of(client_for(fay).get(PAGE).content)
    assert "Reduce the growth of EHC plans to the national rate" in staff
    assert "Workstreams: SLCN Early Intervention Offer" in staff
    assert "Amber" in staff
    assert f"due {today + datetime.timedelta(days=10):%-d %B %Y}: in 10 days" in staff
    assert "Payment released" in staff and "Instalment 2023/24, £1,500,000" in staff
    assert "Draft notes" in staff
    forum = text_of(client_for(sam).get(PAGE).content)
    assert "in 10 days" in forum and "Satisfied with progress" in forum
    assert "Draft notes" not in forum


def test_the_read_survives_json_and_an_authority_without_an_agreement_says_so(hf, carl, client_for):
    page = agreement_page(authority=hf, audience=Audience.FORUM, today=datetime.date(2023, 7, 1))
    assert plain.loads(AgreementPage, plain.dumps(page)) == page
    assert page.current.total == Decimal("14555600")

    response = client_for(carl).get("/a/cambridgeshire/agreement/")
    assert "No safety-valve agreement is recorded for Cambridgeshire" in text_of(response.content)
