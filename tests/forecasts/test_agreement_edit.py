"""Finance keeps the agreement: records it, changes its terms (a variation once signed-off
quarters read its planned deficits), its payments (a re-profile once they read them),
its conditions and its reports to the DfE."""

from decimal import Decimal

from forecasts.models import Agreement, Condition, Forecast, Instalment, PaymentSchedule, Submission
from tests.forecasts.helpers import HF, table_rows, text_of
from workstreams.models import Workstream

CAMBS = "/a/cambridgeshire"


def year_id(start: int) -> str:
    return str(start)


def terms(first: int, last: int, **extra) -> dict:
    return {
        "signed_on_day": "17",
        "signed_on_month": "3",
        "signed_on_year": "2023",
        "first_year": year_id(first),
        "last_year": year_id(last),
        "dfe_contribution": "£10,500,000",
        "authority_contribution": "1,000,000",
        "balance_year": year_id(last),
        "notes": "",
        "variation_reason": "",
        **extra,
    }


def instalments(rows: list[tuple[int, int, str]], reason: str = "", **extra) -> dict:
    data = {
        "instalment-TOTAL_FORMS": str(len(rows)),
        "instalment-INITIAL_FORMS": "0",
        "instalment-MIN_NUM_FORMS": "0",
        "instalment-MAX_NUM_FORMS": "1000",
        "reason": reason,
    }
    for i, (start, part, amount) in enumerate(rows):
        data |= {
            f"instalment-{i}-financial_year": year_id(start),
            f"instalment-{i}-part": str(part),
            f"instalment-{i}-amount": amount,
            f"instalment-{i}-status": "due",
        }
    return data | extra


def hf_payment_rows(changes: dict) -> list[tuple[int, int, str]]:
    amounts = {2021: "4555600", 2022: "7000000", 2023: "1500000", 2024: "1500000", 2025: "0"}
    amounts |= changes
    return [(start, 1, amount) for start, amount in amounts.items()]


def test_finance_records_a_seven_year_agreement_paid_in_parts(carl, client_for):
    client = client_for(carl)
    assert "Record the agreement" in text_of(client.get(f"{CAMBS}/agreement/").content)

    response = client.post(f"{CAMBS}/agreement/edit/", terms(2022, 2028))
    assert response.status_code == 302
    form = text_of(client.get(f"{CAMBS}/agreement/edit/").content)
    assert "Planned in-year deficit, 2022/23" in form and "Planned in-year deficit, 2028/29" in form
    planned = {f"planned__{y}": f"({100000 * (y - 2021):,})" for y in range(2022, 2029)}
    assert client.post(f"{CAMBS}/agreement/edit/", terms(2022, 2028, **planned)).status_code == 302
    parts = [
        (y, part, amount)
        for y in range(2022, 2029)
        for part, amount in ((1, "1,000,000"), (2, "500,000"))
    ]
    assert client.post(f"{CAMBS}/agreement/payments/", instalments(parts)).status_code == 302

    agreement = Agreement.objects.get(authority__slug="cambridgeshire")
    assert agreement.years.count() == 7 and agreement.schedules.get().instalments.count() == 14
    page = text_of(client.get(f"{CAMBS}/agreement/").content)
    assert "Term 2022/23 to 2028/29" in page and "Signed 17 March 2023" in page
    assert "Total 10,500,000 received £0, outstanding £10,500,000" in page
    assert "2022/23, part 2" in page
    client.post(f"{CAMBS}/forecast/start/")
    forecast_page = client.get(f"{CAMBS}/forecast/").content
    rows = {row[0]: row[1:] for row in table_rows(forecast_page, "High level HNB forecast")}
    assert rows["Safety Valve Payment"] == ("0", "0", *["1,500,000"] * 7)
    assert Forecast.objects.get(period__authority__slug="cambridgeshire").years.count() == 9


def test_a_short_schedule_says_by_how_much_and_bad_input_is_refused(carl, client_for):
    client = client_for(carl)
    client.post(f"{CAMBS}/agreement/edit/", terms(2022, 2023))
    client.post(f"{CAMBS}/agreement/payments/", instalments([(2022, 1, "4,000,000")]))
    page = text_of(client.get(f"{CAMBS}/agreement/").content)
    assert "£6,500,000 short of the agreement's DfE contribution of £10,500,000" in page

    twice = client.post(
        f"{CAMBS}/agreement/payments/", instalments([(2022, 1, "1"), (2022, 1, "2")])
    )
    assert "2022/23 part 1 is entered twice" in text_of(twice.content)
    backwards = client.post(f"{CAMBS}/agreement/edit/", terms(2024, 2022))
    assert "The last year must not be before the first year" in text_of(backwards.content)
    huge = client.post(f"{CAMBS}/agreement/payments/", instalments([(2022, 1, "9" * 40)]))
    assert huge.status_code == 200 and "Amount" in text_of(huge.content)
    assert Instalment.objects.get(
        schedule__agreement__authority__slug="cambridgeshire"
    ).amount == Decimal("4000000")


def test_signed_off_payments_change_only_as_a_new_version(fay, client_for):
    client = client_for(fay)
    page = text_of(client.get(f"{HF}/agreement/payments/").content)
    assert "The forecast of Q1 2023/24 was signed off with these amounts" in page

    refused = client.post(
        f"{HF}/agreement/payments/", instalments(hf_payment_rows({2024: "1000000"}))
    )
    assert "re-profile the payments as a new version" in text_of(refused.content)
    response = client.post(
        f"{HF}/agreement/payments/",
        instalments(hf_payment_rows({2024: "1000000", 2025: "500000"}), reason="DfE re-profiled"),
    )

    assert response.status_code == 302
    versions = PaymentSchedule.objects.filter(agreement__authority__slug="hammersmith-fulham")
    assert [v.number for v in versions] == [1, 2]
    q1 = table_rows(
        client.get(f"{HF}/forecast/?period=2023-24-Q1").content, "High level HNB forecast"
    )
    assert dict((r[0], r[1:]) for r in q1)["Safety Valve Payment"][3:] == ("1,500,000", "0")


def test_signed_off_planned_deficits_change_only_as_a_variation(fay, sam, client_for):
    client = client_for(fay)
    agreement = Agreement.objects.get(authority__slug="hammersmith-fulham")
    planned = {
        f"planned__{y.financial_year.start_year}": str(y.planned_in_year_deficit)
        for y in agreement.years.all()
    }
    data = terms(2021, 2025, dfe_contribution="14,555,600", **planned)
    data["planned__2024"] = "(900,000)"

    refused = client.post(f"{HF}/agreement/edit/", data)
    assert "say what the variation changes and why" in text_of(refused.content)
    response = client.post(
        f"{HF}/agreement/edit/", data | {"variation_reason": "Agreed with the DfE in July"}
    )

    assert response.status_code == 302
    assert Agreement.objects.filter(authority__slug="hammersmith-fulham").count() == 2
    staff = text_of(client.get(f"{HF}/agreement/").content)
    assert "Applies from Q2 2023/24 (replacing an earlier agreement" in staff
    assert "(900,000)" in staff
    forum = text_of(client_for(sam).get(f"{HF}/agreement/").content)
    assert "(1,054,873)" in forum and "(900,000)" not in forum
    # Terms that are no forecast figure change in place, however signed off.
    unchanged_planned = terms(
        2021, 2025, dfe_contribution="14,555,600", **planned, notes="Signed copy on file"
    )
    client_for(fay).post(f"{HF}/agreement/edit/", unchanged_planned)


def test_conditions_and_reports_are_kept_on_the_page(hf, fay, sam, client_for):
    client = client_for(fay)
    workstream = Workstream.objects.get(authority=hf, name="SLCN Special School Offer")
    client.post(
        f"{HF}/agreement/conditions/add/",
        {
            "text": "Deliver the SLCN savings",
            "owner": "Head of SEND",
            "evidence": "Contract signed",
            "rag": "green",
            "workstreams": [workstream.pk],
        },
    )
    condition = Condition.objects.get()
    assert list(condition.workstreams.all()) == [workstream]
    client.post(
        f"{HF}/agreement/reports/add/",
        {"due_on_day": "31", "due_on_month": "7", "due_on_year": "2023", "feedback": ""},
    )
    assert Submission.objects.get().due_on.isoformat() == "2023-07-31"
    page = text_of(client.get(f"{HF}/agreement/").content)
    assert "Deliver the SLCN savings" in page and "Workstreams: SLCN Special School Offer" in page

    assert client_for(sam).get(f"{HF}/agreement/conditions/{condition.pk}/").status_code == 403
    client_for(fay).post(f"{HF}/agreement/conditions/{condition.pk}/", {"remove": "1"})
    assert not Condition.objects.exists()


def as_rendered(client, url: str) -> dict:
    """The form's fields as the browser would post them untouched."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select = {}, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("type") not in ("submit", "checkbox"):
                self.data[attrs["name"]] = attrs.get("value", "")
            elif tag == "textarea":
                self.data[attrs["name"]] = ""
            elif tag == "select":
                self.select = attrs["name"]
                self.data.setdefault(self.select, "")
            elif tag == "option" and self.select and ("selected" in attrs):
                self.data[self.select] = attrs.get("value", "")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    parser = Fields()
    parser.feed(client.get(url).content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def test_saving_the_payments_untouched_changes_nothing(fay, client_for):
    client = client_for(fay)
    data = as_rendered(client, f"{HF}/agreement/payments/")
    assert data["instalment-TOTAL_FORMS"] == "7"  # five on record, two blank

    response = client.post(f"{HF}/agreement/payments/", data)

    assert response.status_code == 302
    assert (
        PaymentSchedule.objects.filter(agreement__authority__slug="hammersmith-fulham").count() == 1
    )
    assert (
        Instalment.objects.filter(schedule__agreement__authority__slug="hammersmith-fulham").count()
        == 5
    )


def test_a_variation_keeps_the_conditions_reports_and_payment_history(hf, fay, client_for):
    client = client_for(fay)
    client.post(f"{HF}/agreement/conditions/add/", {"text": "Reduce EHCP growth", "rag": ""})
    client.post(
        f"{HF}/agreement/reports/add/",
        {"due_on_day": "31", "due_on_month": "7", "due_on_year": "2023"},
    )
    client.post(
        f"{HF}/agreement/payments/",
        instalments(hf_payment_rows({2024: "1000000", 2025: "500000"}), reason="DfE re-profiled"),
    )
    agreement = Agreement.objects.get(authority=hf)
    planned = {
        f"planned__{y.financial_year.start_year}": str(y.planned_in_year_deficit)
        for y in agreement.years.all()
    }

    planned["planned__2024"] = "(900,000)"  # a signed-off figure: a variation

    response = client.post(
        f"{HF}/agreement/edit/",
        terms(2021, 2026, dfe_contribution="14,555,600", **planned, variation_reason="Extended"),
    )

    assert response.status_code == 302 and response["Location"].endswith("/agreement/edit/")
    follow = text_of(client.get(response["Location"]).content)
    assert "Enter the planned in-year deficit for 2026/27" in follow
    page = text_of(client.get(f"{HF}/agreement/").content)
    assert "Reduce EHCP growth" in page and "31 Jul 2023" in page
    assert "Version 3 of the payment schedule." in page and "Applies from Q2 2023/24" in page
    assert "Every version, side by side" in page and "DfE re-profiled" in page
    assert "No planned deficit entered for 2026/27" in page and "Not entered" in page


def test_an_outcome_waits_for_the_report_to_be_submitted(fay, client_for):
    response = client_for(fay).post(
        f"{HF}/agreement/reports/add/",
        {"due_on_day": "31", "due_on_month": "7", "due_on_year": "2023", "outcome": "released"},
    )
    assert "Record the DfE's outcome once the report is submitted" in text_of(response.content)
    assert not Submission.objects.exists()
