from django.urls import path

from reports.meetings import views

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/items/new/", views.meeting_item_edit, name="meeting_item_new"),
    path("<int:pk>/items/<int:item_pk>/", views.meeting_item_edit, name="meeting_item_edit"),
    path(
        "<int:pk>/items/<int:item_pk>/report.pdf",
        views.meeting_item_report,
        name="meeting_item_report",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/delete/",
        views.meeting_item_delete,
        name="meeting_item_delete",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/resolutions/new/",
        views.meeting_resolution_new,
        name="meeting_resolution_new",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/resolutions/<int:resolution_pk>/delete/",
        views.meeting_resolution_delete,
        name="meeting_resolution_delete",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/actions/new/",
        views.meeting_action_new,
        name="meeting_action_new",
    ),
    path("actions/<int:action_pk>/", views.meeting_action_progress, name="meeting_action_progress"),
    path(
        "<int:pk>/approve-minutes/",
        views.meeting_approve_minutes,
        name="meeting_approve_minutes",
    ),
    path("<int:pk>/corrections/new/", views.meeting_correction_new, name="meeting_correction_new"),
]
