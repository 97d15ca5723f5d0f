from django.urls import path

from workstreams.casework import views

urlpatterns = [
    path("", views.summary, name="casework_summary"),
    path("cases/", views.case_list, name="casework_cases"),
    path("cases/add/", views.case_edit, name="casework_case_add"),
    path("cases/export.csv", views.export_csv, name="casework_export_csv"),
    path("cases/export.xlsx", views.export_xlsx, name="casework_export_xlsx"),
    path("cases/<int:pk>/", views.case_detail, name="casework_case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="casework_case_edit"),
    path("cases/<int:pk>/delete/", views.case_delete, name="casework_case_delete"),
    path(
        "cases/<int:pk>/history/<int:history_id>/redact/",
        views.case_redact,
        name="casework_case_redact",
    ),
    path("tracking/", views.tracking, name="casework_tracking"),
    path("tracking/print/", views.tracking_print, name="casework_tracking_print"),
    path("deadlines/", views.deadlines, name="casework_deadlines"),
    path("settings/", views.casework_settings, name="casework_settings"),
]
