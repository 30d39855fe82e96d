"""wcmock: a faithful, stateful, in-memory fake of the WooCommerce REST API, for contract testing.

Public API (``__all__``; ``tests/test_public_api.py`` fails when a name appears or disappears)::

    create_app(...)                   a Starlette app serving one fake store (and more under /stores/<name>)
    LiveServer(app)                   that app on a real socket, in a thread
    DEFAULT_CONSUMER_KEY / _SECRET    the key a store gets when nothing else names one
    build_store(...)                  a store loaded from fixture files
    Store, Settings, ApiKey           the store shell, its settings, a WooCommerce API key
    Customer, CustomerQuery           a customer record, a customer list query
    WcmockStore                       what the pytest plugin's ``wcmock`` fixture is
    install_keys(store, specs)        add API keys (``CK:CS[:USER_ID[:PERMISSION]]``, mappings)
    validate_customer / validate_request / validate_response, SchemaViolation
                                      check payloads against ``schemas/``
    RestError, FixtureError           the errors wcmock raises (see ``wcmock.errors``)

Names are imported on first use (PEP 562): pytest imports the plugin, and so this package, in every
run of every project that has wcmock installed, and most never touch Starlette, uvicorn, click,
jsonschema or Faker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> the module that defines it
_EXPORTS = {
    "DEFAULT_CONSUMER_KEY": "wcmock.harness.hub",
    "DEFAULT_CONSUMER_SECRET": "wcmock.harness.hub",
    "ApiKey": "wcmock.store",
    "Customer": "wcmock.resources.customers.models",
    "CustomerQuery": "wcmock.resources.customers.listing",
    "FixtureError": "wcmock.errors",
    "LiveServer": "wcmock.server",
    "RestError": "wcmock.errors",
    "SchemaViolation": "wcmock.validation",
    "Settings": "wcmock.settings",
    "Store": "wcmock.store",
    "WcmockStore": "wcmock.harness.handle",
    "build_store": "wcmock.fixtures",
    "create_app": "wcmock.app",
    "install_keys": "wcmock.rest.auth",
    "validate_customer": "wcmock.validation",
    "validate_request": "wcmock.validation",
    "validate_response": "wcmock.validation",
}

__all__ = [
    "DEFAULT_CONSUMER_KEY",
    "DEFAULT_CONSUMER_SECRET",
    "ApiKey",
    "Customer",
    "CustomerQuery",
    "FixtureError",
    "LiveServer",
    "RestError",
    "SchemaViolation",
    "Settings",
    "Store",
    "WcmockStore",
    "build_store",
    "create_app",
    "install_keys",
    "validate_customer",
    "validate_request",
    "validate_response",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ imports on demand
    from wcmock.app import create_app
    from wcmock.errors import FixtureError, RestError
    from wcmock.fixtures import build_store
    from wcmock.harness.handle import WcmockStore
    from wcmock.harness.hub import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET
    from wcmock.resources.customers.listing import CustomerQuery
    from wcmock.resources.customers.models import Customer
    from wcmock.rest.auth import install_keys
    from wcmock.server import LiveServer
    from wcmock.settings import Settings
    from wcmock.store import ApiKey, Store
    from wcmock.validation import SchemaViolation, validate_customer, validate_request, validate_response


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wcmock' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return list(__all__)
