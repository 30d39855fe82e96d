"""Where a cold start's time goes, in process: the stages ``wcmock serve`` runs before its first answer.

    python benchmarks/cold_start.py               # 5 fresh interpreters, the median of each stage
    python benchmarks/cold_start.py --runs 9

Each run is a fresh interpreter (with bytecode in a private ``PYTHONPYCACHEPREFIX``, after one
untimed run, as ``run.py`` starts its servers) that times, in CPU seconds (steadier than wall time
on a shared machine): importing uvicorn (what any app under uvicorn pays), importing wcmock's CLI
and server, ``asgi_app`` of the bundled default fixture (the app ``wcmock serve`` runs: Starlette
waits for the first request outside ``/wp-json``), freezing the loaded store, and the first
``GET /wp-json/wc/v3/customers/1`` through the ASGI app. Collections are off from the
import to the freeze, as ``wcmock serve`` runs. uvicorn's own start (config, loop, socket) is not
in it: ``run.py``'s cold-start rows measure spawn to first answer over the socket.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KEY, SECRET = "ck_wcmock_benchmark", "cs_wcmock_benchmark"
STAGES = ("uvicorn", "import wcmock", "asgi_app", "freeze", "first answer")

CHILD = """
import asyncio, base64, gc, json, time
clock = time.process_time
marks = [clock()]
import uvicorn
marks.append(clock())
gc.disable()  # as cli.serve does before importing the server
import wcmock.cli
import wcmock.server as server
marks.append(clock())
app = wcmock.server.asgi_app(consumer_key=KEY, consumer_secret=SECRET, allowed_hosts=["127.0.0.1"])
marks.append(clock())
server._freeze_the_loaded_store()
gc.enable()
marks.append(clock())
auth = b"Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode())
scope = {
    "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
    "path": "/wp-json/wc/v3/customers/1", "raw_path": b"/wp-json/wc/v3/customers/1", "query_string": b"",
    "root_path": "", "headers": [(b"host", b"127.0.0.1:8080"), (b"authorization", auth)],
    "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8080),
}
sent = []

async def receive():
    return {"type": "http.request", "body": b"", "more_body": False}

async def send(message):
    sent.append(message)

asyncio.run(app(scope, receive, send))
marks.append(clock())
assert sent[0]["status"] == 200, sent
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""


def run_once(env: dict[str, str]) -> list[float]:
    code = f"KEY, SECRET = {KEY!r}, {SECRET!r}\n" + CHILD
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    stages: list[float] = json.loads(out.stdout)
    return stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wcmock-cold-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(cache))
        run_once(env)  # untimed: writes the bytecode
        runs = [run_once(env) for _ in range(args.runs)]
    medians = [statistics.median(run[i] for run in runs) for i in range(len(STAGES))]
    print(f"CPU seconds, median of {args.runs} fresh interpreters (bytecode cached, collections off until the freeze)")
    print()
    print("| stage | s |")
    print("| --- | ---: |")
    for stage, value in zip(STAGES, medians, strict=True):
        print(f"| {stage} | {value:.3f} |")
    print(f"| wcmock's share (all but the first row) | {sum(medians[1:]):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
