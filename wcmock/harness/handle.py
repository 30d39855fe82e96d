"""``WcmockStore``: what a test holds — the store's URL and keys, its data, journal, faults and clock."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from wcmock.clock import Clock
from wcmock.harness.faults import Fault, FaultSet
from wcmock.harness.hub import StoreHandle
from wcmock.harness.journal import Journal, JournalEntry
from wcmock.resources.customers.models import Customer
from wcmock.resources.webhooks.models import Delivery
from wcmock.store import ApiKey


class WcmockStore:
    """A store on a running server, as a test sees it.

    ``url`` is the site URL to give a client (``woocommerce.API(url=store.url, …)``); clients add
    ``/wp-json/…`` to it themselves. Over HTTPS, ``ca_file`` is the CA certificate to trust.
    """

    def __init__(self, handle: StoreHandle, *, server_url: str, app: Any, ca_file: str | None = None) -> None:
        self._handle = handle
        self._app = app
        self.url = f"{server_url}/stores/{handle.name}"
        self.ca_file = ca_file

    # ------------------------------------------------------------------ connection details

    @property
    def name(self) -> str:
        return self._handle.name

    @property
    def consumer_key(self) -> str:
        return self._handle.key.consumer_key

    @property
    def consumer_secret(self) -> str:
        return self._handle.key.consumer_secret

    @property
    def auth(self) -> tuple[str, str]:
        return self.consumer_key, self.consumer_secret

    @property
    def api_keys(self) -> list[ApiKey]:
        """Every key of the store, the one ``consumer_key`` names first."""
        return list(self._handle.store.keys.values())

    def api_url(self, version: str = "v3") -> str:
        return f"{self.url}/wp-json/wc/{version.removeprefix('wc/')}"

    def test_client(self) -> Any:
        """An in-process client for this store (Starlette's TestClient; no socket)."""
        from starlette.testclient import TestClient

        token = base64.b64encode(f"{self.consumer_key}:{self.consumer_secret}".encode()).decode()
        return TestClient(
            self._app, base_url=f"http://testserver/stores/{self.name}", headers={"Authorization": f"Basic {token}"}
        )

    # ------------------------------------------------------------------ data

    @property
    def store(self) -> Any:
        return self._handle.store

    def load(self, fixture: dict[str, Any] | str | Path) -> int:
        return self._handle.load(fixture)

    def add_customer(self, **fields: Any) -> Customer:
        return self._handle.add_customer(**fields)

    def get_customer(self, customer_id: int) -> Customer | None:
        return self._handle.get_customer(customer_id)

    def customers(self) -> list[Customer]:
        return self._handle.customers()

    def reset(self) -> None:
        self._handle.reset()

    def snapshot(self, name: str) -> None:
        self._handle.snapshot(name)

    def restore(self, name: str) -> None:
        self._handle.restore(name)

    def dump(self) -> dict[str, Any]:
        return self._handle.dump()

    # ------------------------------------------------------------------ journal, faults, clock

    @property
    def journal(self) -> Journal:
        return self._handle.journal

    def requests(self) -> list[JournalEntry]:
        return self._handle.journal.entries()

    def assert_requested(self, method: str, path: str, **expected: Any) -> list[JournalEntry]:
        return self._handle.journal.assert_requested(method, path, **expected)

    def assert_not_requested(self, method: str, path: str, **expected: Any) -> None:
        self._handle.journal.assert_not_requested(method, path, **expected)

    @property
    def faults(self) -> FaultSet:
        return self._handle.faults

    def add_fault(self, action: str, **spec: Any) -> Fault:
        return self._handle.faults.add(action=action, **spec)

    def wait_for_deliveries(self, timeout: float = 10.0) -> list[Delivery]:
        """Block until every webhook delivery queued so far was attempted; returns all attempts so far."""
        return self._handle.wait_for_deliveries(timeout)

    def deliveries(self) -> list[Delivery]:
        assert self._handle.deliveries is not None
        return self._handle.deliveries.attempts()

    @property
    def clock(self) -> Clock:
        return self._handle.store.clock
