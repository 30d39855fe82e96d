"""The costs a test suite pays: validation, per-test reset, start-up, and request latency.

    python benchmarks/harness.py

In process, on this machine, side by side in one run (medians of repeated timings):

- validation: a page of 100 customers rendered from scratch with validation ``strict`` and ``off``,
  and one customer document through ``jsonschema-rs`` (the hot path) and ``jsonschema`` (errors);
- the pytest plugin's per-test overhead: reset of the default store plus a fresh test handle;
- reset of a 10,000-customer store;
- start-up of a live server to its first answer;
- one GET in process through ``wcmock.test_client()`` (no socket), through Starlette's TestClient
  (what it used before: a thread hand-off per ASGI message) and over a real socket (httpx2).
"""

from __future__ import annotations

import base64
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx2
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import LiveServer, create_app
from wcmock.resources.customers.seed import generate_customers
from wcmock.rest.server import RawRequest
from wcmock.validation import validate_customer, validator

AUTH = {"authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()}


def median_ms(action: Callable[[], object], repeat: int = 200) -> float:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def page_from_scratch(validation: str) -> float:
    app = create_app(validation=validation)
    store = app.state.store
    generate_customers(store, count=200, seed=1)
    resource = next(r for r in app.state.server.routes if r.pattern == "/wc/v3/customers")
    handler = resource.endpoints[0].handler.__self__  # the CustomersResource

    def render() -> None:
        handler._renderings.clear()  # every customer rendered (and validated) again
        app.state.server.handle(RawRequest("GET", "/wc/v3/customers", "per_page=100", AUTH, b"", "http://x"))

    return median_ms(render, 50)


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    strict, off = page_from_scratch("strict"), page_from_scratch("off")
    rows.append(
        (
            "page of 100 rendered from scratch, validation strict / off (ms)",
            f"{strict:.2f} / {off:.2f}",
            f"validation adds {strict - off:.2f} ms ({(strict - off) * 10:.0f} µs a customer)",
        )
    )
    app = create_app()
    body = app.state.server.handle(RawRequest("GET", "/wc/v3/customers/25", "", AUTH, b"", "http://x"))[2]
    customer = json.loads(body)
    fast = median_ms(lambda: validate_customer(customer, version="v3"), 2000) * 1000
    slow = median_ms(lambda: validator("v3/customer.view.json").is_valid(customer), 200) * 1000
    rows.append(
        (
            "one customer document: jsonschema-rs / jsonschema (µs)",
            f"{fast:.1f} / {slow:.1f}",
            "answers are validated once per customer version, then served from cache",
        )
    )

    handle = app.state.handle
    per_test = median_ms(lambda: (handle.reset(), handle.served_at("http://x", app=app)), 500)
    rows.append(("per-test overhead, default fixture: reset + handle (ms)", f"{per_test:.3f}", "target < 2 ms"))

    big = create_app()
    generate_customers(big.state.store, count=10_000, seed=2)
    big.state.store.amend_initial(lambda _: None)
    rows.append(("reset of 10,001 customers (ms)", f"{median_ms(big.state.handle.reset, 50):.3f}", "target < 5 ms"))
    hub, names = big.state.hub, iter(range(10**9))

    def create_and_drop() -> None:
        name = f"bench-{next(names)}"
        hub.clone(name, "default")
        hub.drop(name)

    rows.append(
        ("create + drop a store cloned from 10,001 customers (ms)", f"{median_ms(create_and_drop, 50):.3f}", "")
    )

    started = time.perf_counter()
    with LiveServer(create_app()) as server:
        httpx2.get(f"{server.url}/__wcmock__/health")
        startup = time.perf_counter() - started
        with httpx2.Client(base_url=server.url, auth=(CK, CS)) as socket_client:
            over_socket = median_ms(lambda: socket_client.get("/wp-json/wc/v3/customers/25"), 300)
    rows.append(("live server start-up to first answer, in a thread (s)", f"{startup:.3f}", "target < 0.5 s"))
    handle.served_at("http://x", app=app)
    with handle.test_client() as in_process:
        local = median_ms(lambda: in_process.get("/wp-json/wc/v3/customers/25"), 300)
    with TestClient(app, base_url="http://testserver", headers=AUTH) as starlette_client:
        starlette = median_ms(lambda: starlette_client.get("/wp-json/wc/v3/customers/25"), 300)
    rows.append(
        (
            "GET one customer: wcmock.test_client() / over the socket / Starlette's TestClient (ms)",
            f"{local:.3f} / {over_socket:.3f} / {starlette:.3f}",
            f"in process: {over_socket / local:.1f}x the socket's speed; target ≥ 1x",
        )
    )

    print("| measure | figure | note |\n| --- | ---: | --- |")
    for measure, figure, note in rows:
        print(f"| {measure} | {figure} | {note} |")
    print(f"\nCommand: `python benchmarks/harness.py` (Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
