"""wcmock side by side with the stack's ceilings: bare Starlette and a raw ASGI callable serving the same bytes.

    python benchmarks/run.py            # 5 s runs, median of 3 interleaved repetitions (~3 minutes)
    python benchmarks/run.py --quick    # 1 s runs (~1.5 minutes)

What it does (see benchmarks/README.md):

1. starts ``wcmock serve`` (the console script of this interpreter's environment) on a free port with
   1,000 generated customers, 1,000 products and 1,000 orders, fetches one real answer per route,
   then starts ``benchmarks/bare_app.py`` twice (same uvicorn settings and the loop / HTTP
   implementation wcmock's process loaded) serving exactly those bytes: once as bare Starlette (what
   the targets compare with), once as a raw ASGI callable (``--raw``: nothing but uvicorn, the loop
   and the socket, the stack's ceiling);
2. cold start: process spawn until the first successful answer (median of 3 starts each, after one
   untimed start that writes every server's bytecode to a private cache, as an installed package has);
3. the same load on all three, interleaved (wcmock, bare, raw, wcmock, ...): ``wrk`` (1 thread, 8
   connections, a Lua script for the request bodies) when it is on PATH, else an asyncio load
   generator over 8 raw keep-alive HTTP/1.1 connections; POST bodies carry unique emails;
4. in process, no server: a store of 100,000 generated customers (load time, memory per customer,
   a filtered ordered page) and the reset of 10,000 customers and of the default fixture; 100,000
   products (a filtered ordered page) and 100,000 orders (a page by customer and status, by status).

Prints one markdown table (plus the scale table) and the command used. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import http.client
import importlib.metadata
import json
import os
import platform
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wcmock.resources.customers.backend import customers_of

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
API = "/wp-json/wc/v3/customers"
CONSUMER_KEY = "ck_wcmock_benchmark"
CONSUMER_SECRET = "cs_wcmock_benchmark"
AUTH = "Basic " + base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
CONNECTIONS = 8
GENERATED = 1000  # generated customers in the served store: ids 2 .. 1001 (the administrator is 1)
FIRST_ID = 2
PRODUCTS_API = "/wp-json/wc/v3/products"
FIRST_PRODUCT = 11  # the served store's 1,000 generated products take post ids 11 .. 1010
PRODUCT_QUERY = "category=16&orderby=price&order=asc&per_page=100"  # a filtered, ordered page
ORDERS_API = "/wp-json/wc/v3/orders"
ORDER_QUERY = "status=processing&per_page=100"  # a status-filtered page, newest first
FIRST_ORDER = FIRST_PRODUCT + GENERATED  # the served store's 1,000 orders take post ids 1011 .. 2010
ORDER_STATUSES = ("completed", "processing", "pending", "on-hold", "cancelled")
ORDER_CREATE = (  # an order for a customer with three line items, as a shop's checkout would send it
    '{"customer_id":%d,"line_items":[{"product_id":11,"quantity":1},{"product_id":12,"quantity":2},'
    '{"product_id":13,"quantity":3}]}'
)
PRODUCT_UPDATE = '{"manage_stock":true,"stock_quantity":7}'  # a stock sync, what connectors send most
ORDER_UPDATE = '{"status":"completed"}'  # an order fulfilled, as an ERP or a shipping tool reports it
ADMIN = {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator"}
READY_TIMEOUT = 30.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- scenarios


# scenarios that only read: wcmock is reset before their warm-up, not before each run (a reset makes
# every kept answer and rendering stale, so each run would measure the first pass over the records)
READS = {"one", "page", "product_one", "product_page", "order_one", "order_page"}


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    answer: str  # which captured wcmock answer the bare app serves for it
    expect: int  # the status every response must have
    lua: str  # the body of the wrk script (after the common header)
    python: Callable[[str, str], Callable[[], bytes]]  # (host header, email prefix) -> next request bytes


def _request(method: str, target: str, host: str, body: bytes | None = None) -> bytes:
    head = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {AUTH}\r\n"
    if body is None:
        return (head + "\r\n").encode()
    head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _round_robin(requests: list[bytes]) -> Callable[[], bytes]:
    """The requests in turn, from the second, forever."""
    state = {"i": 0}

    def next_request() -> bytes:
        i = state["i"] = (state["i"] + 1) % len(requests)
        return requests[i]

    return next_request


def _get_one(host: str, prefix: str) -> Callable[[], bytes]:
    return _round_robin([_request("GET", f"{API}/{i}", host) for i in range(FIRST_ID, FIRST_ID + GENERATED)])


def _get_page(host: str, prefix: str) -> Callable[[], bytes]:
    request = _request("GET", f"{API}?per_page=100&role=all", host)
    return lambda: request


def _create(host: str, prefix: str) -> Callable[[], bytes]:
    state = {"n": 0}

    def next_request() -> bytes:
        n = state["n"] = state["n"] + 1
        return _request("POST", API, host, b'{"email":"%s%d@bench.test"}' % (prefix.encode(), n))

    return next_request


def _product_one(host: str, prefix: str) -> Callable[[], bytes]:
    ids = range(FIRST_PRODUCT, FIRST_PRODUCT + GENERATED)
    return _round_robin([_request("GET", f"{PRODUCTS_API}/{i}", host) for i in ids])


def _product_page(host: str, prefix: str) -> Callable[[], bytes]:
    request = _request("GET", f"{PRODUCTS_API}?per_page=100", host)
    return lambda: request


def _product_create(host: str, prefix: str) -> Callable[[], bytes]:
    state = {"n": 0}

    def next_request() -> bytes:
        n = state["n"] = state["n"] + 1
        body = b'{"name":"Bench %d","regular_price":"9.99","sku":"%s-%d"}' % (n, prefix.encode(), n)
        return _request("POST", PRODUCTS_API, host, body)

    return next_request


def _order_one(host: str, prefix: str) -> Callable[[], bytes]:
    ids = range(FIRST_ORDER, FIRST_ORDER + GENERATED)
    return _round_robin([_request("GET", f"{ORDERS_API}/{i}", host) for i in ids])


def _order_page(host: str, prefix: str) -> Callable[[], bytes]:
    request = _request("GET", f"{ORDERS_API}?per_page=100", host)
    return lambda: request


def _order_create(host: str, prefix: str) -> Callable[[], bytes]:
    state = {"n": 0}

    def next_request() -> bytes:
        n = state["n"] = state["n"] + 1
        return _request("POST", ORDERS_API, host, (ORDER_CREATE % (FIRST_ID + n % GENERATED)).encode())

    return next_request


def _product_update(host: str, prefix: str) -> Callable[[], bytes]:
    ids = range(FIRST_PRODUCT, FIRST_PRODUCT + GENERATED)
    return _round_robin([_request("PUT", f"{PRODUCTS_API}/{i}", host, PRODUCT_UPDATE.encode()) for i in ids])


def _order_update(host: str, prefix: str) -> Callable[[], bytes]:
    ids = range(FIRST_ORDER, FIRST_ORDER + GENERATED)
    return _round_robin([_request("PUT", f"{ORDERS_API}/{i}", host, ORDER_UPDATE.encode()) for i in ids])


def order_records() -> list[dict[str, Any]]:
    """The served store's 1,000 orders: one per customer, statuses in turn, three line items each,
    dated over the year before the store's clock."""
    return [
        {
            "id": FIRST_ORDER + k,
            "customer_id": FIRST_ID + k,
            "status": ORDER_STATUSES[k % len(ORDER_STATUSES)],
            "payment_method": "bacs",
            "date_created_gmt": f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}T{k % 24:02d}:{k % 60:02d}:00",
            "line_items": [
                {"product_id": FIRST_PRODUCT + (3 * k + j) % GENERATED, "quantity": j + 1} for j in range(3)
            ],
        }
        for k in range(GENERATED)
    ]


def _update(host: str, prefix: str) -> Callable[[], bytes]:
    body = b'{"first_name":"X"}'
    return _round_robin([_request("PUT", f"{API}/{i}", host, body) for i in range(FIRST_ID, FIRST_ID + GENERATED)])


def _batch(host: str, prefix: str) -> Callable[[], bytes]:
    state = {"n": 0}
    item = '{"email":"' + prefix + '%d-%d@bench.test"}'

    def next_request() -> bytes:
        n = state["n"] = state["n"] + 1
        body = '{"create":[' + ",".join([item % (n, k) for k in range(1, 101)]) + "]}"
        return _request("POST", f"{API}/batch", host, body.encode())

    return next_request


SCENARIOS = [
    Scenario(
        "one",
        "GET one",
        "one",
        200,
        f"""local i = 0
request = function()
  i = (i + 1) % {GENERATED}
  return wrk.format("GET", "{API}/" .. (i + {FIRST_ID}))
end""",
        _get_one,
    ),
    Scenario(
        "page",
        "GET page of 100",
        "page",
        200,
        f"""local req = nil
request = function()
  if not req then req = wrk.format("GET", "{API}?per_page=100&role=all") end
  return req
end""",
        _get_page,
    ),
    Scenario(
        "create",
        "POST create",
        "create",
        201,
        f"""wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "{API}", nil, '{{"email":"' .. prefix .. n .. '@bench.test"}}')
end""",
        _create,
    ),
    Scenario(
        "update",
        "PUT update",
        "update",
        200,
        f"""wrk.headers["Content-Type"] = "application/json"
local i = 0
request = function()
  i = (i + 1) % {GENERATED}
  return wrk.format("PUT", "{API}/" .. (i + {FIRST_ID}), nil, '{{"first_name":"X"}}')
end""",
        _update,
    ),
    Scenario(
        "batch",
        "batch of 100 creates",
        "batch",
        200,
        f"""wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local items = {{}}
  for k = 1, 100 do items[k] = '{{"email":"' .. prefix .. n .. '-' .. k .. '@bench.test"}}' end
  return wrk.format("POST", "{API}/batch", nil, '{{"create":[' .. table.concat(items, ",") .. ']}}')
end""",
        _batch,
    ),
    Scenario(
        "product_one",
        "products: GET one",
        "product_one",
        200,
        f"""local i = 0
request = function()
  i = (i + 1) % {GENERATED}
  return wrk.format("GET", "{PRODUCTS_API}/" .. (i + {FIRST_PRODUCT}))
end""",
        _product_one,
    ),
    Scenario(
        "product_page",
        "products: GET page of 100",
        "product_page",
        200,
        f"""local req = nil
request = function()
  if not req then req = wrk.format("GET", "{PRODUCTS_API}?per_page=100") end
  return req
end""",
        _product_page,
    ),
    Scenario(
        "product_create",
        "products: POST create",
        "product_create",
        201,
        f"""wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local body = '{{"name":"Bench ' .. n .. '","regular_price":"9.99","sku":"' .. prefix .. '-' .. n .. '"}}'
  return wrk.format("POST", "{PRODUCTS_API}", nil, body)
end""",
        _product_create,
    ),
    Scenario(
        "product_update",
        "products: PUT update",
        "product_update",
        200,
        f"""wrk.headers["Content-Type"] = "application/json"
local i = 0
request = function()
  i = (i + 1) % {GENERATED}
  return wrk.format("PUT", "{PRODUCTS_API}/" .. (i + {FIRST_PRODUCT}), nil, '{PRODUCT_UPDATE}')
end""",
        _product_update,
    ),
    Scenario(
        "order_one",
        "orders: GET one",
        "order_one",
        200,
        f"""local i = 0
request = function()
  i = (i + 1) % {GENERATED}
  return wrk.format("GET", "{ORDERS_API}/" .. (i + {FIRST_ORDER}))
end""",
        _order_one,
    ),
    Scenario(
        "order_page",
        "orders: GET page of 100",
        "order_page",
        200,
        f"""local req = nil
request = function()
  if not req then req = wrk.format("GET", "{ORDERS_API}?per_page=100") end
  return req
end""",
        _order_page,
    ),
    Scenario(
        "order_create",
        "orders: POST create (3 line items)",
        "order_create",
        201,
        f"""wrk.headers["Content-Type"] = "application/json"
local n = 0
local body = '{ORDER_CREATE}'
request = function()
  n = n + 1
  return wrk.format("POST", "{ORDERS_API}", nil, string.format(body, {FIRST_ID} + n % {GENERATED}))
end""",
        _order_create,
    ),
    Scenario(
        "order_update",
        "orders: PUT update",
        "order_update",
        200,
        f"""wrk.headers["Content-Type"] = "application/json"
local i = 0
request = function()
  i = (i + 1) % {GENERATED}
  return wrk.format("PUT", "{ORDERS_API}/" .. (i + {FIRST_ORDER}), nil, '{ORDER_UPDATE}')
end""",
        _order_update,
    ),
]

LUA_HEADER = f"""wrk.headers["Authorization"] = "{AUTH}"
prefix = "x"
function init(args)
  if args[1] then prefix = args[1] end
end
"""
LUA_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WCBENCH {"requests":%.0f,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,'
    .. '"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# ---------------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def http_call(port: int, method: str, target: str, body: bytes | None = None, timeout: float = 30.0) -> tuple:
    """One request on a fresh connection: ``(status, [(name, value)], body)``."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Authorization": AUTH}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def proc_status(pid: int, field_name: str) -> int:
    """A ``/proc/<pid>/status`` figure in kB (0 when unavailable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def server_env(pycache: Path) -> dict[str, str]:
    """The servers' environment: bytecode written and read, in a cache of the run's own.

    An editable install under ``PYTHONDONTWRITEBYTECODE`` (as in some CI images) compiles every
    module at every start, which a user's installed wcmock never does (pip byte-compiles); a
    private ``PYTHONPYCACHEPREFIX`` keeps the checkout clean and the ceilings get the same."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def proc_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


def loaded_implementation(pid: int) -> tuple[str, str]:
    """The uvicorn loop and HTTP implementation a server process loaded, from its memory map."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return "unknown", "unknown"
    return ("uvloop" if "uvloop" in maps else "asyncio"), ("httptools" if "httptools" in maps else "h11")


class Server:
    """A server subprocess on a free port; ``start`` returns the cold start (spawn to first answer)."""

    def __init__(
        self, name: str, argv: Callable[[int], list[str]], log_path: Path, env: dict[str, str] | None = None
    ) -> None:
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self) -> float:
        self.port = free_port()
        with self.log_path.open("ab") as out:
            spawned = time.perf_counter()
            self.proc = subprocess.Popen(
                self.argv(self.port), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env
            )
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_path.read_text()}")
            if time.perf_counter() - spawned > READY_TIMEOUT:
                raise RuntimeError(f"{self.name} gave no answer within {READY_TIMEOUT} s:\n{self.log_path.read_text()}")
            try:
                status, _, _ = http_call(self.port, "GET", f"{API}/1", timeout=5.0)  # the administrator
            except OSError:
                time.sleep(0.002)
                continue
            if status == 200:
                return time.perf_counter() - spawned
            time.sleep(0.002)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# ---------------------------------------------------------------------------------------------- load


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float  # share of one core the server used during the run
    client_cpu: float  # share of one core the load generator used


class _Run:
    def __init__(self, next_request: Callable[[], bytes], expect: int) -> None:
        self.next_request = next_request
        self.expect = expect
        self.latencies: list[float] = []
        self.errors = 0
        self.window_end = float("inf")
        self.active = 0
        self.drained: asyncio.Future[None] | None = None

    def idle(self) -> None:
        self.active -= 1
        if self.active <= 0 and self.drained is not None and not self.drained.done():
            self.drained.set_result(None)


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, one request in flight; parses status line + Content-Length only."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.transport: asyncio.Transport | None = None
        self.head = bytearray()
        self.in_body = False
        self.remaining = 0
        self.status = 0
        self.sent = 0.0
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.run.active += 1
        self._send()

    def _send(self) -> None:
        self.busy = True
        request = self.run.next_request()
        self.sent = time.perf_counter()
        self.transport.write(request)  # type: ignore[union-attr]

    def _complete(self) -> None:
        now = time.perf_counter()
        run = self.run
        self.busy = False
        if now <= run.window_end:
            run.latencies.append(now - self.sent)
            if self.status != run.expect:
                run.errors += 1
            self._send()
        else:
            run.idle()

    def data_received(self, data: bytes) -> None:
        while data:
            if self.in_body:
                if len(data) < self.remaining:
                    self.remaining -= len(data)
                    return
                data = data[self.remaining :]
                self.in_body = False
                self._complete()
                continue
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.head[:end]).lower()
            data = bytes(self.head[end + 4 :])
            self.head.clear()
            self.status = int(head[9:12])
            at = head.find(b"\r\ncontent-length:")
            if at < 0:
                self.run.errors += 1
                self.transport.close()  # type: ignore[union-attr]
                return
            stop = head.find(b"\r\n", at + 2)
            self.remaining = int(head[at + 17 : stop if stop > 0 else None])
            if self.remaining:
                self.in_body = True
            else:
                self._complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.busy:
            self.busy = False
            if time.perf_counter() <= self.run.window_end:
                self.run.errors += 1
            self.run.idle()


async def _python_load(port: int, next_request: Callable[[], bytes], expect: int, seconds: float) -> tuple:
    loop = asyncio.get_running_loop()
    run = _Run(next_request, expect)
    run.drained = loop.create_future()
    transports = []
    try:
        started = time.perf_counter()
        run.window_end = started + seconds
        for _ in range(CONNECTIONS):
            transport, _ = await loop.create_connection(lambda: _Connection(run), HOST, port)
            transports.append(transport)
        await asyncio.sleep(max(0.0, run.window_end - time.perf_counter()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(run.drained), timeout=30)  # let the last answers arrive
        elapsed = min(time.perf_counter(), run.window_end) - started
    finally:
        for transport in transports:
            transport.abort()
    return run.latencies, run.errors, elapsed


def python_load(port: int, scenario: Scenario, prefix: str, seconds: float) -> tuple[Result, float]:
    next_request = scenario.python(f"{HOST}:{port}", prefix)
    cpu = time.process_time()
    latencies, errors, elapsed = asyncio.run(_python_load(port, next_request, scenario.expect, seconds))
    client = (time.process_time() - cpu) / elapsed
    latencies.sort()
    if not latencies:
        return Result(0.0, float("nan"), float("nan"), errors, 0.0, client), elapsed
    return (
        Result(
            len(latencies) / elapsed,
            _percentile(latencies, 50) * 1000,
            _percentile(latencies, 99) * 1000,
            errors,
            0.0,
            client,
        ),
        elapsed,
    )


def _percentile(ordered: list[float], pct: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def wrk_load(port: int, scenario: Scenario, prefix: str, seconds: float, script: Path) -> tuple[Result, float]:
    cmd = [
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{API}",
        "--",
        prefix,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("WCBENCH ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line[len("WCBENCH ") :])
    duration = data["duration_us"] / 1e6
    client = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / elapsed
    errors = sum(int(data[k]) for k in ("connect", "read", "write", "status", "timeout"))
    result = Result(data["requests"] / duration, data["p50_us"] / 1000, data["p99_us"] / 1000, errors, 0.0, client)
    return result, elapsed


def median_result(results: list[Result]) -> Result:
    return Result(
        statistics.median(r.rps for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        sum(r.errors for r in results),
        statistics.median(r.server_cpu for r in results),
        statistics.median(r.client_cpu for r in results),
    )


# ---------------------------------------------------------------------------------------------- scale (in process)


def scale_worker(count: int, workdir: Path) -> dict[str, Any]:
    """Runs in a fresh interpreter: the 100k store, a filtered page through the pipeline, resets."""
    import gc

    started = time.perf_counter()
    import wcmock
    import wcmock.rest.server

    import_wcmock = time.perf_counter() - started
    started = time.perf_counter()
    import faker  # build_store imports it lazily; imported first so its modules are not counted per customer

    import_faker = time.perf_counter() - started
    del faker

    def fixture(n: int) -> Path:
        path = workdir / f"scale-{n}.json"
        path.write_text(json.dumps({"customers": [ADMIN], "generate": {"count": n, "seed": 1}}))
        return path

    big = fixture(count)
    gc.collect()
    rss_before = proc_status(os.getpid(), "VmRSS")
    started = time.perf_counter()
    store = wcmock.build_store([big])
    load_s = time.perf_counter() - started
    gc.collect()
    rss_after = proc_status(os.getpid(), "VmRSS")
    customers = len(store)

    started = time.perf_counter()
    app = wcmock.create_app(store)
    create_app_s = time.perf_counter() - started
    server = app.state.server
    token = base64.b64encode(f"{wcmock.DEFAULT_CONSUMER_KEY}:{wcmock.DEFAULT_CONSUMER_SECRET}".encode()).decode()
    headers = {"authorization": f"Basic {token}"}

    def timed(server: Any, path: str, query: str, reps: int) -> tuple[list[float], int, dict[str, str]]:
        times, status, wire = [], 0, {}
        for _ in range(reps):
            raw = wcmock.rest.server.RawRequest(
                method="GET", path=path, query_string=query, headers=dict(headers), body=b"", home="http://x"
            )
            t0 = time.perf_counter()
            status, wire, _ = server.handle(raw)
            times.append((time.perf_counter() - t0) * 1000)
        return sorted(times), status, wire

    filtered, f_status, f_wire = timed(server, "/wc/v3/customers", "search=an&orderby=name&per_page=100&role=all", 50)
    one, o_status, _ = timed(server, f"/wc/v3/customers/{count // 2}", "", 50)
    gc.collect()
    rss_listed = proc_status(os.getpid(), "VmRSS")  # with the name-ordered list and its search texts
    after_write = []  # the same page right after a PUT renames someone: the kept order must follow
    for rep in range(30):
        body = json.dumps({"first_name": f"Renamed{rep}"}).encode()
        put = wcmock.rest.server.RawRequest(
            method="PUT",
            path=f"/wc/v3/customers/{2 + rep}",
            query_string="",
            headers={**headers, "content-type": "application/json"},
            body=body,
            home="http://x",
        )
        assert server.handle(put)[0] == 200
        after_write += timed(server, "/wc/v3/customers", "search=an&orderby=name&per_page=100&role=all", 1)[0]
    del app, server, store
    gc.collect()

    path = workdir / "products.json"
    path.write_text(json.dumps({"customers": [ADMIN], "sequences": {"posts": 11, "terms": 16},
                                "generate_products": {"count": count, "seed": 1}}))  # fmt: skip
    started = time.perf_counter()
    store = wcmock.build_store([path])
    products_load_s = time.perf_counter() - started
    server = wcmock.create_app(store).state.server
    p_filtered, p_status, p_wire = timed(server, "/wc/v3/products", PRODUCT_QUERY, 50)
    p_one, p_one_status, _ = timed(server, f"/wc/v3/products/{count // 2}", "", 50)
    p_after_write = []  # the same page right after a PUT changes a price: the kept indexes must follow
    for rep in range(30):
        put = wcmock.rest.server.RawRequest(
            method="PUT",
            path=f"/wc/v3/products/{11 + rep}",
            query_string="",
            headers={**headers, "content-type": "application/json"},
            body=json.dumps({"regular_price": f"{rep}.50"}).encode(),
            home="http://x",
        )
        assert server.handle(put)[0] == 200
        p_after_write += timed(server, "/wc/v3/products", PRODUCT_QUERY, 1)[0]
    del server, store
    gc.collect()

    # orders: `count` of them, ten per generated customer, as `wcmock generate --orders 10` makes them
    from wcmock.resources.orders.seed import generate_orders

    store = wcmock.build_store([fixture(count // 10)])
    started = time.perf_counter()
    orders_made = generate_orders(store, per_customer=10, seed=1)
    orders_load_s = time.perf_counter() - started
    server = wcmock.create_app(store).state.server
    customer = 2 + (count // 10) // 2
    by_customer = f"customer={customer}&status=completed&per_page=100"
    ord_customer, ord_customer_status, ord_customer_wire = timed(server, "/wc/v3/orders", by_customer, 50)
    ord_status, ord_status_status, ord_status_wire = timed(server, "/wc/v3/orders", ORDER_QUERY, 50)
    from wcmock.resources.orders.shell import orders_of

    some_order = sorted(orders_of(store).orders)[len(orders_of(store).orders) // 2]
    ord_one, ord_one_status, _ = timed(server, f"/wc/v3/orders/{some_order}", "", 50)
    ord_after_write = []  # the status page right after a PUT moves an order into it: the kept lists must follow
    for rep in range(30):
        put = wcmock.rest.server.RawRequest(
            method="PUT",
            path=f"/wc/v3/orders/{some_order + rep}",
            query_string="",
            headers={**headers, "content-type": "application/json"},
            body=b'{"status":"processing"}',
            home="http://x",
        )
        assert server.handle(put)[0] == 200
        ord_after_write += timed(server, "/wc/v3/orders", ORDER_QUERY, 1)[0]
    del server, store
    gc.collect()

    def reset_times(fixture_names: list[Any], reps: int = 20) -> tuple[list[float], int]:
        store = wcmock.build_store(fixture_names)
        size = len(store)
        times = []
        for rep in range(reps):
            for k in range(3):
                customers_of(store).create({"email": f"reset{rep}-{k}@bench.test"})
            t0 = time.perf_counter()
            store.reset()
            times.append((time.perf_counter() - t0) * 1000)
            assert len(store) == size, (len(store), size)
        return sorted(times), size

    reset_10k, size_10k = reset_times([fixture(10_000)])
    reset_default, size_default = reset_times(["default"])
    return {
        "count": customers,
        "import_wcmock_s": import_wcmock,
        "import_faker_s": import_faker,
        "load_s": load_s,
        "rss_delta_kb": rss_after - rss_before,
        "bytes_per_customer": (rss_after - rss_before) * 1024 / customers,
        "bytes_per_customer_listed": (rss_listed - rss_before) * 1024 / customers,
        "create_app_s": create_app_s,
        "filtered_p50_ms": statistics.median(filtered),
        "filtered_max_ms": filtered[-1],
        "filtered_status": f_status,
        "filtered_total": f_wire.get("x-wp-total"),
        "after_write_p50_ms": statistics.median(after_write),
        "after_write_max_ms": max(after_write),
        "one_p50_ms": statistics.median(one),
        "one_status": o_status,
        "reset_10k_ms": statistics.median(reset_10k),
        "reset_10k_max_ms": reset_10k[-1],
        "size_10k": size_10k,
        "reset_default_ms": statistics.median(reset_default),
        "size_default": size_default,
        "products_load_s": products_load_s,
        "products_filtered_p50_ms": statistics.median(p_filtered),
        "products_filtered_max_ms": p_filtered[-1],
        "products_filtered_status": p_status,
        "products_filtered_total": p_wire.get("x-wp-total"),
        "products_after_write_p50_ms": statistics.median(p_after_write),
        "products_one_p50_ms": statistics.median(p_one),
        "products_one_status": p_one_status,
        "orders_count": orders_made,
        "orders_load_s": orders_load_s,
        "orders_customer_p50_ms": statistics.median(ord_customer),
        "orders_customer_status": ord_customer_status,
        "orders_customer_total": ord_customer_wire.get("x-wp-total"),
        "orders_customer_query": by_customer,
        "orders_status_p50_ms": statistics.median(ord_status),
        "orders_status_max_ms": ord_status[-1],
        "orders_status_status": ord_status_status,
        "orders_status_total": ord_status_wire.get("x-wp-total"),
        "orders_after_write_p50_ms": statistics.median(ord_after_write),
        "orders_one_p50_ms": statistics.median(ord_one),
        "orders_one_status": ord_one_status,
    }


def run_scale(count: int, workdir: Path, timeout: float) -> dict[str, Any] | str:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--scale-worker", "--scale-count", str(count)]
    cmd += ["--workdir", str(workdir)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout:.0f} s"
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        return f"failed ({done.returncode}): {done.stderr.strip()[-2000:]}"
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------------------------- report


def fmt(value: float, digits: int = 0) -> str:
    if value != value:  # NaN
        return "—"
    return f"{value:,.{digits}f}"


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


# issue 18's targets, validation strict: requests/s as a share of bare Starlette's in the same run
# for customers, products and orders alike (a resource's scenario keys carry its prefix)
RATE_TARGETS = {
    f"{prefix}{kind}": share
    for prefix in ("", "product_", "order_")
    for kind, share in (("one", 0.9), ("page", 0.5), ("create", 0.5), ("update", 0.5))
}
P99_TARGET = 2.0  # p99 within 2x of bare (the single-request scenarios)
BATCH_ITEMS_TARGET = 20_000  # items a second through the batch endpoint
COLD_TARGETS = {"wcmock": 0.5, "wcmock-default": 0.3}


def cold_rows(cold: dict[str, float]) -> list[str]:
    """The cold-start rows of the main table (medians in seconds)."""
    b, r = cold["bare"], cold["raw"]
    rows = []
    for name, what in (("wcmock", f"{GENERATED + 1:,} customers"), ("wcmock-default", "bundled default fixture")):
        w, limit = cold[name], COLD_TARGETS[name]
        rows.append(
            f"| cold start to first answer s ({what}) | {w:.3f} | {b:.3f} | {r:.3f} | {w / b:.2f}x | < {limit:g} s | "
            f"{verdict(w < limit)} |"
        )
    return rows


def cold_note(cold: dict[str, list[float]]) -> list[str]:
    """How the cold starts were measured, with every start's figure."""
    shown = "; ".join(f"{name} " + ", ".join(f"{v:.3f}" for v in values) for name, values in cold.items())
    return [
        "Cold start: spawn to the first 200 of `GET /wp-json/wc/v3/customers/1`, median of 3 interleaved starts "
        "each, after one untimed start of every server; all four run with bytecode (PYTHONDONTWRITEBYTECODE "
        f"unset, a PYTHONPYCACHEPREFIX of the run's own), as an installed package is. Starts (s): {shown}."
    ]


def main_table(
    results: dict[str, dict[str, Result]],
    spreads: dict[str, list[float]],
    cold: dict[str, float],
    rss_kb: dict[str, int],
) -> tuple[list[str], list[str]]:
    lines = [
        "| measure | wcmock | bare Starlette | raw ASGI | wcmock / bare (spread over the runs) | target | met |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    failures = []
    for scenario in (s for s in SCENARIOS if s.key in results):
        w, b, r = (results[scenario.key][name] for name in ("wcmock", "bare", "raw"))
        ratio = w.rps / b.rps if b.rps else float("nan")
        spread = spreads[scenario.key]
        shown = f"{ratio:.2f}x ({min(spread):.2f}-{max(spread):.2f})"
        target, met = "", ""
        if scenario.key in RATE_TARGETS:
            target, met = f"≥ {RATE_TARGETS[scenario.key]:.2f}x bare", verdict(ratio >= RATE_TARGETS[scenario.key])
        lines.append(
            f"| {scenario.label}: requests/s | {fmt(w.rps)} | {fmt(b.rps)} | {fmt(r.rps)} | {shown} "
            f"| {target} | {met} |"
        )
        us = [1e6 * x.server_cpu / x.rps if x.rps else float("nan") for x in (w, b, r)]
        lines.append(
            f"| {scenario.label}: server CPU µs a request (over raw: wcmock {us[0] - us[2]:.0f}, "
            f"bare {us[1] - us[2]:.0f}) | {fmt(us[0])} | {fmt(us[1])} | {fmt(us[2])} | {us[1] / us[0]:.2f}x | | |"
        )
        if scenario.key == "batch":
            items = w.rps * 100
            lines.append(
                f"| {scenario.label}: customers created a second | {fmt(items)} | | | | "
                f"≥ {BATCH_ITEMS_TARGET:,} | {verdict(items >= BATCH_ITEMS_TARGET)} |"
            )
        for label, attr in (("p50", "p50_ms"), ("p99", "p99_ms")):
            wv, bv, rv = getattr(w, attr), getattr(b, attr), getattr(r, attr)
            ratio = wv / bv if bv else float("nan")
            target, met = "", ""
            if label == "p99" and scenario.key in RATE_TARGETS:
                target, met = f"≤ {P99_TARGET:g}x bare", verdict(ratio <= P99_TARGET)
            lines.append(
                f"| {scenario.label}: {label} ms | {fmt(wv, 2)} | {fmt(bv, 2)} | {fmt(rv, 2)} | {ratio:.2f}x "
                f"| {target} | {met} |"
            )
        for name, x in (("wcmock", w), ("bare", b), ("raw", r)):
            if x.errors:
                failures.append(f"{scenario.label} on {name}: {x.errors} failed or unexpected answers")
    lines += cold_rows(cold)
    w, b, r = (rss_kb[name] / 1024 for name in ("wcmock", "bare", "raw"))
    lines.append(f"| peak RSS MB (VmHWM) | {w:.1f} | {b:.1f} | {r:.1f} | {w / b:.2f}x | | |")
    return lines, failures


def scale_table(scale: dict[str, Any] | str, count: int) -> list[str]:
    if isinstance(scale, str):
        return [f"Scale section: {scale}"]
    per = scale["bytes_per_customer"]
    n = f"{scale['count']:,}"
    return [
        "| in process (no server) | figure | target | met |",
        "| --- | ---: | --- | --- |",
        f"| load {n} generated customers (`build_store`) s | {scale['load_s']:.2f} | < 3 s | "
        f"{verdict(scale['load_s'] < 3)} |",
        f"| memory per customer (RSS delta / {n}) | {per / 1024:.2f} KB | < 2 KB | {verdict(per < 2048)} |",
        f"| same, once a name-ordered list and its search texts exist | "
        f"{scale['bytes_per_customer_listed'] / 1024:.2f} KB | | |",
        f"| `create_app(store)` with {n} customers s | {scale['create_app_s']:.3f} | | |",
        f"| filtered ordered page, p50 ms (search=an, orderby=name, 100 per page; "
        f"{scale['filtered_total']} matches, status {scale['filtered_status']}) | "
        f"{scale['filtered_p50_ms']:.2f} | < 20 ms | {verdict(scale['filtered_p50_ms'] < 20)} |",
        f"| same, slowest of 50 ms (the first builds the ordered list) | {scale['filtered_max_ms']:.2f} | | |",
        f"| same page right after a PUT that renames a customer, p50 / slowest of 30 ms | "
        f"{scale['after_write_p50_ms']:.2f} / {scale['after_write_max_ms']:.2f} | < 20 ms | "
        f"{verdict(scale['after_write_p50_ms'] < 20)} |",
        f"| GET one of {n}, p50 ms (status {scale['one_status']}) | {scale['one_p50_ms']:.3f} | | |",
        f"| `store.reset()` of {scale['size_10k']:,} customers after 3 creates, median ms | "
        f"{scale['reset_10k_ms']:.3f} | < 5 ms | {verdict(scale['reset_10k_ms'] < 5)} |",
        f"| `store.reset()` of the default fixture ({scale['size_default']} customers), median ms | "
        f"{scale['reset_default_ms']:.3f} | | |",
        f"| import wcmock / import faker s | {scale['import_wcmock_s']:.2f} / {scale['import_faker_s']:.2f} | | |",
        f"| load {n} generated products (`generate_products`) s | {scale['products_load_s']:.2f} | | |",
        f"| products: filtered ordered page, p50 ms ({PRODUCT_QUERY}; {scale['products_filtered_total']} matches, "
        f"status {scale['products_filtered_status']}) | {scale['products_filtered_p50_ms']:.2f} | < 20 ms | "
        f"{verdict(scale['products_filtered_p50_ms'] < 20)} |",
        f"| same, slowest of 50 ms (the first builds the kept indexes) | {scale['products_filtered_max_ms']:.2f} | | |",
        f"| same page right after a PUT that changes a price, p50 ms | {scale['products_after_write_p50_ms']:.2f} "
        f"| < 20 ms | {verdict(scale['products_after_write_p50_ms'] < 20)} |",
        f"| products: GET one of {n}, p50 ms (status {scale['products_one_status']}) | "
        f"{scale['products_one_p50_ms']:.3f} | | |",
        f"| load {scale['orders_count']:,} generated orders (`generate_orders`, 10 per customer) s | "
        f"{scale['orders_load_s']:.2f} | | |",
        f"| orders: page by customer and status, p50 ms ({scale['orders_customer_query']}; "
        f"{scale['orders_customer_total']} matches, status {scale['orders_customer_status']}) | "
        f"{scale['orders_customer_p50_ms']:.2f} | < 20 ms | {verdict(scale['orders_customer_p50_ms'] < 20)} |",
        f"| orders: page by status, p50 ms ({ORDER_QUERY}; {scale['orders_status_total']} matches, "
        f"status {scale['orders_status_status']}) | {scale['orders_status_p50_ms']:.2f} | < 20 ms | "
        f"{verdict(scale['orders_status_p50_ms'] < 20)} |",
        f"| same, slowest of 50 ms (the first builds the kept lists) | {scale['orders_status_max_ms']:.2f} | | |",
        f"| same page right after a PUT that moves an order into the status, p50 ms | "
        f"{scale['orders_after_write_p50_ms']:.2f} | < 20 ms | {verdict(scale['orders_after_write_p50_ms'] < 20)} |",
        f"| orders: GET one of {scale['orders_count']:,}, p50 ms (status {scale['orders_one_status']}) | "
        f"{scale['orders_one_p50_ms']:.3f} | | |",
    ]


def versions() -> str:
    names = ("wcmock", "starlette", "uvicorn", "uvloop", "httptools", "jsonschema", "jsonschema-rs", "orjson", "faker")
    found = []
    for name in names:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{name} {importlib.metadata.version(name)}")
    return ", ".join(found)


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


# ---------------------------------------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="wcmock against a bare Starlette app of the same answers.")
    parser.add_argument("--quick", action="store_true", help="1 s runs instead of 5 s")
    parser.add_argument("--duration", type=float, help="seconds per run (default 5, or 1 with --quick)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per server and scenario (median)")
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto", help="auto: wrk if on PATH")
    parser.add_argument("--scale-count", type=int, default=100_000, help="customers in the scale section")
    parser.add_argument("--no-scale", action="store_true", help="skip the in-process scale section")
    parser.add_argument("--cold-only", action="store_true", help="only the cold starts (no load, no scale)")
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        default=[],
        help=f"only these scenarios, comma-separated, of: {', '.join(s.key for s in SCENARIOS)}",
    )
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.scale_worker:
        print(json.dumps(scale_worker(args.scale_count, args.workdir)))
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks below
    unknown = set(args.only) - {s.key for s in SCENARIOS}
    if unknown:
        raise SystemExit(f"--only: no scenario {', '.join(sorted(unknown))}")
    chosen = [s for s in SCENARIOS if not args.only or s.key in args.only]
    seconds = args.duration or (1.0 if args.quick else 5.0)
    warmup = min(1.0, seconds)
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and shutil.which("wrk") is not None)
    if use_wrk and shutil.which("wrk") is None:
        raise SystemExit("wrk is not on PATH")
    wcmock_exe = Path(sys.executable).parent / "wcmock"
    if not wcmock_exe.exists():
        raise SystemExit(f"no wcmock console script beside {sys.executable}: install wcmock in this environment")
    command = shlex.join(sys.orig_argv)
    workdir = Path(tempfile.mkdtemp(prefix="wcmock-bench-"))
    servers: list[Server] = []
    try:
        fixture = workdir / "customers.json"
        served = {
            "customers": [ADMIN],
            "generate": {"count": GENERATED, "seed": 1},
            "sequences": {"posts": FIRST_PRODUCT, "terms": 16},
            "generate_products": {"count": GENERATED, "seed": 1},
            "orders": order_records(),
        }
        fixture.write_text(json.dumps(served))
        responses = workdir / "responses.json"
        impl: dict[str, str] = {"loop": "auto", "http": "auto"}

        def wcmock_argv(port: int) -> list[str]:
            return [
                *(str(wcmock_exe), "serve", "--host", HOST, "--port", str(port), "--fixtures", str(fixture)),
                *("--consumer-key", CONSUMER_KEY, "--consumer-secret", CONSUMER_SECRET),
            ]

        def bare_argv(port: int) -> list[str]:
            return [
                *(sys.executable, str(HERE / "bare_app.py"), "--responses", str(responses)),
                *("--host", HOST, "--port", str(port), "--loop", impl["loop"], "--http", impl["http"]),
            ]

        def raw_argv(port: int) -> list[str]:
            return [*bare_argv(port), "--raw"]

        def wcmock_default_argv(port: int) -> list[str]:
            argv = wcmock_argv(port)
            at = argv.index("--fixtures")
            return argv[:at] + argv[at + 2 :]

        env = server_env(workdir / "pycache")
        wcmock = Server("wcmock", wcmock_argv, workdir / "wcmock.log", env)
        wcmock_default = Server("wcmock-default", wcmock_default_argv, workdir / "wcmock-default.log", env)
        bare = Server("bare", bare_argv, workdir / "bare.log", env)
        raw = Server("raw", raw_argv, workdir / "raw.log", env)
        servers += [wcmock, bare, raw, wcmock_default]
        cold: dict[str, list[float]] = {"wcmock": [], "bare": [], "raw": [], "wcmock-default": []}

        # cold starts, interleaved, after an untimed round that writes the bytecode; each wcmock start
        # also provides the answers the next bare app serves
        for attempt in range(-1, 3):
            log(f"cold start {attempt + 1}/3" if attempt >= 0 else "cold start: untimed round (bytecode)")
            timed = wcmock_default.start()
            wcmock_default.stop()
            if attempt >= 0:
                cold["wcmock-default"].append(timed)
            timed = wcmock.start()
            if attempt >= 0:
                cold["wcmock"].append(timed)
            impl["loop"], impl["http"] = loaded_implementation(wcmock.pid)
            responses.write_text(json.dumps(capture_answers(wcmock.port)))  # links carry this wcmock's port
            if attempt < 2:
                wcmock.stop()
            for ceiling in (bare, raw):
                timed = ceiling.start()
                if attempt >= 0:
                    cold[ceiling.name].append(timed)
                if attempt < 2:
                    ceiling.stop()
        bare_impl = loaded_implementation(bare.pid)
        if args.cold_only:
            for server in servers:
                server.stop()
            shutil.rmtree(workdir, ignore_errors=True)
            cold_median = {name: statistics.median(values) for name, values in cold.items()}
            print("\n".join([f"Command: `{command}`", "", *cold_rows(cold_median), "", *cold_note(cold)]))
            return 0
        check_sizes(wcmock.port, bare.port, raw.port)

        results: dict[str, dict[str, Result]] = {}
        spreads: dict[str, list[float]] = {}  # wcmock / bare requests/s of each repetition
        scripts: dict[str, Path] = {}
        for scenario in chosen:
            script = scripts[scenario.key] = workdir / f"{scenario.key}.lua"
            script.write_text(LUA_HEADER + scenario.lua + LUA_DONE)
        tag = f"b{os.getpid()}r"
        serial = 0

        def drive(server: Server, scenario: Scenario, secs: float, *, warm_up: bool) -> Result:
            nonlocal serial
            serial += 1
            if server is wcmock and (warm_up or scenario.key not in READS):
                reset(wcmock.port)  # reads change nothing: they run on the store their warm-up left
            prefix = f"{tag}{serial}x"
            cpu = proc_cpu_seconds(server.pid)
            if use_wrk:
                result, elapsed = wrk_load(server.port, scenario, prefix, secs, scripts[scenario.key])
            else:
                result, elapsed = python_load(server.port, scenario, prefix, secs)
            result.server_cpu = (proc_cpu_seconds(server.pid) - cpu) / elapsed
            return result

        for scenario in chosen:
            runs: dict[str, list[Result]] = {"wcmock": [], "bare": [], "raw": []}
            for rep in range(-1, args.repeat):  # round -1: the warm-up, not counted
                for server in (wcmock, bare, raw):
                    result = drive(server, scenario, warmup if rep < 0 else seconds, warm_up=rep < 0)
                    if rep < 0:
                        continue
                    runs[server.name].append(result)
                    log(
                        f"{scenario.label:22} {server.name:6} run {rep + 1}: {result.rps:9.1f} r/s  "
                        f"p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms  errors {result.errors}  "
                        f"server CPU {result.server_cpu:4.0%}  load generator CPU {result.client_cpu:4.0%}"
                    )
            results[scenario.key] = {name: median_result(rs) for name, rs in runs.items()}
            spreads[scenario.key] = [
                w.rps / b.rps if b.rps else float("nan") for w, b in zip(runs["wcmock"], runs["bare"], strict=True)
            ]
        rss_kb = {server.name: proc_status(server.pid, "VmHWM") for server in (wcmock, bare, raw)}
    finally:
        for server in servers:
            server.stop()

    try:
        scale: dict[str, Any] | str = "skipped (--no-scale)"
        if not args.no_scale:
            log(f"scale section: {args.scale_count:,} customers in process")
            scale = run_scale(args.scale_count, workdir, timeout=600)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    cold_median = {name: statistics.median(values) for name, values in cold.items()}
    table, failures = main_table(results, spreads, cold_median, rss_kb)
    loadgen = (
        f"wrk ({subprocess.run(['wrk', '--version'], capture_output=True, text=True, check=False).stdout.split()[1]}), "
        f"1 thread, {CONNECTIONS} connections"
        if use_wrk
        else f"Python asyncio load generator, {CONNECTIONS} keep-alive connections, one request in flight each"
    )
    out = [
        "## wcmock against bare Starlette and a raw ASGI callable serving the same bytes",
        "",
        f"Command: `{command}`",
        "",
        f"Load: {loadgen}; {seconds:g} s per run, median of {args.repeat} runs interleaved wcmock / bare / raw, "
        f"after a {warmup:g} s warm-up each. wcmock serves {GENERATED + 1:,} customers. All under uvicorn "
        f"(log level warning, loop {impl['loop']}, http {impl['http']}; bare app seen loading "
        f"{bare_impl[0]} / {bare_impl[1]}). Server CPU µs a request: the server process's CPU time over the "
        "run divided by the requests it answered (uvicorn included); it moves less than requests/s when other "
        "work shares the cores, and its ratio (bare / wcmock) is what requests/s would show on a quiet machine; "
        '"over raw" is what wcmock adds to the stack\'s ceiling.',
        f"Machine: {os.cpu_count()} CPUs ({cpu_model()}), load generator on the same CPUs; Python "
        f"{platform.python_version()}; {versions()}.",
        "",
        *table,
        "",
        *cold_note(cold),
        "",
        "Server CPU during the runs (median share of one core), wcmock / bare / raw: "
        + "; ".join(f"{s.label} " + " / ".join(f"{r.server_cpu:.0%}" for r in results[s.key].values()) for s in chosen)
        + ". Load generator: "
        + "; ".join(f"{s.label} " + " / ".join(f"{r.client_cpu:.0%}" for r in results[s.key].values()) for s in chosen)
        + ".",
        "",
        "### Scale",
        "",
        *scale_table(scale, args.scale_count),
    ]
    if failures:
        out += ["", "Failed or unexpected answers during the runs: " + "; ".join(failures) + "."]
    print("\n".join(out))
    return 0


def capture_answers(port: int) -> dict[str, Any]:
    """One real wcmock answer per route, as the bare app will serve them."""
    answers = {}
    batch = {"create": [{"email": f"capture-batch-{k}@bench.test"} for k in range(1, 101)]}
    calls = {
        "one": ("GET", f"{API}/{FIRST_ID}", None, 200),
        "page": ("GET", f"{API}?per_page=100&role=all", None, 200),
        "create": ("POST", API, b'{"email":"capture-create@bench.test"}', 201),
        "update": ("PUT", f"{API}/{FIRST_ID}", b'{"first_name":"X"}', 200),
        "batch": ("POST", f"{API}/batch", json.dumps(batch).encode(), 200),
        "product_one": ("GET", f"{PRODUCTS_API}/{FIRST_PRODUCT}", None, 200),
        "product_page": ("GET", f"{PRODUCTS_API}?per_page=100", None, 200),
        "product_create": ("POST", PRODUCTS_API, b'{"name":"Capture","regular_price":"9.99","sku":"capture"}', 201),
        "order_one": ("GET", f"{ORDERS_API}/{FIRST_ORDER}", None, 200),
        "order_page": ("GET", f"{ORDERS_API}?per_page=100", None, 200),
        "order_create": ("POST", ORDERS_API, (ORDER_CREATE % FIRST_ID).encode(), 201),
        "product_update": ("PUT", f"{PRODUCTS_API}/{FIRST_PRODUCT}", PRODUCT_UPDATE.encode(), 200),
        "order_update": ("PUT", f"{ORDERS_API}/{FIRST_ORDER}", ORDER_UPDATE.encode(), 200),
    }
    for name, (method, target, body, expect) in calls.items():
        status, headers, payload = http_call(port, method, target, body)
        if status != expect:
            raise RuntimeError(f"wcmock answered {method} {target} with {status}: {payload[:500]!r}")
        if name == "batch":
            created = json.loads(payload).get("create", [])
            if len(created) != 100 or any("error" in item for item in created):
                raise RuntimeError(f"wcmock's batch did not create 100 customers: {payload[:500]!r}")
        answers[name] = {"status": status, "headers": headers, "body": base64.b64encode(payload).decode()}
    status, _, payload = http_call(port, "GET", f"{API}/{FIRST_ID + GENERATED - 1}")
    if status != 200:
        raise RuntimeError(f"expected customers {FIRST_ID}..{FIRST_ID + GENERATED - 1}: {payload[:300]!r}")
    reset(port)
    return answers


def check_sizes(wcmock_port: int, *ceiling_ports: int) -> None:
    for target in (f"{API}/{FIRST_ID}", f"{API}?per_page=100&role=all"):
        expected = len(http_call(wcmock_port, "GET", target)[2])
        for port in ceiling_ports:
            size = len(http_call(port, "GET", target)[2])
            if abs(expected - size) > expected // 100:
                raise RuntimeError(f"the app on port {port} answers {target} with {size} bytes, wcmock with {expected}")


def reset(port: int) -> None:
    status, _, payload = http_call(port, "POST", "/__wcmock__/reset")
    if status != 200:
        raise RuntimeError(f"reset failed: {status} {payload[:300]!r}")


if __name__ == "__main__":
    sys.exit(main())
