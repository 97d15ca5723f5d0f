"""The papers' pages: who may read, write and publish; what publishing freezes."""

import hashlib
from decimal import Decimal

import pytest

from hnb_monitor import plain
from hnb_monitor.models import ReportingPeriod
from reports.models import Paper, PublishedPaper
from reports.paper import PaperContent
from reports.render import paper_html
from tests.forecasts.helpers import text_of
from tests.reports.conftest import HF, Q1_PAPER
from workstreams.models import QuarterlyReturn, Workstream
from workstreams.services import return_context

PAPERS = f"{HF}/papers/"
Q2_PAPER = f"{HF}/papers/2023-24-Q2/"


def front_matter(paper: Paper, **changes) -> dict:
    """The edit form as it stands for `paper`, with `changes` typed over it."""
    data = {
        "meeting_name": paper.meeting_name,
        "meeting_date_day": "",
        "meeting_date_month": "",
        "meeting_date_year": "",
        "title": paper.title,
        "classification": paper.classification,
        "exempt": "yes" if paper.exempt else "no",
        "key_decision": "yes" if paper.key_decision else "no",
        "wards_affected": paper.wards_affected,
        "accountable_director": paper.accountable_director,
        "authors": paper.authors,
        "purpose": paper.purpose,
        "recommendations": paper.recommendations,
        "executive_summary": paper.executive_summary,
        "decisions_required": paper.decisions_required,
        "version": paper.version,
    }
    if paper.meeting_date:
        day = paper.meeting_date
        data.update(
            meeting_date_day=day.day, meeting_date_month=day.month, meeting_date_year=day.year
        )
    data.update(changes)
    return data


def publish(client, paper_url=Q1_PAPER, **data):
    return client.post(f"{paper_url}publish/", data)


def sign_off_q2(client) -> None:
    """Finance starts Q2's forecast from Q1's and signs Q2 off, carrying Q1's figures."""
    client.post(f"{HF}/forecast/start/")
    response = client.post(
        f"{HF}/periods/2023-24-Q2/", {"action": "sign_off", "missing_returns": "carry_forward"}
    )
    assert response.status_code == 302


# Who may do what -------------------------------------------------------------------


def test_the_forum_sees_published_papers_only(client_for, sam, ade, q1_paper, quick_pdf):
    forum = client_for(sam)
    assert "No papers yet" in text_of(forum.get(PAPERS).content)
    assert forum.get(Q1_PAPER).status_code == 404
    assert forum.get(f"{Q1_PAPER}draft.html").status_code == 403
    assert forum.get(f"{Q1_PAPER}edit/").status_code == 403
    assert forum.get(f"{Q1_PAPER}publish/").status_code == 403
    assert publish(forum).status_code == 403
    assert not PublishedPaper.objects.exists()

    assert publish(client_for(ade)).status_code == 302

    forum = client_for(sam)
    listed = text_of(forum.get(PAPERS).content)
    assert "Q1 2023/24 Q1 Update: High Needs Block 2023/24 Published" in listed
    assert "3 pages" in listed
    page = text_of(forum.get(Q1_PAPER).content)
    today = PublishedPaper.objects.get().published_at
    assert f"Published on {today:%-d %B %Y} — figures may have changed since." in page
    assert "See today's figures" in page
    assert "Preview the draft" not in page and "Changes to the front matter" not in page
    pdf = forum.get(f"{Q1_PAPER}v1.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(PublishedPaper.objects.get().pdf)
    assert forum.get(f"{Q1_PAPER}v2.pdf").status_code == 404
    assert forum.get(f"{Q1_PAPER}paper.pdf").content == pdf.content
    assert forum.get(f"{Q1_PAPER}v1.docx").status_code == 404
    assert forum.get(f"{Q1_PAPER}paper.docx").status_code == 404


def test_officers_read_drafts_and_only_the_programme_lead_publishes(
    client_for, olu, fay, ade, q1_paper, quick_pdf
):
    officer = client_for(olu)
    assert officer.get(f"{Q1_PAPER}draft.docx").status_code == 404
    draft = officer.get(f"{Q1_PAPER}draft.html")
    assert draft.status_code == 200
    assert "Q1 Update: High Needs Block 2023/24" in draft.content.decode()
    assert "'unsafe-inline'" in draft["Content-Security-Policy"]
    assert "script-src 'self'" in draft["Content-Security-Policy"]
    assert officer.get(f"{Q1_PAPER}edit/").status_code == 403
    assert publish(officer).status_code == 403
    assert publish(client_for(fay)).status_code == 403
    assert not PublishedPaper.objects.exists()
    assert "Publish the paper" not in text_of(client_for(fay).get(Q1_PAPER).content)

    lead = client_for(ade)
    assert "Publishing cannot be undone" in text_of(lead.get(f"{Q1_PAPER}publish/").content)
    response = publish(lead)

    assert response.status_code == 302
    version = PublishedPaper.objects.get()
    assert (version.number, version.published_by, version.page_count) == (1, ade, 3)
    assert version.sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    assert ReportingPeriod.objects.get(pk=q1_paper.period_id).status == "published"
    refused = text_of(client_for(fay).post(f"{HF}/periods/2023-24-Q1/", {"reason": "x"}).content)
    assert "is published: its paper is a frozen record" in refused


def test_another_authority_gets_404_on_every_paper_page(client_for, carl, q1_paper):
    client = client_for(carl)
    for url in (PAPERS, Q1_PAPER, f"{Q1_PAPER}edit/", f"{Q1_PAPER}draft.pdf", f"{Q1_PAPER}v1.pdf"):
        assert client.get(url).status_code == 404, url
    assert "Hammersmith" not in text_of(client_for(carl).get("/a/cambridgeshire/papers/").content)


# Starting and writing a paper ---------------------------------------------------------


def test_an_open_quarter_cannot_have_a_paper_yet(client_for, fay, ade, q1_paper):
    finance = client_for(fay)
    page = text_of(finance.get(Q2_PAPER).content)
    assert "Q2 2023/24 is still open" in page
    refused = text_of(finance.post(Q2_PAPER, follow=True).content)
    assert "Q2 2023/24 is still open: its paper can be started once it is signed off" in refused
    assert not Paper.objects.filter(period__quarter=2).exists()


def test_a_new_quarters_paper_starts_from_the_previous_front_matter(client_for, fay, q1_paper):
    finance = client_for(fay)
    sign_off_q2(finance)
    listed = text_of(finance.get(PAPERS).content)
    assert "Q2 2023/24 – Not started" in listed

    response = finance.post(Q2_PAPER)

    assert response.status_code == 302
    q2 = Paper.objects.get(period__quarter=2)
    assert q2.title == "Q2 Update: High Needs Block 2023/24"
    assert q2.meeting_date is None
    for name in ("authors", "purpose", "recommendations", "accountable_director"):
        assert getattr(q2, name) == getattr(q1_paper, name)
    page = text_of(finance.get(Q2_PAPER).content)
    assert "Peter Haylock – Operational Director of Education and SEND" in page
    assert "Started from the paper of Q1 2023/24" in page
    assert finance.post(Q2_PAPER).status_code == 302  # starting twice keeps the one paper
    assert Paper.objects.filter(period__quarter=2).count() == 1


def test_front_matter_is_edited_with_its_history_and_printed(client_for, fay, q1_paper):
    finance = client_for(fay)
    data = front_matter(
        q1_paper,
        recommendations="1. Note the position.\n2. Agree the further savings in Schedule B.",
        decisions_required="Agree the further savings in Schedule B",
        meeting_date_day="11",
        meeting_date_month="7",
        meeting_date_year="2023",
    )

    response = finance.post(f"{Q1_PAPER}edit/", data)

    assert response.status_code == 302
    page = text_of(finance.get(Q1_PAPER).content)
    assert "Schools Forum, 11 July 2023" in page
    assert "Recommendations Note the position. Agree the further savings in Schedule B." in page
    assert "Fay" in page or "fay" in page
    assert "Meeting date 27 June 2023 11 July 2023" in page  # the change, old and new
    draft = finance.get(f"{Q1_PAPER}draft.html").content.decode()
    assert '<ol class="paper-numbered"><li>Note the position.</li>' in draft
    assert "<li>Agree the further savings in Schedule B.</li></ol>" in draft
    assert "1. Note" not in draft


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Enter the paper's title"),
        ({"title": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"purpose": "x" * 10_001}, "Ensure this value has at most 10000 characters"),
        ({"purpose": "null \x00 byte"}, "Null characters are not allowed"),
        (
            {"meeting_date_day": "31", "meeting_date_month": "2", "meeting_date_year": "2024"},
            "real date",
        ),
        ({"exempt": "maybe"}, "Select a valid choice"),
    ],
)
def test_bad_front_matter_is_refused_and_kept(client_for, fay, q1_paper, changes, message):
    data = front_matter(q1_paper, executive_summary="Words worth keeping", **changes)

    response = client_for(fay).post(f"{Q1_PAPER}edit/", data)

    assert response.status_code == 200
    assert message in text_of(response.content)
    assert "Words worth keeping" in response.content.decode()
    assert Paper.objects.get(pk=q1_paper.pk).executive_summary == q1_paper.executive_summary


def test_two_people_editing_at_once_do_not_overwrite_each_other(client_for, fay, ade, q1_paper):
    opened = front_matter(q1_paper)
    client_for(ade).post(f"{Q1_PAPER}edit/", {**opened, "purpose": "The lead's purpose"})

    response = client_for(fay).post(f"{Q1_PAPER}edit/", {**opened, "purpose": "Fay's purpose"})

    assert "Someone else saved the front matter" in text_of(response.content)
    assert "Fay&#x27;s purpose" in response.content.decode()
    assert Paper.objects.get(pk=q1_paper.pk).purpose == "The lead's purpose"
    again = client_for(fay).post(
        f"{Q1_PAPER}edit/", front_matter(Paper.objects.get(pk=q1_paper.pk), purpose="Fay's purpose")
    )
    assert again.status_code == 302
    assert Paper.objects.get(pk=q1_paper.pk).purpose == "Fay's purpose"


# Publishing, corrections and the public page ------------------------------------------


def test_a_correction_needs_a_reason_and_keeps_every_version(client_for, ade, q1_paper, quick_pdf):
    lead = client_for(ade)
    publish(lead)
    first = PublishedPaper.objects.get()
    first_pdf = bytes(first.pdf)
    lead.post(f"{Q1_PAPER}edit/", front_matter(q1_paper, title="Q1 Update (corrected)"))

    refused = publish(lead, reason="   ")
    assert "Say what the correction changes and why" in text_of(refused.content)
    response = publish(lead, reason="The title named the wrong quarter")

    assert response.status_code == 302
    assert PublishedPaper.objects.count() == 2
    page = text_of(lead.get(Q1_PAPER).content)
    assert "(version 2, a correction)" in page
    assert "The title named the wrong quarter" in page and "First published" in page
    assert lead.get(f"{Q1_PAPER}v1.pdf").content == first_pdf
    assert lead.get(f"{Q1_PAPER}paper.pdf").content == bytes(
        PublishedPaper.objects.get(number=2).pdf
    )
    assert lead.get(f"{Q1_PAPER}v2.pdf").content != first_pdf
    assert "Q1 Update: High Needs Block 2023/24" in lead.get(f"{Q1_PAPER}v1.html").content.decode()
    assert "Q1 Update (corrected)" in lead.get(f"{Q1_PAPER}v2.html").content.decode()


def test_a_published_version_cannot_be_changed(ade, q1_paper, quick_pdf, client_for):
    publish(client_for(ade))
    version = PublishedPaper.objects.get()
    version.reason = "rewritten"
    with pytest.raises(ValueError, match="frozen record"):
        version.save()


def test_published_papers_are_public_only_where_the_authority_chooses(
    client, client_for, ade, hf, q1_paper, quick_pdf
):
    publish(client_for(ade))
    client.logout()
    public = "/public/hammersmith-fulham/papers/"
    assert client.get(public).status_code == 404
    assert client.get(f"{public}2023-24-Q1/v1.pdf").status_code == 404

    hf.publish_papers_publicly = True
    hf.save()

    listed = text_of(client.get(public).content)
    assert "Q1 Update: High Needs Block 2023/24 (Q1 2023/24)" in listed
    assert client.get(f"{public}2023-24-Q1/v1.pdf").content == bytes(
        PublishedPaper.objects.get().pdf
    )
    assert client.get(f"{public}2023-24-Q1/v1.html").status_code == 200
    assert client.get(f"{public}2023-24-Q9/v1.html").status_code == 404
    assert client.post(public).status_code == 405


def test_an_exempt_paper_is_never_public(client, client_for, ade, hf, q1_paper, quick_pdf):
    hf.publish_papers_publicly = True
    hf.save()
    lead = client_for(ade)
    lead.post(f"{Q1_PAPER}edit/", front_matter(q1_paper, exempt="yes"))
    publish(lead)
    assert "Exempt" in text_of(client_for(ade).get(PAPERS).content)
    client.logout()

    assert "No papers published yet" in text_of(
        client.get("/public/hammersmith-fulham/papers/").content
    )
    assert client.get("/public/hammersmith-fulham/papers/2023-24-Q1/v1.pdf").status_code == 404
    assert client.get("/public/hammersmith-fulham/papers/2023-24-Q1/v1.html").status_code == 404


# The paper's figures are the pages' figures; a published paper keeps its own ----------


def forecast_in_q2(workstream: Workstream, amount: Decimal) -> None:
    """An approved Q2 return for the workstream, as entered and approved while Q2 is open."""
    period = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=workstream.authority)
    QuarterlyReturn(
        workstream=workstream,
        period=period,
        forecast_outturn=amount,
        delivered_to_date=amount / 2,
        suggested_rag=return_context(workstream, period).suggest(amount),
        status="approved",
        progress_update="Re-forecast in Q2",
    ).save()


def test_a_figure_moves_the_draft_and_the_page_together_and_never_the_published_paper(
    client_for, ade, fay, sam, hf, q1_paper
):
    publish(client_for(ade))  # printed by WeasyPrint: the real PDF is what must not move
    published = client_for(sam).get(f"{Q1_PAPER}v1.pdf").content
    published_html = client_for(sam).get(f"{Q1_PAPER}v1.html").content
    sign_off_q2(client_for(fay))
    client_for(fay).post(Q2_PAPER)
    workstream = Workstream.objects.get(authority=hf, name="SLCN Special School Offer")
    dashboard = f"{HF}/dashboard/?period=2023-24-Q2"
    assert "123,457" not in client_for(sam).get(dashboard).content.decode()
    assert "123,457" not in client_for(fay).get(f"{Q2_PAPER}draft.html").content.decode()

    client_for(fay).post(f"{HF}/periods/2023-24-Q2/", {"reason": "Late re-forecast"})
    forecast_in_q2(workstream, Decimal("123457"))
    sign_off_again = {"action": "sign_off", "missing_returns": "carry_forward"}
    client_for(fay).post(f"{HF}/periods/2023-24-Q2/", sign_off_again)

    assert "123,457" in client_for(sam).get(dashboard).content.decode()
    assert "123,457" in client_for(fay).get(f"{Q2_PAPER}draft.html").content.decode()
    again = client_for(sam).get(f"{Q1_PAPER}v1.pdf").content
    assert again == published
    assert hashlib.sha256(again).hexdigest() == PublishedPaper.objects.get().sha256
    assert client_for(sam).get(f"{Q1_PAPER}v1.html").content == published_html
    # The stored reads are the whole of what was printed: they print the same HTML again.
    stored = plain.loads(PaperContent, PublishedPaper.objects.get().reads_json)
    assert paper_html(stored).encode() == published_html
