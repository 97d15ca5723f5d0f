from django.core.management.base import CommandError

from forecasts.selectors import ForecastNotVisible, ForecastOverview, forecast_overview
from hnb_monitor.choices import Audience
from hnb_monitor.models import Authority


def overview_or_error(slug: str, period_code: str) -> tuple[Authority, ForecastOverview]:
    """The forecast as staff read it: drafts of open quarters included."""
    authority = Authority.objects.filter(slug=slug).first()
    if authority is None:
        known = ", ".join(Authority.objects.values_list("slug", flat=True)) or "none loaded"
        raise CommandError(f"No authority with slug {slug!r} (known: {known})")
    try:
        overview = forecast_overview(
            authority=authority, period=period_code, audience=Audience.STAFF
        )
    except ForecastNotVisible as error:
        raise CommandError(
            f"{authority.name} has no forecast for period {period_code!r}"
        ) from error
    return authority, overview
