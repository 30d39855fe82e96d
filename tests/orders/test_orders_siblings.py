"""Orders created alike are rendered from the one before them (``rendering.sibling``): each answer
is still the very bytes the view and the encoder give for it, and stays valid against the schema,
since what a sibling changes are leaves of their template's types that the schema says nothing else of."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest

from tests.orders.shop import SHOP_FIXTURE as SHOP
from wcmock import Store, create_app
from wcmock.fixtures import build_store
from wcmock.harness.in_process import in_process_client
from wcmock.resources.orders.backend import Actor
from wcmock.resources.orders.models import Order
from wcmock.resources.orders.rendering import NUMBER_MARK, Frame, StencilRendering, leaves, paths
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.views import ORDER_VIEWS, V2OrderView
from wcmock.rest.wire import encode_json
from wcmock.validation import _document

CK = "ck_" + "1" * 40
CS = "cs_" + "2" * 40
CHECKOUT = [{"product_id": 100, "quantity": 1}, {"product_id": 101, "quantity": 2}]
# what a schema may say on the way to a leaf a sibling changes, and of the leaf itself
CONTAINER = {"$id", "$schema", "title", "description", "type", "properties", "required", "additionalProperties",
             "items", "minItems", "$ref"}  # fmt: skip
TYPE_ONLY = {"type", "description"}
VIEW_ORDER = V2OrderView.order  # the view's own, not the counting one


@pytest.fixture
def shop() -> Iterator[tuple[httpx.Client, Store]]:
    store = build_store([SHOP])
    app = create_app(store, consumer_key=CK, consumer_secret=CS)
    auth = "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()
    with in_process_client(app, headers={"Authorization": auth}) as client:
        yield client, store


def fresh(store: Store, answer: dict[str, Any], version: str = "v3") -> bytes:
    """The order's bytes as the view and the encoder make them now, with nothing kept."""
    home = answer["payment_url"].split("/checkout/")[0]
    backend = orders_of(store)
    view = ORDER_VIEWS[version](backend, store.settings.local)
    order = backend.require(answer["id"])
    allowed = answer["_links"]["self"][0]["targetHints"]["allow"]
    links = view.order_links(order, f"{home}/wp-json/wc/{version}", allowed)
    return encode_json({**VIEW_ORDER(view, order, dp=2, home=home), "_links": links})


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the orders the view renders from now on (a stencil's marked record is no order)."""
    rendered: list[int] = []
    order = V2OrderView.order

    def counted(self: V2OrderView, o: Order, **kw: Any) -> dict[str, Any]:
        if o.id != NUMBER_MARK:
            rendered.append(o.id)
        return order(self, o, **kw)

    monkeypatch.setattr(V2OrderView, "order", counted)
    return rendered


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_run_of_checkouts_is_rendered_once_and_each_answer_is_the_views(
    version: str, shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    store.clock.freeze("2026-03-01T10:00:00")
    rendered = counting(monkeypatch)
    answers = []
    for n in range(8):
        if n == 4:
            store.clock.advance(61)  # another minute: the dates change too
        made = client.post(f"/wp-json/wc/{version}/orders", json={"customer_id": 2 + n % 3, "line_items": CHECKOUT})
        assert made.status_code == 201
        answers.append(made)
    assert len(rendered) == 1  # the first; the others were made from it
    for made in answers:
        assert made.content == fresh(store, made.json(), version)
    assert len({a.json()["order_key"] for a in answers}) == 8
    assert answers[4].json()["billing"]["email"] == "bob.o'neil+shop@example.com"


def test_after_a_reset_an_order_whose_id_was_rendered_before_is_still_made_from_its_template(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reset puts the id sequences back, so new orders take ids whose kept renderings are of the
    orders made before it: those cannot be re-dated, and the new order is its template's sibling."""
    client, store = shop
    store.clock.freeze("2026-03-01T10:00:00")
    before = [
        client.post("/wp-json/wc/v3/orders", json={"customer_id": 2 + n % 3, "line_items": CHECKOUT}) for n in range(4)
    ]
    store.reset()
    store.clock.freeze("2026-03-01T11:00:00")
    rendered = counting(monkeypatch)
    after = [
        client.post("/wp-json/wc/v3/orders", json={"customer_id": 4 - n % 3, "line_items": CHECKOUT}) for n in range(4)
    ]
    assert [a.json()["id"] for a in after] == [b.json()["id"] for b in before]
    assert rendered == [after[0].json()["id"]]  # the template's serials moved with the reset: the first is the view's
    for made in after:
        assert made.content == fresh(store, made.json())


def test_after_a_reset_a_run_of_checkouts_like_the_one_before_is_filled_in_not_redated(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same checkouts again after a reset, in the same second: each new order is its id's
    kept order but for its dates, yet only the first is re-dated (which reads the kept one's body:
    a stencil's is decoded for it); it is the template from then on, and the others are filled in."""
    client, store = shop
    store.clock.freeze("2026-03-01T10:00:00")
    run = [{"customer_id": 2 + n % 3, "line_items": CHECKOUT} for n in range(5)]
    before = [client.post("/wp-json/wc/v3/orders", json=body) for body in run]
    store.reset()
    rendered = counting(monkeypatch)
    decoded: list[int] = []
    body_of = StencilRendering._decoded

    def counted(self: StencilRendering) -> Any:
        decoded.append(self.record.id)
        return body_of(self)

    monkeypatch.setattr(StencilRendering, "_decoded", counted)
    after = [client.post("/wp-json/wc/v3/orders", json=body) for body in run]
    assert [a.content for a in after] == [b.content for b in before]
    assert rendered == []
    assert len(decoded) <= 1  # the first's kept rendering, re-dated; none after it
    for made in after:
        assert made.content == fresh(store, made.json())


def test_a_siblings_object_is_the_views_when_an_answer_reads_it(shop: tuple[httpx.Client, Store]) -> None:
    """A sibling's body is made when first read: by ``_fields``, a batch's answer, a list's, an
    update that only re-dates it; each is the view's, member for member, type for type."""
    client, store = shop
    store.clock.freeze("2026-03-01T10:00:00")
    made = [
        client.post("/wp-json/wc/v3/orders", json={"customer_id": 2 + n % 3, "line_items": CHECKOUT}) for n in range(4)
    ]
    like = made[0].json()  # where the site is and what the caller may do

    def view(order_id: int) -> dict[str, Any]:
        viewed: dict[str, Any] = json.loads(fresh(store, {**like, "id": order_id}))
        return viewed

    fields = client.post(
        "/wp-json/wc/v3/orders",
        params={"_fields": "id,billing,line_items"},
        json={"customer_id": 3, "line_items": CHECKOUT},
    ).json()
    assert repr(fields) == repr({k: v for k, v in view(fields["id"]).items() if k in fields})
    batch = client.post("/wp-json/wc/v3/orders/batch", json={"create": [{"customer_id": 4, "line_items": CHECKOUT}]})
    [created] = batch.json()["create"]
    assert repr(created) == repr(view(created["id"]))
    listed = client.get("/wp-json/wc/v3/orders", params={"per_page": 50, "_fields": "id,line_items,billing,_links"})
    assert len(listed.json()) == 6
    for item in listed.json():
        assert repr(item) == repr({k: v for k, v in view(item["id"]).items() if k in item})
    store.clock.advance(5)
    for answer in made:
        again = client.put(f"/wp-json/wc/v3/orders/{answer.json()['id']}", json={"status": "pending"})
        assert again.content == fresh(store, again.json())


def test_text_json_escapes_goes_in_as_the_encoder_writes_it(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    rendered = counting(monkeypatch)
    names = ["Ann", 'Ann "Q"', "Zoë", "back\\slash", "a/b%s%d", "tab\there", "\x01 1\x01", "Ann"]
    for name in names:
        billing = {"first_name": name, "city": "Paris/Nord", "email": "ann@example.com"}
        made = client.post("/wp-json/wc/v3/orders", json={"customer_id": 2, "billing": billing, "line_items": CHECKOUT})
        assert made.status_code == 201
        assert made.json()["billing"]["first_name"] == name
        assert made.content == fresh(store, made.json())
    assert len(rendered) == 1


def test_orders_that_differ_in_more_are_rendered_by_the_view(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    rendered = counting(monkeypatch)
    bodies: list[dict[str, Any]] = [
        {"customer_id": 2, "line_items": CHECKOUT},
        {"customer_id": 0, "line_items": CHECKOUT},  # a guest: no customer link
        {"customer_id": 2, "line_items": CHECKOUT, "status": "processing"},
        {"customer_id": 2, "line_items": [{"product_id": 100, "quantity": 3}]},
        {"customer_id": 2, "line_items": CHECKOUT, "shipping_lines": [{"method_id": "flat_rate", "total": "5"}]},
        {"customer_id": 3, "line_items": CHECKOUT, "shipping_lines": [{"method_id": "flat_rate", "total": "5"}]},
        {"customer_id": 2, "line_items": CHECKOUT, "meta_data": [{"key": "gift", "value": "yes"}]},
        {"customer_id": 2, "line_items": CHECKOUT, "meta_data": [{"key": "gift", "value": "yes"}]},
    ]
    for body in bodies:
        made = client.post("/wp-json/wc/v3/orders", json=body)
        assert made.status_code == 201
        assert made.content == fresh(store, made.json())
    # the sixth is the fifth's sibling (another customer); the last has a meta row of its own id
    assert len(rendered) == len(bodies) - 1


def test_a_products_change_or_a_refund_is_not_taken_from_the_template(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    first = client.post("/wp-json/wc/v3/orders", json={"customer_id": 2, "line_items": CHECKOUT}).json()
    assert client.put("/wp-json/wc/v3/products/101", json={"name": "Renamed"}).status_code == 200
    rendered = counting(monkeypatch)
    second = client.post("/wp-json/wc/v3/orders", json={"customer_id": 3, "line_items": CHECKOUT})
    assert second.json()["line_items"][1]["name"] == "Renamed"
    assert second.content == fresh(store, second.json())
    assert len(rendered) == 1
    refund = client.post(f"/wp-json/wc/v3/orders/{first['id']}/refunds", json={"amount": "1.00", "api_refund": False})
    assert refund.status_code == 201
    third = client.post("/wp-json/wc/v3/orders", json={"customer_id": 4, "line_items": CHECKOUT})
    assert third.content == fresh(store, third.json())
    assert len(rendered) == 2  # the refunds moved: rendered by the view


def test_a_deleted_orders_template_goes_with_it(
    shop: tuple[httpx.Client, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, store = shop
    made = client.post("/wp-json/wc/v3/orders", json={"customer_id": 2, "line_items": CHECKOUT}).json()
    assert client.delete(f"/wp-json/wc/v3/orders/{made['id']}", params={"force": "true"}).status_code == 200
    rendered = counting(monkeypatch)
    again = client.post("/wp-json/wc/v3/orders", json={"customer_id": 3, "line_items": CHECKOUT})
    assert again.content == fresh(store, again.json())
    assert rendered == [again.json()["id"]]  # nothing of the deleted order was kept to make it from


def test_a_frame_puts_any_text_back_as_the_encoder_writes_it() -> None:
    item = {"a": "x", "b": [{"id": 1, "c": "q/r"}], "d": {"e": "f", "g": 2}, "h": 'm"%s\\n', "k": "5% \\/ //"}
    where = [("a",), ("b", 0, "id"), ("b", 0, "c"), ("d", "e"), ("h",)]
    frame = Frame.of(item, encode_json(item), where, ["x", 1, "q/r", "f", 'm"%s\\n'])
    assert frame is not None
    for values in (["y", 22, "/", "", "%d"], ["é", -3, '"', "\\", "\x7f"], ["\u2028", 0, "\x00", "a\nb", "日本"]):
        changed = {"a": values[0], "b": [{"id": values[1], "c": values[2]}], "d": {"e": values[3], "g": 2}}
        assert frame.fill(values) == encode_json({**changed, "h": values[4], "k": item["k"]})
    assert frame.fill(["y", "22", "/", "", ""]) is None  # a leaf of another type
    assert Frame.of(item, encode_json(item), [("a",), ("d", "e")], ["x", "x"]) is None  # not what the leaf holds


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_the_schema_says_nothing_of_a_siblings_leaves_but_their_type(version: str, store: Store) -> None:
    backend = orders_of(store)
    order = backend.create({"customer_id": 2, "fee_lines": [{"name": "Wrap", "total": "2"}]}, Actor(version=version))
    view = ORDER_VIEWS[version](backend, store.settings.local)
    assert view.siblings
    links = view.order_links(order, "http://shop.test/wp-json/wc/" + version, ["GET"])
    identity = view.identity(order, "http://shop.test")
    body = view.order(order, dp=2, home="http://shop.test")
    where = paths(identity, order.items, links)
    item = {**body, "_links": links}
    for path, value in zip(where, leaves(identity, [i.id for i in order.items], links), strict=True):
        node: Any = item
        for step in path:
            node = node[step]
        assert node == value, path  # identity shows what the view's own answer shows
        schema, name = _document(f"{version}/order.json"), f"{version}/order.json"
        for step in path:
            assert set(schema) <= CONTAINER, (path, step)
            if "$ref" in schema:
                name = _resolve(name, schema["$ref"])
                schema = _document(name)
                assert set(schema) <= CONTAINER, (path, name)
            schema = schema["items"] if isinstance(step, int) else schema["properties"][step]
        if "$ref" in schema:
            schema = _document(_resolve(name, schema["$ref"]))
        assert set(schema) <= TYPE_ONLY, path


def _resolve(base: str, ref: str) -> str:
    parts = base.split("/")[:-1]
    for part in ref.split("/"):
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def test_v1_renders_every_order_itself() -> None:
    assert not ORDER_VIEWS["v1"].siblings
