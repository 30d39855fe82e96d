"""Many stores, one server: each store with its own route table, journal, faults and snapshots.

A store is reached at ``/stores/<name>/wp-json/…`` (the default one also at ``/wp-json/…``), so
parallel CI jobs can share one standalone server without seeing each other's data.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wcmock import fixtures
from wcmock.harness.faults import FaultSet
from wcmock.harness.journal import Journal
from wcmock.resources import RESOURCES
from wcmock.resources.base import Mount
from wcmock.resources.customers.backend import TOPIC, customers_of
from wcmock.resources.customers.models import Customer
from wcmock.resources.customers.seed import customer_from
from wcmock.resources.webhooks.deliveries import WebhookDeliveries
from wcmock.rest.auth import install_keys
from wcmock.rest.index import index_routes
from wcmock.rest.server import RestServer, Route
from wcmock.settings import Settings
from wcmock.store import ApiKey, Store, StoreState
from wcmock.validation import VALIDATION_MODES

DEFAULT = "default"
STORE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def rest_routes(store: Store, *, validation: str, deliveries: WebhookDeliveries) -> list[Route]:
    """Every route of one store: each registered resource's, then the indexes; each resource's
    webhook payload renderers are handed to ``deliveries``."""
    routes: list[Route] = []
    context = Mount(validation=validation, deliveries=deliveries)
    for resource in RESOURCES:
        mounted = resource.mount(store, context)
        routes += mounted.routes
        deliveries.payloads.update(mounted.payloads)
    return index_routes(routes, store.settings) + routes


class StoreHandle:
    """One store and everything a test needs around it, in Python (the control API calls these)."""

    def __init__(self, name: str, store: Store, *, validation: str = "strict") -> None:
        self.name = name
        self.store = store
        self.home = "http://127.0.0.1"  # the site URL last seen in a request: webhook payloads link to it
        self.deliveries = WebhookDeliveries(store, lambda: self.home, timeout=store.settings.webhook_timeout)
        self.server = RestServer(
            store, rest_routes(store, validation=validation, deliveries=self.deliveries), validation=validation
        )
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
        if found is None:
            found = next(iter(self.store.initial.keys.values()), None)
        return found or ApiKey("", "", 0)

    def reset(self) -> None:
        """Back to the loaded state: data, journal, faults, clock and snapshots."""
        self.store.reset()
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
            customer = customer_from(fields, self.store)
            customers_of(self.store).add(customer)
            self.store.announce(TOPIC, "created", customer)  # webhooks fire as for a customer created over REST
            self.store.announce(TOPIC, "updated", customer)
        return customer.copy()

    def get_customer(self, customer_id: int) -> Customer | None:
        found = customers_of(self.store).lookup(customer_id)
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
        store: Store | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> StoreHandle:
        """A new store from fixture files (or ``store`` as given), with its keys, under ``name``."""
        return self.add(
            name,
            build(
                fixture_names=fixture_names,
                seed=seed,
                settings=settings,
                consumer_key=consumer_key,
                consumer_secret=consumer_secret,
                api_keys=api_keys,
                store=store,
                overrides=overrides,
            ),
        )

    def clone(self, name: str, source: str) -> StoreHandle:
        """A new store starting from ``source``'s loaded state, in O(1) record copies."""
        template = self.get(source).store
        store = Store(settings=copy.copy(template.settings), seed=template.seed, initial=template.initial)
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


def build(
    *,
    fixture_names: list[str | Path] | None = None,
    seed: int = 0,
    settings: Settings | None = None,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    api_keys: Sequence[ApiKey | str | Mapping[str, Any]] = (),
    store: Store | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Store:
    """A store as the hub and ``create_app`` make one: from fixtures (default: the bundled ``default``)
    or as given, fixture-style setting ``overrides`` applied, keys installed; all part of the state
    ``reset()`` returns to."""

    def keys(store: Store) -> None:
        if overrides:
            fixtures.settings_from({"settings": dict(overrides)}, store.settings)
        if api_keys:
            install_keys(store, api_keys)
        ensure_key(store, consumer_key, consumer_secret)

    if store is None:
        return fixtures.build_store(list(fixture_names or ["default"]), seed=seed, settings=settings, setup=keys)
    store.amend_initial(keys)
    return store


def ensure_key(store: Store, consumer_key: str | None, consumer_secret: str | None) -> ApiKey:
    """The key clients use: the given one, else the fixture's first, else wcmock's documented default."""
    if consumer_key or consumer_secret or not store.keys:
        owner = store.users.first_administrator()
        if owner is None:
            raise ValueError("an API key needs an owner: add an administrator to the fixtures")
        return store.add_key(
            ApiKey(consumer_key or DEFAULT_CONSUMER_KEY, consumer_secret or DEFAULT_CONSUMER_SECRET, owner.id)
        )
    return next(iter(store.keys.values()))
