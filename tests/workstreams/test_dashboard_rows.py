"""The dashboard's rows and totals are built the same way: a workstream without a return
in the chosen quarter shows its latest return of the year, and says so."""

from hnb_monitor.money import ZERO


def test_rows_carry_the_latest_return_of_the_year_as_the_totals_do(hf, fay, client_for):
    response = client_for(fay).get("/a/hammersmith-fulham/dashboard/?period=2023-24-Q2")
    board = response.context["board"]
    assert board.period.code == "2023-24-Q2"  # open, with no return yet
    assert {row.carried_from for row in board.rows} == {"Q1"}
    year = next(y for y in board.years if y.year == "2023/24")
    assert year.forecast == sum((row.forecast or ZERO for row in board.rows), ZERO)
    assert year.delivered is None and {row.delivered for row in board.rows} == {None}
    assert board.no_rag_count == 0
    assert sum(board.rag_counts.values()) == len(board.rows) == 14
    body = response.content.decode()
    assert "(from Q1)" in body
    assert "No return" not in body


def test_the_rag_filter_matches_what_the_rows_show(hf, fay, client_for):
    client = client_for(fay)
    board = client.get("/a/hammersmith-fulham/dashboard/?period=2023-24-Q2").context["board"]
    for rag in ("green", "amber", "red"):
        shown = sorted(row.workstream.name for row in board.rows if row.rag == rag)
        url = f"/a/hammersmith-fulham/dashboard/?period=2023-24-Q2&rag={rag}"
        filtered = client.get(url).context["board"].rows
        assert sorted(row.workstream.name for row in filtered) == shown
    assert any(row.rag for row in board.rows)
