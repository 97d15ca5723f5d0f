"""The clerk's forms: the meeting, its agenda items with their reports, attendance,
resolutions and actions, approving minutes and recording a correction."""

import datetime
import io
import os
import re

from django import forms
from django.forms import formset_factory
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.html import format_html

from hnb_monitor.forms import (
    POSITIVE_SMALL_INTEGER_MAX,
    GovukDateField,
    GovukForm,
    GovukModelForm,
    WholeNumberField,
)
from reports.choices import ActionStatus, AnsweringPage, Attendance, MemberCategory
from reports.forms import yes_no
from reports.models import LONG_TEXT, SHORT_TEXT, Action, AgendaItem, Meeting, Paper
from reports.models.meetings import MAX_DOCUMENT_BYTES

# "2pm", "2.00 pm", "2:30pm", "14:00": the ways an agenda writes a time.
TIME_OF_DAY = re.compile(
    r"(?P<hour>[0-9]{1,2})(?:[.:](?P<minute>[0-9]{2}))?\s*(?P<half>[ap]\.?m\.?)?"
)


class TimeOfDayField(forms.Field):
    widget = forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Like 2pm, 2.30 pm or 14:30")
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip().lower()
        if not text:
            return None
        match = TIME_OF_DAY.fullmatch(text) if len(text) <= 10 else None
        hour = int(match["hour"]) if match else -1
        minute = int(match["minute"] or 0) if match else -1
        if match and match["half"]:
            if not 1 <= hour <= 12:
                hour = -1
            else:
                hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise forms.ValidationError(
                f"{self.label} must be a time of day, like 2pm or 14:30", code="invalid"
            )
        return datetime.time(hour, minute)


class MeetingForm(GovukModelForm):
    date = GovukDateField(label="Date of the meeting")
    start_time = TimeOfDayField(label="Start time")
    end_time = TimeOfDayField(
        label="Time the meeting ended", required=False, help_text="Fill in for the minutes"
    )
    remote = yes_no("Where is it held?", "Remotely (online)", "In person")

    class Meta:
        model = Meeting
        fields = ["name", "remote", "venue", "observer_contact", "chair", "opening_remarks"]
        widgets = {"opening_remarks": forms.Textarea(attrs={"rows": 4})}
        labels = {"name": "Meeting", "opening_remarks": "Minutes: before the first item"}
        help_texts = {
            "venue": "The room and address; for a remote meeting, how to join, if any",
            "opening_remarks": "What the minutes record before item 1, if anything",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.update(
                date=starts.date(),
                start_time=f"{starts:%H:%M}",
                remote="yes" if self.instance.remote else "no",
            )
            if self.instance.ends_at:
                self.initial["end_time"] = f"{timezone.localtime(self.instance.ends_at):%H:%M}"
        elif not self.is_bound:
            self.initial.update(remote="no", start_time="14:00")

    def clean(self):
        cleaned = super().clean()
        date, start, end = (cleaned.get(name) for name in ("date", "start_time", "end_time"))
        if end and start and end <= start:
            self.add_error("end_time", "The meeting must end after it starts")
        return cleaned

    def meeting_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        date = self.cleaned_data["date"]
        data["starts_at"] = timezone.make_aware(
            datetime.datetime.combine(date, self.cleaned_data["start_time"])
        )
        end = self.cleaned_data.get("end_time")
        data["ends_at"] = timezone.make_aware(datetime.datetime.combine(date, end)) if end else None
        return data


def checked_pdf(upload) -> tuple[str, bytes, int]:
    """An uploaded report: a PDF that opens, is not encrypted and has pages. Returns its
    name, bytes and number of pages, or raises ValidationError saying what is wrong."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            f"The report must be smaller than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"
        )
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise forms.ValidationError("The report must be a PDF")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise forms.ValidationError(
                "The report is password-protected: upload it without a password"
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise forms.ValidationError("The report could not be read as a PDF") from error
    if pages == 0:
        raise forms.ValidationError("The report has no pages")
    # Served back as a PDF under this name: the stem as uploaded, always ".pdf".
    stem = os.path.splitext(os.path.basename(upload.name or ""))[0].strip() or "report"
    name = f"{stem[: SHORT_TEXT - 4]}.pdf"
    return name, content, pages


class AgendaItemForm(GovukModelForm):
    number = WholeNumberField(
        label="Item number",
        min_value=1,
        max_value=POSITIVE_SMALL_INTEGER_MAX,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
    )
    exempt = yes_no(
        "Open or exempt",
        "Exempt (Part 2): taken in private",
        "Open",
        help_text="Exempt items are seen only by those allowed, and left out of the public pack",
    )
    document = forms.FileField(
        label="Or upload the report (PDF)",
        required=False,
        help_text="Replaces any paper chosen above. A PDF smaller than 20 MB",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "kind",
            "summary",
            "presenter",
            "purpose",
            "paper",
            "exempt",
            "minutes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "kind": forms.RadioSelect,
        }
        labels = {
            "paper": "The report: a Schools Forum paper of HNB Monitor",
            "kind": "Kind of item",
        }
        help_texts = {
            "summary": "Printed under the title on the agenda",
            "minutes": "What the minutes record under this item. Leave a blank line between "
            "paragraphs",
        }

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(authority=authority).select_related(
            "period__financial_year"
        )
        self.fields["paper"].required = False
        self.fields["paper"].empty_label = "No paper of HNB Monitor"
        self.fields["purpose"].required = False
        if not self.is_bound:
            self.initial["exempt"] = "yes" if self.instance.exempt else "no"
        self.fields["title"].error_messages["required"] = "Enter the item's title"

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        return checked_pdf(upload) if upload else None

    def item_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AttendeeForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=SHORT_TEXT, error_messages={"required": "Enter the person's name"}
    )
    organisation = forms.CharField(
        label="Organisation or post", max_length=SHORT_TEXT, required=False
    )
    # Group starts on a blank choice, so that an empty row left alone posts it empty.
    category = forms.ChoiceField(
        label="Group",
        choices=[("", "Choose a group"), *MemberCategory.choices],
        error_messages={"required": "Select the person's group"},
    )
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=Attendance.choices,
        error_messages={"required": "Select whether the person was present"},
    )
    note = forms.CharField(label="Note", max_length=SHORT_TEXT, required=False)

    def has_changed(self):
        # An empty row's selects are posted too, with what they show ("Present" for
        # attendance). Such a row was taken as filled in without a name, and the page could
        # not be saved until every empty row was filled: a row is filled in when something
        # is typed in it or a group is chosen.
        return any(name != "attendance" for name in self.changed_data)


class BaseAttendanceFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is None:
            return
        # Every row has a "Name", a "Group" and a "Delete": each label ends, unseen, with
        # the row's person, so a screen reader tells one row's fields from another's.
        for name, field in form.fields.items():
            words = f" person {index + 1}" if name == "DELETE" else f" of person {index + 1}"
            label = field.label if field.label is not None else pretty_name(name)
            field.label = format_html(
                '{}<span class="govuk-visually-hidden">{}</span>', label, words
            )

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) of every error, naming the person's row, for the summary."""
        found = [("", str(error)) for error in self.non_form_errors()]
        for number, form in enumerate(self.forms, start=1):
            for field in form:
                for error in field.errors:
                    found.append((field.auto_id, f"Person {number}: {error}"))
        return found

    def rows(self) -> list[dict]:
        """Everyone listed, in order; empty and deleted rows left out."""
        return [
            {name: form.cleaned_data[name] for name in AttendeeForm.base_fields}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


AttendanceFormSet = formset_factory(
    AttendeeForm,
    formset=BaseAttendanceFormSet,
    extra=5,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class ResolutionForm(GovukForm):
    text = forms.CharField(
        label="What was decided", widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT
    )
    votes_for = WholeNumberField(
        label="Votes for", required=False, max_value=POSITIVE_SMALL_INTEGER_MAX
    )
    votes_against = WholeNumberField(
        label="Votes against", required=False, max_value=POSITIVE_SMALL_INTEGER_MAX
    )
    abstentions = WholeNumberField(
        label="Abstentions", required=False, max_value=POSITIVE_SMALL_INTEGER_MAX
    )


class ActionForm(GovukModelForm):
    due_on = GovukDateField(label="Due", required=False)

    class Meta:
        model = Action
        fields = ["description", "owner", "due_on", "answered_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"description": "What the Forum asked for", "owner": "Owner"}
        help_texts = {
            "answered_by": "The page of HNB Monitor that answers it, if one does",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_by"].choices = AnsweringPage.choices
        self.fields["description"].error_messages["required"] = "Enter what the Forum asked for"


class ActionProgressForm(GovukForm):
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        required=False,
        help_text="What was done, or why it is dropped (needed to drop it)",
    )
    closed_on = GovukDateField(label="Closed on", required=False, help_text="Leave empty for today")


class CorrectionForm(GovukForm):
    decided_at = forms.ModelChoiceField(
        label="Decided at the meeting of",
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the meeting that agreed the correction"},
    )
    text = forms.CharField(
        label="The correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
        help_text="Say which item it corrects and what the minutes should have said",
    )

    def __init__(self, *args, later, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_at"].queryset = later
        self.fields["decided_at"].label_from_instance = lambda meeting: f"{meeting.day:%-d %B %Y}"
