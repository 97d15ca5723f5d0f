from django import forms

from forecasts.computation import FORM_LINES
from forecasts.models import InvestToTransform
from hnb_monitor.forms import GovukForm, GovukModelForm, MoneyField, WholeNumberField
from hnb_monitor.money import format_money

ENTERED_LINES = [(line.key, line.label) for line in FORM_LINES]


def pounds(amount) -> str:
    return format_money(amount, pence=amount != amount.to_integral_value(), symbol=True)


def field_name(line: str, start_year: int) -> str:
    return f"{line}__{start_year}"


class ForecastForm(GovukForm):
    """Finance's entered lines, one money field per line per year, typed as in Excel."""

    opening_retained_deficit = MoneyField(label="Opening retained deficit")
    version = WholeNumberField(label="Version", widget=forms.HiddenInput)

    def __init__(self, *args, columns, forecast, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.forecast = forecast
        self.initial.setdefault("opening_retained_deficit", forecast.opening_retained_deficit)
        self.initial.setdefault("version", forecast.version)
        for column in columns:
            year = column.financial_year
            self.fields[f"is_outturn__{year.start_year}"] = forms.BooleanField(
                label=f"{year.label} is final outturn", required=False
            )
            self.initial.setdefault(f"is_outturn__{year.start_year}", column.is_outturn)
            for line, label in ENTERED_LINES:
                name = field_name(line, year.start_year)
                self.fields[name] = MoneyField(label=f"{label}, {year.label}")
                self.initial.setdefault(name, getattr(column, line))

    def rows(self):
        """Bound fields laid out as the paper's table: a row per line, a column per year."""
        return [
            (label, [self[field_name(line, c.financial_year.start_year)] for c in self.columns])
            for line, label in ENTERED_LINES
        ]

    def with_version(self, version: int) -> "ForecastForm":
        """The same figures, to be saved over `version`: saving them again then replaces
        what someone else saved since the form was opened, deliberately."""
        data = self.data.copy()
        data["version"] = version
        form = ForecastForm(data, columns=self.columns, forecast=self.forecast)
        form.is_valid()
        return form

    def outturn_fields(self):
        return [self[f"is_outturn__{c.financial_year.start_year}"] for c in self.columns]

    def column_values(self):
        for column in self.columns:
            start = column.financial_year.start_year
            yield (
                column,
                {
                    "is_outturn": self.cleaned_data[f"is_outturn__{start}"],
                    **{
                        line: self.cleaned_data[field_name(line, start)]
                        for line, _ in ENTERED_LINES
                    },
                },
            )


class VersionForm(GovukForm):
    """The version of the forecast a schedule form was opened at."""

    version = WholeNumberField(label="Version", widget=forms.HiddenInput)


class ScheduleItemForm(GovukForm):
    """A schedule item: description, optional workstream, an amount per year."""

    description = forms.CharField(label="Description", max_length=300, required=False)
    workstream = forms.ModelChoiceField(
        label="Workstream", queryset=None, required=False, empty_label="Not linked"
    )
    remove = forms.BooleanField(label="Remove this item", required=False)

    def __init__(self, *args, years, workstreams, row_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["workstream"].queryset = workstreams
        # Every row has the same fields, so each label names its row: a screen reader and
        # the error summary then say which item is meant.
        self.fields["description"].label = f"Description of {row_name}"
        self.fields["workstream"].label = f"Workstream of {row_name}"
        for year in years:
            self.fields[f"amount__{year.start_year}"] = MoneyField(
                label=f"{row_name}, amount {year.label}", required=False
            )

    def clean(self):
        cleaned = super().clean()
        has_amount = any(cleaned.get(f"amount__{y.start_year}") is not None for y in self.years)
        if (has_amount or cleaned.get("workstream")) and not cleaned.get("description"):
            self.add_error("description", "Enter a description for this schedule item")
        return cleaned

    def amount_fields(self):
        return [self[f"amount__{year.start_year}"] for year in self.years]

    def amounts(self):
        return {year: self.cleaned_data.get(f"amount__{year.start_year}") for year in self.years}


class HistoryRowForm(GovukForm):
    """A year of the High Needs history: what the council's table records, in pounds."""

    financial_year = forms.ModelChoiceField(
        label="Year", queryset=None, required=False, empty_label="Choose a year"
    )
    ehcp_count = WholeNumberField(label="EHCP count", required=False, widget=forms.TextInput)
    hnb_budget = MoneyField(label="High needs budget", required=False)
    hnb_expenditure = MoneyField(label="High needs expenditure", required=False)
    accumulated_deficit = MoneyField(label="Accumulated DSG deficit", required=False)
    remove = forms.BooleanField(label="Remove this year", required=False)

    VALUES = ["ehcp_count", "hnb_budget", "hnb_expenditure", "accumulated_deficit"]

    def __init__(self, *args, years, row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.fields["financial_year"].queryset = years
        if row is not None:
            del self.fields["financial_year"]  # a saved row's year is fixed
            self.initial |= {name: getattr(row, name) for name in self.VALUES}
        # Every row has the same fields, so each label names its year: a screen reader and
        # the error summary then say which figure is meant.
        year = self.year_label(years)
        for name in self.VALUES:
            self.fields[name].label = f"{self.fields[name].label} for {year}"

    def year_label(self, years) -> str:
        if self.row is not None:
            return self.row.financial_year.label
        chosen = self.data.get(self.add_prefix("financial_year"), "")
        year = years.filter(pk=chosen).first() if str(chosen).isdigit() else None
        return year.label if year else "the new year"

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return self.row is None and not any(
            data.get(name) is not None for name in ["financial_year", *self.VALUES]
        )  # the empty row for a new year, left empty

    def clean(self):
        cleaned = super().clean()
        if self.is_blank or cleaned.get("remove"):
            return cleaned
        if self.row is None and cleaned.get("financial_year") is None:
            self.add_error("financial_year", "Select the year these figures are for")
        for name in self.VALUES:
            if cleaned.get(name) is None and name not in self.errors:
                label = str(self.fields[name].label)
                if label[1:2].islower():  # "the high needs budget", but "the EHCP count"
                    label = label[0].lower() + label[1:]
                self.add_error(name, f"Enter the {label}")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.VALUES}


class InvestToTransformForm(GovukModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.instance.version

    allocation = MoneyField(label="Allocation (£)", required=False)
    committed_to_date = MoneyField(
        label="Committed spend to date (£)",
        required=False,
        help_text="Leave blank if it is to be confirmed",
    )

    class Meta:
        model = InvestToTransform
        fields = ["activity", "description", "allocation", "progress", "committed_to_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"progress": "Start a line with '- ' for a bulleted list"}
        error_messages = {"activity": {"required": "Enter the name of the activity"}}

    # Committing more than the allocation may be true (a top-up not yet recorded) or a typo,
    # so it is saved only once finance confirms it. The template shows this box, with a
    # warning, only while the figures are over.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_over_allocation = forms.BooleanField(
        label="Yes, the committed spend is more than the allocation", required=False
    )

    @property
    def over_allocation_warning(self) -> str:
        """What is wrong when committed spend is above the allocation (in the figures as
        entered, or as saved when the form opens), else ''."""
        if self.is_bound:
            data = getattr(self, "cleaned_data", {})
        else:
            data = {name: self.initial.get(name) for name in ["allocation", "committed_to_date"]}
        allocation, committed = data.get("allocation"), data.get("committed_to_date")
        if allocation is None or committed is None or committed <= allocation:
            return ""
        return (
            f"The committed spend of {pounds(committed)} is more than the allocation of "
            f"{pounds(allocation)}"
        )

    def clean(self):
        cleaned = super().clean()
        if self.over_allocation_warning and not cleaned.get("confirm_over_allocation"):
            self.add_error(
                "confirm_over_allocation",
                "Confirm the committed spend is more than the allocation, or correct the figures",
            )
        return cleaned


def schedule_item_forms(data, *, items, years, workstreams, blank_rows: int = 2):
    """(item, form) for each of a schedule's items, then blank rows to add new ones."""
    forms = []
    for index, item in enumerate([*items, *[None] * blank_rows]):
        initial = {}
        if item is not None:
            amounts = {a.financial_year_id: a.amount for a in item.amounts.all()}
            initial = {"description": item.description, "workstream": item.workstream_id}
            initial |= {f"amount__{y.start_year}": amounts.get(y.id) for y in years}
        row_name = item.description if item is not None else f"new item {index - len(items) + 1}"
        form = ScheduleItemForm(
            data,
            prefix=f"item{index}",
            initial=initial,
            years=years,
            workstreams=workstreams,
            row_name=row_name,
        )
        forms.append((item, form))
    return forms


class ScheduleForms:
    """One schedule's item forms and the forecast version they were opened at."""

    def __init__(self, data, *, forecast, schedule, years, workstreams, version=None):
        self.forecast, self.schedule = forecast, schedule
        self.years, self.workstreams = years, workstreams
        items = forecast.schedule_items.filter(schedule=schedule).prefetch_related("amounts")
        self.rows = schedule_item_forms(
            data, items=list(items), years=years, workstreams=workstreams
        )
        initial = {"version": forecast.version if version is None else version}
        self.version = VersionForm(data, initial=initial)

    def start_again(self, version: int) -> "ScheduleForms":
        """The schedule as now saved, at the version someone else saved it at."""
        return ScheduleForms(
            None,
            forecast=self.forecast,
            schedule=self.schedule,
            years=self.years,
            workstreams=self.workstreams,
            version=version,
        )

    def is_valid(self) -> bool:
        return self.version.is_valid() and all(form.is_valid() for _, form in self.rows)

    def cleaned_rows(self):
        """(item or None, cleaned data, amounts by year) for services.save_schedule_items."""
        return [(item, form.cleaned_data, form.amounts()) for item, form in self.rows]

    def errors(self):
        return [error for _, form in self.rows for error in form_errors(form)]


def form_errors(form):
    """(field id, message) for an error summary over several forms on one page."""
    for field in form:
        for error in field.errors:
            label = str(field.label)
            named = label.lower() in error.lower()  # "Enter the high needs budget for …"
            yield field.id_for_label, error if named else f"{label}: {error}"


class HistoryForms:
    """A form for each year of the High Needs history kept so far, and one to add a year."""

    def __init__(self, data, *, saved, years):
        self.forms = [
            HistoryRowForm(data, prefix=f"year{index}", years=years, row=row)
            for index, row in enumerate([*saved, None])
        ]

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.forms)

    def cleaned_rows(self):
        """(saved row or None, its financial year, its figures, whether to remove it) for
        services.save_history, leaving out the blank row for a new year."""
        return [
            (
                form.row,
                form.row.financial_year if form.row else form.cleaned_data["financial_year"],
                form.values(),
                form.cleaned_data["remove"],
            )
            for form in self.forms
            if not form.is_blank
        ]

    def errors(self):
        return [error for form in self.forms for error in form_errors(form)]


class StatedProjectionForm(GovukForm):
    """The council's own "if left unchecked" projection, a field a year; blank for none."""

    def __init__(self, data=None, *, years, stated: dict):
        super().__init__(data)
        self.years = years
        for year in years:
            self.fields[f"year_{year.start_year}"] = MoneyField(
                label=f"{year.label}, £",
                required=False,
                initial=stated.get(year.pk),
            )

    def amounts(self) -> dict:
        """{financial year: amount or None} as entered."""
        return {year: self.cleaned_data[f"year_{year.start_year}"] for year in self.years}
