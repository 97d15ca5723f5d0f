"""The one parser and the one formatter for money, so every form, page and export agrees.

Amounts are Decimal pounds and pence, never floats, shown as the council's papers print
them: whole pounds with thousands separators, negatives in brackets. Officers paste
figures from Excel, so input accepts `£1,234`, `(528,000)`, `-528000` and `1234.50`;
anything else is refused with a message that names the field and the value, never
guessed at.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
PENNY = Decimal("0.01")
POUND = Decimal("1")

# Digits either plain (528000) or grouped in threes (528,000), then up to two decimals.
# [0-9], not \d: \d also matches other scripts' digits, which Decimal would quietly read.
_AMOUNT = r"£?\s*(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?"
_NEGATIVE_BRACKETS = re.compile(rf"^\(\s*({_AMOUNT})\s*\)$")
_SIGNED = re.compile(rf"^([-+−]?)\s*({_AMOUNT})$")
_SIGN_AFTER_POUND = re.compile(r"^£\s*([-−])\s*(.*)$")
# A value quoted back in a message is cut short: it may be anything a browser can post.
_QUOTED_LENGTH = 30


# Every money column: pounds and pence, up to £999,999,999,999.99.
MONEY = {"max_digits": 14, "decimal_places": 2}


def largest_amount(max_digits: int, decimal_places: int) -> Decimal:
    """The largest amount a DecimalField(max_digits, decimal_places) column holds."""
    return Decimal(10) ** (max_digits - decimal_places) - Decimal(10) ** -decimal_places


def has_other_digits(text: str) -> bool:
    """Digits other than 0 to 9: "١٢٣", "１００", "²". Python's int() and Decimal() read
    some of them as numbers, so a figure could be stored that nobody typed."""
    return any(char.isnumeric() and char not in "0123456789" for char in text)


class MoneyError(ValueError):
    pass


def parse_money(
    text: str,
    *,
    field: str = "Amount",
    max_digits: int = MONEY["max_digits"],
    decimal_places: int = MONEY["decimal_places"],
) -> Decimal:
    """Read an amount as typed or pasted from Excel; raise MoneyError naming the field.

    Only what a DecimalField(max_digits, decimal_places) column can hold is accepted: a
    larger amount would fail to save (PostgreSQL) or fail to be read back (SQLite).
    """
    raw = "" if text is None else str(text)
    cleaned = raw.strip().replace("\u00a0", " ")
    if not cleaned:
        raise MoneyError(f"Enter {field.lower()}")
    if has_other_digits(cleaned):
        raise MoneyError(f"{field} must be written with the digits 0 to 9")
    pound_first = _SIGN_AFTER_POUND.match(cleaned)
    if pound_first:  # "£-1,234" as some Excel formats write it
        cleaned = f"-{pound_first.group(2)}"
    negative = False
    if match := _NEGATIVE_BRACKETS.match(cleaned):
        digits, negative = match.group(1), True
    elif match := _SIGNED.match(cleaned):
        digits, negative = match.group(2), match.group(1) in {"-", "−"}
    else:
        shown = raw.strip()
        if len(shown) > _QUOTED_LENGTH:
            shown = f"{shown[:_QUOTED_LENGTH]}…"
        raise MoneyError(
            f"{field} must be an amount in pounds, like £1,234, (528,000), -528000 or "
            f"1234.50 – “{shown}” is not"
        )
    amount = Decimal(digits.replace("£", "").replace(",", "").strip())
    largest = largest_amount(max_digits, decimal_places)
    if amount > largest:
        # Compared before the sign is applied: negating rounds to Decimal's precision.
        limit = (
            f"-£{largest:,.{decimal_places}f} or more"
            if negative
            else f"£{largest:,.{decimal_places}f} or less"
        )
        raise MoneyError(f"{field} must be {limit}")
    if -amount.as_tuple().exponent > decimal_places:
        raise MoneyError(f"{field} must have no more than {decimal_places} decimal places")
    return -amount if negative and amount else amount


def format_money(amount: Decimal | int | None, *, pence: bool = False, symbol: bool = False) -> str:
    """`1,234`, `(528,000)`; whole pounds rounded half up unless pence=True."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(PENNY if pence else POUND, rounding=ROUND_HALF_UP)
    text = f"{abs(value):,.2f}" if pence else f"{abs(value):,.0f}"
    if symbol:
        text = f"£{text}"
    return f"({text})" if value < 0 else text
