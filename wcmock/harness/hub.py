"""Many stores, one server: each store with its own route table, journal, faults and snapshots.

A store is reached at ``/stores/<name>/wp-json/…`` (the default one also at ``/wp-json/…``), so
parallel CI jobs can share one standalone server without seeing each other's data.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wcmock import fixtures
from wcmock.harness.faults import FaultSet
from wcmock.harness.journal import Journal
from wcmock.resources.customers.models import Customer, Settings
from wcmock.resources.customers.routes import customer_resources
from wcmock.resources.webhooks.deliveries import WebhookDeliveries
from wcmock.resources.webhooks.routes import WebhooksResource
from wcmock.rest.auth import install_keys
from wcmock.rest.index import index_routes
from wcmock.rest.server import RestServer, Route
from wcmock.store import ApiKey, Store, StoreState
from wcmock.validation import VALIDATION_MODES

DEFAULT = "default"
STORE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def rest_routes(store: Store, validation: str, deliveries: Callable[[dict[str, Any]], Any]) -> list[Route]:
    """Every route of one store: customers (v1-v3), webhooks (v2, v3) and the indexes.

    ``deliveries`` builds the store's webhook delivery service from the customers resources (it
    renders payloads with them).
    """
    settings = store.settings
    customers = customer_resources(
        settings,
        username_required=not settings.generate_username,
        password_required=not settings.generate_password,
        validation=validation,
    )
    service = deliveries({resource.version: resource for resource in customers})
    webhooks = [WebhooksResource(version, service) for version in ("v2", "v3")]
    routes = [route for resource in customers for route in resource.routes]
    routes += [route for resource in webhooks for route in resource.routes]
    return index_routes(routes, settings) + routes


class StoreHandle:
    """One store and everything a test needs around it, in Python (the control API calls these)."""

    def __init__(self, name: str, store: Store, *, validation: str = "strict") -> None:
        self.name = name
        self.store = store
        self.home = "http://127.0.0.1"  # the site URL last seen in a request: webhook payloads link to it
        self.deliveries: WebhookDeliveries | None = None

        def deliveries(resources: dict[str, Any]) -> WebhookDeliveries:
            self.deliveries = WebhookDeliveries(
                store, resources, lambda: self.home, timeout=store.settings.webhook_timeout
            )
            return self.deliveries

        self.server = RestServer(store, rest_routes(store, validation, deliveries), validation=validation)
        self.journal = Journal()
        self.faults = FaultSet()
        for spec in store.fixture_faults:
            self.faults.add(**spec)
        self.snapshots: dict[str, StoreState] = {}

    @property
    def clock(self) -> Any:
        return self.store.clock

    @property
    def key(self) -> ApiKey:
        """The store's first API key; while a test has deleted every key's owner, the loaded state's
        first key (it authenticates nothing then, as on a real store, but stays a key to show)."""
        found = next(iter(self.store.keys.values()), None)
        if found is None and self.store.initial is not None:
            found = next(iter(self.store.initial.keys.values()), None)
        return found or ApiKey("", "", 0)

    def reset(self) -> None:
        """Back to the loaded state: data, journal, faults, clock and snapshots."""
        self.store.reset()
        if self.deliveries is not None:
            self.deliveries.clear()
        self.journal.clear()
        self.faults.clear()
        for spec in self.store.fixture_faults:
            self.faults.add(**spec)
        self.clock.reset()
        if self.store.settings.now:
            self.clock.freeze(self.store.settings.now)
        self.snapshots.clear()

    def load(self, fixture: dict[str, Any] | str | Path) -> int:
        """Add a fixture's customers and keys to the current state; returns how many users there are now."""
        data = fixture if isinstance(fixture, dict) else fixtures.read(fixture)
        with self.store.lock:
            fixtures.load(self.store, data)
        for spec in data.get("faults") or []:
            self.faults.add(**spec)
        return len(self.store)

    def wait_for_deliveries(self, timeout: float = 10.0) -> list[Any]:
        """Block until every webhook delivery queued so far has been attempted; returns all attempts."""
        assert self.deliveries is not None
        if not self.deliveries.wait(timeout):
            raise TimeoutError(f"webhook deliveries still pending after {timeout} s")
        return self.deliveries.attempts()

    def snapshot(self, name: str) -> None:
        self.snapshots[name] = self.store.capture()

    def restore(self, name: str) -> None:
        if name not in self.snapshots:
            raise KeyError(f"no snapshot named {name!r} (have: {', '.join(sorted(self.snapshots)) or 'none'})")
        self.store.restore(self.snapshots[name])

    def dump(self) -> dict[str, Any]:
        """The current state as a fixture file, so it can be saved and loaded again."""
        return fixtures.dump(self.store)

    def add_customer(self, **fields: Any) -> Customer:
        with self.store.lock:
            customer = fixtures.customer_from(fields, self.store)
            self.store.add(customer)
            self.store.announce("created", customer)  # webhooks fire as for a customer created over REST
            self.store.announce("updated", customer)
        return customer.copy()

    def get_customer(self, customer_id: int) -> Customer | None:
        found = self.store.lookup(customer_id)
        return found.copy() if found else None

    def customers(self) -> list[Customer]:
        return [c.copy() for c in self.store]


class Hub:
    """Named stores; creating one from already-loaded fixture data shares its records (no copying)."""

    def __init__(self, *, validation: str = "strict") -> None:
        if validation not in VALIDATION_MODES:
            raise ValueError(f"validation must be one of {', '.join(VALIDATION_MODES)}")
        self.validation = validation
        self._handles: dict[str, StoreHandle] = {}
        self._lock = threading.Lock()

    def add(self, name: str, store: Store) -> StoreHandle:
        if not STORE_NAME.match(name):
            raise ValueError(f"store name {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
        handle = StoreHandle(name, store, validation=self.validation)
        with self._lock:
            if name in self._handles:
                raise ValueError(f"a store named {name!r} already exists")
            self._handles[name] = handle
        return handle

    def create(
        self,
        name: str,
        *,
        fixture_names: list[str | Path] | None = None,
        seed: int = 0,
        settings: Settings | None = None,
        consumer_key: str | None = None,
        consumer_secret: str | None = None,
        api_keys: Sequence[ApiKey | str | Mapping[str, Any]] = (),
    ) -> StoreHandle:
        store = fixtures.build_store(list(fixture_names or ["default"]), seed=seed, settings=settings)
        if api_keys:
            install_keys(store, api_keys)
            store.mark_initial()
        ensure_key(store, consumer_key, consumer_secret)
        return self.add(name, store)

    def clone(self, name: str, source: str) -> StoreHandle:
        """A new store starting from ``source``'s loaded state, in O(1) record copies."""
        template = self.get(source)
        store = Store(settings=copy.copy(template.store.settings), seed=template.store.seed)
        if template.store._initial is not None:
            store._initial = template.store._initial
            store.reset()
        return self.add(name, store)

    def get(self, name: str) -> StoreHandle:
        handle = self._handles.get(name)
        if handle is None:
            raise KeyError(name)
        return handle

    def find(self, name: str) -> StoreHandle | None:
        return self._handles.get(name)

    def drop(self, name: str) -> None:
        if name == DEFAULT:
            raise ValueError("the default store cannot be dropped")
        with self._lock:
            if self._handles.pop(name, None) is None:
                raise KeyError(name)

    def names(self) -> list[str]:
        return list(self._handles)


DEFAULT_CONSUMER_KEY = "ck_a4503c29712b22f914b6d9cabeacb544fb56b6ba"
DEFAULT_CONSUMER_SECRET = "cs_d9df5dc8616f8f0cede382a55d960844e9aee563"


def ensure_key(store: Store, consumer_key: str | None, consumer_secret: str | None) -> ApiKey:
    """The key clients use: the given one, else the fixture's first, else wcmock's documented default."""
    if consumer_key or consumer_secret or not store.keys:
        owner = next((c.id for c in store if c.role == "administrator"), None)
        if owner is None:
            raise ValueError("an API key needs an owner: add an administrator to the fixtures")
        key = store.add_key(
            ApiKey(consumer_key or DEFAULT_CONSUMER_KEY, consumer_secret or DEFAULT_CONSUMER_SECRET, owner)
        )
        store.mark_initial()
        return key
    return next(iter(store.keys.values()))
