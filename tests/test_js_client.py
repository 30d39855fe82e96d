"""WooCommerce's official JavaScript client (npm ``@woocommerce/woocommerce-rest-api``) against wcmock.

``tests/js/client.mjs`` creates, reads, lists with a search term that has a space and non-ASCII
characters, updates, batches and deletes customers. Over plain HTTP the client signs every request
with OAuth 1.0a (HMAC-SHA256); over HTTPS it sends HTTP Basic, or the keys in the query string.
The first run installs the client with ``npm install`` (it needs the npm registry once).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from tests.conftest import CK, CS
from wcmock import LiveServer, create_app

JS = Path(__file__).resolve().parent / "js"
SEARCH = "João Silva"

pytestmark = [
    pytest.mark.skipif(
        (shutil.which("node") is None or shutil.which("npm") is None) and not os.environ.get("WCMOCK_REQUIRE_NODE"),
        reason="Node.js and npm are needed to run WooCommerce's JavaScript client (CI installs them)",
    ),
    pytest.mark.slow,  # npm install once, then node in a subprocess
]


@pytest.fixture(scope="module")
def node_modules() -> Path:
    modules = JS / "node_modules"
    if not (modules / "@woocommerce" / "woocommerce-rest-api").is_dir():
        npm = shutil.which("npm")
        assert npm is not None
        subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=JS, check=True, timeout=300)
    return modules


@pytest.fixture(scope="module")
def app() -> Starlette:
    return create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)


@pytest.fixture(scope="module")
def http_server(app: Starlette) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="module")
def https_server(app: Starlette) -> Iterator[LiveServer]:
    with LiveServer(app, tls=True) as server:
        yield server


@pytest.fixture
def search_ids(app: Starlette) -> str:
    """A fresh store with two customers the search term must find (and one it must not)."""
    handle = app.state.handle
    handle.reset()
    found = [
        handle.add_customer(email="joao@example.com", display_name="João Silva"),
        handle.add_customer(email="joao.jr@example.com", display_name="João Silva Jr"),
    ]
    handle.add_customer(email="maria@example.com", display_name="Maria João")
    return ",".join(str(c.id) for c in found)


def run_client(node_modules: Path, url: str, *, secret: str = CS, **env: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node is not None
    environment = {**os.environ, "WC_URL": url, "WC_KEY": CK, "WC_SECRET": secret, "WC_SEARCH": SEARCH, **env}
    return subprocess.run(
        [node, "client.mjs"], cwd=JS, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def assert_ok(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr + result.stdout
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_the_js_client_over_http_signs_with_oauth(
    node_modules: Path, http_server: LiveServer, app: Starlette, search_ids: str
) -> None:
    report = assert_ok(run_client(node_modules, http_server.url, WC_SEARCH_IDS=search_ids))
    assert report["ok"] is True
    entries = app.state.handle.journal.entries()
    assert entries
    assert all("oauth_signature" in entry.query for entry in entries)
    assert all("authorization" not in entry.headers for entry in entries)


def test_the_js_client_over_https_with_basic_auth(
    node_modules: Path, https_server: LiveServer, app: Starlette, search_ids: str
) -> None:
    assert https_server.ca_file is not None
    result = run_client(
        node_modules, https_server.url, WC_SEARCH_IDS=search_ids, NODE_EXTRA_CA_CERTS=https_server.ca_file
    )
    assert assert_ok(result)["ok"] is True
    entries = app.state.handle.journal.entries()
    assert all(entry.headers.get("authorization", "").startswith("Basic ") for entry in entries)
    assert not any("oauth_signature" in entry.query for entry in entries)


def test_the_js_client_over_https_with_query_string_keys(
    node_modules: Path, https_server: LiveServer, app: Starlette, search_ids: str
) -> None:
    assert https_server.ca_file is not None
    result = run_client(
        node_modules,
        https_server.url,
        WC_SEARCH_IDS=search_ids,
        WC_QUERY_STRING_AUTH="1",
        NODE_EXTRA_CA_CERTS=https_server.ca_file,
    )
    assert assert_ok(result)["ok"] is True
    entries = app.state.handle.journal.entries()
    assert all(entry.query.get("consumer_secret") == "***" for entry in entries)  # sent, and masked
    assert all("authorization" not in entry.headers for entry in entries)


def test_the_js_client_with_a_wrong_secret_over_http_gets_401(
    node_modules: Path, http_server: LiveServer, search_ids: str
) -> None:
    result = run_client(node_modules, http_server.url, secret="cs_wrong", WC_EXPECT="401")
    assert result.returncode == 0, result.stderr + result.stdout
    assert json.loads(result.stdout) == {
        "code": "woocommerce_rest_authentication_error",
        "message": "Invalid signature - provided signature does not match.",
    }


def test_the_js_client_with_a_wrong_secret_over_https_gets_401(
    node_modules: Path, https_server: LiveServer, search_ids: str
) -> None:
    assert https_server.ca_file is not None
    result = run_client(
        node_modules, https_server.url, secret="cs_wrong", WC_EXPECT="401", NODE_EXTRA_CA_CERTS=https_server.ca_file
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert json.loads(result.stdout) == {
        "code": "woocommerce_rest_authentication_error",
        "message": "Consumer secret is invalid.",
    }
