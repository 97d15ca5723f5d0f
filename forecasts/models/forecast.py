"""The HNB forecast as finance keeps it: entered lines and schedule items only.

Every derived line (HNB after savings, deficits, variances, retained deficit) is
computed by forecasts.computation, never stored as a typed-in figure.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from forecasts.computation import AGREEMENT_LINE, LINES
from hnb_monitor import locking
from hnb_monitor.models import Authority, FinancialYear, ReportingPeriod
from hnb_monitor.money import MONEY
from workstreams.choices import FORECAST_SCHEDULE_CHOICES


def guard_period(period: ReportingPeriod) -> None:
    # A signed-off quarter's forecast is read-only, like its returns.
    locking.guard_period(period, "its forecast is")


class Forecast(models.Model):
    """The high-level HNB forecast as it stood at one reporting period."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.PROTECT, related_name="forecast"
    )
    opening_retained_deficit = models.DecimalField(
        "Opening retained deficit",
        help_text="The retained deficit before the first year shown",
        **MONEY,
    )
    notes = models.TextField(blank=True)
    # Moves on with every save of its lines or schedules (forecasts.services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period"]

    def __str__(self) -> str:
        return f"HNB forecast {self.period}"

    def save(self, *args, **kwargs):
        guard_period(self.period)
        super().save(*args, **kwargs)

    @property
    def authority(self) -> Authority:
        return self.period.authority


class ForecastYear(models.Model):
    """One column of the forecast: a financial year's entered lines."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="years")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    is_outturn = models.BooleanField(
        "Final outturn", default=False, help_text="Final outturn rather than forecast"
    )
    hnb_allocation = models.DecimalField("HNB allocation", default=0, **MONEY)
    block_transfer = models.DecimalField(
        "Block transfer", default=0, help_text="Negative when moved into the HNB", **MONEY
    )
    expenditure_before_savings = models.DecimalField(
        "HNB expenditure before savings", default=0, **MONEY
    )
    investment = models.DecimalField(default=0, **MONEY)
    # The agreement's planned deficit and the DfE's payments are the agreement's
    # (forecasts.agreements), never typed here: the two could otherwise disagree.
    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "financial_year"], name="one_column_per_forecast_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.forecast} {self.financial_year}"

    def save(self, *args, **kwargs):
        guard_period(self.forecast.period)
        super().save(*args, **kwargs)


class ScheduleItem(models.Model):
    """A line of schedule A (savings), B (further savings) or C (efficiency target)."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="schedule_items")
    schedule = models.CharField(max_length=1, choices=FORECAST_SCHEDULE_CHOICES)
    description = models.CharField(max_length=300)
    workstream = models.ForeignKey(
        "workstreams.Workstream",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schedule_items",
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "schedule", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_schedule_display()}: {self.description}"

    def save(self, *args, **kwargs):
        guard_period(self.forecast.period)
        super().save(*args, **kwargs)


class ScheduleAmount(models.Model):
    """A schedule item's amount in one year, signed as printed (savings negative)."""

    item = models.ForeignKey(ScheduleItem, on_delete=models.CASCADE, related_name="amounts")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "financial_year"], name="one_amount_per_item_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.financial_year}: {self.amount}"

    def save(self, *args, **kwargs):
        guard_period(self.item.forecast.period)
        super().save(*args, **kwargs)


class HistoryYear(models.Model):
    """A year of an authority's High Needs history (seed 002's table), in pounds."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="hnb_history")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    ehcp_count = models.PositiveIntegerField("EHCPs (January census)")
    hnb_budget = models.DecimalField("High needs budget", **MONEY)
    hnb_expenditure = models.DecimalField("High needs expenditure", **MONEY)
    # Not the running sum of in-year deficits: other DSG blocks and transfers move it.
    accumulated_deficit = models.DecimalField("Accumulated DSG deficit", **MONEY)
    # Seed 002 prints 2016/17's growth but not the 2015/16 figures behind it. Where the year
    # before is not recorded, the growth the source states is kept as stated, not derived.
    ehcp_growth_stated = models.DecimalField(
        "EHCP growth on the year before, as stated",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Only where the year before is not recorded here",
    )
    budget_growth_stated = models.DecimalField(
        "Budget growth on the year before, as stated",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Only where the year before is not recorded here",
    )
    expenditure_growth_stated = models.DecimalField(
        "Expenditure growth on the year before, as stated",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Only where the year before is not recorded here",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "financial_year"], name="one_history_row_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.financial_year}"


class InvestToTransform(models.Model):
    """Invest-to-transform funding (seed 002): what it buys and what is committed so far."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="invest_to_transform"
    )
    activity = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    allocation = models.DecimalField(null=True, blank=True, **MONEY)
    progress = models.TextField(blank=True)
    committed_to_date = models.DecimalField(
        "Committed spend to date",
        null=True,
        blank=True,
        help_text="Blank: to be confirmed",
        **MONEY,
    )
    order = models.PositiveIntegerField(default=0)
    # Optimistic locking: a save names the version it started from (services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "order", "activity"]
        verbose_name = "invest-to-transform activity"
        verbose_name_plural = "invest-to-transform activities"

    def __str__(self) -> str:
        return self.activity


# Any line of the forecast a note may be about, in the paper's words.
FIGURE_LINES = [(line.key, line.label) for line in (*LINES, AGREEMENT_LINE)]


class FigureNote(models.Model):
    """What a reader should know about one figure of a forecast, shown beside it: for
    example where the council's published paper prints it differently.

    A note about a figure rather than a figure: it does not move any total, so it may be
    added to a signed-off quarter's forecast too.
    """

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="notes_on")
    line = models.CharField("Line of the forecast", max_length=40, choices=FIGURE_LINES)
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    text = models.CharField(
        max_length=300,
        help_text="For example: Published as 799,354; the paper's inputs give 799,353",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "line", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "line", "financial_year"], name="one_note_per_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.forecast}, {self.get_line_display()} {self.financial_year}: {self.text}"


class StatedProjection(models.Model):
    """The accumulated deficit "if left unchecked" as the council's own paper states it,
    year by year, to set beside the projection HNB Monitor computes."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="stated_projection"
    )
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT)
    accumulated_deficit = models.DecimalField("Accumulated deficit, as stated", **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "financial_year"], name="one_stated_projection_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.financial_year}: {self.accumulated_deficit}"
