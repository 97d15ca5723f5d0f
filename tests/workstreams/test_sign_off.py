"""Signing a quarter off names every workstream without an approved return and records
what the quarter's figures do for them."""

from hnb_monitor.models import ReportingPeriod

Q2_PAGE = "/a/hammersmith-fulham/periods/2023-24-Q2/"
Q2_BOARD = "/a/hammersmith-fulham/dashboard/?period=2023-24-Q2"


def test_sign_off_lists_the_workstreams_without_an_approved_return(client_for, fay, hf):
    finance = client_for(fay)
    page = finance.get(Q2_PAGE).content.decode()
    assert "14 workstreams without an approved return" in page
    assert "Early Intervention and development of robust Local Offer" in page
    refused = finance.post(Q2_PAGE, {"action": "sign_off"}).content.decode()
    assert "Choose what this quarter&#x27;s figures do for the workstreams" in refused
    assert ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf).status == "open"


def test_carried_forward_the_quarter_shows_q1s_approved_figures(client_for, fay, sam, hf):
    client_for(fay).post(Q2_PAGE, {"action": "sign_off", "missing_returns": "carry_forward"})
    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    assert (q2.status, q2.missing_returns) == ("signed_off", "carry_forward")
    reason = q2.history.first().history_change_reason
    assert reason.startswith(
        "Signed off; 14 workstreams without an approved return (carry their latest approved "
        "figures of the year forward): Early Intervention"
    )
    board = client_for(sam).get(Q2_BOARD).context["board"]
    assert {row.carried_from for row in board.rows} == {"Q1"}
    year = next(y for y in board.years if y.year == "2023/24")
    assert year.forecast == 1_558_883


def test_left_out_the_quarter_counts_only_its_own_returns(client_for, fay, sam, hf):
    client_for(fay).post(Q2_PAGE, {"action": "sign_off", "missing_returns": "leave_out"})
    board = client_for(sam).get(Q2_BOARD).context["board"]
    assert {row.quarterly_return for row in board.rows} == {None}
    assert board.no_rag_count == 14
    year = next(y for y in board.years if y.year == "2023/24")
    assert (year.forecast, year.delivered) == (None, None)
    assert year.target == 1_490_168
    page = client_for(fay).get(Q2_PAGE).content.decode()
    assert "leave them out of this quarter&#x27;s figures" in page
