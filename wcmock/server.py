"""Running wcmock: in the foreground for the CLI, or in a background thread for tests.

uvicorn's access log is off: query strings can carry ``consumer_key`` / ``consumer_secret`` and
OAuth signatures, and the journal (masked) is where requests are inspected.
"""

from __future__ import annotations

import errno
import gc
import signal
import socket
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import click
import uvicorn

from wcmock.app import asgi_app
from wcmock.harness.hub import DEFAULT_CONSUMER_SECRET
from wcmock.harness.journal import mask_key
from wcmock.store import ApiKey
from wcmock.tls import Certificates

# CPython's are (700, 10, 10). What lives longer than a tick is frozen (KeptOutOfCollections), so
# a young collection walks only what the tick has kept so far, and under `wcmock serve` it frees
# nothing (requests leave no reference cycles: none found under writes, errors or a new connection
# a request). At 1,000 one ran every 30-140 writes, 0.15-0.5 ms each (orders' creates 8 us a
# request, a batch of 100 creates ~400 us). A tick's writes keep fewer than 20,000 tracked objects
# (a create ~7 for a customer, ~18 a product, ~30 an order: 10,000 a tick needs ~3,300 orders a
# second), so the tick freezes them before any young collection walks them; a tick that keeps more
# (batches) still collects, a few ms inside requests of tens
GC_THRESHOLDS = (20_000, 50, 20)
RECLAIM_CHECK_TICKS = 10  # how often memory is measured (``sys.getallocatedblocks``: ~0.3 ms per million blocks)
RECLAIM_GROWTH = 2  # everything is collected once memory is this many times what the last such collection left
RECLAIM_WAIT = 2  # ... at the first tick without requests, or under load once memory is this many times that
# ... and, under load, past this many blocks (~150 MB of small objects) at least: a small store's
# doubling is a few MB, and the collection it set off under a load test paused every request for
# 130-330 ms to free nothing (what grew was the store's own records)
RECLAIM_LOAD_FLOOR = 2_500_000
SHUTDOWN_GRACE_S = 1  # in-flight requests get this long after SIGTERM; a latency fault is cut short
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _freeze_the_loaded_store() -> None:
    """Keep the loaded store out of the cycle collector's way in a process of wcmock's own.

    Records are acyclic and freed by reference counting; a full collection walking all of them
    stalled one request in a few thousand for 100 ms and more as the store grew. So what start-up
    loaded is frozen: collections never walk it. What requests add later is frozen by
    :class:`KeptOutOfCollections`, tick by tick.

    Nothing is collected first: start-up runs without collections (see
    :func:`collections_after_start_up`), and a collection here would cost 30 ms of every cold start
    to free ~800 objects of start-up's (~1,500 with 1,000 generated records, well under a
    megabyte), kept once instead, never per request.
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class KeptOutOfCollections:
    """What writes keep (records, renderings, indexes) frozen as it ages, and the frozen collected
    only when they have doubled, so collections stay short and memory stays bounded.

    What a write keeps is acyclic and lives until a later write replaces or deletes it (reference
    counting frees it then, frozen or not), yet the collector walked it, young and old:

    - CPython starts a young collection when allocations outnumber deallocations by the threshold,
      and freeing *old* objects counts as well. A write that replaces a kept rendering or record
      (an update; a create after a reset, whose id's rendering is a previous run's) frees about as
      many old objects as it makes new ones, so the young generation grew far past its 1,000
      objects before anything walked it: in process, replaying ``benchmarks/run.py``'s rows, young
      collections of 20,000-300,000 objects took 10-112 ms.
    - Middle and full collections walked everything writes had kept since start-up (one of 208 ms
      after 150,000 created customers).

    So every tick (0.1 s of uvicorn's main loop, between requests' steps) everything alive is
    frozen: ``gc.freeze()`` moves the generations' lists, in constant time, and no later
    collection walks what was there; each collection walks at most a tick's worth of new objects.
    What is frozen stays freed by reference counting, so what leaves the store or ends with its
    request is freed as before. Only a reference cycle that was alive at a tick and dies later is
    kept: uvicorn's per-connection objects, say. So memory (the interpreter's allocated blocks;
    counting the frozen objects walks their list, ~10 ms for 150,000) is read every
    ``RECLAIM_CHECK_TICKS`` ticks, and once it is ``RECLAIM_GROWTH`` times what it was after the
    last collection of everything (after start-up at first), everything is unfrozen, collected
    and frozen again: one pause as long as a full collection each time memory has doubled, so a
    store that grows pays it less and less often, and one that does not, never, unless garbage
    cycles pile up. Freezing after every full collection, as wcmock once did, kept nothing of the
    kind in check.

    That pause (70-220 ms with ``benchmarks/run.py``'s store, freeing a few hundred objects: what
    grew was the store) stalls every request in flight, so it waits for a tick with no request
    begun since the tick before, and only under load that never pauses is it taken once memory
    is ``RECLAIM_WAIT`` times the mark, and past ``RECLAIM_LOAD_FLOOR`` blocks: memory stays
    bounded, and a client that pauses between runs (a test suite, a benchmark's rounds) never
    meets it. The floor is there because the mark is set after start-up, by a store of a few
    thousand records: a load test creating records reached four times that within seconds, and
    the pause freed nothing (no garbage cycles: what grew was the store).
    """

    def __init__(self, reclaim_above: int | None = None, load_floor: int = RECLAIM_LOAD_FLOOR) -> None:
        """``reclaim_above``: the allocated blocks that set off the first collection of everything
        (default: ``RECLAIM_GROWTH`` times what is allocated now, with the store loaded);
        ``load_floor``: under load, nothing is collected so below this many blocks."""
        self.reclaim_above = RECLAIM_GROWTH * sys.getallocatedblocks() if reclaim_above is None else reclaim_above
        self.load_floor = load_floor
        self.reclaimed = 0
        self.due = False  # memory is past the mark: everything is collected at the first idle tick
        self._served = -1

    def tick(self, counter: int, served: int = 0) -> None:
        """``served``: the requests begun so far (uvicorn's count); unchanged since the last tick
        means none began in between (the default, 0, makes every tick after the first idle)."""
        gc.freeze()
        idle, self._served = served == self._served, served
        if self.due and idle:
            self.reclaim()
        elif counter % RECLAIM_CHECK_TICKS == 0:
            blocks = sys.getallocatedblocks()
            under_load_past = blocks > max(RECLAIM_WAIT * self.reclaim_above, self.load_floor)
            if under_load_past or (blocks > self.reclaim_above and idle):
                self.reclaim()
            else:
                self.due = blocks > self.reclaim_above

    def reclaim(self) -> None:
        """Collect everything, frozen objects included, and freeze what is left."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.reclaim_above = RECLAIM_GROWTH * sys.getallocatedblocks()
        self.reclaimed += 1
        self.due = False


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
        app = asgi_app(  # Starlette is imported at the first request outside /wp-json (wcmock.web)
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
        store = app.store
        certificates = Certificates(host=host, ca_file=tls_ca_file) if tls else None  # may fail: before listening
        listening = _listen(host, port)
    if not _loopback(host) and not control_token:
        click.echo(
            f"warning: wcmock listens on {host}, beyond this machine: anyone who can reach it can reset the "
            "store and arm faults through the control API (/__wcmock__/); set --control-token to lock it",
            err=True,
        )
    server = uvicorn.Server(_config(app, host, port, certificates, lifespan="off"))  # no start-up handlers
    _freeze_every_tick(server, KeptOutOfCollections())
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


def _freeze_every_tick(server: uvicorn.Server, kept: KeptOutOfCollections) -> None:
    """``kept.tick`` on every tick of uvicorn's main loop (see :class:`KeptOutOfCollections`)."""
    original_on_tick = server.on_tick

    async def on_tick(counter: int) -> bool:
        kept.tick(counter, server.server_state.total_requests)
        return await original_on_tick(counter)

    server.on_tick = on_tick  # type: ignore[method-assign]


def _shown_secret(key: ApiKey) -> str:
    """wcmock's documented default secret in full; a secret the user configured stays masked."""
    return key.consumer_secret if key.consumer_secret == DEFAULT_CONSUMER_SECRET else mask_key(key.consumer_secret)


def _config(
    app: Any, host: str, port: int, certificates: Certificates | None, *, lifespan: Literal["auto", "off"] = "auto"
) -> uvicorn.Config:
    """``lifespan``: ``off`` for ``serve``'s app, which has no start-up or shutdown work (a lifespan
    message would make its Starlette app at start-up: see ``wcmock.app.App``)."""
    certfile = str(certificates.cert_file) if certificates else None
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        ssl_certfile=certfile,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        lifespan=lifespan,
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
