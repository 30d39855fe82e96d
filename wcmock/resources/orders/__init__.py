"""The orders resource: ``/wc/v1|v2|v3/orders`` with their notes and refunds (issue 14).

models (records), money and totals (WooCommerce's arithmetic), items, transitions and refunds
(its rules), query (lists), backend (commands), views (one class per version), schemas and args
(what real stores publish), routes (the table and thin handlers), shell (how a store's backend is
made), seed (fixture records in and out).
"""

from __future__ import annotations

from wcmock.resources.base import Resource
from wcmock.resources.orders import routes, seed
from wcmock.resources.orders.backend import NAME
from wcmock.resources.orders.fixture_schema import FIXTURE_DEFS, FIXTURE_PROPERTIES

RESOURCE = Resource(
    name=NAME,
    mount=routes.mount,
    fixture_properties=FIXTURE_PROPERTIES,
    fixture_defs=FIXTURE_DEFS,
    load=seed.load,
    dump=seed.dump,
)
