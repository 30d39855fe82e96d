"""``wcmock serve`` as a process: memory that stays flat, a prompt and clean shutdown, and clear
errors (never tracebacks) for settings and paths it cannot use."""

from __future__ import annotations

import base64
import gc
import json
import re
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn
from click.testing import CliRunner

from wcmock import cli, create_app
from wcmock.fixtures import FixtureError
from wcmock.harness.hub import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET
from wcmock.resources.orders.models import Order
from wcmock.resources.products.models import Product
from wcmock.rest.renderings import Rendered
from wcmock.server import RECLAIM_CHECK_TICKS, RECLAIM_LOAD_FLOOR, RECLAIM_WAIT, KeptOutOfCollections

SERVE = [sys.executable, "-c", "from wcmock.cli import main; main()", "serve", "--port", "0"]


def start(*options: str) -> tuple[subprocess.Popen[str], str, str]:
    """A ``wcmock serve`` process, its URL and its banner, once it answers."""
    process = subprocess.Popen([*SERVE, *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    banner = ""
    while "reset:" not in banner:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(banner + (process.stderr.read() if process.stderr else ""))
        banner += line
    url = re.search(r"at (https?://\S+)", banner)
    assert url, banner
    return process, url.group(1), banner


def close_sockets(server: uvicorn.Server, sockets: Any = None) -> None:
    """``uvicorn.Server.run`` in place of serving: the listening socket serve() bound is closed."""
    for sock in sockets or ():
        sock.close()


# ---------------------------------------------------------------------- memory


def finish(step: Any) -> Any:
    """Run a coroutine that never waits (a tick that is not a second's) to its end, with no event
    loop (one may be running in this thread already, under the suite's other tests)."""
    try:
        step.send(None)
    except StopIteration as done:
        return done.value
    raise AssertionError("the tick waited for something")


class Cycle:
    """A reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_serving_freezes_what_is_alive_at_each_tick_and_reference_counting_still_frees_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loaded store is frozen at start-up, what requests keep at every tick of uvicorn's loop
    (no collection walks it again), and what is frozen goes as soon as nothing holds it."""
    seen: dict[str, Any] = {}

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        close_sockets(self, sockets)
        seen["frozen at start"] = gc.get_freeze_count()
        seen["collecting while serving"] = gc.isenabled()
        kept_by_writes = [{"record": n, "links": [n]} for n in range(5000)]
        seen["frozen before the tick"] = gc.get_freeze_count()
        finish(self.on_tick(1))
        seen["frozen after the tick"] = gc.get_freeze_count()
        del kept_by_writes
        seen["frozen once they are gone"] = gc.get_freeze_count()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    callbacks = list(gc.callbacks)
    try:
        result = CliRunner().invoke(cli.main, ["serve", "--port", "0"])
        assert result.exit_code == 0, result.output
        assert seen["frozen at start"] > 0
        assert seen["collecting while serving"]  # start-up runs without collections, serving with them
        # frozen objects may be freed at any moment (by other threads too), never frozen but by a tick
        assert seen["frozen before the tick"] <= seen["frozen at start"]
        assert seen["frozen after the tick"] >= seen["frozen before the tick"] + 10_000  # 5,000 dicts, 5,000 lists
        assert seen["frozen once they are gone"] < seen["frozen before the tick"] + 1_000
        assert gc.callbacks == callbacks
    finally:
        gc.callbacks[:] = callbacks
        gc.unfreeze()


def post(app: Any, path: str, body: bytes, authorization: str) -> int:
    """One POST through an ASGI app, run to its end with no event loop (see ``finish``): its status."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [
        (b"host", b"127.0.0.1"),
        (b"authorization", authorization.encode()),
        (b"content-type", b"application/json"),
    ]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST"}
    scope |= {"scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": ""}
    scope |= {"headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8080)}
    finish(app(scope, receive, send))
    return int(sent[0]["status"])


def test_what_a_ticks_writes_keep_is_frozen_before_a_young_collection_walks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serving, a young collection would only walk what writes keep (the tick freezes it anyway)
    and free nothing, so its threshold is above what a tick's writes keep: 1,000 customer creates
    (a tick's at 10,000 a second) start no collection, and the next tick freezes what they keep."""
    seen: dict[str, Any] = {}
    authorization = "Basic " + base64.b64encode(f"{DEFAULT_CONSUMER_KEY}:{DEFAULT_CONSUMER_SECRET}".encode()).decode()

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        close_sockets(self, sockets)
        finish(self.on_tick(1))  # what start-up left is frozen: the tick starts from nothing
        collections: list[int] = []

        def started(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collections.append(info["generation"])

        gc.callbacks.append(started)
        try:
            statuses = {
                post(self.config.app, "/wp-json/wc/v3/customers", b'{"email":"c%d@tick.test"}' % n, authorization)
                for n in range(1_000)
            }
        finally:
            gc.callbacks.remove(started)
        seen.update(statuses=statuses, collections=collections, before=gc.get_freeze_count())
        finish(self.on_tick(2))
        seen["after"] = gc.get_freeze_count()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    thresholds = gc.get_threshold()
    try:
        result = CliRunner().invoke(cli.main, ["serve", "--port", "0"])
        assert result.exit_code == 0, result.output
        assert seen["statuses"] == {201}
        assert seen["collections"] == []
        assert seen["after"] >= seen["before"] + 5_000  # the creates' records, renderings and journal entries
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_garbage_cycles_frozen_by_a_tick_are_collected_once_the_frozen_have_doubled() -> None:
    """A cycle alive at a tick and dropped later is out of every collection's reach, until the
    process's memory has grown to twice what the last collection of everything left: then all of it
    is collected and what is left frozen again."""
    was_on = gc.isenabled()
    gc.disable()  # no automatic collection between the steps below
    try:
        gc.collect()
        gc.freeze()
        frozen = gc.get_freeze_count()
        kept = KeptOutOfCollections(reclaim_above=sys.getallocatedblocks() + 5_000)
        cycles = [Cycle() for _ in range(6_000)]
        gone = [weakref.ref(cycle) for cycle in cycles[:3]]
        kept.tick(1)  # frozen while alive (in flight at the tick)
        del cycles
        gc.collect()
        assert all(ref() is not None for ref in gone)  # frozen: no collection frees them
        kept.tick(RECLAIM_CHECK_TICKS - 1)  # not a counting tick
        kept.tick(RECLAIM_CHECK_TICKS)  # measured: 6,000 objects more than at first
        assert kept.reclaimed == 1
        assert all(ref() is None for ref in gone)
        left = gc.get_freeze_count()
        assert left < frozen + 1_000
        kept.tick(2 * RECLAIM_CHECK_TICKS)  # nothing has grown since: nothing collected
        assert kept.reclaimed == 1
    finally:
        gc.unfreeze()
        if was_on:
            gc.enable()


def test_the_collection_of_everything_waits_for_a_tick_without_requests_unless_memory_doubles_again() -> None:
    """Past the mark while requests keep coming (a new one every tick), everything is collected at
    the first tick none began, not in the middle of the load; a load that never pauses meets it
    once memory is ``RECLAIM_WAIT`` times the mark."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        gc.freeze()
        kept = KeptOutOfCollections(reclaim_above=sys.getallocatedblocks() + 5_000)
        cycles = [Cycle() for _ in range(6_000)]
        gone = weakref.ref(cycles[0])
        kept.tick(1, served=100)
        del cycles
        kept.tick(RECLAIM_CHECK_TICKS, served=200)  # measured, past the mark, but under load
        assert (kept.reclaimed, kept.due) == (0, True)
        kept.tick(RECLAIM_CHECK_TICKS + 1, served=300)
        assert kept.reclaimed == 0
        assert gone() is not None
        kept.tick(RECLAIM_CHECK_TICKS + 2, served=300)  # no request began since the last tick
        assert (kept.reclaimed, kept.due) == (1, False)
        assert gone() is None

        busy = KeptOutOfCollections(reclaim_above=sys.getallocatedblocks() // RECLAIM_WAIT - 1, load_floor=0)
        busy.tick(1, served=1)
        busy.tick(RECLAIM_CHECK_TICKS, served=2)  # under load, but past twice the mark
        assert busy.reclaimed == 1
    finally:
        gc.unfreeze()
        if was_on:
            gc.enable()


def test_under_load_a_small_store_is_not_collected_whole_until_memory_passes_the_floor() -> None:
    """A load test that creates records grows a small store's memory far past twice its mark in
    seconds, and collecting everything then paused every request for a tenth of a second or more
    to free nothing: under load, memory below the floor is left alone (at the first tick without
    requests it is collected as before)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        gc.freeze()
        blocks = sys.getallocatedblocks()
        kept = KeptOutOfCollections(reclaim_above=blocks // (2 * RECLAIM_WAIT), load_floor=2 * blocks)
        kept.tick(1, served=1)
        kept.tick(RECLAIM_CHECK_TICKS, served=2)  # four times the mark, under load, below the floor
        assert (kept.reclaimed, kept.due) == (0, True)
        kept.tick(RECLAIM_CHECK_TICKS + 1, served=2)  # no request began since the last tick
        assert (kept.reclaimed, kept.due) == (1, False)
        assert KeptOutOfCollections().load_floor == RECLAIM_LOAD_FLOOR  # what `wcmock serve` uses
    finally:
        gc.unfreeze()
        if was_on:
            gc.enable()


# ---------------------------------------------------------------------- shutdown


def test_sigterm_during_a_long_latency_fault_stops_the_process_promptly() -> None:
    process, url, _ = start()
    try:
        httpx.post(f"{url}/__wcmock__/faults", json={"action": "latency", "latency_ms": 600_000})
        request = f"import urllib.request as u; u.urlopen('{url}/wp-json/', timeout=60)"
        stuck = subprocess.Popen([sys.executable, "-c", request], stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        process.wait(timeout=10)
        assert time.monotonic() - started < 5
        stuck.kill()
        stuck.wait()
    finally:
        process.kill()
        process.communicate()


def test_sigterm_removes_the_tls_key_and_throwaway_ca() -> None:
    process, _, banner = start("--tls")
    ca_file = Path(re.search(r"CA file:\s+(\S+)", banner).group(1))  # type: ignore[union-attr]
    folder = ca_file.parent
    assert folder.name.startswith("wcmock-tls-")
    assert any(folder.iterdir())
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=10)
    assert not folder.exists()


# ---------------------------------------------------------------------- clear errors


def test_an_unknown_timezone_is_a_clear_error(tmp_path: Path) -> None:
    fixture = tmp_path / "mars.json"
    admin = {"id": 1, "email": "a@example.org", "role": "administrator"}
    fixture.write_text(json.dumps({"settings": {"timezone": "Mars/Olympus_Mons"}, "customers": [admin]}))
    result = CliRunner().invoke(cli.main, ["serve", "--fixtures", str(fixture)])
    assert result.exit_code == 1
    assert gc.isenabled()  # a start-up that fails leaves collections on
    assert "timezone" in result.output
    assert "Mars/Olympus_Mons" in result.output
    assert isinstance(result.exception, SystemExit)
    with pytest.raises(FixtureError, match="timezone"):
        create_app(settings={"timezone": "Mars/Olympus_Mons"})
    with pytest.raises(FixtureError, match="timezone"):
        create_app(settings={"timezone": "+99:00"})


def test_an_unwritable_ca_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uvicorn.Server, "run", close_sockets)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(cli.main, ["serve", "--tls", "--tls-ca-file", str(blocker / "ca.pem")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "ca.pem" in result.output


def test_binding_beyond_this_machine_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uvicorn.Server, "run", close_sockets)
    for host, warned in (("0.0.0.0", True), ("127.0.0.1", False), ("localhost", False)):
        result = CliRunner().invoke(cli.main, ["serve", "--host", host, "--port", "0"])
        assert result.exit_code == 0, result.output
        assert ("control API" in result.output and "--control-token" in result.output) == warned, host
    gc.unfreeze()


def _kept(kind: type, mentions: str) -> int:
    """How many objects of ``kind`` the process still holds that mention ``mentions`` (after a collection)."""
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, kind) and mentions in repr(thing))


@pytest.mark.parametrize(
    ("resource", "versions", "body", "kind"),
    [
        ("customers", ("v1", "v2", "v3"), {"email": "churn-{n}@example.org"}, Rendered),
        ("products", ("v1", "v2", "v3"), {"name": "Churn {n}"}, Product),
        ("orders", ("v2", "v3"), {"customer_note": "Churn {n}"}, Order),
    ],
)
def test_create_read_delete_churn_keeps_nothing_of_the_deleted_records(
    client: httpx.Client, resource: str, versions: tuple[str, ...], body: dict[str, str], kind: type
) -> None:
    """What a read cached of a record (renderings, in every version) goes when the record is deleted."""
    for n in range(20):
        created = client.post(f"/wp-json/wc/v3/{resource}", json={k: v.format(n=n) for k, v in body.items()})
        assert created.status_code == 201, created.text
        for version in versions:
            assert client.get(f"/wp-json/wc/{version}/{resource}/{created.json()['id']}").status_code == 200
        deleted = client.delete(f"/wp-json/wc/v3/{resource}/{created.json()['id']}", params={"force": "true"})
        assert deleted.status_code == 200, deleted.text
    assert _kept(kind, "Churn" if resource != "customers" else "churn-") == 0
