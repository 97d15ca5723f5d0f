from django.core.management.base import CommandError

from forecasts.selectors import forecast_for
from hnb_monitor.models import Authority


def forecast_or_error(slug: str, period_code: str):
    authority = Authority.objects.filter(slug=slug).first()
    if authority is None:
        known = ", ".join(Authority.objects.values_list("slug", flat=True)) or "none loaded"
        raise CommandError(f"No authority with slug {slug!r} (known: {known})")
    forecast = forecast_for(authority, period_code)
    if forecast is None:
        raise CommandError(f"{authority.name} has no forecast for period {period_code!r}")
    return forecast
