from django.urls import path

from forecasts import views

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
