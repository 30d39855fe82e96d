"""WordPress's REST argument rules (``wcmock.params``): messages, coercions and the order of checks.

Every expected message is the exact text ``rest_validate_value_from_schema`` and
``WP_REST_Request::has_valid_params`` produce (wp-includes/rest-api.php,
wp-includes/rest-api/class-wp-rest-request.php).
"""

from __future__ import annotations

import pytest

from wcmock.errors import InvalidParams, RestError
from wcmock.resources.customers.args import collection_args
from wcmock.rest.args import check_args, parse_id_list, parse_php_query, sanitize_value, validate_value


def invalid_type(param: str, type_name: str) -> dict:
    return {"code": "rest_invalid_type", "message": f"{param} is not of type {type_name}.", "data": {"param": param}}


# ---------------------------------------------------------------------------- strings


def test_a_string_accepts_any_text_including_the_empty_string() -> None:
    assert validate_value("João", {"type": "string"}, "first_name") is None
    assert validate_value("", {"type": "string"}, "first_name") is None


@pytest.mark.parametrize("value", [5, 1.5, True, None, ["a"], {"a": "b"}])
def test_a_string_rejects_every_other_json_type(value: object) -> None:
    assert validate_value(value, {"type": "string"}, "first_name") == invalid_type("first_name", "string")


# ---------------------------------------------------------------------------- integers


@pytest.mark.parametrize("value", [2, "2", "2.0", 2.0, "-7", " 3", "1e3"])
def test_an_integer_accepts_whole_numbers_and_numeric_strings_with_a_whole_value(value: object) -> None:
    assert validate_value(value, {"type": "integer"}, "reassign") is None


@pytest.mark.parametrize("value", ["1.5", 1.5, "abc", "", "2abc", True, None, [1]])
def test_an_integer_rejects_fractions_words_and_other_types(value: object) -> None:
    assert validate_value(value, {"type": "integer"}, "offset") == invalid_type("offset", "integer")


def test_a_number_accepts_fractions_but_not_words() -> None:
    assert validate_value("1.5", {"type": "number"}, "amount") is None
    assert validate_value("abc", {"type": "number"}, "amount") == invalid_type("amount", "number")


PER_PAGE = {"type": "integer", "minimum": 1, "maximum": 100}


@pytest.mark.parametrize("value", [1, "1", 100, "100", "50.0"])
def test_bounds_include_both_ends(value: object) -> None:
    assert validate_value(value, PER_PAGE, "per_page") is None


@pytest.mark.parametrize("value", [0, "0", 101, "101", "-1", "0.5"])
def test_out_of_bounds_with_both_limits_names_the_range_without_a_final_period(value: object) -> None:
    assert validate_value(value, PER_PAGE, "per_page") == {
        "code": "rest_out_of_bounds",
        "message": "per_page must be between 1 (inclusive) and 100 (inclusive)",
        "data": None,
    }


def test_the_bounds_check_runs_before_the_integer_check() -> None:
    # 1.5 is inside 1..100, so the complaint is about its type; 0.5 is outside, so about the range.
    assert validate_value("1.5", PER_PAGE, "per_page") == invalid_type("per_page", "integer")
    assert validate_value("0.5", PER_PAGE, "per_page")["code"] == "rest_out_of_bounds"


def test_a_minimum_alone_says_greater_than_or_equal() -> None:
    assert validate_value("0", {"type": "integer", "minimum": 1}, "page") == {
        "code": "rest_out_of_bounds",
        "message": "page must be greater than or equal to 1",
        "data": None,
    }
    assert validate_value("1", {"type": "integer", "minimum": 1}, "page") is None


def test_a_maximum_alone_says_less_than_or_equal() -> None:
    assert validate_value(11, {"type": "integer", "maximum": 10}, "limit") == {
        "code": "rest_out_of_bounds",
        "message": "limit must be less than or equal to 10",
        "data": None,
    }
    assert validate_value(10, {"type": "integer", "maximum": 10}, "limit") is None


# ---------------------------------------------------------------------------- booleans


@pytest.mark.parametrize("value", [True, False, "true", "FALSE", "True", "1", "0", 1, 0])
def test_a_boolean_accepts_true_false_one_zero_in_any_case(value: object) -> None:
    assert validate_value(value, {"type": "boolean"}, "force") is None


@pytest.mark.parametrize("value", ["yes", "no", "", 2, "2", 1.0, None, []])
def test_a_boolean_rejects_anything_else(value: object) -> None:
    assert validate_value(value, {"type": "boolean"}, "force") == invalid_type("force", "boolean")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        (1, True),
        ("false", False),
        ("FALSE", False),
        ("0", False),
        (0, False),
    ],
)
def test_booleans_are_sanitised_to_real_booleans(value: object, expected: bool) -> None:
    assert sanitize_value(value, {"type": "boolean"}) is expected


# ---------------------------------------------------------------------------- objects

BILLING = {
    "type": "object",
    "properties": {
        "first_name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
    },
}


@pytest.mark.parametrize("value", [{}, {"first_name": "Ann"}, "", [], ["x"]])
def test_an_object_accepts_maps_lists_and_the_empty_string(value: object) -> None:
    assert validate_value(value, BILLING, "billing") is None


@pytest.mark.parametrize("value", ["abc", 5, True, None])
def test_an_object_rejects_scalars(value: object) -> None:
    assert validate_value(value, BILLING, "billing") == invalid_type("billing", "object")


def test_a_nested_property_error_names_the_property_path() -> None:
    assert validate_value({"first_name": 5}, BILLING, "billing") == invalid_type("billing[first_name]", "string")


def test_a_nested_email_format_error_names_no_param() -> None:
    expected = {"code": "rest_invalid_email", "message": "Invalid email address.", "data": None}
    assert validate_value({"email": "nope"}, BILLING, "billing") == expected
    assert validate_value({"email": ""}, BILLING, "billing") == expected


def test_unknown_nested_properties_are_not_checked() -> None:
    assert validate_value({"fax": 123, "first_name": "Ann"}, BILLING, "billing") is None


def test_deeply_nested_paths_keep_every_level() -> None:
    schema = {"type": "object", "properties": {"meta": {"type": "array", "items": BILLING}}}
    assert validate_value({"meta": [{"first_name": "a"}, {"first_name": []}]}, schema, "data") == invalid_type(
        "data[meta][1][first_name]", "string"
    )


def test_an_empty_string_object_sanitises_to_an_empty_map() -> None:
    assert sanitize_value("", BILLING) == {}


# ---------------------------------------------------------------------------- arrays

IDS = {"type": "array", "items": {"type": "integer"}}


@pytest.mark.parametrize("value", [[1, 2], "1,2", "1 2", "1, 2", {"0": "1", "1": "2"}, 7])
def test_an_array_accepts_lists_numeric_maps_and_separated_strings(value: object) -> None:
    assert validate_value(value, IDS, "include") is None


def test_arrays_split_strings_on_commas_and_whitespace() -> None:
    assert sanitize_value("3, 4 5,,6", IDS) == [3, 4, 5, 6]
    assert sanitize_value("a b", {"type": "array", "items": {"type": "string"}}) == ["a", "b"]


def test_an_array_item_error_names_its_index() -> None:
    assert validate_value("1,2,abc", IDS, "include") == invalid_type("include[2]", "integer")
    assert validate_value([1, "x"], IDS, "include") == invalid_type("include[1]", "integer")


def test_a_map_with_word_keys_is_not_an_array() -> None:
    assert validate_value({"a": 1}, IDS, "include") == invalid_type("include", "array")
    assert validate_value(None, IDS, "include") == invalid_type("include", "array")


# ---------------------------------------------------------------------------- multiple types


def test_a_multi_type_error_lists_the_types_joined_by_commas() -> None:
    assert validate_value(5, {"type": ["null", "string"]}, "date_created") == invalid_type(
        "date_created", "null,string"
    )
    assert validate_value(None, {"type": ["null", "string"]}, "date_created") is None


def test_a_multi_type_schema_accepts_a_numeric_string_as_an_integer() -> None:
    # rest_get_best_type_for_value tries rest_is_integer, which accepts "5".
    assert validate_value("5", {"type": ["null", "integer"]}, "parent") is None


# ---------------------------------------------------------------------------- enums


def test_an_enum_with_one_value() -> None:
    assert validate_value("edit", {"type": "string", "enum": ["view"]}, "context") == {
        "code": "rest_not_in_enum",
        "message": "context is not view.",
        "data": None,
    }


def test_an_enum_with_two_values() -> None:
    assert validate_value("up", {"type": "string", "enum": ["asc", "desc"]}, "order") == {
        "code": "rest_not_in_enum",
        "message": "order is not one of asc and desc.",
        "data": None,
    }


def test_an_enum_with_more_values_uses_a_serial_comma() -> None:
    schema = {"type": "string", "enum": ["id", "include", "name", "registered_date"]}
    assert validate_value("email", schema, "orderby") == {
        "code": "rest_not_in_enum",
        "message": "orderby is not one of id, include, name, and registered_date.",
        "data": None,
    }


def test_enum_comparison_is_case_sensitive() -> None:
    schema = {"type": "string", "enum": ["asc", "desc"]}
    assert validate_value("asc", schema, "order") is None
    assert validate_value("ASC", schema, "order")["message"] == "order is not one of asc and desc."


def test_the_type_check_comes_before_the_enum_check() -> None:
    assert validate_value(5, {"type": "string", "enum": ["asc"]}, "order") == invalid_type("order", "string")


# ---------------------------------------------------------------------------- email format

EMAIL = {"type": "string", "format": "email"}


def test_email_format_accepts_valid_addresses() -> None:
    assert validate_value("john.doe@example.com", EMAIL, "email") is None


@pytest.mark.parametrize("value", ["", "nope", "a@b", "célia@example.org", "john@@example.com"])
def test_email_format_rejects_invalid_addresses_without_naming_the_param(value: str) -> None:
    assert validate_value(value, EMAIL, "email") == {
        "code": "rest_invalid_email",
        "message": "Invalid email address.",
        "data": None,
    }


def test_email_format_is_not_applied_to_a_wrong_type() -> None:
    assert validate_value(5, EMAIL, "email") == invalid_type("email", "string")


# ---------------------------------------------------------------------------- check_args

CREATE_ARGS = {
    "email": {"type": "string", "required": True},
    "username": {"type": "string", "required": True},
    "first_name": {"type": "string", "sanitize": "sanitize_text_field"},
    "billing": BILLING,
}


def test_missing_required_params_are_reported_first_as_a_list() -> None:
    with pytest.raises(RestError) as caught:
        check_args({"first_name": 5}, CREATE_ARGS)
    error = caught.value
    assert (error.code, error.status) == ("rest_missing_callback_param", 400)
    assert error.message == "Missing parameter(s): email, username"
    assert error.body() == {
        "code": "rest_missing_callback_param",
        "message": "Missing parameter(s): email, username",
        "data": {"status": 400, "params": ["email", "username"]},
    }


def test_a_json_null_counts_as_missing() -> None:
    with pytest.raises(RestError) as caught:
        check_args({"email": None, "username": "ann"}, CREATE_ARGS)
    assert caught.value.message == "Missing parameter(s): email"
    assert caught.value.data == {"params": ["email"]}


def test_every_invalid_param_is_collected_with_its_detail() -> None:
    with pytest.raises(InvalidParams) as caught:
        check_args({"email": 1, "username": "ann", "first_name": [], "billing": {"email": "x"}}, CREATE_ARGS)
    body = caught.value.body()
    assert body["code"] == "rest_invalid_param"
    assert body["message"] == "Invalid parameter(s): email, first_name, billing"
    assert body["data"]["status"] == 400
    assert body["data"]["params"] == {
        "email": "email is not of type string.",
        "first_name": "first_name is not of type string.",
        "billing": "Invalid email address.",
    }
    assert body["data"]["details"] == {
        "email": invalid_type("email", "string"),
        "first_name": invalid_type("first_name", "string"),
        "billing": {"code": "rest_invalid_email", "message": "Invalid email address.", "data": None},
    }


def test_valid_params_are_sanitised_and_unknown_ones_pass_through() -> None:
    out = check_args(
        {"email": "ann@example.com", "username": "ann", "first_name": "  <b>Ann</b>\n Lee ", "colour": "red"},
        CREATE_ARGS,
    )
    assert out == {"email": "ann@example.com", "username": "ann", "first_name": "Ann Lee", "colour": "red"}


def test_list_args_in_route_order_with_defaults_and_sanitisers() -> None:
    args = collection_args("v3")
    out = check_args({"per_page": "5", "include": "3,abc,3", "offset": "-4", "order": "desc"}, args)
    assert out["per_page"] == 5
    assert out["page"] == 1
    assert out["include"] == [3, 0]
    assert out["exclude"] == []
    assert out["offset"] == 4
    assert (out["order"], out["orderby"], out["context"], out["role"]) == ("desc", "name", "view", "customer")


def test_list_arg_errors_are_named_in_route_order() -> None:
    with pytest.raises(InvalidParams) as caught:
        check_args({"per_page": "0", "page": "0", "orderby": "ID"}, collection_args("v3"))
    assert caught.value.message == "Invalid parameter(s): page, per_page, orderby"
    assert caught.value.data["params"] == {
        "page": "page must be greater than or equal to 1",
        "per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)",
        "orderby": "orderby is not one of id, include, name, and registered_date.",
    }


def test_include_is_never_validated() -> None:
    out = check_args({"include": {"a": "b"}}, collection_args("v3"))
    assert out["include"] == [0]


def test_args_without_a_validate_callback_are_checked_while_sanitising() -> None:
    args = {"email": {"type": "string", "required": True, "validate": False}}
    with pytest.raises(InvalidParams) as caught:
        check_args({"email": 5}, args)
    assert caught.value.data["params"] == {"email": "email is not of type string."}
    assert check_args({"email": "a@example.com"}, args) == {"email": "a@example.com"}


# ---------------------------------------------------------------------------- parse_php_query


def test_php_query_brackets_make_lists() -> None:
    assert parse_php_query("include[]=3&include[]=4") == {"include": ["3", "4"]}


def test_php_query_named_brackets_make_maps() -> None:
    assert parse_php_query("billing[city]=Rio&billing[state]=RJ") == {"billing": {"city": "Rio", "state": "RJ"}}


def test_php_query_nested_brackets() -> None:
    # PHP's array(0 => ...) is a list to WordPress (wp_is_numeric_array), so it comes back as one
    assert parse_php_query("meta_data[0][key]=a&meta_data[0][value]=b") == {"meta_data": [{"key": "a", "value": "b"}]}


def test_php_query_repeated_plain_keys_keep_the_last_value() -> None:
    assert parse_php_query("search=a&search=b") == {"search": "b"}
    assert parse_php_query("a[]=1&a=2") == {"a": "2"}
    assert parse_php_query("a=1&a[]=2") == {"a": ["2"]}


def test_php_query_decodes_plus_percent_and_utf8() -> None:
    assert parse_php_query(b"search=Jo%C3%A3o+Silva&email=a%40b.com&empty=") == {
        "search": "João Silva",
        "email": "a@b.com",
        "empty": "",
    }


def test_php_query_mixes_appended_and_named_keys_into_one_map() -> None:
    # PHP: a = [0 => "1", "x" => "2"]
    assert parse_php_query("a[]=1&a[x]=2") == {"a": {"0": "1", "x": "2"}}


def test_php_query_turns_dots_and_spaces_in_names_into_underscores() -> None:
    # PHP's parse_str (and so $_GET) mangles top-level names: "per.page" arrives as "per_page".
    assert parse_php_query("per.page=5&first+name=Ann") == {"per_page": "5", "first_name": "Ann"}


# ---------------------------------------------------------------------------- parse_id_list


def test_id_lists_split_strings_and_drop_duplicates_in_first_seen_order() -> None:
    assert parse_id_list("5, 3,5 2") == [5, 3, 2]
    assert parse_id_list([4, "4", "04", 1]) == [4, 1]


def test_id_lists_take_absolute_values_and_turn_junk_into_zero() -> None:
    assert parse_id_list(["-3", "abc", "2.9", -8]) == [3, 0, 2, 8]
    assert parse_id_list("") == []
    assert parse_id_list([]) == []


def test_id_lists_read_a_leading_number_as_php_absint_does() -> None:
    # absint("12abc") is 12 in PHP: (int) reads the leading digits.
    assert parse_id_list("12abc") == [12]
