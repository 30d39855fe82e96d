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
@click.option(
    "--validation",
    type=click.Choice(["strict", "warn", "off"]),
    default="strict",
    show_default=True,
    help="What to do when an answer breaks wcmock's own schemas: a loud 500, a log line, or nothing.",
)
def serve(
    host: str,
    port: int,
    fixtures: tuple[str, ...],
    seed: int,
    consumer_key: str | None,
    consumer_secret: str | None,
    validation: str,
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
            validation=validation,
        )
    except (FixtureError, ValueError) as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.option("--base-url", default="http://127.0.0.1:8080", show_default=True, help="Server URL in the document.")
def openapi(base_url: str) -> None:
    """Print the OpenAPI 3.1 document of every route wcmock serves."""
    import json

    from wcmock.openapi import openapi_document

    click.echo(json.dumps(openapi_document(base_url), indent=2, ensure_ascii=False))


@main.group()
def schemas() -> None:
    """The JSON Schemas under schemas/, generated from the attribute tables."""


@schemas.command()
@click.option("--out", type=click.Path(file_okay=False), default="schemas", show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 if the folder is not what the generator produces.")
def generate(out: str, check: bool) -> None:
    """Write (or check) the schemas from wcmock's sources."""
    from pathlib import Path

    from wcmock import schema_generator

    if check:
        stale = schema_generator.stale(Path(out))
        for rel in stale:
            click.echo(f"{Path(out) / rel}: not what the generator produces", err=True)
        raise SystemExit(1 if stale else 0)
    written = schema_generator.write(Path(out))
    click.echo(f"wrote {len(written)} files to {out}")
