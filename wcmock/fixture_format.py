"""The fixture file format, as a JSON Schema (written to ``schemas/common/fixture.json``).

Fixtures are checked against it before anything is loaded, so a typo or a wrong type is reported
with the file, the path inside it and the rule broken, never as a traceback or a half-loaded store.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from wcmock.harness.faults import ACTIONS
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

FIXTURE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://wcmock.example/schemas/common/fixture.json",
    "title": "wcmock fixture file",
    "description": "Settings, API keys, customers (explicit or generated) and faults that seed a wcmock store.",
    "type": "object",
    "properties": {
        "$schema": {"type": "string"},
        "description": {"type": "string"},
        "settings": {
            "type": "object",
            "properties": {
                "timezone": {"type": "string", "description": "UTC, +02:00, UTC-3 or an IANA name"},
                "generate_username": {"type": "boolean"},
                "generate_password": {"type": "boolean"},
                "site_name": {"type": "string"},
                "webhook_timeout": {"type": "number", "exclusiveMinimum": 0},
                "now": {"type": "string", "description": "freeze the store's clock at this instant (UTC if naive)"},
                "auth": {"type": "boolean"},
                "basic_auth_over_http": {"type": "boolean"},
                "strip_authorization": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
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
        "api_keys": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "consumer_key": {"type": "string", "minLength": 1},
                    "consumer_secret": {"type": "string", "minLength": 1},
                    "user_id": {"type": "integer", "minimum": 1},
                    "permissions": {"enum": ["read", "write", "read_write"]},
                    "description": {"type": "string"},
                },
                "required": ["consumer_key", "consumer_secret"],
                "additionalProperties": False,
            },
        },
        "faults": {
            "type": "array",
            "items": {"type": "object", "properties": {"action": {"enum": list(ACTIONS)}}, "required": ["action"]},
        },
        "next_id": {"type": "integer", "minimum": 1},
    },
    "additionalProperties": False,
    "$defs": {"customer": CUSTOMER},
}


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(FIXTURE_SCHEMA)


def problems(data: Any) -> list[str]:
    """Every rule the data breaks, as ``path: message`` (empty when the fixture is valid)."""
    found = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{_path(list(error.absolute_path))}: {error.message}" for error in found]


def _path(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
