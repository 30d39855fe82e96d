"""Where a request's time goes, in process on one core: per layer and per stage, in µs a request.

    python benchmarks/breakdown.py                 # 1,001 customers, every scenario
    python benchmarks/breakdown.py --requests 2000 --scenario one

No socket and no load generator: the store ``benchmarks/run.py`` serves (an administrator and 1,000
generated customers) is built in this interpreter and driven with the same requests, three ways:

1. **layers**: the whole Starlette app called as ASGI (fake ``receive`` / ``send``), wcmock's own
   ASGI endpoint called directly (what Starlette's router and middleware add is the difference),
   and the REST dispatcher alone (``server.handle(RawRequest)``; the difference to the endpoint is
   the ASGI glue: headers, body, journal, faults, response messages). Best of a few rounds of
   ``--requests`` each, uninstrumented, in CPU time of this thread (other work on the machine does
   not count).
2. **stages**: the same ASGI calls with every stage wrapped in a timer that keeps *exclusive* time
   (a stage's own time, its wrapped callees subtracted), the timer's own cost per call subtracted
   (calibrated on an empty function). Time no narrower wrapper covers stays with the enclosing
   stage (say, "dispatcher: rest of dispatch");
3. the same answers served in process by ``bare_app.py``'s bare Starlette and raw ASGI apps.

Printed as markdown: one table of layers, then the stages of each scenario with how often each ran.

Only ratios and shares mean much on a shared machine; uvicorn's own cost per request (HTTP parsing,
the event loop, the socket) is not here: it is what ``benchmarks/run.py``'s raw ASGI row measures.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bare_app  # type: ignore[import-not-found]  # benchmarks/bare_app.py, beside this file
from starlette.applications import Starlette

import wcmock.app as app_module
import wcmock.resources.customers.routes as customers_module
import wcmock.rest.server as routing_module
from wcmock import build_store, create_app
from wcmock.resources.customers.backend import customers_of
from wcmock.rest.server import RawRequest

CK, CS = "ck_wcmock_benchmark", "cs_wcmock_benchmark"
AUTH = "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()
API = "/wp-json/wc/v3/customers"
GENERATED, FIRST_ID = 1000, 2
# CPU time of this thread, not wall time: other work on a shared machine does not count against a stage
CLOCK = time.thread_time_ns
ADMIN = {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator"}


# ---------------------------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # the full path, /wp-json/...
    query: str = ""
    body: bytes = b""


def scenarios(tag: str) -> dict[str, Callable[[int], Call]]:
    """``{name: n -> the n-th request}``, the requests ``benchmarks/run.py`` sends."""

    def one(n: int) -> Call:
        return Call("GET", f"{API}/{FIRST_ID + n % GENERATED}")

    def page(n: int) -> Call:
        return Call("GET", API, "per_page=100&role=all")

    def create(n: int) -> Call:
        return Call("POST", API, body=b'{"email":"%s%d@bench.test"}' % (tag.encode(), n))

    def update(n: int) -> Call:
        return Call("PUT", f"{API}/{FIRST_ID + n % GENERATED}", body=b'{"first_name":"X"}')

    def batch(n: int) -> Call:
        items = ",".join(f'{{"email":"{tag}{n}-{k}@bench.test"}}' for k in range(1, 101))
        return Call("POST", f"{API}/batch", body=('{"create":[' + items + "]}").encode())

    return {"one": one, "page": page, "create": create, "update": update, "batch": batch}


LABELS = {
    "one": "GET one",
    "page": "GET page of 100",
    "create": "POST create",
    "update": "PUT update",
    "batch": "batch of 100 creates",
}


def scope_for(call: Call) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1:8080"), (b"authorization", AUTH.encode())]
    if call.body:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(call.body)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": call.method,
        "scheme": "http",
        "path": call.path,
        "raw_path": call.path.encode(),
        "query_string": call.query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
        "state": {},
    }


class Sink:
    """ASGI ``receive`` / ``send`` for one request: the body in one message, the answer kept."""

    def __init__(self, body: bytes, *, keep: bool = False) -> None:
        self.body = body
        self.keep = keep  # keep the answer's body (copying it is not the server's cost)
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.sent = b""

    async def receive(self) -> dict[str, Any]:
        return {"type": "http.request", "body": self.body, "more_body": False}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = message["headers"]
        elif self.keep:
            self.sent += message.get("body", b"")


# ---------------------------------------------------------------------------------------------- drivers


def build_app(workdir: Path) -> Any:
    fixture = workdir / "customers.json"
    fixture.write_text(json.dumps({"customers": [ADMIN], "generate": {"count": GENERATED, "seed": 1}}))
    app = create_app(build_store([fixture]), consumer_key=CK, consumer_secret=CS)
    gc.collect()
    gc.freeze()  # as `wcmock serve` does once the store is loaded: the collector skips the loaded store
    return app


def endpoint_scope(call: Call) -> dict[str, Any]:
    """The scope Starlette's router hands wcmock's endpoint (its path parameter filled in)."""
    scope = scope_for(call)
    scope["path_params"] = {"path": call.path.removeprefix("/wp-json/")}
    return scope


def raw_request(call: Call) -> RawRequest:
    headers = {"host": "127.0.0.1:8080", "authorization": AUTH}
    if call.body:
        headers["content-type"] = "application/json"
    return RawRequest(
        method=call.method,
        path=call.path.removeprefix("/wp-json"),
        query_string=call.query,
        headers=headers,
        body=call.body,
        home="http://127.0.0.1:8080",
        origin="http://127.0.0.1:8080",
        raw_path=call.path,
    )


def drive(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run an ASGI call that never waits (no fault armed, the body already there) without an event
    loop: a loop would add a task per request, which uvicorn pays too but the bare apps as well."""
    try:
        coroutine.send(None)
    except StopIteration:
        return
    coroutine.close()
    raise RuntimeError("the ASGI call waited for something: this driver cannot run it")


def layer_drivers(app: Any, make: Callable[[int], Call]) -> dict[str, Callable[[int], int]]:
    """``{layer: n -> status}``: the whole app, wcmock's endpoint, the dispatcher."""
    wp_json = next(route.endpoint for route in app.routes if route.path == "/wp-json/{path:path}")
    server = app.state.server

    def whole(n: int) -> int:
        call = make(n)
        sink = Sink(call.body)
        drive(app(scope_for(call), sink.receive, sink.send))
        return sink.status

    def endpoint(n: int) -> int:
        call = make(n)
        sink = Sink(call.body)
        drive(wp_json(endpoint_scope(call), sink.receive, sink.send))
        return sink.status

    def dispatcher(n: int) -> int:
        return int(server.handle(raw_request(make(n)))[0])

    return {"app": whole, "endpoint": endpoint, "dispatcher": dispatcher}


def ceiling_drivers(app: Any, calls: dict[str, Call]) -> dict[str, Callable[[Callable[[int], Call]], Any]]:
    """``bare_app.py``'s two apps in process, serving the answers wcmock gave to ``calls``."""
    answers = {}
    for name, call in calls.items():
        sink = Sink(call.body, keep=True)
        drive(app(scope_for(call), sink.receive, sink.send))
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in sink.headers}
        headers = {k: v for k, v in headers.items() if k not in bare_app.SKIPPED_HEADERS}
        answers[name] = (sink.status, headers, sink.sent)
    apps = {"bare Starlette": bare_app.create_app(answers), "raw ASGI": bare_app.create_raw_app(answers)}

    def runner(ceiling: Any) -> Callable[[Callable[[int], Call]], Any]:
        def for_scenario(make: Callable[[int], Call]) -> Callable[[int], int]:
            def run(n: int) -> int:
                call = make(n)
                sink = Sink(call.body)
                drive(ceiling(scope_for(call), sink.receive, sink.send))
                return sink.status

            return run

        return for_scenario

    return {name: runner(ceiling) for name, ceiling in apps.items()}


def time_layer(run: Callable[[int], int], requests: int, rounds: int, start: int, reset: Callable[[], None]) -> float:
    """µs a request: best of ``rounds`` rounds of ``requests`` (the store reset before each)."""
    best = float("inf")
    for r in range(rounds):
        reset()
        base = start + r * requests
        t0 = CLOCK()
        for n in range(base, base + requests):
            run(n)
        best = min(best, (CLOCK() - t0) / requests / 1000)
    return best


# ---------------------------------------------------------------------------------------------- stages


@dataclass
class Stage:
    label: str
    own_ns: int = 0
    calls: int = 0
    children: int = 0  # wrapped calls made directly inside this stage

    def corrected_ns(self, timers: Timers) -> float:
        """Own time less what the timers themselves cost it."""
        return self.own_ns - self.calls * timers.own_ns - self.children * timers.parent_ns


@dataclass(frozen=True)
class Timers:
    own_ns: float  # what a wrapped empty function shows as its own time
    parent_ns: float  # what wrapping a callee adds to its caller's own time


@dataclass
class Profiler:
    """Exclusive time per stage: each wrapper's elapsed time minus its wrapped callees'."""

    stages: dict[str, Stage] = field(default_factory=dict)
    stack: list[list[int]] = field(default_factory=list)  # [callee ns, callee calls] per open frame

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        stage = self.stages.setdefault(label, Stage(label))
        stack = self.stack
        clock = CLOCK  # thread CPU time: ~1 µs a call, calibrated away, but blind to other work on the machine

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [0, 0]
            stack.append(frame)
            t0 = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = clock() - t0
                stack.pop()
                stage.own_ns += elapsed - frame[0]
                stage.children += frame[1]
                stage.calls += 1
                if stack:
                    stack[-1][0] += elapsed
                    stack[-1][1] += 1

        return timed

    def wrap_async(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """For coroutines: the time between entry and return, callees subtracted (awaits included)."""
        stage = self.stages.setdefault(label, Stage(label))
        stack = self.stack
        clock = CLOCK

        @functools.wraps(fn)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [0, 0]
            stack.append(frame)
            t0 = clock()
            try:
                return await fn(*args, **kwargs)
            finally:
                elapsed = clock() - t0
                stack.pop()
                stage.own_ns += elapsed - frame[0]
                stage.children += frame[1]
                stage.calls += 1
                if stack:
                    stack[-1][0] += elapsed
                    stack[-1][1] += 1

        return timed

    def reset(self) -> None:
        for stage in self.stages.values():
            stage.own_ns = stage.calls = stage.children = 0


def _empty() -> None:
    return None


def calibrate() -> Timers:
    """The timers' own cost, measured on empty functions (lowest of a few rounds)."""
    best_own, best_parent = float("inf"), float("inf")
    n = 100_000
    for _ in range(5):
        probe = Profiler()
        inner = probe.wrap("inner", _empty)
        with_timed = probe.wrap("timed callee", lambda callee=inner: callee())
        with_plain = probe.wrap("plain callee", lambda callee=_empty: callee())
        for _ in range(n):
            with_timed()
        for _ in range(n):
            with_plain()
        stages = probe.stages
        best_own = min(best_own, stages["inner"].own_ns / n)
        best_parent = min(best_parent, (stages["timed callee"].own_ns - stages["plain callee"].own_ns) / n)
    return Timers(best_own, max(0.0, best_parent))


@contextmanager
def patched(targets: list[tuple[Any, str, str, bool]], profiler: Profiler) -> Iterator[None]:
    """Replace ``owner.attr`` with a timed wrapper for the duration (``(owner, attr, label, async)``)."""
    saved = []
    try:
        for owner, attr, label, is_async in targets:
            original = getattr(owner, attr)
            saved.append((owner, attr, owner.__dict__.get(attr, _MISSING) if hasattr(owner, "__dict__") else original))
            wrap = profiler.wrap_async if is_async else profiler.wrap
            setattr(owner, attr, wrap(label, original))
        yield
    finally:
        for owner, attr, original in reversed(saved):
            if original is _MISSING:
                delattr(owner, attr)
            else:
                setattr(owner, attr, original)


_MISSING = object()


def stage_targets(app: Any) -> list[tuple[Any, str, str, bool]]:
    """Every stage worth naming, as (owner, attribute, label, is coroutine)."""
    hub = app.state.hub
    handle = app.state.handle
    server = app.state.server
    store = app.state.store
    customers = customers_of(store)
    wp_json_type = app_module.WpJson
    targets: list[tuple[Any, str, str, bool]] = [
        (Starlette, "__call__", "Starlette: middleware, router, path match", True),
        (wp_json_type, "__call__", "ASGI endpoint: scope to RawRequest (origin), journal and kept answers", True),
        (app_module.RequestHeaders, "read", "ASGI endpoint: request headers (dict, journal's, once per set)", False),
        (app_module, "_read_body", "ASGI endpoint: read the body", True),
        (app_module, "_send", "ASGI endpoint: response messages (header list)", True),
        (wp_json_type, "_deliver", "ASGI endpoint: deliver", True),
        (wp_json_type, "_answer", "ASGI endpoint: answer (fault checks)", True),
        (hub, "find", "hub: find the store", False),
        (handle.faults, "pick", "faults: pick (nothing armed)", False),
        (handle.journal, "record", "journal: record", False),
        (server, "handle", "dispatcher: query, method override, RestRequest", False),
        (server, "dispatch", "dispatcher: rest of dispatch", False),
        (routing_module, "parse_php_query", "parameters: parse the query string (parse_str)", False),
        (routing_module, "authenticate", "auth: authenticate (Basic key)", False),
        (routing_module, "check_key_permission", "auth: key read/write permission", False),
        (server, "_match", "routing: route regex match", False),
        (routing_module, "decode_body", "body: JSON decode and depth check", False),
        (routing_module.Endpoint, "check", "parameters: required / validate / sanitise (Endpoint.check)", False),
        # a JSON body the dispatcher's body memo covers is checked without the endpoint's memo
        (routing_module, "check_planned", "parameters: required / validate / sanitise (Endpoint.check)", False),
        (server, "_with_allow", "headers: Allow (every endpoint's permission)", False),
        (server, "serialise", "wire: serialise (plain answers: pre-encoded bytes)", False),
        (routing_module, "wire_headers", "headers: default headers (Link, X-*)", False),
        (routing_module, "shared_headers", "headers: default headers (Link, X-*)", False),
        (routing_module, "encode_json", "JSON encoding (dispatcher)", False),
        (customers_module, "encode_json", "JSON encoding (rendered customer)", False),
        (customers_module, "check_response", "validation: response schema (jsonschema-rs)", False),
        (routing_module, "check_response", "validation: response schema (jsonschema-rs)", False),
        (store.users, "lookup", "store: lookup by id", False),
        (customers, "get", "store: get by id", False),
        (customers, "query", "store: query (filter, order, slice)", False),
        (customers, "create_held", "store: create", False),  # the route's create, under the lock it took
        (customers, "update", "store: update", False),
    ]
    for route in server.routes:
        for endpoint in route.endpoints:
            owner = getattr(endpoint.handler, "__self__", None)
            if isinstance(owner, customers_module.CustomersResource):
                targets.append((endpoint, "handler", "handler: customers (lock, render, page assembly)", False))
                targets.append((endpoint, "permission", "permission callbacks (route's own and Allow's)", False))
    resources = {
        endpoint.handler.__self__
        for route in server.routes
        for endpoint in route.endpoints
        if isinstance(getattr(endpoint.handler, "__self__", None), customers_module.CustomersResource)
    }
    for resource in resources:
        targets += [
            (resource, "rendered", "rendering: cache lookup (per customer)", False),
            (resource, "allowed_on", "rendering: targetHints memo (per customer)", False),
            (resource, "links", "rendering: _links", False),
            (resource.view, "customer", "rendering: view (record to dict)", False),
            (resource.view, "writable", "rendering: writable fields", False),
        ]
    return targets


def profile_stages(
    app: Any, make: Callable[[int], Call], requests: int, rounds: int, start: int, reset: Callable[[], None]
) -> tuple[list[tuple[str, float, float]], float]:
    """``([(label, µs a request, calls a request)], instrumented µs a request)``: each stage's
    lowest figure over ``rounds`` rounds."""
    profiler = Profiler()
    timers = calibrate()
    run = layer_drivers(app, make)["app"]
    best: dict[str, tuple[float, float]] = {}
    total = float("inf")
    with patched(stage_targets(app), profiler):
        for r in range(rounds):
            reset()
            base = start + r * (requests + 1)
            run(base)  # warm
            profiler.reset()
            t0 = CLOCK()
            for n in range(base + 1, base + 1 + requests):
                run(n)
            total = min(total, (CLOCK() - t0) / requests / 1000)
            for stage in profiler.stages.values():
                if not stage.calls:
                    continue
                own = max(0.0, stage.corrected_ns(timers)) / requests / 1000
                if stage.label not in best or own < best[stage.label][0]:
                    best[stage.label] = (own, stage.calls / requests)
    return [(label, own, calls) for label, (own, calls) in best.items()], total


# ---------------------------------------------------------------------------------------------- report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per round (batch: a tenth)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per layer (best is kept)")
    parser.add_argument("--scenario", action="append", choices=list(LABELS), help="repeatable; default all")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wcmock-breakdown-") as tmp:
        app = build_app(Path(tmp))
    handle = app.state.handle
    out = [f"Command: `{' '.join(['python', *sys.argv])}`", ""]
    summary = [
        "| scenario | whole app µs | endpoint µs | dispatcher µs | Starlette µs | ASGI glue µs "
        "| bare Starlette µs | raw ASGI µs |"
    ]
    summary.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    captured = {key: make(0) for key, make in scenarios("capture").items()}
    # bare_app.py serves products' routes too: any wcmock answer fills them (this store has none)
    captured |= {
        "product_one": Call("GET", "/wp-json/wc/v3/products/1"),
        "product_page": Call("GET", "/wp-json/wc/v3/products", "per_page=100"),
        "product_create": Call("GET", "/wp-json/wc/v3/products", "per_page=1"),
    }
    ceilings = ceiling_drivers(app, captured)
    handle.reset()
    details = []
    start = 0
    for key in args.scenario or list(LABELS):
        make = scenarios(f"bd{key}")[key]
        requests = max(10, args.requests // 10) if key == "batch" else args.requests
        drivers = layer_drivers(app, make)
        status = drivers["app"](start)
        layers = {}
        for name, run in drivers.items():
            layers[name] = time_layer(run, requests, args.rounds, start, handle.reset)
            start += requests * args.rounds
        for name, ceiling in ceilings.items():
            layers[name] = time_layer(ceiling(make), requests, args.rounds, start, lambda: None)
        summary.append(
            f"| {LABELS[key]} (status {status}) | {layers['app']:.1f} | {layers['endpoint']:.1f} | "
            f"{layers['dispatcher']:.1f} | {layers['app'] - layers['endpoint']:.1f} | "
            f"{layers['endpoint'] - layers['dispatcher']:.1f} | {layers['bare Starlette']:.1f} "
            f"| {layers['raw ASGI']:.1f} |"
        )
        rows, instrumented = profile_stages(app, make, requests, args.rounds, start, handle.reset)
        start += (requests + 1) * args.rounds
        rows.sort(key=lambda row: -row[1])
        attributed = sum(row[1] for row in rows)
        details += [
            "",
            f"#### {LABELS[key]}: stages, exclusive µs a request (uninstrumented whole app {layers['app']:.1f} µs)",
            "",
            "| stage | µs | share | calls a request |",
            "| --- | ---: | ---: | ---: |",
        ]
        for label, own, calls in rows:
            details.append(f"| {label} | {own:.1f} | {own / attributed:.0%} | {calls:g} |")
        details.append(
            f"| sum of the stages (instrumented run, timers included: {instrumented:.1f} µs) | {attributed:.1f} | | |"
        )
    print("\n".join([*out, *summary, *details]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
