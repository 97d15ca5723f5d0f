"""A signed-off quarter shows, for ever, the targets it was signed off with: a target
changed later is a new version that applies from the open quarter on, with its reason."""

from decimal import Decimal

from workstreams.models import SavingsTarget, Workstream

BOARD = "/a/hammersmith-fulham/dashboard/?period={}"


def year_target(client, period, year):
    board = client.get(BOARD.format(period)).context["board"]
    return next(y.target for y in board.years if y.year == year)


def test_a_target_changed_after_sign_off_applies_from_the_open_quarter(client_for, fay, sam, hf):
    forum = client_for(sam)
    assert year_target(forum, "2021-22-Q4", "2021/22") == Decimal("1224990")
    assert year_target(forum, "2023-24-Q1", "2023/24") == Decimal("1490168")
    workstream = (
        Workstream.objects.filter(authority=hf, targets__financial_year__start_year=2021)
        .distinct()
        .first()
    )
    url = f"/a/hammersmith-fulham/workstreams/{workstream.pk}/targets/"
    finance = client_for(fay)
    data = {
        name: "" if value is None else str(value)
        for name, value in finance.get(url).context["form"].initial.items()
    }
    changed = data | {"year_2021": str(Decimal(data["year_2021"]) + 2927), "year_2023": "62715"}

    refused = finance.post(url, changed)
    assert "Say why the target changes after Q1 2023/24 was signed off" in (
        refused.content.decode()
    )
    response = finance.post(url, changed | {"reason": "Re-profiled with DfE in October"})
    assert response.status_code == 302

    forum = client_for(sam)
    assert year_target(forum, "2021-22-Q4", "2021/22") == Decimal("1224990")
    assert year_target(forum, "2023-24-Q1", "2023/24") == Decimal("1490168")
    staff = client_for(fay)
    assert year_target(staff, "2023-24-Q2", "2021/22") == Decimal("1224990") + 2927
    new_2023 = year_target(staff, "2023-24-Q2", "2023/24")
    assert new_2023 != Decimal("1490168")

    version = SavingsTarget.objects.get(
        workstream=workstream, financial_year__start_year=2023, applies_from__isnull=False
    )
    assert (version.applies_from.code, version.reason) == (
        "2023-24-Q2",
        "Re-profiled with DfE in October",
    )
    page = staff.get(f"/a/hammersmith-fulham/workstreams/{workstream.pk}/").content.decode()
    assert "Applies from Q2 2023/24: Re-profiled with DfE in October" in page
    # The form shows the newest amounts.
    assert staff.get(url).context["form"].initial["year_2023"] == Decimal("62715")


def test_with_no_open_quarter_a_signed_off_target_cannot_change(client_for, fay, hf):
    from hnb_monitor.models import ReportingPeriod

    ReportingPeriod.objects.filter(authority=hf).update(status="signed_off")
    workstream = Workstream.objects.filter(authority=hf, targets__isnull=False).first()
    target = SavingsTarget.objects.filter(workstream=workstream).first()
    url = f"/a/hammersmith-fulham/workstreams/{workstream.pk}/targets/"
    finance = client_for(fay)
    data = {
        name: "" if value is None else str(value)
        for name, value in finance.get(url).context["form"].initial.items()
    }
    field = f"year_{target.financial_year.start_year}"
    response = finance.post(url, data | {field: "1", "reason": "Why not"})
    assert "open the next quarter first" in response.content.decode()
    target.refresh_from_db()
    assert target.amount != 1


def test_a_targets_save_from_an_old_form_is_refused(client_for, fay, ade, hf):
    workstream = Workstream.objects.filter(authority=hf, targets__isnull=False).first()
    url = f"/a/hammersmith-fulham/workstreams/{workstream.pk}/targets/"
    fays_form = {
        name: "" if value is None else str(value)
        for name, value in client_for(fay).get(url).context["form"].initial.items()
    }
    ades_form = dict(fays_form)
    assert client_for(ade).post(url, ades_form | {"year_2025": "5,000"}).status_code == 302
    response = client_for(fay).post(url, fays_form | {"year_2025": "7,000"})
    assert "Someone else changed these targets while you were editing them" in (
        response.content.decode()
    )
    saved = SavingsTarget.objects.get(workstream=workstream, financial_year__start_year=2025)
    assert saved.amount == Decimal("5000")
