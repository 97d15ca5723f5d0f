"""Enumerations of the authorities layer, with the words users see."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer (workstream lead)"
    FINANCE = "finance", "Finance"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"
    FORUM_MEMBER = "forum_member", "Schools Forum member"


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"


class MissingReturns(models.TextChoices):
    """What a sign-off decided for the workstreams without an approved return that quarter."""

    CARRY_FORWARD = "carry_forward", "Carry their latest approved figures of the year forward"
    LEAVE_OUT = "leave_out", "Leave them out of this quarter's figures"


class Quarter(models.IntegerChoices):
    Q1 = 1, "Q1 (April to June)"
    Q2 = 2, "Q2 (July to September)"
    Q3 = 3, "Q3 (October to December)"
    Q4 = 4, "Q4 (January to March)"


class Capability(models.TextChoices):
    """What a role may do within one authority. Reading is the default for members."""

    VIEW_DRAFTS = "view_drafts", "See draft and unapproved figures"
    ENTER_RETURNS = "enter_returns", "Enter quarterly returns"
    ENTER_ANY_RETURN = "enter_any_return", "Enter the return of any workstream, not only those led"
    APPROVE_RETURNS = "approve_returns", "Approve or send back returns"
    EDIT_TARGETS = "edit_targets", "Set savings targets"
    EDIT_FORECAST = "edit_forecast", "Keep the HNB forecast"
    EXPORT = "export", "Export figures to Excel"
    SIGN_OFF = "sign_off", "Sign off and reopen a quarter"
    MANAGE = "manage", "Manage workstreams, users and reporting periods"
    WRITE_PAPER = "write_paper", "Write the Schools Forum paper's front matter"
    PUBLISH = "publish", "Publish the Schools Forum paper"
    VIEW_CASEWORK = "view_casework", "See Preparing for Adulthood case records"
    EDIT_CASEWORK = "edit_casework", "Record Preparing for Adulthood casework"
    VIEW_EXEMPT = "view_exempt", "See exempt (Part 2) items of Schools Forum meetings"
    CLERK_MEETINGS = "clerk_meetings", "Draft Schools Forum agendas and minutes"
    FOLLOW_MEETINGS = "follow_meetings", "Follow an authority's Schools Forum meetings by e-mail"
    REDACT_CASEWORK = (
        "redact_casework",
        "Redact personal details from casework history and delete cases",
    )


# What each role may do. Officers enter returns (for the workstreams they lead) and
# casework; finance also keeps targets and the forecast, approves returns, exports and
# signs quarters off; the programme lead may do everything. A forum member changes
# nothing but whether they follow the Forum's meetings (an e-mail when an agenda or a
# paper is published): they read published and signed-off figures only, and exempt
# meeting items only when their membership says so (Membership.sees_exempt_items).
_OFFICER = frozenset(
    {
        Capability.FOLLOW_MEETINGS,
        Capability.VIEW_DRAFTS,
        Capability.ENTER_RETURNS,
        Capability.VIEW_CASEWORK,
        Capability.EDIT_CASEWORK,
        Capability.VIEW_EXEMPT,
    }
)
_FINANCE = _OFFICER | {
    Capability.ENTER_ANY_RETURN,
    Capability.APPROVE_RETURNS,
    Capability.EDIT_TARGETS,
    Capability.EDIT_FORECAST,
    Capability.EXPORT,
    Capability.SIGN_OFF,
    Capability.WRITE_PAPER,
}
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OFFICER: _OFFICER,
    Role.FINANCE: _FINANCE,
    Role.PROGRAMME_LEAD: frozenset(Capability.values),
    Role.FORUM_MEMBER: frozenset({Capability.FOLLOW_MEETINGS}),
}


class Audience(models.TextChoices):
    """Who a page-level read is for. Staff see drafts of open periods; the Schools Forum
    sees approved figures of signed-off and published periods only, everywhere."""

    STAFF = "staff", "Staff"
    FORUM = "forum", "Schools Forum"

    @property
    def sees_drafts(self) -> bool:
        return self is Audience.STAFF
