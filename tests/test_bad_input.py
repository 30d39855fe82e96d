"""Hostile and malformed input: every rejection has WordPress's exact error shape, nothing is
half-applied, and nothing ever answers 500.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from wcmock.resources.customers.backend import customers_of

V3 = "/wp-json/wc/v3/customers"
JSON = {"Content-Type": "application/json"}
BILLING_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "country",
    "state",
    "email",
    "phone",
)
SHIPPING_FIELDS = tuple(f for f in BILLING_FIELDS if f != "email")
ROLES = "all, administrator, editor, author, contributor, subscriber, customer, and shop_manager"


# ---------------------------------------------------------------------- helpers


def snapshot(store: Any) -> Any:
    """Everything a client could observe about the store's customers."""
    records = [{k: v for k, v in dataclasses.asdict(c).items() if k != "tag"} for c in store]
    return records, store.ids.peek("users")


def create(client: Any, email: str = "kept@example.org", **fields: Any) -> int:
    response = client.post(V3, json={"email": email, "first_name": "Kept", **fields})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def assert_invalid_json(response: Any, code: int, message: str) -> None:
    assert response.status_code == 400
    assert response.json() == {
        "code": "rest_invalid_json",
        "message": "Invalid JSON body passed.",
        "data": {"status": 400, "json_error_code": code, "json_error_message": message},
    }


def assert_invalid_param(
    response: Any, name: str, message: str, code: str = "rest_invalid_type", param: Any = ""
) -> None:
    """One bad argument: ``rest_invalid_param`` with ``params`` and ``details`` keyed by ``name``.

    ``data.param`` is the (possibly nested) path for type errors and ``null`` for the others.
    """
    if param == "":
        param = name
    data = {"param": param} if code == "rest_invalid_type" else None
    assert response.status_code == 400, response.text
    assert response.json() == {
        "code": "rest_invalid_param",
        "message": f"Invalid parameter(s): {name}",
        "data": {
            "status": 400,
            "params": {name: message},
            "details": {name: {"code": code, "message": message, "data": data}},
        },
    }


def nested(depth: int) -> bytes:
    return b'{"email": "deep@example.org", "first_name": "Deep", "extra": ' + b"[" * depth + b"]" * depth + b"}"


# ---------------------------------------------------------------------- malformed JSON


def test_malformed_json_on_create(client, store):
    before = snapshot(store)
    for raw in (
        b'{"email": ',
        b'{"email": "a@example.org",}',
        b"{'email': 'a@example.org'}",
        b'{"email": "a@example.org"} trailing',
        b'{"email": "a@example.org" "first_name": "x"}',
        b"nul",
        b"{",
    ):
        response = client.post(V3, content=raw, headers=JSON)
        assert_invalid_json(response, 4, "Syntax error")
        assert response.headers["allow"] == "GET, POST"
    assert snapshot(store) == before


def test_truncated_json_on_update(client, store):
    customer = create(client)
    before = snapshot(store)
    full = json.dumps({"first_name": "Changed", "billing": {"city": "Rome", "phone": "123"}}).encode()
    for cut in (1, 10, len(full) // 2, len(full) - 1):
        response = client.put(f"{V3}/{customer}", content=full[:cut], headers=JSON)
        assert_invalid_json(response, 4, "Syntax error")
    assert snapshot(store) == before


def test_invalid_utf8_in_json(client, store):
    before = snapshot(store)
    response = client.post(V3, content=b'{"email": "u@example.org", "first_name": "\xff\xfe"}', headers=JSON)
    assert_invalid_json(response, 5, "Malformed UTF-8 characters, possibly incorrectly encoded")
    assert snapshot(store) == before


def test_raw_control_character_in_json_string(client, store):
    before = snapshot(store)
    response = client.post(V3, content=b'{"email": "c@example.org", "first_name": "a\x01b"}', headers=JSON)
    assert_invalid_json(response, 3, "Control character error, possibly incorrectly encoded")
    assert snapshot(store) == before


def test_nan_and_infinity_literals_are_syntax_errors(client, store):
    customer = create(client)
    before = snapshot(store)
    for literal in (b"NaN", b"Infinity", b"-Infinity"):
        response = client.put(
            f"{V3}/{customer}", content=b'{"first_name": "x", "meta": ' + literal + b"}", headers=JSON
        )
        assert_invalid_json(response, 4, "Syntax error")
    assert snapshot(store) == before


def test_nesting_deeper_than_512_levels(client, store):
    before = snapshot(store)
    for depth in (600, 100_000):
        response = client.post(V3, content=nested(depth), headers=JSON)
        assert_invalid_json(response, 1, "Maximum stack depth exceeded")
    assert snapshot(store) == before


def test_moderate_nesting_is_fine(client):
    response = client.post(V3, content=nested(100), headers=JSON)
    assert response.status_code == 201
    assert response.json()["first_name"] == "Deep"


def test_json_parse_error_comes_after_routing(client):
    response = client.put(V3, content=b"{", headers=JSON)
    assert error(response) == (404, "rest_no_route", "No route was found matching the URL and request method.")


def test_json_bodies_that_are_not_objects(client, store):
    before = snapshot(store)
    for raw in (b"[1, 2]", b'["email", "a@example.org"]', b'"a@example.org"', b"null", b"42", b"true", b"", b"   "):
        response = client.post(V3, content=raw, headers=JSON)
        assert error(response) == (400, "rest_missing_callback_param", "Missing parameter(s): email"), raw
        assert response.json()["data"] == {"status": 400, "params": ["email"]}
    assert snapshot(store) == before


def test_json_array_body_on_update_changes_no_field(client, store):
    customer = create(client)
    response = client.put(f"{V3}/{customer}", content=b'["first_name", "Nope"]', headers=JSON)
    assert response.status_code == 200
    assert customers_of(store).editable(customer).first_name == "Kept"


def test_json_body_without_json_content_type_is_not_parsed(client, store):
    before = snapshot(store)
    for headers in ({}, {"Content-Type": "text/plain"}):
        response = client.post(V3, content=b'{"email": "raw@example.org"}', headers=headers)
        assert error(response) == (400, "rest_missing_callback_param", "Missing parameter(s): email")
    assert snapshot(store) == before


def test_json_suffix_content_types_are_parsed(client):
    for content_type in ("application/json; charset=UTF-8", "application/vnd.api+json", "APPLICATION/JSON"):
        email = f"{len(content_type)}@example.org"
        response = client.post(
            V3, content=json.dumps({"email": email}).encode(), headers={"Content-Type": content_type}
        )
        assert response.status_code == 201, content_type


# ---------------------------------------------------------------------- wrong types on create


def test_create_string_fields_reject_other_types(client, store):
    before = snapshot(store)
    for name in ("first_name", "last_name", "username", "password"):
        for value in (5, 1.5, True, ["x"], {"a": "b"}):
            response = client.post(V3, json={"email": "t@example.org", name: value})
            assert_invalid_param(response, name, f"{name} is not of type string.")
    assert snapshot(store) == before


def test_create_email_rejects_non_strings(client, store):
    before = snapshot(store)
    for value in (5, False, ["a@example.org"], {"email": "a@example.org"}):
        response = client.post(V3, json={"email": value})
        assert_invalid_param(response, "email", "email is not of type string.")
    assert snapshot(store) == before


def test_create_type_errors_in_validation_hide_email_type_errors(client):
    response = client.post(V3, json={"email": 5, "first_name": 5})
    assert_invalid_param(response, "first_name", "first_name is not of type string.")


def test_create_reports_every_invalid_argument_in_argument_order(client, store):
    before = snapshot(store)
    response = client.post(V3, json={"meta_data": {"k": 1}, "billing": "x", "last_name": 1, "email": "m@example.org"})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Invalid parameter(s): last_name, billing, meta_data"
    assert body["data"]["params"] == {
        "last_name": "last_name is not of type string.",
        "billing": "billing is not of type object.",
        "meta_data": "meta_data is not of type array.",
    }
    assert body["data"]["details"]["billing"] == {
        "code": "rest_invalid_type",
        "message": "billing is not of type object.",
        "data": {"param": "billing"},
    }
    assert snapshot(store) == before


def test_address_objects_reject_scalars(client, store):
    before = snapshot(store)
    for name in ("billing", "shipping"):
        for value in ("nowhere", 5, True, 0):
            response = client.post(V3, json={"email": "o@example.org", name: value})
            assert_invalid_param(response, name, f"{name} is not of type object.")
    assert snapshot(store) == before


def test_address_objects_accept_empty_string_and_lists(client):
    for index, value in enumerate(("", [], ["x"])):
        response = client.post(V3, json={"email": f"o{index}@example.org", "billing": value})
        assert response.status_code == 201, value
        assert response.json()["billing"]["city"] == ""


def test_every_billing_field_must_be_a_string(client, store):
    before = snapshot(store)
    for field in BILLING_FIELDS:
        response = client.post(V3, json={"email": "b@example.org", "billing": {field: 5}})
        assert_invalid_param(response, "billing", f"billing[{field}] is not of type string.", param=f"billing[{field}]")
    assert snapshot(store) == before


def test_every_shipping_field_must_be_a_string(client, store):
    before = snapshot(store)
    for field in SHIPPING_FIELDS:
        response = client.post(V3, json={"email": "s@example.org", "shipping": {field: ["x"]}})
        assert_invalid_param(
            response, "shipping", f"shipping[{field}] is not of type string.", param=f"shipping[{field}]"
        )
    assert snapshot(store) == before


def test_null_billing_field_is_a_type_error(client, store):
    customer = create(client)
    before = snapshot(store)
    response = client.put(f"{V3}/{customer}", json={"billing": {"city": None}})
    assert_invalid_param(response, "billing", "billing[city] is not of type string.", param="billing[city]")
    assert snapshot(store) == before


def test_v1_and_v2_do_not_validate_shipping_phone(client):
    for version in ("v1", "v2"):
        response = client.post(
            f"/wp-json/wc/{version}/customers", json={"email": f"{version}@example.org", "shipping": {"phone": 5}}
        )
        assert response.status_code == 201
        assert response.json()["shipping"]["phone"] == ""


def test_invalid_billing_email(client, store):
    before = snapshot(store)
    for value in ("not-an-email", "", "a@b"):
        response = client.post(V3, json={"email": "be@example.org", "billing": {"email": value}})
        assert_invalid_param(response, "billing", "Invalid email address.", code="rest_invalid_email")
    assert snapshot(store) == before


def test_meta_data_shape_errors(client, store):
    before = snapshot(store)
    cases = [
        ({"key": "x"}, "meta_data is not of type array.", "meta_data"),
        (5, "meta_data[0] is not of type object.", "meta_data[0]"),
        ("abc", "meta_data[0] is not of type object.", "meta_data[0]"),
        ([5], "meta_data[0] is not of type object.", "meta_data[0]"),
        ([{"key": "ok", "value": 1}, "x"], "meta_data[1] is not of type object.", "meta_data[1]"),
        ([{"key": 5, "value": "v"}], "meta_data[0][key] is not of type string.", "meta_data[0][key]"),
        ([{"id": "abc", "key": "k", "value": "v"}], "meta_data[0][id] is not of type integer.", "meta_data[0][id]"),
    ]
    for value, message, param in cases:
        response = client.post(V3, json={"email": "md@example.org", "meta_data": value})
        assert_invalid_param(response, "meta_data", message, param=param)
    assert snapshot(store) == before


def test_meta_values_of_any_type_are_accepted(client):
    items = [{"key": "a", "value": {"deep": [1, {"x": None}]}}, {"key": "b", "value": 3}, {"key": "c", "value": "s"}]
    response = client.post(V3, json={"email": "any@example.org", "password": "p", "meta_data": items})
    assert response.status_code == 201
    assert [m["key"] for m in response.json()["meta_data"]] == ["a", "b", "c"]


# ---------------------------------------------------------------------- wrong types on update


def test_update_string_fields_reject_other_types(client, store):
    customer = create(client)
    before = snapshot(store)
    for name in ("first_name", "last_name", "username", "password", "email"):
        for value in (7, False, ["x"], {"k": "v"}):
            response = client.put(f"{V3}/{customer}", json={name: value, "billing": {"city": "Half"}})
            assert_invalid_param(response, name, f"{name} is not of type string.")
    assert snapshot(store) == before


def test_update_email_format(client, store):
    customer = create(client)
    before = snapshot(store)
    for value in ("nope", "", "two@@example.org", "célia@example.org"):
        response = client.put(f"{V3}/{customer}", json={"email": value, "first_name": "Half"})
        assert_invalid_param(response, "email", "Invalid email address.", code="rest_invalid_email")
    assert snapshot(store) == before


def test_update_nested_type_errors_apply_nothing(client, store):
    customer = create(client, billing={"city": "Kept"})
    before = snapshot(store)
    response = client.patch(
        f"{V3}/{customer}",
        json={
            "first_name": "Half",
            "billing": {"city": "Applied?", "postcode": 1000},
            "meta_data": [{"key": "k", "value": "v"}],
        },
    )
    assert_invalid_param(response, "billing", "billing[postcode] is not of type string.", param="billing[postcode]")
    assert snapshot(store) == before


def test_update_with_non_integer_body_id(client, store):
    customer = create(client)
    before = snapshot(store)
    response = client.put(f"{V3}/{customer}", json={"id": "abc", "first_name": "Half"})
    assert_invalid_param(response, "id", "id is not of type integer.")
    assert snapshot(store) == before


def test_body_id_takes_precedence_over_path_id(client, store):
    customer = create(client)
    response = client.put(f"{V3}/{customer}", json={"id": 2, "first_name": "Body"})
    assert response.status_code == 200
    assert response.json()["id"] == 2
    assert customers_of(store).editable(2).first_name == "Body"
    assert customers_of(store).editable(customer).first_name == "Kept"


def test_rejected_handler_errors_apply_nothing(client, store):
    customer = create(client)
    before = snapshot(store)
    attempts = [
        {"first_name": "Half", "email": "admin@example.com"},
        {"first_name": "Half", "username": "renamed"},
        {"billing": {"city": "Half"}, "email": "KEPT@example.org"},
    ]
    for body in attempts:
        assert client.put(f"{V3}/{customer}", json=body).status_code == 400
    assert snapshot(store) == before


def test_rejected_creates_apply_nothing(client, store):
    create(client)
    before = snapshot(store)
    attempts = [
        {"email": "kept@example.org", "first_name": "Dup"},
        {"email": "new@example.org", "username": "admin"},
        {"email": "new@example.org", "username": "bad!"},
        {"email": "new@example.org", "id": 3},
        {"email": "bad", "meta_data": [{"key": "k", "value": "v"}]},
    ]
    for body in attempts:
        assert client.post(V3, json=body).status_code == 400, body
    assert snapshot(store) == before


# ---------------------------------------------------------------------- list parameters


def test_context_enum(client):
    for value in ("full", "VIEW", "", "embed"):
        response = client.get(V3, params={"context": value})
        assert_invalid_param(response, "context", "context is not one of view and edit.", code="rest_not_in_enum")
    response = client.get(f"{V3}/2", params={"context": "help"})
    assert_invalid_param(response, "context", "context is not one of view and edit.", code="rest_not_in_enum")


def test_page_bounds_and_type(client):
    for value in ("0", "-3"):
        response = client.get(V3, params={"page": value})
        assert_invalid_param(response, "page", "page must be greater than or equal to 1", code="rest_out_of_bounds")
    for value in ("abc", "1.5", "", "1e"):
        response = client.get(V3, params={"page": value})
        assert_invalid_param(response, "page", "page is not of type integer.")
    assert client.get(V3, params={"page": "2.0"}).status_code == 200


def test_per_page_bounds_and_type(client):
    for value in ("0", "101", "-1", "150.5", "99999999999999999999"):
        response = client.get(V3, params={"per_page": value})
        assert_invalid_param(
            response,
            "per_page",
            "per_page must be between 1 (inclusive) and 100 (inclusive)",
            code="rest_out_of_bounds",
        )
    for value in ("abc", "1.5", ""):
        response = client.get(V3, params={"per_page": value})
        assert_invalid_param(response, "per_page", "per_page is not of type integer.")
    assert client.get(V3, params={"per_page": "100"}).status_code == 200


def test_search_must_be_a_string(client):
    response = client.get(V3 + "?search[]=a&search[]=b")
    assert_invalid_param(response, "search", "search is not of type string.")


def test_offset_must_be_an_integer(client):
    for value in ("abc", "2.5"):
        response = client.get(V3, params={"offset": value})
        assert_invalid_param(response, "offset", "offset is not of type integer.")


def test_order_and_orderby_enums_are_case_sensitive(client):
    for value in ("ASC", "Desc", "up"):
        response = client.get(V3, params={"order": value})
        assert_invalid_param(response, "order", "order is not one of asc and desc.", code="rest_not_in_enum")
    for value in ("ID", "email", "Name", "registered"):
        response = client.get(V3, params={"orderby": value})
        assert_invalid_param(
            response,
            "orderby",
            "orderby is not one of id, include, name, and registered_date.",
            code="rest_not_in_enum",
        )


def test_email_filter_format(client):
    for value in ("nope", "", "a@b"):
        response = client.get(V3, params={"email": value})
        assert_invalid_param(response, "email", "Invalid email address.", code="rest_invalid_email")


def test_role_enum(client):
    for value in ("wizard", "Customer", "ALL", ""):
        response = client.get(V3, params={"role": value})
        assert_invalid_param(response, "role", f"role is not one of {ROLES}.", code="rest_not_in_enum")


def test_include_and_exclude_are_never_validated(client):
    for params in ({"include": "abc"}, {"include": "x,0"}, {"include[]": ["a", "b"]}):
        assert client.get(V3, params={**params, "role": "all"}).json() == [], params
    assert client.get(V3, params={"exclude": "abc,def", "role": "all"}).headers["x-wp-total"] == "2"


def test_several_invalid_list_parameters_in_argument_order(client):
    response = client.get(V3, params={"role": "x", "order": "x", "per_page": "0", "page": "0"})
    body = response.json()
    assert response.status_code == 400
    assert body["message"] == "Invalid parameter(s): page, per_page, order, role"
    assert list(body["data"]["details"]) == ["page", "per_page", "order", "role"]


def test_array_for_integer_list_parameters(client):
    response = client.get(V3 + "?page[]=1")
    assert_invalid_param(response, "page", "page is not of type integer.")


def test_delete_parameter_types(client, store):
    customer = create(client)
    before = snapshot(store)
    for value in ("yes", "2", "maybe"):
        response = client.delete(f"{V3}/{customer}", params={"force": value})
        assert_invalid_param(response, "force", "force is not of type boolean.")
    response = client.delete(f"{V3}/{customer}", params={"force": "true", "reassign": "abc"})
    assert_invalid_param(response, "reassign", "reassign is not of type integer.")
    assert snapshot(store) == before


def test_boolean_spellings_for_force(client, store):
    for index, value in enumerate(("TRUE", "1", "True")):
        customer = create(client, f"f{index}@example.org")
        assert client.delete(f"{V3}/{customer}", params={"force": value}).status_code == 200, value


def test_downloads_context_enum(client):
    response = client.get(f"{V3}/2/downloads", params={"context": "full"})
    assert_invalid_param(response, "context", "context is not view.", code="rest_not_in_enum")


# ---------------------------------------------------------------------- ids and paths


def test_huge_ids_are_unknown_users(client, anonymous):
    for customer_id in ("99999999999999999999", "18446744073709551616", "9" * 200):
        assert error(client.get(f"{V3}/{customer_id}")) == (404, "wc_user_invalid_id", "Invalid user ID.")
        assert error(anonymous.put(f"{V3}/{customer_id}", json={})) == (404, "wc_user_invalid_id", "Invalid user ID.")
        assert error(client.get(f"{V3}/{customer_id}/downloads")) == (
            404,
            "woocommerce_rest_customer_invalid",
            "Resource does not exist.",
        )


def test_huge_page_and_offset_are_empty(client):
    for params in ({"page": "99999999999999999999"}, {"offset": "99999999999999999999"}):
        response = client.get(V3, params={**params, "role": "all"})
        assert response.status_code == 200
        assert response.json() == []
        assert response.headers["x-wp-total"] == "2"


def test_leading_zeros_in_path_id(client):
    assert client.get(f"{V3}/002").json()["id"] == 2


def test_non_numeric_path_ids_are_no_route(client, store):
    """Signs, decimals, hex and non-ASCII digits (fullwidth and Arabic-Indic two) match no route."""
    before = snapshot(store)
    ids = ("-1", "abc", "1.5", "1e3", "%20", "0x10", "+2", "2abc", "%EF%BC%92", "%D9%A2")
    for customer_id in ids:
        for method in ("GET", "PUT", "DELETE"):
            response = client.request(method, f"{V3}/{customer_id}", json={"first_name": "x"})
            assert error(response) == (
                404,
                "rest_no_route",
                "No route was found matching the URL and request method.",
            ), (method, customer_id)
        response = client.get(f"{V3}/{customer_id}/downloads")
        assert response.json()["code"] == "rest_no_route", customer_id
    assert snapshot(store) == before


# ---------------------------------------------------------------------- query strings and bodies


def test_repeated_query_parameters_last_wins(client):
    for email in ("r1@example.org", "r2@example.org", "r3@example.org"):
        create(client, email)
    assert len(client.get(V3 + "?per_page=1&per_page=3").json()) == 3
    assert [c["id"] for c in client.get(V3 + "?role=all&role=administrator").json()] == [1]
    assert client.get(V3 + "?per_page=101&per_page=2").status_code == 200
    assert client.get(V3 + "?per_page=2&per_page=101").status_code == 400


def test_invalid_utf8_in_search_is_dropped(client):
    create(client)
    response = client.get(V3 + "?search=%FF%FE")
    assert response.status_code == 200
    assert response.headers["x-wp-total"] == "1"


def test_very_long_strings(client):
    long_name = "Ü" * 20_000
    response = client.post(
        V3, json={"email": "long@example.org", "first_name": long_name, "billing": {"city": "c" * 5000}}
    )
    assert response.status_code == 201
    assert response.json()["first_name"] == long_name
    assert client.get(V3, params={"search": "x" * 10_000}).json() == []
    response = client.post(V3, json={"email": "longuser@example.org", "username": "u" * 1000})
    assert error(response) == (400, "user_login_too_long", "Username may not be longer than 60 characters.")


def test_unknown_fields_are_ignored(client):
    response = client.post(
        V3,
        json={
            "email": "extra@example.org",
            "favourite_colour": "teal",
            "display_name": "Shown",
            "billing": {"planet": "Mars", "city": "Olympus"},
            "shipping": {"moon": "Phobos"},
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert "favourite_colour" not in body
    assert list(body["billing"]) == list(BILLING_FIELDS)
    assert body["billing"]["city"] == "Olympus"
    assert list(body["shipping"]) == list(SHIPPING_FIELDS)


def test_form_encoded_create(client):
    response = client.post(
        V3,
        data={
            "email": "form@example.org",
            "first_name": "Form",
            "billing[city]": "Paris",
            "billing[phone]": "0607",
            "meta_data[0][key]": "source",
            "meta_data[0][value]": "form",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["first_name"] == "Form"
    assert (body["billing"]["city"], body["billing"]["phone"]) == ("Paris", "0607")
    assert {m["key"]: m["value"] for m in body["meta_data"]}["source"] == "form"


def test_form_encoded_values_are_strings(client):
    response = client.post(V3, data={"email": "fs@example.org", "first_name": "5"})
    assert response.json()["first_name"] == "5"


def test_form_encoded_type_errors(client, store):
    before = snapshot(store)
    response = client.post(V3, data={"email": "fe@example.org", "billing": "abc"})
    assert_invalid_param(response, "billing", "billing is not of type object.")
    response = client.post(V3, data={"email": "fe@example.org", "first_name[]": "a"})
    assert_invalid_param(response, "first_name", "first_name is not of type string.")
    assert snapshot(store) == before


def test_form_encoded_update_with_and_without_content_type(client):
    customer = create(client)
    response = client.put(f"{V3}/{customer}", data={"last_name": "Typed"})
    assert response.json()["last_name"] == "Typed"
    response = client.put(f"{V3}/{customer}", content=b"last_name=Untyped&billing%5Bcity%5D=Rome")
    assert response.json()["last_name"] == "Untyped"
    assert response.json()["billing"]["city"] == "Rome"


def test_query_parameters_feed_create(client):
    response = client.post(V3, params={"email": "query@example.org", "first_name": "Query"})
    assert response.status_code == 201
    assert response.json()["email"] == "query@example.org"


def test_json_body_wins_over_query(client):
    response = client.post(V3, params={"first_name": "Query"}, json={"email": "both@example.org", "first_name": "Body"})
    assert response.json()["first_name"] == "Body"


def test_never_a_server_error(client, anonymous):
    weird: list[Any] = [
        None,
        "",
        0,
        -1,
        1e308,
        True,
        [],
        {},
        [[[]]],
        {"a": {"b": {}}},
        "\u0000",
        "x" * 3000,
        "💥",
        "%00",
    ]
    customer = create(client)
    for value in weird:
        for name in ("email", "first_name", "username", "password", "billing", "shipping", "meta_data", "id"):
            for response in (
                client.post(V3, json={"email": "w@example.org", name: value}),
                client.put(f"{V3}/{customer}", json={name: value}),
                client.post(f"{V3}/batch", json={"create": [{name: value}], "update": [{"id": customer, name: value}]}),
            ):
                assert response.status_code < 500, (name, value, response.text)
        for name in ("create", "update", "delete"):
            response = client.post(f"{V3}/batch", json={name: value})
            assert response.status_code < 500, (name, value, response.text)
    for raw in (
        "page",
        "per_page",
        "offset",
        "search",
        "include",
        "exclude",
        "order",
        "orderby",
        "email",
        "role",
        "context",
    ):
        for value in ("", "%00", "%FF", "-1", "1e400", "[]", "a,b"):
            assert client.get(f"{V3}?{raw}={value}").status_code < 500, (raw, value)
            assert client.get(f"{V3}?{raw}[]={value}&{raw}[x]=1").status_code < 500, (raw, value)
            assert anonymous.get(f"{V3}?{raw}={value}").status_code < 500, (raw, value)


# ---------------------------------------------------------------------- NUL bytes


def test_nul_bytes_where_wordpress_refuses_them(client, store):
    """``is_email`` and ``validate_username`` (strict ``sanitize_user`` must not change the login)
    refuse a NUL; nothing is created."""
    before = snapshot(store)
    assert error(client.post(V3, json={"email": "a\u0000@example.org"})) == (
        400,
        "customer_invalid_email",
        "Invalid email address",
    )
    assert error(client.post(V3, json={"email": "u@example.org", "username": "a\u0000b"})) == (
        400,
        "registration-error-invalid-username",
        "Please provide a valid account username.",
    )
    assert snapshot(store) == before


def test_nul_bytes_inside_text_fields_are_kept_as_wordpress_keeps_them(client):
    """``sanitize_text_field`` trims NULs only at the ends (PHP's ``trim``), and MySQL stores the rest."""
    body = client.post(
        V3, json={"email": "n@example.org", "first_name": "\u0000a\u0000b\u0000", "billing": {"city": "x\u0000y"}}
    ).json()
    assert (body["first_name"], body["billing"]["city"]) == ("a\u0000b", "x\u0000y")
    assert client.get(f"{V3}/{body['id']}").json()["first_name"] == "a\u0000b"


# ---------------------------------------------------------------------- numbers of any size

PHP_INT_MAX = "9223372036854775807"
HUGE = "9" * 5000  # past CPython's int-string limit (4,300 digits): PHP's (int) clamps it to PHP_INT_MAX


def test_ids_of_any_length_answer_as_php_int_max_does(client, anonymous):
    """WordPress casts ids with ``(int)``, which clamps at ``PHP_INT_MAX``: an id of 5,000 digits is
    the same unknown id, with the same 404, as one of 19."""
    for path in ("{}", "{}/downloads"):
        expected = client.get(f"{V3}/" + path.format(PHP_INT_MAX))
        assert expected.status_code == 404
        assert client.get(f"{V3}/" + path.format(HUGE)).json() == expected.json()
    assert error(anonymous.put(f"{V3}/{HUGE}", json={})) == (404, "wc_user_invalid_id", "Invalid user ID.")
    assert error(client.delete(f"{V3}/{HUGE}", params={"force": "true"})) == error(
        client.delete(f"{V3}/{PHP_INT_MAX}", params={"force": "true"})
    )


def test_list_parameters_of_any_length_are_clamped(client):
    for name in ("include", "exclude"):
        expected = client.get(V3, params={name: PHP_INT_MAX, "role": "all"})
        response = client.get(V3, params={name: f"{HUGE},2", "role": "all"})
        assert response.status_code == 200, response.text
        assert [c["id"] for c in response.json()] == [
            c["id"] for c in client.get(V3, params={name: f"{PHP_INT_MAX},2", "role": "all"}).json()
        ]
        assert expected.status_code == 200
    for name in ("page", "per_page", "offset"):
        assert client.get(V3, params={name: HUGE}).json() == client.get(V3, params={name: PHP_INT_MAX}).json()


def test_body_ids_of_any_length(client, store):
    customer = create(client)
    before = snapshot(store)
    for body in ({"id": HUGE}, {"id": int(HUGE[:4000])}):
        response = client.put(f"{V3}/{customer}", json={**body, "first_name": "Never"})
        assert response.status_code in (400, 404), response.text
        assert "code" in response.json()
    raw = client.put(f"{V3}/{customer}", content=b'{"id": ' + HUGE.encode() + b"}", headers=JSON)
    assert raw.status_code < 500, raw.text
    assert "code" in raw.json()
    assert snapshot(store) == before


def test_a_batch_with_a_huge_id_is_answered_item_by_item(client, store):
    """A batch never half-applies on a bad id: each item gets its own answer, as on a real store."""
    reference = client.post(f"{V3}/batch", json={"delete": [PHP_INT_MAX], "update": [{"id": PHP_INT_MAX}]})
    response = client.post(
        f"{V3}/batch",
        json={"create": [{"email": "batch@example.org"}], "delete": [HUGE], "update": [{"id": HUGE}]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["create"][0]["email"] == "batch@example.org"
    assert body["delete"] == reference.json()["delete"]
    assert [item["error"]["code"] for item in body["update"]] == [
        item["error"]["code"] for item in reference.json()["update"]
    ]


def test_webhook_ids_of_any_length(client):
    webhooks = "/wp-json/wc/v3/webhooks"
    expected = client.get(f"{webhooks}/{PHP_INT_MAX}")
    assert expected.status_code == 404
    assert client.get(f"{webhooks}/{HUGE}").json() == expected.json()
    assert (
        client.delete(f"{webhooks}/{HUGE}", params={"force": "true"}).json()
        == client.delete(f"{webhooks}/{PHP_INT_MAX}", params={"force": "true"}).json()
    )
    response = client.post(f"{webhooks}/batch", json={"delete": [HUGE], "update": [{"id": HUGE, "name": "x"}]})
    assert response.status_code == 200, response.text


ITEM_PATHS = [  # {} is the id under test; {order} an order that exists
    "/wp-json/wc/v3/products/{}",
    "/wp-json/wc/v3/products/categories/{}",
    "/wp-json/wc/v3/orders/{}",
    "/wp-json/wc/v3/orders/{order}/notes/{}",
    "/wp-json/wc/v3/orders/{order}/refunds/{}",
    "/wp-json/wc/v2/orders/{order}/notes/{}",
]


@pytest.mark.parametrize("path", ITEM_PATHS)
def test_product_and_order_ids_of_any_length_answer_as_php_int_max_does(client, path):
    order = client.post("/wp-json/wc/v3/orders", json={}).json()["id"]
    for method, extra in (("GET", {}), ("PUT", {"json": {}}), ("DELETE", {"params": {"force": "true"}})):
        expected = client.request(method, path.format(PHP_INT_MAX, order=order), **extra)
        if expected.status_code == 404 and expected.json()["code"] == "rest_no_route":
            continue  # notes and refunds cannot be updated
        assert 400 <= expected.status_code < 500, expected.text
        response = client.request(method, path.format(HUGE, order=order), **extra)
        assert (response.status_code, response.json()) == (expected.status_code, expected.json())


@pytest.mark.parametrize("path", ["/wp-json/wc/v3/orders/{}/notes", "/wp-json/wc/v3/orders/{}/refunds"])
def test_an_order_id_of_any_length_in_a_collection_path(client, path):
    for method, extra in (("GET", {}), ("POST", {"json": {"note": "x", "amount": "1"}})):
        expected = client.request(method, path.format(PHP_INT_MAX), **extra)
        assert "code" in expected.json() or expected.json() == [], expected.text
        assert client.request(method, path.format(HUGE), **extra).json() == expected.json()


@pytest.mark.parametrize("resource", ["products", "orders"])
def test_product_and_order_list_parameters_of_any_length(client, resource):
    url = f"/wp-json/wc/v3/{resource}"
    names = ("include", "exclude", "parent", "page", "per_page", "offset")
    for name in names + (("category", "tag") if resource == "products" else ("customer", "product")):
        expected = client.get(url, params={name: PHP_INT_MAX})
        response = client.get(url, params={name: HUGE})
        assert (response.status_code, response.json()) == (expected.status_code, expected.json()), name


@pytest.mark.parametrize("resource", ["products", "orders"])
def test_a_product_or_order_batch_with_huge_ids_is_answered_item_by_item(client, resource):
    url = f"/wp-json/wc/v3/{resource}/batch"
    reference = client.post(url, json={"delete": [PHP_INT_MAX], "update": [{"id": PHP_INT_MAX}]}).json()
    create = [{"name": "Batch"} if resource == "products" else {"customer_note": "Batch"}]
    response = client.post(url, json={"create": create, "delete": [HUGE], "update": [{"id": HUGE}]})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "id" in answer["create"][0], answer
    assert [item["error"]["code"] for item in answer["delete"]] == [
        item["error"]["code"] for item in reference["delete"]
    ]
    assert [item["error"]["code"] for item in answer["update"]] == [
        item["error"]["code"] for item in reference["update"]
    ]
    total = client.get(f"/wp-json/wc/v3/{resource}").headers["x-wp-total"]
    number = b'{"create": [{}], "delete": [' + HUGE.encode() + b"]}"  # past Python's int-string limit
    assert_invalid_json(client.post(url, content=number, headers=JSON), 4, "Syntax error")
    assert client.get(f"/wp-json/wc/v3/{resource}").headers["x-wp-total"] == total


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/wp-json/wc/v3/orders", '{"line_items": [{"product_id": %s, "quantity": 1}]}'),
        ("/wp-json/wc/v3/orders", '{"line_items": [{"id": %s, "quantity": 1}]}'),
        ("/wp-json/wc/v3/orders", '{"customer_id": %s}'),
        ("/wp-json/wc/v3/orders/{order}/refunds", '{"amount": "0", "line_items": [{"id": %s, "quantity": 1}]}'),
        ("/wp-json/wc/v3/orders/{order}/refunds", '{"amount": %s}'),
        ("/wp-json/wc/v3/products", '{"name": "P", "images": [{"id": %s}]}'),
        ("/wp-json/wc/v3/products", '{"name": "P", "regular_price": "%s"}'),
    ],
)
def test_product_and_order_body_numbers_of_any_length_get_a_json_answer(client, path, body):
    """A 5,000-digit number in a body, as a JSON number or as text, is answered as the clamped
    number is (or, for a price, kept as text): never a plain-text 500."""
    order = client.post("/wp-json/wc/v3/orders", json={}).json()["id"]
    url = path.format(order=order)
    for huge in (HUGE, f'"{HUGE}"'):
        response = client.post(url, content=(body % huge).encode(), headers=JSON)
        assert response.headers["content-type"].startswith("application/json"), response.text
        assert "code" in response.json() or "id" in response.json(), response.text
    assert client.get("/wp-json/wc/v3/products", params={"per_page": 100}).status_code == 200
    assert client.get("/wp-json/wc/v3/orders", params={"per_page": 100}).status_code == 200


# ---------------------------------------------------------------------- lone surrogates


def test_a_lone_surrogate_is_invalid_json(client, store):
    """PHP's ``json_decode`` refuses an unpaired ``\\ud800`` (JSON_ERROR_UTF16), so WordPress does too."""
    before = snapshot(store)
    for text in (r"\ud800", r"\udfff", r"a\ud800b", r"\udc00\ud800"):
        body = b'{"email": "lone@example.org", "first_name": "' + text.encode() + b'"}'
        assert_invalid_json(
            client.post(V3, content=body, headers=JSON), 10, "Single unpaired UTF-16 surrogate in unicode escape"
        )
        key = b'{"email": "lone@example.org", "' + text.encode() + b'": 1}'
        assert_invalid_json(
            client.post(V3, content=key, headers=JSON), 10, "Single unpaired UTF-16 surrogate in unicode escape"
        )
    assert snapshot(store) == before
    paired = client.post(V3, content=rb'{"email": "pair@example.org", "first_name": "\ud83d\ude00"}', headers=JSON)
    assert paired.status_code == 201
    assert paired.json()["first_name"] == "\U0001f600"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/wp-json/wc/v3/products", rb'{"name": "\ud800"}'),
        ("/wp-json/wc/v3/products", rb'{"name": "P", "meta_data": [{"key": "\udfff", "value": 1}]}'),
        ("/wp-json/wc/v3/orders", rb'{"customer_note": "\ud800"}'),
        ("/wp-json/wc/v3/orders", rb'{"billing": {"first_name": "a\ud800b"}}'),
        ("/wp-json/wc/v3/orders/{order}/notes", rb'{"note": "\ud800"}'),
        ("/wp-json/wc/v3/orders/{order}/refunds", rb'{"amount": "0", "reason": "\udc00\ud800"}'),
    ],
)
def test_a_lone_surrogate_is_invalid_json_for_products_and_orders_too(client, path, body):
    order = client.post("/wp-json/wc/v3/orders", json={}).json()["id"]
    assert_invalid_json(
        client.post(path.format(order=order), content=body, headers=JSON),
        10,
        "Single unpaired UTF-16 surrogate in unicode escape",
    )
    assert client.get("/__wcmock__/state").status_code == 200
    journal = client.get("/__wcmock__/journal")  # the refused body is kept, as text
    assert journal.status_code == 200, journal.text
    assert journal.json()[-1]["body"] == body.decode()


def test_a_webhook_secret_with_a_lone_surrogate_is_refused(client):
    body = rb'{"topic": "customer.created", "delivery_url": "http://127.0.0.1:9/hook", "secret": "\ud800"}'
    response = client.post("/wp-json/wc/v3/webhooks", content=body, headers=JSON)
    assert_invalid_json(response, 10, "Single unpaired UTF-16 surrogate in unicode escape")
    assert client.get("/wp-json/wc/v3/webhooks").json() == []


def test_the_control_api_refuses_lone_surrogates_and_stays_readable(client):
    body = rb'{"customers": [{"email": "lone@example.org", "first_name": "\ud800"}]}'
    response = client.post("/__wcmock__/load", content=body, headers=JSON)
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_json"
    assert client.get("/__wcmock__/state").status_code == 200
    assert client.get("/__wcmock__/journal").status_code == 200


# ---------------------------------------------------------------------- deep brackets


def test_brackets_nested_past_php_max_input_nesting_level_are_dropped(client, store):
    """PHP drops a variable nested deeper than ``max_input_nesting_level`` (64): no 500, and the rest
    of the query or form is read as usual."""
    deep = "[]" * 5000
    listed = client.get(f"{V3}?search{deep}=x&role=all")
    assert listed.status_code == 200, listed.text
    assert listed.headers["x-wp-total"] == "2"
    form = f"email=deep%40example.org&first_name{deep}=x&last_name=Kept".encode()
    created = client.post(V3, content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert created.status_code == 201, created.text
    assert (created.json()["first_name"], created.json()["last_name"]) == ("", "Kept")
    assert client.get("/__wcmock__/journal").status_code == 200


def test_brackets_up_to_php_max_input_nesting_level_are_read(client):
    key = "meta_data[0][value]" + "[a]" * 60
    created = client.post(
        V3,
        content=f"email=nest%40example.org&meta_data[0][key]=k&{key}=v".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert created.status_code == 201, created.text
    value = next(meta["value"] for meta in created.json()["meta_data"] if meta["key"] == "k")
    for _ in range(60):
        value = value["a"]
    assert value == "v"
