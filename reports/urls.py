from django.urls import include, path

from reports import views

urlpatterns = [
    path(
        "agreement/reports/<int:pk>/return.<str:fmt>",
        views.return_document,
        name="return_document",
    ),
    path("agreement/reports/<int:pk>/submit/", views.submit_report, name="submit_report"),
    path("meetings/", include("reports.meetings.urls")),
    path("papers/", views.paper_list, name="paper_list"),
    path("papers/<str:period_code>/", views.paper_detail, name="paper_detail"),
    path("papers/<str:period_code>/edit/", views.paper_edit, name="paper_edit"),
    path("papers/<str:period_code>/publish/", views.paper_publish, name="paper_publish"),
    path("papers/<str:period_code>/draft.<str:fmt>", views.paper_draft, name="paper_draft"),
    path("papers/<str:period_code>/paper.<str:fmt>", views.paper_latest, name="paper_latest"),
    path(
        "papers/<str:period_code>/v<int:number>.<str:fmt>",
        views.paper_version,
        name="paper_version",
    ),
    path("meetings/", include("reports.meetings.pack_urls")),
    path("meetings/", include("reports.meetings.alert_urls")),
]

public_urlpatterns = [
    path(
        "agreement/reports/<int:pk>/return.<str:fmt>",
        views.return_document,
        name="return_document",
    ),
    path("agreement/reports/<int:pk>/submit/", views.submit_report, name="submit_report"),
    path("", views.public_paper_list, name="public_paper_list"),
    path("<str:period_code>/v<int:number>.<str:fmt>", views.public_paper, name="public_paper"),
]
