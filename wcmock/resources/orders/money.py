"""Money as WooCommerce computes and prints it: PHP floats, ``round()`` and ``wc_format_decimal``.

WooCommerce keeps order amounts as the strings PHP makes of its floats (``(string) 90.0`` is
``"90"``, ``(string) 30.015000000000001`` is ``"30.015"``) and formats them per request with
``wc_format_decimal($x, $dp)`` (``number_format``, half away from zero). Doing the same here, with
``Decimal`` for the rounding, gives the recorded strings byte for byte.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

Number = int | float
MAX_DP = 1000  # ?dp= beyond this is clamped: a fake should not print megabytes of zeros
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")  # what PHP and Python read alike, whole


def _context(dp: int) -> Context:
    """Enough digits for any double (up to 309 before the point) and the requested decimals."""
    return Context(prec=330 + dp, rounding=ROUND_HALF_UP)


FLOAT_MEMO_LIMIT = 8192  # amounts kept read: an order reads each of its dozen amounts a few times
_FLOATS: dict[str, float] = {}


def to_float(value: Any) -> float:
    """PHP's ``(float)`` of a stored amount: a leading number, else 0 (kept per string)."""
    if type(value) is str:
        found = _FLOATS.get(value)
        if found is None:
            found = _to_float(value)
            if len(_FLOATS) >= FLOAT_MEMO_LIMIT:
                _FLOATS.clear()
            _FLOATS[value] = found
        return found
    return _to_float(value)


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, int):  # a JSON number past a double's range is INF to PHP's json_decode
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    text = str(value).strip()
    if PLAIN_NUMBER.fullmatch(text):  # the stored amounts: "90", "30.015" (the scan below finds the same)
        return float(text)
    end = 0
    for i, ch in enumerate(text):
        if ch.isdigit() or ch in ".eE" or (ch in "+-" and (i == 0 or text[i - 1] in "eE")):
            end = i + 1
        else:
            break
    while end:
        try:
            return float(text[:end])
        except ValueError:
            end -= 1
    return 0.0


_STRINGS: dict[float, str] = {}  # non-zero amounts as PHP prints them (zero's sign is printed, so not kept)


def php_string(value: float) -> str:
    """``(string) $float``: 14 significant digits, trailing zeros dropped, ``-0`` as ``"-0"``
    (kept per amount: an order's totals are the same few amounts again and again)."""
    found = _STRINGS.get(value) if value else None
    if found is None:
        found = _php_string(value)
        if value and value == value:  # not zero, not NaN (which no key finds again)
            if len(_STRINGS) >= FLOAT_MEMO_LIMIT:
                _STRINGS.clear()
            _STRINGS[value] = found
    return found


def _php_string(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value)) if value or str(value)[0] != "-" else "-0"
    text = f"{value:.14G}"
    if "E" in text:
        mantissa, _, exponent = text.partition("E")
        return f"{mantissa}E{int(exponent):+d}"
    return text


def _decimal(value: Any) -> Decimal:
    """The amount as a Decimal; PHP's INF and NAN (``"1e400"``) count as 0 here."""
    if isinstance(value, Decimal):
        found = value
    else:
        try:
            found = Decimal(repr(value) if isinstance(value, float) else str(value))
        except InvalidOperation:
            found = Decimal(repr(to_float(value)))
    return found if found.is_finite() else Decimal(0)


def php_round(value: Any, dp: int = 2) -> float:
    """``NumberUtil::round`` / PHP ``round()``: half away from zero at ``dp`` decimals.

    Kept per amount and ``dp``; a zero is its own rounding, and is not kept (``0.0`` and ``-0.0``
    are equal keys, and PHP prints them apart: ``"0"``, ``"-0"``)."""
    number = to_float(value)
    if number == 0:
        return number
    return _round_kept(number, min(dp, MAX_DP))


@lru_cache(maxsize=8192)
def _round_kept(number: float, dp: int) -> float:
    exponent = Decimal(1).scaleb(-dp)
    return float(_decimal(number).quantize(exponent, context=_context(dp)))


def format_decimal(value: Any, dp: int = 2) -> str:
    """``wc_format_decimal($value, $dp)``: the amount with exactly ``dp`` decimals, half up.

    A pure function of the amount and ``dp``, and an order shows a dozen amounts, most of them
    alike (``"0"``): results are kept for hashable amounts (equal keys, ``1`` and ``1.0``, give
    equal answers here)."""
    try:
        return _format_kept(value, dp)
    except TypeError:  # unhashable
        return _format_decimal(value, dp)


def format_decimals(values: tuple[Any, ...], dp: int = 2) -> tuple[str, ...]:
    """``format_decimal`` of each amount: an order's seven amounts come in a few combinations
    (``"0"`` but the total), kept as a whole."""
    try:
        return _formats_kept(values, dp)
    except TypeError:  # unhashable
        return tuple(_format_decimal(value, dp) for value in values)


@lru_cache(maxsize=8192)
def _formats_kept(values: tuple[Any, ...], dp: int) -> tuple[str, ...]:
    return tuple(format_decimal(value, dp) for value in values)


@lru_cache(maxsize=8192)
def _format_kept(value: Any, dp: int) -> str:
    return _format_decimal(value, dp)


def _format_decimal(value: Any, dp: int) -> str:
    dp = min(dp, MAX_DP)
    exponent = Decimal(1).scaleb(-dp)
    rounded = _decimal(to_float(value)).quantize(exponent, context=_context(dp))
    text = f"{rounded:f}"
    return text.lstrip("-") if rounded == 0 else text


def line_price(total: str, quantity: int) -> Number:
    """A line item's ``price``: PHP's ``$total / $quantity`` on the stored string, a JSON number.

    An integer string divided evenly stays an integer (``"90" / 2`` is ``45``); anything else is a
    float, printed unrounded (``"20" / 3`` is ``6.666666666666667``). No quantity: ``0``.
    """
    if not quantity:
        return 0
    text = total.strip()
    if text.lstrip("-").isdigit():
        whole = int(text)
        if whole % quantity == 0:
            return whole // quantity
        return whole / quantity
    return to_float(text) / quantity


def sum_raw(amounts: list[str]) -> str:
    """``SUM()`` of a DECIMAL(26,8) column as MySQL prints it (``"35.00000000"``), ``"0"`` for none."""
    if not amounts:
        return "0"
    context = _context(8)
    total = sum((_decimal(to_float(a)) for a in amounts), Decimal(0))
    return f"{total.quantize(Decimal('0.00000001'), context=context):f}"
