"""Preparing for Adulthood casework pages.

Case rows, exports, the tracking and deadline lists need VIEW_CASEWORK: Schools Forum
members get 403 there and see the summary's counts only. Every view goes through
`authority_view`, so another authority's users get 404 everywhere.
"""

import datetime
from functools import partial

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_tables2 import RequestConfig

from hnb_monitor import caching
from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.downloads import written_download
from hnb_monitor.locking import EditConflict, field_conflict
from workstreams.casework import exports, selectors, services, tables
from workstreams.casework.filtersets import TransitionCaseFilterSet
from workstreams.casework.forms import (
    DeadlinesForm,
    ReasonForm,
    SettingsForms,
    TrackingForm,
    TransitionCaseForm,
)
from workstreams.casework.tables import CaseTable, DeadlineTable
from workstreams.models import CaseworkSettings, TransitionCase

PER_PAGE = 50


@authority_view()
@caching.cached_page("casework")
def summary(request, authority):
    """Counts only, for every member including Schools Forum members."""
    today = timezone.localdate()
    # Every change to a case makes a new generation (hnb_monitor.caching); the counts
    # also move with the date.
    key = caching.page_key_for("casework", request, asked=[("today", [today.isoformat()])])

    def respond():
        body = caching.rendered(key, lambda: summary_body(request, authority, today, key))
        context = {"authority": authority, "body": body}
        return render(request, "workstreams/casework/summary.html", context)

    return caching.whole_page(request, key, respond)


def summary_body(request, authority, today, key) -> str:
    membership = request.membership
    counts = caching.read(
        key,
        selectors.CaseworkSummary,
        lambda: selectors.casework_summary(
            authority=authority, audience=membership.audience, today=today
        ),
    )
    context = {
        "authority": authority,
        "summary": counts,
        "sees_cases": membership.can(Capability.VIEW_CASEWORK),
        "may_manage": membership.can(Capability.MANAGE),
        "demo_notices": selectors.demo_notices(authority),
    }
    return render_to_string("workstreams/casework/summary_body.html", context, request)


def filtered_cases(request, authority) -> TransitionCaseFilterSet:
    return TransitionCaseFilterSet(
        request.GET or None,
        queryset=selectors.cases(authority),
        authority=authority,
    )


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def case_list(request, authority):
    filters = filtered_cases(request, authority)
    table = CaseTable(
        filters.qs.order_by("reference"),
        authority_slug=authority.slug,
        today=timezone.localdate(),
    )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "workstreams/casework/case_list.html",
        {
            "authority": authority,
            "filters": filters,
            "table": table,
            "query": request.GET.urlencode(),
            "export_query": filters_only(request.GET),
            "may_edit": request.membership.can(Capability.EDIT_CASEWORK),
        },
    )


def filters_only(query) -> str:
    """The list's filters without its page and sort: what an export should repeat."""
    query = query.copy()
    for name in ("page", "sort"):
        query.pop(name, None)
    return query.urlencode()


def export_name(authority, extension: str) -> str:
    return f"pfa-cases-{slugify(authority.name)}-{timezone.localdate():%Y-%m-%d}.{extension}"


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def export_csv(request, authority):
    cases = filtered_cases(request, authority).qs.order_by("reference")
    return written_download(partial(exports.write_csv, cases), export_name(authority, "csv"))


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def export_xlsx(request, authority):
    cases = filtered_cases(request, authority).qs.order_by("reference")
    title = f"{authority.name}: Preparing for Adulthood cases, {timezone.localdate():%-d %B %Y}"
    return written_download(
        partial(exports.workbook, cases, title=title), export_name(authority, "xlsx")
    )


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def case_detail(request, authority, pk):
    case = get_object_or_404(selectors.cases(authority), pk=pk)
    may_redact = request.membership.can(Capability.REDACT_CASEWORK)
    return render(
        request,
        "workstreams/casework/case_detail.html",
        {
            "authority": authority,
            "case": case,
            "today": timezone.localdate(),
            "changes": selectors.case_changes(case),
            "may_edit": request.membership.can(Capability.EDIT_CASEWORK),
            "kept_notes": selectors.kept_notes(case) if may_redact else [],
            "may_redact": may_redact,
        },
    )


@authority_view(Capability.REDACT_CASEWORK, read_capability=Capability.REDACT_CASEWORK)
def case_redact(request, authority, pk, history_id):
    """The programme lead takes notes holding personal details out of the case's history."""
    case = get_object_or_404(TransitionCase, authority=authority, pk=pk)
    record = get_object_or_404(case.history.exclude(notes=""), history_id=history_id)
    form = ReasonForm(request.POST or None, label="Why are these notes redacted?", hint=REDACT_HINT)
    if request.method == "POST" and form.is_valid():
        services.redact_notes(
            case=case, history_id=history_id, reason=form.cleaned_data["reason"], user=request.user
        )
        messages.success(request, f"Notes redacted from the history of case {case.reference}")
        return redirect("casework_case", authority.slug, case.pk)
    return render(
        request,
        "workstreams/casework/case_redact.html",
        {"authority": authority, "case": case, "record": record, "form": form},
    )


@authority_view(Capability.REDACT_CASEWORK, read_capability=Capability.REDACT_CASEWORK)
def case_delete(request, authority, pk):
    """Are you sure? The programme lead deletes a case, giving the reason kept with it."""
    case = get_object_or_404(TransitionCase, authority=authority, pk=pk)
    form = ReasonForm(request.POST or None, label="Why is this case deleted?", hint=DELETE_HINT)
    if request.method == "POST" and form.is_valid():
        services.delete_case(case=case, reason=form.cleaned_data["reason"], user=request.user)
        messages.success(request, f"Case {case.reference} deleted")
        return redirect("casework_cases", authority.slug)
    return render(
        request,
        "workstreams/casework/case_delete.html",
        {"authority": authority, "case": case, "form": form},
    )


REDACT_HINT = "For example: personal details. Kept with the record of the redaction."
DELETE_HINT = "For example: entered in error, or a duplicate of another case. Kept for good."


@authority_view(Capability.EDIT_CASEWORK, read_capability=Capability.EDIT_CASEWORK)
def case_edit(request, authority, pk=None):
    case = (
        get_object_or_404(TransitionCase, authority=authority, pk=pk)
        if pk
        else TransitionCase(authority=authority)
    )
    form = TransitionCaseForm(request.POST or None, instance=case, authority=authority)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_case(
                case=form.instance,
                values=form.cleaned_data,
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = field_conflict(error.current, form.cleaned_data, services.CASE_FIELDS)
            form.show_conflict(error.current)
        else:
            messages.success(request, f"Case {case.reference} saved")
            return redirect("casework_case", authority.slug, case.pk)
    return render(
        request,
        "workstreams/casework/case_edit.html",
        {"authority": authority, "case": case, "form": form, "conflict": conflict},
    )


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def tracking(request, authority):
    """The monthly transition tracking meeting's list: reviews due by a date, a page at a
    time, with a link to the whole list for paper."""
    today = timezone.localdate()
    form, by, team_leader = tracking_filters(request, authority, today)
    due = selectors.due_for_review_rows(authority, by=by, team_leader=team_leader)
    page = Paginator(due, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workstreams/casework/tracking.html",
        {
            "authority": authority,
            "form": form,
            "by": by,
            "today": today,
            "team_leader": team_leader,
            "page": page,
            "rows": tables.tracking_rows(
                selectors.tracking_lines(page, today=today), authority_slug=authority.slug
            ),
            "filters": filters_only(request.GET),
        },
    )


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def tracking_print(request, authority):
    """Every case of the tracking list, for paper. The rows are read a chunk at a time, as
    plain values: a large authority's list runs to thousands of cases."""
    today = timezone.localdate()
    form, by, team_leader = tracking_filters(request, authority, today)
    if form.errors:  # the list's page says what is wrong
        return redirect(
            reverse("casework_tracking", args=[authority.slug]) + f"?{request.GET.urlencode()}"
        )
    due = selectors.due_for_review_rows(authority, by=by, team_leader=team_leader)
    return render(
        request,
        "workstreams/casework/tracking_print.html",
        {
            "authority": authority,
            "by": by,
            "today": today,
            "team_leader": team_leader,
            "count": due.count(),
            "rows": tables.tracking_rows(
                selectors.tracking_lines(due.iterator(chunk_size=2_000), today=today),
                authority_slug=None,
            ),
            "filters": filters_only(request.GET),
        },
    )


def tracking_filters(
    request, authority, today: datetime.date
) -> tuple[TrackingForm, datetime.date, AbstractBaseUser | None]:
    """The tracking list's form and what it selects: by default, reviews due in the next
    four weeks, of every team leader. A page number is not a filter."""
    asked = request.GET.copy()
    asked.pop("page", None)
    form = TrackingForm(asked or None, authority=authority)
    by = today + datetime.timedelta(weeks=selectors.TRACKING_WEEKS)
    team_leader = None
    if form.is_bound and form.is_valid():
        by = form.cleaned_data["by"] or by
        team_leader = form.cleaned_data["team_leader"]
    elif not form.is_bound:
        form = TrackingForm(initial={"by": by}, authority=authority)
    return form, by, team_leader


@authority_view(read_capability=Capability.VIEW_CASEWORK)
def deadlines(request, authority):
    today = timezone.localdate()
    form = DeadlinesForm(request.GET or None)
    weeks = selectors.DEFAULT_WARNING_WEEKS
    if form.is_bound and form.is_valid() and form.cleaned_data["weeks"]:
        weeks = form.cleaned_data["weeks"]
    elif not form.is_bound:
        form = DeadlinesForm(initial={"weeks": weeks})
    table = DeadlineTable(
        selectors.at_risk_cases(authority, today=today, warning_weeks=weeks),
        authority_slug=authority.slug,
        today=today,
        warning_weeks=weeks,
    )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "workstreams/casework/deadlines.html",
        {
            "authority": authority,
            "form": form,
            "weeks": weeks,
            "table": table,
            "timeliness": selectors.timeliness(authority),
        },
    )


@authority_view(Capability.MANAGE, read_capability=Capability.MANAGE)
def casework_settings(request, authority):
    """The programme lead's choices: the small-number threshold, cohorts and pathways."""
    settings, _ = CaseworkSettings.objects.get_or_create(authority=authority)
    forms = SettingsForms(
        request.POST if request.method == "POST" else None, authority=authority, settings=settings
    )
    if save_settings(request, authority, forms):
        return redirect("casework_settings", authority.slug)
    return render(
        request,
        "workstreams/casework/settings.html",
        {
            "authority": authority,
            "threshold_form": forms.threshold,
            "cohort_form": forms.items["cohort"],
            "pathway_form": forms.items["pathway"],
            "form": forms.first_with_errors(),
            "cohorts": authority.cohorts.all(),
            "pathways": authority.pathways.all(),
        },
    )


def save_settings(request, authority, forms: SettingsForms) -> bool:
    """Save what the pressed button names if its form is valid, and say so."""
    if forms.action == "threshold" and forms.threshold.is_valid():
        services.set_small_number_threshold(
            authority=authority,
            threshold=forms.threshold.cleaned_data["small_number_threshold"],
            user=request.user,
        )
        messages.success(request, "Small-number threshold saved")
        return True
    item_form = forms.items.get(forms.action)
    if item_form is not None and item_form.is_valid():
        model = item_form.model
        services.add_to_list(model=model, authority=authority, name=item_form.cleaned_data["name"])
        messages.success(request, f"{model._meta.verbose_name.capitalize()} added")
        return True
    return False
