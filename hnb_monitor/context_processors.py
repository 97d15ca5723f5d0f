from django.urls import reverse

# (label, url name) of the sections of an authority, in the order of the quarterly cycle.
AUTHORITY_SECTIONS = [
    ("Home", "authority_home", None),
    ("Dashboard", "dashboard", None),
    ("Returns", "my_returns", "enter_returns"),
    ("Risks", "risk_register", None),
    ("Timeline", "milestone_timeline", None),
    ("Forecast", "forecast", None),
    ("History", "hnb_history", None),
]


def navigation(request):
    authority = getattr(request, "authority", None)
    if authority is None:
        return {"navigation": []}
    current = getattr(request.resolver_match, "url_name", None)
    items = []
    membership = getattr(request, "membership", None)
    for label, url_name, capability in AUTHORITY_SECTIONS:
        if capability and not (membership and membership.can(capability)):
            continue
        items.append(
            {
                "label": label,
                "url": reverse(url_name, kwargs={"authority_slug": authority.slug}),
                "current": url_name == current,
            }
        )
    return {"navigation": items}
