"""What arrives on the socket: requests cut short are never applied, absurd headers are refused as a
web server refuses them, and a fault never corrupts a keep-alive connection."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import LiveServer, create_app

BASIC = "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()
CUSTOMERS = "/wp-json/wc/v3/customers"


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app()


@pytest.fixture(scope="module")
def server(app: Any) -> Iterator[LiveServer]:
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def http(server: LiveServer, app: Any) -> Iterator[httpx.Client]:
    app.state.handle.reset()
    with httpx.Client(base_url=server.url, headers={"Authorization": BASIC}, timeout=10) as client:
        yield client


def emails(app: Any) -> list[str]:
    return [customer.email for customer in app.state.handle.customers()]


def send_and_hang_up(server: LiveServer, head: str, body: bytes) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head.encode("latin-1") + body)
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(5)
        with contextlib.suppress(OSError):
            sock.recv(65536)  # whatever comes (nothing, or the server's own 400), until it closes
    time.sleep(0.3)  # let the server see the hang-up before we look


# ---------------------------------------------------------------------- requests cut short


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        (CUSTOMERS, "application/json", b'{"email": "cut@example.org"}'),
        (CUSTOMERS, "application/x-www-form-urlencoded", b"email=cut%40example.org&first_name=Cut"),
        ("/wp-json/wc/v3/products", "application/json", b'{"name": "Cut"}'),
        ("/wp-json/wc/v3/products", "application/x-www-form-urlencoded", b"name=Cut&regular_price=9"),
        ("/wp-json/wc/v3/orders", "application/json", b'{"customer_note": "Cut"}'),
        ("/wp-json/wc/v3/orders", "application/x-www-form-urlencoded", b"customer_note=Cut&status=processing"),
    ],
)
def test_a_body_cut_short_by_a_hang_up_is_never_applied(
    http: httpx.Client, server: LiveServer, path: str, content_type: str, body: bytes
) -> None:
    before = http.get(path).headers["x-wp-total"]
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {BASIC}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: 1000\r\n\r\n"
    )
    send_and_hang_up(server, head, body)

    assert http.get(path).headers["x-wp-total"] == before
    assert [e for e in http.get("/__wcmock__/journal").json() if e["method"] == "POST"] == []


def test_a_control_request_cut_short_is_never_applied(http: httpx.Client, server: LiveServer) -> None:
    head = (
        "POST /__wcmock__/load HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    )
    send_and_hang_up(server, head, b'{"customers": [{"email": "cut@example.org"}]}')

    assert http.get(CUSTOMERS, params={"email": "cut@example.org"}).json() == []
    assert http.get("/__wcmock__/health").json()["customers"] == 3


def test_a_disconnect_before_the_body_is_complete_abandons_the_request(app: Any) -> None:
    """The same at the ASGI level, for any server: ``http.disconnect`` mid-body means no request."""
    app.state.handle.reset()
    messages = [
        {"type": "http.request", "body": b'{"email": "cut@exa', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": CUSTOMERS,
        "raw_path": CUSTOMERS.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", BASIC.encode()),
            (b"content-type", b"application/json"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    runner = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))  # a loop of its own
    runner.start()
    runner.join(10)

    assert sent == []
    assert len(app.state.handle.journal) == 0
    assert "cut@example.org" not in emails(app)


# ---------------------------------------------------------------------- headers


def test_absurd_headers_are_refused_with_a_431(app: Any) -> None:
    app.state.handle.reset()
    with TestClient(app, headers={"Authorization": BASIC}) as api:
        for headers in ({"X-Big": "a" * 70_000}, {f"X-Many-{i}": "b" * 1000 for i in range(100)}):
            response = api.post(CUSTOMERS, json={"email": "big@example.org"}, headers=headers)
            assert response.status_code == 431
            assert response.json()["code"] == "wcmock_request_headers_too_large"
            assert response.json()["data"]["status"] == 431
            assert api.get("/__wcmock__/health", headers=headers).status_code == 431
        assert "big@example.org" not in emails(app)
        assert len(app.state.handle.journal) == 0
        assert api.get(CUSTOMERS, headers={"X-Fine": "c" * 4000}).status_code == 200


def test_megabytes_of_headers_over_a_socket_get_a_431(server: LiveServer) -> None:
    connection = HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", CUSTOMERS, headers={"Authorization": BASIC, "X-Big": "a" * 4_000_000})
    response = connection.getresponse()
    assert response.status == 431
    assert json.loads(response.read())["code"] == "wcmock_request_headers_too_large"
    connection.close()


def test_a_journal_entry_keeps_headers_cut_short(app: Any) -> None:
    app.state.handle.reset()
    with TestClient(app, headers={"Authorization": BASIC}) as api:
        api.get(CUSTOMERS, headers={f"X-Wide-{i}": "w" * 8000 for i in range(7)})
        [entry] = api.get("/__wcmock__/journal").json()
    assert sum(len(k) + len(v) for k, v in entry["headers"].items()) <= 16 * 1024


def test_the_journal_is_bounded_in_bytes(app: Any) -> None:
    """A thousand entries of 64 KB bodies would be 128 MB with their answers: the journal keeps a
    byte budget, dropping the oldest entries."""
    app.state.handle.reset()
    journal = app.state.handle.journal
    big = b'{"email": "' + b"x" * 65_000 + b'"}'
    with TestClient(app, headers={"Authorization": BASIC}) as api:
        for _ in range(600):
            api.post(CUSTOMERS, content=big, headers={"Content-Type": "application/json"})
    assert journal.size_bytes() <= journal.max_bytes
    ids = [entry.id for entry in journal.entries()]
    assert 0 < len(ids) < 600
    assert ids == list(range(ids[-1] - len(ids) + 1, ids[-1] + 1))  # the newest, none missing between


# ---------------------------------------------------------------------- faults and keep-alive


@pytest.fixture(scope="module", params=["httptools", "h11"])
def port(request: pytest.FixtureRequest, app: Any) -> Iterator[int]:
    """A server on each of uvicorn's HTTP implementations (h11 is what a plain ``pip install uvicorn`` has)."""
    server = uvicorn.Server(uvicorn.Config(app, port=0, http=request.param, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(5)


@pytest.mark.parametrize("status", [204, 304])
def test_a_bodiless_status_fault_keeps_the_connection_usable(app: Any, port: int, status: int) -> None:
    app.state.handle.reset()
    app.state.handle.faults.add(action="status", status=status, times=1, path="customers/25$")
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", f"{CUSTOMERS}/25", headers={"Authorization": BASIC})
        faulted = connection.getresponse()
        assert (faulted.status, faulted.read()) == (status, b"")
        connection.request("GET", f"{CUSTOMERS}/25", headers={"Authorization": BASIC})
        after = connection.getresponse()
        assert after.status == 200
        assert json.loads(after.read())["id"] == 25
    finally:
        connection.close()


def test_a_fault_on_a_head_request_sends_no_body(app: Any, port: int) -> None:
    app.state.handle.reset()
    app.state.handle.faults.add(action="status", status=503, times=1)
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("HEAD", CUSTOMERS, headers={"Authorization": BASIC})
        faulted = connection.getresponse()
        assert (faulted.status, faulted.read()) == (503, b"")
        connection.request("GET", f"{CUSTOMERS}/25", headers={"Authorization": BASIC})
        assert connection.getresponse().status == 200
    finally:
        connection.close()
