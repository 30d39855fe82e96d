"""A batch cannot touch what the caller may not touch: WooCommerce 10.0.2 runs each item's permission check.

``WC_REST_Controller::batch_items`` calls ``create_item_permissions_check``,
``update_item_permissions_check`` and ``delete_item_permissions_check`` for every item, so the role
rules of single requests hold inside a batch too: an administrator's email or password cannot be
changed and administrators cannot be deleted. A refused item is an error entry; the batch is still 200.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
VERSIONS = ["v1", "v2", "v3"]
CANNOT_EDIT_EMAIL = {
    "code": "woocommerce_rest_cannot_edit",
    "message": "Sorry, email cannot be updated via this endpoint for a user with role administrator.",
    "data": {"status": 403},
}
CANNOT_DELETE_ADMIN = {
    "code": "woocommerce_rest_cannot_delete",
    "message": "Sorry, users with administrator role cannot be deleted via this endpoint. "
    "Allowed roles: customer, subscriber",
    "data": {"status": 403},
}


@pytest.fixture
def api() -> Iterator[TestClient]:
    """The recording store (administrator 1, subscriber 2) and the administrator's key."""
    app = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (CK, CS)
        yield client


@pytest.mark.parametrize("version", VERSIONS)
def test_a_batch_neither_changes_an_administrators_email_nor_deletes_one(api: TestClient, version: str) -> None:
    answer = api.post(
        f"/wp-json/wc/{version}/customers/batch",
        json={"update": [{"id": 1, "email": "x@example.com"}], "delete": [1]},
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "update": [{"id": 1, "error": CANNOT_EDIT_EMAIL}],
        "delete": [{"id": 1, "error": CANNOT_DELETE_ADMIN}],
    }
    admin = api.get(f"/wp-json/wc/{version}/customers/1")
    assert admin.status_code == 200
    assert admin.json()["email"] == "admin@example.com"


@pytest.mark.parametrize("version", VERSIONS)
def test_batch_items_pass_or_fail_exactly_as_single_requests_do(api: TestClient, version: str) -> None:
    answer = api.post(
        f"/wp-json/wc/{version}/customers/batch",
        json={
            "update": [
                {"id": 1, "first_name": "Boss"},
                {"id": 1, "email": "admin@example.com"},  # unchanged: allowed
                {"id": 1, "password": "x"},
                {"id": 2, "email": "jane@example.com"},  # a subscriber: allowed
            ]
        },
    ).json()["update"]
    assert [entry.get("first_name") for entry in answer[:2]] == ["Boss", "Boss"]
    assert answer[2] == {
        "id": 1,
        "error": {
            "code": "woocommerce_rest_cannot_edit",
            "message": "Sorry, password cannot be updated via this endpoint for a user with role administrator.",
            "data": {"status": 403},
        },
    }
    assert answer[3]["email"] == "jane@example.com"


def test_a_delete_item_given_as_an_object_is_that_request_s_query(api: TestClient) -> None:
    """10.0.2 turns an array delete item into the sub-request's query (``{"id": 2}`` deletes user 2)."""
    made = api.post("/wp-json/wc/v3/customers", json={"email": "gone@example.com"}).json()
    answer = api.post("/wp-json/wc/v3/customers/batch", json={"delete": [{"id": made["id"]}, {"id": 1}]}).json()
    assert answer["delete"][0]["id"] == made["id"]
    assert answer["delete"][1] == {"id": {"id": 1, "force": True}, "error": CANNOT_DELETE_ADMIN}
    assert api.get("/wp-json/wc/v3/customers/1").status_code == 200
    assert api.get(f"/wp-json/wc/v3/customers/{made['id']}").status_code == 404


def test_an_empty_delete_object_is_an_unknown_user(api: TestClient) -> None:
    answer = api.post("/wp-json/wc/v3/customers/batch", json={"delete": [{}]}).json()
    assert answer == {
        "delete": [
            {
                "id": {"force": True},
                "error": {"code": "wc_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}},
            }
        ]
    }
