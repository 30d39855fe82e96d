"""Product webhooks: which changes deliver which topic, and what the payload is (as recorded in
``webhooks-store-recorded``: creates and batch creates deliver ``product.created``; the reference
adds updates, order stock changes and trashing)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
from wcmock.resources.products.backend import products_of

PRODUCTS = "/wp-json/wc/v3/products"


@pytest.fixture
def app() -> Any:
    return create_app(fixtures=["wc-e2e"])


@pytest.fixture
def api(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET)
        yield client


@pytest.fixture
def receiver(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    return httpserver


def subscribe(api: TestClient, receiver: HTTPServer, *topics: str) -> None:
    for topic in topics:
        body = {"name": topic, "topic": topic, "delivery_url": receiver.url_for("/hook"), "secret": "s"}
        assert api.post("/wp-json/wc/v3/webhooks", json=body).status_code == 201


def deliveries(app: Any, receiver: HTTPServer) -> list[tuple[str, Any]]:
    app.state.handle.wait_for_deliveries(10)
    out = []
    for request, _ in receiver.log:
        topic = request.headers.get("X-Wc-Webhook-Topic")
        if topic:
            out.append((topic, json.loads(request.get_data())))
    return out


def test_every_product_change_delivers_its_topic(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    subscribe(api, receiver, "product.created", "product.updated", "product.deleted")
    mug = api.post(PRODUCTS, json={"name": "Hook Mug", "regular_price": "12.00", "sku": "HOOK-MUG"}).json()
    api.post(PRODUCTS + "/batch", json={"create": [{"name": "Hook Coaster", "regular_price": "2.00"}]})
    api.put(f"{PRODUCTS}/{mug['id']}", json={"regular_price": "13.00"})
    api.delete(f"{PRODUCTS}/{mug['id']}")
    api.delete(f"{PRODUCTS}/12", params={"force": "true"})  # a force delete delivers nothing
    got = deliveries(app, receiver)
    assert [(topic, body["id"]) for topic, body in got] == [
        ("product.created", 11),
        ("product.created", 12),
        ("product.updated", 11),
        ("product.deleted", 11),
    ]
    created = got[0][1]
    assert (created["name"], created["average_rating"], created["description"]) == ("Hook Mug", "0.00", "")
    assert created["_links"]["self"][0]["href"] == "http://shop.test/wp-json/wc/v3/products/11"
    assert got[3][1] == {"id": 11}


def test_a_stock_change_made_for_an_order_delivers_product_updated(
    api: TestClient, app: Any, receiver: HTTPServer
) -> None:
    hoodie = api.post(PRODUCTS, json={"name": "Hoodie", "manage_stock": True, "stock_quantity": 10}).json()
    subscribe(api, receiver, "product.updated")
    store = app.state.handle.store
    with store.lock:
        products_of(store).change_stock(hoodie["id"], -2)
    ((topic, body),) = deliveries(app, receiver)
    assert (topic, body["stock_quantity"], body["stock_status"]) == ("product.updated", 8, "instock")
