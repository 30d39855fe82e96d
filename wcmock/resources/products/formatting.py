"""Money as WooCommerce writes and shows it: stored decimals and the ``price_html`` markup.

Prices are kept as the strings the client sent after ``wc_format_decimal`` (``"10"``, ``"10.005"``,
``"7.50"``: never re-padded), while ``price_html`` always shows the store's two decimals. Both are
part of the wire contract, so they are written out here rather than left to ``float`` formatting.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from wcmock.php import is_numeric
from wcmock.wordpress import sanitize_text_field

DECIMALS = 2
THOUSANDS = ","
SYMBOL = "&#36;"  # get_woocommerce_currency_symbol() for USD, as an entity
SCREEN_READER_SYMBOL = "&#036;"  # the same after esc_html(), which pads numeric entities

_EXTRA_DOTS = re.compile(r"\.(?![^.]+$)|[^0-9.\-]")


def format_decimal(value: object) -> str:
    """``wc_format_decimal( $value )`` without rounding: ``"1,5"`` → ``"15"``, ``"abc"`` → ``""``.

    Everything but digits, ``.`` and ``-`` goes; of several dots only the last stays. A float
    (batch items skip REST validation, so ``12.5`` can arrive) is written without trailing zeros.
    """
    if value is None or isinstance(value, bool):
        return "1" if value is True else ""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return ""
    return _EXTRA_DOTS.sub("", sanitize_text_field(value))


def to_decimal(value: str) -> Decimal | None:
    """A stored price as a number, or ``None`` when it is empty or not numeric."""
    if not is_numeric(value):
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        return None


def php_less(left: str, right: str) -> bool:
    """PHP 8's ``$left < $right`` for two price strings: numeric when both are, else string order."""
    if not left or not right:
        return left < right  # "" is not numeric: string order ("" < "10"), as below
    a, b = to_decimal(left), to_decimal(right)
    if a is not None and b is not None:
        return a < b
    return left < right  # otherwise PHP 8 compares the strings: "" < "10"


MAX_DOUBLE = Decimal("1.7976931348623157e308")


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, however many digits it has (a price is the
    client's text: the default context's 28 digits would make a longer one an error)."""
    context = Context(prec=max(28, value.adjusted() + places + 2), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal(1).scaleb(-places), context=context)


def money(amount: str | Decimal) -> str:
    """``number_format( max(0, amount), 2, '.', ',' )``: what ``price_html`` shows for an amount."""
    value = amount if isinstance(amount, Decimal) else (to_decimal(amount) or Decimal(0))
    value = max(value, Decimal(0))
    if value > MAX_DOUBLE:
        return "inf"  # PHP's (float) of it is INF, which number_format prints as "inf"
    rounded = round_half_up(value, DECIMALS)
    whole, _, cents = f"{rounded:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", THOUSANDS)
    return f"{grouped}.{cents}" if DECIMALS else grouped


def wc_price(amount: str | Decimal, *, aria_hidden: bool = False) -> str:
    """``wc_price()``'s markup for one amount."""
    hidden = ' aria-hidden="true"' if aria_hidden else ""
    return (
        f'<span class="woocommerce-Price-amount amount"{hidden}><bdi>'
        f'<span class="woocommerce-Price-currencySymbol">{SYMBOL}</span>{money(amount)}</bdi></span>'
    )


def sale_price_html(regular: str, sale: str) -> str:
    """``wc_format_sale_price()``: the struck-through regular price, the sale price, and their a11y text."""
    return (
        f'<del aria-hidden="true">{wc_price(regular)}</del> '
        f'<span class="screen-reader-text">Original price was: {SCREEN_READER_SYMBOL}{money(regular)}.</span>'
        f'<ins aria-hidden="true">{wc_price(sale)}</ins>'
        f'<span class="screen-reader-text">Current price is: {SCREEN_READER_SYMBOL}{money(sale)}.</span>'
    )


def price_range_html(low: str, high: str) -> str:
    """``wc_format_price_range()``: ``$3.00 &ndash; $4.00`` with both amounts hidden from screen readers."""
    return (
        f'{wc_price(low, aria_hidden=True)} <span aria-hidden="true">&ndash;</span> {wc_price(high, aria_hidden=True)}'
        f'<span class="screen-reader-text">Price range: {SYMBOL}{money(low)} through {SYMBOL}{money(high)}</span>'
    )


@lru_cache(maxsize=4096)
def price_html(price: str, regular: str, *, on_sale: bool) -> str:
    """``WC_Product::get_price_html()`` for a simple product: ``""`` without a price."""
    if price == "":
        return ""
    if on_sale:
        return sale_price_html(regular, price)
    return wc_price(price)
