from workstreams.models.measures import Measure, MeasureValue
from workstreams.models.plan import Milestone, Risk
from workstreams.models.returns import QuarterlyReturn
from workstreams.models.workstreams import RagRule, SavingsTarget, Workstream

__all__ = [
    "Measure",
    "MeasureValue",
    "Milestone",
    "QuarterlyReturn",
    "RagRule",
    "Risk",
    "SavingsTarget",
    "Workstream",
]
