"""``wcmock`` on the command line: a thin click layer over :func:`wcmock.server.serve`."""

from __future__ import annotations

import click


@click.group()
def main() -> None:
    """wcmock: a faithful, stateful fake of the WooCommerce REST API (customers)."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to bind (0 picks a free one).")
@click.option(
    "--fixtures",
    "fixtures",
    multiple=True,
    metavar="FILE",
    help="Fixture file or bundled fixture name; repeatable. Default: the bundled 'default'.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for generated data.")
@click.option("--consumer-key", default=None, help="API consumer key clients must send.")
@click.option("--consumer-secret", default=None, help="API consumer secret clients must send.")
def serve(
    host: str, port: int, fixtures: tuple[str, ...], seed: int, consumer_key: str | None, consumer_secret: str | None
) -> None:
    """Serve a fake store until interrupted."""
    from wcmock.fixtures import FixtureError
    from wcmock.server import serve as run

    try:
        run(
            host=host,
            port=port,
            fixtures=list(fixtures) or ["default"],
            seed=seed,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
        )
    except (FixtureError, ValueError) as error:
        raise click.ClickException(str(error)) from None
