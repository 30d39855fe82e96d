"""Nothing blocks the event loop: a stuck webhook receiver, a wait for deliveries or a webhook that
points at wcmock itself never freeze the server (every store, health included).

Each test gives the stuck thing a minute (the webhook timeout) and asks the server for answers
within a few seconds: before the fix these waited the full minute.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import LiveServer, create_app

QUICK = 3.0  # seconds: far below the 60 s webhook timeout a blocked loop would wait


class SilentReceiver:
    """Accepts webhook deliveries and never answers them."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.held: list[socket.socket] = []
        self.accepted = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/hook"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)
            self.accepted.set()

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def server() -> Iterator[LiveServer]:
    with LiveServer(create_app(settings={"webhook_timeout": 60})) as live:
        yield live


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, auth=(CK, CS), timeout=QUICK) as client:
        yield client


@pytest.fixture
def silent() -> Iterator[SilentReceiver]:
    receiver = SilentReceiver()
    yield receiver
    receiver.close()


def add_webhook(http: httpx.Client, url: str, prefix: str = "") -> dict[str, Any]:
    response = http.post(
        f"{prefix}/wp-json/wc/v3/webhooks", json={"topic": "customer.created", "delivery_url": url, "secret": "s"}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_reset_while_a_receiver_never_answers_is_prompt(http: httpx.Client, silent: SilentReceiver) -> None:
    add_webhook(http, silent.url)
    assert silent.accepted.wait(QUICK)  # the ping is on its way, and will never be answered

    started = time.monotonic()
    assert http.post("/__wcmock__/reset").status_code == 200
    assert time.monotonic() - started < QUICK
    assert http.get("/__wcmock__/health").status_code == 200
    assert http.get("/wp-json/wc/v3/webhooks").json() == []


def test_a_reset_drops_pending_deliveries(http: httpx.Client, silent: SilentReceiver) -> None:
    add_webhook(http, silent.url)
    for index in range(3):
        http.post("/wp-json/wc/v3/customers", json={"email": f"queued{index}@example.org"})
    assert silent.accepted.wait(QUICK)

    http.post("/__wcmock__/reset")

    assert http.get("/__wcmock__/webhooks/deliveries").json() == []
    assert http.post("/__wcmock__/webhooks/wait", json={"timeout": 1}).json() == {"delivered": 0}


def test_waiting_for_deliveries_leaves_the_server_answering(
    http: httpx.Client, server: LiveServer, silent: SilentReceiver
) -> None:
    add_webhook(http, silent.url)
    waited: list[httpx.Response] = []

    def wait() -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            waited.append(client.post("/__wcmock__/webhooks/wait", json={"timeout": 5}))

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.3)
    try:
        assert http.get("/__wcmock__/health").status_code == 200
        assert http.get("/wp-json/wc/v3/customers/25").status_code == 200
    finally:
        waiter.join()
    assert waited[0].status_code == 504
    assert waited[0].json()["code"] == "wcmock_timeout"


def test_a_stuck_delivery_of_one_store_never_slows_another(
    http: httpx.Client, server: LiveServer, silent: SilentReceiver
) -> None:
    assert http.post("/__wcmock__/stores", json={"name": "other"}).status_code == 201
    try:
        add_webhook(http, silent.url, "/stores/other")
        assert silent.accepted.wait(QUICK)
        assert http.post("/stores/other/__wcmock__/reset").status_code == 200
        assert http.get("/wp-json/wc/v3/customers/25").status_code == 200
    finally:
        http.delete("/__wcmock__/stores/other")


def test_a_webhook_that_resets_wcmock_itself_cannot_deadlock_it(http: httpx.Client, server: LiveServer) -> None:
    add_webhook(http, f"{server.url}/__wcmock__/reset")
    http.post("/wp-json/wc/v3/customers", json={"email": "loop@example.org"})

    assert http.get("/__wcmock__/health").status_code == 200
    assert http.post("/__wcmock__/webhooks/wait", json={"timeout": QUICK}).status_code == 200
    assert http.post("/__wcmock__/reset").status_code == 200


def test_a_request_racing_a_load_waits_for_it_without_blocking_the_loop(
    http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load runs in a thread under the store's lock; a REST request that arrives meanwhile is
    answered once the load is done (and sees all of it), while health answers at once."""
    from wcmock import fixtures

    loading, release = threading.Event(), threading.Event()
    real_load = fixtures.load

    def slow_load(store: Any, data: Any, **options: Any) -> None:
        real_load(store, data, **options)
        loading.set()
        release.wait(30)  # still under the store's lock: as a load of 50,000 customers would be

    monkeypatch.setattr(fixtures, "load", slow_load)
    before = int(http.get("/wp-json/wc/v3/customers", params={"role": "all"}).headers["x-wp-total"])
    loader = threading.Thread(
        target=lambda: http.post("/__wcmock__/load", json={"customers": [{"email": "racing@example.org"}]})
    )
    loader.start()
    assert loading.wait(QUICK)
    answers: list[httpx.Response] = []
    racing = threading.Thread(
        target=lambda: answers.append(http.get("/wp-json/wc/v3/customers", params={"role": "all"}))
    )
    racing.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert http.get("/__wcmock__/health").status_code == 200  # the loop is not blocked
    assert time.monotonic() - started < QUICK
    assert answers == []  # the racing request waits for the load
    release.set()
    racing.join(QUICK)
    loader.join(QUICK)
    assert len(answers) == 1
    assert answers[0].status_code == 200
    assert int(answers[0].headers["x-wp-total"]) == before + 1
