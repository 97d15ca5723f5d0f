"""Following an authority's meetings, and a meeting for the calendar: under
/a/<authority>/meetings/ (reports/urls.py)."""

from django.urls import path

from reports.meetings import follow

urlpatterns = [
    path("follow/", follow.follow_meetings, name="meeting_follow"),
    path("unfollow/", follow.unfollow_meetings, name="meeting_unfollow"),
    path("<int:pk>/meeting.ics", follow.meeting_calendar, name="meeting_calendar"),
]
