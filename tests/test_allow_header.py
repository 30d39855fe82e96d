"""``Allow``: the methods whose permission check lets a request through, worked out once per key.

A route may name what its endpoints' permission checks read of a request (``allow_key``); the
checks then run once per distinct key, not for every answer, and a request whose key is None
(the route cannot tell) runs them as before.
"""

from __future__ import annotations

from wcmock.errors import RestError
from wcmock.rest.server import Endpoint, RawRequest, RestRequest, RestResponse, RestServer, Route
from wcmock.store import Store


class Checks:
    """Permission checks that count their calls: ``?role=`` is let through to read only, ``writer``
    to write as well."""

    def __init__(self) -> None:
        self.calls = 0

    def read(self, request: RestRequest) -> None:
        self.calls += 1
        if request.query.get("role") not in ("reader", "writer", "odd"):
            raise RestError("no", "No.", 403)

    def write(self, request: RestRequest) -> None:
        self.calls += 1
        if request.query.get("role") != "writer":
            raise RestError("no", "No.", 403)


def server_for(checks: Checks, key: object) -> RestServer:
    endpoints = [
        Endpoint(("GET",), lambda request: RestResponse({}), checks.read),
        Endpoint(("POST", "PUT"), lambda request: RestResponse({}), checks.write),
    ]
    return RestServer(Store(), [Route("/demo/things", "demo", endpoints, allow_key=key)])  # type: ignore[arg-type]


def allow(server: RestServer, role: str) -> str | None:
    _, headers, _ = server.handle(RawRequest("GET", "/demo/things", f"role={role}", {}, b"", "http://shop.test"))
    return headers.get("allow")


def test_the_checks_run_once_per_key() -> None:
    checks = Checks()
    server = server_for(checks, lambda request: request.query.get("role"))
    assert [allow(server, role) for role in ("writer", "reader", "writer", "reader", "nobody")] == [
        "GET, POST, PUT",
        "GET",
        "GET, POST, PUT",
        "GET",
        None,
    ]
    # each request's own check (GET's), and both checks for Allow once per role
    assert checks.calls == 5 + 2 * 3


def test_a_request_without_a_key_runs_the_checks_each_time() -> None:
    checks = Checks()
    server = server_for(checks, lambda request: None if request.query.get("role") == "odd" else "kept")
    assert [allow(server, "odd") for _ in range(3)] == ["GET", "GET", "GET"]
    assert checks.calls == 3 * 3
