"""The site's URLs, with stand-ins for the meeting pages that are being built on another
branch (`meeting_list`, `meeting_detail`), so that the alerts' links and the return from
following can be tested before those pages land. A stand-in is added only while its
name is missing from the site: once the real page exists, this is the site's URLconf."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, path, reverse

from hnb_monitor.access import authority_view
from hnb_monitor.urls import urlpatterns as site_urlpatterns


@authority_view()
def stand_in(request, authority, pk=None):
    return HttpResponse(f"A stand-in for the meeting pages of {authority}")


def site_has(name: str, args: list) -> bool:
    try:
        reverse(name, urlconf="hnb_monitor.urls", args=args)
    except NoReverseMatch:
        return False
    return True


stand_ins = []
if not site_has("meeting_list", ["x"]):
    stand_ins.append(path("a/<slug:authority_slug>/meetings/", stand_in, name="meeting_list"))
if not site_has("meeting_detail", ["x", 1]):
    stand_ins.append(
        path("a/<slug:authority_slug>/meetings/<int:pk>/", stand_in, name="meeting_detail")
    )

urlpatterns = [*site_urlpatterns, *stand_ins]
