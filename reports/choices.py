"""Enumerations of the Schools Forum's meetings, with the words the Forum's papers use."""

from django.db import models


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"


class Purpose(models.TextChoices):
    NONE = "", "No report"
    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"
    CONSULTATION = "consultation", "For consultation"


class ItemKind(models.TextChoices):
    """An agenda item's place in the pack: the previous meeting's minutes are printed
    under the item that agrees them, with the action log."""

    BUSINESS = "business", "Business"
    PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"


class MemberCategory(models.TextChoices):
    """Seed 001 lists the Forum by membership group: school members by phase, academies,
    non-school members (early years PVI, post-16), then observers and officers."""

    MAINTAINED_PRIMARY = "maintained_primary", "Maintained primary schools"
    MAINTAINED_SECONDARY = "maintained_secondary", "Maintained secondary schools"
    MAINTAINED_SPECIAL = "maintained_special", "Maintained special schools"
    ACADEMIES = "academies", "Academies"
    EARLY_YEARS = "early_years", "Early years"
    POST_16 = "post_16", "Post-16"
    NON_SCHOOL = "non_school", "Non-school members"
    OBSERVERS = "observers", "Observers"
    OFFICERS = "officers", "Officers"

    @property
    def votes(self) -> bool:
        return self not in (MemberCategory.OBSERVERS, MemberCategory.OFFICERS)


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class AnsweringPage(models.TextChoices):
    """The page of this system that answers an action, e.g. "bring a three-year
    timeline" is answered by the milestone timeline (seed 001)."""

    NONE = "", "None"
    DASHBOARD = "dashboard", "Dashboard"
    FORECAST = "forecast", "HNB forecast"
    AGREEMENT = "agreement", "Safety-valve agreement"
    RISK_REGISTER = "risk_register", "Risk register"
    MILESTONE_TIMELINE = "milestone_timeline", "Milestone timeline"
    PAPERS = "paper_list", "Schools Forum papers"
