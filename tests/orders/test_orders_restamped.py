"""The same status change made again after a reset re-dates the rendering kept from the first time
instead of rendering the order again: the answer is, byte for byte, the one a fresh rendering gives,
and a rendering made with other refunds than the restored ones is never taken for it."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
import pytest

from wcmock import Store
from wcmock.resources.orders.backend import Actor
from wcmock.resources.orders.routes import OrderRoutes
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.views import ORDER_VIEWS, V2OrderView
from wcmock.validation import _document

RESTAMPED_KEYS = ("date_completed", "date_paid")
TYPE_ONLY = {"type", "description"}


def _shop(client: httpx.Client, version: str) -> dict[str, Any]:
    """A pending order of two stocked products and a fee, for a known customer."""
    api = f"/wp-json/wc/{version}"
    ids = [
        client.post(
            "/wp-json/wc/v3/products",
            json={"name": f"Thing {n}", "regular_price": "12.50", "manage_stock": True, "stock_quantity": 9},
        ).json()["id"]
        for n in range(2)
    ]
    body = {
        "customer_id": 2,
        "line_items": [{"product_id": i, "quantity": 2} for i in ids],
        "fee_lines": [{"name": "Gift wrap", "total": "2.25"}],
    }
    order = client.post(f"{api}/orders", json=body)
    assert order.status_code == 201, order.text
    return dict(order.json())


def _again_after_restore(client: httpx.Client, store: Store, version: str, status: str) -> list[bytes]:
    """The order's status changed, the store put back, the clock moved on, the same change again,
    then a same-status save: the three answers' bytes."""
    store.clock.freeze("2026-03-01T10:00:00")
    order = _shop(client, version)
    url = f"/wp-json/wc/{version}/orders/{order['id']}"
    state = store.capture()
    first = client.put(url, json={"status": status})
    store.restore(state)
    store.clock.advance(3600)
    again = client.put(url, json={"status": status})
    store.clock.advance(5)
    saved = client.put(url, json={"status": status})
    assert first.status_code == again.status_code == saved.status_code == 200
    assert first.json()["date_modified"] != again.json()["date_modified"]
    return [first.content, again.content, saved.content]


@pytest.mark.parametrize("version", ["v2", "v3"])  # v1 cannot see an order under HPOS (``V1OrderRoutes``)
@pytest.mark.parametrize("status", ["completed", "processing", "on-hold"])
def test_the_same_change_after_a_restore_is_the_fresh_rendering(
    client: httpx.Client, store: Store, monkeypatch: pytest.MonkeyPatch, version: str, status: str
) -> None:
    rendered: list[int] = []
    view_order = V2OrderView.order
    monkeypatch.setattr(V2OrderView, "order", lambda self, o, **kw: rendered.append(o.id) or view_order(self, o, **kw))
    fast = _again_after_restore(client, store, version, status)
    assert len(rendered) == 2  # the create and the first change: the second change and the save re-dated

    store.reset()
    monkeypatch.setattr(OrderRoutes, "_redated", lambda self, kept, order, read: None)
    slow = _again_after_restore(client, store, version, status)
    assert fast == slow


def test_a_rendering_made_with_other_refunds_is_not_taken_after_a_restore(client: httpx.Client, store: Store) -> None:
    """The refunds' serial comes back with the refunds: a rendering made before a refund was added
    holds again after a reset, one made with the refund does not, and the other way round."""
    order = _shop(client, "v3")
    url = f"/wp-json/wc/v3/orders/{order['id']}"
    assert client.put(url, json={"status": "completed"}).status_code == 200
    before = store.capture()
    refund = client.post(f"{url}/refunds", json={"amount": "3.00", "api_refund": False})
    assert refund.status_code == 201, refund.text
    with_refund = store.capture()
    assert [r["id"] for r in client.get(url).json()["refunds"]] == [refund.json()["id"]]

    store.restore(before)
    assert client.get(url).json()["refunds"] == []
    store.restore(with_refund)
    assert [r["id"] for r in client.get(url).json()["refunds"]] == [refund.json()["id"]]
    store.restore(before)
    assert client.get(url).json()["refunds"] == []


def test_a_restored_backend_takes_its_refunds_serial_back(store: Store) -> None:
    backend = orders_of(store)
    state = backend.capture()
    serial = backend.refunds_serial
    backend.delete_refund(0)
    assert backend.refunds_serial != serial
    backend.restore(state)
    assert backend.refunds_serial == serial


def test_every_version_restamps_its_own_keys(store: Store) -> None:
    backend = orders_of(store)
    order = backend.create({"fee_lines": [{"name": "Gift wrap", "total": "2.25"}], "status": "completed"}, Actor())
    assert order.date_completed is not None
    assert order.date_paid is not None
    for version, view_class in ORDER_VIEWS.items():
        view = view_class(backend, store.settings.local)
        body = view.order(order, dp=2, home="http://shop.test")
        restamped = view.restamped(order)
        assert set(restamped) == {k for k in body if k.startswith(RESTAMPED_KEYS)}, version
        assert restamped == {k: body[k] for k in restamped}, version


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_the_restamped_values_are_judged_by_their_type_alone(version: str, store: Store) -> None:
    schema = _document(f"{version}/order.json")
    backend = orders_of(store)
    order = backend.create({"status": "completed"}, Actor())
    for key in ORDER_VIEWS[version](backend, store.settings.local).restamped(order):
        assert set(schema["properties"][key]) <= TYPE_ONLY, key
