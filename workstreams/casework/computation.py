"""Preparing for Adulthood casework: the computation, over plain values only.

Statutory deadlines, EHC plan timeliness, the cohort/pathway × status matrices and
small-number suppression. Nothing here imports Django, so every rule is tested
without a database (tests/casework/test_computation.py).
"""

import datetime
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The SEND Regulations 2014, reg. 18: at a phase transfer the EHC plan must be reviewed
# and amended by 15 February of the calendar year of the transfer; for a move from
# secondary school to a post-16 institution, by 31 March.
PHASE_TRANSFER_DEADLINE = (2, 15)
POST_16_DEADLINE = (3, 31)

# EHC plans must be issued within 20 weeks of the request for assessment (reg. 13(2)).
TWENTY_WEEKS = datetime.timedelta(weeks=20)


def phase_transfer_deadline(
    target_transition: datetime.date | None, *, post_16: bool
) -> datetime.date | None:
    """The review deadline a transfer on `target_transition` is subject to."""
    if target_transition is None:
        return None
    month, day = POST_16_DEADLINE if post_16 else PHASE_TRANSFER_DEADLINE
    return datetime.date(target_transition.year, month, day)


def last_year_with_deadline_by(horizon: datetime.date, *, post_16: bool) -> int:
    """The latest transfer year whose deadline falls on or before `horizon`.

    A case is at risk when its deadline is on or before today + the warning period, i.e.
    when its target year is at most this year: lets the database select at-risk cases.
    """
    month, day = POST_16_DEADLINE if post_16 else PHASE_TRANSFER_DEADLINE
    return horizon.year if horizon >= datetime.date(horizon.year, month, day) else horizon.year - 1


@dataclass(frozen=True)
class DeadlineState:
    deadline: datetime.date | None
    days_left: int | None  # negative once passed
    state: str  # "passed", "at_risk", "on_track", "met" or "none"

    @property
    def label(self) -> str:
        if self.state == "passed":
            days = -self.days_left
            return f"Deadline passed {days} day{'s' if days != 1 else ''} ago"
        if self.state == "at_risk":
            return f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"
        return {"met": "Review done", "on_track": "On track", "none": "No target date"}[self.state]


def deadline_state(
    deadline: datetime.date | None,
    *,
    today: datetime.date,
    warning: datetime.timedelta,
    reviewed: bool,
    active: bool,
) -> DeadlineState:
    """Where a case stands against its phase-transfer deadline.

    A case is at risk when the deadline is within the warning period and the review is
    not done; once the deadline is behind us without a review it has passed (missed).
    Transitioned and ceased cases (not `active`) are never at risk.
    """
    if deadline is None:
        return DeadlineState(None, None, "none")
    days_left = (deadline - today).days
    if reviewed or not active:
        return DeadlineState(deadline, days_left, "met" if reviewed else "on_track")
    if days_left < 0:
        return DeadlineState(deadline, days_left, "passed")
    if deadline <= today + warning:
        return DeadlineState(deadline, days_left, "at_risk")
    return DeadlineState(deadline, days_left, "on_track")


# --- EHC plan 20-week timeliness -------------------------------------------------------


def within_twenty_weeks(requested: datetime.date, issued: datetime.date) -> bool:
    return issued - requested <= TWENTY_WEEKS


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage to one decimal place, rounded half up as DfE publishes them."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Timeliness:
    """DfE reports the 20-week rate both including and excluding exception cases
    (SEN2: reg. 13(3) exceptions, e.g. a school closure or the child's absence)."""

    label: str
    issued: int
    within: int
    issued_excluding_exceptions: int
    within_excluding_exceptions: int

    @property
    def rate(self) -> Decimal | None:
        return rate(self.within, self.issued)

    @property
    def rate_excluding_exceptions(self) -> Decimal | None:
        return rate(self.within_excluding_exceptions, self.issued_excluding_exceptions)

    @property
    def exceptions(self) -> int:
        return self.issued - self.issued_excluding_exceptions


def timeliness(
    plans: Iterable[tuple[Hashable, datetime.date, datetime.date, bool]],
) -> list[Timeliness]:
    """Plans as (label, requested, issued, exception) → one Timeliness per label, in order."""
    counts: dict[Hashable, list[int]] = {}
    for label, requested, issued, exception in plans:
        line = counts.setdefault(label, [0, 0, 0, 0])
        on_time = within_twenty_weeks(requested, issued)
        line[0] += 1
        line[1] += on_time
        if not exception:
            line[2] += 1
            line[3] += on_time
    return [Timeliness(str(label), *line) for label, line in counts.items()]


# --- Month series -----------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_series(
    counts: dict[datetime.date, int], *, at_most: int = 24
) -> tuple[list[tuple[datetime.date, int]], int]:
    """Every month from the first to the last with a count (zeros filled in), keeping the
    latest `at_most`; returns (months, count of the earlier months left off)."""
    if not counts:
        return [], 0
    first, last = min(counts), max(counts)
    start = max(first, add_months(last, 1 - at_most))
    months = []
    month = start
    while month <= last:
        months.append((month, counts.get(month, 0)))
        month = add_months(month, 1)
    earlier = sum(n for month, n in counts.items() if month < start)
    return months, earlier


# --- Small-number suppression -----------------------------------------------------------


@dataclass(frozen=True)
class Sum:
    """A published (or implied) total: `total` = the sum of `parts`."""

    total: Hashable
    parts: Sequence[Hashable]


def suppressed_cells(
    values: dict[Hashable, int],
    sums: Iterable[Sum],
    threshold: int | None,
    *,
    unpublished: Iterable[Hashable] = (),
) -> set[Hashable]:
    """Which published counts to hide so that none below `threshold` can be read or worked out.

    Primary suppression hides every published count below the threshold (zero included:
    "none of the six transitioned" is as telling as "one"). Secondary suppression then
    makes sure no published sum can be solved for a hidden count: wherever a sum (its
    total and parts together) has exactly one unknown, the smallest published part is
    hidden too (the total itself when no part is left), repeated until nothing changes.
    Unpublished counts (e.g. the late plans implied by "issued" and "within 20 weeks")
    are unknown only when they are small, and then they must not be derivable either.

    This is the usual rule of thumb for statistical tables (no row or column with a
    single hidden cell). It does not solve every system of equations across tables;
    the shared totals are one cell in every table they appear in, so two tables cannot
    disagree about what is hidden.
    """
    if not threshold:
        return set()
    unpublished = set(unpublished)
    hidden = {key for key, n in values.items() if n < threshold and key not in unpublished}
    small_unpublished = {key for key in unpublished if values[key] < threshold}
    sums = list(sums)
    changed = True
    while changed:
        changed = False
        for line in sums:
            members = [line.total, *line.parts]
            unknown = [m for m in members if m in hidden or m in small_unpublished]
            if len(unknown) != 1:
                continue
            candidates = [p for p in line.parts if p not in hidden and p not in unpublished]
            if not candidates and line.total not in hidden and line.total not in unpublished:
                candidates = [line.total]
            if candidates:
                hidden.add(min(candidates, key=lambda key: values[key]))
                changed = True
    return hidden


@dataclass
class Cell:
    """A published count; `hidden` when suppressed, and `small` when that is because it
    is below the threshold (else it is withheld to protect another count)."""

    count: int
    hidden: bool = False
    small: bool = False


@dataclass
class MatrixRow:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class Matrix:
    """Rows × columns of counts (columns e.g. statuses) with row and column totals."""

    columns: list[str]
    rows: list[MatrixRow]
    totals: list[Cell]
    grand_total: Cell


class Disclosure:
    """Every count a page publishes and the sums between them, suppressed together.

    A figure that appears in two tables (the status totals of the cohort and the
    pathway matrices, say) is registered once under one key, so two tables cannot
    disagree about what is hidden and one cannot give away what the other hides.
    """

    def __init__(self) -> None:
        self.cells: dict[Hashable, Cell] = {}
        self.sums: list[Sum] = []
        self.unpublished: set[Hashable] = set()

    def count(self, key: Hashable, n: int, *, published: bool = True) -> Cell:
        if key in self.cells:
            if self.cells[key].count != n:
                raise ValueError(f"{key!r} is {self.cells[key].count} and {n}")
            return self.cells[key]
        cell = self.cells[key] = Cell(n)
        if not published:
            self.unpublished.add(key)
        return cell

    def add_sum(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        self.sums.append(Sum(total, list(parts)))

    def matrix(
        self,
        name: str,
        row_labels: Sequence[str],
        column_keys: Sequence[Hashable],
        column_labels: Sequence[str],
        counts: dict[tuple[int, int], int],
        *,
        total_key: Hashable,
    ) -> Matrix:
        """A matrix from counts keyed by (row index, column index), missing pairs zero.

        Column totals are registered under `column_keys` and the grand total under
        `total_key`, the keys other tables use for the same figures.
        """
        ncols = len(column_keys)
        rows = []
        for r, label in enumerate(row_labels):
            cells = [self.count((name, r, c), counts.get((r, c), 0)) for c in range(ncols)]
            total = self.count((name, "row", r), sum(cell.count for cell in cells))
            self.add_sum((name, "row", r), [(name, r, c) for c in range(ncols)])
            rows.append(MatrixRow(label, cells, total))
        totals = []
        for c, key in enumerate(column_keys):
            totals.append(self.count(key, sum(row.cells[c].count for row in rows)))
            self.add_sum(key, [(name, r, c) for r in range(len(rows))])
        grand_total = self.count(total_key, sum(cell.count for cell in totals))
        self.add_sum(total_key, column_keys)
        self.add_sum(total_key, [(name, "row", r) for r in range(len(rows))])
        return Matrix(list(column_labels), rows, totals, grand_total)

    def apply(self, threshold: int | None) -> None:
        values = {key: cell.count for key, cell in self.cells.items()}
        hidden = suppressed_cells(values, self.sums, threshold, unpublished=self.unpublished)
        for key, cell in self.cells.items():
            cell.hidden = key in hidden
            cell.small = cell.hidden and cell.count < threshold
