"""What keeps figures from moving or being overwritten: the period lock, the edit
conflict, and saving only what changed.

A signed-off or published period locks every figure in it, whoever writes (a page, a
service, the admin, a script): models call `guard_period` in `save()` and `delete()`.
Two people editing one record each name the version they started from; the second to
save gets an `EditConflict` carrying the record as it now stands, never a silent
overwrite.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from hnb_monitor.history import display_value, user_name


class PeriodLocked(ValidationError):
    """A write to a figure of a signed-off or published period."""


def guard_period(period, what: str = "its figures are") -> None:
    if period.is_locked:
        raise PeriodLocked(
            f"{period.label} is {period.get_status_display().lower()}: {what} read-only "
            "until the quarter is reopened."
        )


def lock_period(period, what: str = "its figures are"):
    """The period's row, locked for this transaction, after checking it is still open.

    Every write of a figure takes this lock first and a sign-off takes it too, so the two
    never interleave: a save waits for a sign-off in progress and then is refused, and a
    sign-off waits for a save in progress and then locks what it saved.
    """
    current = (
        type(period)
        .objects.select_for_update()
        .select_related("financial_year", "authority")
        .get(pk=period.pk)
    )
    guard_period(current, what)
    return current


class PeriodLockedAdmin:
    """Admin mixin: a locked period's records are read-only in the admin too.
    Set `period_path` to the attributes leading from a record to its period."""

    period_path = "period"

    def period_of(self, obj):
        for name in self.period_path.split("."):
            obj = getattr(obj, name)
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.period_of(obj).is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.period_of(obj).is_locked:
            return False
        return super().has_delete_permission(request, obj)


class ReadOnlyAdmin:
    """Admin mixin for records written only through the app, where their rules are kept
    (a published paper, a payment schedule a signed-off forecast read): shown, never
    added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EditConflict(Exception):
    """Someone saved the record after this user opened it: nothing was saved."""

    def __init__(self, current):
        super().__init__(f"{current._meta.verbose_name.capitalize()} changed since it was opened")
        self.current = current

    @property
    def current_state(self) -> str:
        """The record's status now, in words, where it has one ("submitted")."""
        display = getattr(self.current, "get_status_display", None)
        return display().lower() if display else "changed"


@dataclass(frozen=True)
class ConflictLine:
    label: str
    yours: str
    theirs: str


@dataclass(frozen=True)
class Conflict:
    """Yours against theirs, for the page that tells the second person what happened."""

    saved_by: str
    saved_at: datetime.datetime | None
    lines: tuple[ConflictLine, ...]


def who_saved(current) -> tuple[str, datetime.datetime | None]:
    """Who saved the record last and when, from its history."""
    latest = current.history.select_related("history_user").order_by("-history_date").first()
    if latest is None:
        return "someone", None
    if latest.history_user is None:
        return "someone", latest.history_date
    return user_name(latest.history_user), latest.history_date


def conflict_with(current, lines) -> Conflict:
    return Conflict(*who_saved(current), tuple(lines))


def field_conflict(current, yours: dict, fields) -> Conflict:
    """Each of `fields` where this user's values differ from the record now saved."""
    record = current.history.model  # display_value reads only its instance_type
    lines = []
    for name in fields:
        if name not in yours:
            continue
        mine, theirs = yours[name], getattr(current, name)
        if (mine or None) != (theirs or None):
            label = str(current._meta.get_field(name).verbose_name).capitalize()
            shown = [display_value(record, name, value) for value in (mine, theirs)]
            lines.append(ConflictLine(label, *shown))
    return conflict_with(current, lines)


def model_update(*, instance, data: dict, save: bool = True) -> list[str]:
    """Set only the fields whose value differs and save those; the names that changed.
    Saving nothing when nothing changed keeps the history free of empty entries."""
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, data[name])
    if changed and save:
        instance.save()
    return changed
