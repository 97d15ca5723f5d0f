from django.urls import reverse

# (label, url name, capability needed, url names of the pages within the section) of an
# authority's sections, in the order of the quarterly cycle.
AUTHORITY_SECTIONS = [
    ("Home", "authority_home", None, {"period_detail"}),
    ("Dashboard", "dashboard", None, {"workstream_detail", "targets_edit", "rag_rule"}),
    ("Returns", "my_returns", "enter_returns", {"return_edit", "return_detail"}),
    ("Risks", "risk_register", None, set()),
    ("Timeline", "milestone_timeline", None, set()),
    ("Forecast", "forecast", None, {"forecast_start", "forecast_edit", "schedule_edit"}),
    ("Agreement", "agreement", None, {"agreement_", "condition_", "submission_"}),
    ("History", "hnb_history", None, {"hnb_history_edit", "invest_"}),
    ("Casework", "casework_summary", None, {"casework_"}),
    ("Papers", "paper_list", None, {"paper_"}),
    ("Meetings", "meeting_list", None, {"meeting_"}),
]


def in_section(current: str | None, url_name: str, pages: set[str]) -> bool:
    if current is None:
        return False
    # A page name ending in "_" stands for every page whose name starts with it.
    return current == url_name or any(
        current == page or (page.endswith("_") and current.startswith(page)) for page in pages
    )


def navigation(request):
    authority = getattr(request, "authority", None)
    if authority is None:
        return {"navigation": []}
    current = getattr(request.resolver_match, "url_name", None)
    items = []
    membership = getattr(request, "membership", None)
    for label, url_name, capability, pages in AUTHORITY_SECTIONS:
        if capability and not (membership and membership.can(capability)):
            continue
        items.append(
            {
                "label": label,
                "url": reverse(url_name, kwargs={"authority_slug": authority.slug}),
                "current": in_section(current, url_name, pages),
            }
        )
    return {"navigation": items}
