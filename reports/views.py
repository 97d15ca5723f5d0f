"""The Schools Forum paper's pages: the list, a quarter's paper, its front matter,
publishing, and the documents themselves (drafts printed now, versions as published)."""

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forecasts.models import Submission
from hnb_monitor.access import authority_view, period_for
from hnb_monitor.choices import Capability
from hnb_monitor.downloads import download
from hnb_monitor.forms import form_on_their_version
from hnb_monitor.locking import EditConflict
from hnb_monitor.models import Authority
from reports import selectors, services
from reports.forms import FrontMatterForm, PublishForm
from reports.models import Paper, PublishedPaper, SubmittedReturn
from reports.monitoring_return import (
    ReturnNotReady,
    monitoring_return,
    return_html,
    return_workbook,
)
from reports.paper import PaperNotReady
from reports.render import paper_html, render_pdf

FRONT_MATTER_CONFLICT = (
    "Someone else saved the front matter while you were editing it. Your words are "
    "below, on their version: saving again replaces theirs with yours."
)
# The paper is a document of its own: its stylesheet is inline, so that the saved HTML
# file is the whole paper. It has no scripts, and no script may run in it.
paper_document_csp = csp_update({"style-src": ["'unsafe-inline'"]})


@authority_view()
def paper_list(request, authority):
    audience = request.membership.audience
    papers = selectors.paper_list(authority=authority, audience=audience)
    return render(request, "reports/paper_list.html", {"authority": authority, "papers": papers})


@authority_view(Capability.WRITE_PAPER)
def paper_detail(request, authority, period_code):
    period = period_for(request, period_code)
    if request.method == "POST":
        try:
            services.start_paper(period=period, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("paper_detail", authority.slug, period.code)
    page = selectors.paper_page(period=period, audience=request.membership.audience)
    if page is None and not request.membership.audience.sees_drafts:
        raise Http404("No published paper for this quarter")
    context = {"authority": authority, "period": period, "page": page}
    return render(request, "reports/paper_detail.html", context)


@authority_view(Capability.WRITE_PAPER, read_capability=Capability.WRITE_PAPER)
def paper_edit(request, authority, period_code):
    paper = paper_of(request, period_code)
    form = FrontMatterForm(request.POST if request.method == "POST" else None, instance=paper)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_front_matter(
                paper=paper,
                user=request.user,
                data=form.front_matter(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form = form_on_their_version(
                FrontMatterForm,
                request.POST,
                conflict.current,
                FRONT_MATTER_CONFLICT,
                instance=conflict.current,
            )
        else:
            messages.success(request, "Front matter saved" if changed else "Nothing changed")
            return redirect("paper_detail", authority.slug, period_code)
    context = {"authority": authority, "period": paper.period, "form": form}
    return render(request, "reports/paper_edit.html", context)


@authority_view(Capability.PUBLISH, read_capability=Capability.PUBLISH)
def paper_publish(request, authority, period_code):
    paper = paper_of(request, period_code)
    latest = paper.versions.only("number", "published_at").first()
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_paper(
                paper=paper, user=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PaperNotReady) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, f"Version {version.number} published")
            return redirect("paper_detail", authority.slug, period_code)
    context = {"authority": authority, "paper": paper, "latest": latest, "form": form}
    return render(request, "reports/paper_publish.html", context)


@authority_view(read_capability=Capability.VIEW_DRAFTS)
@paper_document_csp
def paper_draft(request, authority, period_code, fmt):
    if fmt not in PAPER_FORMATS:
        raise Http404("A paper is printed as pdf or html")
    paper = paper_of(request, period_code)
    try:
        html = paper_html(services.draft_content(paper))
    except PaperNotReady as error:
        raise Http404(str(error)) from error
    if fmt == "pdf":
        return document(render_pdf(html)[0], "pdf", f"{paper.period.code}-draft")
    return document(html.encode(), fmt, f"{paper.period.code}-draft")


@authority_view()
@paper_document_csp
def paper_version(request, authority, period_code, number, fmt):
    period = period_for(request, period_code)
    return stored_document(PublishedPaper.objects.filter(paper__period=period, number=number), fmt)


@authority_view()
@paper_document_csp
def paper_latest(request, authority, period_code, fmt):
    """The quarter's paper at a link that never changes: its latest published version."""
    period = period_for(request, period_code)
    versions = PublishedPaper.objects.filter(paper__period=period).order_by("-number")
    return stored_document(versions, fmt)


@login_not_required
@require_safe
def public_paper_list(request, authority_slug):
    authority = public_authority(authority_slug)
    papers = selectors.public_papers(authority=authority)
    return render(
        request, "reports/public_paper_list.html", {"authority": authority, "papers": papers}
    )


@login_not_required
@require_safe
@paper_document_csp
def public_paper(request, authority_slug, period_code, number, fmt):
    authority = public_authority(authority_slug)
    versions = PublishedPaper.objects.filter(
        paper__authority=authority,
        exempt=False,
        paper__period__in=authority.periods.with_code(period_code),
        number=number,
    )
    return stored_document(versions, fmt)


def public_authority(slug: str) -> Authority:
    return get_object_or_404(Authority, slug=slug, publish_papers_publicly=True)


def paper_of(request, period_code) -> Paper:
    period = period_for(request, period_code)
    return get_object_or_404(Paper.objects.select_related("period__financial_year"), period=period)


PAPER_FORMATS = ("pdf", "html")


def stored_document(versions, fmt: str) -> HttpResponse:
    """The first of `versions` (a PublishedPaper queryset), as published, reading only the
    file asked for."""
    if fmt not in PAPER_FORMATS:
        raise Http404("A paper is printed as pdf or html")
    version = (
        versions.select_related("paper__period__financial_year")
        .only(fmt, "number", "paper__period__quarter", "paper__period__financial_year__start_year")
        .first()
    )
    if version is None:
        raise Http404("No such published paper")
    return document(
        bytes(getattr(version, fmt)), fmt, f"{version.paper.period.code}-v{version.number}"
    )


def document(content: bytes, fmt: str, name: str) -> HttpResponse:
    """The paper as a file, opened in the browser; saved under a name that says which."""
    if fmt not in PAPER_FORMATS:
        raise Http404("A paper is printed as pdf or html")
    return download(content, f"schools-forum-paper-{name}.{fmt}", inline=True)


# The monitoring return to the DfE ---------------------------------------------------------

RETURN_FORMATS = ("pdf", "xlsx")


@authority_view()
def return_document(request, authority, pk, fmt):
    """A report's return: as submitted (kept), else a draft printed now, for staff only."""
    if fmt not in RETURN_FORMATS:
        raise Http404("A return is a pdf or an xlsx")
    submission = get_object_or_404(
        Submission.objects.select_related("period__financial_year"),
        pk=pk,
        agreement__authority=authority,
    )
    kept = SubmittedReturn.objects.filter(submission=submission).values_list(fmt, flat=True)
    if kept:
        content = bytes(kept[0])
        name = f"monitoring-return-{submission.due_on:%Y-%m-%d}"
    elif request.membership.audience.sees_drafts:
        content = draft_return(authority, submission, fmt)
        name = f"monitoring-return-{submission.due_on:%Y-%m-%d}-draft"
    else:
        raise Http404("This report is not submitted yet")
    return download(content, f"{name}.{fmt}", inline=fmt == "pdf")


def draft_return(authority, submission, fmt) -> bytes:
    try:
        content = monitoring_return(
            authority=authority, period=submission.period, today=timezone.localdate()
        )
    except ReturnNotReady as error:
        raise Http404(str(error)) from error
    if fmt == "xlsx":
        return return_workbook(content)
    return render_pdf(return_html(content))[0]


@authority_view(Capability.EDIT_FORECAST, read_capability=Capability.EDIT_FORECAST)
def submit_report(request, authority, pk):
    submission = get_object_or_404(
        Submission.objects.select_related("period__financial_year"),
        pk=pk,
        agreement__authority=authority,
    )
    if request.method == "POST":
        try:
            services.submit_return(submission=submission, user=request.user)
        except (ValidationError, ReturnNotReady) as error:
            messages.error(request, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, "Report submitted: its return is kept as sent")
        return redirect("agreement", authority.slug)
    kept = SubmittedReturn.objects.filter(submission=submission).exists()
    context = {"authority": authority, "submission": submission, "kept": kept}
    return render(request, "reports/submit_report.html", context)
