"""Orders in fixture files: records in (lines built from the fixture's products) and out.

A fixture order is a finished fact, not a request: it is stored as given, with its totals
computed, and with the marks a store leaves on an order that reached its status (stock counted as
reduced, sales recorded, download permissions granted) but without moving any product's stock
again: the fixture's products already say what is left. The customer's numbers follow from the
orders (``orders_count``, ``total_spent``, ``last_order``, downloads); a paid or completed order
makes its customer a paying one.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from wcmock.errors import FixtureError
from wcmock.resources.orders import transitions
from wcmock.resources.orders.items import ITEM_KEYS, apply_items
from wcmock.resources.orders.models import Item, Note, Order, Refund
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.totals import calculate_totals
from wcmock.resources.orders.vocabulary import BILLING_FIELDS, ORDER_STATUSES, SHIPPING_FIELDS
from wcmock.store import Store

SCALARS = (
    "currency",
    "payment_method",
    "payment_method_title",
    "transaction_id",
    "customer_note",
    "created_via",
    "order_key",
)


def _date(record: Mapping[str, Any], name: str, store: Store) -> datetime | None:
    for key, tz in ((f"{name}_gmt", UTC), (name, store.settings.timezone)):
        value = record.get(key)
        if value not in (None, ""):
            moment = datetime.fromisoformat(str(value))
            return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)
    return None


def order_from(record: Mapping[str, Any], store: Store) -> Order:
    """One fixture record as a stored order (ids from the store's sequences unless given)."""
    backend = orders_of(store)
    now = store.now()
    status = str(record.get("status", "pending"))
    if status not in (*ORDER_STATUSES, "trash"):
        raise ValueError(f"unknown status {status!r}")
    created = _date(record, "date_created", store) or now
    order = Order(
        id=0, order_key="", date_created=created, date_modified=_date(record, "date_modified", store) or created
    )
    order.status = status
    order.customer_id = int(record.get("customer_id", 0))
    order.parent_id = int(record.get("parent_id", 0))
    for name in SCALARS:
        if record.get(name) is not None:
            setattr(order, name, str(record[name]))
    for group, fields in (("billing", BILLING_FIELDS), ("shipping", SHIPPING_FIELDS)):
        values = record.get(group) or {}
        getattr(order, group).update({k: str(values[k]) for k in fields if values.get(k) is not None})
    for key in ITEM_KEYS:
        lines = [{k: v for k, v in line.items() if k != "id"} for line in record.get(key) or []]
        before = len(order.items)
        apply_items(backend.catalog, order, key, lines, creating=True, next_meta_id=backend.next_meta_id)
        for line, item in zip(record.get(key) or [], order.items[before:], strict=True):
            item.id = int(line["id"]) if line.get("id") else 0
    order.meta = [
        {"id": m.get("id") or backend.next_meta_id(), "key": m["key"], "value": m.get("value")}
        for m in record.get("meta_data") or []
    ]
    order.date_paid = _date(record, "date_paid", store)
    order.date_completed = _date(record, "date_completed", store)
    if status in transitions.GRANTS_DOWNLOADS and order.date_paid is None:
        order.date_paid = created
    if status == "completed" and order.date_completed is None:
        order.date_completed = created
    calculate_totals(order)
    order.stock_reduced = order.sales_recorded = status in transitions.REDUCES_STOCK
    return order


def load(store: Store, data: Mapping[str, Any], source: str) -> None:
    """Add a fixture's ``orders`` (then their ``refunds`` and ``order_notes``) to a store."""
    backend = orders_of(store)
    for index, record in enumerate(data.get("orders") or []):
        where = f"{source}: orders[{index}]"
        if not isinstance(record, dict):
            raise FixtureError(f"{where}: must be an object")
        try:
            order = order_from(record, store)
            if order.customer_id and not backend.accounts.exists(order.customer_id):
                raise ValueError(f"customer {order.customer_id} does not exist")
            backend.add(order, explicit_id=int(record.get("id") or 0))
        except (KeyError, TypeError, ValueError) as error:
            raise FixtureError(f"{where}: {error}") from None
    for index, record in enumerate(data.get("refunds") or []):
        try:
            refund = Refund(
                id=int(record.get("id") or 0),
                order_id=int(record["order_id"]),
                date_created=_date(record, "date_created", store) or store.now(),
                amount=str(record.get("amount", "0")),
                reason=str(record.get("reason", "")),
                refunded_by=int(record.get("refunded_by", 1)),
            )
            backend.add_refund(refund)
        except (KeyError, TypeError, ValueError) as error:
            raise FixtureError(f"{source}: refunds[{index}]: {error}") from None
    for index, record in enumerate(data.get("order_notes") or []):
        try:
            note = Note(
                id=int(record.get("id") or backend.next_comment_id()),
                order_id=int(record["order_id"]),
                date_created=_date(record, "date_created", store) or store.now(),
                content=str(record.get("note", "")),
                customer_note=bool(record.get("customer_note", False)),
                author=str(record.get("author", "WooCommerce")),
            )
            store.ids.at_least("comments", note.id + 1)
            backend.notes[note.id] = note
        except (KeyError, TypeError, ValueError) as error:
            raise FixtureError(f"{source}: order_notes[{index}]: {error}") from None


def _gmt(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else None


def _line(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "total": item.total}
    if item.kind == "line_item":
        out.update(
            product_id=item.product_id,
            variation_id=item.variation_id,
            name=item.name,
            quantity=item.quantity,
            subtotal=item.subtotal,
            tax_class=item.tax_class,
        )
    elif item.kind == "shipping":
        out.update(method_id=item.method_id, method_title=item.name, instance_id=item.instance_id)
    elif item.kind == "fee":
        out.update(name=item.name, tax_status=item.tax_status, tax_class=item.tax_class)
    else:
        out.update(code=item.code, discount=item.discount)
    visible = [m for m in item.meta if not m["key"].startswith("_")]
    if visible:
        out["meta_data"] = [{"key": m["key"], "value": m["value"]} for m in visible]
    return out


def dump_order(o: Order) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": o.id,
        "status": o.status,
        "customer_id": o.customer_id,
        "parent_id": o.parent_id,
        **{name: getattr(o, name) for name in SCALARS},
        "billing": dict(o.billing),
        "shipping": dict(o.shipping),
        "date_created_gmt": _gmt(o.date_created),
        "date_modified_gmt": _gmt(o.date_modified),
        "date_paid_gmt": _gmt(o.date_paid),
        "date_completed_gmt": _gmt(o.date_completed),
        "meta_data": [{"key": m["key"], "value": m["value"]} for m in o.meta],
    }
    kinds = {kind: key for key, kind in ITEM_KEYS.items()}
    for item in o.items:
        record.setdefault(kinds[item.kind], []).append(_line(item))
    return record


def dump(store: Store) -> dict[str, Any]:
    """The orders, their refunds and notes as fixture records."""
    backend = orders_of(store)
    with store.lock:
        return {
            "orders": [dump_order(o) for o in sorted(backend.orders.values(), key=lambda o: o.id)],
            "refunds": [
                {
                    "id": r.id,
                    "order_id": r.order_id,
                    "amount": r.amount,
                    "reason": r.reason,
                    "refunded_by": r.refunded_by,
                    "date_created_gmt": _gmt(r.date_created),
                }
                for r in sorted(backend.refunds.values(), key=lambda r: r.id)
            ],
            "order_notes": [
                {
                    "id": n.id,
                    "order_id": n.order_id,
                    "note": n.content,
                    "customer_note": n.customer_note,
                    "author": n.author,
                    "date_created_gmt": _gmt(n.date_created),
                }
                for n in sorted(backend.notes.values(), key=lambda n: n.id)
            ],
        }


HISTORY_STATUSES = ("completed", "completed", "completed", "processing", "pending", "cancelled", "failed")


def generate_orders(store: Store, *, per_customer: int, seed: int, products: Sequence[int] = ()) -> int:
    """An order history for every customer (role ``customer``): ``per_customer`` finished orders
    each, the same for the same seed, dated over the year before the store's clock, in
    WooCommerce's statuses with completed the most common. Each order buys one to three of
    ``products`` (ids of the store's catalogue, one to three of each, at their prices), or, with
    none given, has one fee line (no product needed)."""
    rng = random.Random(seed)
    backend = orders_of(store)
    now = store.now()
    made = 0
    for user in sorted(store.users, key=lambda u: u.id):
        if user.role != "customer":
            continue
        for _ in range(per_customer):
            created = now - timedelta(days=rng.randint(1, 365), seconds=rng.randint(0, 86399))
            status = rng.choice(HISTORY_STATUSES)
            total = f"{rng.randint(500, 20000) / 100:.2f}"
            if products:
                bought = rng.sample(products, k=min(len(products), rng.randint(1, 3)))
                lines: dict[str, Any] = {
                    "line_items": [{"product_id": product_id, "quantity": rng.randint(1, 3)} for product_id in bought]
                }
            else:
                lines = {"fee_lines": [{"name": "Purchase", "total": total}]}
            record = {
                "status": status,
                "customer_id": user.id,
                "payment_method": "bacs",
                "payment_method_title": "Direct bank transfer",
                "billing": {**getattr(user, "billing", {})},
                "date_created_gmt": created.strftime("%Y-%m-%dT%H:%M:%S"),
                **lines,
            }
            backend.add(order_from(record, store))
            made += 1
    return made
