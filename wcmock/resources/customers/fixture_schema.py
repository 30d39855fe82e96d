"""The fixture-file properties the customers resource reads: ``customers``, ``generate``, ``next_id``."""

from __future__ import annotations

from typing import Any

from wcmock.resources.customers.models import BILLING_FIELDS, SHIPPING_FIELDS, SITE_ROLES

DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?"}
STRINGS_OF = {"type": "string"}


def _address(fields: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "properties": dict.fromkeys(fields, STRINGS_OF), "additionalProperties": False}


CUSTOMER = {
    "type": "object",
    "description": "A user of the store; any field may be given, read-only ones included.",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "email": {"type": "string"},
        "username": {"type": "string", "minLength": 1, "maxLength": 60},
        "password": {"type": "string"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "display_name": {"type": "string"},
        "role": {"enum": list(SITE_ROLES)},
        "date_created": DATE,
        "date_created_gmt": DATE,
        "date_modified": DATE,
        "date_modified_gmt": DATE,
        "billing": _address(BILLING_FIELDS),
        "shipping": _address(SHIPPING_FIELDS),
        "is_paying_customer": {"type": "boolean"},
        "orders_count": {"type": "integer", "minimum": 0},
        "total_spent": {"type": ["string", "number"], "pattern": r"^\d+(\.\d+)?$"},
        "last_order": {
            "type": "object",
            "properties": {"id": {"type": ["integer", "null"]}, "date": DATE},
            "additionalProperties": False,
        },
        "meta_data": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "key": {"type": "string"}, "value": {}},
                "required": ["key"],
                "additionalProperties": False,
            },
        },
        "downloads": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "download_id": {"type": "string"},
                    "product_id": {"type": "integer"},
                    "product_name": {"type": "string"},
                    "product_url": {"type": "string"},
                    "download_name": {"type": "string"},
                    "order_id": {"type": "integer"},
                    "order_key": {"type": "string"},
                    "downloads_remaining": {"type": "string", "pattern": r"^(\d+|unlimited)$"},
                    "access_expires": DATE | {"type": "string", "pattern": r"^(never|\d{4}-\d{2}-\d{2}T.*)$"},
                    "file": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}, "file": {"type": "string"}},
                        "required": ["name", "file"],
                        "additionalProperties": False,
                    },
                },
                "required": ["download_id", "product_id", "order_id"],
                "additionalProperties": False,
            },
        },
        "application_passwords": {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["password"]}]},
        },
    },
    "additionalProperties": False,
}

FIXTURE_PROPERTIES: dict[str, Any] = {
    "customers": {"type": "array", "items": {"$ref": "#/$defs/customer"}},
    "generate": {
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": 0, "maximum": 1000000},
            "seed": {"type": "integer"},
            "locale": {"type": "string"},
            "locales": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "overrides": {"$ref": "#/$defs/customer"},
        },
        "required": ["count"],
        "additionalProperties": False,
    },
    "next_id": {"type": "integer", "minimum": 1},
}
FIXTURE_DEFS: dict[str, Any] = {"customer": CUSTOMER}
