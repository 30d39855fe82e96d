"""The orders resource: ``/wc/v1|v2|v3/orders`` with their notes and refunds (issue 14).

models (records), money and totals (WooCommerce's arithmetic), items, transitions and refunds
(its rules), query (lists), backend (commands), views (one class per version), schemas and args
(what real stores publish), routes (the table and thin handlers), shell (how a store's backend is
made), seed (fixture records in and out).
"""

from __future__ import annotations

from wcmock.resources.base import Resource, later
from wcmock.resources.orders.fixture_schema import FIXTURE_DEFS, FIXTURE_PROPERTIES

_HERE = __name__  # its modules are imported when first used (``later``)

RESOURCE = Resource(
    name="orders",  # the backend's NAME (tests/test_resources.py checks they agree)
    mount=later(f"{_HERE}.routes", "mount"),
    paths=("orders", "refunds"),
    fixture_properties=FIXTURE_PROPERTIES,
    fixture_defs=FIXTURE_DEFS,
    load=later(f"{_HERE}.seed", "load"),
    dump=later(f"{_HERE}.seed", "dump"),
    schema_files=later(f"{_HERE}.schemas", "files"),
    openapi_paths=later(f"{_HERE}.openapi", "paths"),
    response_kinds={
        "order": "{version}/order.json",
        "orders": "{version}/orders.json",
        "orders_batch": "{version}/orders-batch.response.json",
        "order_note": "{version}/order-note.json",
        "order_notes": "{version}/order-notes.json",
        "order_refund": "{version}/order-refund.json",
        "order_refunds": "{version}/order-refunds.json",
        "refunds": "{version}/refunds.json",
    },
    request_kinds={
        "order_create": "{version}/order.create.json",
        "order_update": "{version}/order.update.json",
        "orders_batch": "{version}/orders-batch.request.json",
        "orders_query": "{version}/orders.query.json",
        "order_note_create": "{version}/order-note.create.json",
        "order_refund_create": "{version}/order-refund.create.json",
    },
)
