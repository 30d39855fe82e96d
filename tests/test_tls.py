"""HTTPS with a throwaway certificate, so clients take their production code path: HTTP Basic (or
query-string keys) instead of OAuth 1.0a. Driven with WooCommerce's official Python client, which
uses ``requests`` (``verify_ssl`` is passed to it as ``verify``: a CA file path or ``True`` with
``REQUESTS_CA_BUNDLE``).
"""

from __future__ import annotations

import logging
import os
import re
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from starlette.applications import Starlette

import wcmock
from tests.conftest import CK, CS
from tests.test_auth import READ_KEY, basic, error_of
from wcmock.resources.customers.backend import customers_of

woocommerce = pytest.importorskip("woocommerce")

pytest_plugins = ["pytester"]

WRITE_PERMISSION = (
    401,
    "woocommerce_rest_authentication_error",
    "The API key provided does not have write permissions.",
)


@pytest.fixture(scope="module")
def app() -> Starlette:
    return wcmock.create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)


@pytest.fixture(scope="module")
def https(app: Starlette) -> Iterator[wcmock.LiveServer]:
    with wcmock.LiveServer(app, tls=True) as server:
        yield server


@pytest.fixture
def store(app: Starlette) -> wcmock.Store:
    store: wcmock.Store = app.state.store
    app.state.handle.reset()
    return store


def trusting(ca_file: str | Path | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca_file))


def api(server: wcmock.LiveServer, key: str = CK, secret: str = CS, **options: Any) -> Any:
    options.setdefault("verify_ssl", server.ca_file)
    return woocommerce.API(url=server.url, consumer_key=key, consumer_secret=secret, version="wc/v3", timeout=10,
                           **options)  # fmt: skip


def exercise(client: Any, store: wcmock.Store) -> None:
    """Create, read, list with a space and non-ASCII, update, batch and delete."""
    created = client.post("customers", {"email": "joao.silva@example.com", "first_name": "João"})
    assert created.status_code == 201, created.text
    customers_of(store).editable(3).display_name = "João Silva"
    assert client.get("customers/3").json()["first_name"] == "João"
    listed = client.get("customers", params={"search": "João Silva", "per_page": 5})
    assert [c["id"] for c in listed.json()] == [3], listed.text
    updated = client.put("customers/3", {"billing": {"city": "São Paulo"}})
    assert updated.json()["billing"]["city"] == "São Paulo"
    batch = client.post("customers/batch", {"create": [{"email": "ana@example.com"}], "delete": [3]})
    assert batch.status_code == 200, batch.text
    ana = batch.json()["create"][0]["id"]
    assert client.delete(f"customers/{ana}", params={"force": True}).status_code == 200
    assert [c.id for c in store] == [1, 2]


# ---------------------------------------------------------------------------- the server


def test_the_server_serves_https_and_hands_out_its_ca(https: wcmock.LiveServer) -> None:
    assert https.url.startswith("https://127.0.0.1:")
    assert https.ca_file is not None
    assert Path(https.ca_file).read_text().startswith("-----BEGIN CERTIFICATE-----")
    with httpx.Client(verify=trusting(https.ca_file)) as client:
        assert client.get(f"{https.url}/__wcmock__/health").json()["status"] == "ok"
    with pytest.raises(httpx.ConnectError), httpx.Client() as untrusting:
        untrusting.get(f"{https.url}/__wcmock__/health")


def test_the_ca_file_goes_where_asked_and_the_key_is_removed_on_stop(app: Starlette, tmp_path: Path) -> None:
    wanted = tmp_path / "ca" / "wcmock.pem"
    with wcmock.LiveServer(app, tls=True, ca_file=wanted) as server:
        assert server.ca_file == str(wanted)
        assert server.certificates is not None
        key_file = server.certificates.cert_file
        assert key_file.exists()
    assert wanted.exists()
    assert not key_file.exists()


def test_links_in_answers_are_https(https: wcmock.LiveServer, store: wcmock.Store) -> None:
    response = api(https).get("customers/1")
    assert response.json()["_links"]["self"][0]["href"].startswith(https.url + "/wp-json/wc/v3/customers/1")


# ---------------------------------------------------------------------------- the official Python client


def test_the_python_client_over_https_with_basic_auth(
    https: wcmock.LiveServer, app: Starlette, store: wcmock.Store
) -> None:
    exercise(api(https), store)
    entries = app.state.handle.journal.entries()
    assert all(e.headers["authorization"] == "Basic ***" for e in entries)
    assert not any("oauth_signature" in e.query or "consumer_key" in e.query for e in entries)


def test_the_python_client_trusting_the_ca_through_requests_ca_bundle(
    https: wcmock.LiveServer, store: wcmock.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert https.ca_file is not None
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", https.ca_file)
    response = api(https, verify_ssl=True).get("customers", params={"role": "all"})
    assert response.status_code == 200, response.text


def test_the_python_client_over_https_with_query_string_keys(
    https: wcmock.LiveServer, app: Starlette, store: wcmock.Store
) -> None:
    exercise(api(https, query_string_auth=True), store)
    entries = app.state.handle.journal.entries()
    assert all(e.query["consumer_secret"] == "***" and "authorization" not in e.headers for e in entries)


def test_a_wrong_secret_over_https(https: wcmock.LiveServer, store: wcmock.Store) -> None:
    for client in (api(https, secret="cs_wrong"), api(https, secret="cs_wrong", query_string_auth=True)):
        response = client.get("customers")
        assert (response.status_code, response.json()["message"]) == (401, "Consumer secret is invalid.")


def test_a_read_only_key_over_https_lists_but_cannot_write(https: wcmock.LiveServer, store: wcmock.Store) -> None:
    store.add_key(READ_KEY)
    customers_of(store).create({"email": "target@example.com"})
    for client in (api(https, READ_KEY.consumer_key, READ_KEY.consumer_secret),
                   api(https, READ_KEY.consumer_key, READ_KEY.consumer_secret, query_string_auth=True)):  # fmt: skip
        assert client.get("customers").status_code == 200
        assert client.get("customers/3").status_code == 200
        for response in (
            client.post("customers", {"email": "x@example.com"}),
            client.put("customers/3", {"first_name": "x"}),
            client.delete("customers/3", params={"force": True}),
            client.post("customers/batch", {"delete": [3]}),
        ):
            assert error_of(response) == WRITE_PERMISSION
            assert "allow" not in response.headers
    assert customers_of(store).editable(3).first_name == ""


def test_an_application_password_through_the_python_client(https: wcmock.LiveServer, store: wcmock.Store) -> None:
    customers_of(store).editable(1).application_passwords = ("abcdefghijklmnopqrstuvwx",)
    client = api(https, "admin", "abcd efgh ijkl mnop qrst uvwx")
    assert client.post("customers", {"email": "app@example.com"}).status_code == 201
    wrong = api(https, "admin", "abcd efgh ijkl mnop qrst uvwy").get("customers")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "incorrect_password")


def test_a_stock_store_takes_basic_over_https_only(app: Starlette, tmp_path: Path) -> None:
    strict = wcmock.create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS,
                               settings={"basic_auth_over_http": False})  # fmt: skip
    with wcmock.LiveServer(strict, tls=True) as secure, wcmock.LiveServer(strict) as plain:
        assert api(secure).get("customers").status_code == 200
        assert api(secure, query_string_auth=True).get("customers").status_code == 200
        with httpx.Client(base_url=plain.url) as client:
            response = client.get("/wp-json/wc/v3/customers", headers=basic(CK, CS))
            assert error_of(response) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
        assert woocommerce.API(url=plain.url, consumer_key=CK, consumer_secret=CS).get("customers").status_code == 200


def test_no_access_log_carries_a_secret(
    https: wcmock.LiveServer, store: wcmock.Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        api(https, query_string_auth=True).get("customers")
        api(https, secret="cs_wrong", query_string_auth=True).get("customers")
    server_side = [r.getMessage() for r in caplog.records if r.name.startswith(("uvicorn", "wcmock", "starlette"))]
    assert not [line for line in server_side if CS in line or "cs_wrong" in line]
    assert https.server.config.access_log is False  # (urllib3, on the client side, does log the URL)


# ---------------------------------------------------------------------------- the command line


@pytest.mark.slow
def test_wcmock_serve_tls_prints_where_the_ca_is(tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    command = [sys.executable, "-c", "from wcmock.cli import main; main()", "serve", "--tls", "--port", "0",
               "--tls-ca-file", str(ca_file), "--api-key", "ck_cli:cs_cli_secret:1:read"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            check_the_banner(process, ca_file)
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert ca_file.exists()


def check_the_banner(process: subprocess.Popen[str], ca_file: Path) -> None:
    assert process.stdout is not None
    banner: list[str] = []
    while not banner or (banner[-1] and "reset:" not in banner[-1]):  # until the last line, or exit
        banner.append(process.stdout.readline())
    text = "".join(banner)
    url = re.search(r"at (https://\S+)", text)
    assert url, text + (process.stderr.read() if process.poll() is not None and process.stderr else "")
    assert f"CA file:         {ca_file.resolve()}" in text
    assert "ck_cli (read, user 1)" in text
    assert "cs_cli_secret" not in text  # a secret the user chose is not echoed
    with httpx.Client(verify=trusting(ca_file)) as client:
        response = client.get(f"{url.group(1)}/wp-json/wc/v3/customers", auth=("ck_cli", "cs_cli_secret"))
        assert response.status_code == 200
        assert error_of(client.post(f"{url.group(1)}/wp-json/wc/v3/customers", json={"email": "a@example.com"},
                                    auth=("ck_cli", "cs_cli_secret"))) == WRITE_PERMISSION  # fmt: skip


# ---------------------------------------------------------------------------- the pytest plugin

PLUGIN_TESTS = """
import pytest
from woocommerce import API


def client(wcmock, **options):
    return API(url=wcmock.url, consumer_key=wcmock.consumer_key, consumer_secret=wcmock.consumer_secret,
               version="wc/v3", timeout=10, verify_ssl=wcmock.ca_file, **options)


@pytest.mark.wcmock(tls=True)
def test_a_marker_asks_for_https(wcmock):
    assert wcmock.url.startswith("https://")
    assert client(wcmock).get("customers/25").json()["first_name"] == "John"
    assert client(wcmock, query_string_auth=True).get("customers/25").status_code == 200
    assert wcmock.requests()[0].headers["authorization"] == "Basic ***"


def test_plain_http_by_default(wcmock):
    assert wcmock.url.startswith("http://")
    assert wcmock.ca_file is None
    assert client(wcmock).get("customers/25").status_code == 200


@pytest.mark.wcmock(api_keys=["ck_reader:cs_reader::read"], settings={"strip_authorization": True})
def test_marker_keys_and_settings(wcmock):
    assert [k.permissions for k in wcmock.api_keys] == ["read"]
    assert wcmock.consumer_key == "ck_reader"
    assert client(wcmock).post("customers", {"email": "a@example.org"}).json()["message"] == (
        "The API key provided does not have write permissions.")


@pytest.mark.wcmock(settings={"auth": False})
def test_auth_off(wcmock):
    import httpx2 as httpx
    assert httpx.get(wcmock.api_url() + "/customers/25").json()["first_name"] == "John"
"""


@pytest.mark.slow
def test_the_plugin_serves_https_on_request(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_tls_users=PLUGIN_TESTS)
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=4)


@pytest.mark.slow
def test_the_plugin_option_makes_every_store_https(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        from woocommerce import API

        def test_https(wcmock):
            assert wcmock.url.startswith("https://") and wcmock.ca_file
            api = API(url=wcmock.url, consumer_key=wcmock.consumer_key, consumer_secret=wcmock.consumer_secret,
                      verify_ssl=wcmock.ca_file)
            assert api.get("customers/25").status_code == 200
    """)
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "--wcmock-tls").assert_outcomes(passed=1)


def test_the_ca_is_not_left_behind(app: Starlette) -> None:
    with wcmock.LiveServer(app, tls=True) as server:
        assert server.ca_file is not None
        ca_file = server.ca_file
    assert not os.path.exists(ca_file)
