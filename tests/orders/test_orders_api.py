"""Orders over HTTP, as a client sees them: each test runs in-process and against a live server.

These orders need no product (fees and shipping only, or lines naming an unknown product, which a
store accepts as a zero line), so they show the order rules on their own.
"""

from __future__ import annotations

import base64

import httpx2 as httpx
from starlette.applications import Starlette

from wcmock import Store
from wcmock.resources.customers.backend import customers_of
from wcmock.store import ApiKey

V3 = "/wp-json/wc/v3"
GIFT_WRAP = {
    "fee_lines": [{"name": "Gift wrap", "total": "21.25"}],
    "shipping_lines": [{"method_id": "flat_rate", "total": "21.25"}],
}


def test_a_paid_order_moves_the_customers_total_spent(client: httpx.Client) -> None:
    made = client.post(f"{V3}/orders", json={"customer_id": 2, "set_paid": True, **GIFT_WRAP})
    assert made.status_code == 201
    assert made.headers["location"].endswith(f"/wc/v3/orders/{made.json()['id']}")
    assert (made.json()["status"], made.json()["total"]) == ("completed", "42.50")  # nothing to ship: completed
    v2 = client.get("/wp-json/wc/v2/customers/2").json()
    assert (v2["orders_count"], v2["total_spent"], v2["is_paying_customer"]) == (1, "42.50", True)
    assert [m["key"] for m in client.get(f"{V3}/customers/2").json()["meta_data"]][-2:] == [
        "wc_order_count_wp",
        "wc_money_spent_wp",
    ]  # the v2 read left WooCommerce's caches behind


def test_an_order_saved_drops_the_customers_cached_numbers_and_leaves_other_meta(client: httpx.Client) -> None:
    """``wc_delete_shop_order_transients``: a v2 read caches the customer's numbers in meta, the
    next order saved for them drops those rows (the next v2 read counts it), and a customer without
    meta rows (nothing to drop) is still counted right."""
    first = client.post(f"{V3}/orders", json={"customer_id": 2, **GIFT_WRAP})  # nothing cached yet
    assert first.status_code == 201
    client.put(f"{V3}/customers/2", json={"meta_data": [{"key": "crm_id", "value": "77"}]})
    assert client.get("/wp-json/wc/v2/customers/2").json()["orders_count"] == 1
    keys = [m["key"] for m in client.get(f"{V3}/customers/2").json()["meta_data"]]
    assert keys == ["crm_id", "wc_order_count_wp", "wc_money_spent_wp"]
    client.post(f"{V3}/orders", json={"customer_id": 2, **GIFT_WRAP})
    assert [m["key"] for m in client.get(f"{V3}/customers/2").json()["meta_data"]] == ["crm_id"]
    assert client.get("/wp-json/wc/v2/customers/2").json()["orders_count"] == 2


def test_lists_filter_and_page_as_a_store_does(client: httpx.Client) -> None:
    first = client.post(f"{V3}/orders", json=GIFT_WRAP).json()
    second = client.post(f"{V3}/orders", json={"status": "processing", **GIFT_WRAP}).json()
    listed = client.get(f"{V3}/orders", params={"status": "processing"})
    assert [o["id"] for o in listed.json()] == [second["id"]]
    assert listed.headers["x-wp-total"] == "1"
    paged = client.get(f"{V3}/orders", params={"per_page": 1})
    assert [o["id"] for o in paged.json()] == [second["id"]]
    assert paged.headers["link"].endswith('?per_page=1&status%5B0%5D=any&dp=2&context=view&page=2>; rel="next"')
    assert client.get(f"{V3}/orders", params={"exclude": second["id"]}).json()[0]["id"] == first["id"]


def test_bad_orders_get_woocommerce_errors(client: httpx.Client, anonymous: httpx.Client) -> None:
    assert client.post(f"{V3}/orders", json={"line_items": [{"quantity": 1}]}).json()["code"] == (
        "woocommerce_rest_required_product_reference"
    )
    bogus = client.post(f"{V3}/orders", json={"status": "bogus"})
    assert (bogus.status_code, bogus.json()["code"]) == (400, "rest_invalid_param")
    assert client.get(f"{V3}/orders/999999").status_code == 404
    refund = client.post(f"{V3}/orders/999999/refunds", json={"amount": "1.00", "api_refund": False})
    assert (refund.status_code, refund.json()["data"]) == (500, 404)
    assert anonymous.get(f"{V3}/orders").status_code == 401
    unknown = client.post(f"{V3}/orders", json={"line_items": [{"product_id": 999999}]}).json()
    assert (unknown["line_items"][0]["product_id"], unknown["needs_processing"]) == (0, False)


def test_notes_and_refunds_hang_off_their_order(client: httpx.Client) -> None:
    order = client.post(f"{V3}/orders", json={"payment_method": "bacs", "set_paid": True, **GIFT_WRAP}).json()
    note = client.post(f"{V3}/orders/{order['id']}/notes", json={"note": "Thanks!", "customer_note": True})
    assert (note.status_code, note.json()["author"]) == (201, "WooCommerce")
    assert client.delete(f"{V3}/orders/{order['id']}/notes/{note.json()['id']}").status_code == 501
    refused = client.post(f"{V3}/orders/{order['id']}/refunds", json={"amount": "5.00"})
    assert refused.json()["message"] == "The payment gateway for this order does not support automatic refunds."
    full = client.post(f"{V3}/orders/{order['id']}/refunds", json={"amount": "42.50", "api_refund": False})
    assert full.status_code == 201
    assert "(?P<order_id>" in full.headers["location"]
    assert client.get(f"{V3}/orders/{order['id']}").json()["status"] == "refunded"


def test_v1_creates_orders_it_cannot_read_back(client: httpx.Client) -> None:
    made = client.post("/wp-json/wc/v1/orders", json=GIFT_WRAP)
    assert made.status_code == 201
    assert client.get(f"/wp-json/wc/v1/orders/{made.json()['id']}").status_code == 404
    assert client.get(f"{V3}/orders/{made.json()['id']}").status_code == 200


def test_add_order_makes_an_order_as_the_rest_api_does(client: httpx.Client, e2e_app: Starlette) -> None:
    order = e2e_app.state.handle.add_order(customer_id=2, set_paid=True, fee_lines=[{"name": "Fee", "total": "12"}])
    assert (order.status, order.total) == ("completed", "12")
    jane = client.get("/wp-json/wc/v1/customers/2").json()
    assert (jane["orders_count"], jane["total_spent"], jane["last_order"]["id"]) == (1, "12.00", order.id)


def test_batch_creates_updates_and_deletes_item_by_item(client: httpx.Client) -> None:
    keep, drop = (client.post(f"{V3}/orders", json=GIFT_WRAP).json()["id"] for _ in range(2))
    out = client.post(
        f"{V3}/orders/batch",
        json={
            "create": [{"customer_id": 999999}],
            "update": [{"id": keep, "status": "bogus"}, {"id": 999999, "status": "completed"}],
            "delete": [drop, 999999],
        },
    ).json()
    assert out["create"][0]["error"]["code"] == "woocommerce_rest_invalid_customer_id"
    assert out["update"][0]["status"] == "pending"  # batch items skip validation: an unknown status is pending
    assert out["update"][1]["error"]["data"] == {"status": 400}
    assert out["delete"][0]["id"] == drop
    assert out["delete"][1]["error"]["data"] == {"status": 404}
    assert client.get(f"{V3}/orders/{drop}").status_code == 404


def test_a_kept_answer_follows_its_refunds_and_its_products(client: httpx.Client) -> None:
    """Order answers are made once per change, but an order shows more than itself: a refund added
    or deleted, or a line's product given a new SKU, shows in the next answer, single or listed."""
    product = client.post(f"{V3}/products", json={"name": "Mug", "regular_price": "8", "sku": "MUG-1"}).json()
    order = client.post(
        f"{V3}/orders",
        json={"payment_method": "bacs", "set_paid": True, "line_items": [{"product_id": product["id"], "quantity": 2}]},
    ).json()
    url = f"{V3}/orders/{order['id']}"
    assert client.get(url).json()["line_items"][0]["sku"] == "MUG-1"
    refund = client.post(f"{url}/refunds", json={"amount": "3.00", "api_refund": False}).json()
    assert [r["total"] for r in client.get(url).json()["refunds"]] == ["-3.00"]
    client.delete(f"{url}/refunds/{refund['id']}", params={"force": "true"})
    assert client.get(url).json()["refunds"] == []
    client.put(f"{V3}/products/{product['id']}", json={"sku": "MUG-2"})
    assert client.get(url).json()["line_items"][0]["sku"] == "MUG-2"
    assert client.get(f"{V3}/orders").json()[0]["line_items"][0]["sku"] == "MUG-2"
    assert client.get(url, params={"dp": 0}).json()["total"] == "16"
    assert client.get(url).json()["total"] == "16.00"
    assert client.get(url, params={"_fields": "id,total"}).json() == {"id": order["id"], "total": "16.00"}


def test_add_order_hands_out_a_copy(client: httpx.Client, e2e_app: Starlette) -> None:
    """Assigning to the order a test holds changes nothing in the store."""
    order = e2e_app.state.handle.add_order(customer_id=2, fee_lines=[{"name": "Fee", "total": "12"}])
    order.status, order.total = "cancelled", "0"
    order.items.clear()

    answer = client.get(f"{V3}/orders/{order.id}").json()
    assert (answer["status"], answer["total"], len(answer["fee_lines"])) == ("pending", "12.00", 1)


def test_orders_are_in_the_state_dump_snapshots_and_reset(client: httpx.Client, e2e_app: Starlette) -> None:
    handle = e2e_app.state.handle
    first = client.post(f"{V3}/orders", json={"customer_id": 2, "set_paid": True, **GIFT_WRAP}).json()
    client.post(f"{V3}/orders/{first['id']}/notes", json={"note": "Wrapped."})
    handle.snapshot("one order")
    second = client.post(f"{V3}/orders", json=GIFT_WRAP).json()
    dumped = handle.dump()
    assert [o["id"] for o in dumped["orders"]] == [first["id"], second["id"]]
    assert "Wrapped." in [n["note"] for n in dumped["order_notes"]]
    handle.restore("one order")
    assert [o["id"] for o in client.get(f"{V3}/orders").json()] == [first["id"]]
    assert client.get("/wp-json/wc/v2/customers/2").json()["total_spent"] == "42.50"
    handle.reset()
    assert client.get(f"{V3}/orders").json() == []
    assert client.get("/wp-json/wc/v2/customers/2").json()["total_spent"] == "0.00"


def test_allow_follows_the_callers_role(client: httpx.Client, store: Store) -> None:
    order = client.post(f"{V3}/orders", json=GIFT_WRAP).json()
    ck, cs = "ck_" + "7" * 40, "cs_" + "7" * 40
    store.add_key(ApiKey(ck, cs, 2, "read_write"))  # user 2, a subscriber
    jane = {"Authorization": "Basic " + base64.b64encode(f"{ck}:{cs}".encode()).decode()}
    admin = client.get(f"{V3}/orders/{order['id']}")
    assert admin.headers["allow"] == "GET, POST, PUT, PATCH, DELETE"
    assert admin.json()["_links"]["self"][0]["targetHints"]["allow"] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    refused = client.get(f"{V3}/orders/{order['id']}", headers=jane)
    assert (refused.status_code, "allow" in refused.headers) == (403, False)
    customers_of(store).editable(2).role = "shop_manager"  # a changed record: its Allow is worked out again
    managed = client.get(f"{V3}/orders/{order['id']}", headers=jane)
    assert (managed.status_code, managed.headers["allow"]) == (200, "GET, POST, PUT, PATCH, DELETE")
