from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hnb_monitor import views
from reports.meetings.pack_urls import public_urlpatterns as public_pack_urlpatterns
from reports.urls import public_urlpatterns

authority_patterns = [
    path("", views.authority_home, name="authority_home"),
    path("", include("workstreams.urls")),
    path("", include("forecasts.urls")),
    path("", include("reports.urls")),
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
    # Published papers and agenda packs an authority has chosen to make public: no sign-in.
    path("public/<slug:authority_slug>/papers/", include(public_urlpatterns)),
    path("public/<slug:authority_slug>/meetings/", include(public_pack_urlpatterns)),
    path("admin/", admin.site.urls),
]
