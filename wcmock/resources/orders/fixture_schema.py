"""The fixture-file properties the orders resource reads: ``orders``, ``refunds``, ``order_notes``."""

from __future__ import annotations

from typing import Any

from wcmock.resources.orders.vocabulary import BILLING_FIELDS, ORDER_STATUSES, SHIPPING_FIELDS

DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?"}
MONEY = {"type": ["string", "number"]}
META = {
    "type": "array",
    "items": {"type": "object", "required": ["key"], "properties": {"key": {"type": "string"}, "value": {}}},
}


def _address(fields: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "properties": {key: {"type": "string"} for key in fields}, "additionalProperties": False}


def _lines(**properties: Any) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, **properties}}}


ORDER = {
    "type": "object",
    "description": "A finished order: stored as given, totals computed from its lines.",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "status": {"enum": [*ORDER_STATUSES, "trash"]},
        "customer_id": {"type": "integer", "minimum": 0},
        "parent_id": {"type": "integer", "minimum": 0},
        "currency": {"type": "string"},
        "order_key": {"type": "string"},
        "payment_method": {"type": "string"},
        "payment_method_title": {"type": "string"},
        "transaction_id": {"type": "string"},
        "customer_note": {"type": "string"},
        "created_via": {"type": "string"},
        "billing": _address(BILLING_FIELDS),
        "shipping": _address(SHIPPING_FIELDS),
        **{f"date_{name}{gmt}": DATE for name in ("created", "modified", "paid", "completed") for gmt in ("", "_gmt")},
        "meta_data": META,
        "line_items": _lines(
            product_id={"type": "integer"},
            variation_id={"type": "integer"},
            sku={"type": "string"},
            name={"type": "string"},
            quantity={"type": "integer"},
            subtotal=MONEY,
            total=MONEY,
            tax_class={"type": "string"},
            meta_data=META,
        ),
        "shipping_lines": _lines(
            method_id={"type": "string"}, method_title={"type": "string"}, instance_id={"type": "string"}, total=MONEY
        ),
        "fee_lines": _lines(
            name={"type": "string"}, total=MONEY, tax_status={"type": "string"}, tax_class={"type": "string"}
        ),
        "coupon_lines": _lines(code={"type": "string"}, discount=MONEY),
    },
    "additionalProperties": False,
}
REFUND = {
    "type": "object",
    "required": ["order_id"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "order_id": {"type": "integer", "minimum": 1},
        "amount": MONEY,
        "reason": {"type": "string"},
        "refunded_by": {"type": "integer"},
        "date_created": DATE,
        "date_created_gmt": DATE,
    },
    "additionalProperties": False,
}
NOTE = {
    "type": "object",
    "required": ["order_id"],
    "properties": {
        "id": {"type": "integer", "minimum": 2},
        "order_id": {"type": "integer", "minimum": 1},
        "note": {"type": "string"},
        "customer_note": {"type": "boolean"},
        "author": {"type": "string"},
        "date_created": DATE,
        "date_created_gmt": DATE,
    },
    "additionalProperties": False,
}
FIXTURE_DEFS: dict[str, Any] = {"order": ORDER, "refund": REFUND, "order_note": NOTE}
FIXTURE_PROPERTIES: dict[str, Any] = {
    "orders": {"type": "array", "items": {"$ref": "#/$defs/order"}},
    "refunds": {"type": "array", "items": {"$ref": "#/$defs/refund"}},
    "order_notes": {"type": "array", "items": {"$ref": "#/$defs/order_note"}},
}
