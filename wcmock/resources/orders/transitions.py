"""What a status change does besides changing the status (``WC_Order::status_transition``).

The hooks run in WooCommerce's order: first those of the new status (stock reduced or restored,
sales recorded, download permissions, paying customer, the automatic full refund), then the note
"Order status changed from … to …", then those of the pair (sales taken back on a cancel).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from wcmock.resources.orders.models import LINE, Order, Permission
from wcmock.resources.orders.vocabulary import STATUS_NAMES

if TYPE_CHECKING:
    from wcmock.resources.orders.backend import OrdersBackend

REDUCES_STOCK = ("processing", "completed", "on-hold")
RESTORES_STOCK = ("pending", "cancelled")
GRANTS_DOWNLOADS = ("processing", "completed")


def status_name(status: str) -> str:
    """``wc_get_order_status_name``: the display name, or the slug itself (``trash``)."""
    return STATUS_NAMES.get(status, status)


def needs_processing(backend: OrdersBackend, order: Order) -> bool:
    """Some line's product still exists and is not both virtual and downloadable."""
    for line in order.of_kind(LINE):
        product = backend.catalog.get(line.variation_id or line.product_id) if line.product_id else None
        if product is not None and not (product.virtual and product.downloadable):
            return True
    return False


def transition(
    backend: OrdersBackend,
    order: Order,
    new: str,
    *,
    author: str = "WooCommerce",
    sets_date_paid: bool = True,
) -> None:
    """Move ``order`` (a copy, changed in place) to ``new`` with every side effect."""
    old = order.status
    if new == old:
        return
    now = backend.now()
    order.status = new
    if sets_date_paid and order.date_paid is None:
        complete_status = "processing" if needs_processing(backend, order) else "completed"
        if new == complete_status or (complete_status == "processing" and new == "completed"):
            order.date_paid = now
    if new == "completed":
        order.date_completed = now
    if new in REDUCES_STOCK:
        reduce_stock(backend, order)
        record_sales(backend, order, +1)
    if new in GRANTS_DOWNLOADS:
        grant_permissions(backend, order)
    if new == "completed":
        backend.accounts_paying(order.customer_id)
    if new in RESTORES_STOCK:
        restore_stock(backend, order)
    if new == "refunded":
        backend.refund_remaining(order)
    backend.add_note(order.id, f"Order status changed from {status_name(old)} to {status_name(new)}.", author=author)
    if new == "cancelled" and old in REDUCES_STOCK:
        record_sales(backend, order, -1)


def payment_complete(backend: OrdersBackend, order: Order, transaction_id: str = "") -> None:
    """``WC_Order::payment_complete``: only from on-hold, pending, failed or cancelled."""
    if order.status not in ("on-hold", "pending", "failed", "cancelled"):
        return
    if transaction_id:
        order.transaction_id = transaction_id
    if order.date_paid is None:
        order.date_paid = backend.now()
    transition(backend, order, "processing" if needs_processing(backend, order) else "completed")
    reduce_stock(backend, order)
    backend.accounts_paying(order.customer_id)


def reduce_stock(backend: OrdersBackend, order: Order) -> None:
    """``wc_maybe_reduce_stock_levels``: once per order, each managed line not yet reduced."""
    if order.stock_reduced:
        return
    changes = []
    for line in order.of_kind(LINE):
        if line.meta_value("_reduced_stock") or not line.product_id:
            continue
        change = backend.catalog.change_stock(line.variation_id or line.product_id, -line.quantity)
        if change is None:
            continue
        line.meta.append({"id": backend.next_meta_id(), "key": "_reduced_stock", "value": str(line.quantity)})
        changes.append(f"{change.formatted_name} {change.old}&rarr;{change.new}")
    if changes:
        backend.add_note(order.id, "Stock levels reduced: " + ", ".join(changes))
    order.stock_reduced = True


def restore_stock(backend: OrdersBackend, order: Order) -> None:
    """``wc_maybe_increase_stock_levels``: give back what each line reduced, once reduced."""
    if not order.stock_reduced:
        return
    changes = []
    for line in order.of_kind(LINE):
        reduced = int(float(line.meta_value("_reduced_stock") or 0))
        if not reduced or not line.product_id:
            continue
        change = backend.catalog.change_stock(line.variation_id or line.product_id, reduced)
        if change is None:
            continue
        line.meta = [m for m in line.meta if m["key"] != "_reduced_stock"]
        changes.append(f"{change.formatted_name} {change.old}&rarr;{change.new}")
    if changes:
        backend.add_note(order.id, "Stock levels increased: " + ", ".join(changes))
    order.stock_reduced = False


def record_sales(backend: OrdersBackend, order: Order, sign: int) -> None:
    """``total_sales``: added once per order, taken back (cancel, trash, delete) once recorded."""
    if order.sales_recorded == (sign > 0):
        return
    for line in order.of_kind(LINE):
        if line.product_id:
            backend.catalog.record_sales(line.product_id, sign * abs(line.quantity))
    order.sales_recorded = sign > 0


def grant_permissions(backend: OrdersBackend, order: Order) -> None:
    """``wc_downloadable_product_permissions``: one row per downloadable file, once per order."""
    if order.permissions_granted:
        return
    today: datetime | None = None  # read only for a downloadable line: most orders grant nothing
    for line in order.of_kind(LINE):
        product = backend.catalog.get(line.variation_id or line.product_id) if line.product_id else None
        if product is None or not product.downloadable:
            continue
        if today is None:
            today = backend.now().replace(hour=0, minute=0, second=0, microsecond=0)
        limit, expiry = int(product.download_limit), int(product.download_expiry)
        for download in product.downloads:
            backend.add_permission(
                Permission(
                    id=backend.next_permission_id(),
                    download_id=str(download.id),
                    product_id=int(product.id),
                    order_id=order.id,
                    order_key=order.order_key,
                    user_id=order.customer_id,
                    email=order.billing.get("email", ""),
                    downloads_remaining="" if limit < 0 else str(limit * line.quantity),
                    access_expires=today + timedelta(days=expiry) if expiry > 0 else None,
                )
            )
    order.permissions_granted = True


def expires_before(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment < now
