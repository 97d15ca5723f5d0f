"""The suggested RAG (workstreams.rag.suggest_rag): plain values, no database.

By default green from 100% of target, amber from 75%, red below.
"""

from decimal import Decimal

import pytest

from workstreams.choices import Rag
from workstreams.rag import DEFAULT_AMBER_FROM, DEFAULT_GREEN_FROM, suggest_rag

D = Decimal


def test_the_default_rule_is_green_from_100_and_amber_from_75_percent():
    assert (DEFAULT_GREEN_FROM, DEFAULT_AMBER_FROM) == (D("100"), D("75"))


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [
        (D("150000"), Rag.GREEN),  # more than the target
        (D("100000"), Rag.GREEN),  # exactly green_from
        (D("99999.99"), Rag.AMBER),  # a penny short of it
        (D("75000"), Rag.AMBER),  # exactly amber_from
        (D("74999.99"), Rag.RED),  # a penny short of it
        (D("0"), Rag.RED),
    ],
)
def test_default_thresholds_at_and_just_below_each_boundary(forecast, expected):
    assert suggest_rag(forecast=forecast, target=D("100000")) == expected


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [
        (D("90"), Rag.GREEN),
        (D("89.9"), Rag.AMBER),
        (D("60"), Rag.AMBER),
        (D("59.9"), Rag.RED),
    ],
)
def test_an_authoritys_own_thresholds(forecast, expected):
    rag = suggest_rag(forecast=forecast, target=D("100"), green_from=D("90"), amber_from=D("60"))
    assert rag == expected


def test_the_percentage_is_exact_not_rounded():
    # 2.25 of 3 is exactly 75%; 2.24 of 3 is 74.67%.
    assert suggest_rag(forecast=D("2.25"), target=D("3")) == Rag.AMBER
    assert suggest_rag(forecast=D("2.24"), target=D("3")) == Rag.RED
    assert suggest_rag(forecast=D("3"), target=D("3")) == Rag.GREEN


def test_equal_thresholds_leave_no_amber():
    rule = {"green_from": D("80"), "amber_from": D("80")}
    assert suggest_rag(forecast=D("80"), target=D("100"), **rule) == Rag.GREEN
    assert suggest_rag(forecast=D("79.99"), target=D("100"), **rule) == Rag.RED


def test_amber_from_zero_makes_only_a_negative_forecast_red():
    rule = {"green_from": D("100"), "amber_from": D("0")}
    assert suggest_rag(forecast=D("0"), target=D("100"), **rule) == Rag.AMBER
    assert suggest_rag(forecast=D("-1"), target=D("100"), **rule) == Rag.RED


@pytest.mark.parametrize(
    ("forecast", "target"),
    [
        (D("1000"), None),  # no target: rated by judgement
        (None, D("1000")),  # no forecast yet
        (None, None),
        (None, D("0")),  # a zero target still needs a forecast
    ],
)
def test_no_suggestion_without_a_target_or_a_forecast(forecast, target):
    assert suggest_rag(forecast=forecast, target=target) is None


@pytest.mark.parametrize("forecast", [D("0"), D("500"), D("-500")])
def test_a_zero_target_is_green_whatever_the_forecast(forecast):
    assert suggest_rag(forecast=forecast, target=D("0")) == Rag.GREEN


@pytest.mark.parametrize("forecast", [D("0"), D("-528000"), D("528000")])
def test_a_negative_target_counts_as_nothing_to_save_and_is_green(forecast):
    assert suggest_rag(forecast=forecast, target=D("-528000")) == Rag.GREEN


def test_a_negative_forecast_against_a_positive_target_is_red():
    assert suggest_rag(forecast=D("-1"), target=D("1000")) == Rag.RED
    assert suggest_rag(forecast=D("-1000"), target=D("1000")) == Rag.RED
