"""Running wcmock: in the foreground for the CLI, or in a background thread for tests."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import click
import uvicorn

from wcmock.app import create_app


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    fixtures: list[str | Path] | None = None,
    seed: int = 0,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    validation: str = "strict",
) -> None:
    """Build the store, say how to reach it, and serve until interrupted."""
    app = create_app(
        fixtures=fixtures, seed=seed, consumer_key=consumer_key, consumer_secret=consumer_secret, validation=validation
    )
    store = app.state.store
    key = next(iter(store.keys.values()))
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)

    def announce() -> None:
        bound = _bound_port(server) or port
        url = f"http://{host}:{bound}"
        click.echo(f"wcmock serving {len(store)} users at {url}")
        click.echo(f"  API:             {url}/wp-json/wc/v3/customers")
        click.echo(f"  consumer key:    {key.consumer_key}")
        click.echo(f"  consumer secret: {key.consumer_secret}")
        click.echo(f"  reset:           curl -X POST {url}/__wcmock__/reset")

    _run_announcing(server, announce)


def _bound_port(server: uvicorn.Server) -> int | None:
    for srv in getattr(server, "servers", []):
        for sock in srv.sockets:
            return int(sock.getsockname()[1])
    return None


def _run_announcing(server: uvicorn.Server, announce: Any) -> None:
    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        announce()

    server.startup = startup  # type: ignore[method-assign]  # announce once the port is bound
    server.run()


class LiveServer:
    """A wcmock app served by uvicorn in a daemon thread on a free port (for tests and plugins)."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
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
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
