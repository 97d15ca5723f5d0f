from django.urls import path

from forecasts import agreement_views, views

urlpatterns = [
    path("forecast/", views.forecast_page, name="forecast"),
    path("forecast/start/", views.forecast_start, name="forecast_start"),
    path("forecast/<str:period_code>/edit/", views.forecast_edit, name="forecast_edit"),
    path(
        "forecast/<str:period_code>/schedule/<str:schedule>/",
        views.schedule_edit,
        name="schedule_edit",
    ),
    path("forecast/<str:period_code>/export/", views.forecast_export, name="forecast_export"),
    path("agreement/", views.agreement_page, name="agreement"),
    path("agreement/edit/", agreement_views.agreement_edit, name="agreement_edit"),
    path("agreement/payments/", agreement_views.payments_edit, name="agreement_payments"),
    path("agreement/conditions/add/", agreement_views.condition_edit, name="condition_add"),
    path("agreement/conditions/<int:pk>/", agreement_views.condition_edit, name="condition_edit"),
    path("agreement/reports/add/", agreement_views.submission_edit, name="submission_add"),
    path("agreement/reports/<int:pk>/", agreement_views.submission_edit, name="submission_edit"),
    path("history/", views.history_page, name="hnb_history"),
    path("history/edit/", views.history_edit, name="hnb_history_edit"),
    path(
        "history/stated-projection/",
        views.stated_projection_edit,
        name="stated_projection_edit",
    ),
    path("history/invest/add/", views.invest_edit, name="invest_add"),
    path("history/invest/<int:pk>/edit/", views.invest_edit, name="invest_edit"),
    path("history/invest/<int:pk>/remove/", views.invest_remove, name="invest_remove"),
]
