from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hnb_monitor import views

authority_patterns = [
    path("", views.authority_home, name="authority_home"),
    path("", include("workstreams.urls")),
    path("", include("forecasts.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        views.SignInView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("a/<slug:authority_slug>/", include(authority_patterns)),
    path("admin/", admin.site.urls),
]
