"""Page-level reads return plain values: frozen dataclasses of Decimal, str, int, bool,
date, datetime, None and tuples. A published paper stores them as JSON and must read
them back exactly, so this codec is driven by the dataclasses' type hints: a Decimal
goes out as its exact text (never a float) and comes back as the same Decimal.
"""

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal
from functools import cache

_SCALARS = (str, int, bool)


def to_plain(value):
    """A read's result as JSON-ready values (dicts, lists, str, int, bool, None)."""
    kind = type(value)
    # The commonest values first, by exact type: a dashboard's read holds tens of
    # thousands of them. Subclasses (an enum's value, a SafeString) go the long way.
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if kind is Decimal:
        return str(value)
    if kind is tuple or kind is list:
        return [to_plain(item) for item in value]
    names = _field_names(kind)
    if names is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetime too
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, _SCALARS):
        return value
    raise TypeError(f"{type(value).__name__} is not a plain value: {value!r}")


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names, or None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def dumps(value) -> str:
    return json.dumps(to_plain(value), sort_keys=True)


def loads(cls, text: str):
    return from_plain(cls, json.loads(text))


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def from_plain(kind, data):
    """Rebuild a value of type `kind` from what to_plain gave."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"{kind} is ambiguous: a plain value needs one type besides None")
        return from_plain(options[0], data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item) for item in data)
        return tuple(from_plain(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is dict:
        key_type, value_type = args
        return {from_plain(key_type, key): from_plain(value_type, v) for key, v in data.items()}
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(
            **{f.name: from_plain(hints[f.name], data[f.name]) for f in dataclasses.fields(kind)}
        )
    if kind is Decimal:
        return Decimal(data)
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(data)
    if kind is datetime.date:
        return datetime.date.fromisoformat(data)
    if kind is int and isinstance(data, str):  # dict keys come back as text
        return int(data)
    if kind in _SCALARS or kind is typing.Any:
        return data
    if isinstance(kind, type) and issubclass(kind, str):  # a TextChoices value
        return kind(data)
    raise TypeError(f"{kind} is not a plain type")
