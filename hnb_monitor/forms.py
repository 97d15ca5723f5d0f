"""GOV.UK Design System rendering for Django forms.

Django renders every form and field through the templates named here, and the bound
field adds the GOV.UK classes and the error/hint ids to each widget, so a form only
has to inherit GovukForm to look and behave like a GOV.UK form.
"""

import datetime
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting

from hnb_monitor.choices import MissingReturns
from hnb_monitor.money import MONEY, MoneyError, format_money, has_other_digits, parse_money

ASCII_DIGITS = re.compile(r"[0-9]+")
WHOLE_NUMBER = re.compile(r"[-+−]?[0-9]+")

# What each integer column holds on PostgreSQL, the smallest of the databases used: a
# count beyond it fails to save there ("integer out of range") and, beyond 2**63, on
# SQLite too.
POSITIVE_INTEGER_MAX = 2_147_483_647
POSITIVE_SMALL_INTEGER_MAX = 32_767

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    forms.widgets.Input: "govuk-input",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


class GovukSelect(forms.Select):
    """A select written in one template loop over its options: Django's own renders a
    template per option, most of a filter form's time."""

    template_name = "forms/govuk_select.html"


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = next((css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)), "")
        classes = [css, widget.attrs.get("class", ""), attrs.get("class", "")]
        if self.errors and css in ERROR_CLASSES:
            classes.append(ERROR_CLASSES[css])
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} {self.auto_id}-error".strip()
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def is_choice_group(self) -> bool:
        return isinstance(self.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


def govuk_required_messages(form_fields) -> None:
    """GOV.UK error messages say what to do: "Enter the forecast", "Select a pathway",
    not Django's "This field is required." A field's own message is kept."""
    default = forms.Field.default_error_messages["required"]
    for field in form_fields.values():
        if field.error_messages.get("required") != default or not field.label:
            continue
        label = str(field.label)
        label = label[0].lower() + label[1:] if label[1:2].islower() else label
        verb = "Select" if isinstance(field.widget, (forms.Select, forms.RadioSelect)) else "Enter"
        field.error_messages["required"] = f"{verb} {label}"


# The error code of each bound, the words after the limit, and which limit is the tightest.
RANGE_BOUNDS = [
    (MinValueValidator, "or more", max),
    (MaxValueValidator, "or less", min),
]


def govuk_range_messages(form_fields, model=None) -> None:
    """GOV.UK error messages name the field and its limit: "EHCP count for 2019/20 must be
    0 or more", not Django's "Ensure this value is greater than or equal to 0." The limit
    is the tightest of the form field's and, on a model form, its model field's (whose
    validators run later). A field's or a validator's own message is kept."""
    for name, field in form_fields.items():
        validators = [*field.validators, *model_field_validators(model, name)]
        for kind, words, tightest in RANGE_BOUNDS:
            bounds = [v for v in validators if isinstance(v, kind)]
            if not bounds or bounds[0].code in field.error_messages or not field.label:
                continue
            if any(bound.message != kind.message for bound in bounds):
                continue
            limit = tightest(
                bound.limit_value() if callable(bound.limit_value) else bound.limit_value
                for bound in bounds
            )
            shown = (
                format_money(limit, symbol=True) if isinstance(field, MoneyField) else f"{limit:,}"
            )
            # Django fills in the message's %(...)s parameters, so a % in a label is doubled.
            message = f"{field.label} must be {shown} {words}".replace("%", "%%")
            field.error_messages[bounds[0].code] = message


def model_field_validators(model, name: str) -> list:
    if model is None:
        return []
    try:
        return model._meta.get_field(name).validators
    except FieldDoesNotExist:
        return []


class GovukForm(forms.Form):
    bound_field_class = GovukBoundField

    def full_clean(self):
        # At cleaning time, so fields a form adds in its own __init__ are covered too.
        govuk_required_messages(self.fields)
        govuk_range_messages(self.fields)
        super().full_clean()


class GovukModelForm(forms.ModelForm):
    bound_field_class = GovukBoundField

    def full_clean(self):
        # At cleaning time, so fields a form adds in its own __init__ are covered too.
        govuk_required_messages(self.fields)
        govuk_range_messages(self.fields, self._meta.model)
        super().full_clean()


class MoneyField(forms.Field):
    """Money as officers type it in Excel: £1,234 / (528,000) / -528000 / 1234.50.

    Bounded by the money column it is saved in (MONEY): anything the column cannot hold
    is refused here, with a message naming the field and the largest amount allowed.
    """

    widget = forms.TextInput

    def __init__(
        self,
        *args,
        max_digits: int = MONEY["max_digits"],
        decimal_places: int = MONEY["decimal_places"],
        **kwargs,
    ):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("spellcheck", "false")
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("class", "govuk-input--width-10")

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_money(
                value,
                field=str(self.label or "Amount"),
                max_digits=self.max_digits,
                decimal_places=self.decimal_places,
            )
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="invalid_money") from error

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return format_money(value, pence=value != value.to_integral_value())


def digits_error(name: str) -> forms.ValidationError:
    return forms.ValidationError(f"{name} must be written with the digits 0 to 9", code="digits")


class WholeNumberField(forms.IntegerField):
    """A count, an order or a threshold: the digits 0 to 9 only, and no more than its column
    holds (a PositiveIntegerField unless max_value says otherwise), so that whatever is
    accepted can be saved and read back on every database."""

    widget = forms.TextInput

    def __init__(self, *, min_value=0, max_value=POSITIVE_INTEGER_MAX, **kwargs):
        # Checked in validate() rather than by Django's validators, so the messages can
        # name the field by its label, which some forms set after creating the field.
        self.lowest, self.highest = min_value, max_value
        super().__init__(**kwargs)
        if not self.widget.is_hidden:
            self.widget.attrs.setdefault("inputmode", "numeric")
            self.widget.attrs.setdefault("spellcheck", "false")

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        name = str(self.label or "Number")
        if has_other_digits(text):
            raise digits_error(name)
        if not WHOLE_NUMBER.fullmatch(text):
            raise forms.ValidationError(f"{name} must be a whole number, like 12", code="invalid")
        negative = text[0] in "-−"
        digits = text.lstrip("+-−").lstrip("0") or "0"
        # Too many digits to be in range: said without turning 100,000 digits into an int.
        if len(digits) > len(str(max(abs(self.lowest), abs(self.highest)))):
            raise self.range_error(below=negative)
        return -int(digits) if negative else int(digits)

    def range_error(self, *, below: bool) -> forms.ValidationError:
        name = str(self.label or "Number")
        if below:
            return forms.ValidationError(
                f"{name} must be {self.lowest:,} or more", code="min_value"
            )
        return forms.ValidationError(f"{name} must be {self.highest:,} or less", code="max_value")

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.lowest <= value <= self.highest:
            raise self.range_error(below=value < self.lowest)


class DecimalNumberField(forms.DecimalField):
    """A figure that is not money, like a percentage threshold: the digits 0 to 9 only,
    between min_value and max_value, and no more decimal places than its column keeps."""

    widget = forms.TextInput

    def __init__(self, *, min_value, max_value, decimal_places, **kwargs):
        self.lowest, self.highest = min_value, max_value
        kwargs.pop("max_digits", None)
        super().__init__(decimal_places=decimal_places, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("spellcheck", "false")

    def to_python(self, value):
        name = str(self.label or "Number")
        if isinstance(value, str):
            value = value.strip()
            if has_other_digits(value):
                raise digits_error(name)
            # Short enough to be a number in range; Decimal() of a long text is slow.
            if len(value) > 30:
                raise forms.ValidationError(f"{name} must be a number, like 75", code="invalid")
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                f"{name} must be a number, like 75", code="invalid"
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)
        if value in self.empty_values:
            return
        name = str(self.label or "Number")
        if not value.is_finite():
            raise forms.ValidationError(f"{name} must be a number, like 75", code="invalid")
        if value > self.highest:
            raise forms.ValidationError(f"{name} must be {self.highest} or less", code="max_value")
        if value < self.lowest:
            raise forms.ValidationError(f"{name} must be {self.lowest} or more", code="min_value")
        if -value.as_tuple().exponent > self.decimal_places:
            places = (
                "1 decimal place"
                if self.decimal_places == 1
                else f"{self.decimal_places} decimal places"
            )
            raise forms.ValidationError(
                f"{name} must have no more than {places}", code="max_decimal_places"
            )

    def run_validators(self, value):
        # validate() has checked the range and the decimal places, with the field's name.
        return


class LoginForm(AuthenticationForm):
    bound_field_class = GovukBoundField


def form_on_their_version(form_class, data, current, message: str, **kwargs):
    """After an EditConflict: the same form as this user typed it, now carrying the version
    just saved by someone else, so that saving again knowingly replaces theirs."""
    data = data.copy()
    data["version"] = current.version
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form


class ReopenForm(GovukForm):
    """Reopening a signed-off quarter needs a reason, kept for audit."""

    reason = forms.CharField(
        label="Why is this quarter being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the quarter's history for audit",
        error_messages={"required": "Say why the quarter is being reopened"},
    )


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (design-system.service.gov.uk)."""

    template_name = "forms/govuk_date_input.html"

    def __init__(self, attrs=None):
        boxes = {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_):
        # The error summary links to the day box, as the design system does.
        return f"{id_}_0" if id_ else ""


class GovukDateBoundField(GovukBoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs["class"] = f"{attrs.get('class', '')} govuk-input--error".strip()
        return attrs


class GovukDateField(forms.Field):
    """A date from the three GOV.UK boxes, with the design system's error messages."""

    widget = GovukDateInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", "forms/govuk_date_field.html")
        super().__init__(*args, **kwargs)

    def get_bound_field(self, form, field_name):
        return GovukDateBoundField(form, self, field_name)

    def to_python(self, value):
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            return None
        name = str(self.label)
        units = ("day", "month", "year")
        missing = [unit for unit, part in zip(units, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and a '.join(missing)}", code="incomplete"
            )
        # ASCII digits only: str.isdigit() also passes "²" and "١٢", which int() refuses
        # or reads as another number.
        if not all(ASCII_DIGITS.fullmatch(part) for part in parts):
            if all(part.isdigit() for part in parts):
                raise forms.ValidationError(
                    f"{name} must be written with the digits 0 to 9, like 27 3 2026",
                    code="digits",
                )
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        if len(parts[2]) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="year")
        if len(parts[0]) > 2 or len(parts[1]) > 2:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        day, month, year = (int(part) for part in parts)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                f"Enter the {str(self.label)[0].lower()}{str(self.label)[1:]}", code="required"
            )


class SignOffForm(GovukForm):
    """Signing off asks what the quarter's figures do for workstreams with no approved
    return; the question only matters, and the view only checks it, when there are some."""

    missing_returns = forms.ChoiceField(
        label="What do this quarter's figures do for them?",
        choices=MissingReturns.choices,
        widget=forms.RadioSelect,
        required=False,
    )
