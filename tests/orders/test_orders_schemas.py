"""Orders, notes and refunds in ``schemas/``: every answer wcmock gives fits its version's file, and
the files are strict about what a store sends (the recordings are checked in ``tests/test_schemas.py``)."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
import pytest

from wcmock.validation import SchemaViolation, validate_request, validate_response

VERSIONS = ("v1", "v2", "v3")
LINES = {
    "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat", "total": "5.00"}],
    "fee_lines": [{"name": "Gift wrap", "total": "2.50", "meta_data": [{"key": "colour", "value": "red"}]}],
    "meta_data": [{"key": "channel", "value": {"name": "pos", "till": 3}}],
}


def _shop(client: httpx.Client) -> list[int]:
    made = [
        client.post("/wp-json/wc/v3/products", json={"name": name, "regular_price": price, "sku": sku})
        for name, price, sku in (("Kettle", "30", "KET"), ("Mug", "8.50", ""))
    ]
    assert [m.status_code for m in made] == [201, 201]
    return [m.json()["id"] for m in made]


def _order(client: httpx.Client, version: str, products: list[int], **extra: Any) -> dict[str, Any]:
    body = {
        "customer_id": 2,
        "line_items": [
            {"product_id": products[0], "quantity": 2, "meta_data": [{"key": "engraving", "value": "Ana"}]},
            {"product_id": products[1], "quantity": 1},
        ],
        **LINES,
        **extra,
    }
    validate_request(body, version=version, kind="order_create")
    made = client.post(f"/wp-json/wc/{version}/orders", json=body)
    assert made.status_code == 201, made.text
    validate_response(made.json(), version=version, kind="order")
    return dict(made.json())


@pytest.mark.parametrize("version", VERSIONS)
def test_every_order_answer_fits_its_versions_schema(client: httpx.Client, version: str) -> None:
    products = _shop(client)
    order = _order(client, version, products, set_paid=True)
    base = f"/wp-json/wc/{version}/orders"
    reference = _order(client, "v3", products)["id"]  # v1 cannot read its own orders under HPOS
    target = order["id"] if version != "v1" else reference

    note = client.post(f"{base}/{target}/notes", json={"note": "Wrapped.", "customer_note": True})
    assert note.status_code == 201, note.text
    validate_response(note.json(), version=version, kind="order_note")
    validate_response(client.get(f"{base}/{target}/notes").json(), version=version, kind="order_notes")

    refund = client.post(
        f"{base}/{target}/refunds",
        json={"amount": "10.00", "reason": "Dented", "api_refund": False, "line_items": []},
    )
    assert refund.status_code == 201, refund.text
    validate_response(refund.json(), version=version, kind="order_refund")
    validate_response(client.get(f"{base}/{target}/refunds").json(), version=version, kind="order_refunds")

    listed = client.get(base, params={"per_page": 100})
    assert listed.status_code == 200
    validate_response(listed.json(), version=version, kind="orders")
    batch = client.post(f"{base}/batch", json={"create": [{"status": "on-hold", **LINES}], "update": [{"id": 1}]})
    assert batch.status_code == 200, batch.text
    validate_response(batch.json(), version=version, kind="orders_batch")
    if version != "v1":
        read = client.get(f"{base}/{target}", params={"context": "edit", "dp": 3})
        validate_response(read.json(), version=version, kind="order")
        assert read.json()["refunds"][0]["reason"] == "Dented"
    if version == "v3":
        validate_response(client.get("/wp-json/wc/v3/refunds").json(), version="v3", kind="refunds")


def test_a_refund_of_line_items_renders_them_as_the_orders_lines(client: httpx.Client) -> None:
    products = _shop(client)
    order = _order(client, "v3", products, set_paid=True)
    line = order["line_items"][0]
    refund = client.post(
        f"/wp-json/wc/v3/orders/{order['id']}/refunds",
        json={"api_refund": False, "line_items": [{"id": line["id"], "quantity": 1, "refund_total": 30}]},
    )
    assert refund.status_code == 201, refund.text
    refunded = refund.json()["line_items"][0]
    assert [m["display_key"] for m in refunded["meta_data"]] == ["_refunded_item_id"]
    validate_response(refund.json(), version="v3", kind="order_refund")
    validate_response(refund.json(), version="v2", kind="order_refund")  # v2 renders refunds as v3 does
    with pytest.raises(SchemaViolation):  # v1 has fewer keys and its own line items
        validate_response(refund.json(), version="v1", kind="order_refund")


def test_the_schemas_are_strict_about_what_wcmock_sends(client: httpx.Client) -> None:
    order = _order(client, "v3", _shop(client))
    with pytest.raises(SchemaViolation, match="total"):
        validate_response({**order, "total": 42.5}, version="v3", kind="order")
    with pytest.raises(SchemaViolation, match="currency_symbol"):
        validate_response(order, version="v1", kind="order")  # v1 renders no currency symbol
    with pytest.raises(SchemaViolation, match="surprise"):
        validate_response({**order, "surprise": 1}, version="v3", kind="order")
    line = {**order["line_items"][0], "meta": []}  # v1's line item meta key, not v3's
    with pytest.raises(SchemaViolation, match="meta"):
        validate_response({**order, "line_items": [line]}, version="v3", kind="order")


def test_request_schemas_describe_the_documented_bodies() -> None:
    validate_request({"status": "processing", "line_items": [{"product_id": "11", "quantity": 2}]}, kind="order_create")
    with pytest.raises(SchemaViolation, match="bogus"):
        validate_request({"status": "bogus"}, kind="order_update")
    with pytest.raises(SchemaViolation, match="note"):
        validate_request({"customer_note": True}, kind="order_note_create")
    with pytest.raises(SchemaViolation, match="read-only"):
        validate_request({"total": "5.00"}, kind="order_create")  # strict: a store ignores it
    validate_request({"total": "5.00"}, kind="order_create", strict=False)
    validate_request({"status": ["processing", "completed"], "customer": 2}, kind="orders_query")


@pytest.mark.parametrize(("validation", "status"), [("strict", 500), ("warn", 201), ("off", 201)])
def test_an_order_rendered_outside_its_schema_is_loud_in_strict_mode(
    monkeypatch: pytest.MonkeyPatch, validation: str, status: int
) -> None:
    from starlette.testclient import TestClient

    from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
    from wcmock.resources.orders.views import V2OrderView

    original = V2OrderView.order

    def order(self: V2OrderView, o: Any, **options: Any) -> dict[str, Any]:
        return {**original(self, o, **options), "total": 42.5}  # a wcmock bug: a number, not a string

    monkeypatch.setattr(V2OrderView, "order", order)
    with TestClient(create_app(validation=validation), base_url="http://testserver") as client:
        made = client.post("/wp-json/wc/v3/orders", json=LINES, auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET))
    assert made.status_code == status
    if validation == "strict":
        assert made.json()["code"] == "wcmock_invalid_response"
        assert "$.total: 42.5 is not of type 'string'" in made.json()["message"]
