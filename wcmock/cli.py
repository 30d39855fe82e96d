"""``wcmock`` on the command line: a thin click layer over :func:`wcmock.server.serve`.

Exit codes: 0 when a command succeeds, and when ``serve`` is stopped by Ctrl-C or SIGTERM (CI
scripts under ``set -e`` stop it that way); 1 when it cannot do its job (a fixture that cannot be
loaded, a port in use, a fixture that ``validate-fixture`` rejects); 2 for a usage error (an unknown
option, a port out of 0-65535, a host that is not an address or a name, a key without its secret).
"""

from __future__ import annotations

import gc
import ipaddress
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wcmock.patterns import LazyPattern

if TYPE_CHECKING:
    from wcmock.resources.products.models import Product

_HOST_NAME = LazyPattern(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


def _check_host(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An IPv4 or IPv6 address, or a host name: ``999.1.1.1`` is refused here, naming ``--host``."""
    try:
        if re.fullmatch(r"[\d.]+", value):
            ipaddress.IPv4Address(value)
        elif ":" in value:
            ipaddress.IPv6Address(value)
        elif not _HOST_NAME.fullmatch(value):
            raise ValueError(f"{value!r} is neither an IP address nor a host name")
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


def _check_keys(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    from wcmock.rest.auth import api_key_from

    for spec in value:
        try:
            api_key_from(spec)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


def checkout_root() -> Path | None:
    """The wcmock checkout this package runs from, or None when it is installed from a wheel."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "schemas").is_dir() else None


@click.group()
@click.version_option(package_name="wcmock", prog_name="wcmock", message="%(prog)s %(version)s")
def main() -> None:
    """wcmock: a faithful, stateful fake of the WooCommerce REST API.

    Exit codes: 0 success (and serve stopped by Ctrl-C or SIGTERM), 1 the command failed,
    2 usage error.
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, callback=_check_host, help="Interface to bind.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to bind (0 picks a free one; the URL is printed).",
)
@click.option(
    "--fixtures",
    "fixtures",
    multiple=True,
    metavar="FILE",
    help="Fixture file or bundled fixture name; repeatable. Default: the bundled 'default'.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for generated data.")
@click.option("--consumer-key", default=None, help="API consumer key clients must send (with --consumer-secret).")
@click.option("--consumer-secret", default=None, help="API consumer secret clients must send (with --consumer-key).")
@click.option(
    "--api-key",
    "api_keys",
    multiple=True,
    metavar="CK:CS[:USER_ID[:PERMISSION]]",
    callback=_check_keys,
    help="An API key; repeatable. Owner: the first administrator; permission read, write or read_write (default).",
)
@click.option(
    "--auth",
    type=click.Choice(["on", "off"]),
    default="on",
    show_default=True,
    help="off: no credentials needed, every request acts as the first administrator.",
)
@click.option(
    "--basic-auth-over-http/--no-basic-auth-over-http",
    default=True,
    show_default=True,
    help="Accept Basic, query-string keys and application passwords over plain HTTP (a stock store needs HTTPS).",
)
@click.option(
    "--strip-authorization",
    is_flag=True,
    help="Drop the Authorization header before WooCommerce sees it, like a misconfigured host.",
)
@click.option("--tls", is_flag=True, help="Serve HTTPS with a throwaway certificate; the CA file is printed.")
@click.option(
    "--tls-ca-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where --tls writes the CA certificate clients should trust (default: a temporary file).",
)
@click.option(
    "--control-token",
    envvar="WCMOCK_CONTROL_TOKEN",
    default=None,
    help="Lock the control API (/__wcmock__/): clients send 'Authorization: Bearer TOKEN'. Env: WCMOCK_CONTROL_TOKEN.",
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another Host name the control API answers (loopback names and IP addresses always work); repeatable.",
)
@click.option(
    "--fixtures-dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="A folder of fixtures that 'POST /__wcmock__/stores' may name (besides the bundled ones).",
)
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
    api_keys: tuple[str, ...],
    auth: str,
    basic_auth_over_http: bool,
    strip_authorization: bool,
    tls: bool,
    tls_ca_file: str | None,
    control_token: str | None,
    allowed_hosts: tuple[str, ...],
    fixtures_dir: str | None,
    validation: str,
) -> None:
    """Serve a fake store until interrupted (Ctrl-C or SIGTERM: exit status 0)."""
    if (consumer_key is None) != (consumer_secret is None):
        raise click.UsageError("--consumer-key and --consumer-secret go together: give both, or neither")
    from wcmock.errors import FixtureError

    # importing the server is start-up too: no collections until the store is loaded and frozen
    # (see wcmock.server.collections_after_start_up, which turns them on)
    gc.disable()
    try:
        from wcmock.server import serve as run

        run(
            host=host,
            port=port,
            fixtures=list(fixtures) or ["default"],
            seed=seed,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            validation=validation,
            api_keys=list(api_keys),
            auth=auth == "on",
            basic_auth_over_http=basic_auth_over_http,
            strip_authorization=strip_authorization,
            tls=tls,
            tls_ca_file=tls_ca_file,
            control_token=control_token,
            allowed_hosts=list(allowed_hosts),
            fixtures_dir=fixtures_dir,
        )
    except (FixtureError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        gc.enable()


@main.command()
@click.option("--base-url", default="http://127.0.0.1:8080", show_default=True, help="Server URL in the document.")
def openapi(base_url: str) -> None:
    """Print the OpenAPI 3.1 document of every route wcmock serves."""
    import json

    from wcmock.openapi import openapi_document

    click.echo(json.dumps(openapi_document(base_url), indent=2, ensure_ascii=False))


@main.group(hidden=True)
def schemas() -> None:
    """Contributors: the JSON Schemas under schemas/, generated from the attribute tables."""


@schemas.command()
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Default: the checkout's schemas/.")
@click.option("--check", is_flag=True, help="Exit 1 if the folder is not what the generator produces.")
def generate(out: str | None, check: bool) -> None:
    """Write (or check) the schemas from wcmock's sources (a contributor command, run in a checkout)."""
    from wcmock import schema_generator

    root = checkout_root()
    if root is None:
        raise click.ClickException(
            "schemas generate is a contributor command: run it in a wcmock checkout "
            "(an installed wcmock already carries its schemas)"
        )
    out = out or str(root / "schemas")

    if check:
        stale = schema_generator.stale(Path(out))
        for rel in stale:
            click.echo(f"{Path(out) / rel}: not what the generator produces", err=True)
        raise SystemExit(1 if stale else 0)
    written = schema_generator.write(Path(out))
    click.echo(f"wrote {len(written)} files to {out}")


@main.command("validate-fixture")
@click.argument("files", nargs=-1, required=True)
def validate_fixture(files: tuple[str, ...]) -> None:
    """Check fixture files against the fixture schema (and load them, to catch clashes)."""
    from wcmock.fixtures import FixtureError, build_store

    failed = False
    for name in files:
        try:
            store = build_store([name])
        except FixtureError as error:
            for problem in error.problems:  # every one, not the first "and N more"
                click.echo(problem, err=True)
            failed = True
        else:
            click.echo(f"{name}: ok ({len(store)} users)")
    raise SystemExit(1 if failed else 0)


@main.command("generate")
@click.option("--count", default=10, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--locale", "locales", multiple=True, help="Faker locale(s), e.g. pt_BR; repeatable.")
@click.option(
    "--orders",
    "orders",
    default=0,
    show_default=True,
    type=click.IntRange(0, 1000),
    help="Give every customer this many past orders (their numbers follow from them; with --products "
    "they buy from the catalogue).",
)
@click.option(
    "--products",
    "products",
    default=0,
    show_default=True,
    type=click.IntRange(0, 1_000_000),
    help="Add a seeded catalogue of this many products (in a few categories).",
)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
def generate_fixture(
    count: int, seed: int, locales: tuple[str, ...], orders: int, products: int, out: str | None
) -> None:
    """Write a fixture of COUNT Faker customers (plus an administrator), the same for the same seed;
    ``--orders N`` adds an order history of N orders per customer, ``--products N`` a catalogue of N
    products (the fixture key ``generate_products`` does the same at load time); with both, the
    orders' lines are the catalogue's products, else a fee line each."""
    import json
    from datetime import UTC, datetime

    from wcmock.fixtures import dump
    from wcmock.resources.customers.backend import customers_of
    from wcmock.resources.customers.models import Customer
    from wcmock.resources.customers.seed import generate_customers
    from wcmock.store import Store

    store = Store(seed=seed)
    customers_of(store).add(
        Customer(
            id=1,
            email="admin@example.com",
            username="admin",
            display_name="admin",
            role="administrator",
            date_created=datetime(2020, 1, 1, tzinfo=UTC),  # fixed: the same seed writes the same file
        )
    )
    generate_customers(store, count=count, seed=seed, locale=list(locales) or "en_US")
    catalogue: list[Product] = []
    if products:
        from wcmock.resources.products.backend import products_of
        from wcmock.resources.products.seed import generate_products

        store.clock.freeze(datetime(2026, 1, 1, tzinfo=UTC))  # fixed: the same seed writes the same file
        catalogue = generate_products(
            products_of(store), count=products, seed=seed, locale=(list(locales) or ["en_US"])[0]
        )
    if orders:
        from wcmock.resources.orders.seed import generate_orders

        store.clock.freeze(datetime(2026, 1, 1, tzinfo=UTC))  # fixed: the same seed writes the same file
        generate_orders(store, per_customer=orders, seed=seed, products=[product.id for product in catalogue])
    text = json.dumps(dump(store), indent=1, ensure_ascii=False) + "\n"
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"wrote {len(store)} users to {out}", err=True)
    else:
        click.echo(text, nl=False)
