"""The audit of routes, versions and errors against WooCommerce 10.0.2 and WordPress 6.8.8.

Each test is one difference the audit found: PHP encodes an empty array as ``[]`` wherever WordPress
builds one (``_fields`` results, ``_envelope`` headers, stored meta values), the webhooks list pages
as ``search_webhooks`` does, webhook writes fail with the handler's own messages, the v1/v2 webhook
deliveries routes exist, and shop managers cannot delete anyone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
MANAGER = ("ck_" + "c" * 40, "cs_" + "d" * 40)
HOOKS = "/wp-json/wc/v3/webhooks"


@pytest.fixture
def api() -> Iterator[TestClient]:
    app = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (CK, CS)
        yield client


def webhooks(api: TestClient, count: int) -> None:
    for _ in range(count):
        made = api.post(HOOKS, json={"topic": "customer.created", "delivery_url": "http://127.0.0.1:9/x"})
        assert made.status_code == 201


def refused(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


# ---------------------------------------------------------------------- PHP's empty arrays


def test_fields_naming_nothing_leave_empty_php_arrays(api: TestClient) -> None:
    listed = api.get("/wp-json/wc/v3/customers", params={"role": "all", "_fields": "nope"})
    assert listed.text == "[[],[]]"
    nested = api.get("/wp-json/wc/v3/customers/2", params={"_fields": "billing.nope"})
    assert nested.json()["billing"] == []


def test_fields_into_a_list_keep_nothing_of_it(api: TestClient) -> None:
    """``_rest_array_intersect_key_recursive`` matches keys, and a list's keys are 0, 1, …"""
    api.put("/wp-json/wc/v3/customers/2", json={"meta_data": [{"key": "a", "value": "1"}]})
    answer = api.get("/wp-json/wc/v3/customers/2", params={"_fields": "meta_data.key"})
    assert answer.json()["meta_data"] == []


def test_an_envelope_without_headers_has_an_empty_php_array(api: TestClient) -> None:
    answer = api.get("/wp-json/wc/v3/nope", params={"_envelope": "1"})
    assert answer.status_code == 200
    assert answer.json()["headers"] == []
    assert answer.json()["status"] == 404


def test_empty_objects_in_meta_values_read_back_as_arrays(api: TestClient) -> None:
    meta = [{"key": "e", "value": {}}, {"key": "f", "value": {"a": {}, "b": [1]}}]
    answer = api.put("/wp-json/wc/v3/customers/2", json={"meta_data": meta}).json()
    assert [m["value"] for m in answer["meta_data"]] == [[], {"a": [], "b": [1]}]
    read = api.get("/wp-json/wc/v3/customers/2").json()
    assert [m["value"] for m in read["meta_data"]] == [[], {"a": [], "b": [1]}]


# ---------------------------------------------------------------------- webhooks list paging


def test_the_webhooks_list_pages_like_search_webhooks(api: TestClient) -> None:
    webhooks(api, 3)
    one = api.get(HOOKS, params={"per_page": "2", "orderby": "id", "order": "asc"})
    assert [w["id"] for w in one.json()] == [1, 2]
    assert (one.headers["x-wp-total"], one.headers["x-wp-totalpages"]) == ("3", "2")
    assert one.headers["link"] == (
        '<http://shop.test/wp-json/wc/v3/webhooks?per_page=2&orderby=id&order=asc&page=2>; rel="next"'
    )
    two = api.get(HOOKS, params={"per_page": "2", "orderby": "id", "order": "asc", "page": "2"})
    assert two.headers["link"] == (
        '<http://shop.test/wp-json/wc/v3/webhooks?per_page=2&orderby=id&order=asc&page=1>; rel="prev"'
    )


def test_one_webhook_a_page_is_one_page_in_all(api: TestClient) -> None:
    """``max_num_pages`` is 1 whenever the limit is 1 or less (``$args['limit'] > 1 ? … : 1``)."""
    webhooks(api, 3)
    answer = api.get(HOOKS, params={"per_page": "1"})
    assert (answer.headers["x-wp-total"], answer.headers["x-wp-totalpages"]) == ("3", "1")
    assert "rel=" not in answer.headers["link"] or "api.w.org" in answer.headers["link"]


def test_a_webhooks_offset_is_never_passed_to_the_query(api: TestClient) -> None:
    webhooks(api, 3)
    answer = api.get(HOOKS, params={"offset": "2", "orderby": "id", "order": "asc"})
    assert [w["id"] for w in answer.json()] == [1, 2, 3]


# ---------------------------------------------------------------------- webhook handler errors


def test_an_update_with_a_bad_topic_uses_the_update_message(api: TestClient) -> None:
    webhooks(api, 1)
    assert refused(api.put(f"{HOOKS}/1", json={"topic": "nope"})) == (
        400,
        "woocommerce_rest_shop_webhook_invalid_topic",
        "Webhook topic must be valid.",
    )


def test_creating_with_an_id_is_refused(api: TestClient) -> None:
    answer = api.post(HOOKS, json={"id": 5, "topic": "customer.created", "delivery_url": "http://127.0.0.1:9/x"})
    assert refused(answer) == (400, "woocommerce_rest_shop_webhook_exists", "Cannot create existing shop_webhook.")
    assert api.get(HOOKS).json() == []


def test_a_batch_cannot_store_a_status_rest_validation_would_refuse(api: TestClient) -> None:
    webhooks(api, 1)
    answer = api.post(f"{HOOKS}/batch", json={"update": [{"id": 1, "status": "bogus"}]}).json()
    assert answer["update"] == [
        {
            "id": 1,
            "error": {
                "code": "woocommerce_rest_shop_webhook_invalid_status",
                "message": "Webhook status must be valid.",
                "data": {"status": 400},
            },
        }
    ]
    assert api.get(f"{HOOKS}/1").json()["status"] == "active"


@pytest.mark.parametrize("version", ["v2"])  # and v1, whose webhooks wcmock does not serve yet
def test_webhook_deliveries_routes_exist_in_v2(api: TestClient, version: str) -> None:
    webhooks(api, 1)
    base = f"/wp-json/wc/{version}/webhooks"
    listed = api.get(f"{base}/1/deliveries")
    assert (listed.status_code, listed.json()) == (200, [])
    assert refused(api.get(f"{base}/1/deliveries/7")) == (404, "woocommerce_rest_invalid_id", "Invalid resource ID.")
    assert refused(api.get(f"{base}/99/deliveries")) == (
        404,
        "woocommerce_rest_webhook_invalid_id",
        "Invalid webhook ID.",
    )


def test_webhook_deliveries_are_not_a_v3_route(api: TestClient) -> None:
    webhooks(api, 1)
    assert refused(api.get(f"{HOOKS}/1/deliveries"))[1] == "rest_no_route"


# ---------------------------------------------------------------------- who may delete


def test_shop_managers_cannot_delete_anyone(tmp_path: Path) -> None:
    """Shop managers lack ``delete_users`` (WooCommerce's ``create_roles``), single requests included."""
    people = [
        {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator"},
        {"id": 2, "username": "manager", "email": "manager@example.com", "role": "shop_manager"},
        {"id": 3, "username": "shopper", "email": "shopper@example.com", "role": "customer"},
    ]
    keys = [{"consumer_key": MANAGER[0], "consumer_secret": MANAGER[1], "user_id": 2}]
    path = tmp_path / "shop.json"
    path.write_text(json.dumps({"customers": people, "api_keys": keys}), encoding="utf-8")
    with TestClient(create_app(fixtures=[path]), base_url="http://shop.test") as manager:
        manager.auth = MANAGER
        answer = manager.delete("/wp-json/wc/v3/customers/3", params={"force": "true"})
        assert refused(answer) == (
            403,
            "woocommerce_rest_cannot_delete",
            "Sorry, you are not allowed to delete this resource.",
        )
        read = manager.get("/wp-json/wc/v3/customers/3")
        assert read.status_code == 200
        assert read.headers["allow"] == "GET, POST, PUT, PATCH"
        assert read.json()["_links"]["self"][0]["targetHints"] == {"allow": ["GET", "POST", "PUT", "PATCH"]}
