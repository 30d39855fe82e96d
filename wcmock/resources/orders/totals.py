"""``WC_Abstract_Order::calculate_totals`` with the recording store's settings (taxes off, 2 decimals).

Line totals are summed unrounded, shipping lines rounded one by one, a negative fee is capped at
what the rest of the order is worth; the order's total and discount are rounded once at the end.
"""

from __future__ import annotations

from wcmock.resources.orders.models import FEE, LINE, SHIPPING, Order
from wcmock.resources.orders.money import php_round, php_string, to_float

PRICE_DECIMALS = 2


def calculate_totals(order: Order) -> None:
    """Set the order's totals (and any capped fee) from its items, in place: pass a copy."""
    lines = order.of_kind(LINE)
    cart_subtotal = sum(to_float(i.subtotal) for i in lines)
    cart_total = sum(to_float(i.total) for i in lines)
    shipping_total = 0.0
    for line in order.of_kind(SHIPPING):
        shipping_total += php_round(line.total, PRICE_DECIMALS)
    order.shipping_total = php_string(shipping_total)
    fees_total = 0.0
    for fee in order.of_kind(FEE):
        amount = to_float(fee.total)
        if amount < 0:
            max_discount = php_round(cart_total + fees_total + shipping_total, PRICE_DECIMALS) * -1
            if amount < max_discount < 0:
                fee.total = php_string(max_discount)
        fees_total += to_float(fee.total)
    for name in ("discount_tax", "shipping_tax", "cart_tax", "total_tax"):
        setattr(order, name, "0")
    order.discount_total = php_string(php_round(cart_subtotal - cart_total, PRICE_DECIMALS))
    order.total = php_string(php_round(cart_total + fees_total + shipping_total, PRICE_DECIMALS))
