"""``wcmock serve`` as a process: memory that stays flat, a prompt and clean shutdown, and clear
errors (never tracebacks) for settings and paths it cannot use."""

from __future__ import annotations

import gc
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn
from click.testing import CliRunner

from wcmock import cli, create_app
from wcmock.fixtures import FixtureError
from wcmock.resources.orders.models import Order
from wcmock.resources.products.models import Product
from wcmock.rest.renderings import Rendered

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


def test_serving_freezes_the_loaded_store_once_and_nothing_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """``gc.freeze()`` after every full collection made whatever a request had alive at that moment
    immortal: memory grew with every request. The loaded store is frozen once, at start-up."""
    seen: dict[str, int] = {}

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        close_sockets(self, sockets)
        seen["frozen at start"] = gc.get_freeze_count()
        seen["collecting while serving"] = gc.isenabled()
        in_flight = [{"request": n, "cycle": []} for n in range(1000)]
        for item in in_flight:
            item["cycle"].append(item)  # what a request holds while a collection runs
        gc.collect()
        seen["frozen after a collection"] = gc.get_freeze_count()
        del in_flight

    monkeypatch.setattr(uvicorn.Server, "run", run)
    callbacks = list(gc.callbacks)
    try:
        result = CliRunner().invoke(cli.main, ["serve", "--port", "0"])
        assert result.exit_code == 0, result.output
        assert seen["frozen at start"] > 0
        assert seen["collecting while serving"]  # start-up runs without collections, serving with them
        assert seen["frozen after a collection"] <= seen["frozen at start"]  # frozen ones may be freed
        assert gc.callbacks == callbacks
    finally:
        gc.callbacks[:] = callbacks
        gc.unfreeze()


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
