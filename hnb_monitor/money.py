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
_AMOUNT = r"£?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?"
_NEGATIVE_BRACKETS = re.compile(rf"^\(\s*({_AMOUNT})\s*\)$")
_SIGNED = re.compile(rf"^([-+−]?)\s*({_AMOUNT})$")
_SIGN_AFTER_POUND = re.compile(r"^£\s*([-−])\s*(.*)$")


# Every money column: pounds and pence, up to £999,999,999,999.99.
MONEY = {"max_digits": 14, "decimal_places": 2}


class MoneyError(ValueError):
    pass


def parse_money(text: str, *, field: str = "Amount") -> Decimal:
    """Read an amount as typed or pasted from Excel; raise MoneyError naming the field."""
    raw = "" if text is None else str(text)
    cleaned = raw.strip().replace("\u00a0", " ")
    if not cleaned:
        raise MoneyError(f"Enter {field.lower()}")
    pound_first = _SIGN_AFTER_POUND.match(cleaned)
    if pound_first:  # "£-1,234" as some Excel formats write it
        cleaned = f"-{pound_first.group(2)}"
    negative = False
    if match := _NEGATIVE_BRACKETS.match(cleaned):
        digits, negative = match.group(1), True
    elif match := _SIGNED.match(cleaned):
        digits, negative = match.group(2), match.group(1) in {"-", "−"}
    else:
        raise MoneyError(
            f"{field} must be an amount in pounds, like £1,234, (528,000), -528000 or "
            f"1234.50 – “{raw.strip()}” is not"
        )
    amount = Decimal(digits.replace("£", "").replace(",", "").strip())
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
