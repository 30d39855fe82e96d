"""The in-memory shop without a server: WooCommerce's create/update/delete rules, lookups, lists,
reset and concurrency.

The recording store (``wc-e2e``) has the administrator 1 (admin@example.com), the subscriber 2
(customer@woocommercecoretestsuite.com, "Jane Smith") and hands out id 3 next.
"""

from __future__ import annotations

import random
import re
import threading
from datetime import UTC, datetime

import pytest

from wcmock.errors import RestError
from wcmock.fixtures import build_store
from wcmock.resources.customers.backend import customers_of
from wcmock.resources.customers.listing import CustomerQuery
from wcmock.resources.customers.seed import generate_customers
from wcmock.settings import Settings
from wcmock.store import ApiKey, Store


@pytest.fixture
def shop() -> Store:
    return build_store(["wc-e2e"])


def rest_error(error: pytest.ExceptionInfo[RestError]) -> tuple[str, str, int]:
    return error.value.code, error.value.message, error.value.status


def snapshot(store: Store) -> list[tuple]:
    """Everything a client could observe about the users, plus the id counters."""
    users = [
        (c.id, c.email, c.username, c.first_name, c.last_name, dict(c.billing), [dict(m) for m in c.meta])
        for c in store
    ]
    return [*users, ("next", store.ids.peek("users"), store.ids.peek("usermeta"))]


# ---------------------------------------------------------------------------- create


def test_create_gives_the_next_id_a_customer_role_and_a_username_from_the_email(shop: Store) -> None:
    customer = customers_of(shop).create({"email": "John.Doe@example.com", "first_name": "John", "last_name": "Doe"})
    assert customer.id == 3
    assert customer.role == "customer"
    assert customer.username == "john.doe"
    assert customer.display_name == "john.doe"
    assert customer.email == "John.Doe@example.com"
    assert (customer.first_name, customer.last_name) == ("John", "Doe")
    assert customer.date_created == customer.date_modified
    assert customers_of(shop).editable(3) is customer
    assert customers_of(shop).create({"email": "second@example.com"}).id == 4


def test_generic_local_parts_take_the_domain_as_username(shop: Store) -> None:
    assert customers_of(shop).create({"email": "info@shop.example"}).username == "shop.example"
    assert customers_of(shop).create({"email": "sales@acme.test"}).username == "acme.test"
    assert customers_of(shop).create({"email": "support@acme.test"}).username == "support"


def test_a_generated_username_that_is_taken_gets_a_four_digit_suffix(shop: Store) -> None:
    first = customers_of(shop).create({"email": "sam@one.example"})
    second = customers_of(shop).create({"email": "SAM@two.example"})
    assert first.username == "sam"
    assert re.fullmatch(r"sam-\d{4}", second.username)


def test_a_given_username_is_sanitised_but_keeps_its_case(shop: Store) -> None:
    customer = customers_of(shop).create({"email": "celia@example.org", "username": "  Célia.Martin "})
    assert customer.username == "Celia.Martin"
    assert customer.display_name == "Celia.Martin"


def test_a_generated_password_adds_the_password_nag_meta(shop: Store) -> None:
    customer = customers_of(shop).create({"email": "nag@example.com"})
    assert len(customer.password) == 24
    assert [(m["key"], m["value"]) for m in customer.meta] == [("default_password_nag", "1")]
    assert isinstance(customer.meta[0]["id"], int)
    assert customer.meta[0]["id"] > 0


def test_a_generated_password_is_wp_generate_password_of_the_seeded_random_bytes(shop: Store) -> None:
    from wcmock.resources.customers.backend import PASSWORD_ALPHABET

    state = shop.random.getstate()
    customer = customers_of(shop).create({"email": "bytes@example.com"})
    replay = random.Random()
    replay.setstate(state)
    expected = "".join(PASSWORD_ALPHABET[b % len(PASSWORD_ALPHABET)] for b in replay.randbytes(24))
    assert customer.password == expected


def test_a_given_password_is_kept_and_adds_no_meta(shop: Store) -> None:
    customer = customers_of(shop).create({"email": "pw@example.com", "password": "s3cret"})
    assert customer.password == "s3cret"
    assert customer.meta == []


def test_create_sets_names_addresses_and_meta(shop: Store) -> None:
    customer = customers_of(shop).create(
        {
            "email": "ana@example.com",
            "password": "x",
            "first_name": "  Ana <b>Maria</b> ",
            "billing": {"city": "Lisboa", "email": "billing@example.com", "fax": "ignored"},
            "shipping": {"country": "PT"},
            "meta_data": [{"key": "vip", "value": True}, {"key": "score", "value": 5}],
        }
    )
    assert customer.first_name == "Ana Maria"
    assert customer.billing["city"] == "Lisboa"
    assert customer.billing["email"] == "billing@example.com"
    assert "fax" not in customer.billing
    assert customer.shipping["country"] == "PT"
    assert [(m["key"], m["value"]) for m in customer.meta] == [("vip", "1"), ("score", "5")]


@pytest.mark.parametrize("requested", [3, "7", True])
def test_create_with_an_id_is_refused(shop: Store, requested: object) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"id": requested, "email": "new@example.com"})
    assert rest_error(caught) == ("woocommerce_rest_customer_exists", "Cannot create existing resource.", 400)


def test_create_with_id_zero_is_allowed(shop: Store) -> None:
    assert customers_of(shop).create({"id": 0, "email": "zero@example.com"}).id == 3


@pytest.mark.parametrize("email", ["not-an-email", "célia@example.org", "a@b"])
def test_create_with_an_invalid_email(shop: Store, email: str) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": email})
    assert rest_error(caught) == ("customer_invalid_email", "Invalid email address", 400)


def test_create_with_an_empty_email(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": ""})
    assert rest_error(caught) == ("registration-error-invalid-email", "Please provide a valid email address.", 400)


def test_create_with_a_taken_email_in_any_case(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "ADMIN@example.com"})
    assert rest_error(caught) == (
        "registration-error-email-exists",
        "An account is already registered with ADMIN@example.com. Please log in or use a different email address.",
        400,
    )


def test_the_taken_email_is_html_escaped_in_the_message(shop: Store) -> None:
    customers_of(shop).create({"email": "o'brien@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "o'brien@example.com"})
    assert caught.value.message == (
        "An account is already registered with o&#039;brien@example.com. "
        "Please log in or use a different email address."
    )


def test_the_taken_email_message_escapes_as_esc_html_does(shop: Store) -> None:
    """``esc_html``: ``&``, ``<``, ``>``, ``"`` and ``'`` as entities, the quote as ``&#039;``."""
    import html

    from wcmock.resources.customers.backend import _escape_html

    customers_of(shop).create({"email": "a&b'c@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "a&b'c@example.com"})
    assert caught.value.message.startswith("An account is already registered with a&amp;b&#039;c@example.com. ")
    for text in ("a&b<c>d\"e'f", "&amp;&#x27;", "plain", "<<''>>"):
        assert _escape_html(text) == html.escape(text, quote=True).replace("&#x27;", "&#039;")


def test_create_with_a_taken_username_in_any_case(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "other@example.com", "username": "ADMIN"})
    assert rest_error(caught) == (
        "registration-error-username-exists",
        "An account is already registered with that username. Please choose another.",
        400,
    )


@pytest.mark.parametrize("username", ["bad!name", "john+tag", "<b></b>"])
def test_create_with_an_invalid_username(shop: Store, username: str) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "other@example.com", "username": username})
    assert rest_error(caught) == (
        "registration-error-invalid-username",
        "Please provide a valid account username.",
        400,
    )


def test_create_with_a_username_longer_than_60_characters(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "long@example.com", "username": "u" * 61})
    assert rest_error(caught) == ("user_login_too_long", "Username may not be longer than 60 characters.", 400)
    assert customers_of(shop).create({"email": "long@example.com", "username": "u" * 60}).username == "u" * 60


def test_create_with_an_invalid_billing_email(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).create({"email": "ok@example.com", "billing": {"email": "nope"}})
    assert rest_error(caught) == ("customer_invalid_billing_email", "Invalid billing email address", 400)


def test_without_generated_usernames_a_username_is_needed() -> None:
    store = Store(settings=Settings(generate_username=False))
    with pytest.raises(RestError) as caught:
        customers_of(store).create({"email": "a@example.com"})
    assert caught.value.code == "registration-error-invalid-username"
    assert customers_of(store).create({"email": "a@example.com", "username": "ann"}).username == "ann"


def test_without_generated_passwords_a_password_is_needed() -> None:
    store = Store(settings=Settings(generate_password=False))
    with pytest.raises(RestError) as caught:
        customers_of(store).create({"email": "a@example.com"})
    assert rest_error(caught) == (
        "registration-error-missing-password",
        "Please create a password for your account.",
        400,
    )


def test_failed_creates_change_nothing_and_consume_no_id(shop: Store) -> None:
    before = snapshot(shop)
    attempts = [
        {"email": "admin@example.com"},
        {"email": "x@example.com", "username": "admin"},
        {"email": "x@example.com", "meta_data": [{"key": "a", "value": "b"}], "billing": {"email": "bad"}},
        {"email": "x@example.com", "username": "no!"},
        {"email": "bad"},
        {"id": 9, "email": "x@example.com"},
    ]
    for data in attempts:
        with pytest.raises(RestError):
            customers_of(shop).create(data)
    assert snapshot(shop) == before
    assert customers_of(shop).find_by_email("x@example.com") is None
    assert customers_of(shop).create({"email": "x@example.com"}).id == 3


# ---------------------------------------------------------------------------- lookups


def test_lookups_by_id_email_and_username(shop: Store) -> None:
    assert customers_of(shop).editable(1).username == "admin"
    assert customers_of(shop).editable(99) is None
    assert customers_of(shop).find_by_email("Customer@WooCommerceCoreTestSuite.com").id == 2
    assert customers_of(shop).find_by_username("ADMIN").id == 1
    assert customers_of(shop).find_by_email("nobody@example.com") is None
    assert customers_of(shop).find_by_username("nobody") is None
    assert len(shop) == 2


def test_get_of_an_unknown_id_is_invalid_user_id(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).get(99)
    assert rest_error(caught) == ("wc_user_invalid_id", "Invalid user ID.", 404)


# ---------------------------------------------------------------------------- update


def test_update_changes_names_and_addresses_partially(shop: Store) -> None:
    customers_of(shop).create({"email": "ann@example.com", "billing": {"city": "Porto", "phone": "123"}})
    updated = customers_of(shop).update(3, {"first_name": "Ann", "billing": {"city": "Braga"}})
    assert updated.first_name == "Ann"
    assert updated.billing["city"] == "Braga"
    assert updated.billing["phone"] == "123"
    assert customers_of(shop).editable(3).billing["city"] == "Braga"


def test_update_refreshes_date_modified_even_when_nothing_changes(shop: Store) -> None:
    assert customers_of(shop).editable(2).date_modified is None  # seeded users were never modified
    before = datetime.now(UTC).replace(microsecond=0)
    modified = customers_of(shop).update(2, {}).date_modified
    after = datetime.now(UTC)
    assert modified is not None
    assert before <= modified <= after
    assert customers_of(shop).editable(2).date_modified == modified


def test_update_email_moves_the_email_index(shop: Store) -> None:
    customers_of(shop).create({"email": "old@example.com"})
    customers_of(shop).update(3, {"email": "new@example.com"})
    assert customers_of(shop).find_by_email("new@example.com").id == 3
    assert customers_of(shop).find_by_email("old@example.com") is None
    assert customers_of(shop).create({"email": "old@example.com"}).id == 4


def test_update_to_someone_elses_email_is_refused(shop: Store) -> None:
    customers_of(shop).create({"email": "ann@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).update(3, {"email": "Admin@Example.com"})
    assert rest_error(caught) == ("woocommerce_rest_customer_invalid_email", "Email address is invalid.", 400)


def test_changing_only_the_case_of_ones_own_email_is_refused(shop: Store) -> None:
    customers_of(shop).create({"email": "ann@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).update(3, {"email": "ANN@example.com"})
    assert caught.value.code == "woocommerce_rest_customer_invalid_email"
    assert customers_of(shop).update(3, {"email": "ann@example.com"}).email == "ann@example.com"


def test_update_with_an_invalid_email(shop: Store) -> None:
    customers_of(shop).create({"email": "ann@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).update(3, {"email": "nope"})
    assert rest_error(caught) == ("customer_invalid_email", "Invalid email address", 400)


def test_the_username_is_not_editable_but_may_be_repeated(shop: Store) -> None:
    customers_of(shop).create({"email": "ann@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).update(3, {"username": "annie"})
    assert rest_error(caught) == ("woocommerce_rest_customer_invalid_argument", "Username isn't editable.", 400)
    assert customers_of(shop).update(3, {"username": "ann"}).username == "ann"


def test_update_sets_the_password(shop: Store) -> None:
    customers_of(shop).create({"email": "ann@example.com", "password": "one"})
    assert customers_of(shop).update(3, {"password": "two"}).password == "two"


def test_update_of_an_unknown_id(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).update(99, {"first_name": "x"})
    assert caught.value.code == "wc_user_invalid_id"


def meta_pairs(store: Store, customer_id: int) -> list[tuple[str, object]]:
    return [(m["key"], m["value"]) for m in customers_of(store).editable(customer_id).meta]


def test_meta_without_id_updates_the_first_row_with_that_key_and_drops_the_others(shop: Store) -> None:
    customers_of(shop).create({"email": "m@example.com", "password": "x", "meta_data": [{"key": "a", "value": "1"}]})
    row_id = customers_of(shop).editable(3).meta[0]["id"]
    customers_of(shop).update(3, {"meta_data": [{"key": "a", "value": "2"}, {"key": "b", "value": "3"}]})
    assert meta_pairs(shop, 3) == [("a", "2"), ("b", "3")]
    assert customers_of(shop).editable(3).meta[0]["id"] == row_id


def test_meta_with_a_matching_id_renames_and_revalues_that_row(shop: Store) -> None:
    customers_of(shop).create({"email": "m@example.com", "password": "x", "meta_data": [{"key": "a", "value": "1"}]})
    row_id = customers_of(shop).editable(3).meta[0]["id"]
    customers_of(shop).update(3, {"meta_data": [{"id": row_id, "key": "renamed", "value": "9"}]})
    assert customers_of(shop).editable(3).meta == [{"id": row_id, "key": "renamed", "value": "9"}]


def test_meta_with_an_unknown_id_replaces_the_rows_with_that_key(shop: Store) -> None:
    customers_of(shop).create({"email": "m@example.com", "password": "x", "meta_data": [{"key": "a", "value": "1"}]})
    old_id = customers_of(shop).editable(3).meta[0]["id"]
    customers_of(shop).update(3, {"meta_data": [{"id": 99999, "key": "a", "value": "2"}]})
    meta = customers_of(shop).editable(3).meta
    assert [(m["key"], m["value"]) for m in meta] == [("a", "2")]
    assert meta[0]["id"] != old_id


def test_meta_null_value_deletes_the_row(shop: Store) -> None:
    customers_of(shop).create({"email": "m@example.com", "password": "x", "meta_data": [{"key": "a", "value": "1"}]})
    customers_of(shop).update(3, {"meta_data": [{"key": "a", "value": None}]})
    assert customers_of(shop).editable(3).meta == []


def test_a_loaded_meta_row_without_a_value_goes_at_the_next_update_of_any_field(shop: Store) -> None:
    customers_of(shop).create({"email": "m@example.com", "password": "x", "meta_data": [{"key": "a", "value": "1"}]})
    customers_of(shop).editable(3).meta = [{"id": 9, "key": "a", "value": None}]  # as a fixture may load it
    customers_of(shop).update(3, {"password": "y"})  # names, addresses and meta untouched
    assert customers_of(shop).editable(3).meta == []


def test_meta_keys_of_internal_fields_set_the_field(shop: Store) -> None:
    customers_of(shop).create({"email": "m@example.com", "password": "x"})
    customers_of(shop).update(
        3, {"meta_data": [{"key": "first_name", "value": "Zoe"}, {"key": "billing_city", "value": "Faro"}]}
    )
    customer = customers_of(shop).editable(3)
    assert (customer.first_name, customer.billing["city"]) == ("Zoe", "Faro")
    assert customer.meta == []


def test_new_meta_rows_take_ids_from_one_global_sequence(shop: Store) -> None:
    first = customers_of(shop).create({"email": "a@example.com", "meta_data": [{"key": "k", "value": "v"}]})
    second = customers_of(shop).create({"email": "b@example.com"})
    ids = [m["id"] for m in first.meta] + [m["id"] for m in second.meta]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3


def test_a_failed_update_changes_nothing(shop: Store) -> None:
    customers_of(shop).create(
        {"email": "ann@example.com", "first_name": "Ann", "meta_data": [{"key": "a", "value": "1"}]}
    )
    before = snapshot(shop)
    with pytest.raises(RestError) as caught:
        customers_of(shop).update(
            3,
            {
                "first_name": "Changed",
                "meta_data": [{"key": "a", "value": "2"}, {"key": "new", "value": "x"}],
                "billing": {"city": "Elsewhere", "email": "not-valid"},
            },
        )
    assert caught.value.code == "customer_invalid_billing_email"
    assert snapshot(shop) == before


# ---------------------------------------------------------------------------- delete


def test_delete_removes_the_user_and_frees_email_and_username(shop: Store) -> None:
    created = customers_of(shop).create({"email": "gone@example.com", "username": "gone"})
    deleted = customers_of(shop).delete(3)
    assert deleted is created
    assert customers_of(shop).editable(3) is None
    assert customers_of(shop).find_by_email("gone@example.com") is None
    assert customers_of(shop).find_by_username("gone") is None
    again = customers_of(shop).create({"email": "gone@example.com", "username": "gone"})
    assert again.id == 4


def test_delete_of_an_unknown_id(shop: Store) -> None:
    with pytest.raises(RestError) as caught:
        customers_of(shop).delete(99)
    assert rest_error(caught) == ("woocommerce_rest_invalid_id", "Invalid resource id.", 400)


@pytest.mark.parametrize("reassign", [3, 99])
def test_delete_reassigning_to_itself_or_an_unknown_user(shop: Store, reassign: int) -> None:
    customers_of(shop).create({"email": "gone@example.com"})
    with pytest.raises(RestError) as caught:
        customers_of(shop).delete(3, reassign=reassign)
    assert rest_error(caught) == (
        "woocommerce_rest_customer_invalid_reassign",
        "Invalid resource id for reassignment.",
        400,
    )
    assert customers_of(shop).editable(3) is not None


def test_delete_reassigning_to_another_user(shop: Store) -> None:
    customers_of(shop).create({"email": "gone@example.com"})
    assert customers_of(shop).delete(3, reassign=1).id == 3
    assert customers_of(shop).editable(3) is None


def test_delete_revokes_the_users_api_keys_only(shop: Store) -> None:
    customers_of(shop).create({"email": "owner@example.com"})
    shop.add_key(ApiKey("ck_owner", "cs_owner", 3, "read"))
    shop.add_key(ApiKey("ck_admin", "cs_admin", 1))
    customers_of(shop).delete(3)
    assert set(shop.keys) == {"ck_admin"}


# ---------------------------------------------------------------------------- queries


@pytest.fixture
def listed(shop: Store) -> Store:
    """Three customers besides the admin and the subscriber, created in this order."""
    customers_of(shop).create({"email": "zed@example.com", "username": "zed", "first_name": "Alice"})  # 3
    customers_of(shop).create({"email": "amy@shop.test", "username": "Amy"})  # 4
    customers_of(shop).create({"email": "bob7@example.com", "username": "bob.builder"})  # 5
    return shop


def ids(result: tuple[int, list]) -> list[int]:
    return [c.id for c in result[1]]


def test_the_default_list_is_customers_ordered_by_name(listed: Store) -> None:
    total, page = customers_of(listed).query(CustomerQuery())
    assert total == 3
    assert [c.username for c in page] == ["Amy", "bob.builder", "zed"]


def test_role_all_lists_every_user_and_a_role_filters(listed: Store) -> None:
    assert customers_of(listed).query(CustomerQuery(role="all", orderby="id"))[0] == 5
    assert ids(customers_of(listed).query(CustomerQuery(role="all", orderby="id"))) == [1, 2, 3, 4, 5]
    assert ids(customers_of(listed).query(CustomerQuery(role="subscriber"))) == [2]
    assert ids(customers_of(listed).query(CustomerQuery(role="administrator"))) == [1]


def test_search_is_a_case_insensitive_substring_of_login_email_nicename_or_display_name(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(search="AMY"))) == [4]
    assert ids(customers_of(listed).query(CustomerQuery(search="shop.test"))) == [4]
    assert ids(customers_of(listed).query(CustomerQuery(search="bob-builder"))) == [5]  # the nicename
    assert ids(customers_of(listed).query(CustomerQuery(search="example", orderby="id"))) == [3, 5]


def test_search_never_looks_at_first_or_last_names(listed: Store) -> None:
    assert customers_of(listed).query(CustomerQuery(search="Alice")) == (0, [])  # zed's first name
    # The subscriber's display name is "Jane Smith", so she is found by it, not by her first name.
    assert ids(customers_of(listed).query(CustomerQuery(search="jane smith", role="all"))) == [2]


def test_a_search_with_an_at_sign_looks_at_emails_only(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(search="@shop"))) == [4]
    assert ids(customers_of(listed).query(CustomerQuery(search="zed@"))) == [3]


def test_a_numeric_search_matches_the_login_or_the_exact_id(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(search="4"))) == [4]  # id 4, no login contains "4"
    assert ids(customers_of(listed).query(CustomerQuery(search="7"))) == []  # "7" is only in bob7's email


def test_a_fractional_numeric_search_also_looks_at_login_and_id_only(shop: Store) -> None:
    customers_of(shop).create({"email": "v1.5@example.com", "username": "version"})
    # is_numeric("1.5") is true, so WP_User_Query searches user_login and ID, not the email.
    assert customers_of(shop).query(CustomerQuery(search="1.5")) == (0, [])


def test_a_url_search_looks_at_the_empty_user_url(listed: Store) -> None:
    assert customers_of(listed).query(CustomerQuery(search="https://zed")) == (0, [])


def test_search_matches_percent_and_underscore_literally(listed: Store) -> None:
    assert customers_of(listed).query(CustomerQuery(search="%")) == (0, [])
    assert customers_of(listed).query(CustomerQuery(search="_")) == (0, [])


def test_the_email_filter_is_exact_case_insensitive_and_replaces_search(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(email="AMY@shop.test", search="zed"))) == [4]
    assert customers_of(listed).query(CustomerQuery(email="amy@shop")) == (0, [])


def test_include_restricts_and_exclude_is_ignored_with_it(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(include=[5, 3], exclude=[3], orderby="id"))) == [3, 5]
    assert ids(customers_of(listed).query(CustomerQuery(exclude=[3], orderby="id"))) == [4, 5]


def test_include_still_applies_the_role(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(include=[1, 2, 4]))) == [4]


def test_orderby_include_keeps_the_include_order(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(include=[5, 3, 4], orderby="include"))) == [5, 3, 4]
    assert ids(customers_of(listed).query(CustomerQuery(include=[5, 3, 4], orderby="include", order="desc"))) == [
        4,
        3,
        5,
    ]


def test_orderby_include_without_include_sorts_by_login(listed: Store) -> None:
    assert ids(customers_of(listed).query(CustomerQuery(orderby="include"))) == [4, 5, 3]


def test_orderby_id_and_registered_date_in_both_directions() -> None:
    store = build_store(["default"])
    assert ids(customers_of(store).query(CustomerQuery(orderby="id", order="desc"))) == [26, 25]
    assert ids(customers_of(store).query(CustomerQuery(orderby="registered_date"))) == [25, 26]
    assert ids(customers_of(store).query(CustomerQuery(orderby="registered_date", order="desc", role="all"))) == [
        26,
        25,
        1,
    ]


def test_ordering_by_name_ignores_case_and_accents(shop: Store) -> None:
    for login in ("Émile", "eve", "Dan", "ezra"):
        customers_of(shop).create({"email": f"{login.lower()}@example.com".replace("é", "e"), "username": login})
    assert [c.username for c in customers_of(shop).query(CustomerQuery())[1]] == ["Dan", "Emile", "eve", "ezra"]


def test_paging_with_offset_and_per_page_reports_the_full_total(listed: Store) -> None:
    assert customers_of(listed).query(CustomerQuery(per_page=2)) == (
        3,
        [customers_of(listed).editable(4), customers_of(listed).editable(5)],
    )
    assert ids(customers_of(listed).query(CustomerQuery(per_page=2, offset=2))) == [3]
    assert customers_of(listed).query(CustomerQuery(per_page=2, offset=10)) == (3, [])


# ---------------------------------------------------------------------------- reset


def test_reset_restores_exactly_the_loaded_state() -> None:
    store = build_store(["default"])
    before = snapshot(store)
    keys_before = dict(store.keys)
    customers_of(store).create({"email": "new@example.com", "meta_data": [{"key": "a", "value": "b"}]})
    customers_of(store).update(
        25, {"first_name": "Johnny", "email": "johnny@example.com", "meta_data": [{"key": "x", "value": 1}]}
    )
    customers_of(store).delete(26)
    store.add_key(ApiKey("ck_extra", "cs_extra", 1))
    store.reset()
    assert snapshot(store) == before
    assert store.keys == keys_before
    assert customers_of(store).find_by_email("john.doe@example.com").id == 25
    assert customers_of(store).find_by_email("johnny@example.com") is None
    assert customers_of(store).find_by_username("joao.silva").id == 26
    assert customers_of(store).create({"email": "new@example.com"}).id == 27


def test_a_found_customer_can_be_changed_and_reset_still_brings_back_the_loaded_one(shop: Store) -> None:
    """``find`` hands out a record to change (what the API cannot set); the saved state keeps its own."""
    jane = customers_of(shop).editable(2)
    jane.first_name = "Changed"
    jane.date_created = datetime(2020, 1, 1, tzinfo=UTC)
    assert customers_of(shop).editable(2).first_name == "Changed"
    assert customers_of(shop).editable(2) is customers_of(shop).editable(2)  # copied once, then changed in place
    shop.reset()
    assert (customers_of(shop).editable(2).first_name, customers_of(shop).editable(2).date_created.year) != (
        "Changed",
        2020,
    )
    assert customers_of(shop).editable(2).first_name == "Jane"


def test_a_found_customer_changed_later_still_reorders_the_lists(shop: Store) -> None:
    held = customers_of(shop).editable(2)
    later = customers_of(shop).create({"email": "a.later@example.com"})
    by_date = CustomerQuery(role="all", orderby="registered_date")
    assert ids(customers_of(shop).query(by_date)) == [1, 2, later.id]
    held.date_created = datetime(2099, 1, 1, tzinfo=UTC)  # after the ordered list was built
    assert ids(customers_of(shop).query(by_date)) == [1, later.id, 2]


def test_lists_kept_in_order_change_by_change_equal_lists_sorted_afresh() -> None:
    """The ordered lists are updated in place after each write; a random run of writes, in-place
    changes, snapshots and restores must leave them exactly as a fresh sort would."""
    rng = random.Random(7)
    store = build_store(["wc-e2e"])
    generate_customers(store, count=60, seed=3)
    names = ["Ann", "ann", "Bob", "Émile", "Zoë", ""]
    queries = [
        CustomerQuery(role=role, orderby=orderby, order=order, per_page=100, search=search)
        for role in ("all", "customer")
        for orderby in ("name", "id", "registered_date", "include")
        for order in ("asc", "desc")
        for search in ("", "an")
    ]
    for step in range(300):
        ids_now = [c.id for c in store]
        action = rng.choice(["create", "update", "delete", "find", "snapshot", "restore", "stats"])
        if action == "create":
            customers_of(store).create({"email": f"c{step}@example.org", "first_name": rng.choice(names)})
        elif action == "update" and ids_now:
            customers_of(store).update(
                rng.choice(ids_now), {"first_name": rng.choice(names), "last_name": rng.choice(names)}
            )
        elif action == "delete" and len(ids_now) > 3:
            customers_of(store).delete(rng.choice(ids_now[2:]))
        elif action == "find" and ids_now:
            found = customers_of(store).editable(rng.choice(ids_now))
            found.display_name = rng.choice(names)
            found.date_created = datetime(2024, 1, rng.randint(1, 3), tzinfo=UTC)
        elif action == "snapshot":
            store.amend_initial(lambda _: None)
        elif action == "restore":
            store.reset()
        elif action == "stats" and ids_now:
            customers_of(store).remember_order_stats(
                customers_of(store).lookup(rng.choice(ids_now)), [("wc_order_count_wp", "0")]
            )
        kept = [ids(customers_of(store).query(q)) for q in queries]
        maintained, customers_of(store).lists._ordered_cache = (
            customers_of(store).lists._ordered_cache,
            {},
        )  # what a fresh sort gives:
        assert kept == [ids(customers_of(store).query(q)) for q in queries], f"step {step}: {action}"
        customers_of(store).lists._ordered_cache = maintained  # and the maintained lists go on through the next steps


def test_reset_repeats_generated_usernames_and_passwords(shop: Store) -> None:
    def run() -> list[tuple[str, str, list]]:
        made = [customers_of(shop).create({"email": "sam@example.com"})]
        made += [customers_of(shop).create({"email": f"sam@{n}.example"}) for n in range(3)]
        return [(c.username, c.password, [dict(m) for m in c.meta]) for c in made]

    first = run()
    shop.reset()
    assert run() == first
    assert len({username for username, _, _ in first}) == 4


def test_reset_clears_used_oauth_nonces(shop: Store) -> None:
    shop.nonces["ck"] = {"nonce": 1.0}
    shop.reset()
    assert shop.nonces == {}


def test_a_store_never_marked_resets_to_empty() -> None:
    store = Store(seed=3)
    first = customers_of(store).create({"email": "a@example.com"})
    store.reset()
    assert len(store) == 0
    again = customers_of(store).create({"email": "a@example.com"})
    assert again.id == first.id == 1
    assert again.password == first.password


# ---------------------------------------------------------------------------- generated fixtures


def faker_customers(seed: int, count: int = 5) -> list[tuple]:
    store = Store()
    made = generate_customers(store, count=count, seed=seed)
    return [(c.id, c.email, c.username, c.first_name, c.last_name, c.billing, c.shipping, c.date_created) for c in made]


def test_the_same_seed_generates_the_same_customers() -> None:
    pytest.importorskip("faker")
    assert faker_customers(42) == faker_customers(42)


def test_another_seed_generates_other_customers() -> None:
    pytest.importorskip("faker")
    assert faker_customers(42) != faker_customers(43)


def test_generated_customers_are_valid_and_distinct() -> None:
    pytest.importorskip("faker")
    store = build_store(["wc-e2e"])
    made = generate_customers(store, count=20, seed=7)
    assert [c.id for c in made] == list(range(3, 23))
    assert len({c.email.lower() for c in made}) == 20
    for customer in made:
        assert customer.role == "customer"
        assert customer.billing["email"] == customer.email
        assert customers_of(store).find_by_email(customer.email) is customer


# ---------------------------------------------------------------------------- threads


def test_concurrent_creates_get_unique_ids_and_all_land(shop: Store) -> None:
    threads_count, per_thread = 8, 25
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def work(worker: int) -> None:
        start.wait()
        try:
            for n in range(per_thread):
                customers_of(shop).create({"email": f"w{worker}.n{n}@example.com"})
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    created = [c for c in shop if c.id >= 3]
    assert len(created) == threads_count * per_thread
    assert sorted(c.id for c in created) == list(range(3, 3 + threads_count * per_thread))
    for worker in range(threads_count):
        for n in range(per_thread):
            assert customers_of(shop).find_by_email(f"w{worker}.n{n}@example.com") is not None
    assert customers_of(shop).query(CustomerQuery(per_page=1000))[0] == threads_count * per_thread


def test_now_is_the_clocks_second_whichever_way_the_clock_moves():
    store = Store()
    store.clock.freeze("2025-01-01T10:00:00.250000")
    assert store.now() == datetime(2025, 1, 1, 10, 0, 0, tzinfo=UTC)
    store.clock.advance(0.5)
    assert store.now() == datetime(2025, 1, 1, 10, 0, 0, tzinfo=UTC)
    store.clock.advance(0.5)
    assert store.now() == datetime(2025, 1, 1, 10, 0, 1, tzinfo=UTC)
    store.clock.set("2025-01-01T09:59:59.999999")
    assert store.now() == datetime(2025, 1, 1, 9, 59, 59, tzinfo=UTC)
    store.clock.set("2030-06-01T00:00:00")
    assert store.now() == datetime(2030, 6, 1, tzinfo=UTC)
