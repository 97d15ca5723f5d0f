"""Fuzzing every money, count and date field of every form: no input is a 500, and after
whatever a form accepted, the pages that show those figures still answer.

Each test posts a form as the page shows it, with one of its number or date fields
replaced by a random string, a huge or hugely negative number, or digits of another
script. After every post that was accepted (a redirect), and once at the end, the pages
showing the figures and the model's admin list are opened. Each example is rolled back;
test_input_bounds saves the largest amounts everywhere at once.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workstreams.models import Workstream

HF = "/a/hammersmith-fulham"
Q2 = "2023-24-Q2"

NASTY = [
    "100000000000000000000",
    "-100000000000000000000",
    "9" * 100_000,
    "-" + "9" * 100_000,
    "1,000,000,000,000",
    "(1,000,000,000,000)",
    "999,999,999,999.99",
    "-999,999,999,999.99",
    "(£999,999,999,999.99)",
    "2147483647",
    "2147483648",
    "32767",
    "32768",
    "9223372036854775808",
    "١٢٣",
    "１００",
    "²",
    "½",
    "1e400",
    "NaN",
    "-Infinity",
    "-0",
    "0",
    "",
    " ",
    "\x00",
    "12.345",
    "0001",
    "9999",
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.integers(0, 31).map(str),  # now and then a value the form accepts, so saves happen
    st.text(max_size=30),
    st.integers().map(str),
    st.decimals().map(str),
    st.from_regex(r"\A[-(£]?[0-9,]{1,22}(\.[0-9]{1,3})?\)?\Z"),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class PageForms(HTMLParser):
    """Each <form> of a page as the browser would submit it untouched: {name: value}."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.select = self.textarea = None
        self.textarea_start = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1][name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            # A browser drops the newline that starts a textarea's content.
            self.textarea_start = True
            self.textarea = name
            self.forms[-1][name] = ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select not in self.forms[-1] or "selected" in attrs:
                self.forms[-1][self.select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.forms:
            if self.textarea_start and data.startswith("\n"):
                data = data[1:]
            self.textarea_start = False
            self.forms[-1][self.textarea] += data


def page_form(client, url, field_test) -> dict[str, str]:
    """The form of the page at `url` having a field that passes `field_test`."""
    response = client.get(url)
    assert response.status_code == 200, url
    return next(
        form
        for form in PageForms(response.content.decode()).forms
        if any(field_test(name) for name in form)
    )


@pytest.fixture
def admin_client_(demo):
    user = get_user_model().objects.create_superuser("root", password="pw-for-tests")
    client = Client()
    client.force_login(user)
    return client


def pages_answer(client, admin, pages, admin_lists) -> None:
    for url in pages:
        assert client.get(url).status_code == 200, url
    for model in admin_lists:
        assert admin.get(f"/admin/{model}/").status_code == 200, model


def fuzz_form(data, client, admin, url, *, fields, extra=None, pages, admin_lists):
    """One example: post the form at `url` with one of `fields` fuzzed; `extra` is what
    else to change, or a function of the field's name giving it."""
    # Each example from the same data, rolled back after: a failure then replays the same
    # way, so that Hypothesis can shrink it to the smallest input that fails.
    with transaction.atomic():
        post_fuzzed(
            data,
            client,
            admin,
            url,
            fields=fields,
            extra=extra,
            pages=pages,
            admin_lists=admin_lists,
        )
        transaction.set_rollback(True)


def post_fuzzed(data, client, admin, url, *, fields, extra, pages, admin_lists):
    shown = page_form(client, url, fields)
    # Drawn by position: a schedule's rows grow as items are saved, so the choices do too.
    names = sorted(n for n in shown if fields(n))
    name = names[data.draw(st.integers(0, 999), label="field") % len(names)]
    value = data.draw(VALUES, label="value")
    changes = extra(name) if callable(extra) else extra or {}
    response = client.post(url, shown | changes | {name: value})
    assert response.status_code in (200, 302), (name, value[:40], response.status_code)
    if response.status_code == 302:
        pages_answer(client, admin, pages, admin_lists)


def a_workstream(hf) -> Workstream:
    return Workstream.objects.filter(authority=hf, targets__isnull=False).first()


WORKSTREAM_PAGES = [f"{HF}/dashboard/", f"{HF}/returns/"]


@FUZZ
@given(data=st.data())
def test_fuzz_the_return(data, client_for, ade, hf, admin_client_):
    workstream = a_workstream(hf)
    pages = [*WORKSTREAM_PAGES, f"{HF}/workstreams/{workstream.pk}/"]
    fuzz_form(
        data,
        client_for(ade),
        admin_client_,
        f"{HF}/returns/{workstream.pk}/{Q2}/edit/",
        fields=lambda n: n in ("delivered_to_date", "forecast_outturn", "version"),
        extra={"action": "save"},
        pages=pages,
        admin_lists=["workstreams/quarterlyreturn"],
    )
    pages_answer(client_for(ade), admin_client_, pages, ["workstreams/quarterlyreturn"])


@FUZZ
@given(data=st.data())
def test_fuzz_the_targets(data, client_for, fay, hf, admin_client_):
    workstream = a_workstream(hf)
    pages = [*WORKSTREAM_PAGES, f"{HF}/workstreams/{workstream.pk}/"]
    fuzz_form(
        data,
        client_for(fay),
        admin_client_,
        f"{HF}/workstreams/{workstream.pk}/targets/",
        fields=lambda n: n.startswith("year_"),
        pages=pages,
        admin_lists=["workstreams/savingstarget"],
    )
    pages_answer(client_for(fay), admin_client_, pages, ["workstreams/savingstarget"])


@FUZZ
@given(data=st.data())
def test_fuzz_the_rag_rule(data, client_for, fay, hf, admin_client_):
    fuzz_form(
        data,
        client_for(fay),
        admin_client_,
        f"{HF}/rag-rule/",
        fields=lambda n: n in ("green_from", "amber_from"),
        pages=WORKSTREAM_PAGES,
        admin_lists=["workstreams/ragrule"],
    )
    pages_answer(client_for(fay), admin_client_, WORKSTREAM_PAGES, ["workstreams/ragrule"])


@pytest.fixture
def finance_on_q2(fay, client_for):
    """Fay, finance, with Q2 2023/24's forecast started from Q1's: open to edit."""
    client = client_for(fay)
    assert client.post(f"{HF}/forecast/start/").status_code == 302
    return client


FORECAST_PAGES = [f"{HF}/forecast/", f"{HF}/forecast/?period={Q2}", f"{HF}/dashboard/"]


@FUZZ
@given(data=st.data())
def test_fuzz_the_forecasts_entered_lines(data, finance_on_q2, admin_client_):
    fuzz_form(
        data,
        finance_on_q2,
        admin_client_,
        f"{HF}/forecast/{Q2}/edit/",
        fields=lambda n: (
            "__" in n
            and not n.startswith("is_outturn")
            or n in ("opening_retained_deficit", "version")
        ),
        pages=FORECAST_PAGES,
        admin_lists=["forecasts/forecast", "forecasts/forecastyear"],
    )
    pages_answer(finance_on_q2, admin_client_, FORECAST_PAGES, ["forecasts/forecastyear"])


@FUZZ
@given(data=st.data())
def test_fuzz_a_schedule(data, finance_on_q2, admin_client_):
    fuzz_form(
        data,
        finance_on_q2,
        admin_client_,
        f"{HF}/forecast/{Q2}/schedule/A/",
        fields=lambda n: "-amount__" in n or n == "version",
        # A new row needs a description to be saved.
        extra=lambda name: {f"{name.split('-')[0]}-description": "Fuzzed item"},
        pages=FORECAST_PAGES,
        admin_lists=["forecasts/scheduleamount", "forecasts/scheduleitem"],
    )
    pages_answer(finance_on_q2, admin_client_, FORECAST_PAGES, ["forecasts/scheduleamount"])


@FUZZ
@given(data=st.data())
def test_fuzz_the_history(data, client_for, carl, admin_client_):
    pages = ["/a/cambridgeshire/history/", "/a/cambridgeshire/forecast/"]
    fuzz_form(
        data,
        client_for(carl),
        admin_client_,
        "/a/cambridgeshire/history/edit/",
        fields=lambda n: (
            n.split("-")[-1]
            in ("ehcp_count", "hnb_budget", "hnb_expenditure", "accumulated_deficit")
        ),
        pages=pages,
        admin_lists=["forecasts/historyyear"],
    )
    pages_answer(client_for(carl), admin_client_, pages, ["forecasts/historyyear"])


@FUZZ
@given(data=st.data())
def test_fuzz_invest_to_transform(data, client_for, fay, admin_client_):
    pages = [f"{HF}/history/"]
    fuzz_form(
        data,
        client_for(fay),
        admin_client_,
        f"{HF}/history/invest/add/",
        fields=lambda n: n in ("allocation", "committed_to_date"),
        extra={"activity": "Fuzzed activity"},
        pages=pages,
        admin_lists=["forecasts/investtotransform"],
    )
    pages_answer(client_for(fay), admin_client_, pages, ["forecasts/investtotransform"])


CASE_PAGES = [
    f"{HF}/casework/",
    f"{HF}/casework/cases/",
    f"{HF}/casework/cases/export.csv",
    f"{HF}/casework/tracking/",
    f"{HF}/casework/deadlines/",
]
DATE_PARTS = ("_day", "_month", "_year")


@FUZZ
@given(data=st.data())
def test_fuzz_a_case_edit(data, client_for, olu, hf, admin_client_):
    from workstreams.models import TransitionCase

    case = TransitionCase.objects.filter(authority=hf, status="ongoing").first()
    fuzz_form(
        data,
        client_for(olu),
        admin_client_,
        f"{HF}/casework/cases/{case.pk}/edit/",
        fields=lambda n: n.endswith(DATE_PARTS) or n == "version",
        pages=[*CASE_PAGES, f"{HF}/casework/cases/{case.pk}/"],
        admin_lists=["workstreams/transitioncase"],
    )
    pages_answer(client_for(olu), admin_client_, CASE_PAGES, ["workstreams/transitioncase"])


@FUZZ
@given(data=st.data())
def test_fuzz_a_case_add(data, client_for, olu, hf, admin_client_):
    from workstreams.models import Cohort

    reference = f"FUZZ-{data.draw(st.integers(0, 10**6), label='reference')}"
    fuzz_form(
        data,
        client_for(olu),
        admin_client_,
        f"{HF}/casework/cases/add/",
        fields=lambda n: n.endswith(DATE_PARTS) or n == "version",
        extra={
            "reference": reference,
            "cohort": Cohort.objects.filter(authority=hf).first().pk,
            "identified_on_day": "1",
            "identified_on_month": "9",
            "identified_on_year": "2024",
        },
        pages=CASE_PAGES,
        admin_lists=["workstreams/transitioncase"],
    )
    pages_answer(client_for(olu), admin_client_, CASE_PAGES, ["workstreams/transitioncase"])


@FUZZ
@given(data=st.data())
def test_fuzz_the_casework_settings(data, client_for, ade, admin_client_):
    pages = [f"{HF}/casework/", f"{HF}/casework/cases/"]
    fuzz_form(
        data,
        client_for(ade),
        admin_client_,
        f"{HF}/casework/settings/",
        fields=lambda n: n == "small_number_threshold",
        extra={"action": "threshold"},
        pages=pages,
        admin_lists=["workstreams/caseworksettings"],
    )
    pages_answer(client_for(ade), admin_client_, pages, ["workstreams/caseworksettings"])


@FUZZ
@given(
    part=st.sampled_from(["by_day", "by_month", "by_year", "team_leader"]),
    value=VALUES,
)
def test_fuzz_the_tracking_query(client_for, olu, part, value):
    query = {"by_day": "1", "by_month": "3", "by_year": "2026", "team_leader": ""}
    response = client_for(olu).get(f"{HF}/casework/tracking/", query | {part: value})
    assert response.status_code == 200, (part, value[:40])


def whole_date(name: str, when: datetime.date) -> dict[str, str]:
    """A fuzzed date box's two others, from `when`: its form's dates are mostly empty, and
    a box of three alone is refused. Drawn by Hypothesis, `when` is now and then the first
    or last day a date can be (0001-01-01, 9999-12-31), which the pages must show."""
    if not name.endswith(DATE_PARTS):
        return {}
    stem = name.rsplit("_", 1)[0]
    return {
        f"{stem}_day": str(when.day),
        f"{stem}_month": str(when.month),
        f"{stem}_year": f"{when.year:04d}",
    }


AGREEMENT_PAGES = [
    f"{HF}/agreement/",
    f"{HF}/forecast/",
    f"{HF}/forecast/?period={Q2}",
    f"{HF}/dashboard/",
]


@FUZZ
@given(data=st.data())
def test_fuzz_the_agreement(data, finance_on_q2, admin_client_):
    when = data.draw(st.dates(), label="date")
    # Q1 2023/24's signed-off forecast read H&F's planned deficits: a change to them is
    # accepted with its reason, as a variation from the open quarter, which Q2's forecast
    # (started by finance_on_q2) then reads.
    fuzz_form(
        data,
        finance_on_q2,
        admin_client_,
        f"{HF}/agreement/edit/",
        fields=lambda n: (
            n in ("dfe_contribution", "authority_contribution")
            or n.startswith(("planned__", "signed_on_"))
        ),
        extra=lambda name: {"variation_reason": "Fuzzed variation"} | whole_date(name, when),
        pages=AGREEMENT_PAGES,
        admin_lists=["forecasts/agreement", "forecasts/agreementyear"],
    )
    pages_answer(finance_on_q2, admin_client_, AGREEMENT_PAGES, ["forecasts/agreement"])


PAYMENT_PAGES = [
    f"{HF}/agreement/",
    f"{HF}/forecast/?period=2023-24-Q1",
    f"{HF}/forecast/?period={Q2}",
    f"{HF}/dashboard/",
]
PAYMENT_FIELDS = (
    "-amount",
    "-part",
    *(f"-{d}{p}" for d in ("due_on", "paid_on") for p in DATE_PARTS),
)


@FUZZ
@given(data=st.data())
def test_fuzz_the_payments(data, finance_on_q2, admin_client_):
    # The formset's management form is among the hidden inputs the page shows, so
    # fuzz_form posts it as a browser would. With a reason, the payments are re-profiled
    # as a new version from Q2 on; without one, changed amounts are refused (Q1 2023/24's
    # signed-off forecast read version 1) but dates are saved in place, on version 1.
    url = f"{HF}/agreement/payments/"
    shown = page_form(finance_on_q2, url, lambda n: n.endswith("-amount"))
    rows = int(shown["instalment-INITIAL_FORMS"])
    # A new row's year, in the term or beyond it, as its part 2: a year's part 1 is taken.
    year = data.draw(st.sampled_from(["2023", "2025", "2030"]), label="new row's year")
    when = data.draw(st.dates(), label="date")
    reason = data.draw(st.sampled_from(["Fuzzed re-profile", ""]), label="reason")

    def extra(name: str) -> dict[str, str]:
        changes = {"reason": reason} | whole_date(name, when)
        row = name.split("-")[1]
        if int(row) >= rows:
            changes |= {
                f"instalment-{row}-financial_year": year,
                f"instalment-{row}-part": "2",
                f"instalment-{row}-amount": "250,000",
            }
        return changes

    fuzz_form(
        data,
        finance_on_q2,
        admin_client_,
        url,
        fields=lambda n: n.startswith("instalment-") and n.endswith(PAYMENT_FIELDS),
        extra=extra,
        pages=PAYMENT_PAGES,
        admin_lists=["forecasts/instalment", "forecasts/paymentschedule"],
    )
    pages_answer(finance_on_q2, admin_client_, PAYMENT_PAGES, ["forecasts/instalment"])


PAPER = f"{HF}/papers/2023-24-Q1"
PAPER_PAGES = [f"{PAPER}/", f"{PAPER}/draft.html"]


@FUZZ
@given(data=st.data())
def test_fuzz_the_front_matter(data, client_for, fay, admin_client_):
    # The demo leaves Q1 2023/24's paper an unpublished draft, which finance may edit.
    when = data.draw(st.dates(), label="date")
    fuzz_form(
        data,
        client_for(fay),
        admin_client_,
        f"{PAPER}/edit/",
        fields=lambda n: n.startswith("meeting_date_") or n == "version",
        extra=lambda name: whole_date(name, when),
        pages=PAPER_PAGES,
        admin_lists=["reports/paper"],
    )
    pages_answer(client_for(fay), admin_client_, PAPER_PAGES, ["reports/paper"])
