"""A customer's order-derived numbers, as WooCommerce's customer data store computes and caches them.

``orders_count``, ``total_spent`` and v1's ``last_order`` come from the customer's orders, which the
orders resource keeps; this module reads them through the store shell (``store.find_backend``),
never through the orders' internals. WooCommerce caches them in user meta (``wc_order_count_wp``,
``wc_money_spent_wp``, ``wc_last_order_wp``, visible in ``meta_data``): a v1 read writes the missing
ones (last order first, and only once there is one), a v2 read the two counters, a v3 read
nothing; saving an order of the customer deletes all three. A cached value wins over the orders,
stale or not. A customer without orders shows what the fixture file gave it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

from wcmock.resources.customers.models import Customer
from wcmock.store import Store

ORDER_COUNT, MONEY_SPENT, LAST_ORDER = "wc_order_count_wp", "wc_money_spent_wp", "wc_last_order_wp"
CACHE_KEYS = (LAST_ORDER, ORDER_COUNT, MONEY_SPENT)
ORDERS = "orders"  # the orders resource's backend name in the store shell


class OrderNumbers(Protocol):
    """What the orders resource answers about one customer (``OrdersBackend``)."""

    def customer_stats(self, user_id: int) -> Any: ...

    def last_order_of(self, user_id: int, order_id: int) -> datetime | None: ...

    def download_records(self, user_id: int, home: str) -> list[dict[str, Any]]: ...


def orders_in(store: Store) -> OrderNumbers | None:
    found: OrderNumbers | None = store.find_backend(ORDERS)
    return found


def money(raw: str) -> str:
    """``wc_format_decimal($spent, 2)`` of the cached sum."""
    try:
        value = Decimal(raw or "0")
    except InvalidOperation:
        value = Decimal(0)
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def shown_as_stored(version: str) -> bool:
    """Whether a ``version`` read shows the record as stored and writes nothing (v3: no order numbers)."""
    return version == "v3"


def for_read(store: Store, customer: Customer, version: str) -> tuple[Customer, list[tuple[str, str]]]:
    """The customer as a ``version`` read shows its numbers, and the cache rows the read writes."""
    if shown_as_stored(version):
        return customer, []
    orders = orders_in(store)
    meta = {m["key"]: m["value"] for m in customer.meta}
    stats = orders.customer_stats(customer.id) if orders is not None else None
    if stats is not None and (stats.orders_count or stats.last_order_id is not None):
        count, raw, last = stats.orders_count, stats.money_spent, (stats.last_order_id, stats.last_order_date)
    else:  # no orders: what the fixture file gave the customer
        count, raw, last = customer.orders_count, _raw(customer), (customer.last_order_id, customer.last_order_date)
        stats = None
    writes: list[tuple[str, str]] = []
    if version == "v1":
        cached = meta.get(LAST_ORDER)
        date = None
        if orders is not None and isinstance(cached, str) and cached.isdigit():
            date = orders.last_order_of(customer.id, int(cached))
        if date is not None:
            last = (int(str(cached)), date)
        elif stats is not None and last[0] is not None:
            writes.append((LAST_ORDER, str(last[0])))
    shown_count = meta.get(ORDER_COUNT)
    if shown_count is None:
        shown_count = str(count)
        writes.append((ORDER_COUNT, shown_count))
    spent = meta.get(MONEY_SPENT)
    if spent is None:
        spent = raw
        writes.append((MONEY_SPENT, raw))
    shown = replace(
        customer,
        orders_count=int(shown_count) if str(shown_count).isdigit() else 0,
        total_spent=money(str(spent)),
        last_order_id=last[0],
        last_order_date=last[1],
    )
    return shown, writes


def _raw(customer: Customer) -> str:
    value = Decimal(customer.total_spent or "0")
    return "0" if value == 0 else f"{value.quantize(Decimal('0.00000001')):f}"
