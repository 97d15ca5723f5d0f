import django_filters
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery

from hnb_monitor.forms import GovukForm, GovukSelect
from workstreams.choices import Rag, Schedule
from workstreams.models import Workstream


class WorkstreamFilterSet(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(label="Theme", empty_label="All themes", widget=GovukSelect)
    schedule = django_filters.ChoiceFilter(
        label="Schedule",
        choices=Schedule.choices[:-1],
        empty_label="Any schedule",
        widget=GovukSelect,
    )
    rag = django_filters.ChoiceFilter(
        label="RAG",
        choices=Rag.choices,
        empty_label="Any RAG",
        method="filter_rag",
        widget=GovukSelect,
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead officer",
        field_name="leads",
        queryset=get_user_model().objects.none(),
        empty_label="Any lead",
        widget=GovukSelect,
    )

    class Meta:
        model = Workstream
        fields = ["theme", "schedule", "rag", "lead"]
        form = GovukForm

    def __init__(self, *args, authority, period, visible_returns, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.visible_returns = visible_returns
        themes = (
            Workstream.objects.filter(authority=authority)
            .exclude(theme="")
            .order_by("theme")
            .values_list("theme", flat=True)
            .distinct()
        )
        self.filters["theme"].extra["choices"] = [(t, t) for t in themes]
        self.filters["lead"].queryset = (
            get_user_model()
            .objects.filter(led_workstreams__authority=authority)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.filters["lead"].field.label_from_instance = lambda u: u.get_full_name() or u.username

    @classmethod
    def for_dashboard(cls, data, *, period, audience) -> "WorkstreamFilterSet":
        """The dashboard's filters over the period's authority; RAG filters on the returns
        this audience may see."""
        from workstreams.selectors import visible_returns

        return cls(
            data or None,
            queryset=Workstream.objects.filter(authority=period.authority),
            authority=period.authority,
            period=period,
            visible_returns=visible_returns(audience),
        )

    def filter_rag(self, queryset, name, value):
        """By the RAG each row shows: the workstream's latest visible return of the year up
        to the chosen quarter, as the dashboard carries it forward."""
        latest = (
            self.visible_returns.filter(
                workstream=OuterRef("pk"),
                period__authority=self.period.authority,
                period__financial_year=self.period.financial_year,
                period__quarter__lte=self.period.quarter,
            )
            .order_by("-period__quarter")
            .values("rag")[:1]
        )
        return queryset.annotate(shown_rag=Subquery(latest)).filter(shown_rag=value)
