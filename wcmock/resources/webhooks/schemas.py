"""The webhooks' files under ``schemas/``: a webhook, a list and a batch answer, per version that serves them.

Written from the fields a real store renders (``WC_REST_Webhooks_V1_Controller::prepare_item_for_response``);
every webhooks answer is checked against them before it leaves, as customers' answers are.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.webhooks.backend import SINCE
from wcmock.resources.webhooks.models import STATUSES
from wcmock.rest.schema import closed, document, links_of
from wcmock.versions import since

DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"}
NULLABLE_DATE = {"type": ["string", "null"], "pattern": DATE["pattern"]}


def webhook(version: str) -> dict[str, Any]:
    body = closed(
        {
            "id": {"type": "integer", "minimum": 1},
            "name": {"type": "string"},
            "status": {"enum": list(STATUSES)},
            "topic": {"type": "string"},
            "resource": {"type": "string"},
            "event": {"type": "string"},
            "hooks": {"type": "array", "items": {"type": "string"}},
            "delivery_url": {"type": "string"},
            "date_created": DATE,
            "date_created_gmt": DATE,
            "date_modified": NULLABLE_DATE,
            "date_modified_gmt": NULLABLE_DATE,
        }
    )
    body["properties"]["_links"] = {"$ref": "../common/webhook-links.json"}
    return document(f"{version}/webhook.json", f"webhook ({version})", body, "`_links` is added by the REST server.")


def files() -> dict[str, dict[str, Any]]:
    out = {
        "common/webhook-links.json": document(
            "common/webhook-links.json", "webhook links", links_of("self", "collection")
        )
    }
    for version in since(SINCE):
        item = {"$ref": "webhook.json", "required": ["_links"]}
        batch_item = {
            "if": {"type": "object", "required": ["error"]},
            "then": {"$ref": "../common/batch-error.json"},
            "else": item,
        }
        batch = {
            "type": ["object", "array"],
            "maxItems": 0,
            "properties": {name: {"type": "array", "items": batch_item} for name in ("create", "update", "delete")},
            "additionalProperties": False,
        }
        docs = [
            webhook(version),
            document(f"{version}/webhooks.json", f"webhook list ({version})", {"type": "array", "items": item}),
            document(
                f"{version}/webhook.batch.response.json",
                f"webhook batch response ({version})",
                batch,
                "Lists of created, updated and deleted webhooks (each one or its error); an empty batch answers [].",
            ),
        ]
        out.update({doc["$id"].split("/schemas/", 1)[1]: doc for doc in docs})
    return out
