"""The HNB history page, its editing and invest to transform. Golden data: the
Cambridgeshire history table of seed 002 (reference README, section 5)."""

import re
from decimal import Decimal

import pytest

from forecasts.selectors import HistoryOverview, history_overview
from hnb_monitor import plain
from hnb_monitor.choices import Audience
from tests.forecasts.helpers import HF, table_rows, text_of

CAMBRIDGESHIRE_HISTORY = [
    # year, EHCPs, growth, budget £000, growth, expenditure £000, growth, in-year, accumulated
    ("2016/17", "3429", "7.0%*", "63,001", "1.7%*", "65,701", "3.9%*", "2,700", "113"),
    ("2017/18", "3822", "11.5%", "65,006", "3.2%", "69,632", "6.0%", "4,626", "642"),
    ("2018/19", "4198", "9.8%", "68,360", "5.2%", "77,196", "10.9%", "8,836", "7,286"),
    ("2019/20", "4690", "11.7%", "71,041", "3.9%", "82,619", "7.0%", "11,578", "16,630"),
    ("2020/21", "5327", "13.6%", "76,627", "7.9%", "89,163", "7.9%", "12,536", "26,829"),
    ("2021/22", "6100", "14.5%", "85,327", "11.4%", "100,178", "12.4%", "14,851", "39,264"),
]


def test_cambridgeshire_history_is_the_published_table(carl, client_for):
    response = client_for(carl).get("/a/cambridgeshire/history/")
    assert response.status_code == 200
    assert table_rows(response.content, "High Needs history, £000") == CAMBRIDGESHIRE_HISTORY
    text = text_of(response.content)
    assert "Growth as the source states it" in text
    # Invest to transform (seed 002): SEND Transformation, £526,045 allocated, £359,227 committed.
    assert re.search(r"SEND Transformation.*?526,045.*?359,227", text)


def test_history_projection_continues_past_the_last_actual_year(carl, client_for):
    response = client_for(carl).get("/a/cambridgeshire/history/")
    projected = table_rows(
        response.content, "Projected accumulated deficit if left unchecked, £000"
    )
    # Year, ours, and the projection as the council states it (seed 002).
    assert [year for year, *_ in projected] == ["2022/23", "2023/24", "2024/25", "2025/26"]
    amounts = [int(ours.replace(",", "")) for _, ours, _stated in projected]
    assert amounts == sorted(amounts) and amounts[0] > 39264
    assert "If left unchecked" in text_of(response.content)


def history_form(page) -> dict:
    data = {}
    for form in page.context["forms"]:
        for name in form.VALUES:
            value = form.initial.get(name)
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value)
    return data


def test_finance_keeps_the_history_and_the_years_must_follow_on(carl, client_for):
    from forecasts.models import HistoryYear

    client = client_for(carl)
    url = "/a/cambridgeshire/history/edit/"
    page = client.get(url)
    assert page.status_code == 200
    data = history_form(page)
    new = page.context["forms"][-1].prefix
    year_2024 = page.context["forms"][-1].fields["financial_year"].queryset.get(start_year=2024)
    gap = data | {
        f"{new}-financial_year": str(year_2024.pk),
        f"{new}-ehcp_count": "7000",
        f"{new}-hnb_budget": "£95,000,000",
        f"{new}-hnb_expenditure": "110,000,000",
        f"{new}-accumulated_deficit": "60,000,000",
    }
    response = client.post(url, gap)
    assert "The years must follow on from each other: add 2022/23" in text_of(response.content)
    assert HistoryYear.objects.filter(authority__slug="cambridgeshire").count() == 6

    year_2022 = year_2024.__class__.objects.get(start_year=2022)
    follows = gap | {f"{new}-financial_year": str(year_2022.pk), f"{new}-hnb_budget": "95m"}
    response = client.post(url, follows)
    assert "High needs budget for 2022/23 must be an amount in pounds" in (
        response.content.decode()
    )
    follows[f"{new}-hnb_budget"] = "£95,000,000"
    response = client.post(url, follows, follow=True)
    assert "High Needs history saved (1 change)" in text_of(response.content)
    rows = table_rows(response.content, "High Needs history, £000")
    # Growth on 2021/22: 6100 -> 7000 EHCPs is 14.8%; in-year deficit 110,000 - 95,000.
    assert rows[-1] == (
        "2022/23",
        "7000",
        "14.8%",
        "95,000",
        "11.3%",
        "110,000",
        "9.8%",
        "15,000",
        "60,000",
    )


def test_history_errors_name_the_figure_and_its_year_in_govuk_words(carl, client_for):
    client = client_for(carl)
    url = "/a/cambridgeshire/history/edit/"
    page = client.get(url)
    data = history_form(page)
    first, new = page.context["forms"][0].prefix, page.context["forms"][-1].prefix
    year_2022 = page.context["forms"][-1].fields["financial_year"].queryset.get(start_year=2022)
    response = client.post(
        url,
        data
        | {
            f"{first}-ehcp_count": "-1",
            f"{first}-hnb_budget": "",
            f"{new}-financial_year": str(year_2022.pk),
            f"{new}-ehcp_count": "-5",
        },
    )
    body = response.content.decode()
    assert "EHCP count for 2016/17 must be 0 or more" in body
    assert "Enter the high needs budget for 2016/17" in body
    assert "EHCP count for 2022/23 must be 0 or more" in body
    assert "Enter the EHCP count" not in body and "Ensure this value" not in body
    # The error summary does not say the field's name twice.
    assert "High needs budget for 2016/17: Enter" not in body


def test_forum_members_cannot_edit_the_history(sam, client_for):
    client = client_for(sam)
    assert client.get(f"{HF}/history/edit/").status_code == 403
    assert client.post(f"{HF}/history/edit/").status_code == 403


def test_finance_keeps_invest_to_transform(carl, client_for):
    from forecasts.models import InvestToTransform

    client = client_for(carl)
    activity = InvestToTransform.objects.get(
        authority__slug="cambridgeshire", activity="SEND Transformation"
    )
    url = f"/a/cambridgeshire/history/invest/{activity.pk}/edit/"
    form = client.get(url).context["form"]
    data = {name: "" if value is None else str(value) for name, value in form.initial.items()}
    data.pop("id", None)
    response = client.post(url, data | {"committed_to_date": "£400,000.50"}, follow=True)
    assert "SEND Transformation: invest-to-transform activity saved" in text_of(response.content)
    activity.refresh_from_db()
    assert activity.committed_to_date == Decimal("400000.50")
    assert activity.allocation == Decimal("526045")

    response = client.post(
        "/a/cambridgeshire/history/invest/add/",
        {"activity": "Inclusion coaching", "allocation": "12k", "progress": ""},
    )
    assert "Allocation (£) must be an amount in pounds" in response.content.decode()
    client.post(
        "/a/cambridgeshire/history/invest/add/",
        {"activity": "Inclusion coaching", "allocation": "12,000", "progress": ""},
    )
    added = InvestToTransform.objects.get(activity="Inclusion coaching")
    assert added.committed_to_date is None and added.allocation == Decimal("12000")

    remove = f"/a/cambridgeshire/history/invest/{added.pk}/remove/"
    assert "Remove Inclusion coaching?" in text_of(client.get(remove).content)
    assert InvestToTransform.objects.filter(pk=added.pk).exists()  # asking removes nothing
    client.post(remove)
    assert not InvestToTransform.objects.filter(pk=added.pk).exists()


def test_committed_spend_above_the_allocation_is_saved_only_once_confirmed(carl, client_for):
    from forecasts.models import InvestToTransform

    client = client_for(carl)
    url = "/a/cambridgeshire/history/invest/add/"
    data = {
        "activity": "Inclusion coaching",
        "allocation": "12,000",
        "committed_to_date": "15,000.50",
        "progress": "",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The committed spend of £15,000.50 is more than the allocation of £12,000." in body
    message = "Confirm the committed spend is more than the allocation, or correct the figures"
    assert response.context["form"].errors == {"confirm_over_allocation": [message]}
    assert f'href="#id_confirm_over_allocation">{message}</a>' in body
    assert 'class="govuk-warning-text"' in body
    assert not InvestToTransform.objects.filter(activity="Inclusion coaching").exists()

    # Confirmed: saved as entered.
    response = client.post(url, data | {"confirm_over_allocation": "on"})
    assert response.status_code == 302
    added = InvestToTransform.objects.get(activity="Inclusion coaching")
    assert added.committed_to_date == Decimal("15000.50")
    # Opened again, it still says so, and the box starts unticked.
    edit = client.get(f"/a/cambridgeshire/history/invest/{added.pk}/edit/").content.decode()
    assert "is more than the allocation of £12,000" in edit
    assert 'name="confirm_over_allocation"' in edit and "checked" not in edit

    # Corrected instead: no warning, nothing to confirm.
    response = client.post(
        f"/a/cambridgeshire/history/invest/{added.pk}/edit/",
        data | {"committed_to_date": "11,000"},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.committed_to_date == Decimal("11000")
    edit = client.get(f"/a/cambridgeshire/history/invest/{added.pk}/edit/").content.decode()
    assert "more than the allocation" not in edit and "confirm_over_allocation" not in edit


def test_forum_members_cannot_change_invest_to_transform(sam, client_for):
    client = client_for(sam)
    assert client.get(f"{HF}/history/invest/add/").status_code == 403
    assert client.post(f"{HF}/history/invest/add/", {"activity": "x"}).status_code == 403


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("slug", ["cambridgeshire", "hammersmith-fulham"])
def test_the_history_read_is_stored_and_read_back_exactly(demo, slug, audience):
    from hnb_monitor.models import Authority

    authority = Authority.objects.get(slug=slug)
    overview = history_overview(authority=authority, audience=audience)
    assert plain.loads(HistoryOverview, plain.dumps(overview)) == overview


def test_the_history_read_has_the_published_years_and_the_activities(cambs):
    overview = history_overview(authority=cambs, audience=Audience.FORUM)
    assert [row.year for row in overview.rows] == [row[0] for row in CAMBRIDGESHIRE_HISTORY]
    assert overview.stated_growth
    assert [row.year for row in overview.projection] == ["2022/23", "2023/24", "2024/25", "2025/26"]
    assert overview.plan == () and overview.chart is not None
    assert [activity.activity for activity in overview.invest][0] == "SEND Transformation"
