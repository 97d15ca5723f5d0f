import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from hnb_monitor.forms import GovukForm
from workstreams.casework.selectors import overdue_review, team_leader_name, team_leaders
from workstreams.choices import TransitionStatus
from workstreams.models import Cohort, Pathway, TransitionCase


class TransitionCaseFilterSet(django_filters.FilterSet):
    # As long as a reference can be: a longer text cannot match, and SQLite refuses a LIKE
    # pattern of 50,000 characters or more.
    reference = django_filters.CharFilter(
        label="Case reference",
        lookup_expr="icontains",
        max_length=TransitionCase._meta.get_field("reference").max_length,
        error_messages={"max_length": "Case reference must be %(limit_value)s characters or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    cohort = django_filters.ModelChoiceFilter(
        label="Cohort", queryset=Cohort.objects.none(), empty_label="All cohorts"
    )
    pathway = django_filters.ModelChoiceFilter(
        label="Pathway",
        queryset=Pathway.objects.none(),
        empty_label="All pathways",
        null_label="Not identified yet",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=TransitionStatus.choices, empty_label="Any status"
    )
    team_leader = django_filters.ModelChoiceFilter(
        label="Team leader",
        queryset=get_user_model().objects.none(),
        empty_label="Any team leader",
        null_label="Not assigned",
    )
    review = django_filters.ChoiceFilter(
        label="Review",
        choices=[("overdue", "Review overdue")],
        empty_label="Any review date",
        method="filter_review",
    )

    class Meta:
        model = TransitionCase
        fields = ["reference", "cohort", "pathway", "status", "team_leader", "review"]
        form = GovukForm

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["cohort"].queryset = Cohort.objects.filter(authority=authority)
        self.filters["pathway"].queryset = Pathway.objects.filter(authority=authority)
        self.filters["team_leader"].queryset = team_leaders(authority)
        self.filters["team_leader"].field.label_from_instance = team_leader_name

    def filter_review(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(overdue_review(timezone.localdate()))
        return queryset
