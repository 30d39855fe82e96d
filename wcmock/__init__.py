"""wcmock: a faithful, stateful, in-memory fake of the WooCommerce REST API (customers).

Public API::

    create_app(...)   a Starlette app serving one fake store
    build_store(...)  a store loaded from fixture files
    Store, Customer   the in-memory state
    LiveServer        the app on a real socket, in a thread
"""

from __future__ import annotations

from wcmock.app import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
from wcmock.errors import RestError
from wcmock.fixtures import build_store
from wcmock.resources.customers.listing import CustomerQuery
from wcmock.resources.customers.models import Customer
from wcmock.server import LiveServer
from wcmock.settings import Settings
from wcmock.store import ApiKey, Store

__all__ = [
    "DEFAULT_CONSUMER_KEY",
    "DEFAULT_CONSUMER_SECRET",
    "ApiKey",
    "Customer",
    "CustomerQuery",
    "LiveServer",
    "RestError",
    "Settings",
    "Store",
    "build_store",
    "create_app",
]
