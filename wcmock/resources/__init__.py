"""The registry of resources: adding a resource is one folder under ``resources/`` and one line here.

Each entry is the ``RESOURCE`` a package exports (see :class:`wcmock.resources.base.Resource`);
routes are mounted, fixtures loaded and dumped, schemas and the OpenAPI document built in this order.
"""

from __future__ import annotations

from wcmock.resources import customers, orders, products, webhooks
from wcmock.resources.base import Resource

RESOURCES: tuple[Resource, ...] = (
    customers.RESOURCE,
    products.RESOURCE,
    webhooks.RESOURCE,
    orders.RESOURCE,
)
