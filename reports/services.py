"""Writes of the reports: the Schools Forum paper (start it, edit its front matter,
publish it) and the monitoring return kept with a report to the DfE."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from forecasts.models import Submission
from hnb_monitor import plain
from hnb_monitor.choices import PeriodStatus
from hnb_monitor.locking import EditConflict, model_update
from hnb_monitor.models import ReportingPeriod
from reports.meetings.alerts import announce_paper
from reports.models import Paper, PublishedPaper, SubmittedReturn
from reports.monitoring_return import monitoring_return, return_html, return_workbook
from reports.paper import front_matter_of, paper_content
from reports.render import paper_html, render_pdf

# What a new paper carries over from the authority's previous one: everything people
# wrote except what belongs to one meeting (its date) and one quarter (the title).
CARRIED_OVER = [
    "meeting_name",
    "classification",
    "exempt",
    "key_decision",
    "wards_affected",
    "accountable_director",
    "authors",
    "purpose",
    "recommendations",
    "executive_summary",
    "decisions_required",
]
FRONT_MATTER = ["meeting_date", "title", *CARRIED_OVER]


def default_title(period: ReportingPeriod) -> str:
    return f"Q{period.quarter} Update: High Needs Block {period.financial_year.label}"


def previous_paper(period: ReportingPeriod) -> Paper | None:
    """The authority's paper of the latest quarter before this one."""
    return (
        Paper.objects.filter(
            authority=period.authority,
            period__financial_year__start_year__lte=period.financial_year.start_year,
        )
        .exclude(period__financial_year=period.financial_year, period__quarter__gte=period.quarter)
        .order_by("-period__financial_year__start_year", "-period__quarter")
        .select_related("period__financial_year")
        .first()
    )


def new_paper(period: ReportingPeriod) -> Paper:
    """A quarter's paper as it starts, unsaved: the previous paper's front matter."""
    previous = previous_paper(period)
    carried = {name: getattr(previous, name) for name in CARRIED_OVER} if previous else {}
    return Paper(authority=period.authority, period=period, title=default_title(period), **carried)


@transaction.atomic
def start_paper(*, period: ReportingPeriod, user) -> Paper:
    """The quarter's paper, starting from the front matter of the authority's latest
    earlier paper. A quarter has one paper: starting it twice returns the same one."""
    existing = Paper.objects.filter(period=period).first()
    if existing is not None:
        return existing
    if period.status == PeriodStatus.OPEN:
        raise ValidationError(
            f"{period.label} is still open: its paper can be started once it is signed off"
        )
    previous = previous_paper(period)
    paper = new_paper(period)
    paper._history_user = user
    paper._change_reason = (
        f"Started from the paper of {previous.period.label}" if previous else "Started"
    )
    paper.save()
    return paper


@transaction.atomic
def update_front_matter(*, paper: Paper, user, data: dict, expected_version: int) -> list[str]:
    """Save what changed; refuses (EditConflict) if someone saved since it was opened."""
    current = Paper.objects.select_for_update().get(pk=paper.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    current._history_user = user
    changed = model_update(instance=current, data=data, save=False)
    if changed:
        current.version += 1
        current.save()
    paper.refresh_from_db()
    return changed


def draft_content(paper: Paper, today: datetime.date | None = None):
    return paper_content(
        authority=paper.authority, period=paper.period, front=front_matter_of(paper), today=today
    )


@transaction.atomic
def publish_paper(
    *, paper: Paper, user, reason: str = "", now: datetime.datetime | None = None
) -> PublishedPaper:
    """Print the paper as it stands and keep it for ever; the quarter becomes published.
    The first version needs a signed-off quarter; each later one is a correction and
    says why."""
    period = ReportingPeriod.objects.select_for_update().get(pk=paper.period_id)
    latest = paper.versions.order_by("-number").first()
    reason = reason.strip()
    if latest is None and period.status != PeriodStatus.SIGNED_OFF:
        raise ValidationError(
            f"{period.label} is {period.get_status_display().lower()}: only a signed-off "
            "quarter's paper can be published"
        )
    if latest is not None and not reason:
        raise ValidationError({"reason": "Say what the correction changes and why"})
    now = now or timezone.now()
    content = draft_content(paper, today=timezone.localdate(now))
    html = paper_html(content)
    pdf, pages = render_pdf(html)
    version = PublishedPaper.objects.create(
        paper=paper,
        number=latest.number + 1 if latest else 1,
        title=paper.title,
        reason=reason,
        published_at=now,
        published_by=user,
        exempt=paper.exempt,
        reads_json=plain.dumps(content),
        html=html.encode(),
        pdf=pdf,
        page_count=pages,
    )
    # In this transaction: the e-mails go only if the version is kept (exempt: none).
    announce_paper(version)
    if period.status != PeriodStatus.PUBLISHED:
        period.status = PeriodStatus.PUBLISHED
        period._history_user = user
        period._change_reason = f"Published: the Schools Forum paper, version {version.number}"
        period.save()
    return version


# The monitoring return to the DfE ---------------------------------------------------------


@transaction.atomic
def submit_return(*, submission, user, now: datetime.datetime | None = None) -> SubmittedReturn:
    """Record the report as submitted and keep its return exactly as sent."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if SubmittedReturn.objects.filter(submission=submission).exists():
        raise ValidationError("This report was submitted already: its return is kept as sent")
    now = now or timezone.now()
    content = monitoring_return(
        authority=submission.agreement.authority,
        period=submission.period,
        today=timezone.localdate(now),
    )
    html = return_html(content)
    kept = SubmittedReturn.objects.create(
        submission=submission,
        submitted_at=now,
        submitted_by=user,
        reads_json=plain.dumps(content),
        html=html.encode(),
        pdf=render_pdf(html)[0],
        xlsx=return_workbook(content),
    )
    if submission.submitted_on is None:
        submission.submitted_on = timezone.localdate(now)
        submission._history_user = user
        submission.save()
    return kept
