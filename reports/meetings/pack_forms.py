from django import forms

from hnb_monitor.forms import GovukForm
from reports.models import LONG_TEXT


class PackPublishForm(GovukForm):
    """Publishing the agenda pack again (a re-issue) says why; the first needs no reason."""

    reason = forms.CharField(
        label="What does the re-issued pack change, and why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        required=False,
        help_text="Kept with the pack and listed beside it, like “Item 5's report added”",
    )
