"""The customers resource: ``/wc/v1|v2|v3/customers``, the REST view of WordPress's users.

models (the record), fields and listing (WooCommerce's rules), backend (commands), views (one
class per version), args (the arguments real stores publish), routes (the table and thin
handlers), seed (fixture records in and out).
"""

from __future__ import annotations

from wcmock.resources.base import Resource, later
from wcmock.resources.customers.fixture_schema import FIXTURE_DEFS, FIXTURE_PROPERTIES

_HERE = __name__  # its modules are imported when first used (``later``)

RESOURCE = Resource(
    name="customers",  # the backend's NAME (tests/test_resources.py checks they agree)
    mount=later(f"{_HERE}.routes", "mount"),
    paths=("customers",),
    fixture_properties=FIXTURE_PROPERTIES,
    fixture_defs=FIXTURE_DEFS,
    load=later(f"{_HERE}.seed", "load"),
    dump=later(f"{_HERE}.seed", "dump"),
    schema_files=later(f"{_HERE}.schemas", "files"),
    openapi_paths=later(f"{_HERE}.openapi", "paths"),
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
