from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hnb_monitor.money import MoneyError, format_money, parse_money

pennies = st.integers(min_value=-(10**13), max_value=10**13).map(lambda p: Decimal(p) / 100)
pounds = st.integers(min_value=-(10**11), max_value=10**11).map(Decimal)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,234", Decimal("1234")),
        ("(528,000)", Decimal("-528000")),
        ("-528000", Decimal("-528000")),
        ("1234.50", Decimal("1234.50")),
        ("  £237,285 ", Decimal("237285")),
        ("(£599,772)", Decimal("-599772")),
        ("-£1,319,465", Decimal("-1319465")),
        ("£-1,319,465", Decimal("-1319465")),
        ("0", Decimal("0")),
        ("1,234,567.5", Decimal("1234567.5")),
    ],
)
def test_parse_accepts_what_officers_paste_from_excel(typed, amount):
    assert parse_money(typed) == amount


@pytest.mark.parametrize(
    "typed",
    ["12,34", "1.234", "£", "abc", "1,2345", "(528,000", "--5", "1e5", "£1,234.567", "12 345"],
)
def test_parse_rejects_anything_else_naming_field_and_value(typed):
    with pytest.raises(MoneyError) as error:
        parse_money(typed, field="Delivered to date")
    assert str(error.value).startswith("Delivered to date must be an amount in pounds")
    assert f"“{typed.strip()}”" in str(error.value)


def test_parse_asks_for_a_missing_amount():
    with pytest.raises(MoneyError, match="Enter forecast outturn"):
        parse_money("  ", field="Forecast outturn")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("-528000"), "(528,000)"),
        (Decimal("29082078"), "29,082,078"),
        (Decimal("0"), "0"),
        (Decimal("799353.5"), "799,354"),  # whole pounds, half up as the paper rounds
        (Decimal("-0.4"), "0"),
    ],
)
def test_format_whole_pounds_with_brackets(amount, shown):
    assert format_money(amount) == shown


def test_format_with_pence_and_symbol():
    assert format_money(Decimal("-1234.5"), pence=True, symbol=True) == "(£1,234.50)"


@given(pennies)
def test_format_then_parse_returns_the_amount_to_the_penny(amount):
    assert parse_money(format_money(amount, pence=True)) == amount
    assert parse_money(format_money(amount, pence=True, symbol=True)) == amount


@given(pounds)
def test_whole_pounds_round_trip_in_the_papers_format(amount):
    assert parse_money(format_money(amount)) == amount
