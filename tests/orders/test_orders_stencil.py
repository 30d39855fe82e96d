"""A new order its template's sibling is filled in by the template's stencil (``rendering.Stencil``):
each answer is the view's bytes for it, whatever the customer, texts, zone or moment, and a
stencil stands only for what a sibling may change (the leaves the schema says nothing of but
their type): anything else it refuses, and the answer is made another way."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx2 as httpx
import pytest

from tests.orders.test_orders_siblings import SHOP, counting, fresh
from wcmock import Store, create_app
from wcmock.fixtures import build_store
from wcmock.harness.in_process import in_process_client
from wcmock.resources.orders.backend import Actor
from wcmock.resources.orders.models import Order
from wcmock.resources.orders.rendering import (
    LOCAL_MARK,
    MOMENT_MARK,
    OrderRendering,
    Stencil,
    paths,
)
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.views import ORDER_VIEWS
from wcmock.rest.wire import encode_json

CK = "ck_" + "1" * 40
CS = "cs_" + "2" * 40
CUSTOMERS = [
    {"id": 5, "email": "a/b@example.com", "username": "slash"},
    {"id": 6, "email": "x%d%%s@example.com", "username": "percent"},
]
CHECKOUT = [{"product_id": 100, "quantity": 1}, {"product_id": 101, "quantity": 2}, {"product_id": 102, "quantity": 3}]


def shop_in(zone: str) -> Iterator[tuple[httpx.Client, Store]]:
    fixture = {**SHOP, "customers": [*SHOP["customers"], *CUSTOMERS], "settings": {"timezone": zone}}
    store = build_store([fixture])
    app = create_app(store, consumer_key=CK, consumer_secret=CS)
    auth = "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()
    with in_process_client(app, headers={"Authorization": auth}) as client:
        yield client, store


@pytest.fixture(params=["UTC", "+05:30", "Europe/Paris"])
def shop(request: pytest.FixtureRequest) -> Iterator[tuple[httpx.Client, Store]]:
    yield from shop_in(request.param)


def filled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the orders a stencil fills in from now on."""
    made: list[int] = []
    fill = Stencil.fill

    def counted(self: Stencil, o: Order, zone: Any) -> bytes | None:
        raw = fill(self, o, zone)
        if raw is not None:
            made.append(o.id)  # the template's own, too, when its stencil is checked
        return raw

    monkeypatch.setattr(Stencil, "fill", counted)
    return made


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_run_of_checkouts_is_filled_in_and_each_answer_is_the_views(
    version: str, shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    store.clock.freeze("2026-03-28T23:59:58")  # Paris moves its clocks on in the night to the 29th
    rendered, made = counting(monkeypatch), filled(monkeypatch)
    answers = []
    for n, customer in enumerate([2, 3, 5, 6, 4, 2, 3, 5, 6, 4, 2, 3]):
        store.clock.advance([0, 1, 3600, 0.4][n % 4])
        answer = client.post(f"/wp-json/wc/{version}/orders", json={"customer_id": customer, "line_items": CHECKOUT})
        assert answer.status_code == 201
        answers.append(answer)
    assert len(rendered) == 1  # the first: the others were filled in from it (the first one checks its stencil)
    assert made[1:] == [a.json()["id"] for a in answers[1:]]
    for answer in answers:
        assert answer.content == fresh(store, answer.json(), version)
    assert {a.json()["billing"]["email"] for a in answers} >= {"a/b@example.com", "x%d%%s@example.com"}


def test_guests_are_filled_in_from_a_guests_template_and_customers_not(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    made = filled(monkeypatch)
    guests = [client.post("/wp-json/wc/v3/orders", json={"line_items": CHECKOUT}) for _ in range(3)]
    customer = client.post("/wp-json/wc/v3/orders", json={"customer_id": 2, "line_items": CHECKOUT})
    assert made[1:] == [g.json()["id"] for g in guests[1:]]
    for answer in [*guests, customer]:
        assert answer.status_code == 201
        assert answer.content == fresh(store, answer.json())
    assert "customer" in customer.json()["_links"]


def test_a_filled_in_orders_object_is_the_views(shop: tuple[httpx.Client, Store]) -> None:
    """Its body and links are read from its bytes when an answer needs them: the view's, member
    for member and type for type (a batch's answer, ``_fields``, a page, an update)."""
    client, store = shop
    made = [client.post("/wp-json/wc/v3/orders", json={"customer_id": 2, "line_items": CHECKOUT}) for _ in range(3)]
    listed = client.get("/wp-json/wc/v3/orders", params={"include": [m.json()["id"] for m in made]})
    for item in listed.json():
        assert repr(item) == repr(fresh_item(store, item))
    batch = client.post("/wp-json/wc/v3/orders/batch", json={"create": [{"customer_id": 3, "line_items": CHECKOUT}]})
    [created] = batch.json()["create"]
    assert repr(created) == repr(fresh_item(store, created))
    store.clock.advance(5)
    for answer in made:
        again = client.put(f"/wp-json/wc/v3/orders/{answer.json()['id']}", json={"status": "pending"})
        assert again.content == fresh(store, again.json())


def fresh_item(store: Store, answer: dict[str, Any]) -> Any:
    import json

    return json.loads(fresh(store, answer))


def test_a_stencil_is_refused_when_the_view_shows_an_atom_anywhere_else(store: Store) -> None:
    backend = orders_of(store)
    order = backend.create({"customer_id": 2, "line_items": CHECKOUT}, Actor())
    view = ORDER_VIEWS["v3"](backend, lambda m: LOCAL_MARK if m is MOMENT_MARK else store.settings.local(m))
    base, home = "http://shop.test/wp-json/wc/v3", "http://shop.test"
    links = view.order_links(order, base, ["GET"])

    def render(o: Order, leak: Callable[[Order], dict[str, Any]]) -> bytes:
        body = {**view.order(o, dp=2, home=home), **leak(o)}
        return encode_json({**body, "_links": view.order_links(o, base, ["GET"])})

    def nothing(o: Order) -> dict[str, Any]:
        return {}

    where = set(paths(view.identity(order, home), order.items, links))
    leaks: list[Callable[[Order], dict[str, Any]]] = [
        nothing,
        lambda o: {"note": f"order {o.id}"},
        lambda o: {"when": view.dates(o.date_created)[1]},
        lambda o: {"key": o.order_key[-4:]},
        lambda o: {"line": o.items[1].id},
    ]
    for leak in leaks:
        kept = OrderRendering({}, links, render(order, leak), order)
        made = Stencil.of(kept, lambda o, leak=leak: render(o, leak), view.dates, where)
        assert (made is not None) is (leak is nothing)


def test_a_stencil_fills_in_only_an_order_of_its_shape(store: Store) -> None:
    backend = orders_of(store)
    order = backend.create({"customer_id": 2, "line_items": CHECKOUT}, Actor())
    view = ORDER_VIEWS["v3"](backend, lambda m: LOCAL_MARK if m is MOMENT_MARK else store.settings.local(m))
    base, home = "http://shop.test/wp-json/wc/v3", "http://shop.test"
    links = view.order_links(order, base, ["GET"])

    def render(o: Order) -> bytes:
        return encode_json({**view.order(o, dp=2, home=home), "_links": view.order_links(o, base, ["GET"])})

    kept = OrderRendering(view.order(order, dp=2, home=home), links, render(order), order)
    stencil = Stencil.of(kept, render, view.dates, set(paths(view.identity(order, home), order.items, links)))
    assert stencil is not None
    zone = store.settings.timezone
    assert stencil.fill(order, zone) == kept.raw
    later = datetime(2026, 5, 1, tzinfo=UTC)
    odd: list[Order] = []
    for change in (
        {"date_modified": later},  # dated twice: an update's
        {"customer_id": 0},  # a guest: no customer link
        {"id": "7"},
        {"customer_id": True},
        {"order_key": 7},
        {"items": order.items[:2]},
    ):
        copy = order.copy()
        for name, value in change.items():
            setattr(copy, name, value)
        odd.append(copy)
    copy = order.copy()
    copy.items[0].id = 1.5  # type: ignore[assignment]
    odd.append(copy)
    for o in odd:
        assert stencil.fill(o, zone) is None
    moved = order.copy()
    moved.date_created = moved.date_modified = order.date_created + timedelta(days=40)
    real = ORDER_VIEWS["v3"](backend, store.settings.local)
    assert stencil.fill(moved, zone) == encode_json(
        {**real.order(moved, dp=2, home=home), "_links": real.order_links(moved, base, ["GET"])}
    )


def test_a_new_site_zone_in_the_same_second_shows_in_the_next_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stencil keeps its date's texts for the moment and the zone: a second's creates share them."""
    for client, store in shop_in("UTC"):
        store.clock.freeze("2026-03-01T10:00:00")
        made = filled(monkeypatch)
        answers = [
            client.post("/wp-json/wc/v3/orders", json={"customer_id": n, "line_items": CHECKOUT}) for n in (2, 3)
        ]
        store.settings.timezone = timezone(timedelta(hours=-3))
        third = client.post("/wp-json/wc/v3/orders", json={"customer_id": 4, "line_items": CHECKOUT})
        assert made[1:] == [answers[1].json()["id"], third.json()["id"]]
        assert third.json()["date_created"] == "2026-03-01T07:00:00"
        assert third.content == fresh(store, third.json())
