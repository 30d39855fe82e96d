"""A request leaves no reference cycle behind: what it made is freed when it is answered.

Servers such as uvicorn hand the app a ``send`` that is a method of their request cycle, and the
cycle holds the request's scope. Whatever the app leaves in the scope that leads back to that
``send`` makes each request a reference cycle that only the cycle collector frees: a dozen objects
a request, and a collection of ~10 ms every few hundred writes, in the middle of someone's request.
Here the cycle is a stand-in with the same shape, and the cycle collector is off while requests run.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.types import Message

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import create_app

AUTH = b"Basic " + base64.b64encode(f"{CK}:{CS}".encode())


class RequestCycle:
    """What a server keeps per request: the scope, and the ``send`` the app is given."""

    def __init__(self, scope: dict[str, Any]) -> None:
        self.scope = scope
        self.status = 0

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]


@pytest.fixture
def no_collections() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def request(app: Any, method: str, path: str, body: Any = None) -> tuple[int, weakref.ref[RequestCycle]]:
    """One request as a server makes it; the status, and a weak reference to its request cycle."""
    data = b"" if body is None else json.dumps(body).encode()
    headers = [(b"host", b"127.0.0.1:8080"), (b"authorization", AUTH)]
    if data:
        headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(data))]
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    cycle = RequestCycle(scope)

    async def receive() -> Message:
        return {"type": "http.request", "body": data, "more_body": False}

    asyncio.run(app(scope, receive, cycle.send))
    return cycle.status, weakref.ref(cycle)


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/wp-json/wc/v3/customers", {"email": "cycle@example.com"}, 201),
        ("PUT", "/wp-json/wc/v3/customers/25", {"first_name": "Ada"}, 200),
        ("POST", "/wp-json/wc/v3/customers/batch", {"create": [{"email": "batch@example.com"}]}, 200),
        ("GET", "/wp-json/wc/v3/customers/25", None, 200),
        ("GET", "/wp-json/wc/v3/customers?per_page=2", None, 200),
        ("DELETE", "/wp-json/wc/v3/customers/25?force=true", None, 200),
        ("GET", "/wp-json/wc/v3/nothing-here", None, 404),
        ("POST", "/wp-json/wc/v3/customers", {"email": "not an email"}, 400),
    ],
)
@pytest.mark.usefixtures("no_collections")
def test_the_servers_request_cycle_is_freed_once_answered(method: str, path: str, body: Any, status: int) -> None:
    app = create_app()
    answered, cycle = request(app, method, path, body)
    assert answered == status
    assert cycle() is None  # freed by its last reference going, not left for the collector


@pytest.mark.usefixtures("no_collections")
def test_a_kept_answer_frees_its_request_cycle_too() -> None:
    app = create_app()
    first, _ = request(app, "GET", "/wp-json/wc/v3/customers/25")
    again, cycle = request(app, "GET", "/wp-json/wc/v3/customers/25")
    assert (first, again) == (200, 200)
    assert len(app.state.answers) == 1
    assert cycle() is None
