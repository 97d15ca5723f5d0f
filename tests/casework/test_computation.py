"""The casework computation: deadlines, 20-week timeliness, months, small-number suppression.

Plain values only, no database (workstreams/casework/computation.py).
"""

import datetime
from decimal import Decimal

import pytest

from workstreams.casework import computation
from workstreams.casework.computation import Disclosure, Sum, suppressed_cells

D = datetime.date
TODAY = D(2026, 11, 25)


@pytest.mark.parametrize(
    ("target", "post_16", "deadline"),
    [
        (D(2023, 7, 31), False, D(2023, 2, 15)),
        (D(2023, 7, 31), True, D(2023, 3, 31)),
        (D(2024, 9, 1), False, D(2024, 2, 15)),
        (D(2025, 1, 10), True, D(2025, 3, 31)),
        (None, False, None),
    ],
)
def test_phase_transfer_deadline_is_15_february_or_31_march_of_the_transfer_year(
    target, post_16, deadline
):
    assert computation.phase_transfer_deadline(target, post_16=post_16) == deadline


def test_last_year_with_a_deadline_by_a_date():
    assert computation.last_year_with_deadline_by(D(2027, 2, 14), post_16=False) == 2026
    assert computation.last_year_with_deadline_by(D(2027, 2, 15), post_16=False) == 2027
    assert computation.last_year_with_deadline_by(D(2027, 3, 30), post_16=True) == 2026
    assert computation.last_year_with_deadline_by(D(2027, 3, 31), post_16=True) == 2027


def state(deadline, *, today=TODAY, weeks=12, reviewed=False, active=True):
    return computation.deadline_state(
        deadline,
        today=today,
        warning=datetime.timedelta(weeks=weeks),
        reviewed=reviewed,
        active=active,
    )


def test_deadline_states_and_their_words():
    passed = state(D(2026, 2, 15))
    assert (passed.state, passed.days_left, passed.label) == (
        "passed",
        -283,
        "Deadline passed 283 days ago",
    )
    soon = state(D(2027, 2, 15))
    assert (soon.state, soon.days_left, soon.label) == ("at_risk", 82, "82 days left")
    assert state(D(2027, 2, 15), weeks=8).state == "on_track"
    assert state(D(2026, 11, 24)).label == "Deadline passed 1 day ago"
    assert state(D(2026, 11, 26)).label == "1 day left"
    assert state(D(2026, 2, 15), reviewed=True).label == "Review done"
    assert state(D(2026, 2, 15), active=False).state == "on_track"
    assert state(None).label == "No target date"


def test_twenty_weeks_is_140_days_inclusive():
    assert computation.within_twenty_weeks(D(2023, 1, 1), D(2023, 5, 21))  # 140 days
    assert not computation.within_twenty_weeks(D(2023, 1, 1), D(2023, 5, 22))


@pytest.mark.parametrize(
    ("within", "issued", "published"),
    # Seed 004: H&F EHC plans issued within 20 weeks, 2017 to 2020.
    [(104, 198, "52.5"), (89, 147, "60.5"), (106, 143, "74.1"), (131, 163, "80.4")],
)
def test_rates_match_the_published_seed_figures(within, issued, published):
    assert computation.rate(within, issued) == Decimal(published)


def test_rate_of_nothing_is_none_and_halves_round_up():
    assert computation.rate(0, 0) is None
    assert computation.rate(1, 8) == Decimal("12.5")
    assert computation.rate(1, 16) == Decimal("6.3")  # 6.25


def test_timeliness_with_and_without_exception_cases():
    day = D(2023, 1, 2)
    weeks = datetime.timedelta(weeks=1)
    plans = [
        (2023, day, day + 18 * weeks, False),
        (2023, day, day + 19 * weeks, False),
        (2023, day, day + 25 * weeks, False),
        (2023, day, day + 30 * weeks, True),  # late, but an exception
        (2023, day, day + 10 * weeks, True),
        (2022, day, day + 21 * weeks, False),
    ]
    lines = computation.timeliness(plans)
    assert [line.label for line in lines] == ["2023", "2022"]
    year = lines[0]
    assert (year.issued, year.within, year.rate) == (5, 3, Decimal("60.0"))
    assert (
        year.issued_excluding_exceptions,
        year.within_excluding_exceptions,
        year.rate_excluding_exceptions,
        year.exceptions,
    ) == (3, 2, Decimal("66.7"), 2)
    assert (lines[1].issued, lines[1].within, lines[1].rate) == (1, 0, Decimal("0.0"))


def test_month_series_fills_gaps_and_keeps_the_latest_months():
    counts = {D(2022, 1, 1): 2, D(2022, 4, 1): 1, D(2023, 6, 1): 3}
    months, earlier = computation.month_series(counts, at_most=6)
    assert months == [
        (D(2023, 1, 1), 0),
        (D(2023, 2, 1), 0),
        (D(2023, 3, 1), 0),
        (D(2023, 4, 1), 0),
        (D(2023, 5, 1), 0),
        (D(2023, 6, 1), 3),
    ]
    assert earlier == 3
    months, earlier = computation.month_series(counts)
    assert (months[0], months[3], len(months), earlier) == (
        (D(2022, 1, 1), 2),
        (D(2022, 4, 1), 1),
        18,
        0,
    )
    assert computation.month_series({}) == ([], 0)


def test_no_threshold_publishes_everything():
    assert suppressed_cells({"a": 1, "b": 0}, [Sum("t", ["a", "b"])], None) == set()


def test_primary_suppression_hides_counts_below_the_threshold_zero_included():
    values = {"a": 0, "b": 4, "c": 5, "t": 9}
    assert suppressed_cells(values, [], 5) == {"a", "b"}


def test_a_single_small_cell_in_a_sum_takes_the_smallest_other_part_with_it():
    # 3 + 7 + 9 = 19: hiding the 3 alone, the total gives it away; the 7 goes too.
    values = {"a": 3, "b": 7, "c": 9, "t": 19}
    assert suppressed_cells(values, [Sum("t", ["a", "b", "c"])], 5) == {"a", "b"}


def test_the_total_goes_when_no_other_part_is_left():
    values = {"a": 3, "b": 6, "t": 9}
    hidden = suppressed_cells(values, [Sum("t", ["a", "b"])], 5)
    assert hidden == {"a", "b"}
    values = {"a": 3, "t": 3}
    assert suppressed_cells(values, [Sum("t", ["a"])], 5) == {"a", "t"}


def test_secondary_suppression_spreads_across_rows_and_columns():
    #        c0  c1  c2 | total
    # r0      2   8   9 |  19
    # r1      6   7  10 |  23
    # total   8  15  19 |  42
    published = Disclosure()
    table = published.matrix(
        "m",
        ["r0", "r1"],
        ["c0", "c1", "c2"],
        ["c0", "c1", "c2"],
        {(0, 0): 2, (0, 1): 8, (0, 2): 9, (1, 0): 6, (1, 1): 7, (1, 2): 10},
        total_key="all",
    )
    published.apply(5)
    hidden = [[cell.hidden for cell in row.cells] for row in table.rows]
    # The 2 is small; row 0 then hides its 8, column 0 hides the 6, row 1 the 7:
    # every row and column with a hidden cell has at least two.
    assert hidden == [[True, True, False], [True, True, False]]
    assert [row.cells[0].small for row in table.rows] == [True, False]
    assert not any(cell.hidden for cell in table.totals)
    assert (table.grand_total.count, table.grand_total.hidden) == (42, False)


def test_shared_totals_are_one_cell_in_every_table():
    published = Disclosure()
    counts_a = {(0, 0): 3, (0, 1): 10, (1, 0): 8, (1, 1): 9}
    counts_b = {(0, 0): 11, (0, 1): 19}
    a = published.matrix("a", ["x", "y"], ["s0", "s1"], ["S0", "S1"], counts_a, total_key="all")
    b = published.matrix("b", ["z"], ["s0", "s1"], ["S0", "S1"], counts_b, total_key="all")
    assert a.totals[0] is b.totals[0]
    published.apply(5)
    assert a.rows[0].cells[0].hidden and a.rows[0].cells[0].small
    # Whatever one table hides of the shared totals, the other hides as well.
    assert [cell.hidden for cell in a.totals] == [cell.hidden for cell in b.totals]
    with pytest.raises(ValueError):
        published.count("all", 1)


def test_small_unpublished_differences_are_protected_too():
    # 15 plans issued, 13 within 20 weeks: the 2 late plans can be worked out.
    values = {"issued": 15, "within": 13, "late": 2}
    sums = [Sum("issued", ["within", "late"])]
    assert suppressed_cells(values, sums, 5, unpublished=["late"]) == {"within"}
    # With 10 late plans, nothing small can be worked out.
    values = {"issued": 23, "within": 13, "late": 10}
    assert suppressed_cells(values, sums, 5, unpublished=["late"]) == set()
