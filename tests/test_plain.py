"""The codec that lets a published paper store the page-level reads as JSON."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from hnb_monitor import plain
from hnb_monitor.choices import Audience


@dataclass(frozen=True)
class Line:
    label: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Page:
    audience: Audience
    title: str
    count: int
    shown: bool
    on: datetime.date
    at: datetime.datetime
    lines: tuple[Line, ...]
    pair: tuple[str, Decimal]
    by_year: dict[str, Decimal]
    note: str | None = None


def test_a_read_goes_to_json_and_back_exactly():
    page = Page(
        audience=Audience.FORUM,
        title="Q1 2023/24",
        count=14,
        shown=True,
        on=datetime.date(2023, 6, 27),
        at=datetime.datetime(2023, 6, 27, 18, 30, tzinfo=datetime.UTC),
        lines=(Line("Deficit", (Decimal("-528000.00"), None, Decimal("0.01"))),),
        pair=("2023/24", Decimal("799353.50")),
        by_year={"2023/24": Decimal("1224990")},
    )
    text = plain.dumps(page)
    assert '"-528000.00"' in text  # exact text, never a float
    again = plain.loads(Page, text)
    assert again == page
    assert again.audience is Audience.FORUM
    assert isinstance(again.lines[0].values[0], Decimal)


def test_a_model_instance_is_not_a_plain_value():
    from django.contrib.auth.models import User

    with pytest.raises(TypeError, match="is not a plain value"):
        plain.to_plain(Line("x", (User(),)))
