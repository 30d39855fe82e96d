"""A create like the one before it is made from that one's record (``backend.Checkout``): the
record, the store's ids, key stream, events and customers are those the full create gives, run
for run, and whatever the record read that changed since (a product, the request's data, type for
type, the API version) takes the full create."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.orders.shop import SHOP_FIXTURE as SHOP
from wcmock import Store
from wcmock.errors import RestError
from wcmock.fixtures import build_store
from wcmock.resources.orders.backend import Actor, OrdersBackend
from wcmock.resources.orders.models import Order, Pattern
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.products.backend import products_of

CHECKOUT = [{"product_id": 100, "quantity": 1}, {"product_id": 101, "quantity": 2}, {"product_id": 102, "quantity": 3}]
V3, V2, V1 = Actor(version="v3"), Actor(version="v2"), Actor(version="v1")
Step = tuple[dict[str, Any], Actor] | Callable[[Store], Any]


def reprice(store: Store) -> None:
    products_of(store).update(101, {"regular_price": "77.70", "sale_price": ""})


def wrap(**data: Any) -> dict[str, Any]:
    return {"status": "pending", "currency": "USD", "set_paid": False, **data}


RUN: list[Step] = [
    (wrap(customer_id=2, line_items=CHECKOUT), V3),
    (wrap(customer_id=3, line_items=CHECKOUT), V3),
    (wrap(customer_id=4, line_items=CHECKOUT), V3),
    (wrap(customer_id=0, line_items=CHECKOUT), V3),  # a guest: no billing email taken
    (wrap(customer_id="3", line_items=CHECKOUT), V3),  # a batch item's text
    (wrap(customer_id=99, line_items=CHECKOUT), V3),  # no such customer: refused, nothing drawn
    (wrap(customer_id=2, line_items=CHECKOUT), V2),  # another version: the full create
    (wrap(customer_id=3, line_items=CHECKOUT), V2),
    reprice,  # a line's product changed: the full create, at the new price
    (wrap(customer_id=4, line_items=CHECKOUT), V2),
    (wrap(customer_id=2, line_items=CHECKOUT), V2),
    (wrap(customer_id=2, line_items=CHECKOUT[:2]), V2),  # other lines
    (wrap(customer_id=2, billing={"email": "given@example.com", "city": "Oslo/Nord"}, line_items=CHECKOUT), V3),
    (wrap(customer_id=3, billing={"email": "given@example.com", "city": "Oslo/Nord"}, line_items=CHECKOUT), V3),
    (wrap(customer_id=3, shipping_lines=[{"method_id": "flat_rate", "total": "5"}], line_items=CHECKOUT), V3),
    (wrap(customer_id=4, shipping_lines=[{"method_id": "flat_rate", "total": "5"}], line_items=CHECKOUT), V3),
    (wrap(customer_id=2, fee_lines=[{"name": "Off", "total": "-900"}], line_items=CHECKOUT), V3),  # capped
    (wrap(customer_id=3, fee_lines=[{"name": "Off", "total": "-900"}], line_items=CHECKOUT), V3),
    (wrap(customer_id=2, fee_lines=[{"name": 1, "total": "2"}]), V3),  # no REST check of a batch's items:
    (wrap(customer_id=3, fee_lines=[{"name": True, "total": "2"}]), V3),  # a fee named "True", not "1"
    (wrap(customer_id=4, fee_lines=[{"name": 1.0, "total": "2"}]), V3),  # "1.0"
    (wrap(customer_id=2, line_items=tuple(CHECKOUT)), V3),  # not a list: no lines
    (wrap(customer_id=2, meta_data=[{"key": "gift", "value": "yes"}], line_items=CHECKOUT), V3),  # meta ids
    (wrap(customer_id=3, meta_data=[{"key": "gift", "value": "yes"}], line_items=CHECKOUT), V3),
    (wrap(customer_id=2, line_items=CHECKOUT, status="processing"), V3),  # moved: stock, notes, a second save
    (wrap(customer_id=3, line_items=CHECKOUT, status="processing"), V3),
    (wrap(customer_id=2, line_items=CHECKOUT, coupon_lines=[{"code": "x"}]), V3),  # refused, a draft kept
    (wrap(customer_id=3, line_items=CHECKOUT, coupon_lines=[{"code": "x"}]), V3),
    (wrap(customer_id=2, line_items=CHECKOUT), V1),
    (wrap(customer_id=3, line_items=CHECKOUT), V1),
    (wrap(customer_id=4, line_items=CHECKOUT), V3),
    (wrap(customer_id=2, line_items=CHECKOUT), V3),
]


def run(store: Store, steps: list[Step], *, alike: bool) -> list[Any]:
    """Each step's order (or error), the events heard, and the store's state after them."""
    store.clock.freeze("2026-03-01T10:00:00")
    backend = orders_of(store)
    heard: list[tuple[str, int, str]] = []
    backend.listeners.append(lambda event, order: heard.append((event, order.id, order.order_key)))
    out: list[Any] = []
    for step in steps:
        if callable(step):
            step(store)
            continue
        data, actor = step
        store.clock.advance(0.4)  # now and then a second goes by between two creates
        if not alike:
            backend._checkout = None  # the full create, every time
        with store.lock, backend.command():
            try:
                out.append(backend.create(data, actor))
            except RestError as error:
                out.append((error.code, error.status, error.data))
    users = [(u.id, u.meta) for u in store.users]
    state = (dict(backend.orders), dict(backend.notes), store.ids.capture(), store.random.getstate(), users)
    return [out, heard, state]


def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []
    alike = OrdersBackend._create_alike

    def counting(self: OrdersBackend, kept: Any, data: dict[str, Any]) -> Order:
        order = alike(self, kept, data)
        made.append(order.id)
        return order

    monkeypatch.setattr(OrdersBackend, "_create_alike", counting)
    return made


def test_a_run_of_creates_made_alike_is_the_full_creates_run(monkeypatch: pytest.MonkeyPatch) -> None:
    slow = run(build_store([SHOP]), RUN, alike=False)
    made = counted(monkeypatch)
    fast = run(build_store([SHOP]), RUN, alike=True)
    assert fast[0] == slow[0]
    assert fast == slow
    # made alike (the refused one raised on the way): the 2nd to 5th, v2's 2nd, the 2nd after the
    # price, the 2nd of the given billing, of the shipping and of the capped fee runs, v1's 2nd, the last
    assert len(made) == 11
    errors = [o for o in fast[0] if not isinstance(o, Order)]
    assert [e[0] for e in errors] == ["woocommerce_rest_invalid_customer_id", *["woocommerce_rest_invalid_coupon"] * 2]
    orders = [o for o in fast[0] if isinstance(o, Order)]
    assert [i.name for i in orders[16].items] == ["1"]
    assert [i.name for i in orders[17].items] == ["True"]
    assert orders[18].items[0].name == "1.0"
    assert orders[19].items == []
    assert orders[7].items[1].total != orders[6].items[1].total  # the new price


def test_a_made_order_shares_nothing_mutable_with_its_pattern_or_another() -> None:
    store = build_store([SHOP])
    backend = orders_of(store)
    first = backend.create(wrap(customer_id=2, line_items=CHECKOUT), V3)
    second, third = (backend.create(wrap(customer_id=n, line_items=CHECKOUT), V3) for n in (3, 4))
    assert backend.made_like == (third, first)
    for a, b in ((first, second), (second, third)):
        assert a.billing is not b.billing
        assert a.shipping is not b.shipping
        assert a.meta is not b.meta
        assert a.items is not b.items
        assert not {id(i) for i in a.items} & {id(i) for i in b.items}
        assert not {id(i.meta) for i in a.items} & {id(i.meta) for i in b.items}
    assert second.date_created is second.date_modified


def test_a_pattern_makes_the_copy_with_the_fields_set() -> None:
    store = build_store([SHOP])
    order = orders_of(store).create(wrap(customer_id=2, line_items=CHECKOUT, customer_note="n"), V3)
    made = Pattern(order).make(7, "wc_order_x", order.date_created, 3, {"email": "e"}, [70, 71, 72])
    expected = order.copy()
    expected.id, expected.order_key, expected.customer_id, expected.billing = 7, "wc_order_x", 3, {"email": "e"}
    for item, n in zip(expected.items, [70, 71, 72], strict=True):
        item.id = n
    assert made == expected
