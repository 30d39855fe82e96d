"""Every answer is validated before it leaves: a wcmock bug is loud in strict mode, logged in warn mode."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
from wcmock.resources.customers.views import V3View
from wcmock.validation import number_places


@pytest.fixture
def broken_v3_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a wcmock bug: v3 renders the billing email as a number."""
    original = V3View.customer

    def customer(self: V3View, c: Any, **options: Any) -> dict[str, Any]:
        body = original(self, c, **options)
        body["billing"] = {**body["billing"], "email": 5}
        return body

    monkeypatch.setattr(V3View, "customer", customer)


def get_john(validation: str) -> Any:
    with TestClient(create_app(validation=validation), base_url="http://testserver") as client:
        return client.get("/wp-json/wc/v3/customers/25", auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET))


@pytest.mark.usefixtures("broken_v3_view")
def test_strict_mode_fails_loudly_with_the_path_and_the_value() -> None:
    response = get_john("strict")

    assert response.status_code == 500
    assert response.json()["code"] == "wcmock_invalid_response"
    assert "$.billing.email: 5 is not of type 'string'" in response.json()["message"]


@pytest.mark.usefixtures("broken_v3_view")
def test_warn_mode_logs_and_serves(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="wcmock"):
        response = get_john("warn")

    assert response.status_code == 200
    assert response.json()["billing"]["email"] == 5
    assert "$.billing.email: 5 is not of type 'string'" in caplog.text


def test_correct_answers_pass_strict_mode() -> None:
    assert get_john("strict").status_code == 200


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="validation must be one of strict, warn, off"):
        create_app(validation="sometimes")


@pytest.mark.parametrize(
    ("method", "path", "schema"),
    [
        ("OPTIONS", "/wp-json/wc/v3/customers", "route"),
        ("GET", "/wp-json/", "index"),
        ("GET", "/wp-json/wc/v2", "namespace"),
    ],
)
def test_route_descriptions_and_indexes_are_checked_too(
    monkeypatch: pytest.MonkeyPatch, method: str, path: str, schema: str
) -> None:
    """A description of the routes that broke its schema (here: ``namespace`` a number) is a bug too."""
    from wcmock.rest.server import Route

    original = Route.describe

    def describe(self: Route, home: str, *, with_schema: bool = True) -> dict[str, Any]:
        return {**original(self, home, with_schema=with_schema), "namespace": 5}

    monkeypatch.setattr(Route, "describe", describe)
    with TestClient(create_app(), base_url="http://testserver") as client:
        response = client.request(method, path, auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET))
    assert (response.status_code, response.json()["code"]) == (500, "wcmock_invalid_response")
    assert "namespace: 5 is not of type 'string' (schema: common/route.json" in response.json()["message"]
    assert response.json()["message"].startswith("$.namespace" if schema == "route" else "$.routes[")


def test_some_properties_of_an_answer_are_checked_against_their_schemas(caplog: pytest.LogCaptureFixture) -> None:
    """A kept answer remade with new values in a few places checks those values alone (a product's
    ``date_modified`` after a save that changed nothing else; a product made from a sibling's)."""
    from wcmock.validation import SchemaViolation, check_response_properties

    where = {"version": "v3", "kind": "product", "context": "edit"}
    check_response_properties({"date_modified": "2030-01-02T03:04:05", "id": 12}, **where)
    check_response_properties({"date_modified": None}, **where)
    with pytest.raises(SchemaViolation, match=r"\$\.date_modified: .* does not match"):
        check_response_properties({"date_modified": "2030-01-02 03:04:05"}, **where)
    with pytest.raises(SchemaViolation, match=r"\$\.id: 'twelve' is not of type"):
        check_response_properties({"date_modified": None, "id": "twelve"}, **where)
    check_response_properties({"purchasable": True}, **where)  # passes, and is kept as passed
    with pytest.raises(SchemaViolation, match=r"\$\.purchasable: 1 is not of type 'boolean'"):
        check_response_properties({"purchasable": 1}, **where)  # equal to it, but not a boolean
    with caplog.at_level(logging.WARNING, logger="wcmock"):
        check_response_properties({"date_modified": 5}, mode="warn", **where)
    assert "date_modified" in caplog.text
    check_response_properties({"date_modified": 5}, mode="off", **where)


def test_the_places_of_a_customers_numbers_are_read_from_its_schema() -> None:
    """Everything else in a customer that passed its schema is text, booleans and nulls (the
    encoder looks for floats in these places alone): its id, its meta data (any value), and v1/v2's
    order numbers; ``_links`` (an enum of methods) and the addresses hold none."""
    assert number_places("v3", "customer", context="edit") == ("id", "meta_data")
    assert number_places("v2", "customer", context="view") == ("id", "meta_data", "orders_count")
    assert number_places("v1", "customer", context="edit") == ("id", "last_order", "orders_count")


def test_a_schema_that_is_not_a_plain_object_of_properties_has_no_places() -> None:
    assert number_places("v3", "customers") is None  # an array
    with pytest.raises(LookupError):
        number_places("v3", "no such kind")
