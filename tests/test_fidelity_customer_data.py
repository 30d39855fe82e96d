"""What a customer's stored data looks like on a real 10.0.2 store: addresses raw, meta filtered and ordered.

- Only ``first_name``/``last_name`` go through ``wc_clean``; billing and shipping values reach the
  customer's setters exactly as sent (``billing.email`` is checked and ``sanitize_email``-ed).
- Since WooCommerce 9.5.2 protected meta keys (``is_protected_meta``: a leading ``_``) are neither
  written nor shown, and ``meta_data`` is shown to administrators only.
- A generated password's ``default_password_nag`` is written with the account, before the request's meta.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
MANAGER_CK, MANAGER_CS = "ck_" + "c" * 40, "cs_" + "d" * 40
PEOPLE = [
    {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator"},
    {"id": 2, "username": "manager", "email": "manager@example.com", "role": "shop_manager"},
    {
        "id": 3,
        "username": "ana",
        "email": "ana@example.com",
        "role": "customer",
        "meta_data": [{"key": "crm", "value": "7"}, {"key": "_hidden", "value": "x"}],
    },
]


@pytest.fixture
def api() -> Iterator[TestClient]:
    app = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (CK, CS)
        yield client


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Callable[[tuple[str, str]], TestClient]]:
    """A store with an administrator, a shop manager and a customer with one protected meta row."""
    path = tmp_path / "shop.json"
    path.write_text(
        json.dumps(
            {
                "customers": PEOPLE,
                "api_keys": [
                    {"consumer_key": CK, "consumer_secret": CS, "user_id": 1},
                    {"consumer_key": MANAGER_CK, "consumer_secret": MANAGER_CS, "user_id": 2},
                ],
            }
        ),
        encoding="utf-8",
    )
    app = create_app(fixtures=[path])
    clients: list[TestClient] = []

    def client(auth: tuple[str, str]) -> TestClient:
        made = TestClient(app, base_url="http://shop.test")
        made.auth = auth
        clients.append(made)
        return made

    yield client
    for made in clients:
        made.close()


def meta_keys(body: dict[str, Any]) -> list[str]:
    return [m["key"] for m in body["meta_data"]]


# ---------------------------------------------------------------------- addresses (item 4)

RAW_BILLING = {"city": "<b>Porto</b>\nNorte", "company": "A  &  B %41", "postcode": " 4000-1 "}


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_billing_and_shipping_are_stored_exactly_as_sent(api: TestClient, version: str) -> None:
    made = api.post(
        f"/wp-json/wc/{version}/customers",
        json={"email": f"raw-{version}@example.com", "billing": RAW_BILLING, "shipping": {"address_1": "  Rua  "}},
    ).json()
    assert {k: made["billing"][k] for k in RAW_BILLING} == RAW_BILLING
    assert made["shipping"]["address_1"] == "  Rua  "
    again = api.put(f"/wp-json/wc/{version}/customers/{made['id']}", json={"billing": {"state": " <i>N</i> "}})
    assert again.json()["billing"]["state"] == " <i>N</i> "
    assert api.get(f"/wp-json/wc/{version}/customers/{made['id']}").json()["billing"]["city"] == RAW_BILLING["city"]


def test_names_are_still_cleaned(api: TestClient) -> None:
    made = api.post("/wp-json/wc/v3/customers", json={"email": "n@example.com", "first_name": "  <b>Ana</b>  Maria "})
    assert made.json()["first_name"] == "Ana Maria"


def test_address_meta_keys_set_the_field_raw_too(api: TestClient) -> None:
    made = api.post(
        "/wp-json/wc/v3/customers",
        json={"email": "m@example.com", "meta_data": [{"key": "billing_city", "value": " <b>Braga</b> "}]},
    ).json()
    assert made["billing"]["city"] == " <b>Braga</b> "


# ---------------------------------------------------------------------- protected meta (item 2)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_protected_meta_keys_are_not_written_on_update(api: TestClient, version: str) -> None:
    answer = api.put(
        f"/wp-json/wc/{version}/customers/2",
        json={"meta_data": [{"key": "test_key", "value": "v"}, {"key": "_internal", "value": "v"}]},
    ).json()
    assert meta_keys(answer) == ["test_key"]
    later = meta_keys(api.get(f"/wp-json/wc/{version}/customers/2").json())  # v2 adds its order-stat cache
    assert "test_key" in later
    assert "_internal" not in later


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_protected_meta_keys_are_not_written_on_create(api: TestClient, version: str) -> None:
    answer = api.post(
        f"/wp-json/wc/{version}/customers",
        json={
            "email": f"p-{version}@example.com",
            "password": "secret",
            "meta_data": [{"key": "_secret", "value": "1"}, {"key": "ok", "value": "2"}, {"key": "_wp_x", "value": 3}],
        },
    ).json()
    assert meta_keys(answer) == ["ok"]


def test_is_protected_meta_looks_past_unprintable_characters(api: TestClient) -> None:
    """WordPress drops characters outside printable ASCII and letters before testing for ``_``."""
    answer = api.put(
        "/wp-json/wc/v3/customers/2",
        json={"meta_data": [{"key": "\u0007_bell", "value": "1"}, {"key": " _spaced", "value": "2"}]},
    ).json()
    assert meta_keys(answer) == [" _spaced"]


def test_protected_meta_already_stored_is_never_shown(shop: Callable[[tuple[str, str]], TestClient]) -> None:
    admin = shop((CK, CS))
    assert meta_keys(admin.get("/wp-json/wc/v3/customers/3").json()) == ["crm"]


def test_meta_data_is_shown_to_administrators_only(shop: Callable[[tuple[str, str]], TestClient]) -> None:
    manager = shop((MANAGER_CK, MANAGER_CS))
    for version in ("v2", "v3"):
        read = manager.get(f"/wp-json/wc/{version}/customers/3")
        assert read.status_code == 200
        assert "meta_data" not in read.json()
        listed = manager.get(f"/wp-json/wc/{version}/customers")
        assert [("meta_data" in c) for c in listed.json()] == [False]
    made = manager.post("/wp-json/wc/v3/customers", json={"email": "new@example.com"})
    assert made.status_code == 201
    assert "meta_data" not in made.json()


# ---------------------------------------------------------------------- meta order (item 5)


def test_the_password_nag_comes_before_the_request_s_meta(api: TestClient) -> None:
    answer = api.post(
        "/wp-json/wc/v3/customers", json={"email": "nag@example.com", "meta_data": [{"key": "crm", "value": "1"}]}
    ).json()
    assert meta_keys(answer) == ["default_password_nag", "crm"]
    ids = [m["id"] for m in answer["meta_data"]]
    assert ids == sorted(ids)
