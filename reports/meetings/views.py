"""The meetings' pages: the list, a meeting's record, and the clerk's pages that draft
the agenda and the minutes. Each view fetches through the access helpers first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.downloads import download
from reports.meetings import selectors, services
from reports.meetings.access import meeting_for, meeting_to_clerk, sees_exempt
from reports.meetings.follow import is_following
from reports.meetings.forms import (
    ActionForm,
    ActionProgressForm,
    AgendaItemForm,
    AttendanceFormSet,
    CorrectionForm,
    MeetingForm,
    ResolutionForm,
)
from reports.models import Action, AgendaItem, Resolution

CLERK = Capability.CLERK_MEETINGS


def posted(request):
    return request.POST if request.method == "POST" else None


def saved(request, form, save, message: str) -> bool:
    """Run `save` for a valid posted form; a refusal becomes the form's error."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        # A refusal naming one of the form's fields lands on it, else above the form.
        named = getattr(error, "error_dict", {})
        form.add_error(None, error if set(named) <= set(form.fields) else error.messages)
        return False
    messages.success(request, message)
    return True


def to_meeting(meeting):
    return redirect("meeting_detail", meeting.authority.slug, meeting.pk)


@authority_view()
def meeting_list(request, authority):
    page = request.GET.get("page", "1")
    meetings = selectors.meeting_list(
        authority=authority,
        audience=request.membership.audience,
        page=int(page) if page.isdecimal() and len(page) < 6 else 1,
    )
    following = is_following(request.user, authority)
    context = {"authority": authority, "meetings": meetings, "following": following}
    return render(request, "reports/meetings/meeting_list.html", context)


@authority_view()
def meeting_detail(request, authority, pk):
    meeting = meeting_for(request, pk)
    record = selectors.meeting_page(
        meeting=meeting, audience=request.membership.audience, sees_exempt=sees_exempt(request)
    )
    context = {"authority": authority, "record": record}
    return render(request, "reports/meetings/meeting_detail.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_new(request, authority):
    form = MeetingForm(posted(request))
    result = {}

    def save():
        result["meeting"] = services.save_meeting(
            authority=authority, user=request.user, data=form.meeting_data()
        )

    if saved(request, form, save, "Meeting added"):
        return to_meeting(result["meeting"])
    context = {"authority": authority, "form": form, "meeting": None}
    return render(request, "reports/meetings/meeting_edit.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_edit(request, authority, pk):
    meeting = meeting_to_clerk(request, pk)
    form = MeetingForm(posted(request), instance=meeting)

    def save():
        services.save_meeting(
            authority=authority, user=request.user, data=form.meeting_data(), meeting=meeting
        )

    if saved(request, form, save, "Meeting saved"):
        return to_meeting(meeting)
    context = {"authority": authority, "form": form, "meeting": meeting}
    return render(request, "reports/meetings/meeting_edit.html", context)


def item_of(request, pk, item_pk) -> AgendaItem:
    meeting = meeting_to_clerk(request, pk)
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=meeting
    )


@authority_view(CLERK, read_capability=CLERK)
def meeting_item_edit(request, authority, pk, item_pk=None):
    item = item_of(request, pk, item_pk) if item_pk else None
    meeting = item.meeting if item else meeting_to_clerk(request, pk)
    files = request.FILES if request.method == "POST" else None
    form = AgendaItemForm(posted(request), files, instance=item, authority=authority)

    def save():
        services.save_item(
            meeting=meeting,
            user=request.user,
            data=form.item_data(),
            item=item,
            document=form.cleaned_data["document"],
        )

    if saved(request, form, save, "Agenda item saved"):
        return to_meeting(meeting)
    context = {"authority": authority, "form": form, "meeting": meeting, "item": item}
    return render(request, "reports/meetings/item_edit.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_item_delete(request, authority, pk, item_pk):
    item = item_of(request, pk, item_pk)
    if request.method == "POST":
        try:
            services.delete_item(item=item, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Item {item.number} removed from the agenda")
        return to_meeting(item.meeting)
    context = {"authority": authority, "item": item, "meeting": item.meeting}
    return render(request, "reports/meetings/item_delete.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_attendance(request, authority, pk):
    meeting = meeting_to_clerk(request, pk)
    initial = list(meeting.attendees.values(*AttendanceFormSet.form.base_fields))
    formset = AttendanceFormSet(posted(request), initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_attendance(meeting=meeting, user=request.user, rows=formset.rows())
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Attendance saved")
        return to_meeting(meeting)
    context = {"authority": authority, "formset": formset, "meeting": meeting}
    return render(request, "reports/meetings/attendance_edit.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_resolution_new(request, authority, pk, item_pk):
    item = item_of(request, pk, item_pk)
    form = ResolutionForm(posted(request))

    def save():
        services.add_resolution(item=item, user=request.user, data=form.cleaned_data)

    if saved(request, form, save, f"Resolution recorded under item {item.number}"):
        return to_meeting(item.meeting)
    context = {"authority": authority, "form": form, "item": item, "meeting": item.meeting}
    return render(request, "reports/meetings/resolution_new.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_resolution_delete(request, authority, pk, item_pk, resolution_pk):
    item = item_of(request, pk, item_pk)
    resolution = get_object_or_404(Resolution, pk=resolution_pk, item=item)
    if request.method == "POST":
        services.delete_resolution(resolution=resolution, user=request.user)
        messages.success(request, f"Resolution removed from item {item.number}")
        return to_meeting(item.meeting)
    context = {
        "authority": authority,
        "item": item,
        "resolution": resolution,
        "meeting": item.meeting,
    }
    return render(request, "reports/meetings/resolution_delete.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_action_new(request, authority, pk, item_pk):
    item = item_of(request, pk, item_pk)
    form = ActionForm(posted(request))

    def save():
        services.add_action(item=item, user=request.user, data=form.cleaned_data)

    if saved(request, form, save, f"Action recorded under item {item.number}"):
        return to_meeting(item.meeting)
    context = {"authority": authority, "form": form, "item": item, "meeting": item.meeting}
    return render(request, "reports/meetings/action_new.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_action_progress(request, authority, action_pk):
    action = get_object_or_404(
        Action.objects.select_related("item__meeting"),
        pk=action_pk,
        item__meeting__authority=authority,
    )
    initial = {"status": action.status, "note": action.status_note, "closed_on": action.closed_on}
    form = ActionProgressForm(posted(request), initial=initial)

    def save():
        data = form.cleaned_data
        services.update_action(
            action=action,
            user=request.user,
            status=data["status"],
            note=data["note"],
            on=data["closed_on"],
        )

    if saved(request, form, save, "Action updated"):
        return to_meeting(action.item.meeting)
    return render(
        request,
        "reports/meetings/action_progress.html",
        # The meeting that raised it: where Back, Cancel and Save lead.
        {"authority": authority, "form": form, "action": action, "meeting": action.item.meeting},
    )


@authority_view(CLERK, read_capability=CLERK)
def meeting_approve_minutes(request, authority, pk):
    """At this meeting, the previous meeting's minutes are agreed as a correct record."""
    meeting = meeting_for(request, pk)
    previous = selectors.previous_meeting(meeting)
    if request.method == "POST" and previous is not None:
        try:
            services.approve_minutes(meeting=previous, at=meeting, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Minutes approved: they are now locked")
        return to_meeting(meeting)
    context = {"authority": authority, "meeting": meeting, "previous": previous}
    return render(request, "reports/meetings/approve_minutes.html", context)


@authority_view(CLERK, read_capability=CLERK)
def meeting_correction_new(request, authority, pk):
    meeting = meeting_for(request, pk)
    if not meeting.minutes_locked:
        raise Http404("These minutes are not approved yet: change them instead")
    form = CorrectionForm(posted(request), later=services.later_meetings(meeting))

    def save():
        data = form.cleaned_data
        services.record_correction(
            meeting=meeting, decided_at=data["decided_at"], user=request.user, text=data["text"]
        )

    if saved(request, form, save, "Correction recorded beside the approved minutes"):
        return to_meeting(meeting)
    context = {"authority": authority, "form": form, "meeting": meeting}
    return render(request, "reports/meetings/correction_new.html", context)


@authority_view()
def meeting_item_report(request, authority, pk, item_pk):
    """An agenda item's uploaded report, for whoever may see the item."""
    meeting = meeting_for(request, pk)
    items = AgendaItem.objects.filter(meeting=meeting, pk=item_pk, document_name__gt="")
    if not sees_exempt(request):
        items = items.filter(exempt=False)
    item = get_object_or_404(items.only("document", "document_name"))
    return download(bytes(item.document), item.document_name, inline=True)
