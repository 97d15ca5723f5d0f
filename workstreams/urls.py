from django.urls import path

from workstreams import casework_views, views

urlpatterns = [
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
    path("casework/", casework_views.summary, name="casework_summary"),
    path("casework/cases/", casework_views.case_list, name="casework_cases"),
    path("casework/cases/add/", casework_views.case_edit, name="casework_case_add"),
    path("casework/cases/export.csv", casework_views.export_csv, name="casework_export_csv"),
    path("casework/cases/export.xlsx", casework_views.export_xlsx, name="casework_export_xlsx"),
    path("casework/cases/<int:pk>/", casework_views.case_detail, name="casework_case"),
    path("casework/cases/<int:pk>/edit/", casework_views.case_edit, name="casework_case_edit"),
    path("casework/tracking/", casework_views.tracking, name="casework_tracking"),
    path("casework/deadlines/", casework_views.deadlines, name="casework_deadlines"),
    path("casework/settings/", casework_views.casework_settings, name="casework_settings"),
]
