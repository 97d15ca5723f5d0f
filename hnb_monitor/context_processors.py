from django.urls import reverse

# (label, url name) of the sections of an authority, in the order of the quarterly cycle.
AUTHORITY_SECTIONS = [
    ("Home", "authority_home"),
]


def navigation(request):
    authority = getattr(request, "authority", None)
    if authority is None:
        return {"navigation": []}
    current = getattr(request.resolver_match, "url_name", None)
    items = []
    for label, url_name in AUTHORITY_SECTIONS:
        items.append(
            {
                "label": label,
                "url": reverse(url_name, kwargs={"authority_slug": authority.slug}),
                "current": url_name == current,
            }
        )
    return {"navigation": items}
