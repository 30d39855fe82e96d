"""``WC_Abstract_Order::calculate_totals`` with the recording store's settings (taxes off, 2 decimals).

Line totals are summed unrounded, shipping lines rounded one by one, a negative fee is capped at
what the rest of the order is worth; the order's total and discount are rounded once at the end.
"""

from __future__ import annotations

from wcmock.resources.orders.models import FEE, LINE, SHIPPING, Order
from wcmock.resources.orders.money import php_round, php_string, to_float

PRICE_DECIMALS = 2


TOTALS_MEMO_LIMIT = 4096  # orders' amounts kept: a checkout's orders hold the same few lines

# (kind, subtotal, total) of each item, in order -> shipping total, discount total, total
_KEPT: dict[tuple[tuple[str, str, str], ...], tuple[str, str, str]] = {}


def calculate_totals(order: Order) -> None:
    """Set the order's totals (and any capped fee) from its items, in place: pass a copy.

    One pass over the items; sums add up in item order, one by one, as PHP's do. A pure function
    of the items' kinds and amounts, in order: kept for orders without fees (a fee may be capped,
    which changes the fee itself)."""
    key = tuple([(item.kind, item.subtotal, item.total) for item in order.items])
    found = _KEPT.get(key)
    if found is None:
        found = _calculate(order)
        if not any(kind == FEE for kind, _, _ in key):
            if len(_KEPT) >= TOTALS_MEMO_LIMIT:
                _KEPT.clear()
            _KEPT[key] = found
    order.discount_tax = order.shipping_tax = order.cart_tax = order.total_tax = "0"
    order.shipping_total, order.discount_total, order.total = found


def _calculate(order: Order) -> tuple[str, str, str]:
    """The totals worked out (capping fees in place): shipping total, discount total, total."""
    cart_subtotal = cart_total = shipping_total = 0.0
    fees = []
    for item in order.items:
        kind = item.kind
        if kind == LINE:
            cart_subtotal += to_float(item.subtotal)
            cart_total += to_float(item.total)
        elif kind == SHIPPING:
            shipping_total += php_round(item.total, PRICE_DECIMALS)
        elif kind == FEE:
            fees.append(item)
    fees_total = 0.0
    for fee in fees:
        amount = to_float(fee.total)
        if amount < 0:
            max_discount = php_round(cart_total + fees_total + shipping_total, PRICE_DECIMALS) * -1
            if amount < max_discount < 0:
                fee.total = php_string(max_discount)
        fees_total += to_float(fee.total)
    return (
        php_string(shipping_total),
        php_string(php_round(cart_subtotal - cart_total, PRICE_DECIMALS)),
        php_string(php_round(cart_total + fees_total + shipping_total, PRICE_DECIMALS)),
    )
