"""What every response needs to keep the council's figures where they belong."""

import ipaddress

from django.conf import settings
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Signed-in pages and exports show the council's figures and casework: no browser
    cache or proxy may keep a copy for the next person at a shared laptop. The sign-in
    page's answer to a POST (errors, or the lockout page) is not kept either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


def client_address(request) -> str | None:
    """The address a sign-in attempt came from, for django-axes' lockout.

    Behind our proxy every request comes from the proxy, which appends the address it
    saw to X-Forwarded-For: the last entry is the one we can trust, the ones before it
    are whatever the client sent. Without a proxy the header is the client's own
    invention and is ignored."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        nearest = forwarded[-1].strip()
        try:
            return str(ipaddress.ip_address(nearest))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
