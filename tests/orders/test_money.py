"""Amounts come out as WooCommerce prints them."""

from __future__ import annotations

from wcmock.resources.orders.money import format_decimal, line_price, php_round, php_string, sum_raw, to_float


def test_format_decimal_rounds_half_up_at_the_requested_places() -> None:
    assert format_decimal("30.015", 2) == "30.02"
    assert format_decimal("17", 0) == "17"
    assert format_decimal("10", 4) == "10.0000"
    assert format_decimal("", 2) == "0.00"
    assert format_decimal(-0.001, 2) == "0.00"


def test_php_string_is_what_php_makes_of_a_float() -> None:
    assert php_string(90.0) == "90"
    assert php_string(10.005 * 3) == "30.015"
    assert php_string(4.5) == "4.5"
    assert php_round(30.015 + 5 + 1 + 7.5) == 43.52


def test_line_price_is_a_php_division_on_the_stored_total() -> None:
    assert line_price("90", 2) == 45
    assert line_price("6", 5) == 1.2
    assert line_price("20", 3) == 6.666666666666667
    assert line_price("7.00", 2) == 3.5
    assert line_price("-30", -1) == 30
    assert line_price("0", 0) == 0


def test_the_money_spent_cache_is_a_decimal_sum() -> None:
    assert sum_raw([]) == "0"
    assert sum_raw(["35", "30"]) == "65.00000000"


def test_extreme_amounts_and_decimals_still_format() -> None:
    assert format_decimal(-1e308, 2).endswith(".00")
    assert format_decimal("3", 5000) == "3." + "0" * 1000  # ?dp= is clamped at 1000 places
    assert php_round(-1e308) == -1e308
    assert format_decimal("1e400", 2) == "0.00"  # PHP's INF: nothing sensible to print


def test_kept_roundings_keep_the_sign_of_zero_and_repeat_themselves() -> None:
    """Rounding is kept per amount; ``0.0`` and ``-0.0`` are equal keys but PHP prints them apart."""
    assert [php_string(php_round(v)) for v in (-0.0, 0.0, "-0", "0", -0.001, 0.001)] == [
        "-0",
        "0",
        "-0",
        "0",
        "-0",
        "0",
    ]
    assert [php_round(v) for v in ("30.015", "30.015", 30.015, "-1.005")] == [30.02, 30.02, 30.02, -1.01]
    assert [to_float(v) for v in ("90", "90", " 7.5kg", "abc", "1e400")] == [90.0, 90.0, 7.5, 0.0, float("inf")]


def test_php_string_keeps_amounts_but_not_zeros_sign() -> None:
    assert [php_string(v) for v in (-0.0, 0.0, -0.0, 10.005 * 3, 10.005 * 3)] == ["-0", "0", "-0", "30.015", "30.015"]
