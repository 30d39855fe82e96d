"""An order's kept rendering holds while what it shows of its lines' products holds: a stock
change (a status change elsewhere reducing it) keeps it; a change of what it shows renders afresh,
and every answer is the one a fresh rendering gives."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
import pytest

from wcmock import Store
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.views import V2OrderView, V3OrderView

V3 = "/wp-json/wc/v3"


def fresh(store: Store, answer: dict[str, Any]) -> dict[str, Any]:
    """The order as the v3 view renders it now, with nothing kept."""
    home = answer["payment_url"].split("/checkout/")[0]
    backend = orders_of(store)
    return V3OrderView(backend, store.settings.local).order(backend.require(answer["id"]), dp=2, home=home)


def order_of_one_product(client: httpx.Client) -> tuple[dict[str, Any], dict[str, Any]]:
    product = client.post(
        f"{V3}/products",
        json={
            "name": "Mug",
            "sku": "MUG-1",
            "regular_price": "9.50",
            "manage_stock": True,
            "stock_quantity": 50,
        },
    ).json()
    order = client.post(f"{V3}/orders", json={"line_items": [{"product_id": product["id"], "quantity": 2}]}).json()
    return product, order


def counting_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    views: list[int] = []
    view_order = V2OrderView.order
    monkeypatch.setattr(V2OrderView, "order", lambda self, o, **kw: views.append(o.id) or view_order(self, o, **kw))
    return views


def test_a_stock_change_keeps_the_orders_rendering(
    client: httpx.Client, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    product, order = order_of_one_product(client)
    before = client.get(f"{V3}/orders/{order['id']}").json()
    client.put(f"{V3}/products/{product['id']}", json={"stock_quantity": 7, "regular_price": "11.00"})
    views = counting_renders(monkeypatch)

    after = client.get(f"{V3}/orders/{order['id']}").json()

    assert views == []  # the catalog moved, nothing the order shows of it did
    assert after == before
    assert {k: v for k, v in after.items() if k != "_links"} == fresh(store, after)


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        ({"sku": "MUG-2"}, lambda o: o["line_items"][0]["sku"] == "MUG-2"),
        ({"virtual": True, "downloadable": True}, lambda o: o["needs_processing"] is False),
    ],
)
def test_a_change_of_what_the_order_shows_renders_it_afresh(
    client: httpx.Client, store: Store, monkeypatch: pytest.MonkeyPatch, change: dict[str, Any], shows: Any
) -> None:
    product, order = order_of_one_product(client)
    client.get(f"{V3}/orders/{order['id']}")
    client.put(f"{V3}/products/{product['id']}", json=change)
    views = counting_renders(monkeypatch)

    after = client.get(f"{V3}/orders/{order['id']}").json()

    assert views == [order["id"]]
    assert shows(after)
    assert {k: v for k, v in after.items() if k != "_links"} == fresh(store, after)


def test_a_deleted_product_renders_the_order_afresh(client: httpx.Client, store: Store) -> None:
    product, order = order_of_one_product(client)
    client.get(f"{V3}/orders/{order['id']}")
    client.delete(f"{V3}/products/{product['id']}", params={"force": "true"})

    after = client.get(f"{V3}/orders/{order['id']}").json()

    assert after["line_items"][0]["sku"] is None
    assert {k: v for k, v in after.items() if k != "_links"} == fresh(store, after)


def test_what_a_line_shows_of_its_product_is_its_rendered_facts() -> None:
    class Product:
        sku, image_id, virtual, downloadable = "A", 0, True, False

    class Parent:
        name = "Shirt"

    assert V2OrderView.shown(None, None) is None
    assert V2OrderView.shown(Product(), None) == ("A", "", "", None, False)
    assert V2OrderView.shown(Product(), Parent()) == ("A", "", "", "Shirt", False)
