from django.db import models
from simple_history.models import HistoricalRecords

from hnb_monitor.models import Authority
from workstreams.choices import MeasureUnit
from workstreams.models.workstreams import Workstream


class Measure(models.Model):
    """A performance indicator, e.g. EHC plans issued within 20 weeks (seed 004)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="measures")
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=MeasureUnit.choices, default="percent")
    higher_is_better = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="unique_measure_name_per_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """One reading of a measure: a calendar year, a financial year or a quarter."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    label = models.CharField(max_length=40, help_text="As the paper writes it: 2017, 2023 YTD")
    sort_key = models.PositiveIntegerField(help_text="Orders readings in time, e.g. 2017")
    numerator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    comparators = models.JSONField(
        default=dict, blank=True, help_text='Benchmarks by name, e.g. {"London": 59.9}'
    )
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "label"], name="one_value_per_measure_label")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.label} {self.value}"
