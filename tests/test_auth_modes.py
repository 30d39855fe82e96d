"""Who a request acts as, beyond one key: several keys, WordPress application passwords, and the
switches a test suite needs (auth off, a host that strips the Authorization header, Basic over HTTP).

Every store here is built from a small fixture and served in-process over plain HTTP (Starlette's
TestClient, ``http://testserver``); HTTPS is in ``test_tls.py``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import wcmock
from tests.test_auth import auth_error, basic, error_of, oauth_get
from wcmock.fixtures import FixtureError
from wcmock.rest.auth import api_key_from, install_keys, normalize_application_password

BASE = "/wp-json/wc/v3/customers"
CK, CS = "ck_" + "1" * 40, "cs_" + "2" * 40
APP_PASSWORD = "abcd EFGH 1234 mnop qrst uvwx"
SHOPPER_PASSWORD = "zzzz yyyy xxxx wwww vvvv uuuu"
CANNOT_LIST = (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
WRITE_PERMISSION = "The API key provided does not have write permissions."

PEOPLE: list[dict[str, Any]] = [
    {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator",
     "application_passwords": [APP_PASSWORD]},
    {"id": 2, "username": "manager", "email": "manager@example.com", "role": "shop_manager"},
    {"id": 3, "username": "shopper", "email": "shopper@example.com", "role": "customer",
     "application_passwords": [{"name": "phone", "password": SHOPPER_PASSWORD}]},
]  # fmt: skip

Build = Callable[..., TestClient]


@pytest.fixture
def build(tmp_path: Path) -> Iterator[Build]:
    """A client for a new store: ``build(settings={...}, customers=[...], api_keys=[...], **create_app_kwargs)``."""
    clients: list[TestClient] = []

    def make(*, customers: list[dict[str, Any]] | None = None, fixture_keys: Any = None, **kwargs: Any) -> TestClient:
        fixture: dict[str, Any] = {"customers": PEOPLE if customers is None else customers}
        if fixture_keys is not None:
            fixture["api_keys"] = fixture_keys
        path = tmp_path / f"store-{len(clients)}.json"
        path.write_text(json.dumps(fixture), encoding="utf-8")
        kwargs.setdefault("consumer_key", CK)
        kwargs.setdefault("consumer_secret", CS)
        client = TestClient(create(path, **kwargs), base_url="http://testserver")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def create(path: Path, **kwargs: Any) -> Starlette:
    return wcmock.create_app(fixtures=[path], **kwargs)


def store_of(client: TestClient) -> wcmock.Store:
    store: wcmock.Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def user_auth(username: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


# ---------------------------------------------------------------------------- several keys


def test_several_keys_from_specs_with_owners_and_permissions(build: Build) -> None:
    client = build(api_keys=["ck_reader:cs_reader::read", "ck_writer:cs_writer:1:write", {
        "consumer_key": "ck_shop", "consumer_secret": "cs_shop", "user_id": 3}])  # fmt: skip
    keys = store_of(client).keys
    assert [(k.consumer_key, k.user_id, k.permissions) for k in keys.values()] == [
        ("ck_reader", 1, "read"),
        ("ck_writer", 1, "write"),
        ("ck_shop", 3, "read_write"),
        (CK, 1, "read_write"),
    ]
    assert client.get(BASE, headers=basic("ck_reader", "cs_reader")).status_code == 200
    assert error_of(client.post(BASE, json={"email": "r@example.com"}, headers=basic("ck_reader", "cs_reader"))) == (
        auth_error(WRITE_PERMISSION)
    )
    assert (
        client.post(BASE, json={"email": "w@example.com"}, headers=basic("ck_writer", "cs_writer")).status_code == 201
    )
    assert error_of(client.get(BASE, headers=basic("ck_shop", "cs_shop")))[0] == 403


def test_without_any_key_configured_the_documented_default_key_works(build: Build) -> None:
    client = build(consumer_key=None, consumer_secret=None)
    auth = basic(wcmock.DEFAULT_CONSUMER_KEY, wcmock.DEFAULT_CONSUMER_SECRET)
    assert client.get(BASE, headers=auth).status_code == 200
    assert [k.permissions for k in store_of(client).keys.values()] == ["read_write"]


def test_fixture_keys_default_to_the_first_administrator_and_read_write(build: Build) -> None:
    client = build(fixture_keys=[{"consumer_key": "ck_f", "consumer_secret": "cs_f"}])
    key = store_of(client).keys["ck_f"]
    assert (key.user_id, key.permissions) == (1, "read_write")


@pytest.mark.parametrize(
    ("key", "complaint"),
    [
        (
            {"consumer_key": "ck_f", "consumer_secret": "cs_f", "permissions": "admin"},
            "'admin' is not one of ['read', 'write', 'read_write']",
        ),
        ({"consumer_key": "ck_f", "consumer_secret": "cs_f", "user_id": 99}, "no user with id 99"),
        ({"consumer_key": "ck_f"}, "'consumer_secret' is a required property"),
        ({"consumer_key": "ck_f", "consumer_secret": "cs_f", "owner": 1}, "('owner' was unexpected)"),
    ],
)
def test_a_bad_fixture_key_names_the_place(build: Build, key: dict[str, Any], complaint: str) -> None:
    with pytest.raises(FixtureError, match=r"api_keys\[0\]") as raised:
        build(fixture_keys=[key])
    assert complaint in str(raised.value)


def test_a_key_needs_an_owner_when_the_store_has_no_administrator() -> None:
    store = wcmock.Store()
    with pytest.raises(ValueError, match="needs a user_id: the store has no administrator"):
        install_keys(store, ["ck_x:cs_x"])


def test_a_malformed_spec_does_not_echo_the_secret() -> None:
    with pytest.raises(ValueError, match="use CK:CS") as raised:
        api_key_from("ck_x:cs_secret:1:read:extra")
    assert "cs_secret" not in str(raised.value)


# ---------------------------------------------------------------------------- application passwords


def test_normalising_an_application_password_keeps_only_letters_and_digits() -> None:
    assert normalize_application_password(" abcd EFGH-1234_mnop\tqrst uvwx ") == "abcdEFGH1234mnopqrstuvwx"


@pytest.mark.parametrize("password", [APP_PASSWORD, APP_PASSWORD.replace(" ", ""), f"  {APP_PASSWORD}  "])
def test_an_administrators_application_password_has_full_access(build: Build, password: str) -> None:
    client = build()
    auth = user_auth("admin", password)
    listed = client.get(BASE, headers=auth, params={"role": "all"})
    assert listed.status_code == 200, listed.text
    created = client.post(BASE, json={"email": "new@example.com"}, headers=auth)
    assert created.status_code == 201, created.text
    assert client.delete(f"{BASE}/{created.json()['id']}", params={"force": "true"}, headers=auth).status_code == 200


def test_an_application_password_works_with_the_email_as_username(build: Build) -> None:
    assert build().get(BASE, headers=user_auth("admin@example.com", APP_PASSWORD)).status_code == 200


def test_an_application_password_is_not_limited_like_a_key(build: Build) -> None:
    client = build()
    batch = client.post(f"{BASE}/batch", json={"create": [{"email": "b@example.com"}]},
                        headers=user_auth("admin", APP_PASSWORD))  # fmt: skip
    assert batch.status_code == 200
    assert batch.json()["create"][0]["email"] == "b@example.com"


def test_a_customers_application_password_gets_403s(build: Build) -> None:
    client = build()
    auth = user_auth("shopper", SHOPPER_PASSWORD)
    assert error_of(client.get(BASE, headers=auth)) == (403, *CANNOT_LIST[1:])
    assert error_of(client.post(BASE, json={"email": "n@example.com"}, headers=auth)) == (
        403,
        "woocommerce_rest_cannot_create",
        "Sorry, you are not allowed to create resources.",
    )
    assert error_of(client.post(f"{BASE}/batch", json={"delete": [3]}, headers=auth)) == (
        403,
        "woocommerce_rest_cannot_batch",
        "Sorry, you are not allowed to batch manipulate this resource.",
    )


def test_a_wrong_application_password(build: Build) -> None:
    response = build().get(BASE, headers=user_auth("admin", "abcd efgh ijkl mnop qrst uvwx"))
    assert error_of(response) == (
        401,
        "incorrect_password",
        "The provided password is an invalid application password.",
    )
    assert response.json()["data"] == {"status": 401}


def test_a_user_without_application_passwords(build: Build) -> None:
    response = build().get(BASE, headers=user_auth("manager", APP_PASSWORD))
    assert error_of(response) == (
        401,
        "incorrect_password",
        "The provided password is an invalid application password.",
    )


def test_an_unknown_username_once_the_site_uses_application_passwords(build: Build) -> None:
    client = build()
    assert error_of(client.get(BASE, headers=user_auth("nobody", APP_PASSWORD))) == (
        401,
        "invalid_username",
        "<strong>Error:</strong> Unknown username. Check again or try your email address.",
    )
    assert error_of(client.get(BASE, headers=user_auth("nobody@example.com", APP_PASSWORD))) == (
        401,
        "invalid_email",
        "<strong>Error:</strong> Unknown email address. Check again or try your username.",
    )


def test_an_unknown_key_is_still_anonymous_while_nobody_has_an_application_password(build: Build) -> None:
    client = build(customers=[{**PEOPLE[0], "application_passwords": []}])
    assert error_of(client.get(BASE, headers=basic("ck_unknown", "cs_x"))) == CANNOT_LIST
    assert error_of(client.get(BASE, headers=user_auth("admin", APP_PASSWORD))) == CANNOT_LIST


def test_woocommerces_wrong_secret_error_wins_over_wordpress(build: Build) -> None:
    assert error_of(build().get(BASE, headers=basic(CK, "cs_wrong"))) == auth_error("Consumer secret is invalid.")


def test_deleting_the_user_takes_their_application_passwords(build: Build) -> None:
    client = build()
    auth = user_auth("shopper", SHOPPER_PASSWORD)
    assert client.get(f"{BASE}/3", headers=auth).status_code == 403  # authenticated, not allowed
    assert client.delete(f"{BASE}/3", params={"force": "true"}, headers=basic(CK, CS)).status_code == 200
    assert error_of(client.get(BASE, headers=auth))[:2] == (401, "invalid_username")


def test_handles_add_customers_with_application_passwords(build: Build) -> None:
    client = build(customers=[PEOPLE[0]])
    handle = client.app.state.handle  # type: ignore[attr-defined]
    handle.add_customer(email="ops@example.com", role="administrator", application_passwords=["ops1 ops2"])
    assert client.get(BASE, headers=user_auth("ops", "ops1ops2")).status_code == 200


def test_a_bad_application_password_in_a_fixture(build: Build) -> None:
    with pytest.raises(FixtureError, match=r"customers\[0\]: application password ' - ': needs letters or digits"):
        build(customers=[{**PEOPLE[0], "application_passwords": [" - "]}])


# ---------------------------------------------------------------------------- auth off


def test_auth_off_acts_as_the_first_administrator(build: Build) -> None:
    client = build(settings={"auth": False})
    assert client.get(BASE, params={"role": "all"}).status_code == 200
    created = client.post(BASE, json={"email": "free@example.com"})
    assert created.status_code == 201
    assert client.delete(f"{BASE}/{created.json()['id']}", params={"force": "true"}).status_code == 200
    assert client.get(BASE, headers=basic(CK, "cs_wrong")).status_code == 200  # credentials are ignored
    assert client.get(BASE, headers=user_auth("shopper", SHOPPER_PASSWORD)).status_code == 200


def test_auth_off_from_a_fixture_file(tmp_path: Path) -> None:
    path = tmp_path / "open.json"
    path.write_text(json.dumps({"settings": {"auth": False}, "customers": PEOPLE}), encoding="utf-8")
    with TestClient(wcmock.create_app(fixtures=[path])) as client:
        assert client.get(BASE).status_code == 200


def test_auth_off_without_an_administrator_is_anonymous(build: Build) -> None:
    client = build(settings={"auth": False}, customers=[PEOPLE[0]], consumer_key=None)
    store_of(client).restore(wcmock.Store().capture())  # nobody left
    assert error_of(client.get(BASE)) == CANNOT_LIST


# ---------------------------------------------------------------------------- a host that strips Authorization


def test_stripped_authorization_makes_basic_anonymous_and_query_keys_work(build: Build) -> None:
    client = build(settings={"strip_authorization": True})
    assert error_of(client.get(BASE, headers=basic(CK, CS))) == CANNOT_LIST
    assert error_of(client.get(BASE, headers=basic(CK, "cs_wrong"))) == CANNOT_LIST  # not even checked
    assert error_of(client.get(BASE, headers=user_auth("admin", APP_PASSWORD))) == CANNOT_LIST
    assert client.get(BASE, params={"consumer_key": CK, "consumer_secret": CS}).status_code == 200
    assert oauth_get(client, BASE, key=CK, secret=CS).status_code == 200  # OAuth in the query string


def test_stripped_authorization_also_loses_an_oauth_header(build: Build) -> None:
    client = build(settings={"strip_authorization": True})
    header = 'OAuth oauth_consumer_key="ck", oauth_signature="x"'
    assert error_of(client.get(BASE, headers={"Authorization": header})) == CANNOT_LIST


# ---------------------------------------------------------------------------- Basic over plain HTTP


def test_a_stock_store_ignores_basic_and_query_keys_over_http(build: Build) -> None:
    client = build(settings={"basic_auth_over_http": False})
    assert error_of(client.get(BASE, headers=basic(CK, CS))) == CANNOT_LIST
    assert error_of(client.get(BASE, headers=basic(CK, "cs_wrong"))) == CANNOT_LIST
    assert error_of(client.get(BASE, params={"consumer_key": CK, "consumer_secret": CS})) == CANNOT_LIST
    assert error_of(client.get(BASE, headers=user_auth("admin", APP_PASSWORD))) == CANNOT_LIST
    assert oauth_get(client, BASE, key=CK, secret=CS).status_code == 200  # OAuth 1.0a is for plain HTTP


# ---------------------------------------------------------------------------- secrets stay out of the journal


def test_the_journal_never_holds_a_secret_in_clear(build: Build) -> None:
    client = build()
    journal = client.app.state.handle.journal  # type: ignore[attr-defined]
    client.get(BASE, headers=basic(CK, CS))
    client.get(BASE, params={"consumer_key": CK, "consumer_secret": CS})
    client.get(BASE, headers=user_auth("admin", APP_PASSWORD))
    client.post(BASE, content=f"email=f%40example.com&consumer_secret={CS}&password=hunter22",
                headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    seen = json.dumps([entry.as_dict() for entry in journal.entries()]) + repr(journal.entries())
    for secret in (CS, CK, "hunter22", base64.b64encode(f"{CK}:{CS}".encode()).decode(), "EFGH"):
        assert secret not in seen
    assert journal.entries()[3].json == {"email": "f@example.com", "consumer_secret": "***", "password": "***"}
