"""The customers resource: ``/wc/v1|v2|v3/customers``, the REST view of WordPress's users.

models (the record), fields and listing (WooCommerce's rules), backend (commands), views (one
class per version), args (the arguments real stores publish), routes (the table and thin
handlers), seed (fixture records in and out).
"""

from __future__ import annotations

from wcmock.resources.base import Resource
from wcmock.resources.customers import openapi, routes, schemas, seed
from wcmock.resources.customers.backend import NAME
from wcmock.resources.customers.fixture_schema import FIXTURE_DEFS, FIXTURE_PROPERTIES

RESOURCE = Resource(
    name=NAME,
    mount=routes.mount,
    fixture_properties=FIXTURE_PROPERTIES,
    fixture_defs=FIXTURE_DEFS,
    load=seed.load,
    dump=seed.dump,
    schema_files=schemas.files,
    openapi_paths=openapi.paths,
    response_kinds={
        "customer": "{version}/customer.{context}.json",
        "customers": "{version}/customers.json",
        "download": "{version}/download.json",
        "downloads": "{version}/downloads.json",
        "batch": "{version}/batch.response.json",
    },
    request_kinds={
        "create": "{version}/customer.create.json",
        "update": "{version}/customer.update.json",
        "batch": "{version}/batch.request.json",
        "query": "{version}/customers.query.json",
    },
)
