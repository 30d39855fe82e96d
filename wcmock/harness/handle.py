"""``WcmockStore``: one store and what a test holds of it — its URL and keys, its data, journal,
faults, clock, webhook deliveries and snapshots. The hub makes one per store; the pytest plugin
hands it to tests; the control API calls the same methods over HTTP."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from wcmock import fixtures
from wcmock.clock import Clock
from wcmock.harness.faults import Fault, FaultSet
from wcmock.harness.journal import Journal, JournalEntry
from wcmock.resources import RESOURCES
from wcmock.resources.base import Mount
from wcmock.resources.customers.backend import TOPIC, customers_of
from wcmock.resources.customers.models import Customer
from wcmock.resources.customers.seed import customer_from
from wcmock.resources.orders.backend import CREATE_DEFAULTS, Actor
from wcmock.resources.orders.models import Order
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.products.backend import products_of
from wcmock.resources.products.models import Product
from wcmock.resources.products.seed import product_from
from wcmock.resources.webhooks.deliveries import WebhookDeliveries
from wcmock.rest.index import index_routes
from wcmock.rest.server import RestServer, Route
from wcmock.store import ApiKey, Store, StoreState


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


class WcmockStore:
    """One store and everything a test needs around it: its data, journal, faults, clock, webhook
    deliveries and snapshots (the control API calls these), and, once served, its URL and keys.

    Built in plain order: deliveries, then the routes (each resource registers its webhook payloads
    with the deliveries), then the REST server. ``url`` is the site URL to give a client
    (``woocommerce.API(url=store.url, …)``); clients add ``/wp-json/…`` themselves. Over HTTPS,
    ``ca_file`` is the CA certificate to trust.
    """

    def __init__(self, name: str, store: Store, *, validation: str = "strict") -> None:
        self.name = name
        self.store = store
        self.url = f"http://127.0.0.1/stores/{name}"  # until served_at() names the server
        self.ca_file: str | None = None
        self._app: Any = None
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

    def served_at(self, server_url: str, *, app: Any, ca_file: str | None = None) -> WcmockStore:
        """Say where the store is served (the pytest plugin does, before each test)."""
        self.url = f"{server_url}/stores/{self.name}"
        self._app = app
        self.ca_file = ca_file
        return self

    @property
    def clock(self) -> Clock:
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

    def add_order(self, **fields: Any) -> Order:
        """An order made as ``POST /wc/v3/orders`` makes it: line items from the products, totals,
        ``set_paid`` and the status's effects (stock, sales, notes, the customer's numbers, webhooks)."""
        orders = orders_of(self.store)
        with self.store.lock, orders.command():
            return orders.create({**CREATE_DEFAULTS, **fields}, Actor())

    def add_product(self, **fields: Any) -> Product:
        """A product written as a fixture record (the fields of a ``wc/v3`` create, plus ``id``,
        ``total_sales`` and dates), through WooCommerce's write rules; ``product.created`` fires."""
        with self.store.lock:
            products = products_of(self.store)
            product = products.add(product_from(fields, products))
            products.announce("created", product)
        return product

    def get_product(self, product_id: int) -> Product | None:
        return products_of(self.store).get(product_id)

    def products(self) -> list[Product]:
        return list(products_of(self.store))

    def get_customer(self, customer_id: int) -> Customer | None:
        found = customers_of(self.store).lookup(customer_id)
        return found.copy() if found else None

    def customers(self) -> list[Customer]:
        return [c.copy() for c in self.store]

    # ------------------------------------------------------------------ connection details

    @property
    def consumer_key(self) -> str:
        return self.key.consumer_key

    @property
    def consumer_secret(self) -> str:
        return self.key.consumer_secret

    @property
    def auth(self) -> tuple[str, str]:
        return self.consumer_key, self.consumer_secret

    @property
    def api_keys(self) -> list[ApiKey]:
        """Every key of the store, the one ``consumer_key`` names first."""
        return list(self.store.keys.values())

    @property
    def dashboard_url(self) -> str:
        """This store's dashboard: open it while the test stops at a breakpoint to see what it holds."""
        return f"{self.url}/__wcmock__/"

    def api_url(self, version: str = "v3") -> str:
        return f"{self.url}/wp-json/wc/{version.removeprefix('wc/')}"

    def test_client(self) -> Any:
        """An in-process client for this store (Starlette's TestClient; no socket)."""
        from starlette.testclient import TestClient

        if self._app is None:
            raise RuntimeError(f"store {self.name!r} is not served yet: call served_at(url, app=...) first")

        token = base64.b64encode(f"{self.consumer_key}:{self.consumer_secret}".encode()).decode()
        return TestClient(
            self._app, base_url=f"http://testserver/stores/{self.name}", headers={"Authorization": f"Basic {token}"}
        )

    # ------------------------------------------------------------------ journal, faults, clock

    def requests(self) -> list[JournalEntry]:
        return self.journal.entries()

    def assert_requested(self, method: str, path: str, **expected: Any) -> list[JournalEntry]:
        return self.journal.assert_requested(method, path, **expected)

    def assert_not_requested(self, method: str, path: str, **expected: Any) -> None:
        self.journal.assert_not_requested(method, path, **expected)

    def add_fault(self, action: str, **spec: Any) -> Fault:
        return self.faults.add(action=action, **spec)
