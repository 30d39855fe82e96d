"""PHP's casts, checks and formats as WordPress relies on them (``is_numeric``, ``(int)``, dates).

WordPress's argument rules and WooCommerce's id handling lean on PHP's loose casts; they are written
once here so every layer casts alike.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus

from wcmock.patterns import LazyPattern

_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_LEADING_NUMBER = LazyPattern(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_numeric(value: Any) -> bool:
    """PHP's ``is_numeric``: numbers and numeric strings, never booleans."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return not (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))
    return isinstance(value, str) and bool(_NUMERIC.match(value))


def to_number(value: Any) -> float:
    """PHP's ``(float)`` of a numeric value: beyond a double's range it is ``INF``."""
    if isinstance(value, int):
        return value
    return float(value)


def is_whole(number: float) -> bool:
    """``rest_is_integer``'s ``round((float) $n) === (float) $n``: true for INF too, as in PHP."""
    return isinstance(number, int) or math.isinf(number) or float(number).is_integer()


PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)


def to_int(value: Any) -> int:
    """PHP's ``(int)`` cast of a numeric value: 64 bits, so larger numbers stop at ``PHP_INT_MAX``
    (an id of 5,000 digits is the same unknown id as 9223372036854775807)."""
    if type(value) is int:  # most often an id already checked: no isinstance chain
        return value if PHP_INT_MIN <= value <= PHP_INT_MAX else _clamped(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return _clamped(value)
    if isinstance(value, str):
        if value.isdigit() and value.isascii() and len(value) < 19:  # plain digits (an id), below 2**63
            return int(value)
        leading = _LEADING_NUMBER.match(value)  # PHP reads the leading number: "12abc" is 12
        if leading is None:
            return 0
        value = leading.group(0).strip()
        if re.fullmatch(r"[+-]?\d+", value):
            digits = value.lstrip("+-").lstrip("0")
            if len(digits) > 19:  # past 64 bits, and perhaps past Python's int-string limit too
                return PHP_INT_MIN if value.startswith("-") else PHP_INT_MAX
            return _clamped(int(value))
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return 0
    return _clamped(int(number)) if math.isfinite(number) else 0


def _clamped(number: int) -> int:
    return max(PHP_INT_MIN, min(PHP_INT_MAX, number))


def is_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.lower() in ("false", "true", "0", "1")
    return isinstance(value, int) and value in (0, 1)


def to_boolean(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() not in ("false", "0", "")
    return bool(value)


WP_DATE = "%Y-%m-%dT%H:%M:%S"


WP_DATE_MEMO_LIMIT = 4096  # formatted dates kept: a rendering formats two to four, mostly the same few
_WP_DATES: dict[tuple[datetime, Any], str] = {}


def wp_date(moment: datetime | None) -> str | None:
    """``wc_rest_prepare_date_response``: ``Y-m-d\\TH:i:s`` (no zone), or None for no date.

    Kept per instant and zone (a dictionary hit is fifty times cheaper than formatting; the zone is
    in the key because equal instants in two zones read differently)."""
    if not moment:
        return None
    key = (moment, moment.tzinfo)
    text = _WP_DATES.get(key)
    if text is None:
        # isoformat: the same text, four times faster than strftime, but it pads a year below 1000
        # to four digits, where strftime (as ever) does not
        text = moment.strftime(WP_DATE) if moment.year < 1000 else moment.isoformat(timespec="seconds")[:19]
        if len(_WP_DATES) >= WP_DATE_MEMO_LIMIT:
            _WP_DATES.clear()
        _WP_DATES[key] = text
    return text


def _encoded_name(name: str) -> str:
    """A parameter name for a URL: ASCII kept as PHP writes it (``a%5B0%5D``), anything else escaped."""
    return name if name.isascii() else quote_plus(name, safe="%")


def _php_query_pairs(query: dict[str, Any], prefix: str = "") -> list[str]:
    """``build_query`` after ``urlencode_deep``: nested keys as ``name%5B0%5D``, values form-encoded."""
    pairs = []
    for key, value in query.items():
        name = f"{prefix}%5B{key}%5D" if prefix else str(key)
        if isinstance(value, dict):
            pairs += _php_query_pairs(value, name)
        elif isinstance(value, list):
            pairs += _php_query_pairs({str(i): v for i, v in enumerate(value)}, name)
        else:
            if isinstance(value, bool):
                value = "1" if value else ""
            pairs.append(f"{_encoded_name(name)}={quote_plus(str(value)).replace('~', '%7E')}")
    return pairs


def build_query(query: dict[str, Any]) -> str:
    """``build_query(urlencode_deep($args))``: the query string ``add_query_arg`` writes."""
    return "&".join(_php_query_pairs(query))


def php_array(value: dict[str, Any]) -> Any:
    """How PHP encodes an array with these keys: ``[]`` when empty, a JSON list when the keys are
    ``0, 1, …`` in order, else an object (``{}`` never comes out of WordPress)."""
    if not value:
        return []
    if all(key == str(i) for i, key in enumerate(value)):
        return list(value.values())
    return value
