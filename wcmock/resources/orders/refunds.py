"""Refunds: ``wc_create_refund`` behind the REST controllers' checks, and the automatic full refund.

A refund is written (taking a post id and item ids) before the gateway is asked; in the recording
store every gateway refuses, so a refund with ``api_refund`` true is removed again and its id stays
used. The refund controllers' errors answer HTTP 500 with a bare integer ``data``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wcmock.errors import RestError
from wcmock.php import to_int
from wcmock.resources.orders.models import FEE, LINE, SHIPPING, Item, Order, Refund
from wcmock.resources.orders.money import format_decimal, php_string, to_float

if TYPE_CHECKING:
    from wcmock.resources.orders.backend import Actor, OrdersBackend

GATEWAYS = ("bacs", "cheque", "cod")  # installed on the recording store; none refunds automatically


class BareDataError(RestError):
    """A ``WP_Error`` whose data is a bare number: HTTP 500, ``"data": 404`` as the store answers."""

    def __init__(self, code: str, message: str, data: int) -> None:
        super().__init__(code, message, 500)
        self.bare = data

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "data": self.bare}


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(repr(to_float(value)))
    except ArithmeticError:
        return Decimal(0)


def remaining(backend: OrdersBackend, order: Order) -> Decimal:
    """``get_remaining_refund_amount``: the total less what is refunded, at 2 decimals."""
    return Decimal(format_decimal(to_float(order.total) - backend.total_refunded(order.id), 2))


def create(backend: OrdersBackend, order_id: int, data: dict[str, Any], actor: Actor) -> Refund:
    """``POST /orders/{id}/refunds``: checks, the refund and its lines, restock, the order's status."""
    order = backend.get(order_id)
    if order is None:
        if actor.version == "v1":
            raise BareDataError("woocommerce_rest_invalid_order", "Order is invalid", 400)
        raise BareDataError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404)
    lines = data.get("line_items") if actor.version == "v3" else None
    lines = [line for line in lines if isinstance(line, dict)] if isinstance(lines, list) else []
    raw_amount = data.get("amount")
    if raw_amount is None and lines:
        raw_amount = php_string(sum(to_float(line.get("refund_total")) for line in lines))
    amount = _amount(raw_amount or 0)
    if amount < 0:
        raise BareDataError("woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.", 400)
    if amount > remaining(backend, order):
        raise BareDataError("woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500)
    refund = Refund(
        id=backend.next_post_id(),
        order_id=order.id,
        date_created=backend.now(),
        amount=str(raw_amount) if isinstance(raw_amount, str) and raw_amount else php_string(float(amount)),
        reason=str(data.get("reason") or ""),
        refunded_by=actor.user_id,
    )
    by_item = {to_int(line.get("id")): line for line in lines}
    for item in order.items:
        if item.kind not in (LINE, FEE, SHIPPING) or item.id not in by_item:
            continue
        posted = by_item[item.id]
        qty = int(to_float(posted.get("quantity")))
        total = php_string(-abs(to_float(posted.get("refund_total"))))
        refund.items.append(
            Item(
                id=backend.next_item_id(),
                kind=item.kind,
                name=item.name,
                product_id=item.product_id,
                variation_id=item.variation_id,
                quantity=-qty if item.kind == LINE else item.quantity,
                tax_class=item.tax_class,
                subtotal=total,
                total=total,
                method_id=item.method_id,
                instance_id=item.instance_id,
                tax_status=item.tax_status,
                meta=[{"id": backend.next_meta_id(), "key": "_refunded_item_id", "value": str(item.id)}],
            )
        )
    if data.get("api_refund", True) is not False:
        if order.payment_method in GATEWAYS:
            message = "The payment gateway for this order does not support automatic refunds."
        else:
            message = "The payment gateway for this order does not exist."
        raise BareDataError("woocommerce_rest_cannot_create_order_refund", message, 500)
    backend.store_refund(refund)
    draft = order.copy()
    if actor.version == "v3" and data.get("api_restock", True) is not False:
        _restock(backend, draft, by_item)
    for line in refund.items:
        if line.kind == LINE and line.quantity:
            backend.permissions = {
                k: p
                for k, p in backend.permissions.items()
                if not (p.order_id == order.id and p.product_id == line.product_id)
            }
    if remaining(backend, draft) <= 0:
        from wcmock.resources.orders import transitions

        transitions.transition(backend, draft, "refunded")
    draft.date_modified = backend.now()
    backend.save(draft)
    return refund


def _restock(backend: OrdersBackend, order: Order, by_item: dict[int, dict[str, Any]]) -> None:
    """``wc_restock_refunded_items``: stock back for each refunded quantity that was reduced."""
    for item in order.of_kind(LINE):
        posted = by_item.get(item.id)
        if posted is None or posted.get("quantity") is None:
            continue
        reduced = int(to_float(item.meta_value("_reduced_stock") or 0))
        qty = int(to_float(posted.get("quantity")))
        if not reduced or not qty or not item.product_id:
            continue
        change = backend.catalog.change_stock(item.variation_id or item.product_id, qty)
        if change is None:
            continue
        restocked = int(to_float(item.meta_value("_restock_refunded_items") or 0))
        _set_meta(backend, item, "_reduced_stock", str(reduced - qty))
        _set_meta(backend, item, "_restock_refunded_items", str(qty + restocked))
        backend.add_note(order.id, f"Item #{change.product_id} stock increased from {change.old} to {change.new}.")


def _set_meta(backend: OrdersBackend, item: Item, key: str, value: str) -> None:
    for row in item.meta:
        if row["key"] == key:
            row["value"] = value
            return
    item.meta.append({"id": backend.next_meta_id(), "key": key, "value": value})


def refund_remaining(backend: OrdersBackend, order: Order) -> None:
    """``wc_order_fully_refunded``: a refund of what is left, then the note; nothing left, nothing."""
    left = to_float(order.total) - backend.total_refunded(order.id)
    if not float(format_decimal(left, 2)):
        return
    refund = Refund(
        id=backend.next_post_id(),
        order_id=order.id,
        date_created=backend.now(),
        amount=php_string(float(format_decimal(left, 2))),
        reason="Order fully refunded.",
        refunded_by=backend.acting_user,
    )
    backend.store_refund(refund)
    backend.add_note(
        order.id,
        "Order status set to refunded. To return funds to the customer you will need to issue a refund "
        "through your payment gateway.",
    )
