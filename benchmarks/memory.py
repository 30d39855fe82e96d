"""Memory of ``wcmock serve`` over 100,000 requests: it must stay flat.

    python benchmarks/memory.py                     # 100,000 requests, wcmock as it is
    python benchmarks/memory.py --compare           # and the same against the old gc.freeze() per collection
    python benchmarks/memory.py --requests 20000    # a shorter run

Starts ``wcmock serve`` (this interpreter's environment) on a free port of 127.0.0.1 with the
default fixture and sends a mix that leaves the store's size unchanged, over 4 keep-alive
connections: GET one customer, GET a page, PUT an update, POST a create then DELETE it (force), and
a 404. Every 10,000 requests it reads the server's resident memory (``VmRSS`` in /proc) and prints a
table of RSS by request count, with the write latencies (PUT and POST) the collector's settings are
there to keep low. ``--compare`` runs the same load against a server that freezes what survives every
full collection, as wcmock once did, to show the difference. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"
CK, CS = "ck_wcmock_memory", "cs_wcmock_memory"
AUTH = {
    "Authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode(),
    "Content-Type": "application/json",
}
API = "/wp-json/wc/v3/customers"
CONNECTIONS = 4
SAMPLE_EVERY = 10_000
OLD_FREEZE = (  # wcmock before issue 15: freeze whatever each full collection leaves alive
    "import gc; gc.callbacks.append(lambda phase, info: gc.freeze() "
    "if phase == 'stop' and info['generation'] == 2 else None); "
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def start(port: int, *, old_freeze: bool) -> subprocess.Popen[bytes]:
    code = (OLD_FREEZE if old_freeze else "") + "from wcmock.cli import main; main()"
    argv = [sys.executable, "-c", code, "serve", "--port", str(port), "--consumer-key", CK, "--consumer-secret", CS]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("wcmock serve did not start")


class Load:
    """Worker threads sending the mix; ``sent`` counts requests, ``writes`` keeps write latencies."""

    def __init__(self, port: int, total: int) -> None:
        self.port, self.total = port, total
        self.sent = 0
        self.writes: list[float] = []
        self.lock = threading.Lock()

    def run(self) -> None:
        threads = [threading.Thread(target=self._worker, args=(n,)) for n in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _take(self, count: int) -> bool:
        with self.lock:
            if self.sent >= self.total:
                return False
            self.sent += count
            return True

    def _worker(self, number: int) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        step = 0
        while self._take(6):
            step += 1
            self._call(connection, "GET", f"{API}/25")
            self._call(connection, "GET", f"{API}?per_page=10&role=all")
            self._call(connection, "GET", f"{API}/999999")
            self._call(connection, "PUT", f"{API}/26", {"first_name": f"J{step % 97}"}, timed=True)
            created = self._call(connection, "POST", API, {"email": f"m{number}-{step}@example.org"}, timed=True)
            self._call(connection, "DELETE", f"{API}/{json.loads(created)['id']}?force=true")
        connection.close()

    def _call(self, connection: http.client.HTTPConnection, method: str, target: str, body: object = None,
              *, timed: bool = False) -> bytes:  # fmt: skip
        started = time.perf_counter()
        connection.request(method, target, body=json.dumps(body) if body is not None else None, headers=AUTH)
        answer = connection.getresponse().read()
        if timed:
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.writes.append(elapsed)
        return answer


def measure(total: int, *, old_freeze: bool) -> tuple[list[tuple[int, float]], list[float]]:
    port = free_port()
    process = start(port, old_freeze=old_freeze)
    samples = [(0, rss_mb(process.pid))]
    load = Load(port, total)
    runner = threading.Thread(target=load.run)
    runner.start()
    next_mark = SAMPLE_EVERY
    while runner.is_alive() or next_mark <= total:
        if load.sent >= next_mark or not runner.is_alive():
            samples.append((min(load.sent, total), rss_mb(process.pid)))
            next_mark += SAMPLE_EVERY
        time.sleep(0.05)
    runner.join()
    process.terminate()
    process.wait(10)
    return samples, sorted(load.writes)


def percentile(ordered: list[float], pct: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--compare", action="store_true", help="also run the old gc.freeze() per full collection")
    options = parser.parse_args()
    runs = {"wcmock": measure(options.requests, old_freeze=False)}
    if options.compare:
        runs["old freeze per collection"] = measure(options.requests, old_freeze=True)
    names = list(runs)
    print(f"RSS (MB) of wcmock serve by requests served ({CONNECTIONS} connections, store size unchanged)\n")
    print("| requests | " + " | ".join(names) + " |")
    print("| ---: | " + " | ".join("---:" for _ in names) + " |")
    for row in range(len(runs[names[0]][0])):
        count = runs[names[0]][0][row][0]
        print(
            f"| {count:,} | " + " | ".join(f"{runs[n][0][row][1]:.1f}" for n in names if row < len(runs[n][0])) + " |"
        )
    print("\n| | " + " | ".join(names) + " |\n| --- | " + " | ".join("---:" for _ in names) + " |")
    growth = [runs[n][0][-1][1] - runs[n][0][1][1] for n in names]
    print("| RSS growth after the first 10,000 (MB) | " + " | ".join(f"{g:+.1f}" for g in growth) + " |")
    for label, pct in (("write p50 (ms)", 50), ("write p99 (ms)", 99), ("write p99.9 (ms)", 99.9)):
        print(f"| {label} | " + " | ".join(f"{percentile(runs[n][1], pct):.2f}" for n in names) + " |")
    print("| write max (ms) | " + " | ".join(f"{max(runs[n][1]):.1f}" for n in names) + " |")
    print("| writes timed | " + " | ".join(f"{len(runs[n][1]):,}" for n in names) + " |")
    print(f"\ncommand: python benchmarks/memory.py --requests {options.requests}" + " --compare" * options.compare)


if __name__ == "__main__":
    main()
