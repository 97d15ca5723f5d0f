"""Range errors in GOV.UK words, for every form field with a lower or upper limit: the
field's name and its limit, not Django's "Ensure this value is greater than or equal to"."""

from decimal import Decimal

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from forecasts.forms import HistoryRowForm
from hnb_monitor.forms import GovukForm, MoneyField
from hnb_monitor.models import FinancialYear
from workstreams.casework.forms import ThresholdForm
from workstreams.forms import RagRuleForm
from workstreams.models import CaseworkSettings, RagRule

pytestmark = pytest.mark.django_db


def errors_of(form) -> dict:
    form.is_valid()
    return dict(form.errors)


@pytest.mark.parametrize(
    "green, amber, errors",
    [
        ("250", "75", {"green_from": ["Green from (% of target) must be 200 or less"]}),
        ("100", "-1", {"amber_from": ["Amber from (% of target) must be 0 or more"]}),
    ],
)
def test_the_rag_rule_thresholds(green, amber, errors):
    form = RagRuleForm({"green_from": green, "amber_from": amber}, instance=RagRule())
    assert errors_of(form) == errors


@pytest.mark.parametrize(
    "value, message",
    [
        # The form field alone would allow 0: the model's tighter limit is the one named.
        ("-1", "Small-number threshold must be 2 or more"),
        ("1", "Small-number threshold must be 2 or more"),
        ("21", "Small-number threshold must be 20 or less"),
    ],
)
def test_the_small_number_threshold(value, message):
    form = ThresholdForm({"small_number_threshold": value}, instance=CaseworkSettings())
    assert errors_of(form) == {"small_number_threshold": [message]}


def test_the_history_ehcp_count_names_its_year():
    years = FinancialYear.objects.all()
    form = HistoryRowForm({"ehcp_count": "-3"}, years=years)
    assert errors_of(form)["ehcp_count"] == ["EHCP count for the new year must be 0 or more"]


class Limits(GovukForm):
    pounds = MoneyField(label="Budget", validators=[MaxValueValidator(Decimal("1000000"))])
    own_validator = forms.IntegerField(
        label="Weeks", validators=[MinValueValidator(1, message="Weeks must be at least a week")]
    )
    own_message = forms.IntegerField(
        label="Days", min_value=1, error_messages={"min_value": "Days cannot be 0"}
    )


def test_money_limits_are_in_pounds_and_a_fields_own_words_are_kept():
    form = Limits({"pounds": "2,000,000", "own_validator": "0", "own_message": "0"})
    assert errors_of(form) == {
        "pounds": ["Budget must be £1,000,000 or less"],
        "own_validator": ["Weeks must be at least a week"],
        "own_message": ["Days cannot be 0"],
    }
