"""The agenda pack's pages: publishing it, and the pack itself, in full for those who
may see exempt items and without them for everyone else, the public included."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from hnb_monitor.access import authority_view
from hnb_monitor.choices import Capability
from hnb_monitor.downloads import download
from reports.choices import MeetingStatus
from reports.meetings.access import meeting_for, meeting_to_clerk, sees_exempt
from reports.meetings.pack_forms import PackPublishForm
from reports.meetings.publishing import publish_agenda
from reports.models import Meeting
from reports.views import public_authority


@authority_view(Capability.CLERK_MEETINGS, read_capability=Capability.CLERK_MEETINGS)
def pack_publish(request, authority, pk):
    meeting = meeting_to_clerk(request, pk)
    form = PackPublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pack = publish_agenda(
                meeting=meeting, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Agenda pack version {pack.number} published")
            return redirect("meeting_detail", authority.slug, meeting.pk)
    # The list of versions reads no PDF.
    packs = meeting.packs.only("number", "published_at", "reason", "page_count")
    context = {"authority": authority, "meeting": meeting, "packs": packs, "form": form}
    return render(request, "reports/meetings/publish.html", context)


@authority_view()
def meeting_pack(request, authority, pk):
    """The meeting's latest pack, at a link that never changes."""
    meeting = meeting_for(request, pk)
    return pack_download(meeting, meeting.packs.all(), public=not sees_exempt(request))


@authority_view()
def meeting_pack_version(request, authority, pk, number):
    meeting = meeting_for(request, pk)
    packs = meeting.packs.filter(number=number)
    return pack_download(meeting, packs, public=not sees_exempt(request))


@login_not_required
@require_safe
def public_meeting_pack(request, authority_slug, pk):
    """The public pack, for an authority that publishes its papers: no sign-in."""
    authority = public_authority(authority_slug)
    meeting = get_object_or_404(
        Meeting.objects.exclude(status=MeetingStatus.DRAFT), pk=pk, authority=authority
    )
    return pack_download(meeting, meeting.packs.all(), public=True)


def pack_download(meeting: Meeting, packs, *, public: bool) -> HttpResponse:
    """The latest of `packs`, reading only the PDF asked for. A public pack is empty when
    every item is exempt: there is nothing to show."""
    found = packs.order_by("-number").values_list("number", "public_pdf" if public else "pdf")
    number, pdf = found.first() or (None, b"")
    if not pdf:
        raise Http404("No agenda pack published for this meeting")
    day = timezone.localtime(meeting.starts_at).date()
    name = f"schools-forum-agenda-pack-{day:%Y-%m-%d}-v{number}{'-public' if public else ''}.pdf"
    return download(bytes(pdf), name, inline=True)
