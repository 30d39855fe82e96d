"""``WcmockStore``: one store and what a test holds of it — its URL and keys, its data, journal,
faults, clock, webhook deliveries and snapshots. The hub makes one per store; the pytest plugin
hands it to tests; the control API calls the same methods over HTTP."""

from __future__ import annotations

import base64
from copy import copy
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from wcmock import fixtures
from wcmock.clock import Clock
from wcmock.errors import FixtureError
from wcmock.fixture_format import problems
from wcmock.harness.faults import Fault, FaultError, FaultSet
from wcmock.harness.faults import build as build_fault
from wcmock.harness.journal import Journal, JournalEntry
from wcmock.resources import RESOURCES
from wcmock.resources.base import Mount
from wcmock.resources.customers.backend import TOPIC, customers_of
from wcmock.resources.customers.fixture_schema import CUSTOMER
from wcmock.resources.customers.models import Customer
from wcmock.resources.customers.seed import customer_from, email_acceptable
from wcmock.resources.webhooks.deliveries import WebhookDeliveries
from wcmock.rest.index import index_routes
from wcmock.rest.server import Mountable, RestServer, Route
from wcmock.store import ApiKey, Store, StoreState
from wcmock.versions import NAMESPACES

if TYPE_CHECKING:  # the HTTP client is imported by test_client(): serving needs none of it
    import httpx2 as httpx

    from wcmock.resources.base import Resource
    from wcmock.resources.orders.models import Order
    from wcmock.resources.products.models import Product
    from wcmock.resources.webhooks.models import Delivery


def rest_routes(store: Store, *, validation: str, deliveries: WebhookDeliveries) -> list[Route | Mountable]:
    """Every route of one store: the indexes, then each registered resource's, mounted when a path
    first reaches them (:class:`Mountable`); each resource hands its webhook payload renderers to
    ``deliveries`` as it mounts, and a payload of a resource not mounted yet mounts every one."""
    context = Mount(validation=validation, deliveries=deliveries)

    def group(resource: Resource) -> Mountable:
        def make() -> list[Route]:
            mounted = resource.mount(store, context)
            deliveries.payloads.update(mounted.payloads)
            return mounted.routes

        paths = resource.paths or ("",)  # none named: every path reaches it
        prefixes = tuple(f"/{ns}/{path}".lower() for ns in NAMESPACES for path in paths)
        return Mountable(prefixes, make, lock=store.lock)

    groups = [group(resource) for resource in RESOURCES]

    def every() -> list[Route]:
        return [route for mountable in groups for route in mountable.routes()]

    deliveries.mount = every
    return [*index_routes(every, store.settings), *groups]


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
        self.webhook_deliveries = WebhookDeliveries(store, lambda: self.home, timeout=store.settings.webhook_timeout)
        self.server = RestServer(
            store, rest_routes(store, validation=validation, deliveries=self.webhook_deliveries), validation=validation
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

    def __repr__(self) -> str:
        return f"<WcmockStore {self.name!r} at {self.url}: {len(self.store)} users, {len(self.journal)} requests>"

    @property
    def clock(self) -> Clock:
        """The store's clock: it dates new records and bounds the OAuth timestamp window."""
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
        self.webhook_deliveries.clear()
        self.journal.clear()
        self.faults.clear()
        for spec in self.store.fixture_faults:
            self.faults.add(**spec)
        self.clock.reset()
        if self.store.settings.now:
            self.clock.freeze(self.store.settings.now)
        self.snapshots.clear()

    def load(self, fixture: dict[str, Any] | str | Path) -> int:
        """Add a fixture's records, keys and faults to the current state, all or nothing; returns how
        many users there are now. What it adds lasts until the next ``reset()``, which brings back
        the start-up fixtures only. A fixture that cannot be loaded is a ``FixtureError`` naming the place."""
        __tracebackhide__ = True
        try:
            if isinstance(fixture, dict):
                data = fixture
                fixtures.check(data, data.get("_source", "fixture"))
            else:
                data = fixtures.read(fixture)  # checked as it is read
            source = data.get("_source", "fixture")
            armed = []
            for index, spec in enumerate(data.get("faults") or []):
                try:
                    armed.append(build_fault(spec))
                except FaultError as error:
                    raise FixtureError(f"{source}: faults[{index}]: {error}") from None
            with self.store.lock:
                before = self.store.capture()
                try:
                    fixtures.load(self.store, data, checked=True)
                except BaseException:
                    self.store.restore(before)
                    raise
        except FixtureError as error:  # one plain message, not the loader's frames
            raise error.with_traceback(None) from None
        for fault in armed:
            self.faults.arm(fault)
        return len(self.store)

    def wait_for_deliveries(self, timeout: float = 10.0) -> list[Any]:
        """Block until every webhook delivery queued so far has been attempted; returns all attempts."""
        __tracebackhide__ = True
        if not self.webhook_deliveries.wait(timeout):
            raise TimeoutError(f"webhook deliveries still pending after {timeout} s")
        return self.webhook_deliveries.attempts()

    def deliveries(self) -> list[Delivery]:
        """Every webhook delivery attempted so far (``wait_for_deliveries()`` first waits for the queued ones)."""
        return self.webhook_deliveries.attempts()

    def snapshot(self, name: str) -> None:
        """Remember the current state under ``name`` (until the next reset)."""
        self.snapshots[name] = self.store.capture()

    def restore(self, name: str) -> None:
        """Go back to the state ``snapshot(name)`` remembered."""
        if name not in self.snapshots:
            raise KeyError(f"no snapshot named {name!r} (have: {', '.join(sorted(self.snapshots)) or 'none'})")
        self.store.restore(self.snapshots[name])

    def dump(self) -> dict[str, Any]:
        """The current state as a fixture file, so it can be saved and loaded again."""
        return fixtures.dump(self.store)

    def add_customer(self, **fields: Any) -> Customer:
        """Add a customer as a fixture record would (any field, read-only ones included); webhooks fire
        as for a customer created over REST. Returns a copy, readable by the API's field names.

        An unknown field or a value of the wrong type is a ``ValueError`` that names the field."""
        __tracebackhide__ = True
        _check_customer_fields(fields)
        with self.store.lock:
            customer = customer_from(fields, self.store)
            customers_of(self.store).add(customer)
            self.store.announce(TOPIC, "created", customer)  # webhooks fire as for a customer created over REST
            self.store.announce(TOPIC, "updated", customer)
        return customer.copy()

    def add_order(self, **fields: Any) -> Order:
        """An order made as ``POST /wc/v3/orders`` makes it: line items from the products, totals,
        ``set_paid`` and the status's effects (stock, sales, notes, the customer's numbers, webhooks).
        Returns a copy: the stored order is shared with the kept renderings and snapshots."""
        from wcmock.resources.orders.backend import CREATE_DEFAULTS, Actor  # the orders' modules load on first use
        from wcmock.resources.orders.shell import orders_of

        orders = orders_of(self.store)
        with self.store.lock, orders.command():
            return orders.create({**CREATE_DEFAULTS, **fields}, Actor()).copy()

    def add_product(self, **fields: Any) -> Product:
        """A product written as a fixture record (the fields of a ``wc/v3`` create, plus ``id``,
        ``total_sales`` and dates), through WooCommerce's write rules; ``product.created`` fires.
        Returns a copy, as every product accessor does: the stored record is shared with snapshots
        and the kept renderings, so assigning to it would change the store behind their backs."""
        from wcmock.resources.products.backend import products_of
        from wcmock.resources.products.seed import product_from

        with self.store.lock:
            products = products_of(self.store)
            product = products.add(product_from(fields, products))
            products.announce("created", product)
        return copy(product)

    def get_product(self, product_id: int) -> Product | None:
        """A copy of one product in any status (a trashed one included), or None."""
        from wcmock.resources.products.backend import products_of

        found = products_of(self.store).get(product_id)
        return copy(found) if found else None

    def products(self) -> list[Product]:
        """Copies of every product the store holds, by id."""
        from wcmock.resources.products.backend import products_of

        return [copy(product) for product in products_of(self.store)]

    def get_customer(self, customer_id: int) -> Customer | None:
        """A copy of one customer (any user, by id), or None."""
        found = customers_of(self.store).lookup(customer_id)
        return found.copy() if found else None

    def customers(self) -> list[Customer]:
        """Copies of every user of the store, by id."""
        return [c.copy() for c in self.store]

    # ------------------------------------------------------------------ connection details

    @property
    def consumer_key(self) -> str:
        """The store's first API key (read-write, owned by the first administrator by default)."""
        return self.key.consumer_key

    @property
    def consumer_secret(self) -> str:
        """The secret of ``consumer_key``."""
        return self.key.consumer_secret

    @property
    def auth(self) -> tuple[str, str]:
        """``(consumer_key, consumer_secret)``, for a client's HTTP Basic auth."""
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
        """The URL of one API version: ``url`` + ``/wp-json/wc/v3``."""
        return f"{self.url}/wp-json/wc/{version.removeprefix('wc/')}"

    def test_client(self) -> httpx.Client:
        """An in-process client for this store: no socket, the fast path; authenticated with HTTP Basic.

        Relative URLs start at the site: ``api.get("/wp-json/wc/v3/customers")``. Use it in a ``with``
        block (or close it)."""
        from wcmock.harness.in_process import in_process_client

        if self._app is None:
            raise RuntimeError(f"store {self.name!r} is not served yet: call served_at(url, app=...) first")
        token = base64.b64encode(f"{self.consumer_key}:{self.consumer_secret}".encode()).decode()
        return in_process_client(
            self._app, base_url=f"http://testserver/stores/{self.name}", headers={"Authorization": f"Basic {token}"}
        )

    # ------------------------------------------------------------------ journal, faults, clock

    def requests(self) -> list[JournalEntry]:
        """Every exchange recorded since the last reset (ids from 1), oldest first."""
        return self.journal.entries()

    def assert_requested(
        self,
        method: str,
        path: str,
        *,
        times: int | None = None,
        json: Any = None,
        query: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> list[JournalEntry]:
        """Fail unless ``method path`` was requested (exactly ``times`` times, when given) with a body
        containing ``json``, query parameters containing ``query`` and the answer ``status``; return
        the matching entries. ``path`` is the path after ``/wp-json`` or a full URL. A failure shows
        the closest requests and how each differs."""
        __tracebackhide__ = True
        return self.journal.assert_requested(method, path, times=times, json=json, query=query, status=status)

    def assert_not_requested(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        query: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        """Fail if ``method path`` (with a body containing ``json``, query containing ``query``, answer
        ``status``) was requested, listing those requests."""
        __tracebackhide__ = True
        self.journal.assert_not_requested(method, path, json=json, query=query, status=status)

    def add_fault(
        self,
        action: str,
        *,
        method: str | None = None,
        path: str | None = None,
        version: str | None = None,
        query: dict[str, Any] | None = None,
        after: int = 0,
        times: int | None = None,
        every: int | None = None,
        probability: float | None = None,
        seed: int = 0,
        status: int | None = None,
        code: str | None = None,
        message: str | None = None,
        retry_after: int | None = None,
        latency_ms: float = 0.0,
        **unknown: Any,
    ) -> Fault:
        """Arm a fault on this store: ``action`` (``error``, ``status``, ``latency``, ``drop``,
        ``truncate``, ``html_notice``) on the requests that match ``method``, ``path`` (a regex on the
        path after ``/wp-json``), ``version`` and ``query`` (a subset of the query parameters), after
        the first ``after`` of them, for ``times`` calls, every ``every``-th one or with a
        ``probability``. An unknown field is a ``ValueError`` listing the valid ones."""
        __tracebackhide__ = True
        spec = {
            "method": method,
            "path": path,
            "version": version,
            "query": query,
            "after": after,
            "times": times,
            "every": every,
            "probability": probability,
            "seed": seed,
            "status": status,
            "code": code,
            "message": message,
            "retry_after": retry_after,
            "latency_ms": latency_ms,
        }
        return self.faults.add(action=action, **spec, **unknown)


_CUSTOMER_FIELDS: tuple[str, ...] = tuple(cast(dict[str, Any], CUSTOMER["properties"]))


def _check_customer_fields(fields: dict[str, Any]) -> None:
    """What a fixture file would refuse in a customer record, refused by name (``frist_name``)."""
    for name in fields:
        if name not in _CUSTOMER_FIELDS:
            import difflib  # a misspelt field's suggestion: no start-up needs it

            close = difflib.get_close_matches(name, _CUSTOMER_FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"add_customer: unknown field {name!r}{hint}; valid: {', '.join(_CUSTOMER_FIELDS)}")
    record = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}
    found = problems({"customers": [record]})
    if found:
        raise ValueError("add_customer: " + "; ".join(p.removeprefix("customers[0].") for p in found))
    if not email_acceptable(fields.get("email")):
        raise ValueError(f"add_customer: email: {fields['email']!r} is not a valid email address")
