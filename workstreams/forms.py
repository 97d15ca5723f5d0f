from django import forms

from hnb_monitor.forms import (
    DecimalNumberField,
    GovukForm,
    GovukModelForm,
    MoneyField,
    WholeNumberField,
)
from workstreams.choices import Rag
from workstreams.models import RagRule

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class ReturnForm(GovukForm):
    delivered_to_date = MoneyField(
        label="Delivered to date", required=False, help_text="Savings made so far this year, in £"
    )
    forecast_outturn = MoneyField(
        label="Forecast outturn for the year",
        required=False,
        help_text="What the workstream will have saved by 31 March, in £. Paste from Excel "
        "if you like: £1,234, (528,000) and -528000 are all fine.",
    )
    rag_override = forms.ChoiceField(label="RAG rating", required=False, widget=forms.RadioSelect)
    override_reason = forms.CharField(
        label="Reason for overriding the suggested RAG", required=False, widget=TEXTAREA
    )
    # Not required to save a draft; services.check_submittable asks for both to submit.
    progress_update = forms.CharField(
        label="Progress update", required=False, widget=TEXTAREA, help_text="Required to submit"
    )
    next_steps = forms.CharField(
        label="Key next steps", required=False, widget=TEXTAREA, help_text="Required to submit"
    )
    risks_and_mitigations = forms.CharField(
        label="Risks and mitigations", required=False, widget=TEXTAREA
    )
    recovery_actions = forms.CharField(
        label="What is being done about it",
        required=False,
        widget=TEXTAREA,
        help_text="Required to submit a red or amber return",
    )
    version = WholeNumberField(label="Version", widget=forms.HiddenInput)

    def __init__(self, *args, context, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context
        has_target = context.target is not None
        blank = (
            "Use the suggested rating (from the forecast against the target)"
            if has_target
            else "Not rated yet"
        )
        self.fields["rag_override"].choices = [
            ("", blank),
            *((rag.value, f"{rag.short}: {rag.label}") for rag in Rag),
        ]
        if not has_target:
            self.fields["rag_override"].label = "RAG rating"
            self.fields[
                "rag_override"
            ].help_text = "This workstream has no savings target this year, so rate it by judgement"
            del self.fields["override_reason"]
        else:
            rule = context.rule
            self.fields["rag_override"].help_text = (
                f"Suggested: green from {rule.green_from:g}% of target, amber from "
                f"{rule.amber_from:g}%. Choose another rating only with a reason."
            )

    def clean(self):
        cleaned = super().clean()
        suggested = self.context.suggest(cleaned.get("forecast_outturn"))
        override = cleaned.get("rag_override")
        if (
            "override_reason" in self.fields
            and override
            and suggested
            and override != suggested
            and not cleaned.get("override_reason", "").strip()
        ):
            self.add_error(
                "override_reason",
                f"Give a reason for rating this {Rag(override).short.lower()} when the "
                f"forecast suggests {suggested.short.lower()}",
            )
        cleaned["suggested_rag"] = suggested
        return cleaned


class SendBackForm(GovukForm):
    comment = forms.CharField(
        label="What needs to change",
        widget=TEXTAREA,
        help_text="The officer sees this when they reopen the return",
    )


def threshold_field(label: str) -> DecimalNumberField:
    # The column keeps one decimal place, from 0% to 200% of target. GOV.UK asks for text
    # inputs with a numeric keyboard rather than type="number".
    return DecimalNumberField(
        label=label,
        min_value=0,
        max_value=200,
        decimal_places=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4"}),
    )


class RagRuleForm(GovukModelForm):
    green_from = threshold_field("Green from (% of target)")
    amber_from = threshold_field("Amber from (% of target)")

    class Meta:
        model = RagRule
        fields = ["green_from", "amber_from"]

    def clean(self):
        cleaned = super().clean()
        green, amber = cleaned.get("green_from"), cleaned.get("amber_from")
        if green is not None and amber is not None and amber > green:
            self.add_error("amber_from", "Amber must start at or below the green threshold")
        return cleaned


class TargetsForm(GovukForm):
    """One money field per financial year; blank removes the year's target."""

    def __init__(self, *args, years, targets, version: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.initial["version"] = version
        for year in years:
            self.fields[f"year_{year.start_year}"] = MoneyField(
                label=f"Target for {year.label}", required=False
            )
            self.initial[f"year_{year.start_year}"] = targets.get(year.id)
        # Last, so it reads after the figures it explains.
        self.fields["reason"] = self.fields.pop("reason")

    version = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label="Why do the targets change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Needed when a signed-off quarter already shows a target you change: that quarter "
            "keeps the old amount, and the new one applies from the next open quarter"
        ),
    )

    def amounts(self):
        return [(year, self.cleaned_data[f"year_{year.start_year}"]) for year in self.years]
