"""Prices as WooCommerce stores them and as ``price_html`` shows them."""

from __future__ import annotations

import pytest

from wcmock.resources.products.formatting import format_decimal, php_less, price_html, price_range_html

AMOUNT = (
    '<span class="woocommerce-Price-amount amount"><bdi>'
    '<span class="woocommerce-Price-currencySymbol">&#36;</span>{}</bdi></span>'
)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("10", "10"),
        ("10.50", "10.50"),
        ("10.005", "10.005"),
        (" 7.50 ", "7.50"),
        ("1,5", "15"),
        ("1.2.3", "12.3"),
        ("abc", ""),
        ("-5", "-5"),
        ("", ""),
        (12.5, "12.5"),
        (12, "12"),
        (None, ""),
    ],
)
def test_format_decimal_keeps_the_precision_it_was_given(sent: object, stored: str) -> None:
    assert format_decimal(sent) == stored


def test_prices_compare_as_numbers_when_both_are_numbers() -> None:
    assert php_less("9.99", "10")
    assert not php_less("12", "10")
    assert php_less("", "10")  # an empty sale price is below any regular price
    assert not php_less("12", "")  # and a sale price above an empty regular price is dropped


def test_price_html_shows_two_decimals_and_thousands() -> None:
    assert price_html("15", "15", on_sale=False) == AMOUNT.format("15.00")
    assert price_html("1234.5", "1234.5", on_sale=False) == AMOUNT.format("1,234.50")
    assert price_html("10.005", "10.005", on_sale=False) == AMOUNT.format("10.01")
    assert price_html("-5", "-5", on_sale=False) == AMOUNT.format("0.00")
    assert price_html("", "", on_sale=False) == ""


def test_a_sale_strikes_through_the_regular_price() -> None:
    assert price_html("12.00", "15.00", on_sale=True) == (
        f'<del aria-hidden="true">{AMOUNT.format("15.00")}</del> '
        '<span class="screen-reader-text">Original price was: &#036;15.00.</span>'
        f'<ins aria-hidden="true">{AMOUNT.format("12.00")}</ins>'
        '<span class="screen-reader-text">Current price is: &#036;12.00.</span>'
    )


def test_a_range_hides_both_amounts_from_screen_readers() -> None:
    html = price_range_html("3", "4")
    assert html.startswith('<span class="woocommerce-Price-amount amount" aria-hidden="true">')
    assert html.endswith('<span class="screen-reader-text">Price range: &#36;3.00 through &#36;4.00</span>')
