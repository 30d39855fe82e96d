"""The webhooks resource: ``/wc/v2|v3/webhooks``, and the deliveries that follow store changes.

models (the record, topics, the deliverer), backend (storage), routes (the table and handlers),
deliveries (a store's changes turned into signed POSTs, with each topic's payload renderer).
"""

from __future__ import annotations

from wcmock.resources.base import Resource
from wcmock.resources.webhooks import openapi, routes, schemas
from wcmock.resources.webhooks.backend import NAME, SINCE

RESOURCE = Resource(
    name=NAME,
    mount=routes.mount,
    since=SINCE,
    schema_files=schemas.files,
    response_kinds=schemas.KINDS,
    openapi_paths=openapi.paths,
    openapi_schemas=openapi.schemas,
)
