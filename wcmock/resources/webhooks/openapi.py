"""The webhooks routes in wcmock's OpenAPI document, and their shapes.

The webhooks resource has no file under ``schemas/``: its shapes, from the fields a real store
renders, are written out here and added to the document's components.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.webhooks.args import COLLECTION_ARGS as WEBHOOK_COLLECTION_ARGS
from wcmock.resources.webhooks.args import CONTEXT as WEBHOOK_CONTEXT
from wcmock.resources.webhooks.models import STATUSES
from wcmock.rest.openapi import JSON, PAGING_HEADERS, alike, operation, options, param, ref, responses


def schemas() -> dict[str, Any]:
    """The request bodies (the answers' shapes are files under ``schemas/``: see ``schemas.py``)."""
    writable = {
        name: {"type": "string", **({"enum": list(STATUSES)} if name == "status" else {})}
        for name in ("name", "status", "topic", "secret", "delivery_url")
    }
    return {
        "webhook.create": {"type": "object", "properties": writable, "required": ["topic", "delivery_url"]},
        "webhook.update": {"type": "object", "properties": writable},
        "webhook.batch.request": {
            "type": "object",
            "properties": {
                "create": {"type": "array", "items": {"$ref": "#/components/schemas/webhook.create"}},
                "update": {
                    "type": "array",
                    "items": {
                        "allOf": [{"$ref": "#/components/schemas/webhook.update"}],
                        "properties": {"id": {"type": "integer"}},
                        "required": ["id"],
                    },
                },
                "delete": {"type": "array", "items": {"type": "integer"}},
            },
        },
    }


def paths(version: str) -> dict[str, Any]:
    base = f"/wp-json/wc/{version}/webhooks"
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
    one = {"description": "The webhook.", "content": {JSON: {"schema": ref(f"{version}/webhook.json")}}}

    def body(name: str, description: str) -> dict[str, Any]:
        return {
            "required": True,
            "description": description,
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }

    update = alike(
        ("put", "patch", "post"),
        f"{version}_{{method}}_webhook",
        "Update a webhook (PUT, PATCH and POST behave alike)",
        responses("200", one, "400", "401", "403", "404"),
        body("webhook.update", "The fields to change."),
    )
    batch_answer = {
        "description": "Each item's result or error.",
        "content": {JSON: {"schema": ref(f"{version}/webhook.batch.response.json")}},
    }
    batch = alike(
        ("post", "put", "patch"),
        f"{version}_{{method}}_webhooks_batch",
        "Create, update and delete webhooks in one request (at most 100 items)",
        responses("200", batch_answer, "400", "401", "403", "413"),
        body("webhook.batch.request", "Webhooks to create, update and delete."),
    )
    listed = {
        "description": "One page of webhooks.",
        "headers": PAGING_HEADERS,
        "content": {JSON: {"schema": ref(f"{version}/webhooks.json")}},
    }
    created = {**one, "headers": {"Location": {"description": "The new webhook's URL.", "schema": {"type": "string"}}}}
    return {
        base: {
            "get": operation(
                f"{version}_list_webhooks",
                "List webhooks",
                responses("200", listed, "400", "401", "403"),
                parameters=[param(name, arg) for name, arg in WEBHOOK_COLLECTION_ARGS.items()],
            ),
            "post": operation(
                f"{version}_create_webhook",
                "Create a webhook (a real store pings its delivery URL)",
                responses("201", created, "400", "401", "403"),
                requestBody=body("webhook.create", "The new webhook; `topic` and `delivery_url` are required."),
            ),
            "options": options(f"{version}_options_webhooks"),
        },
        base + "/{id}": {
            "parameters": [item_id],
            "get": operation(
                f"{version}_read_webhook",
                "Retrieve a webhook",
                responses("200", one, "400", "401", "403", "404"),
                parameters=[param("context", WEBHOOK_CONTEXT)],
            ),
            **update,
            "delete": operation(
                f"{version}_delete_webhook",
                "Delete a webhook (force=true is required)",
                responses("200", one, "400", "401", "403", "404", "501"),
                parameters=[{"name": "force", "in": "query", "required": False, "schema": {"type": "boolean"}}],
            ),
            "options": options(f"{version}_options_webhook"),
        },
        base + "/batch": {**batch, "options": options(f"{version}_options_webhooks_batch")},
    }
