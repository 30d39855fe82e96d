"""Running wcmock: in the foreground for the CLI, or in a background thread for tests.

uvicorn's access log is off: query strings can carry ``consumer_key`` / ``consumer_secret`` and
OAuth signatures, and the journal (masked) is where requests are inspected.
"""

from __future__ import annotations

import errno
import gc
import signal
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import uvicorn

from wcmock.app import create_app
from wcmock.harness.hub import DEFAULT_CONSUMER_SECRET
from wcmock.harness.journal import mask_key
from wcmock.store import ApiKey
from wcmock.tls import Certificates

# CPython's are (700, 10, 10). A collection's pause grows with what it walks: young collections
# of ~1,000 objects take well under a millisecond, and the middle generation (50 of them, where
# records written since start-up wait) is walked seldom; see _freeze_the_loaded_store
GC_THRESHOLDS = (1_000, 50, 20)
SHUTDOWN_GRACE_S = 1  # in-flight requests get this long after SIGTERM; a latency fault is cut short
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _freeze_the_loaded_store() -> None:
    """Keep the loaded store out of the cycle collector's way in a process of wcmock's own.

    Records are acyclic and freed by reference counting; a full collection walking all of them
    stalled one request in a few thousand for 100 ms and more as the store grew. So what start-up
    loaded is frozen, once: collections never walk it. Freezing again later (after every full
    collection, as wcmock once did) made whatever a request had alive at that moment immortal, and
    memory grew with every request; ``benchmarks/memory.py`` shows memory flat over 100,000 requests.

    What a write adds (a record, its rendering) is young at first, so collections do walk it, and
    a pause lasts as long as what it walks: with young collections every 10,000 objects, one create
    in ~400 stalled 2-8 ms, and under 8 connections each stall delays the 8 in flight, which set
    writes' p99. Every 1,000 objects they take ~0.3 ms; the middle generation is collected after
    50 of them (~18 ms, one create in ~2,500: past the p99), the oldest after 20 of those (and
    CPython's own rule: not before a quarter more objects than the last full collection left).
    Total collection time is the same either way (in process, 12,000 creates: 8-request windows'
    p99 / p50 2.1 -> 1.3, mean CPU unchanged).

    Nothing is collected first: start-up runs without collections (see
    :func:`collections_after_start_up`), and a collection here would cost 30 ms of every cold start
    to free ~800 objects of start-up's (~1,500 with 1,000 generated records, well under a
    megabyte), kept once instead, never per request.
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@contextmanager
def collections_after_start_up() -> Iterator[None]:
    """No cycle collections while wcmock starts; then the loaded store frozen and collections on.

    Start-up allocates a great deal (modules, classes, the records) and frees almost nothing, and
    CPython's automatic collections walked all of it again and again: ~40 ms of a cold start with
    the default fixture, more with thousands of records. ``wcmock serve`` enters this before its
    first import of the server; collections are on again however start-up ends."""
    gc.disable()
    try:
        yield
        _freeze_the_loaded_store()
    finally:
        gc.enable()


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    fixtures: list[str | Path] | None = None,
    seed: int = 0,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    validation: str = "strict",
    api_keys: Sequence[str] = (),
    auth: bool = True,
    basic_auth_over_http: bool = True,
    strip_authorization: bool = False,
    tls: bool = False,
    tls_ca_file: str | Path | None = None,
    control_token: str | None = None,
    allowed_hosts: Sequence[str] = (),
    fixtures_dir: str | Path | None = None,
) -> None:
    """Build the store, say how to reach it, and serve until interrupted.

    ``api_keys``: ``CK:CS[:USER_ID[:PERMISSION]]`` strings (owner: the first administrator,
    permission: ``read_write``). ``tls``: HTTPS with a throwaway CA written to ``tls_ca_file`` (default:
    a temporary file, removed on exit). ``control_token``, ``allowed_hosts`` and ``fixtures_dir``:
    see :func:`wcmock.create_app`; the host served on is an allowed host too.
    """
    settings = {"auth": auth, "basic_auth_over_http": basic_auth_over_http, "strip_authorization": strip_authorization}
    with collections_after_start_up():
        app = create_app(
            fixtures=fixtures,
            seed=seed,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            validation=validation,
            api_keys=api_keys,
            settings=settings,
            allowed_hosts=[host, *allowed_hosts],
            control_token=control_token,
            fixtures_dir=fixtures_dir,
        )
        store = app.state.store
        certificates = Certificates(host=host, ca_file=tls_ca_file) if tls else None  # may fail: before listening
        listening = _listen(host, port)
    if not _loopback(host) and not control_token:
        click.echo(
            f"warning: wcmock listens on {host}, beyond this machine: anyone who can reach it can reset the "
            "store and arm faults through the control API (/__wcmock__/); set --control-token to lock it",
            err=True,
        )
    server = uvicorn.Server(_config(app, host, port, certificates))
    if certificates:
        _clean_up_on_shutdown(server, certificates.close)
    scheme = "https" if certificates else "http"

    def announce() -> None:
        bound = _bound_port(server) or port
        url = f"{scheme}://{host}:{bound}"
        click.echo(f"wcmock serving {len(store)} users at {url}")
        click.echo(f"  API:             {url}/wp-json/wc/v3/customers")
        if certificates:
            click.echo(f"  CA file:         {certificates.ca_file}")
        if not store.settings.auth:
            click.echo("  auth:            off (every request acts as the first administrator)")
        for index, key in enumerate(store.keys.values()):
            label = "consumer key:" if index == 0 else "also key:"
            click.echo(f"  {label:<16} {key.consumer_key} ({key.permissions}, user {key.user_id})")
            if index == 0:
                click.echo(f"  consumer secret: {_shown_secret(key)}")
        click.echo(f"  dashboard:       {url}/__wcmock__/")
        click.echo(f"  reset:           curl -X POST {url}/__wcmock__/reset")

    try:
        _stop_quietly_on_signals()
        _run_announcing(server, announce, listening)
    finally:
        listening.close()
        if certificates:
            certificates.close()


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is served, so a port in use is a plain message."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as error:
        listening.close()
        if error.errno == errno.EADDRINUSE:
            raise ValueError(
                f"port {port} is in use on {host} (choose another --port, or --port 0 for a free one)"
            ) from None
        raise ValueError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listening


def _stop_quietly_on_signals() -> None:
    """Ctrl-C and SIGTERM stop ``wcmock serve`` with exit status 0.

    uvicorn shuts down on either, then raises the signal again for the handler it found in place;
    with these in place that second signal is a no-op instead of a KeyboardInterrupt or a kill."""
    for sent in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sent, lambda number, frame: None)


def _loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _clean_up_on_shutdown(server: uvicorn.Server, clean_up: Any) -> None:
    """Run ``clean_up`` as uvicorn shuts down: on SIGTERM it re-raises the signal once it has, so a
    ``finally`` around ``run()`` never runs and the TLS key would stay in /tmp."""
    original_shutdown = server.shutdown

    async def shutdown(sockets: Any = None) -> None:
        try:
            await original_shutdown(sockets=sockets)
        finally:
            clean_up()

    server.shutdown = shutdown  # type: ignore[method-assign]


def _shown_secret(key: ApiKey) -> str:
    """wcmock's documented default secret in full; a secret the user configured stays masked."""
    return key.consumer_secret if key.consumer_secret == DEFAULT_CONSUMER_SECRET else mask_key(key.consumer_secret)


def _config(app: Any, host: str, port: int, certificates: Certificates | None) -> uvicorn.Config:
    certfile = str(certificates.cert_file) if certificates else None
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        ssl_certfile=certfile,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )


def _bound_port(server: uvicorn.Server) -> int | None:
    for srv in getattr(server, "servers", []):
        for sock in srv.sockets:
            return int(sock.getsockname()[1])
    return None


def _run_announcing(server: uvicorn.Server, announce: Any, listening: socket.socket) -> None:
    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        announce()

    server.startup = startup  # type: ignore[method-assign]  # announce once the port is bound
    server.run(sockets=[listening])


class LiveServer:
    """A wcmock app served by uvicorn in a daemon thread on a free port (for tests and plugins).

    ``tls=True`` serves HTTPS with a throwaway certificate; ``ca_file`` is then the CA to trust
    (written to the given ``ca_file`` path, else to a temporary file removed by ``stop()``).
    """

    def __init__(
        self, app: Any, host: str = "127.0.0.1", port: int = 0, *, tls: bool = False, ca_file: str | Path | None = None
    ) -> None:
        self.app = app
        self.certificates = Certificates(host=host, ca_file=ca_file) if tls else None
        self.ca_file: str | None = str(self.certificates.ca_file) if self.certificates else None
        self.server = uvicorn.Server(_config(app, host, port, self.certificates))
        self.host = host
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("wcmock server failed to start")
            threading.Event().wait(0.005)
        return self

    @property
    def port(self) -> int:
        port = _bound_port(self.server)
        assert port is not None
        return port

    @property
    def url(self) -> str:
        return f"{'https' if self.certificates else 'http'}://{self.host}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
        if self.certificates:
            self.certificates.close()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
