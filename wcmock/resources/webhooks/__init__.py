"""The webhooks resource: ``/wc/v1|v2|v3/webhooks``, and the deliveries that follow store changes.

models (the record, topics, the deliverer), backend (storage), routes (the table and handlers),
deliveries (a store's changes turned into signed POSTs, with each topic's payload renderer).
"""

from __future__ import annotations

from wcmock.resources.base import Resource, later

_HERE = __name__  # its modules are imported when first used (``later``)

RESOURCE = Resource(
    name="webhooks",  # the backend's NAME (tests/test_mounting.py checks they agree)
    mount=later(f"{_HERE}.routes", "mount"),
    paths=("webhooks",),
    since="v2",  # the backend's SINCE: wc/v1 serves no webhooks
    schema_files=later(f"{_HERE}.schemas", "files"),
    response_kinds={
        "webhook": "{version}/webhook.json",
        "webhooks": "{version}/webhooks.json",
        "webhook_batch": "{version}/webhook.batch.response.json",
    },
    openapi_paths=later(f"{_HERE}.openapi", "paths"),
    openapi_schemas=later(f"{_HERE}.openapi", "schemas"),
)
