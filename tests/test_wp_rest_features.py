"""WordPress REST server features around the customers routes: global parameters, methods,
discovery, headers and the wire encoding, as a real WordPress 6.8 / WooCommerce 10.0.2 site serves them.
"""

from __future__ import annotations

import json
from typing import Any

from wcmock.resources.customers.backend import customers_of

V3 = "/wp-json/wc/v3/customers"
NO_ROUTE = (404, "rest_no_route", "No route was found matching the URL and request method.")


# ---------------------------------------------------------------------- helpers


def base(client: Any) -> str:
    return str(client.base_url).rstrip("/")


def api_link(client: Any) -> str:
    return f'<{base(client)}/wp-json/>; rel="https://api.w.org/"'


def create(client: Any, email: str, **fields: Any) -> dict[str, Any]:
    response = client.post(V3, json={"email": email, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


# ---------------------------------------------------------------------- _fields


def test_fields_on_single_item_keep_links(client):
    body = client.get(f"{V3}/2", params={"_fields": "email,first_name"}).json()
    assert list(body) == ["email", "first_name", "_links"]
    assert body["email"] == "customer@woocommercecoretestsuite.com"
    assert body["_links"]["self"][0]["href"] == f"{base(client)}{V3}/2"


def test_fields_do_not_keep_id_automatically(client):
    body = client.get(f"{V3}/2", params={"_fields": "username"}).json()
    assert "id" not in body
    assert body["username"] == "customer"


def test_fields_on_list_items_drop_links(client):
    items = client.get(V3, params={"role": "all", "_fields": "id,username"}).json()
    assert items == [{"id": 1, "username": "admin"}, {"id": 2, "username": "customer"}]


def test_fields_on_list_keep_links_when_named(client):
    items = client.get(V3, params={"role": "all", "orderby": "id", "_fields": "id,_links"}).json()
    assert [list(item) for item in items] == [["id", "_links"], ["id", "_links"]]
    assert items[0]["_links"]["self"][0]["href"] == f"{base(client)}{V3}/1"


def test_fields_dotted_paths_pick_nested_keys(client):
    create(client, "dot@example.org", billing={"city": "Oslo", "phone": "47"}, shipping={"city": "Bergen"})
    body = client.get(f"{V3}/3", params={"_fields": "billing.city,shipping.city,id"}).json()
    assert body["billing"] == {"city": "Oslo"}
    assert body["shipping"] == {"city": "Bergen"}
    assert body["id"] == 3


def test_fields_whole_object_wins_over_dotted_path(client):
    body = client.get(f"{V3}/2", params={"_fields": "billing,billing.city"}).json()
    assert len(body["billing"]) == 11


def test_fields_space_separated_and_array_form(client):
    body = client.get(f"{V3}/2", params={"_fields": "id email"}).json()
    assert [k for k in body if k != "_links"] == ["id", "email"]
    body = client.get(f"{V3}/2?_fields[]=id&_fields[]=role").json()
    assert [k for k in body if k != "_links"] == ["id", "role"]


def test_fields_with_unknown_name_leave_only_links(client):
    assert list(client.get(f"{V3}/2", params={"_fields": "nope"}).json()) == ["_links"]


def test_fields_do_not_filter_errors(client):
    response = client.get(f"{V3}/999", params={"_fields": "id"})
    assert response.json() == {"code": "wc_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}}


def test_fields_apply_to_create_response(client):
    response = client.post(V3, params={"_fields": "id,username"}, json={"email": "f@example.org"})
    assert response.status_code == 201
    assert [k for k in response.json() if k != "_links"] == ["id", "username"]


# ---------------------------------------------------------------------- _envelope


def test_envelope_wraps_item_with_headers(client):
    response = client.get(f"{V3}/2", params={"_envelope": "1"})
    assert response.status_code == 200
    envelope = response.json()
    assert list(envelope) == ["body", "status", "headers"]
    assert envelope["status"] == 200
    assert envelope["headers"] == {"Allow": "GET, POST, PUT, PATCH, DELETE"}
    assert envelope["body"]["id"] == 2
    assert "_links" in envelope["body"]
    assert "allow" not in response.headers


def test_envelope_wraps_errors_with_status_200(client):
    response = client.get(f"{V3}/999", params={"_envelope": ""})
    assert response.status_code == 200
    assert response.json() == {
        "body": {"code": "wc_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}},
        "status": 404,
        "headers": [],  # PHP's empty array
    }


def test_envelope_wraps_validation_errors_with_allow(client):
    envelope = client.get(V3, params={"_envelope": "1", "per_page": "0"}).json()
    assert envelope["status"] == 400
    assert envelope["body"]["code"] == "rest_invalid_param"
    assert envelope["headers"] == {"Allow": "GET, POST"}


def test_envelope_on_list_carries_paging_headers(client):
    for email in ("a1@example.org", "a2@example.org", "a3@example.org"):
        create(client, email)
    response = client.get(V3, params={"_envelope": "1", "per_page": "2"})
    envelope = response.json()
    assert envelope["headers"]["X-WP-Total"] == 3
    assert envelope["headers"]["X-WP-TotalPages"] == 2
    assert envelope["headers"]["Link"] == f'<{base(client)}{V3}?_envelope=1&per_page=2&page=2>; rel="next"'
    assert "x-wp-total" not in response.headers
    assert response.headers["link"] == api_link(client)


def test_envelope_on_create_keeps_201_inside(client, store):
    response = client.post(V3, params={"_envelope": "1"}, json={"email": "env@example.org"})
    assert response.status_code == 200
    envelope = response.json()
    assert envelope["status"] == 201
    assert envelope["headers"]["Location"] == f"{base(client)}{V3}/3"
    assert "location" not in response.headers
    assert customers_of(store).editable(3) is not None


def test_envelope_wraps_anonymous_401(anonymous):
    envelope = anonymous.get(V3, params={"_envelope": "1"})
    assert envelope.status_code == 200
    assert envelope.json()["status"] == 401
    assert envelope.json()["body"]["code"] == "woocommerce_rest_cannot_view"


# ---------------------------------------------------------------------- method override


def test_method_query_parameter_turns_post_into_put(client):
    response = client.post(f"{V3}/2", params={"_method": "PUT"}, json={"last_name": "Overridden"})
    assert response.status_code == 200
    assert response.json()["last_name"] == "Overridden"


def test_method_query_parameter_turns_get_into_delete(client, store):
    create(client, "bye@example.org")
    response = client.get(f"{V3}/3", params={"_method": "DELETE", "force": "true"})
    assert response.status_code == 200
    assert customers_of(store).editable(3) is None


def test_method_override_header_delete_without_force(client, store):
    response = client.post(f"{V3}/2", headers={"X-HTTP-Method-Override": "DELETE"})
    assert error(response) == (501, "woocommerce_rest_trash_not_supported", "Customers do not support trashing.")
    assert customers_of(store).editable(2) is not None


def test_method_override_header_patch(client):
    response = client.post(f"{V3}/2", headers={"X-HTTP-Method-Override": "PATCH"}, json={"first_name": "Hdr"})
    assert response.json()["first_name"] == "Hdr"


def test_method_query_parameter_wins_over_header(client, store):
    response = client.post(
        f"{V3}/2", params={"_method": "GET"}, headers={"X-HTTP-Method-Override": "DELETE"}, json={"first_name": "No"}
    )
    assert response.status_code == 200
    assert customers_of(store).editable(2).first_name == "Jane"


def test_method_override_to_unsupported_method_is_no_route(client):
    assert error(client.post(V3, params={"_method": "DELETE"})) == NO_ROUTE


def test_method_override_is_what_key_permissions_see(client, store):
    from wcmock.store import ApiKey

    store.add_key(ApiKey("ck_readonly", "cs_readonly", 1, "read"))
    read_only = {"consumer_key": "ck_readonly", "consumer_secret": "cs_readonly"}
    response = client.get(f"{V3}/2", params={**read_only, "_method": "PUT", "first_name": "Sneaky"}, headers={})
    assert error(response) == (
        401,
        "woocommerce_rest_authentication_error",
        "The API key provided does not have write permissions.",
    )
    assert customers_of(store).editable(2).first_name == "Jane"


# ---------------------------------------------------------------------- HEAD


def test_head_on_item_sends_headers_without_body(client):
    get = client.get(f"{V3}/2")
    head = client.head(f"{V3}/2")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["allow"] == get.headers["allow"]
    assert head.headers["content-type"] == "application/json; charset=UTF-8"
    assert head.headers["link"] == get.headers["link"]


def test_head_on_list_keeps_paging_headers(client):
    for email in ("h1@example.org", "h2@example.org"):
        create(client, email)
    head = client.head(V3, params={"per_page": 1})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["x-wp-total"] == "2"
    assert head.headers["x-wp-totalpages"] == "2"
    assert head.headers["link"] == f'<{base(client)}{V3}?per_page=1&page=2>; rel="next"'


def test_head_errors_keep_status(client, anonymous):
    assert client.head(f"{V3}/999").status_code == 404
    assert anonymous.head(V3).status_code == 401
    assert client.head(V3, params={"per_page": 0}).status_code == 400


# ---------------------------------------------------------------------- route matching


def test_trailing_slash_is_ignored(client):
    assert client.get(f"{V3}/2/").json()["id"] == 2
    assert client.get(f"{V3}/", params={"role": "all"}).headers["x-wp-total"] == "2"
    assert client.get(f"{V3}/2/downloads/").json() == []


def test_route_matching_is_case_insensitive(client):
    assert client.get("/wp-json/wc/v3/Customers/2").json()["id"] == 2
    assert client.get("/wp-json/wc/v3/CUSTOMERS", params={"role": "all"}).status_code == 200
    assert client.post("/wp-json/wc/v3/customers/BATCH", json={}).json() == []


def test_unknown_route(client):
    for path in ("/wp-json/wc/v3/customerz", "/wp-json/wc/v3/customers/2/orders", "/wp-json/wc/v9", "/wp-json/nope"):
        response = client.get(path)
        assert error(response) == NO_ROUTE, path
        assert response.json()["data"] == {"status": 404}
        assert "allow" not in response.headers


def test_wrong_method_on_a_route(client):
    cases = [
        ("PUT", V3),
        ("DELETE", V3),
        ("POST", f"{V3}/2/downloads"),
        ("DELETE", f"{V3}/batch"),
        ("GET", f"{V3}/batch"),
    ]
    for method, path in cases:
        response = client.request(method, path)
        assert error(response) == NO_ROUTE, (method, path)
        assert "allow" not in response.headers


def test_wrong_method_changes_nothing(client, store):
    client.put(V3, json={"email": "put@example.org"})
    assert len(store) == 2


def test_plain_permalinks_rest_route(client):
    """Routes are served on ``?rest_route=``, but WooCommerce honours keys only on ``wp-json/wc/`` URIs."""
    assert client.get("/", params={"rest_route": "/wc/v3"}).json()["namespace"] == "wc/v3"
    response = client.get("/", params={"rest_route": "/wc/v3/customers/2"})
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_cannot_view"


# ---------------------------------------------------------------------- OPTIONS


def test_options_on_collection(client):
    response = client.options(V3)
    assert response.status_code == 200
    assert response.headers["allow"] == "GET, POST"
    body = response.json()
    assert list(body) == ["namespace", "methods", "endpoints", "schema", "_links"]
    assert body["namespace"] == "wc/v3"
    assert body["methods"] == ["GET", "POST"]
    assert [e["methods"] for e in body["endpoints"]] == [["GET"], ["POST"]]
    assert body["endpoints"][1]["args"]["email"]["required"] is True
    assert body["schema"]["title"] == "customer"
    assert body["_links"] == {"self": [{"href": f"{base(client)}{V3}"}]}


def test_options_on_item_has_no_self_link(client):
    response = client.options(f"{V3}/2")
    body = response.json()
    assert "_links" not in body
    assert body["methods"] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    assert [e["methods"] for e in body["endpoints"]] == [["GET"], ["POST", "PUT", "PATCH"], ["DELETE"]]
    assert response.headers["allow"] == "GET, POST, PUT, PATCH, DELETE"


def test_options_on_administrator_item_allows_no_delete(client):
    assert client.options(f"{V3}/1").headers["allow"] == "GET, POST, PUT, PATCH"


def test_options_on_unknown_item_has_no_allow(client):
    response = client.options(f"{V3}/999")
    assert response.status_code == 200
    assert response.json()["namespace"] == "wc/v3"
    assert "allow" not in response.headers


def test_options_on_batch_and_downloads(client):
    batch = client.options(f"{V3}/batch")
    assert batch.json()["methods"] == ["POST", "PUT", "PATCH"]
    assert batch.json()["_links"] == {"self": [{"href": f"{base(client)}{V3}/batch"}]}
    assert batch.headers["allow"] == "POST, PUT, PATCH"
    downloads = client.options(f"{V3}/2/downloads")
    assert downloads.json()["methods"] == ["GET"]
    assert downloads.json()["schema"]["title"] == "customer_download"
    assert "_links" not in downloads.json()
    assert downloads.headers["allow"] == "GET"


def test_options_on_unknown_path_is_empty_list(client):
    response = client.options("/wp-json/wc/v3/customerz")
    assert response.status_code == 200
    assert response.json() == []
    assert "allow" not in response.headers


def test_options_anonymous_has_body_but_no_allow(anonymous):
    response = anonymous.options(V3)
    assert response.status_code == 200
    assert response.json()["methods"] == ["GET", "POST"]
    assert "allow" not in response.headers


def test_options_needs_no_read_or_write_permission(client, store):
    from wcmock.store import ApiKey

    store.add_key(ApiKey("ck_writeonly", "cs_writeonly", 1, "write"))
    response = client.options(V3, params={"consumer_key": "ck_writeonly", "consumer_secret": "cs_writeonly"})
    assert response.status_code == 200
    assert response.headers["allow"] == "GET, POST"


def test_options_schema_differs_per_version(client):
    def shipping_properties(version: str) -> list[str]:
        schema = client.options(f"/wp-json/wc/{version}/customers").json()["schema"]
        return list(schema["properties"]["shipping"]["properties"])

    assert "phone" not in shipping_properties("v1")
    assert "phone" not in shipping_properties("v2")
    assert shipping_properties("v3")[-1] == "phone"
    v1 = client.options("/wp-json/wc/v1/customers").json()["schema"]["properties"]
    assert "last_order" in v1
    assert "meta_data" not in v1


# ---------------------------------------------------------------------- discovery


def test_namespace_index_lists_customer_routes(client):
    response = client.get("/wp-json/wc/v3")
    assert response.status_code == 200
    body = response.json()
    assert body["namespace"] == "wc/v3"
    for route in (
        "/wc/v3/customers",
        "/wc/v3/customers/(?P<id>[\\d]+)",
        "/wc/v3/customers/batch",
        "/wc/v3/customers/(?P<customer_id>[\\d]+)/downloads",
    ):
        assert route in body["routes"], route
        assert body["routes"][route]["namespace"] == "wc/v3"
    assert body["routes"]["/wc/v3/customers"]["methods"] == ["GET", "POST"]
    assert "schema" not in body["routes"]["/wc/v3/customers"]
    assert body["_links"] == {"up": [{"href": f"{base(client)}/wp-json/"}]}


def test_namespace_index_help_context_adds_schemas(client):
    routes = client.get("/wp-json/wc/v2", params={"context": "help"}).json()["routes"]
    assert routes["/wc/v2/customers"]["schema"]["title"] == "customer"


def test_namespace_index_needs_no_credentials(anonymous):
    response = anonymous.get("/wp-json/wc/v1")
    assert response.status_code == 200
    assert all(route.startswith("/wc/v1/") for route in response.json()["routes"])


def test_site_index(anonymous):
    response = anonymous.get("/wp-json/")
    assert response.status_code == 200
    body = response.json()
    for key in ("name", "description", "url", "home", "gmt_offset", "timezone_string", "namespaces", "routes"):
        assert key in body, key
    assert {"wc/v1", "wc/v2", "wc/v3"} <= set(body["namespaces"])
    assert "/wc/v3/customers" in body["routes"]
    assert body["url"] == base(anonymous)


def test_site_index_without_trailing_slash(anonymous):
    assert anonymous.get("/wp-json").json()["namespaces"] == anonymous.get("/wp-json/").json()["namespaces"]


# ---------------------------------------------------------------------- headers


def test_allow_header_on_success_and_handler_errors(client):
    assert client.get(V3).headers["allow"] == "GET, POST"
    assert client.post(V3, json={"email": "admin@example.com"}).headers["allow"] == "GET, POST"
    assert client.delete(f"{V3}/2").headers["allow"] == "GET, POST, PUT, PATCH, DELETE"
    assert client.get(f"{V3}/2/downloads").headers["allow"] == "GET"
    assert client.post(f"{V3}/batch", json={}).headers["allow"] == "POST, PUT, PATCH"


def test_allow_header_on_validation_errors(client):
    response = client.post(V3, json={"email": "x@example.org", "first_name": 5})
    assert response.status_code == 400
    assert response.headers["allow"] == "GET, POST"


def test_no_allow_header_when_nothing_is_allowed(client, anonymous):
    assert "allow" not in client.get(f"{V3}/999").headers
    assert "allow" not in anonymous.get(f"{V3}/2").headers
    deleted = client.delete(f"{V3}/2", params={"force": "true"})
    assert deleted.status_code == 200
    assert "allow" not in deleted.headers


def test_no_allow_header_on_authentication_errors(client):
    response = client.get(V3, params={"consumer_key": "ck_" + "1" * 40, "consumer_secret": "wrong"})
    assert error(response) == (401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.")
    assert "allow" not in response.headers


def test_default_link_header_on_items_and_errors(client):
    assert client.get(f"{V3}/2").headers["link"] == api_link(client)
    assert client.get(f"{V3}/999").headers["link"] == api_link(client)
    assert client.get("/wp-json/wc/v3/customerz").headers["link"] == api_link(client)
    assert client.post(V3, json={"email": "l@example.org"}).headers["link"] == api_link(client)


def test_pagination_link_replaces_default_link(client):
    for email in ("p1@example.org", "p2@example.org"):
        create(client, email)
    link = client.get(V3, params={"per_page": 1}).headers["link"]
    assert "https://api.w.org/" not in link
    assert link == f'<{base(client)}{V3}?per_page=1&page=2>; rel="next"'


def test_content_type_everywhere(client, anonymous):
    responses = [
        client.get(f"{V3}/2"),
        client.get(f"{V3}/999"),
        client.get("/wp-json/wc/v3/customerz"),
        client.options(V3),
        client.post(V3, content=b"{", headers={"Content-Type": "application/json"}),
        anonymous.get(V3),
        client.get("/wp-json/wc/v3"),
    ]
    for response in responses:
        assert response.headers["content-type"] == "application/json; charset=UTF-8", response.request.url


def test_cors_and_robots_headers(client):
    headers = client.get(f"{V3}/2").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-robots-tag"] == "noindex"
    assert headers["access-control-expose-headers"] == "X-WP-Total, X-WP-TotalPages, Link"


# ---------------------------------------------------------------------- wire encoding


def test_raw_json_escapes_slashes_and_non_ascii(client):
    response = client.post(V3, json={"email": "jo@example.org", "first_name": "João", "billing": {"address_1": "1/2"}})
    raw = response.content
    assert b'"first_name":"Jo\\u00e3o"' in raw
    assert b'"address_1":"1\\/2"' in raw
    assert b"https:\\/\\/secure.gravatar.com\\/avatar\\/" in raw
    assert "João".encode() not in raw
    assert response.json()["first_name"] == "João"


def test_raw_json_escapes_astral_characters_as_surrogate_pairs(client):
    raw = client.post(V3, json={"email": "emoji@example.org", "first_name": "Ana 😀"}).content
    assert b'"first_name":"Ana \\ud83d\\ude00"' in raw


def test_empty_list_is_encoded_as_brackets(client):
    assert client.get(V3).content == b"[]"
    assert client.get(f"{V3}/2/downloads").content == b"[]"


def test_jsonp_wraps_the_body(client):
    response = client.get(f"{V3}/2", params={"_jsonp": "handle.me_1"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/javascript; charset=UTF-8"
    assert response.content.startswith(b"/**/handle.me_1(")
    assert response.content.endswith(b")")
    assert json.loads(response.content[len(b"/**/handle.me_1(") : -1])["id"] == 2


def test_jsonp_wraps_errors_too(client):
    response = client.get(f"{V3}/999", params={"_jsonp": "cb"})
    assert response.status_code == 404
    assert (
        response.content == b'/**/cb({"code":"wc_user_invalid_id","message":"Invalid user ID.","data":{"status":404}})'
    )


def test_jsonp_with_invalid_callback(client):
    response = client.get(f"{V3}/2", params={"_jsonp": "alert(1)"})
    assert response.status_code == 400
    assert response.json() == {"code": "rest_callback_invalid", "message": "Invalid JSONP callback function."}


def test_jsonp_with_invalid_callback_applies_no_write(client, store):
    response = client.post(V3, params={"_jsonp": "bad-name"}, json={"email": "jsonp@example.org"})
    assert response.status_code == 400
    assert len(store) == 2


def test_pretty_prints(client):
    response = client.get(f"{V3}/2", params={"_pretty": "1"})
    assert response.status_code == 200
    assert response.content.startswith(b'{\n    "id": 2,\n')
    assert json.loads(response.content)["id"] == 2
