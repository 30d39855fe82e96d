"""The webhooks resource: ``/wc/v1|v2|v3/webhooks``, and the deliveries that follow store changes.

models (the record, topics, the deliverer), backend (storage), routes (the table and handlers),
deliveries (a store's changes turned into signed POSTs, with each topic's payload renderer).
"""

from __future__ import annotations

from wcmock.resources.base import Resource, later
from wcmock.resources.webhooks import schemas
from wcmock.resources.webhooks.backend import NAME, SINCE

_HERE = __name__  # routes and OpenAPI paths are imported when first used (``later``)

RESOURCE = Resource(
    name=NAME,
    mount=later(f"{_HERE}.routes", "mount"),
    paths=("webhooks",),
    since=SINCE,
    schema_files=schemas.files,
    response_kinds=schemas.KINDS,
    openapi_paths=later(f"{_HERE}.openapi", "paths"),
    openapi_schemas=later(f"{_HERE}.openapi", "schemas"),
)
