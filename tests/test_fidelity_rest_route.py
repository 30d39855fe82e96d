"""API keys are honoured only on request URIs containing ``wp-json/wc/`` (``is_request_to_rest_api``).

The same routes reached through ``?rest_route=`` (plain permalinks) are served by WordPress, but
WooCommerce's authentication never looks at them: Basic, query-string keys and OAuth are all anonymous
there, and a wrong secret is not even reported.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
CANNOT_VIEW = "Sorry, you cannot view this resource."


@pytest.fixture
def api() -> Iterator[TestClient]:
    app = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    with TestClient(app, base_url="http://shop.test") as client:
        yield client


def error(response: object) -> tuple[int, str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return response.status_code, body["code"], body["message"]  # type: ignore[attr-defined]


def oauth_query(method: str, url: str, extra: dict[str, str]) -> dict[str, str]:
    """One-legged OAuth 1.0a parameters signed with our own code (HMAC-SHA256)."""
    params = {
        **extra,
        "oauth_consumer_key": CK,
        "oauth_timestamp": str(int(time.time())),
        "oauth_nonce": "n" + str(time.monotonic_ns()),
        "oauth_signature_method": "HMAC-SHA256",
    }
    enc = lambda s: quote(s, safe="~")  # noqa: E731
    normalized = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()))
    base = "&".join([method, enc(url), enc(normalized)])
    digest = hmac.new(f"{CS}&".encode(), base.encode(), hashlib.sha256).digest()
    return {**params, "oauth_signature": base64.b64encode(digest).decode()}


@pytest.mark.parametrize("path", ["/", "/index.php"])
def test_basic_auth_on_rest_route_is_anonymous(api: TestClient, path: str) -> None:
    read = api.get(path, params={"rest_route": "/wc/v3/customers/2"}, auth=(CK, CS))
    assert error(read) == (401, "woocommerce_rest_cannot_view", CANNOT_VIEW)
    listed = api.get(path, params={"rest_route": "/wc/v3/customers"}, auth=(CK, CS))
    assert error(listed) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    made = api.post(path, params={"rest_route": "/wc/v3/customers"}, json={"email": "x@example.com"}, auth=(CK, CS))
    assert error(made) == (401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
    assert (
        api.get("/wp-json/wc/v3/customers", params={"email": "x@example.com", "role": "all"}, auth=(CK, CS)).json()
        == []
    )


def test_query_string_keys_and_a_wrong_secret_on_rest_route(api: TestClient) -> None:
    keys = {"rest_route": "/wc/v3/customers/2", "consumer_key": CK, "consumer_secret": CS}
    assert error(api.get("/", params=keys)) == (401, "woocommerce_rest_cannot_view", CANNOT_VIEW)
    wrong = {**keys, "consumer_secret": "cs_wrong"}
    assert error(api.get("/", params=wrong)) == (401, "woocommerce_rest_cannot_view", CANNOT_VIEW)


def test_oauth_on_rest_route_is_anonymous(api: TestClient) -> None:
    params = oauth_query("GET", "http://shop.test/", {"rest_route": "/wc/v3/customers/2"})
    assert error(api.get("/?" + urlencode(params))) == (401, "woocommerce_rest_cannot_view", CANNOT_VIEW)


def test_the_uri_test_is_a_plain_substring_match(api: TestClient) -> None:
    """``/?rest_route=/wc/v3/customers/2&x=wp-json/wc/`` contains the prefix, so the key counts."""
    answer = api.get("/?rest_route=/wc/v3/customers/2&x=wp-json/wc/", auth=(CK, CS))
    assert answer.status_code == 200
    assert answer.json()["id"] == 2


def test_index_php_rest_route_is_served(api: TestClient) -> None:
    assert api.get("/index.php", params={"rest_route": "/wc/v3"}).json()["namespace"] == "wc/v3"
