from django import forms

from hnb_monitor.forms import (
    GovukDateField,
    GovukForm,
    GovukModelForm,
    WholeNumberField,
)
from workstreams.casework.personal_data import describe, personal_details
from workstreams.casework.selectors import team_leader_name, team_leaders
from workstreams.choices import TransitionStatus
from workstreams.models import CaseworkSettings, Cohort, Pathway, TransitionCase

DATE_FIELDS = [
    "identified_on",
    "target_transition_on",
    "transitioned_on",
    "phase_transfer_review_on",
    "next_review_on",
]


CONFIRM_NO_PERSONAL_DETAILS = "confirm_no_personal_details"


class TransitionCaseForm(GovukModelForm):
    version = WholeNumberField(label="Version", widget=forms.HiddenInput, required=False)
    # Offered only when the notes sent look as if they hold a personal detail.
    confirm_no_personal_details = forms.BooleanField(
        label="I have checked: these notes hold no personal details",
        required=False,
    )

    class Meta:
        model = TransitionCase
        fields = [
            "reference",
            "cohort",
            "pathway",
            "status",
            *DATE_FIELDS[:3],
            "post_16_move",
            "phase_transfer_review_on",
            "team_leader",
            "next_review_on",
            "notes",
        ]
        field_classes = {name: GovukDateField for name in DATE_FIELDS}
        widgets = {
            "reference": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "spellcheck": "false"}
            ),
            "status": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.instance.authority = authority
        self.fields["cohort"].queryset = Cohort.objects.filter(authority=authority)
        self.fields["cohort"].empty_label = "Choose a cohort"
        self.fields["pathway"].queryset = Pathway.objects.filter(authority=authority)
        self.fields["pathway"].empty_label = "Not identified yet"
        self.fields["team_leader"].queryset = team_leaders(authority)
        self.fields["team_leader"].label_from_instance = team_leader_name
        self.fields["team_leader"].empty_label = "Not assigned"
        self.fields["status"].choices = TransitionStatus.choices
        self.fields["reference"].error_messages["required"] = "Enter the case reference"
        self.fields["cohort"].error_messages["required"] = "Choose a cohort"
        self.fields["status"].error_messages["required"] = "Choose a status"
        self.fields["identified_on"].help_text = "For example, 27 3 2023"
        self.fields["transitioned_on"].help_text = "Required when the status is Transitioned"
        self.fields["target_transition_on"].help_text = (
            "Its phase-transfer review is due by 15 February of that year (31 March for a "
            "move to post-16)"
        )
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0
        # What the notes sent seem to hold that casework may keep if a person confirms it.
        self.personal_details = [
            finding
            for finding in personal_details(self.data.get("notes", "") if self.is_bound else "")
            if not finding.refused
        ]
        if not self.personal_details:
            del self.fields[CONFIRM_NO_PERSONAL_DETAILS]

    def clean_notes(self):
        """Refuse an email address, phone number or date of birth outright; hold a save
        that seems to hold a postcode, an address or a name with a date until confirmed."""
        notes = self.cleaned_data["notes"]
        refused = [finding for finding in personal_details(notes) if finding.refused]
        if refused:
            raise forms.ValidationError(
                f"Remove {describe(refused)} from the notes: casework must not hold personal "
                "details. Use the case reference.",
                code="personal_details",
            )
        return notes

    def clean(self):
        cleaned = super().clean()
        unconfirmed = self.personal_details and not cleaned.get(CONFIRM_NO_PERSONAL_DETAILS)
        # Notes already refused say what to remove; a second message would be noise.
        if unconfirmed and "notes" in cleaned:
            them = "it" if len(self.personal_details) == 1 else "them"
            self.add_error(
                "notes",
                forms.ValidationError(
                    f"The notes may hold {describe(self.personal_details)}. Remove {them}, or "
                    "tick the box below the notes to confirm that they hold no personal details",
                    code="personal_details_unconfirmed",
                ),
            )
        return cleaned

    def show_conflict(self, current: TransitionCase) -> None:
        """Someone saved the case since this form was opened: say so, and let the next save
        replace their version (shown beside the form) with this one."""
        self.add_error(
            None,
            "Someone else saved this case while you were editing it. Their version is "
            "shown below; check it, then save again to replace it with yours.",
        )
        self.data = self.data.copy()
        self.data["version"] = current.version

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        taken = TransitionCase.objects.filter(authority=self.authority, reference=reference)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                "A case with this reference already exists", code="duplicate"
            )
        return reference


class ThresholdForm(GovukModelForm):
    small_number_threshold = WholeNumberField(
        label=CaseworkSettings._meta.get_field("small_number_threshold").verbose_name,
        help_text=CaseworkSettings._meta.get_field("small_number_threshold").help_text,
        required=False,
        min_value=2,  # the model's bounds
        max_value=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
    )

    class Meta:
        model = CaseworkSettings
        fields = ["small_number_threshold"]


class NamedItemForm(GovukForm):
    """A new cohort or pathway: a name unique within the authority."""

    name = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"class": "govuk-input"}))

    def __init__(self, *args, authority, model, **kwargs):
        super().__init__(*args, prefix=model._meta.model_name, **kwargs)
        self.authority, self.model = authority, model
        self.fields["name"].label = f"New {model._meta.verbose_name}"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.model.objects.filter(authority=self.authority, name__iexact=name).exists():
            raise forms.ValidationError(
                f"There is already a {self.model._meta.verbose_name} called {name}"
            )
        return name


class TrackingForm(GovukForm):
    by = GovukDateField(label="Reviews due by", required=False, help_text="For example, 27 3 2026")
    team_leader = forms.ModelChoiceField(
        label="Team leader",
        queryset=None,
        required=False,
        empty_label="All team leaders",
        help_text="For supervision: one team leader's cases",
    )

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_leader"].queryset = team_leaders(authority)
        self.fields["team_leader"].label_from_instance = team_leader_name


class DeadlinesForm(GovukForm):
    weeks = forms.TypedChoiceField(
        label="Warn this far ahead",
        coerce=int,
        choices=[(4, "4 weeks"), (8, "8 weeks"), (12, "12 weeks"), (26, "26 weeks")],
        required=False,
    )


COHORT_PATHWAY_MODELS = {"cohort": Cohort, "pathway": Pathway}


class SettingsForms:
    """The settings page's forms: the threshold, a new cohort and a new pathway. Each has
    its own button, named by `action`, and only that form is bound."""

    def __init__(self, data, *, authority, settings: CaseworkSettings):
        self.action = data.get("action") if data is not None else None
        self.threshold = ThresholdForm(
            data if self.action == "threshold" else None, instance=settings
        )
        self.items = {
            name: NamedItemForm(
                data if self.action == name else None, authority=authority, model=model
            )
            for name, model in COHORT_PATHWAY_MODELS.items()
        }

    def first_with_errors(self):
        """The form whose errors the page's error summary lists, if any."""
        with_errors = [form for form in (self.threshold, *self.items.values()) if form.errors]
        return with_errors[0] if with_errors else None


class ReasonForm(GovukForm):
    """Why a case's notes are redacted or the case deleted: kept with the record of it."""

    reason = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, label: str, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        # The reason is kept for good: it must not bring back what is being removed.
        if personal_details(reason):
            raise forms.ValidationError(
                "The reason must not hold personal details: say what kind of detail it was",
                code="personal_details",
            )
        return reason
