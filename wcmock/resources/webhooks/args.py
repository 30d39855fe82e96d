"""The arguments and schema real stores publish for the webhooks routes (``WC_REST_Webhooks_V1_Controller``)."""

from __future__ import annotations

from typing import Any

from wcmock.resources.webhooks.models import STATUSES

CONTEXT: dict[str, Any] = {
    "description": "Scope under which the request is made; determines fields present in response.",
    "type": "string",
    "enum": ["view", "edit"],
    "default": "view",
    "required": False,
    "sanitize": "sanitize_key",
}
ID_ARG = {"description": "Unique identifier for the resource.", "type": "integer", "required": False}
WRITABLE = {
    "name": {"description": "A friendly name for the webhook.", "type": "string", "required": False},
    "status": {"description": "Webhook status.", "type": "string", "enum": list(STATUSES), "required": False},
    "topic": {"description": "Webhook topic.", "type": "string", "required": False},
    "secret": {
        "description": "Secret key used to generate a hash of the delivered webhook and provided in the "
        "request headers. This will default to a MD5 hash from the current user's ID|username if not provided.",
        "type": "string",
        "required": False,
    },
}
COLLECTION_ARGS = {
    "context": CONTEXT,
    "page": {
        "description": "Current page of the collection.",
        "type": "integer",
        "default": 1,
        "minimum": 1,
        "required": False,
        "sanitize": "absint",
    },
    "per_page": {
        "description": "Maximum number of items to be returned in result set.",
        "type": "integer",
        "default": 10,
        "minimum": 1,
        "maximum": 100,
        "required": False,
        "sanitize": "absint",
    },
    "search": {
        "description": "Limit results to those matching a string.",
        "type": "string",
        "required": False,
        "sanitize": "sanitize_text_field",
    },
    "exclude": {
        "description": "Ensure result set excludes specific IDs.",
        "type": "array",
        "items": {"type": "integer"},
        "default": [],
        "required": False,
        "sanitize": "wp_parse_id_list",
        "validate": False,
    },
    "include": {
        "description": "Limit result set to specific ids.",
        "type": "array",
        "items": {"type": "integer"},
        "default": [],
        "required": False,
        "sanitize": "wp_parse_id_list",
        "validate": False,
    },
    "offset": {
        "description": "Offset the result set by a specific number of items.",
        "type": "integer",
        "required": False,
        "sanitize": "absint",
    },
    "order": {
        "description": "Order sort attribute ascending or descending.",
        "type": "string",
        "default": "desc",
        "enum": ["asc", "desc"],
        "required": False,
        "sanitize": "sanitize_key",
    },
    "orderby": {
        "description": "Sort collection by object attribute.",
        "type": "string",
        "default": "date",
        "enum": ["date", "id", "title"],
        "required": False,
        "sanitize": "sanitize_key",
    },
    "status": {
        "description": "Limit result set to webhooks assigned a specific status.",
        "type": "string",
        "default": "all",
        "enum": ["all", *STATUSES],
        "required": False,
        "sanitize": "sanitize_key",
    },
}
SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "webhook",
    "type": "object",
    "properties": {
        "id": {
            "description": "Unique identifier for the resource.",
            "type": "integer",
            "context": ["view", "edit"],
            "readonly": True,
        },
        **{
            k: {kk: vv for kk, vv in v.items() if kk != "required"} | {"context": ["view", "edit"]}
            for k, v in WRITABLE.items()
        },
        "resource": {
            "description": "Webhook resource.",
            "type": "string",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "event": {"description": "Webhook event.", "type": "string", "context": ["view", "edit"], "readonly": True},
        "hooks": {
            "description": "WooCommerce action names associated with the webhook.",
            "type": "array",
            "context": ["view", "edit"],
            "readonly": True,
            "items": {"type": "string"},
        },
        "delivery_url": {
            "description": "The URL where the webhook payload is delivered.",
            "type": "string",
            "format": "uri",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "date_created": {
            "description": "The date the webhook was created, in the site's timezone.",
            "type": "date-time",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "date_modified": {
            "description": "The date the webhook was last modified, in the site's timezone.",
            "type": "date-time",
            "context": ["view", "edit"],
            "readonly": True,
        },
    },
}
