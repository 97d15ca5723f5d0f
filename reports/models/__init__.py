from reports.models.meetings import (
    Action,
    AgendaItem,
    AgendaPack,
    Alert,
    Attendee,
    Follow,
    ForumRules,
    Meeting,
    MinutesCorrection,
    Resolution,
)
from reports.models.papers import LONG_TEXT, SHORT_TEXT, Paper, PublishedPaper, SubmittedReturn

__all__ = [
    "LONG_TEXT",
    "SHORT_TEXT",
    "Action",
    "AgendaItem",
    "AgendaPack",
    "Alert",
    "Attendee",
    "Follow",
    "ForumRules",
    "Meeting",
    "MinutesCorrection",
    "Paper",
    "PublishedPaper",
    "Resolution",
    "SubmittedReturn",
]
