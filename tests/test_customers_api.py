"""Behaviour of the customers endpoints over HTTP, beyond the recorded exchanges.

Each test arranges a small store (through the API or the ``store`` fixture), makes one or two
requests and checks what a real WooCommerce 10.0.2 store answers: status, code, message, body and
headers. The store starts as the recording store: admin 1, subscriber 2 (Jane Smith), next id 3.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from wcmock.resources.customers.backend import customers_of
from wcmock.store import ApiKey

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
V3 = "/wp-json/wc/v3/customers"


# ---------------------------------------------------------------------- helpers


def customers(version: str = "v3", suffix: str = "") -> str:
    return f"/wp-json/wc/{version}/customers{suffix}"


def base(client: Any) -> str:
    return str(client.base_url).rstrip("/")


def create(client: Any, email: str, version: str = "v3", **fields: Any) -> dict[str, Any]:
    response = client.post(customers(version), json={"email": email, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def create_many(client: Any, *names: str) -> list[int]:
    """Customers ``{name}@example.org``; their usernames (and display names) are the names."""
    return [create(client, f"{name}@example.org")["id"] for name in names]


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()]


def page_links(response: Any) -> dict[str, str]:
    """The ``Link`` header as ``{rel: url}``."""
    found = {}
    for part in response.headers.get("link", "").split(", <"):
        match = re.match(r"<?([^>]*)>; rel=\"([^\"]+)\"", part)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def key_for(store: Any, user_id: int, permissions: str = "read_write") -> dict[str, str]:
    """A fresh API key owned by ``user_id``, as a Basic ``Authorization`` header."""
    ck, cs = f"ck_{user_id:040d}", f"cs_{user_id:040d}"
    store.add_key(ApiKey(ck, cs, user_id, permissions))
    return {"Authorization": "Basic " + base64.b64encode(f"{ck}:{cs}".encode()).decode()}


def arranged(client: Any, store: Any, email: str = "arranged@example.org", **attributes: Any) -> int:
    """A customer created for this test, then given ``attributes`` straight in the store.

    Attributes are assigned (never changed in place), and only on a record this test created.
    """
    customer_id = create(client, email, password="pw")["id"]
    record = customers_of(store).editable(customer_id)
    for name, value in attributes.items():
        setattr(record, name, value)
    return customer_id


def colours() -> list[dict[str, Any]]:
    return [{"id": 801, "key": "colour", "value": "red"}, {"id": 802, "key": "colour", "value": "tan"}]


def meta(body: dict[str, Any]) -> dict[str, Any]:
    return {row["key"]: row["value"] for row in body["meta_data"]}


def download(**overrides: Any) -> dict[str, Any]:
    record = {
        "download_id": "91447a8b",
        "product_id": 31,
        "product_name": "Ebook",
        "download_name": "Ebook (PDF)",
        "order_id": 52,
        "order_key": "wc_order_Xy12",
        "downloads_remaining": "4",
        "access_expires": datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC),
        "file": {"name": "ebook.pdf", "file": "https://shop.example/files/ebook.pdf"},
        "product_url": "https://shop.example/product/ebook/",
    }
    record.update(overrides)
    return record


# ---------------------------------------------------------------------- list: role, totals, paging


def test_default_list_shows_only_customer_role(client):
    made = create_many(client, "ann", "bob")
    response = client.get(V3)
    assert ids(response) == made
    assert response.headers["x-wp-total"] == "2"
    assert response.headers["x-wp-totalpages"] == "1"


def test_role_all_lists_administrators_and_subscribers_too(client):
    create_many(client, "bob")
    assert ids(client.get(V3, params={"role": "all"})) == [1, 3, 2]  # admin, bob, Jane Smith


def test_role_subscriber_and_administrator_filters(client):
    create_many(client, "ann")
    assert ids(client.get(V3, params={"role": "subscriber"})) == [2]
    assert ids(client.get(V3, params={"role": "administrator"})) == [1]
    assert ids(client.get(V3, params={"role": "shop_manager"})) == []


def test_empty_list_has_zero_total_pages(client):
    response = client.get(V3)
    assert response.json() == []
    assert response.headers["x-wp-total"] == "0"
    assert response.headers["x-wp-totalpages"] == "0"
    assert 'rel="next"' not in response.headers["link"]


def test_middle_page_has_prev_and_next_links(client):
    made = create_many(client, "ann", "bea", "cid", "dan", "eve")
    response = client.get(V3, params={"per_page": 2, "page": 2})
    assert ids(response) == made[2:4]
    assert response.headers["x-wp-total"] == "5"
    assert response.headers["x-wp-totalpages"] == "3"
    assert response.headers["link"] == (
        f'<{base(client)}{V3}?per_page=2&page=1>; rel="prev", <{base(client)}{V3}?per_page=2&page=3>; rel="next"'
    )


def test_first_page_has_only_next_link(client):
    create_many(client, "ann", "bea", "cid")
    response = client.get(V3, params={"per_page": 2})
    assert page_links(response) == {"next": f"{base(client)}{V3}?per_page=2&page=2"}


def test_last_page_has_only_prev_link(client):
    made = create_many(client, "ann", "bea", "cid")
    response = client.get(V3, params={"per_page": 2, "page": 2})
    assert ids(response) == made[2:]
    assert page_links(response) == {"prev": f"{base(client)}{V3}?per_page=2&page=1"}


def test_page_past_the_end_is_empty_and_prev_points_at_last_page(client):
    create_many(client, "ann", "bea", "cid")
    response = client.get(V3, params={"per_page": 2, "page": 7})
    assert response.json() == []
    assert response.headers["x-wp-total"] == "3"
    assert response.headers["x-wp-totalpages"] == "2"
    assert page_links(response) == {"prev": f"{base(client)}{V3}?per_page=2&page=2"}


def test_offset_overrides_page(client):
    made = create_many(client, "ann", "bea", "cid", "dan", "eve")
    response = client.get(V3, params={"offset": 1, "page": 3, "per_page": 2})
    assert ids(response) == made[1:3]
    # current page = ceil(1 / 2 + 1) = 2; ``page`` is replaced where it stood
    assert page_links(response) == {
        "prev": f"{base(client)}{V3}?offset=1&page=1&per_page=2",
        "next": f"{base(client)}{V3}?offset=1&page=3&per_page=2",
    }


def test_negative_offset_becomes_its_absolute_value(client):
    made = create_many(client, "ann", "bea", "cid")
    response = client.get(V3, params={"offset": -2})
    assert ids(response) == made[2:]


def test_pagination_links_carry_sanitised_values(client):
    create_many(client, "ann", "bea", "cid")
    response = client.get(V3 + "?per_page=2.0&search=%20example%20&orderby=id")
    assert ids(response) == [3, 4]
    assert page_links(response)["next"] == f"{base(client)}{V3}?per_page=2&search=example&orderby=id&page=2"


def test_pagination_links_form_encode_values(client):
    create_many(client, "ann", "bea")
    response = client.get(V3, params={"search": "example.org", "per_page": 1, "role": "customer"})
    assert page_links(response)["next"] == f"{base(client)}{V3}?search=example.org&per_page=1&role=customer&page=2"
    response = client.get(V3, params={"search": "n@example", "per_page": 1})
    assert ids(response) == [3]
    assert response.headers["x-wp-total"] == "1"


def test_pagination_links_render_include_as_indexed_array(client):
    made = create_many(client, "ann", "bea", "cid")
    response = client.get(V3, params={"include": f"{made[2]},{made[0]}", "per_page": 1})
    assert ids(response) == [made[0]]
    assert page_links(response)["next"] == (
        f"{base(client)}{V3}?include%5B0%5D={made[2]}&include%5B1%5D={made[0]}&per_page=1&page=2"
    )


def test_pagination_links_copy_credentials_in_the_query(client, store):
    create_many(client, "ann", "bea")
    ck, cs = "ck_" + "1" * 40, "cs_" + "2" * 40
    response = client.get(V3, params={"consumer_key": ck, "consumer_secret": cs, "per_page": 1}, headers={})
    assert page_links(response)["next"] == (
        f"{base(client)}{V3}?consumer_key={ck}&consumer_secret={cs}&per_page=1&page=2"
    )


def test_single_page_list_keeps_default_link_header(client):
    create_many(client, "ann")
    response = client.get(V3)
    assert response.headers["link"] == f'<{base(client)}/wp-json/>; rel="https://api.w.org/"'


# ---------------------------------------------------------------------- list: search, email, include


def test_search_matches_username_substring_case_insensitively(client):
    made = create_many(client, "marigold", "rosemary", "basil")
    assert ids(client.get(V3, params={"search": "MARY"})) == [made[1]]


def test_search_never_looks_at_first_or_last_name(client):
    create(client, "plain@example.org", first_name="Zorro", last_name="Vega")
    assert ids(client.get(V3, params={"search": "Zorro"})) == []
    assert ids(client.get(V3, params={"search": "Vega"})) == []


def test_search_matches_display_name(client):
    assert ids(client.get(V3, params={"search": "Jane Smith", "role": "all"})) == [2]


def test_search_matches_nicename_of_login(client):
    made = create_many(client, "john.doe")
    assert ids(client.get(V3, params={"search": "john-doe"})) == made


def test_search_with_at_sign_looks_only_at_email(client):
    alias = create(client, "c@example.org", username="carol@home")["id"]
    assert ids(client.get(V3, params={"search": "carol@"})) == []
    assert ids(client.get(V3, params={"search": "c@exam"})) == [alias]


def test_numeric_search_matches_login_substring_and_exact_id(client):
    agent = create(client, "agent@example.org", username="agent007")["id"]  # id 3
    room = create(client, "room@example.org", username="room3")["id"]  # id 4
    assert ids(client.get(V3, params={"search": "007", "orderby": "id"})) == [agent]
    assert ids(client.get(V3, params={"search": "3", "orderby": "id"})) == [agent, room]
    assert ids(client.get(V3, params={"search": "4", "orderby": "id"})) == [room]


def test_search_for_a_url_looks_only_at_user_url(client):
    create_many(client, "http")
    assert ids(client.get(V3, params={"search": "http://example.org"})) == []


def test_search_wildcards_are_literal(client):
    under = create(client, "a_b@example.org")["id"]
    create_many(client, "ab")
    assert ids(client.get(V3, params={"search": "_"})) == [under]


def test_email_filter_is_exact_and_case_insensitive(client):
    made = create_many(client, "ann", "annabel")
    assert ids(client.get(V3, params={"email": "ANN@Example.org"})) == [made[0]]


def test_email_filter_overrides_search(client):
    made = create_many(client, "ann", "bea")
    assert ids(client.get(V3, params={"email": "bea@example.org", "search": "ann"})) == [made[1]]


def test_email_filter_respects_role(client):
    assert ids(client.get(V3, params={"email": "admin@example.com"})) == []
    assert ids(client.get(V3, params={"email": "admin@example.com", "role": "all"})) == [1]


def test_include_restricts_to_ids(client):
    made = create_many(client, "ann", "bea", "cid")
    assert ids(client.get(V3, params={"include": f"{made[2]},{made[0]}"})) == [made[0], made[2]]


def test_exclude_drops_ids(client):
    made = create_many(client, "ann", "bea", "cid")
    assert ids(client.get(V3, params={"exclude": f"{made[1]}"})) == [made[0], made[2]]


def test_exclude_is_ignored_when_include_is_given(client):
    made = create_many(client, "ann", "bea")
    response = client.get(V3, params={"include": f"{made[0]},{made[1]}", "exclude": f"{made[0]}"})
    assert ids(response) == made


def test_include_still_applies_the_role_filter(client):
    made = create_many(client, "ann")
    assert ids(client.get(V3, params={"include": f"1,2,{made[0]}"})) == made


def test_include_with_junk_matches_nothing(client):
    create_many(client, "ann")
    response = client.get(V3, params={"include": "abc"})
    assert response.json() == []
    assert response.headers["x-wp-total"] == "0"


def test_include_array_form(client):
    made = create_many(client, "ann", "bea", "cid")
    assert ids(client.get(V3 + f"?include[]={made[2]}&include[]={made[1]}")) == [made[1], made[2]]


# ---------------------------------------------------------------------- list: ordering


def test_orderby_name_sorts_display_names_case_insensitively(client):
    create(client, "z@example.org", username="Zed")
    create(client, "b@example.org", username="bob")
    response = client.get(V3, params={"role": "all"})
    assert [c["username"] for c in response.json()] == ["admin", "bob", "customer", "Zed"]


def test_orderby_name_desc(client):
    made = create_many(client, "ann", "cid", "bea")
    assert ids(client.get(V3, params={"order": "desc"})) == [made[1], made[2], made[0]]


def test_orderby_id_both_directions(client):
    made = create_many(client, "cid", "ann", "bea")
    assert ids(client.get(V3, params={"orderby": "id"})) == made
    assert ids(client.get(V3, params={"orderby": "id", "order": "desc"})) == made[::-1]


def test_orderby_registered_date(client, store):
    made = create_many(client, "ann", "bea", "cid")
    for customer_id, day in zip(made, (20, 5, 12), strict=True):
        customers_of(store).editable(customer_id).date_created = datetime(2024, 3, day, tzinfo=UTC)
    assert ids(client.get(V3, params={"orderby": "registered_date"})) == [made[1], made[2], made[0]]
    response = client.get(V3, params={"orderby": "registered_date", "order": "desc"})
    assert ids(response) == [made[0], made[2], made[1]]


def test_ties_come_newest_id_first_when_descending(client, store):
    """``WP_User_Query`` has no tie-breaker; a real store lists ties by id, backwards under ``desc``."""
    twin_a, bob, twin_b = create_many(client, "zed", "yan", "xia")
    assert ids(client.get(V3)) == [twin_b, bob, twin_a]  # by display name, the login at creation
    same_second = datetime(2024, 3, 1, tzinfo=UTC)
    for customer_id, name in ((twin_a, "Ann Lee"), (bob, "Bob Lee"), (twin_b, "Ann Lee")):
        customers_of(store).editable(customer_id).display_name = name  # changed after the list above was ordered
        customers_of(store).editable(customer_id).date_created = same_second
    assert ids(client.get(V3)) == [twin_a, twin_b, bob]
    assert ids(client.get(V3, params={"order": "desc"})) == [bob, twin_b, twin_a]
    for order, expected in (("asc", [twin_a, bob, twin_b]), ("desc", [twin_b, bob, twin_a])):
        listed = client.get(V3, params={"orderby": "registered_date", "order": order})
        assert ids(listed) == expected
        included = {"include": f"{twin_b},{bob},{twin_a}", "orderby": "registered_date", "order": order}
        assert ids(client.get(V3, params=included)) == expected


def test_orderby_include_follows_the_include_list(client):
    made = create_many(client, "ann", "bea", "cid")
    response = client.get(V3, params={"include": f"{made[2]},{made[0]},{made[1]}", "orderby": "include"})
    assert ids(response) == [made[2], made[0], made[1]]


def test_orderby_include_without_include_falls_back_to_login(client, store):
    made = create_many(client, "ann", "bea")
    customers_of(store).editable(made[0]).display_name = "Zulu"
    customers_of(store).editable(made[1]).display_name = "Alpha"
    assert ids(client.get(V3, params={"orderby": "include"})) == made
    assert ids(client.get(V3)) == [made[1], made[0]]


# ---------------------------------------------------------------------- create


def test_create_answers_201_with_location_and_customer(client):
    response = client.post(V3, json={"email": "olga@example.net", "first_name": "Olga", "password": "s3cret!"})
    assert response.status_code == 201
    assert response.headers["location"] == f"{base(client)}{V3}/3"
    body = response.json()
    assert body["id"] == 3
    assert body["role"] == "customer"
    assert body["username"] == "olga"
    assert body["first_name"] == "Olga"
    assert body["meta_data"] == []
    assert "password" not in body
    assert body["date_created"] == body["date_modified"]


def test_create_generates_lowercase_username_from_email(client):
    assert create(client, "Mary.Jones@Example.com")["username"] == "mary.jones"


def test_generated_username_keeps_only_strict_characters(client):
    assert create(client, "o'neil+news@example.com")["username"] == "oneilnews"


def test_generic_email_prefixes_use_the_domain(client):
    for prefix in ("sales", "hello", "mail", "contact", "info"):
        assert create(client, f"{prefix}@{prefix}-shop.example")["username"] == f"{prefix}-shop.example"


def test_prefix_rule_needs_the_exact_local_part(client):
    assert create(client, "salesteam@acme.example")["username"] == "salesteam"
    assert create(client, "info.desk@acme.example")["username"] == "info.desk"


def test_generated_username_collision_gets_random_suffix(client):
    body = create(client, "customer@another.example")  # "customer" is user 2's login
    assert re.fullmatch(r"customer-\d{4}", body["username"])


def test_generated_username_collision_is_case_insensitive(client):
    create(client, "first@example.org", username="Bob")
    assert re.fullmatch(r"bob-\d{4}", create(client, "bob@example.org")["username"])


def test_generated_password_adds_password_nag_meta(client):
    body = create(client, "nag@example.org")
    assert [(m["key"], m["value"]) for m in body["meta_data"]] == [("default_password_nag", "1")]
    assert isinstance(body["meta_data"][0]["id"], int)


def test_given_password_adds_no_meta(client, store):
    body = create(client, "pw@example.org", password="correct horse")
    assert body["meta_data"] == []
    assert customers_of(store).editable(body["id"]).password == "correct horse"


def test_duplicate_email_is_rejected_case_insensitively(client, store):
    response = client.post(V3, json={"email": "ADMIN@example.com"})
    assert error(response) == (
        400,
        "registration-error-email-exists",
        "An account is already registered with ADMIN@example.com. Please log in or use a different email address.",
    )
    assert len(store) == 2


def test_duplicate_email_message_escapes_html(client):
    create(client, "tom&jerry@example.org")
    response = client.post(V3, json={"email": "tom&jerry@example.org"})
    assert response.json()["message"] == (
        "An account is already registered with tom&amp;jerry@example.org. "
        "Please log in or use a different email address."
    )


def test_username_with_invalid_characters_is_rejected(client, store):
    for username in ("bad!name", "john+doe", "hash#tag", "<b></b>"):
        response = client.post(V3, json={"email": "u@example.org", "username": username})
        assert error(response) == (
            400,
            "registration-error-invalid-username",
            "Please provide a valid account username.",
        ), username
    assert len(store) == 2


def test_username_is_sanitised_before_registration(client):
    assert create(client, "celia@example.org", username="  célia  <b>Dupont</b> ")["username"] == "celia Dupont"


def test_username_taken_case_insensitively(client):
    response = client.post(V3, json={"email": "other@example.org", "username": "ADMIN"})
    assert error(response) == (
        400,
        "registration-error-username-exists",
        "An account is already registered with that username. Please choose another.",
    )


def test_username_longer_than_60_characters(client, store):
    response = client.post(V3, json={"email": "long@example.org", "username": "u" * 61})
    assert error(response) == (400, "user_login_too_long", "Username may not be longer than 60 characters.")
    assert create(client, "sixty@example.org", username="u" * 60)["username"] == "u" * 60


def test_create_with_id_is_rejected(client, store):
    response = client.post(V3, json={"id": 2, "email": "again@example.org"})
    assert error(response) == (400, "woocommerce_rest_customer_exists", "Cannot create existing resource.")
    assert len(store) == 2


def test_create_with_id_zero_is_a_plain_create(client):
    assert create(client, "zero@example.org", id=0)["id"] == 3


def test_create_with_invalid_email(client, store):
    for email in ("not-an-email", "célia@example.org", "a@b"):
        response = client.post(V3, json={"email": email})
        assert error(response) == (400, "customer_invalid_email", "Invalid email address"), email
    assert len(store) == 2


def test_create_with_empty_email(client):
    response = client.post(V3, json={"email": ""})
    assert error(response) == (400, "registration-error-invalid-email", "Please provide a valid email address.")


def test_create_without_email_or_with_null(client):
    for body in ({"first_name": "Nobody"}, {"email": None}):
        response = client.post(V3, json=body)
        assert error(response) == (400, "rest_missing_callback_param", "Missing parameter(s): email")
        assert response.json()["data"] == {"status": 400, "params": ["email"]}


def test_failed_creates_do_not_consume_ids(client):
    client.post(V3, json={"email": "admin@example.com"})
    client.post(V3, json={"email": "broken"})
    assert create(client, "next@example.org")["id"] == 3


def test_create_sanitises_names(client):
    body = create(client, "names@example.org", first_name="  <b>Ann</b>\n  Marie ", last_name="O%41Brien\t")
    assert body["first_name"] == "Ann Marie"
    assert body["last_name"] == "OBrien"


def test_create_ignores_readonly_fields(client):
    body = create(
        client,
        "ro@example.org",
        role="administrator",
        is_paying_customer=True,
        date_created="2001-01-01T00:00:00",
        avatar_url="https://evil.example/a.png",
    )
    assert body["role"] == "customer"
    assert body["is_paying_customer"] is False
    assert body["date_created"] != "2001-01-01T00:00:00"
    assert body["avatar_url"].startswith("https://secure.gravatar.com/avatar/")


def test_create_sets_billing_and_shipping(client):
    body = create(
        client,
        "addr@example.org",
        billing={"city": "Porto", "email": "bill@example.org", "phone": "123"},
        shipping={"city": "Braga", "phone": "999"},
    )
    assert body["billing"]["city"] == "Porto"
    assert body["billing"]["email"] == "bill@example.org"
    assert body["billing"]["first_name"] == ""
    assert body["shipping"]["city"] == "Braga"
    assert body["shipping"]["phone"] == "999"


def test_v1_and_v2_create_ignore_shipping_phone(client):
    for version in ("v1", "v2"):
        body = create(client, f"ship-{version}@example.org", version, shipping={"city": "Faro", "phone": "555"})
        assert body["shipping"]["city"] == "Faro"
        assert body["shipping"]["phone"] == ""


def test_create_with_meta_data(client):
    body = create(client, "meta@example.org", password="x", meta_data=[{"key": "tier", "value": "gold"}])
    assert meta(body) == {"tier": "gold"}


def test_v1_create_ignores_meta_data(client, store):
    body = create(client, "v1meta@example.org", "v1", password="x", meta_data=[{"key": "tier", "value": "gold"}])
    assert "meta_data" not in body
    assert "tier" not in [row["key"] for row in customers_of(store).editable(body["id"]).meta]


# ---------------------------------------------------------------------- update


def test_partial_billing_update_keeps_other_fields(client):
    made = create(client, "part@example.org", billing={"city": "Lyon", "phone": "0102"}, shipping={"city": "Nice"})
    response = client.put(f"{V3}/{made['id']}", json={"billing": {"city": "Lille"}})
    assert response.status_code == 200
    body = response.json()
    assert body["billing"]["city"] == "Lille"
    assert body["billing"]["phone"] == "0102"
    assert body["shipping"]["city"] == "Nice"


def test_update_of_seeded_user_sets_date_modified(client):
    before = client.get(f"{V3}/2").json()
    assert before["date_modified"] is None
    assert before["date_modified_gmt"] is None
    after = client.put(f"{V3}/2", json={}).json()
    assert DATE.match(after["date_modified"])
    assert after["date_modified"] == after["date_modified_gmt"]


def test_every_update_refreshes_date_modified(client, store):
    made = create(client, "fresh@example.org")
    customers_of(store).editable(made["id"]).date_modified = datetime(2020, 1, 1, tzinfo=UTC)
    body = client.patch(f"{V3}/{made['id']}", json={}).json()
    modified = datetime.fromisoformat(body["date_modified_gmt"]).replace(tzinfo=UTC)
    assert abs(modified - datetime.now(UTC)) < timedelta(minutes=1)


def test_put_patch_and_post_all_update(client):
    made = create(client, "verbs@example.org")
    item = f"{V3}/{made['id']}"
    assert client.put(item, json={"first_name": "Put"}).json()["first_name"] == "Put"
    assert client.patch(item, json={"first_name": "Patch"}).json()["first_name"] == "Patch"
    assert client.post(item, json={"first_name": "Post"}).json()["first_name"] == "Post"
    assert client.get(item).json()["first_name"] == "Post"


def test_update_answers_with_allow_and_targethints(client):
    response = client.put(f"{V3}/2", json={"last_name": "Doe"})
    assert response.headers["allow"] == "GET, POST, PUT, PATCH, DELETE"
    assert response.json()["_links"]["self"][0]["targetHints"] == {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]}


def test_username_is_not_editable(client, store):
    response = client.put(f"{V3}/2", json={"username": "janedoe", "first_name": "Changed"})
    assert error(response) == (400, "woocommerce_rest_customer_invalid_argument", "Username isn't editable.")
    assert customers_of(store).editable(2).username == "customer"
    assert customers_of(store).editable(2).first_name == "Jane"


def test_same_username_is_accepted(client):
    response = client.put(f"{V3}/2", json={"username": "customer", "first_name": "Janet"})
    assert response.status_code == 200
    assert response.json()["first_name"] == "Janet"


def test_email_of_another_user_is_rejected(client, store):
    for email in ("admin@example.com", "Admin@Example.COM"):
        response = client.put(f"{V3}/2", json={"email": email})
        assert error(response) == (400, "woocommerce_rest_customer_invalid_email", "Email address is invalid."), email
    assert customers_of(store).editable(2).email == "customer@woocommercecoretestsuite.com"


def test_letter_case_change_of_own_email_fails(client, store):
    response = client.put(f"{V3}/2", json={"email": "Customer@WooCommerceCoreTestSuite.com"})
    assert error(response) == (400, "woocommerce_rest_customer_invalid_email", "Email address is invalid.")
    assert customers_of(store).editable(2).email == "customer@woocommercecoretestsuite.com"


def test_same_email_is_accepted(client):
    response = client.put(f"{V3}/2", json={"email": "customer@woocommercecoretestsuite.com"})
    assert response.status_code == 200


def test_email_change_to_a_free_address(client):
    body = client.put(f"{V3}/2", json={"email": "jane@new.example"}).json()
    assert body["email"] == "jane@new.example"
    assert body["avatar_url"] == (
        "https://secure.gravatar.com/avatar/" + hashlib.sha256(b"jane@new.example").hexdigest() + "?s=96&d=mm&r=g"
    )
    assert ids(client.get(V3, params={"email": "jane@new.example", "role": "all"})) == [2]
    # the old address is free again
    assert create(client, "customer@woocommercecoretestsuite.com")["id"] == 3


def test_password_update_is_never_echoed(client, store):
    body = client.put(f"{V3}/2", json={"password": "n3w-pass"}).json()
    assert "password" not in body
    assert customers_of(store).editable(2).password == "n3w-pass"


def test_shipping_phone_only_writable_in_v3(client):
    for version in ("v1", "v2"):
        body = client.put(customers(version, "/2"), json={"shipping": {"phone": "111", "city": "Evora"}}).json()
        assert body["shipping"]["phone"] == ""
        assert body["shipping"]["city"] == "Evora"
    body = client.put(customers("v3", "/2"), json={"shipping": {"phone": "111"}}).json()
    assert body["shipping"]["phone"] == "111"
    assert client.get(customers("v1", "/2")).json()["shipping"]["phone"] == "111"


def test_administrator_email_cannot_be_changed(client, store):
    response = client.put(f"{V3}/1", json={"email": "root@example.com"})
    assert error(response) == (
        403,
        "woocommerce_rest_cannot_edit",
        "Sorry, email cannot be updated via this endpoint for a user with role administrator.",
    )
    assert customers_of(store).editable(1).email == "admin@example.com"


def test_administrator_password_cannot_be_changed(client):
    response = client.put(f"{V3}/1", json={"password": "x"})
    assert error(response) == (
        403,
        "woocommerce_rest_cannot_edit",
        "Sorry, password cannot be updated via this endpoint for a user with role administrator.",
    )


def test_administrator_names_and_unchanged_email_can_be_updated(client):
    response = client.put(f"{V3}/1", json={"email": "admin@example.com", "first_name": "Ada"})
    assert response.status_code == 200
    assert response.json()["first_name"] == "Ada"


def test_update_unknown_id(client):
    for customer_id in (3, 999, 0):
        response = client.put(f"{V3}/{customer_id}", json={"first_name": "Ghost"})
        assert error(response) == (404, "wc_user_invalid_id", "Invalid user ID.")
        assert "allow" not in response.headers


# ---------------------------------------------------------------------- update: meta_data


def test_meta_data_added_then_read_back(client, store):
    customer = f"{V3}/{arranged(client, store)}"
    response = client.put(customer, json={"meta_data": [{"key": "tier", "value": "gold"}]})
    assert meta(response.json()) == {"tier": "gold"}
    assert meta(client.get(customer).json()) == {"tier": "gold"}


def test_meta_values_read_back_as_strings(client, store):
    customer = f"{V3}/{arranged(client, store)}"
    values = [
        {"key": "count", "value": 5},
        {"key": "ratio", "value": 1.5},
        {"key": "yes", "value": True},
        {"key": "no", "value": False},
        {"key": "list", "value": ["a", "b"]},
        {"key": "map", "value": {"x": "y"}},
    ]
    client.put(customer, json={"meta_data": values})
    assert meta(client.get(customer).json()) == {
        "count": "5",
        "ratio": "1.5",
        "yes": "1",
        "no": "",
        "list": ["a", "b"],
        "map": {"x": "y"},
    }


def test_meta_update_by_id_changes_that_row(client, store):
    customer = f"{V3}/{arranged(client, store, meta=colours())}"
    body = client.put(customer, json={"meta_data": [{"id": 802, "key": "colour", "value": "blue"}]}).json()
    assert body["meta_data"] == [
        {"id": 801, "key": "colour", "value": "red"},
        {"id": 802, "key": "colour", "value": "blue"},
    ]


def test_meta_update_by_id_can_rename_the_key(client, store):
    customer = f"{V3}/{arranged(client, store, meta=colours())}"
    body = client.put(customer, json={"meta_data": [{"id": 801, "key": "hue", "value": "red"}]}).json()
    assert body["meta_data"] == [
        {"id": 801, "key": "hue", "value": "red"},
        {"id": 802, "key": "colour", "value": "tan"},
    ]


def test_meta_update_by_key_keeps_first_row_and_drops_the_rest(client, store):
    customer = f"{V3}/{arranged(client, store, meta=colours())}"
    body = client.put(customer, json={"meta_data": [{"key": "colour", "value": "green"}]}).json()
    assert body["meta_data"] == [{"id": 801, "key": "colour", "value": "green"}]
    assert client.get(customer).json()["meta_data"] == [{"id": 801, "key": "colour", "value": "green"}]


def test_meta_with_unknown_id_replaces_all_rows_of_the_key(client, store):
    customer = f"{V3}/{arranged(client, store, meta=colours())}"
    body = client.put(customer, json={"meta_data": [{"id": 99999, "key": "colour", "value": "pink"}]}).json()
    assert [(m["key"], m["value"]) for m in body["meta_data"]] == [("colour", "pink")]
    assert body["meta_data"][0]["id"] not in (801, 802, 99999)


def test_meta_null_value_deletes_by_key(client, store):
    rows = [*colours(), {"id": 803, "key": "size", "value": "L"}]
    customer = f"{V3}/{arranged(client, store, meta=rows)}"
    body = client.put(customer, json={"meta_data": [{"key": "colour", "value": None}]}).json()
    assert body["meta_data"] == [{"id": 803, "key": "size", "value": "L"}]
    assert client.get(customer).json()["meta_data"] == [{"id": 803, "key": "size", "value": "L"}]


def test_meta_null_value_with_id_deletes_only_that_row(client, store):
    customer = f"{V3}/{arranged(client, store, meta=colours())}"
    body = client.put(customer, json={"meta_data": [{"id": 801, "key": "colour", "value": None}]}).json()
    assert body["meta_data"] == [{"id": 802, "key": "colour", "value": "tan"}]


def test_meta_items_apply_in_order(client, store):
    customer = f"{V3}/{arranged(client, store)}"
    items = [{"key": "step", "value": "one"}, {"key": "step", "value": "two"}]
    assert meta(client.put(customer, json={"meta_data": items}).json()) == {"step": "two"}


def test_meta_internal_keys_set_fields_instead(client, store):
    customer = f"{V3}/{arranged(client, store)}"
    items = [{"key": "first_name", "value": "Meta"}, {"key": "billing_city", "value": "Kyiv"}]
    body = client.put(customer, json={"meta_data": items}).json()
    assert body["first_name"] == "Meta"
    assert body["billing"]["city"] == "Kyiv"
    assert body["meta_data"] == []


def test_meta_keys_with_table_prefix_are_hidden(client, store):
    customer = f"{V3}/{arranged(client, store)}"
    items = [{"key": "wp_note", "value": "a"}, {"key": "my_wp_note", "value": "b"}, {"key": "shown", "value": "c"}]
    body = client.put(customer, json={"meta_data": items}).json()
    assert meta(body) == {"shown": "c"}


def test_meta_internal_keys_without_setter_are_hidden(client, store):
    customer = f"{V3}/{arranged(client, store)}"
    items = [{"key": "nickname", "value": "JJ"}, {"key": "locale", "value": "pt_PT"}, {"key": "shown", "value": "c"}]
    body = client.put(customer, json={"meta_data": items}).json()
    assert meta(body) == {"shown": "c"}


def test_meta_data_in_v2_update(client, store):
    customer_id = arranged(client, store)
    body = client.put(customers("v2", f"/{customer_id}"), json={"meta_data": [{"key": "tier", "value": "silver"}]})
    assert meta(body.json())["tier"] == "silver"


def test_v1_update_ignores_meta_data(client, store):
    customer_id = arranged(client, store)
    client.put(customers("v1", f"/{customer_id}"), json={"meta_data": [{"key": "tier", "value": "gold"}]})
    assert "tier" not in [row["key"] for row in customers_of(store).editable(customer_id).meta]


# ---------------------------------------------------------------------- delete


def test_delete_requires_force(client, store):
    made = create(client, "del@example.org")
    for query in ("", "?force=false", "?force=0"):
        response = client.delete(f"{V3}/{made['id']}{query}")
        assert error(response) == (501, "woocommerce_rest_trash_not_supported", "Customers do not support trashing.")
        assert response.headers["allow"] == "GET, POST, PUT, PATCH, DELETE"
    assert customers_of(store).editable(made["id"]) is not None


def test_delete_with_force_returns_previous_state(client):
    made = create(client, "gone@example.org", first_name="Gone")
    response = client.delete(f"{V3}/{made['id']}", params={"force": "true"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == made["id"]
    assert body["first_name"] == "Gone"
    assert body["_links"]["self"] == [{"href": f"{base(client)}{V3}/{made['id']}"}]
    assert "allow" not in response.headers


def test_deleted_customer_is_gone(client):
    made = create(client, "gone@example.org")
    client.delete(f"{V3}/{made['id']}", params={"force": 1})
    assert error(client.get(f"{V3}/{made['id']}")) == (404, "wc_user_invalid_id", "Invalid user ID.")
    assert ids(client.get(V3)) == []
    again = client.delete(f"{V3}/{made['id']}", params={"force": "true"})
    assert error(again) == (404, "wc_user_invalid_id", "Invalid user ID.")
    assert create(client, "gone@example.org")["id"] == made["id"] + 1


def test_a_deleted_customers_renderings_go_with_it_in_every_version(client, store):
    made = create(client, "kept@example.org")  # the customers routes are mounted by their first request
    backend = customers_of(store)
    resources = [forget.__self__ for forget in backend.deleted]  # the routes of each version
    assert sorted(resource.version for resource in resources) == ["v1", "v2", "v3"]
    forgotten: list[int] = []
    for resource in resources:
        resource._renderings.forget = forgotten.append  # what each is told, in order
    try:
        client.delete(f"{V3}/{made['id']}", params={"force": 1})
    finally:
        for resource in resources:
            del resource._renderings.forget
    assert forgotten == [made["id"]] * 3


def test_subscriber_can_be_deleted(client, store):
    response = client.delete(f"{V3}/2", params={"force": "true"})
    assert response.status_code == 200
    assert response.json()["role"] == "subscriber"
    assert customers_of(store).editable(2) is None


def test_administrator_cannot_be_deleted(client, store):
    for query in ({"force": "true"}, {}):
        response = client.delete(f"{V3}/1", params=query)
        assert error(response) == (
            403,
            "woocommerce_rest_cannot_delete",
            "Sorry, users with administrator role cannot be deleted via this endpoint. "
            "Allowed roles: customer, subscriber",
        )
    assert customers_of(store).editable(1) is not None


def test_shop_manager_role_is_named_in_the_delete_message(client, store):
    manager = arranged(client, store, role="shop_manager")
    response = client.delete(f"{V3}/{manager}", params={"force": "true"})
    assert error(response) == (
        403,
        "woocommerce_rest_cannot_delete",
        "Sorry, users with shop_manager role cannot be deleted via this endpoint. Allowed roles: customer, subscriber",
    )


def test_unknown_id_is_404_before_force_check(client):
    assert error(client.delete(f"{V3}/404")) == (404, "wc_user_invalid_id", "Invalid user ID.")


def test_reassign_to_self_or_unknown_user_fails(client, store):
    made = create(client, "r@example.org")
    for reassign in (made["id"], 999):
        response = client.delete(f"{V3}/{made['id']}", params={"force": "true", "reassign": reassign})
        assert error(response) == (
            400,
            "woocommerce_rest_customer_invalid_reassign",
            "Invalid resource id for reassignment.",
        )
    assert customers_of(store).editable(made["id"]) is not None


def test_reassign_to_existing_user_deletes(client, store):
    made = create(client, "r@example.org")
    response = client.delete(f"{V3}/{made['id']}", params={"force": "true", "reassign": 1})
    assert response.status_code == 200
    assert customers_of(store).editable(made["id"]) is None


def test_deleting_a_user_revokes_their_keys(client, store):
    made = create(client, "keyed@example.org")
    own_key = key_for(store, made["id"])
    assert error(client.get(V3, headers=own_key)) == (
        403,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot list resources.",
    )
    client.delete(f"{V3}/{made['id']}", params={"force": "true"})
    assert error(client.get(V3, headers=own_key)) == (
        401,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot list resources.",
    )


def test_delete_in_v1_and_v2(client):
    for version in ("v1", "v2"):
        made = create(client, f"{version}@example.org", version)
        response = client.delete(customers(version, f"/{made['id']}"), params={"force": "true"})
        assert response.status_code == 200
        assert response.json()["email"] == f"{version}@example.org"


# ---------------------------------------------------------------------- batch


def test_batch_runs_creates_then_updates_then_deletes(client, store):
    response = client.post(
        f"{V3}/batch",
        json={
            "delete": [3],
            "update": [{"id": 3, "first_name": "Updated"}],
            "create": [{"email": "batch@example.org", "first_name": "Created"}],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["create", "update", "delete"]
    assert body["create"][0]["id"] == 3
    assert body["update"][0]["first_name"] == "Updated"
    assert body["delete"][0]["id"] == 3
    assert body["delete"][0]["first_name"] == "Updated"
    assert customers_of(store).editable(3) is None


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_batch_entries_are_what_the_same_requests_one_by_one_answer(client, e2e_app, version):
    """Each entry shows its customer as its own write left it, though later items change it (v3
    renders a list's entries together once its writes are done); v1/v2 reads write order numbers
    as user meta, whose ids show in v2."""
    creates = [{"email": "a@example.org", "meta_data": [{"key": "k", "value": "v"}]}, {"email": "b@example.org"}]
    updates = [{"id": 3, "first_name": "First"}, {"id": 3, "last_name": "Second"}, {"id": 4, "first_name": "B"}]
    e2e_app.state.handle.reset()
    e2e_app.state.store.clock.freeze("2025-06-01T10:00:00")
    batch = client.post(customers(version, "/batch"), json={"create": creates, "update": updates}).json()
    e2e_app.state.handle.reset()
    e2e_app.state.store.clock.freeze("2025-06-01T10:00:00")
    one_by_one = {
        "create": [client.post(customers(version), json=item).json() for item in creates],
        "update": [client.put(customers(version, f"/{item['id']}"), json=item).json() for item in updates],
    }
    assert batch == one_by_one
    first, second = batch["update"][:2]
    assert (first["first_name"], first["last_name"]) == ("First", "")
    assert (second["first_name"], second["last_name"]) == ("First", "Second")
    assert batch["create"][0]["first_name"] == ""


def test_a_batchs_create_check_is_asked_again_only_when_the_callers_record_changes(store):
    """Every create item of a batch gets what its own request's ``can_create`` answers; the check
    reads the caller alone, so it is asked once per record of the caller (a refusal too)."""
    from wcmock.errors import RestError
    from wcmock.resources.customers.routes import _CallerCheck
    from wcmock.rest.server import RestRequest

    key = next(iter(store.keys.values()))
    request = RestRequest("POST", "", {}, "http://example.org", store, key=key)
    asked = []

    def refuse(item_request: RestRequest) -> None:
        asked.append(item_request.user)
        raise RestError("woocommerce_rest_cannot_create", "No.", 403)

    check = _CallerCheck(request, refuse)
    for _ in range(3):
        with pytest.raises(RestError) as refused:
            check()
        assert refused.value.body()["code"] == "woocommerce_rest_cannot_create"
    assert len(asked) == 1
    customers_of(store).editable(key.user_id).first_name = "Renamed"  # the caller's record changes
    with pytest.raises(RestError):
        check()
    assert len(asked) == 2
    assert asked[1].first_name == "Renamed"


def test_batch_items_fail_on_their_own_with_http_200(client, store):
    response = client.post(
        f"{V3}/batch",
        json={
            "create": [{"email": "ok@example.org"}, {"email": "admin@example.com"}, {"first_name": "NoEmail"}],
            "update": [{"id": 999, "first_name": "Ghost"}, {"id": 2, "last_name": "Doe"}],
            "delete": [888],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["create"][0]["id"] == 3
    assert body["create"][1] == {
        "id": 0,
        "error": {
            "code": "registration-error-email-exists",
            "message": "An account is already registered with admin@example.com. "
            "Please log in or use a different email address.",
            "data": {"status": 400},
        },
    }
    assert body["create"][2]["error"]["code"] == "registration-error-invalid-email"
    assert body["update"][0] == {
        "id": 999,
        "error": {"code": "wc_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}},
    }
    assert body["update"][1]["last_name"] == "Doe"
    assert body["delete"] == [
        {"id": 888, "error": {"code": "wc_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}}}
    ]
    assert customers_of(store).editable(2).last_name == "Doe"


def test_batch_update_error_echoes_the_id_as_sent(client):
    body = client.post(f"{V3}/batch", json={"update": [{"id": "999", "first_name": "x"}]}).json()
    assert body["update"][0]["id"] == "999"
    assert body["update"][0]["error"]["code"] == "wc_user_invalid_id"


def test_batch_limit_counts_all_three_lists(client, store):
    payload = {
        "create": [{"email": f"b{i}@example.org"} for i in range(40)],
        "update": [{"id": 2, "first_name": "X"}] * 30,
        "delete": list(range(1000, 1031)),
    }
    response = client.post(f"{V3}/batch", json=payload)
    assert error(response) == (
        413,
        "woocommerce_rest_request_entity_too_large",
        "Unable to accept more than 100 items for this request.",
    )
    assert len(store) == 2
    assert customers_of(store).editable(2).first_name == "Jane"


def test_batch_of_exactly_100_items_is_accepted(client):
    payload = {"create": [{"email": f"b{i}@example.org"} for i in range(50)], "delete": list(range(1000, 1050))}
    body = client.post(f"{V3}/batch", json=payload).json()
    assert len(body["create"]) == 50
    assert len(body["delete"]) == 50


def test_batch_delete_skips_zero_and_non_numeric_ids(client, store):
    made = create(client, "del@example.org")
    body = client.post(f"{V3}/batch", json={"delete": [0, "abc", made["id"], "0"]}).json()
    assert [entry["id"] for entry in body["delete"]] == [made["id"]]
    assert customers_of(store).editable(made["id"]) is None


def test_batch_with_only_skipped_deletes_is_empty(client):
    response = client.post(f"{V3}/batch", json={"delete": [0, "abc"]})
    assert response.status_code == 200
    assert response.json() == []


def test_empty_batch(client):
    for payload in ({}, {"create": [], "update": [], "delete": []}):
        response = client.post(f"{V3}/batch", json=payload)
        assert response.status_code == 200
        assert response.json() == []
        assert response.headers["allow"] == "POST, PUT, PATCH"


def test_batch_create_items_receive_query_parameters(client):
    body = client.post(f"{V3}/batch", params={"first_name": "Query"}, json={"create": [{"email": "q@example.org"}]})
    assert body.json()["create"][0]["first_name"] == "Query"


def test_batch_entries_carry_links_with_targethints(client):
    body = client.post(f"{V3}/batch", json={"create": [{"email": "l@example.org"}]}).json()
    assert body["create"][0]["_links"]["self"] == [
        {"href": f"{base(client)}{V3}/3", "targetHints": {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]}}
    ]


def test_batch_create_skips_rest_validation(client):
    body = client.post(f"{V3}/batch", json={"create": [{"email": "invalid"}]}).json()
    assert body["create"][0] == {
        "id": 0,
        "error": {"code": "customer_invalid_email", "message": "Invalid email address", "data": {"status": 400}},
    }


def test_batch_with_put_and_patch(client, store):
    assert client.put(f"{V3}/batch", json={"update": [{"id": 2, "first_name": "A"}]}).status_code == 200
    assert client.patch(f"{V3}/batch", json={"update": [{"id": 2, "last_name": "B"}]}).status_code == 200
    assert (customers_of(store).editable(2).first_name, customers_of(store).editable(2).last_name) == ("A", "B")


def test_batch_in_v1(client):
    body = client.post(customers("v1", "/batch"), json={"create": [{"email": "one@example.org"}]}).json()
    assert body["create"][0]["last_order"] == {"id": None, "date": None}


# ---------------------------------------------------------------------- downloads


def test_downloads_of_unknown_customer(client):
    response = client.get(f"{V3}/999/downloads")
    assert error(response) == (404, "woocommerce_rest_customer_invalid", "Resource does not exist.")


def test_downloads_empty_list_without_paging_headers(client):
    response = client.get(f"{V3}/2/downloads")
    assert response.status_code == 200
    assert response.json() == []
    assert "x-wp-total" not in response.headers
    assert response.headers["allow"] == "GET"


def test_downloads_reject_edit_context(client):
    response = client.get(f"{V3}/2/downloads", params={"context": "edit"})
    assert error(response) == (400, "rest_invalid_param", "Invalid parameter(s): context")
    assert response.json()["data"]["params"] == {"context": "context is not view."}
    assert response.json()["data"]["details"] == {
        "context": {"code": "rest_not_in_enum", "message": "context is not view.", "data": None}
    }


def test_downloads_accept_view_context(client):
    assert client.get(f"{V3}/2/downloads", params={"context": "view"}).json() == []


def test_v3_download_entry_shape(client, store):
    buyer = arranged(client, store, "buyer+books@example.org", downloads=[download()])
    entries = client.get(f"{V3}/{buyer}/downloads").json()
    assert entries == [
        {
            "download_id": "91447a8b",
            "download_url": f"{base(client)}/?download_file=31&order=wc_order_Xy12"
            "&email=buyer%2Bbooks%40example.org&key=91447a8b",
            "product_id": 31,
            "product_name": "Ebook",
            "download_name": "Ebook (PDF)",
            "order_id": 52,
            "order_key": "wc_order_Xy12",
            "downloads_remaining": "4",
            "access_expires": "2030-05-06T07:08:09",
            "access_expires_gmt": "2030-05-06T07:08:09",
            "file": {"name": "ebook.pdf", "file": "https://shop.example/files/ebook.pdf"},
            "_links": {
                "collection": [{"href": f"{base(client)}{V3}/{buyer}/downloads"}],
                "product": [{"href": f"{base(client)}/wp-json/wc/v3/products/31"}],
                "order": [{"href": f"{base(client)}/wp-json/wc/v3/orders/52"}],
            },
        }
    ]


def test_v2_download_entry_has_the_v2_shape(client, store):
    buyer = arranged(client, store, downloads=[download()])
    entry = client.get(customers("v2", f"/{buyer}/downloads")).json()[0]
    assert list(entry) == [
        "download_id",
        "download_url",
        "product_id",
        "product_name",
        "download_name",
        "order_id",
        "order_key",
        "downloads_remaining",
        "access_expires",
        "access_expires_gmt",
        "file",
        "_links",
    ]
    assert entry["_links"]["order"] == [{"href": f"{base(client)}/wp-json/wc/v2/orders/52"}]


def test_v1_download_entry_has_the_v1_shape(client, store):
    buyer = arranged(client, store, downloads=[download()])
    entry = client.get(customers("v1", f"/{buyer}/downloads")).json()[0]
    assert "product_name" not in entry
    assert "access_expires_gmt" not in entry
    assert entry["product_url"] == "https://shop.example/product/ebook/"
    assert entry["download_id"] == "91447a8b"
    assert entry["access_expires"] == "2030-05-06T07:08:09"
    assert entry["_links"]["product"] == [{"href": f"{base(client)}/wp-json/wc/v1/products/31"}]


def test_download_never_expiring_and_unlimited(client, store):
    buyer = arranged(client, store, downloads=[download(access_expires=None, downloads_remaining="unlimited")])
    entry = client.get(f"{V3}/{buyer}/downloads").json()[0]
    assert entry["access_expires"] == "never"
    assert entry["access_expires_gmt"] == "never"
    assert entry["downloads_remaining"] == "unlimited"


def test_downloads_list_every_entry_in_order(client, store):
    buyer = arranged(client, store, downloads=[download(download_id="a1"), download(download_id="b2", product_id=32)])
    entries = client.get(f"{V3}/{buyer}/downloads").json()
    assert [(e["download_id"], e["product_id"]) for e in entries] == [("a1", 31), ("b2", 32)]


# ---------------------------------------------------------------------- per-version shapes


def test_v1_shape_and_utc_dates(client):
    made = create(client, "v1shape@example.org", "v1")
    assert list(made) == [
        "id",
        "date_created",
        "date_modified",
        "email",
        "first_name",
        "last_name",
        "username",
        "last_order",
        "orders_count",
        "total_spent",
        "avatar_url",
        "billing",
        "shipping",
        "_links",
    ]
    assert DATE.match(made["date_created"])
    assert made["last_order"] == {"id": None, "date": None}
    assert made["orders_count"] == 0
    assert made["total_spent"] == "0.00"
    assert list(made["shipping"])[-1] == "phone"


def test_v1_last_order_shows_the_order(client, store):
    buyer = arranged(client, store, last_order_id=77, last_order_date=datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC))
    body = client.get(customers("v1", f"/{buyer}")).json()
    assert body["last_order"] == {"id": 77, "date": "2024-02-03T04:05:06"}
    assert "last_order" not in client.get(customers("v2", f"/{buyer}")).json()


def test_seeded_user_dates_per_version(client):
    assert client.get(customers("v1", "/1")).json()["date_created"] == "2025-01-01T00:00:00"
    v2 = client.get(customers("v2", "/2")).json()
    assert (v2["date_created"], v2["date_created_gmt"]) == ("2025-01-01T00:00:01", "2025-01-01T00:00:01")
    assert (v2["date_modified"], v2["date_modified_gmt"]) == (None, None)


def test_v2_shape_has_order_totals(client):
    body = client.get(customers("v2", "/2")).json()
    assert set(body) == {
        "id",
        "date_created",
        "date_created_gmt",
        "date_modified",
        "date_modified_gmt",
        "email",
        "first_name",
        "last_name",
        "role",
        "username",
        "billing",
        "shipping",
        "is_paying_customer",
        "orders_count",
        "total_spent",
        "avatar_url",
        "meta_data",
        "_links",
    }
    assert (body["orders_count"], body["total_spent"]) == (0, "0.00")


def test_v3_shape_has_no_order_totals(client):
    body = client.get(f"{V3}/2").json()
    assert list(body) == [
        "id",
        "date_created",
        "date_created_gmt",
        "date_modified",
        "date_modified_gmt",
        "email",
        "first_name",
        "last_name",
        "role",
        "username",
        "billing",
        "shipping",
        "is_paying_customer",
        "avatar_url",
        "meta_data",
        "_links",
    ]
    assert list(body["billing"]) == [
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
    ]


def test_v2_order_stats_meta_appears_from_the_second_read(client):
    first = client.get(customers("v2", "/2")).json()
    assert first["meta_data"] == []
    second = client.get(customers("v2", "/2")).json()
    assert [(m["key"], m["value"]) for m in second["meta_data"]] == [
        ("wc_order_count_wp", "0"),
        ("wc_money_spent_wp", "0"),
    ]


def test_v3_never_caches_order_stats(client):
    client.get(f"{V3}/2")
    client.get(V3, params={"role": "all"})
    assert client.get(f"{V3}/2").json()["meta_data"] == []


def test_v2_list_caches_order_stats_then_v3_shows_them(client):
    client.get(customers("v2"), params={"role": "all"})
    assert meta(client.get(f"{V3}/2").json()) == {"wc_order_count_wp": "0", "wc_money_spent_wp": "0"}


def test_v1_read_caches_order_stats_for_v2(client):
    client.get(customers("v1", "/2"))
    assert meta(client.get(customers("v2", "/2")).json()) == {"wc_order_count_wp": "0", "wc_money_spent_wp": "0"}


def test_v2_create_response_lacks_stats_but_next_read_has_them(client):
    made = create(client, "stats@example.org", "v2")
    assert meta(made) == {"default_password_nag": "1"}
    assert set(meta(client.get(customers("v2", f"/{made['id']}")).json())) == {
        "default_password_nag",
        "wc_order_count_wp",
        "wc_money_spent_wp",
    }


def test_avatar_url_uses_sha256_of_trimmed_lowercase_email(client):
    body = create(client, "Mixed.Case@Example.ORG")
    digest = hashlib.sha256(b"mixed.case@example.org").hexdigest()
    assert body["avatar_url"] == f"https://secure.gravatar.com/avatar/{digest}?s=96&d=mm&r=g"


def test_view_and_edit_context_are_identical(client):
    view = client.get(f"{V3}/2", params={"context": "view"}).json()
    assert client.get(f"{V3}/2", params={"context": "edit"}).json() == view


# ---------------------------------------------------------------------- permissions


def test_anonymous_errors_per_route(anonymous):
    cases = [
        ("GET", V3, None, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
        ("GET", f"{V3}/2", None, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
        (
            "POST",
            V3,
            {"email": "a@example.org"},
            "woocommerce_rest_cannot_create",
            "Sorry, you are not allowed to create resources.",
        ),
        (
            "PUT",
            f"{V3}/2",
            {"first_name": "x"},
            "woocommerce_rest_cannot_edit",
            "Sorry, you are not allowed to edit this resource.",
        ),
        (
            "DELETE",
            f"{V3}/2?force=true",
            None,
            "woocommerce_rest_cannot_delete",
            "Sorry, you are not allowed to delete this resource.",
        ),
        (
            "POST",
            f"{V3}/batch",
            {"create": []},
            "woocommerce_rest_cannot_batch",
            "Sorry, you are not allowed to batch manipulate this resource.",
        ),
        ("GET", f"{V3}/2/downloads", None, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
    ]
    for method, path, body, code, message in cases:
        response = anonymous.request(method, path, json=body)
        assert error(response) == (401, code, message), (method, path)
        assert "allow" not in response.headers


def test_anonymous_delete_of_administrator_fails_on_capability_first(anonymous):
    response = anonymous.delete(f"{V3}/1", params={"force": "true"})
    assert error(response) == (
        401,
        "woocommerce_rest_cannot_delete",
        "Sorry, you are not allowed to delete this resource.",
    )


def test_anonymous_unknown_id_is_404(anonymous):
    for method in ("GET", "PUT", "DELETE"):
        response = anonymous.request(method, f"{V3}/555")
        assert error(response) == (404, "wc_user_invalid_id", "Invalid user ID."), method
    response = anonymous.get(f"{V3}/555/downloads")
    assert error(response) == (404, "woocommerce_rest_customer_invalid", "Resource does not exist.")


def test_anonymous_changes_nothing(anonymous, store):
    anonymous.put(f"{V3}/2", json={"first_name": "Hacked"})
    anonymous.post(V3, json={"email": "intruder@example.org"})
    anonymous.delete(f"{V3}/2", params={"force": "true"})
    anonymous.post(f"{V3}/batch", json={"delete": [2]})
    assert len(store) == 2
    assert customers_of(store).editable(2).first_name == "Jane"


def test_anonymous_in_every_version(anonymous):
    for version in ("v1", "v2", "v3"):
        assert error(anonymous.get(customers(version))) == (
            401,
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot list resources.",
        )


def test_validation_errors_come_before_permission(anonymous):
    response = anonymous.get(V3, params={"per_page": 101})
    assert error(response) == (400, "rest_invalid_param", "Invalid parameter(s): per_page")


def test_wrong_secret_is_an_authentication_error(client):
    bad = {"Authorization": "Basic " + base64.b64encode(("ck_" + "1" * 40 + ":cs_wrong").encode()).decode()}
    response = client.get(V3, headers=bad)
    assert error(response) == (401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.")
    assert "allow" not in response.headers


def test_unknown_key_is_treated_as_anonymous(client):
    unknown = {"Authorization": "Basic " + base64.b64encode(b"ck_unknown:cs_unknown").decode()}
    assert error(client.get(f"{V3}/2", headers=unknown)) == (
        401,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot view this resource.",
    )


def test_query_string_keys_authenticate(anonymous):
    response = anonymous.get(f"{V3}/2", params={"consumer_key": "ck_" + "1" * 40, "consumer_secret": "cs_" + "2" * 40})
    assert response.status_code == 200


def test_customer_key_gets_403(client, store):
    own = key_for(store, 2)
    assert error(client.get(V3, headers=own)) == (
        403,
        "woocommerce_rest_cannot_view",
        "Sorry, you cannot list resources.",
    )
    assert error(client.put(f"{V3}/2", headers=own, json={})) == (
        403,
        "woocommerce_rest_cannot_edit",
        "Sorry, you are not allowed to edit this resource.",
    )


def test_read_only_key_cannot_write(client, store):
    read_only = key_for(store, 1, "read")
    assert client.get(f"{V3}/2", headers=read_only).status_code == 200
    response = client.put(f"{V3}/2", headers=read_only, json={"first_name": "No"})
    assert error(response) == (
        401,
        "woocommerce_rest_authentication_error",
        "The API key provided does not have write permissions.",
    )
    assert customers_of(store).editable(2).first_name == "Jane"


def test_write_only_key_cannot_read(client, store):
    write_only = key_for(store, 1, "write")
    assert error(client.get(f"{V3}/2", headers=write_only)) == (
        401,
        "woocommerce_rest_authentication_error",
        "The API key provided does not have read permissions.",
    )
    assert client.put(f"{V3}/2", headers=write_only, json={"first_name": "Yes"}).status_code == 200


def test_shop_manager_edits_customers_but_not_administrators(client, store):
    manager = key_for(store, arranged(client, store, "manager@example.org", role="shop_manager"))
    made = create(client, "c@example.org")
    assert client.put(f"{V3}/{made['id']}", headers=manager, json={"first_name": "Ok"}).status_code == 200
    assert error(client.put(f"{V3}/1", headers=manager, json={"first_name": "No"})) == (
        403,
        "woocommerce_rest_cannot_edit",
        "Sorry, you are not allowed to edit this resource.",
    )
    assert error(client.post(f"{V3}/batch", headers=manager, json={})) == (
        403,
        "woocommerce_rest_cannot_batch",
        "Sorry, you are not allowed to batch manipulate this resource.",
    )


# ---------------------------------------------------------------------- targetHints


def test_target_hints_for_administrator_lack_delete(client):
    body = client.get(f"{V3}/1").json()
    assert body["_links"] == {
        "self": [{"href": f"{base(client)}{V3}/1", "targetHints": {"allow": ["GET", "POST", "PUT", "PATCH"]}}],
        "collection": [{"href": f"{base(client)}{V3}"}],
    }


def test_target_hints_on_list_items(client):
    items = client.get(V3, params={"role": "all", "orderby": "id"}).json()
    assert [item["_links"]["self"][0]["targetHints"]["allow"] for item in items] == [
        ["GET", "POST", "PUT", "PATCH"],
        ["GET", "POST", "PUT", "PATCH", "DELETE"],
    ]


def test_allow_header_for_administrator_item(client):
    assert client.get(f"{V3}/1").headers["allow"] == "GET, POST, PUT, PATCH"
    assert client.get(f"{V3}/2").headers["allow"] == "GET, POST, PUT, PATCH, DELETE"


def test_allow_header_reads_an_administrators_email_and_password_changes(client):
    # can_edit refuses an administrator's email or password change, so its Allow lacks the edits;
    # the same caller's next request on the same user, without them, gets them back
    changed = client.put(f"{V3}/1", json={"email": "new-admin@example.org"})
    assert changed.status_code == 403
    assert changed.headers["allow"] == "GET"
    assert client.put(f"{V3}/1", json={"password": "x"}).headers["allow"] == "GET"
    same = client.put(f"{V3}/1", json={"email": "admin@example.com", "first_name": "Al"})
    assert same.status_code == 200, same.text
    assert same.headers["allow"] == "GET, POST, PUT, PATCH"
    assert client.get(f"{V3}/1").headers["allow"] == "GET, POST, PUT, PATCH"


def test_allow_header_follows_the_callers_role_and_the_targets(client, store):
    manager_id = arranged(client, store, "manager@example.org", role="shop_manager")
    manager = key_for(store, manager_id)
    made = create(client, "c@example.org")["id"]
    assert client.get(f"{V3}/{made}", headers=manager).headers["allow"] == "GET, POST, PUT, PATCH"
    assert client.get(f"{V3}/1", headers=manager).headers["allow"] == "GET"
    assert client.get(f"{V3}/{manager_id}", headers=manager).headers["allow"] == "GET, POST, PUT, PATCH"
    customers_of(store).editable(made).role = "subscriber"  # a shop manager edits customers only
    assert client.get(f"{V3}/{made}", headers=manager).headers["allow"] == "GET"
    customers_of(store).editable(manager_id).role = "administrator"
    assert client.get(f"{V3}/{made}", headers=manager).headers["allow"] == "GET, POST, PUT, PATCH, DELETE"
    assert client.get(V3, headers=manager).headers["allow"] == "GET, POST"
    assert client.post(f"{V3}/batch", headers=manager, json={}).headers["allow"] == "POST, PUT, PATCH"
    customers_of(store).editable(manager_id).role = "subscriber"
    assert "allow" not in client.get(V3, headers=manager).headers
    assert "allow" not in client.get(f"{V3}/{made}", headers=manager).headers


def test_target_hints_in_v1_links(client):
    body = client.get(customers("v1", "/2")).json()
    assert body["_links"]["self"][0]["href"] == f"{base(client)}/wp-json/wc/v1/customers/2"
    assert body["_links"]["collection"] == [{"href": f"{base(client)}/wp-json/wc/v1/customers"}]
