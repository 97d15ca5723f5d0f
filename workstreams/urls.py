from django.urls import include, path

from workstreams import views

urlpatterns = [
    path("periods/open-next/", views.open_next_quarter, name="open_next_quarter"),
    path("periods/<str:period_code>/", views.period_detail, name="period_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("workstreams/<int:pk>/", views.workstream_detail, name="workstream_detail"),
    path("workstreams/<int:pk>/targets/", views.targets_edit, name="targets_edit"),
    path("returns/", views.my_returns, name="my_returns"),
    path("returns/<int:pk>/<str:period_code>/edit/", views.return_edit, name="return_edit"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("rag-rule/", views.rag_rule, name="rag_rule"),
    path("risks/", views.risk_register, name="risk_register"),
    path("milestones/", views.milestone_timeline, name="milestone_timeline"),
    path("casework/", include("workstreams.casework.urls")),
]
