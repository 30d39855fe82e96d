"""pytest fixtures for projects that test against wcmock (registered through the ``pytest11`` entry point).

=================  ========  =====================  ==================================================
fixture            scope     type                   what it is
=================  ========  =====================  ==================================================
``wcmock_server``  session   ``wcmock.LiveServer``  uvicorn in a thread on 127.0.0.1, a free port
                                                    (HTTPS with ``--wcmock-tls`` / ini ``wcmock_tls``)
``wcmock_tls_server`` session ``wcmock.LiveServer`` the same stores over HTTPS (throwaway CA,
                                                    ``.ca_file``); started on first use
``wcmock``         function  ``WcmockStore``        a store that is fresh for this test, on that server
``wcmock_client``  function  ``TestClient``         an in-process client (no socket) for that store,
                                                    sending its API key with HTTP Basic
=================  ========  =====================  ==================================================

Configure with ``@pytest.mark.wcmock(fixtures=[...], seed=N, settings={...}, api_keys=[...], tls=True,
assert_all_faults_fired=True)`` on a test, or for the whole suite with ``--wcmock-fixtures FILE`` /
``--wcmock-seed N`` / ``--wcmock-tls`` / ``--wcmock-settings JSON`` / ``--wcmock-assert-all-faults-fired``
or the ini options ``wcmock_fixtures``, ``wcmock_seed``, ``wcmock_tls``, ``wcmock_settings`` and
``wcmock_assert_all_faults_fired`` (a marker's settings are laid over the suite's). An unknown marker
argument fails the test with the valid ones. ``fixtures`` takes file paths, bundled names and fixture
data as dicts. Defaults: the bundled ``default`` fixture, seed 0, plain HTTP, the fixture's keys or
wcmock's default key. ``api_keys`` are
``"CK:CS[:USER_ID[:PERMISSION]]"`` strings or ``{"consumer_key": …, "consumer_secret": …, "user_id": …,
"permissions": …}`` (owner: the first administrator; permission: ``read_write``); ``settings`` takes
``{"auth": False}``, ``{"strip_authorization": True}``, ``{"basic_auth_over_http": False}`` too.
With ``tls``, ``wcmock.url`` is ``https://…`` and ``wcmock.ca_file`` the CA to trust.

A fault a test arms that never fires is reported when the test ends: an ``UnfiredFaultWarning``,
or a teardown error under ``assert_all_faults_fired`` (as responses' ``assert_all_requests_are_fired``).
Faults armed by the fixture file are left out: they are the scenario, not the test's claim.

Imports here are kept light: pytest loads this module in every run of every suite that has wcmock
installed; uvicorn, Starlette and Faker are imported inside the fixtures that need them.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import warnings
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from wcmock.harness.handle import WcmockStore
    from wcmock.server import LiveServer


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wcmock", "wcmock: a fake WooCommerce store")
    group.addoption(
        "--wcmock-fixtures",
        action="append",
        default=None,
        metavar="FILE",
        help="fixture file (or bundled name) for wcmock stores; repeatable",
    )
    group.addoption("--wcmock-seed", type=int, default=None, help="seed for wcmock's generated data")
    group.addoption(
        "--wcmock-tls",
        action="store_true",
        default=None,
        help="serve wcmock stores over HTTPS (a throwaway CA: wcmock.ca_file)",
    )
    parser.addini("wcmock_fixtures", "fixture files (or bundled names) for wcmock stores", type="args", default=[])
    parser.addini("wcmock_seed", "seed for wcmock's generated data", default="0")
    parser.addini("wcmock_tls", "serve wcmock stores over HTTPS", type="bool", default=False)
    group.addoption(
        "--wcmock-settings",
        default=None,
        metavar="JSON",
        help="store settings for every wcmock store, e.g. '{\"auth\": false}' (a marker's settings win)",
    )
    parser.addini("wcmock_settings", "store settings for every wcmock store, as JSON", default="")
    group.addoption(
        "--wcmock-assert-all-faults-fired",
        action="store_true",
        default=None,
        help="a fault armed in a test that never fired is an error (default: a warning)",
    )
    parser.addini(
        "wcmock_assert_all_faults_fired",
        "a fault armed in a test that never fired is an error (default: a warning)",
        type="bool",
        default=False,
    )


def pytest_configure(config: pytest.Config) -> None:
    _suite_settings(config)  # a malformed --wcmock-settings stops the run before any test
    config.addinivalue_line(
        "markers",
        "wcmock(fixtures=None, seed=None, settings=None, api_keys=None, tls=False, assert_all_faults_fired=False): "
        "how to build this test's wcmock store",
    )


def _suite_settings(config: pytest.Config) -> dict[str, Any]:
    text = config.getoption("--wcmock-settings") or config.getini("wcmock_settings") or "{}"
    try:
        settings = json.loads(text)
    except ValueError as error:
        raise pytest.UsageError(f"wcmock settings must be a JSON object: {error}") from None
    if not isinstance(settings, dict):
        raise pytest.UsageError('wcmock settings must be a JSON object, e.g. {"auth": false}')
    return settings


def _tls_everywhere(config: pytest.Config) -> bool:
    return bool(config.getoption("--wcmock-tls") or config.getini("wcmock_tls"))


@pytest.fixture(scope="session")
def wcmock_server(pytestconfig: pytest.Config) -> Iterator[LiveServer]:
    """One live wcmock server for the session; each test gets its own store on it."""
    from wcmock.app import create_app
    from wcmock.server import LiveServer

    with LiveServer(create_app(), tls=_tls_everywhere(pytestconfig)) as server:
        yield server


@pytest.fixture(scope="session")
def wcmock_tls_server(wcmock_server: LiveServer) -> Iterator[LiveServer]:
    """The session's stores over HTTPS: ``wcmock_server`` itself when it is HTTPS, else a second server."""
    from wcmock.server import LiveServer

    if wcmock_server.ca_file:
        yield wcmock_server
        return
    with LiveServer(wcmock_server.app, tls=True) as server:
        yield server


MARKER_ARGUMENTS = ("fixtures", "seed", "settings", "api_keys", "tls", "assert_all_faults_fired")


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The marker's arguments, checked: a typo such as ``fixture=`` fails the test instead of being ignored."""
    marker = request.node.get_closest_marker("wcmock")
    if marker is None:
        return {}
    if marker.args:
        _fail(f"wcmock marker: takes keyword arguments only ({', '.join(MARKER_ARGUMENTS)})")
    for name in marker.kwargs:
        if name not in MARKER_ARGUMENTS:
            close = difflib.get_close_matches(name, MARKER_ARGUMENTS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            _fail(f"wcmock marker: unknown argument {name!r}{hint}; valid: {', '.join(MARKER_ARGUMENTS)}")
    return dict(marker.kwargs)


def _fail(message: str) -> None:
    """Fail the test with ``message`` alone: no traceback of the plugin, no chained exception."""
    __tracebackhide__ = True
    raise pytest.fail.Exception(message, pytrace=False) from None


def _seed(options: dict[str, Any], config: pytest.Config) -> int:
    seed = options.get("seed")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            _fail(f"wcmock marker: seed must be a whole number, not {seed!r}")
        return int(seed)
    if config.getoption("--wcmock-seed") is not None:
        return int(config.getoption("--wcmock-seed"))
    text = str(config.getini("wcmock_seed") or "0")
    try:
        return int(text)
    except ValueError:
        raise pytest.UsageError(f"wcmock_seed must be a whole number, not {text!r}") from None


def _fixtures(options: dict[str, Any], config: pytest.Config) -> list[Any]:
    """File paths and bundled names as text, fixture data (dicts) as given."""
    given = options.get("fixtures") or config.getoption("--wcmock-fixtures") or config.getini("wcmock_fixtures")
    if isinstance(given, str | dict):
        given = [given]
    return [f if isinstance(f, dict) else str(f) for f in given or ["default"]]


def _config(request: pytest.FixtureRequest) -> dict[str, Any]:
    options = _marker_options(request)
    keys = [asdict(k) if is_dataclass(k) and not isinstance(k, type) else k for k in options.get("api_keys") or []]
    return {
        "fixtures": _fixtures(options, request.config),
        "seed": _seed(options, request.config),
        "settings": {**_suite_settings(request.config), **(options.get("settings") or {})},
        "api_keys": keys,
        "tls": bool(options.get("tls", _tls_everywhere(request.config))),
        "strict_faults": bool(
            options.get(
                "assert_all_faults_fired",
                request.config.getoption("--wcmock-assert-all-faults-fired")
                or request.config.getini("wcmock_assert_all_faults_fired"),
            )
        ),
    }


def _report_unfired(handle: Any, armed_before: set[int], strict: bool) -> None:
    """Say which faults the test armed and never fired: a warning, or a teardown error when ``strict``."""
    from wcmock.harness.faults import UnfiredFaultWarning

    unfired = handle.faults.unfired(since=armed_before)
    if not unfired:
        return
    lines = []
    for fault in unfired:
        times = f"{fault.matched} time{'s' if fault.matched != 1 else ''}"
        seen = f"matched {times}" if fault.matched else "nothing matched"
        lines.append(f"wcmock: fault #{fault.id} ({fault.describe()}) never fired ({seen})")
    if strict:
        _fail("\n".join(lines))
    warnings.warn(UnfiredFaultWarning("\n".join(lines)), stacklevel=1)


@pytest.fixture
def wcmock(request: pytest.FixtureRequest, wcmock_server: LiveServer) -> Iterator[WcmockStore]:
    """A store for this test alone: built once per configuration, reset before and after each test."""
    config = _config(request)
    tls = config.pop("tls")
    strict_faults = config.pop("strict_faults")
    server = request.getfixturevalue("wcmock_tls_server") if tls else wcmock_server
    name = "t-" + hashlib.sha1(json.dumps(config, sort_keys=True).encode()).hexdigest()[:12]
    hub = wcmock_server.app.state.hub
    handle = hub.find(name)
    if handle is None:
        from wcmock.fixtures import FixtureError, settings_from

        problem = None
        try:
            settings = settings_from({"settings": config["settings"]}) if config["settings"] else None
            handle = hub.create(
                name,
                fixture_names=config["fixtures"],
                seed=config["seed"],
                settings=settings,
                api_keys=config["api_keys"],
            )
        except (FixtureError, ValueError) as error:  # the user's fixture file or settings: said plainly
            problem = str(error)
        if handle is None:
            _fail(f"wcmock: cannot build the store: {problem}")
    handle.reset()
    armed_by_fixture = {fault.id for fault in handle.faults.list()}
    yield handle.served_at(server.url, app=wcmock_server.app, ca_file=server.ca_file)
    try:
        _report_unfired(handle, armed_by_fixture, strict_faults)
    finally:
        handle.reset()


@pytest.fixture
def wcmock_client(wcmock: WcmockStore) -> Iterator[Any]:
    """Starlette's TestClient on this test's store: no socket, authenticated with the store's key."""
    with wcmock.test_client() as client:
        yield client
