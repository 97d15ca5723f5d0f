"""Plain computations of a meeting's record: whether it was quorate and which actions
its action log carries. No Django here: tested without a database."""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

# The member categories that vote (not observers, not officers).
NON_VOTING = frozenset({"observers", "officers"})


@dataclass(frozen=True)
class Quorum:
    voting_members: int
    present: int
    needed: int
    percent: int

    @property
    def quorate(self) -> bool:
        return self.voting_members > 0 and self.present >= self.needed


def quorum(attendance: Iterable[tuple[str, str]], percent: int) -> Quorum:
    """`attendance` is (category, attendance) of everyone listed. A meeting is quorate
    when at least `percent` of the voting members listed are present."""
    voting = [status for category, status in attendance if category not in NON_VOTING]
    present = sum(1 for status in voting if status == "present")
    needed = math.ceil(len(voting) * percent / 100) if voting else 0
    return Quorum(voting_members=len(voting), present=present, needed=needed, percent=percent)


def status_at(status: str, closed_on: datetime.date | None, meeting_day: datetime.date) -> str:
    """An action's status as a meeting on `meeting_day` saw it: closed later means it
    was still open then."""
    if status != "open" and closed_on is not None and closed_on <= meeting_day:
        return status
    return "open"


def carried_forward(
    raised_on: datetime.date,
    status: str,
    closed_on: datetime.date | None,
    meeting_day: datetime.date,
) -> bool:
    """Whether an action belongs on the action log of the meeting on `meeting_day`: it
    was raised at an earlier meeting and was not yet closed before this one. An action
    closed at this meeting is on its log (as closed), and on no later one."""
    if raised_on >= meeting_day:
        return False
    return status == "open" or closed_on is None or closed_on >= meeting_day
