from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority
from workstreams.choices import MilestoneStatus, RiskStatus
from workstreams.models.workstreams import Workstream

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    """A risk to the savings plan: Schools Forum asked for a register (seed 001, item 6)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="risks")
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    likelihood = models.PositiveSmallIntegerField(validators=SCALE, help_text="1 (rare) to 5")
    impact = models.PositiveSmallIntegerField(validators=SCALE, help_text="1 (minor) to 5")
    owner = models.CharField(max_length=200)
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default="open")
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Milestone(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="milestones")
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.PROTECT, related_name="milestones"
    )
    date = models.DateField()
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=MilestoneStatus.choices, default="not_started")
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "date", "title"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.title}"
