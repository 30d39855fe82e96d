"""Route arguments of the orders, notes and refunds routes, derived from their schemas as WordPress does.

``rest_get_endpoint_args_for_schema``: every writable property becomes an argument with its type,
enum, format and nested properties; defaults only for creating endpoints (so a create always
carries ``status: pending`` and ``set_paid: false``, an update never does).
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.orders.published import collection_args, note_schema, order_schema, refund_schema

ARG_KEYWORDS = ("type", "format", "enum", "items", "properties", "minimum", "maximum")
ID_ARG = {"description": "Unique identifier for the resource.", "type": "integer", "required": False}
CONTEXT_ARG = {
    "description": "Scope under which the request is made; determines fields present in response.",
    "type": "string",
    "enum": ["view", "edit"],
    "default": "view",
    "sanitize": "sanitize_key",
    "required": False,
}
BATCH_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "batch",
    "type": "object",
    "properties": {
        name: {
            "description": f"List of {label} resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "integer" if name == "delete" else "object"},
        }
        for name, label in (("create", "created"), ("update", "updated"), ("delete", "delete"))
    },
}


def args_from_schema(schema: dict[str, Any], *, creating: bool) -> dict[str, dict[str, Any]]:
    args: dict[str, dict[str, Any]] = {}
    for name, prop in schema["properties"].items():
        if prop.get("readonly"):
            continue
        arg: dict[str, Any] = {"description": prop["description"]}
        arg.update({k: prop[k] for k in ARG_KEYWORDS if k in prop})
        if creating and "default" in prop:
            arg["default"] = prop["default"]
        arg["required"] = False
        args[name] = arg
    return args


def force_arg(default: bool, description: str) -> dict[str, Any]:
    return {"default": default, "type": "boolean", "description": description, "required": False}


def order_args(version: str) -> dict[str, dict[str, dict[str, Any]]]:
    schema = order_schema(version)
    return {
        "list": collection_args(version),
        "create": args_from_schema(schema, creating=True),
        "read": {"id": dict(ID_ARG), "context": dict(CONTEXT_ARG)},
        "edit": {"id": dict(ID_ARG), **args_from_schema(schema, creating=False)},
        "delete": {
            "id": dict(ID_ARG),
            "force": force_arg(False, "Whether to bypass trash and force deletion."),
        },
        "batch": args_from_schema(schema, creating=False),
    }


def note_args(version: str) -> dict[str, dict[str, dict[str, Any]]]:
    order_id = {"description": "The order ID.", "type": "integer", "required": False}
    create = args_from_schema(note_schema(version), creating=True)
    create["note"]["required"] = True
    listing: dict[str, dict[str, Any]] = {"order_id": dict(order_id), "context": dict(CONTEXT_ARG)}
    if version != "v1":
        listing["type"] = {
            "default": "any",
            "description": "Limit result to customers or internal notes.",
            "type": "string",
            "enum": ["any", "customer", "internal"],
            "sanitize": "sanitize_key",
            "required": False,
        }
    return {
        "list": listing,
        "create": {"order_id": dict(order_id), **create},
        "read": {"order_id": dict(order_id), "id": dict(ID_ARG), "context": dict(CONTEXT_ARG)},
        "delete": {
            "order_id": dict(order_id),
            "id": dict(ID_ARG),
            "force": force_arg(False, "Required to be true, as resource does not support trashing."),
        },
    }


def refund_args(version: str) -> dict[str, dict[str, dict[str, Any]]]:
    order_id = {"description": "The order ID.", "type": "integer", "required": False}
    listing = {k: v for k, v in collection_args("v2").items() if k not in ("status", "customer", "product")}
    return {
        "list": {"order_id": dict(order_id), **listing},
        "create": {"order_id": dict(order_id), **args_from_schema(refund_schema(version), creating=True)},
        "read": {"order_id": dict(order_id), "id": dict(ID_ARG), "context": dict(CONTEXT_ARG)},
        "delete": {
            "order_id": dict(order_id),
            "id": dict(ID_ARG),
            "force": force_arg(True, "Required to be true, as resource does not support trashing."),
        },
    }
