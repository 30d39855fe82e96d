"""WooCommerce's REST authentication over HTTP: Basic, query-string keys, one-legged OAuth 1.0a,
and what a key's permission and its owner's role allow.

The OAuth signatures here come from ``sign``, written from the OAuth 1.0a spec (RFC 5849 §3.4)
rather than from wcmock's code: base string ``METHOD&enc(url)&enc(sorted k=v pairs)``, key
``secret&``. The last tests drive the official WooCommerce Python client against a live server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from urllib.parse import quote

import httpx2 as httpx
import pytest

import wcmock
from tests.conftest import CK, CS
from wcmock.resources.customers.backend import customers_of
from wcmock.resources.customers.models import Customer

BASE = "/wp-json/wc/v3/customers"
READ_KEY = wcmock.ApiKey("ck_" + "a" * 40, "cs_" + "b" * 40, 1, "read")
WRITE_KEY = wcmock.ApiKey("ck_" + "c" * 40, "cs_" + "d" * 40, 1, "write")
WRITE_PERMISSION = "The API key provided does not have write permissions."
READ_PERMISSION = "The API key provided does not have read permissions."


def basic(key: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}


def enc(text: str) -> str:
    """RFC 3986 percent-encoding of UTF-8, as OAuth requires (only unreserved characters kept)."""
    return quote(text, safe="-._~")


def expand(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parameters as PHP numbers them: the n-th ``name[]`` is ``name[n]``."""
    counters: dict[str, int] = {}
    out = []
    for name, value in pairs:
        if name.endswith("[]"):
            base_name = name[:-2]
            index = counters.get(base_name, 0)
            counters[base_name] = index + 1
            name = f"{base_name}[{index}]"
        out.append((name, value))
    return out


def sign(method: str, url: str, pairs: list[tuple[str, str]], secret: str, algorithm: str) -> str:
    encoded = sorted((enc(name), enc(value)) for name, value in expand(pairs))
    normalized = "&".join(f"{name}={value}" for name, value in encoded)
    base_string = "&".join([method.upper(), enc(url), enc(normalized)])
    digest = hashlib.sha1 if algorithm == "HMAC-SHA1" else hashlib.sha256
    return base64.b64encode(hmac.new(f"{secret}&".encode(), base_string.encode(), digest).digest()).decode()


def oauth_pairs(
    method: str,
    url: str,
    params: list[tuple[str, str]] | None = None,
    *,
    key: str = CK,
    secret: str = CS,
    algorithm: str = "HMAC-SHA1",
    timestamp: int | None = None,
    nonce: str | None = None,
) -> list[tuple[str, str]]:
    """``params`` plus the five OAuth parameters, signed."""
    pairs = [
        *(params or []),
        ("oauth_consumer_key", key),
        ("oauth_timestamp", str(int(time.time()) if timestamp is None else timestamp)),
        ("oauth_nonce", nonce or uuid.uuid4().hex),
        ("oauth_signature_method", algorithm),
    ]
    return [*pairs, ("oauth_signature", sign(method, url, pairs, secret, algorithm))]


def query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def site(client: httpx.Client) -> str:
    return str(client.base_url).rstrip("/")


def oauth_get(client: httpx.Client, path: str, params: list[tuple[str, str]] | None = None, **kw: object):
    pairs = oauth_pairs("GET", site(client) + path, params, **kw)  # type: ignore[arg-type]
    return client.get(f"{path}?{query(pairs)}")


def error_of(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def auth_error(message: str) -> tuple[int, str, str]:
    return 401, "woocommerce_rest_authentication_error", message


def add_customer(store: wcmock.Store, email: str, display_name: str | None = None) -> Customer:
    customer = customers_of(store).create({"email": email})
    if display_name:
        customer.display_name = display_name
    return customer


# ---------------------------------------------------------------------------- Basic and query string


def test_basic_auth_with_the_stores_key_lists_customers(client: httpx.Client) -> None:
    response = client.get(BASE, params={"role": "all"})
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [1, 2]


def test_query_string_keys_authenticate(anonymous: httpx.Client) -> None:
    response = anonymous.get(BASE, params={"consumer_key": CK, "consumer_secret": CS, "role": "all"})
    assert response.status_code == 200
    assert response.headers["x-wp-total"] == "2"


def test_query_string_keys_take_precedence_over_the_header(anonymous: httpx.Client) -> None:
    good_query = anonymous.get(BASE, params={"consumer_key": CK, "consumer_secret": CS}, headers=basic(CK, "cs_wrong"))
    assert good_query.status_code == 200
    bad_query = anonymous.get(BASE, params={"consumer_key": CK, "consumer_secret": "cs_wrong"}, headers=basic(CK, CS))
    assert error_of(bad_query) == auth_error("Consumer secret is invalid.")


def test_a_wrong_secret_is_refused_before_routing_without_an_allow_header(anonymous: httpx.Client) -> None:
    for response in (
        anonymous.get(BASE, headers=basic(CK, "cs_wrong")),
        anonymous.get(BASE, params={"consumer_key": CK, "consumer_secret": "cs_wrong"}),
        anonymous.get("/wp-json/wc/v3/no-such-route", headers=basic(CK, "cs_wrong")),
    ):
        assert error_of(response) == auth_error("Consumer secret is invalid.")
        assert response.json()["data"] == {"status": 401}
        assert "allow" not in response.headers


def test_routes_outside_woocommerce_are_not_authenticated(anonymous: httpx.Client) -> None:
    assert anonymous.get("/wp-json/", headers=basic(CK, "cs_wrong")).status_code == 200


def test_an_unknown_key_goes_on_anonymously(anonymous: httpx.Client) -> None:
    unknown = basic("ck_" + "9" * 40, CS)
    assert error_of(anonymous.get(BASE, headers=unknown)) == (
        401,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot list resources.",
    )
    assert error_of(anonymous.post(BASE, json={"email": "x@example.com"}, headers=unknown)) == (
        401,
        "woocommerce_rest_cannot_create",
        "Sorry, you are not allowed to create resources.",
    )
    assert error_of(anonymous.get(f"{BASE}/1", headers=unknown)) == (
        401,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot view this resource.",
    )


def test_no_credentials_at_all(anonymous: httpx.Client) -> None:
    assert error_of(anonymous.get(BASE)) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")


# ---------------------------------------------------------------------------- OAuth 1.0a


@pytest.mark.parametrize("algorithm", ["HMAC-SHA1", "HMAC-SHA256"])
def test_oauth_signed_list_with_spaces_non_ascii_and_array_params(
    anonymous: httpx.Client, store: wcmock.Store, algorithm: str
) -> None:
    joao = add_customer(store, "joao@example.com", "João Silva")
    other = add_customer(store, "maria@example.com", "Maria João")
    add_customer(store, "pedro@example.com", "João Silva Jr")
    params = [("search", "João Silva"), ("include[]", str(joao.id)), ("include[]", str(other.id)), ("per_page", "5")]
    response = oauth_get(anonymous, BASE, params, algorithm=algorithm)
    assert response.status_code == 200, response.text
    assert [c["id"] for c in response.json()] == [joao.id]
    assert response.headers["x-wp-total"] == "1"


def test_oauth_in_a_form_body(anonymous: httpx.Client) -> None:
    url = site(anonymous) + BASE
    pairs = oauth_pairs("POST", url, [("email", "form.user@example.com"), ("first_name", "Zoë Ann")])
    response = anonymous.post(BASE, content=query(pairs), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 201, response.text
    assert (response.json()["email"], response.json()["first_name"]) == ("form.user@example.com", "Zoë Ann")


def test_oauth_in_the_authorization_header(anonymous: httpx.Client) -> None:
    url = site(anonymous) + BASE
    oauth = oauth_pairs("GET", url, [("role", "all")])
    signed = [(k, v) for k, v in oauth if k.startswith("oauth_")]
    header = "OAuth " + ", ".join(f'{k}="{enc(v)}"' for k, v in signed)
    response = anonymous.get(BASE, params={"role": "all"}, headers={"Authorization": header})
    assert response.status_code == 200, response.text
    assert response.headers["x-wp-total"] == "2"


def test_oauth_signs_the_real_method_not_the_override(anonymous: httpx.Client) -> None:
    url = site(anonymous) + BASE
    pairs = oauth_pairs("POST", url, [("_method", "GET")])
    response = anonymous.post(f"{BASE}?{query(pairs)}")
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), list)


def test_one_missing_oauth_parameter(anonymous: httpx.Client) -> None:
    pairs = [(k, v) for k, v in oauth_pairs("GET", site(anonymous) + BASE) if k != "oauth_nonce"]
    assert error_of(anonymous.get(f"{BASE}?{query(pairs)}")) == (
        401,
        "woocommerce_rest_authentication_missing_parameter",
        "Missing OAuth parameter oauth_nonce",
    )


def test_several_missing_oauth_parameters_are_listed_in_order(anonymous: httpx.Client) -> None:
    response = anonymous.get(BASE, params={"oauth_signature_method": "HMAC-SHA1", "oauth_consumer_key": CK})
    assert error_of(response) == (
        401,
        "woocommerce_rest_authentication_missing_parameter",
        "Missing OAuth parameters oauth_timestamp, oauth_nonce, oauth_signature",
    )
    assert "allow" not in response.headers


def test_an_unknown_oauth_key(anonymous: httpx.Client) -> None:
    response = oauth_get(anonymous, BASE, key="ck_" + "9" * 40)
    assert error_of(response) == auth_error("Consumer key is invalid.")


def test_an_unsupported_signature_method(anonymous: httpx.Client) -> None:
    response = oauth_get(anonymous, BASE, algorithm="PLAINTEXT")
    assert error_of(response) == auth_error("Invalid signature - signature method is invalid.")


def test_a_signature_made_with_the_wrong_secret(anonymous: httpx.Client) -> None:
    response = oauth_get(anonymous, BASE, secret="cs_wrong")
    assert error_of(response) == auth_error("Invalid signature - provided signature does not match.")


def test_a_parameter_changed_after_signing(anonymous: httpx.Client) -> None:
    pairs = oauth_pairs("GET", site(anonymous) + BASE, [("per_page", "5")])
    tampered = [(k, "6" if k == "per_page" else v) for k, v in pairs]
    assert error_of(anonymous.get(f"{BASE}?{query(tampered)}")) == auth_error(
        "Invalid signature - provided signature does not match."
    )


@pytest.mark.parametrize("skew_minutes", [-16, 16])
def test_a_timestamp_outside_fifteen_minutes(anonymous: httpx.Client, skew_minutes: int) -> None:
    response = oauth_get(anonymous, BASE, timestamp=int(time.time()) + skew_minutes * 60)
    assert error_of(response) == auth_error("Invalid timestamp.")


@pytest.mark.parametrize("skew_minutes", [-14, 14])
def test_a_timestamp_inside_fifteen_minutes(anonymous: httpx.Client, skew_minutes: int) -> None:
    assert oauth_get(anonymous, BASE, timestamp=int(time.time()) + skew_minutes * 60).status_code == 200


def test_a_nonce_cannot_be_used_twice(anonymous: httpx.Client) -> None:
    nonce = uuid.uuid4().hex
    assert oauth_get(anonymous, BASE, nonce=nonce).status_code == 200
    replay = oauth_get(anonymous, BASE, [("page", "1")], nonce=nonce)
    assert error_of(replay) == auth_error("Invalid nonce - nonce has already been used.")
    assert oauth_get(anonymous, BASE, nonce=uuid.uuid4().hex).status_code == 200


# ---------------------------------------------------------------------------- key permissions


def test_a_read_only_key_reads_but_cannot_write(anonymous: httpx.Client, store: wcmock.Store) -> None:
    store.add_key(READ_KEY)
    auth = basic(READ_KEY.consumer_key, READ_KEY.consumer_secret)
    customers_of(store).create({"email": "target@example.com"})
    assert anonymous.get(BASE, headers=auth).status_code == 200
    assert anonymous.get(f"{BASE}/3", headers=auth).status_code == 200
    for response in (
        anonymous.post(BASE, json={"email": "x@example.com"}, headers=auth),
        anonymous.put(f"{BASE}/3", json={"first_name": "x"}, headers=auth),
        anonymous.patch(f"{BASE}/3", json={"first_name": "x"}, headers=auth),
        anonymous.delete(f"{BASE}/3", params={"force": "true"}, headers=auth),
        anonymous.post(f"{BASE}/batch", json={"delete": [3]}, headers=auth),
        anonymous.get(BASE, params={"_method": "DELETE"}, headers=auth),
    ):
        assert error_of(response) == auth_error(WRITE_PERMISSION)
        assert "allow" not in response.headers
    assert customers_of(store).editable(3).first_name == ""


def test_a_read_only_key_over_oauth(anonymous: httpx.Client, store: wcmock.Store) -> None:
    store.add_key(READ_KEY)
    keys = {"key": READ_KEY.consumer_key, "secret": READ_KEY.consumer_secret}
    assert oauth_get(anonymous, BASE, **keys).status_code == 200
    pairs = oauth_pairs("POST", site(anonymous) + BASE, [("email", "x@example.com")], **keys)
    assert error_of(anonymous.post(f"{BASE}?{query(pairs)}")) == auth_error(WRITE_PERMISSION)


def test_a_write_only_key_writes_but_cannot_read(anonymous: httpx.Client, store: wcmock.Store) -> None:
    store.add_key(WRITE_KEY)
    auth = basic(WRITE_KEY.consumer_key, WRITE_KEY.consumer_secret)
    assert error_of(anonymous.get(BASE, headers=auth)) == auth_error(READ_PERMISSION)
    assert anonymous.head(BASE, headers=auth).status_code == 401
    created = anonymous.post(BASE, json={"email": "w@example.com"}, headers=auth)
    assert created.status_code == 201
    assert anonymous.options(BASE, headers=auth).status_code == 200


def test_a_key_owned_by_a_customer_gets_403s(anonymous: httpx.Client, store: wcmock.Store) -> None:
    owner = customers_of(store).create({"email": "shopper@example.com"})
    store.add_key(wcmock.ApiKey("ck_" + "e" * 40, "cs_" + "f" * 40, owner.id, "read_write"))
    auth = basic("ck_" + "e" * 40, "cs_" + "f" * 40)
    item = f"{BASE}/{owner.id}"
    expectations = [
        (anonymous.get(BASE, headers=auth), "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
        (anonymous.get(item, headers=auth), "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
        (
            anonymous.post(BASE, json={"email": "n@example.com"}, headers=auth),
            "woocommerce_rest_cannot_create",
            "Sorry, you are not allowed to create resources.",
        ),
        (
            anonymous.put(item, json={"first_name": "Me"}, headers=auth),
            "woocommerce_rest_cannot_edit",
            "Sorry, you are not allowed to edit this resource.",
        ),
        (
            anonymous.delete(item, params={"force": "true"}, headers=auth),
            "woocommerce_rest_cannot_delete",
            "Sorry, you are not allowed to delete this resource.",
        ),
        (
            anonymous.post(f"{BASE}/batch", json={"delete": [owner.id]}, headers=auth),
            "woocommerce_rest_cannot_batch",
            "Sorry, you are not allowed to batch manipulate this resource.",
        ),
    ]
    for response, code, message in expectations:
        assert error_of(response) == (403, code, message)
    assert customers_of(store).editable(owner.id) is not None


def test_deleting_the_key_owner_revokes_the_key(
    client: httpx.Client, anonymous: httpx.Client, store: wcmock.Store
) -> None:
    owner = customers_of(store).create({"email": "owner@example.com"})
    store.add_key(wcmock.ApiKey("ck_" + "7" * 40, "cs_" + "8" * 40, owner.id))
    auth = basic("ck_" + "7" * 40, "cs_" + "8" * 40)
    assert anonymous.get(BASE, headers=auth).status_code == 403
    assert client.delete(f"{BASE}/{owner.id}", params={"force": "true"}).status_code == 200
    assert error_of(anonymous.get(BASE, headers=auth)) == (
        401,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot list resources.",
    )
    assert "ck_" + "7" * 40 not in store.keys


# ---------------------------------------------------------------------------- the official client


def test_the_official_woocommerce_client_over_oauth(live_server: wcmock.LiveServer, store: wcmock.Store) -> None:
    woocommerce = pytest.importorskip("woocommerce")
    api = woocommerce.API(url=live_server.url, consumer_key=CK, consumer_secret=CS, version="wc/v3", timeout=10)

    created = api.post("customers", {"email": "joao.silva@example.com", "first_name": "João", "last_name": "Silva"})
    assert created.status_code == 201, created.text
    customer = created.json()
    assert (customer["id"], customer["username"], customer["first_name"]) == (3, "joao.silva", "João")
    customers_of(store).editable(3).display_name = "João Silva"

    read = api.get("customers/3")
    assert read.status_code == 200, read.text
    assert read.json()["email"] == "joao.silva@example.com"

    listed = api.get("customers", params={"search": "João Silva", "per_page": 5, "orderby": "id"})
    assert listed.status_code == 200, listed.text
    assert [c["id"] for c in listed.json()] == [3]
    assert listed.headers["X-WP-Total"] == "1"

    everyone = api.get("customers", params={"role": "all", "orderby": "id", "order": "desc"})
    assert [c["id"] for c in everyone.json()] == [3, 2, 1]

    updated = api.put("customers/3", {"billing": {"city": "São Paulo", "email": "joao.silva@example.com"}})
    assert updated.status_code == 200, updated.text
    assert updated.json()["billing"]["city"] == "São Paulo"

    batch = api.post(
        "customers/batch",
        {"create": [{"email": "ana@example.com"}], "update": [{"id": 3, "last_name": "Souza"}], "delete": [3]},
    )
    assert batch.status_code == 200, batch.text
    body = batch.json()
    assert body["create"][0]["email"] == "ana@example.com"
    assert body["update"][0]["last_name"] == "Souza"
    assert body["delete"][0]["id"] == 3
    ana_id = body["create"][0]["id"]

    deleted = api.delete(f"customers/{ana_id}", params={"force": True})
    assert deleted.status_code == 200, deleted.text
    assert api.get(f"customers/{ana_id}").json()["code"] == "wc_user_invalid_id"
    assert [c.id for c in store] == [1, 2]


def test_the_official_client_with_a_wrong_secret_gets_401(live_server: wcmock.LiveServer, store: wcmock.Store) -> None:
    woocommerce = pytest.importorskip("woocommerce")
    api = woocommerce.API(url=live_server.url, consumer_key=CK, consumer_secret="cs_wrong", version="wc/v3", timeout=10)
    response = api.get("customers")
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_authentication_error"
    assert response.json()["message"] == "Invalid signature - provided signature does not match."


def test_the_official_client_with_an_unknown_key(live_server: wcmock.LiveServer, store: wcmock.Store) -> None:
    woocommerce = pytest.importorskip("woocommerce")
    api = woocommerce.API(url=live_server.url, consumer_key="ck_unknown", consumer_secret=CS, version="wc/v3")
    response = api.get("customers")
    assert (response.status_code, response.json()["message"]) == (401, "Consumer key is invalid.")
