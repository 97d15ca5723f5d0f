"""The forms of the safety-valve agreement: its terms and trajectory, and its payments."""

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone

from forecasts.computation import year_label
from forecasts.models import Condition, Instalment, Submission
from forecasts.models.agreement import InstalmentStatus, SubmissionOutcome
from hnb_monitor.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    MoneyField,
    WholeNumberField,
)
from hnb_monitor.models import FinancialYear
from workstreams.choices import Rag
from workstreams.models import Workstream

LONG_TEXT = 10_000


class YearField(forms.TypedChoiceField):
    """A financial year, chosen by its label; the years of any agreement are offered,
    those not yet in the calendar added to it when chosen."""

    def __init__(self, label: str, **kwargs):
        this_year = timezone.localdate().year
        choices = [("", "Choose a year")] + [
            (start, year_label(start)) for start in range(FIRST_YEAR, this_year + YEARS_AHEAD)
        ]
        super().__init__(label=label, choices=choices, coerce=int, empty_value=None, **kwargs)

    def clean(self, value):
        start = super().clean(value)
        return None if start is None else FinancialYear.objects.get_or_create(start_year=start)[0]

    def prepare_value(self, value):
        return value.start_year if isinstance(value, FinancialYear) else value


# Safety-valve agreements began in 2020/21; a term may run a decade or more ahead.
FIRST_YEAR, YEARS_AHEAD = 2015, 16


def year_choice(label: str, **kwargs) -> YearField:
    return YearField(label, **kwargs)


class AgreementForm(GovukForm):
    """The terms, and the planned in-year deficit of each year of the term."""

    signed_on = GovukDateField(label="Date signed", required=False)
    first_year = year_choice("First year of the agreement")
    last_year = year_choice("Last year of the agreement")
    dfe_contribution = MoneyField(
        label="DfE contribution in total",
        error_messages={"required": "Enter the DfE contribution in total"},
    )
    authority_contribution = MoneyField(label="The authority's own contribution", required=False)
    balance_year = year_choice("In-year balance to be reached by", required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT
    )
    variation_reason = forms.CharField(
        label="If the planned deficits change: what the variation changes, and why",
        help_text="Needed once a signed-off quarter's forecast has read the planned deficits: "
        "the change is then recorded as a variation from the open quarter, and the "
        "earlier agreement stays with the quarters before",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT,
    )

    def __init__(self, *args, years: list[FinancialYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"planned__{year.start_year}"] = MoneyField(
                label=f"Planned in-year deficit, {year.label}",
                help_text="Negative, or in brackets, for a planned surplus",
            )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and first.start_year > last.start_year:
            self.add_error("last_year", "The last year must not be before the first year")
        return data

    def term_fields(self):
        return [self[name] for name in self.TERMS]

    TERMS = [
        "signed_on",
        "first_year",
        "last_year",
        "dfe_contribution",
        "authority_contribution",
        "balance_year",
        "notes",
    ]

    def planned_fields(self):
        return [self[f"planned__{year.start_year}"] for year in self.years]

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            "signed_on": data["signed_on"],
            "first_year": data["first_year"],
            "last_year": data["last_year"],
            "dfe_contribution": data["dfe_contribution"],
            "authority_contribution": data["authority_contribution"] or 0,
            "balance_year": data["balance_year"],
            "notes": data["notes"],
        }

    def planned(self) -> dict:
        return {year: self.cleaned_data[f"planned__{year.start_year}"] for year in self.years}


class InstalmentForm(GovukForm):
    financial_year = year_choice("Year")
    part = WholeNumberField(
        label="Part",
        min_value=1,
        max_value=12,
        initial=1,
        help_text="1, unless the year is paid in parts",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2"}),
    )
    amount = MoneyField(label="Amount")
    due_on = GovukDateField(label="Due", required=False)
    # An initial, so that an untouched blank instalment is not taken for a new one.
    status = forms.ChoiceField(
        label="Status", choices=InstalmentStatus.choices, initial=InstalmentStatus.DUE
    )
    paid_on = GovukDateField(label="Paid", required=False)
    reason = forms.CharField(
        label="Reason (withheld, suspended or back-dated)", required=False, max_length=LONG_TEXT
    )

    @property
    def legend(self) -> str:
        """ "2023/24" or "2023/24, part 2" for an instalment on record; blank for a new one."""
        start, part = self.initial.get("financial_year"), self.initial.get("part", 1)
        if start is None:
            return ""
        return year_label(start) + (f", part {part}" if part != 1 else "")


class BaseInstalmentFormSet(BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # An instalment on record is kept only if posted: never dropped as an "unchanged
        # extra form", whatever count of initial forms a post claims.
        form = super()._construct_form(i, **kwargs)
        if i < len(self.initial or ()):
            form.empty_permitted = False
        return form

    def clean(self):
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if form.errors or not data or data.get("DELETE"):
                continue
            slot = (data["financial_year"].pk, data["part"])
            if slot in seen:
                form.add_error(
                    "part",
                    f"{data['financial_year'].label} part {data['part']} is entered twice: "
                    "number the parts of a year 1, 2 and so on",
                )
            seen.add(slot)

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) of every error, naming the instalment, for the summary."""
        found = [("", str(error)) for error in self.non_form_errors()]
        for number, form in enumerate(self.forms, start=1):
            for field in form:
                for error in field.errors:
                    found.append((field.auto_id, f"Instalment {number}: {error}"))
        return found


InstalmentFormSet = formset_factory(
    InstalmentForm, formset=BaseInstalmentFormSet, extra=2, can_delete=True
)


class ReprofileForm(GovukForm):
    reason = forms.CharField(
        label="Why are the payments re-profiled?",
        help_text="Needed to save changed amounts as a new version of the schedule",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT,
    )


class ConditionForm(GovukModelForm):
    """A condition of the agreement; its RAG uses the workstreams' words."""

    class Meta:
        model = Condition
        fields = ["text", "owner", "evidence", "rag", "workstreams"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 4}),
            "rag": forms.RadioSelect,
            "workstreams": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = [("", "Not yet rated"), *Rag.choices]
        self.fields["text"].error_messages["required"] = "Enter the condition"
        self.fields["workstreams"].queryset = Workstream.objects.filter(
            authority=authority, active=True
        ).order_by("order", "name")


class SubmissionForm(GovukModelForm):
    """A report in the calendar. It is submitted from its own page, which keeps the return
    as sent; the DfE's outcome is recorded once it is."""

    due_on = GovukDateField(label="Date the report is due")

    class Meta:
        model = Submission
        # Submitted is recorded by submitting the report, which keeps its return as sent.
        fields = ["period", "due_on", "instalment", "outcome", "feedback"]
        widgets = {"feedback": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = agreement.authority.periods.select_related(
            "financial_year"
        ).order_by("financial_year__start_year", "quarter")
        self.fields["period"].label_from_instance = lambda period: period.label
        self.fields["period"].empty_label = "Choose a quarter"
        self.fields["instalment"].empty_label = "None"
        self.fields["outcome"].choices = [("", "Not known yet"), *SubmissionOutcome.choices]
        self.fields["instalment"].queryset = Instalment.objects.filter(
            schedule__agreement=agreement
        ).select_related("financial_year", "schedule")
        self.fields["instalment"].label_from_instance = lambda i: (
            f"{i.financial_year.label}{f', part {i.part}' if i.part != 1 else ''} "
            f"(version {i.schedule.number})"
        )

    def clean_outcome(self):
        outcome = self.cleaned_data["outcome"]
        if outcome and self.instance.submitted_on is None:
            raise forms.ValidationError("Record the DfE's outcome once the report is submitted")
        return outcome
