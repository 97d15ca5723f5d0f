"""Finance and the programme lead keep the safety-valve agreement: its terms and
trajectory, its payments, its conditions and its reports to the DfE."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from forecasts import agreement_services as services
from forecasts.agreement_forms import (
    AgreementForm,
    ConditionForm,
    InstalmentFormSet,
    ReprofileForm,
    SubmissionForm,
)
from forecasts.agreements import agreement_at, agreements_of, schedule_at
from forecasts.computation import year_label
from forecasts.models import Condition, Submission
from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.models import FinancialYear

EDIT = Capability.EDIT_FORECAST


def current_agreement(authority):
    return agreement_at(agreements_of(authority.pk), None)


def agreement_or_404(authority):
    agreement = current_agreement(authority)
    if agreement is None:
        raise Http404("Record the agreement first")
    return agreement


@authority_view(EDIT, read_capability=EDIT)
def agreement_edit(request, authority):
    agreement = current_agreement(authority)
    years = term_years(agreement)
    form = AgreementForm(
        request.POST if request.method == "POST" else None,
        years=years,
        initial=agreement_initial(agreement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_agreement(
                authority=authority,
                agreement=agreement,
                terms=form.terms(),
                planned=form.planned(),
                reason=form.cleaned_data["variation_reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved_agreement(request, authority, agreement, saved)
    context = {"authority": authority, "agreement": agreement, "form": form}
    return render(request, "forecasts/agreement_edit.html", context)


def saved_agreement(request, authority, before, saved):
    """Say what was saved; a term that gained years goes back to the form for them."""
    if before is not None and saved.pk != before.pk:
        messages.success(request, f"Variation recorded, from {saved.applies_from.label}")
    else:
        messages.success(request, "Agreement saved")
    missing = unplanned_years(saved)
    if missing:
        messages.warning(request, f"Enter the planned in-year deficit for {', '.join(missing)}")
        return redirect("agreement_edit", authority.slug)
    return redirect("agreement", authority.slug)


def unplanned_years(agreement) -> list[str]:
    planned = set(agreement.years.values_list("financial_year__start_year", flat=True))
    first, last = agreement.first_year.start_year, agreement.last_year.start_year
    return [year_label(y) for y in range(first, last + 1) if y not in planned]


def term_years(agreement) -> list[FinancialYear]:
    if agreement is None:
        return []
    # The service puts every year of the term in the calendar when the term is saved.
    return list(
        FinancialYear.objects.filter(
            start_year__gte=agreement.first_year.start_year,
            start_year__lte=agreement.last_year.start_year,
        ).order_by("start_year")
    )


def agreement_initial(agreement) -> dict:
    if agreement is None:
        return {}
    initial = {name: getattr(agreement, name) for name in services.TERMS}
    for year in agreement.years.all():
        initial[f"planned__{year.financial_year.start_year}"] = year.planned_in_year_deficit
    return initial


@authority_view(EDIT, read_capability=EDIT)
def payments_edit(request, authority):
    agreement = agreement_or_404(authority)
    schedule = schedule_at(agreement, None)
    rows = services.rows_of(schedule)
    initial = [vars(row) | {"financial_year": row.financial_year.start_year} for row in rows]
    data = request.POST if request.method == "POST" else None
    formset = InstalmentFormSet(data, initial=initial, prefix="instalment")
    reprofile = ReprofileForm(data)
    reading = services.quarters_reading(schedule)
    if request.method == "POST" and formset.is_valid() and reprofile.is_valid():
        if save_payments(request, schedule, formset, reprofile):
            return redirect("agreement", authority.slug)
    context = {
        "authority": authority,
        "schedule": schedule,
        "formset": formset,
        "reprofile": reprofile,
        "reading": reading,
    }
    return render(request, "forecasts/payments_edit.html", context)


def save_payments(request, schedule, formset, reprofile) -> bool:
    rows = [
        services.InstalmentRow(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    reason = reprofile.cleaned_data["reason"]
    try:
        if reason.strip():
            version = services.reprofile(
                schedule=schedule, rows=rows, reason=reason, user=request.user
            )
            messages.success(request, f"Payments re-profiled: version {version.number}")
        else:
            services.save_instalments(schedule=schedule, rows=rows)
            messages.success(request, "Payments saved")
    except ValidationError as error:
        reprofile.add_error(None, error)
        return False
    return True


@authority_view(EDIT, read_capability=EDIT)
def condition_edit(request, authority, pk=None):
    agreement = agreement_or_404(authority)
    condition = get_object_or_404(Condition, pk=pk, agreement__authority=authority) if pk else None
    form = ConditionForm(
        request.POST if request.method == "POST" else None,
        instance=condition or Condition(agreement=agreement),
        authority=authority,
    )
    if request.method == "POST" and "remove" in request.POST and condition is not None:
        condition.delete()
        messages.success(request, "Condition removed")
        return redirect("agreement", authority.slug)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Condition saved")
        return redirect("agreement", authority.slug)
    context = {"authority": authority, "form": form, "condition": condition}
    return render(request, "forecasts/condition_edit.html", context)


@authority_view(EDIT, read_capability=EDIT)
def submission_edit(request, authority, pk=None):
    agreement = agreement_or_404(authority)
    submission = (
        get_object_or_404(Submission, pk=pk, agreement__authority=authority) if pk else None
    )
    form = SubmissionForm(
        request.POST if request.method == "POST" else None,
        instance=submission or Submission(agreement=agreement),
        agreement=agreement,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Report to the DfE saved")
        return redirect("agreement", authority.slug)
    context = {"authority": authority, "form": form, "submission": submission}
    return render(request, "forecasts/submission_edit.html", context)
