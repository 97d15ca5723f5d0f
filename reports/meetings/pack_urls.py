from django.urls import path

from reports.meetings import pack_views

# Under /a/<authority>/meetings/ (reports/urls.py).
urlpatterns = [
    path("<int:pk>/publish/", pack_views.pack_publish, name="meeting_pack_publish"),
    path("<int:pk>/pack.pdf", pack_views.meeting_pack, name="meeting_pack"),
    path(
        "<int:pk>/pack-v<int:number>.pdf",
        pack_views.meeting_pack_version,
        name="meeting_pack_version",
    ),
]

# Under /public/<authority>/meetings/ (hnb_monitor/urls.py): no sign-in.
public_urlpatterns = [
    path("<int:pk>/pack.pdf", pack_views.public_meeting_pack, name="public_meeting_pack"),
]
