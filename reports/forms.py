from django import forms

from hnb_monitor.forms import GovukDateField, GovukForm, GovukModelForm
from reports.models import LONG_TEXT, Paper


def yes_no(label: str, yes: str, no: str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("no", no), ("yes", yes)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        **kwargs,
    )


class FrontMatterForm(GovukModelForm):
    """The words on the paper's first pages. Saving is refused if someone else saved
    since this form was opened (the version)."""

    meeting_date = GovukDateField(label="Meeting date", required=False)
    exempt = yes_no(
        "Open or exempt",
        "Exempt: not for publication (Part 2)",
        "Open",
        help_text="An exempt paper is read by the Schools Forum only, never on a public page",
    )
    key_decision = yes_no("Key decision", "Yes", "No")
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Paper
        fields = [
            "meeting_name",
            "meeting_date",
            "title",
            "classification",
            "exempt",
            "key_decision",
            "wards_affected",
            "accountable_director",
            "authors",
            "purpose",
            "recommendations",
            "executive_summary",
            "decisions_required",
        ]
        widgets = {
            "authors": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "executive_summary": forms.Textarea(attrs={"rows": 8}),
            "decisions_required": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "authors": "One author a line: their name, a dash, then their post, like "
            "“Peter Haylock – Operational Director of Education and SEND”",
            "recommendations": "One recommendation a line; the paper numbers them",
            "executive_summary": "Leave a blank line between paragraphs",
            "decisions_required": "One decision a line; leave empty if the Forum is asked "
            "only to note the report",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["exempt"] = "yes" if self.instance.exempt else "no"
            self.initial["key_decision"] = "yes" if self.instance.key_decision else "no"
            self.initial["version"] = self.instance.version
        self.fields["title"].error_messages["required"] = "Enter the paper's title"
        self.fields["meeting_name"].error_messages["required"] = "Enter the meeting's name"

    def front_matter(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PublishForm(GovukForm):
    """Publishing a correction says why; the first version needs no reason."""

    reason = forms.CharField(
        label="What does this correction change, and why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        required=False,
        help_text="Printed in the list of versions, beside the corrected paper",
    )
