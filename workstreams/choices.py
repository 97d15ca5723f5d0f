"""Every enumeration of the savings programme, with the words the paper uses."""

from django.db import models


class Rag(models.TextChoices):
    # Seed 000's key: RAG is always shown with these words, never by colour alone.
    GREEN = "green", "Delivered / Low Risk"
    AMBER = "amber", "Some risk – closely monitor"
    RED = "red", "Not delivered / undeliverable"

    @property
    def short(self) -> str:
        return self.name.title()


RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN]


class Schedule(models.TextChoices):
    A = "A", "Schedule A – savings"
    B = "B", "Schedule B – further savings to mitigate movement"
    C = "C", "Schedule C – additional efficiency target"
    NONE = "", "Not on a schedule"

    @property
    def short(self) -> str:
        """As the forecast's headings and sheet names print it: "Schedule A"."""
        return self.label.split(" – ")[0]


# The schedules a forecast's items sit on, in the forecast's order (seed 000).
FORECAST_SCHEDULES = (Schedule.A, Schedule.B, Schedule.C)
FORECAST_SCHEDULE_CHOICES = [(schedule.value, schedule.short) for schedule in FORECAST_SCHEDULES]


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"
    MISSED = "missed", "Missed"

    @property
    def colour(self) -> str:
        """The GOV.UK tag colour the timeline shows beside the words."""
        return MILESTONE_COLOURS[self]


MILESTONE_COLOURS = {
    MilestoneStatus.NOT_STARTED: "grey",
    MilestoneStatus.ON_TRACK: "blue",
    MilestoneStatus.AT_RISK: "red",
    MilestoneStatus.COMPLETE: "green",
    MilestoneStatus.MISSED: "red",
}


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    COUNT = "count", "Count"
    POUNDS = "pounds", "Pounds"


class TransitionStatus(models.TextChoices):
    """Where a Preparing for Adulthood case stands."""

    IDENTIFIED = "identified", "Identified"
    ONGOING = "ongoing", "Casework ongoing"
    TRANSITIONED = "transitioned", "Transitioned"
    CEASED = "ceased", "Ceased"

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour a case's status is shown in, always with its label."""
        return {
            TransitionStatus.IDENTIFIED: "grey",
            TransitionStatus.ONGOING: "blue",
            TransitionStatus.TRANSITIONED: "green",
            TransitionStatus.CEASED: "yellow",
        }[self]
