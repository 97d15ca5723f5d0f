from workstreams.models.casework import (
    CaseDeletion,
    CaseRedaction,
    CaseworkSettings,
    Cohort,
    DemoNotice,
    EHCPlanIssue,
    Pathway,
    TransitionCase,
)
from workstreams.models.measures import Measure, MeasureValue
from workstreams.models.plan import Milestone, Risk
from workstreams.models.returns import QuarterlyReturn
from workstreams.models.workstreams import RagRule, SavingsTarget, Workstream, targets_as_of

__all__ = [
    "CaseDeletion",
    "CaseRedaction",
    "CaseworkSettings",
    "Cohort",
    "DemoNotice",
    "EHCPlanIssue",
    "Measure",
    "MeasureValue",
    "Milestone",
    "Pathway",
    "QuarterlyReturn",
    "RagRule",
    "Risk",
    "SavingsTarget",
    "targets_as_of",
    "TransitionCase",
    "Workstream",
]
