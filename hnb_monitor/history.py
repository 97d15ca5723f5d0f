"""Change history as people read it: who changed what, when, old and new value.

Every money figure, RAG and narrative keeps its history (django-simple-history); this
turns history records into plain rows for any page, naming people and related records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from hnb_monitor.money import format_money

SYSTEM = "System (data load)"


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    what: str
    field: str
    old: str
    new: str


def display_value(record, field_name: str, value, names: dict | None = None) -> str:
    """A field's value as a person reads it: names for related records, words for choices,
    dates in full, Yes or No, money as the papers print it."""
    if value is None or value == "":
        return "–"
    if names and field_name in names:
        return names[field_name].get(value, str(value))
    model_field = record.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal) and model_field.get_internal_type() == "DecimalField":
        return "£" + format_money(value, pence=value != value.to_integral_value())
    return str(value)


def user_name(user) -> str:
    """A person as colleagues know them: full name, else username; nobody is the system."""
    if user is None:
        return SYSTEM
    return user.get_full_name() or user.get_username()


def name_of(obj) -> str:
    """A related record as people know it: a user by name, anything else as it prints."""
    if hasattr(obj, "get_full_name"):
        return user_name(obj)
    return str(obj)


HIDDEN_CHANGE_FIELDS = {"version", "suggested_rag", "rag", "submitted_at", "approved_at"}


def changes_of(history, describe) -> list[Change]:
    """Who changed what, when, old → new, from a history queryset (oldest first).

    A changed foreign key is shown by the name of the record it points to, looked up once
    per related model for the whole history.
    """
    history = list(history)
    deltas = []
    previous_by_object = {}
    for record in history:
        previous = previous_by_object.get(record.id)
        changed = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, excluded_fields=["leads"])
            changed = [c for c in delta.changes if c.field not in HIDDEN_CHANGE_FIELDS]
        deltas.append((record, changed))
        previous_by_object[record.id] = record
    names = related_names(deltas)

    changes = []
    for record, changed in deltas:
        who = user_name(record.history_user)
        label = describe(record)
        if record.history_type == "+":
            changes.append(Change(record.history_date, who, label, "Created", "", ""))
        elif record.history_type == "-":
            changes.append(Change(record.history_date, who, label, "Deleted", "", ""))
        for change in changed:
            verbose = record.instance_type._meta.get_field(change.field).verbose_name
            changes.append(
                Change(
                    record.history_date,
                    who,
                    label,
                    str(verbose).capitalize(),
                    display_value(record, change.field, change.old, names),
                    display_value(record, change.field, change.new, names),
                )
            )
        if record.history_change_reason:
            changes.append(
                Change(record.history_date, who, label, "Reason", "", record.history_change_reason)
            )
    return changes


def related_names(deltas) -> dict[str, dict]:
    """{field name: {id: name}} for the foreign keys that changed: one query per model."""
    ids_by_field: dict[str, set] = defaultdict(set)
    models_by_field = {}
    for record, changed in deltas:
        for change in changed:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.is_relation and model_field.many_to_one:
                models_by_field[change.field] = model_field.related_model
                ids_by_field[change.field] |= {v for v in (change.old, change.new) if v}
    names = {}
    for field_name, ids in ids_by_field.items():
        objects = models_by_field[field_name].objects.in_bulk(ids)
        names[field_name] = {pk: name_of(obj) for pk, obj in objects.items()}
    return names
