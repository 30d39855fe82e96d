"""Shared fixtures: one app per session, a clean store per test, and clients on both transports.

Behaviour tests take ``client``, which runs each test twice: in-process (``wcmock.harness.in_process``,
the transport of ``wcmock.test_client()``: no socket) and against a live uvicorn server in a thread.
Both talk to the same session app, whose store is reset before every test.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx2 as httpx
import pytest
from starlette.applications import Starlette

from wcmock import LiveServer, Store, create_app

CK = "ck_" + "1" * 40
CS = "cs_" + "2" * 40
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()}


@pytest.fixture(scope="session")
def e2e_app() -> Starlette:
    """The recording store (``fixtures/wc-e2e.json``): admin 1, subscriber 2, next id 3."""
    return create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)


@pytest.fixture(scope="session")
def live_server(e2e_app: Starlette) -> Iterator[LiveServer]:
    with LiveServer(e2e_app) as server:
        yield server


@pytest.fixture
def store(e2e_app: Starlette) -> Store:
    """The session app's store, back in its starting state (with its clock, journal and faults)."""
    e2e_app.state.handle.reset()
    store: Store = e2e_app.state.store
    return store


@pytest.fixture(params=["in-process", "live"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _client(transport: str, request: pytest.FixtureRequest, app: Starlette, headers: dict[str, str]) -> httpx.Client:
    if transport == "in-process":
        from wcmock.harness.in_process import in_process_client

        return in_process_client(app, headers=headers)
    server: LiveServer = request.getfixturevalue("live_server")
    return httpx.Client(base_url=server.url, headers=headers)


@pytest.fixture
def client(transport: str, request: pytest.FixtureRequest, e2e_app: Starlette, store: Store) -> Iterator[httpx.Client]:
    """An administrator's client (Basic auth with the store's key) on a fresh store."""
    with _client(transport, request, e2e_app, BASIC) as c:
        yield c


@pytest.fixture
def anonymous(
    transport: str, request: pytest.FixtureRequest, e2e_app: Starlette, store: Store
) -> Iterator[httpx.Client]:
    """A client that sends no credentials."""
    with _client(transport, request, e2e_app, {}) as c:
        yield c


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytest run inside a test is nobody's xdist worker, whatever runs this suite.

    Under ``-n`` this suite's workers carry ``PYTEST_XDIST_*`` in their environment, and plugins
    read it: pytest-benchmark, where a machine has it, then warns in every inner run that xdist
    disables it, and the warning is an error there (the inner run is inside a test)."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)
    return pytester
