"""``check_args`` walks what a request sent, not every argument of the route: same answers as the walk.

A route publishes dozens of arguments and a request sends a few, so ``check_args`` reads each
table once (what is required, where each argument stands, the defaults) and then checks only the
sent parameters, in the table's order. ``walk_every_argument`` below is the plain reading of
WordPress's ``WP_REST_Request`` checks, three passes over the whole table; both must give the same
parameters (values and key order) or the same error, for real route tables and any values.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wcmock.errors import InvalidParams, RestError
from wcmock.resources.customers.args import collection_args
from wcmock.resources.orders.args import order_args
from wcmock.resources.products import args as product_args
from wcmock.rest.args import SANITIZERS, check_args, sanitize_value, validate_value


def walk_every_argument(params: dict[str, Any], args: dict[str, dict[str, Any]]) -> dict[str, Any]:
    missing = [name for name, arg in args.items() if arg.get("required") and params.get(name) is None]
    if missing:
        raise RestError("rest_missing_callback_param", "Missing parameter(s): " + ", ".join(missing), 400)
    out = dict(params)
    details: dict[str, Any] = {}
    for name, arg in args.items():
        if out.get(name) is not None and arg.get("validate", True):
            error = validate_value(out[name], arg, name)
            if error:
                details[name] = error
    if details:
        raise InvalidParams(details)
    for name, arg in args.items():
        value = out.get(name)
        if value is None:
            if "default" in arg:
                out[name] = arg["default"]
        elif arg.get("sanitize"):
            out[name] = SANITIZERS[arg["sanitize"]](value)
        elif not arg.get("validate", True) and (error := validate_value(value, arg, name)):
            details[name] = error
        else:
            out[name] = sanitize_value(value, arg)
    if details:
        raise InvalidParams(details)
    return out


_PRODUCT_SCHEMA = product_args.published("v3", "product_schema")
TABLES = {
    "products create": product_args.create_args(_PRODUCT_SCHEMA),
    "products edit": product_args.item_args("v3", _PRODUCT_SCHEMA)["edit"],
    "products list": product_args.collection_args("v3"),
    "orders create": order_args("v3")["create"],
    "orders list": order_args("v3")["list"],
    "customers list": collection_args("v3"),
}
VALUES = st.sampled_from(
    [None, "", "1", "0", 1, -3, 2.5, True, False, "abc", "yes", "2024-05-01T10:00:00", "a@b.co", "simple",
     "publish", "desc", [], [1, "2"], ["a"], {}, {"id": 1}, [{"product_id": 11, "quantity": 2}], "1,2"]
)  # fmt: skip


def outcome(check: Any, params: dict[str, Any], args: dict[str, dict[str, Any]]) -> Any:
    try:
        out = check(dict(params), args)
    except RestError as error:
        return ("error", type(error).__name__, error.code, error.body())
    return ("ok", list(out.items()))


@pytest.mark.parametrize("table", sorted(TABLES))
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_checking_what_was_sent_answers_as_walking_every_argument(table: str, data: st.DataObject) -> None:
    args = TABLES[table]
    names = data.draw(st.lists(st.sampled_from([*args, "unknown", "_fields"]), max_size=8, unique=True))
    params = {name: data.draw(VALUES) for name in names}
    assert outcome(check_args, params, args) == outcome(walk_every_argument, params, args)


PLAIN = st.sampled_from([None, "", "0", "11", "x", 0, 1, 2, 11, -1, 10**20, True, False])
LINES = st.lists(  # line items from a few members and values, so that the same lists come again
    st.dictionaries(st.sampled_from(["product_id", "quantity", "variation_id", "name", "sku", "x"]), PLAIN, max_size=3)
    | st.sampled_from([{"product_id": 11, "quantity": 1.0}, {"meta_data": [{"key": "k", "value": 1}]}, []]),
    max_size=3,
)


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_line_items_kept_checked_answer_as_walking_every_argument(data: st.DataObject) -> None:
    """An order's line items (a list of objects of plain values) are kept once they passed, per
    argument: the same lists, the same lists with equal values of other types (``1``, ``True``),
    refused ones and others sent again and again answer as the walk does, every time."""
    args = TABLES["orders create"]
    for _ in range(3):
        params = {"line_items": data.draw(LINES), "customer_id": data.draw(PLAIN), "fee_lines": data.draw(LINES)}
        assert outcome(check_args, params, args) == outcome(walk_every_argument, params, args)
        assert outcome(check_args, params, args) == outcome(walk_every_argument, params, args)


def test_line_items_kept_checked_are_handed_out_as_a_copy() -> None:
    args = TABLES["orders create"]
    lines = [{"product_id": 11, "quantity": "2"}, {"product_id": 12}]
    for _ in range(2):
        got = check_args({"line_items": lines}, args)["line_items"]
        got[0]["quantity"] = 99  # a caller changing what it got changes nothing kept
        got.append({})
    assert check_args({"line_items": lines}, args)["line_items"] == [
        {"product_id": 11, "quantity": 2},
        {"product_id": 12},
    ]
    for _ in range(2):
        for equal in ([{"product_id": 1, "quantity": 1}], [{"product_id": True, "quantity": 1}]):  # equal, not alike
            [line] = check_args({"line_items": equal}, args)["line_items"]
            [walked] = walk_every_argument({"line_items": equal}, args)["line_items"]
            assert type(line["product_id"]) is type(walked["product_id"]) is type(equal[0]["product_id"])


def test_defaults_fill_in_after_the_sent_parameters_and_keep_a_sent_null_in_its_place() -> None:
    args = {"a": {"type": "string", "default": "A"}, "b": {"type": "integer", "default": 2}, "c": {"type": "string"}}
    assert list(check_args({"c": "x", "a": None}, args).items()) == [("c", "x"), ("a", "A"), ("b", 2)]
    assert list(check_args({"c": "x"}, args).items()) == [("c", "x"), ("a", "A"), ("b", 2)]  # none sent
    assert list(check_args({"b": 5, "c": "x"}, args).items()) == [("b", 5), ("c", "x"), ("a", "A")]


@pytest.mark.parametrize("table", sorted(TABLES))
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_the_same_names_sent_again_with_other_values_answer_as_the_walk(table: str, data: st.DataObject) -> None:
    """What a set of names takes is read once (``ArgsPlan.shape``): the same names in the same
    order, with other values (a null among them, a list, a refused one), answer as the walk does."""
    args = TABLES[table]
    names = data.draw(st.lists(st.sampled_from([*args, "unknown"]), min_size=1, max_size=6, unique=True))
    for _ in range(4):
        params = {name: data.draw(VALUES) for name in names}
        assert outcome(check_args, params, args) == outcome(walk_every_argument, params, args)


def test_an_endpoint_keeps_a_parameter_set_checked_from_its_second_time() -> None:
    """``Endpoint.check`` gives what ``check_args`` gives, every time; a set of string parameters
    is kept from the second time it is sent (a create's, with a new email each, never is), and
    what it hands out is a copy, lists included."""
    from wcmock.rest.server import Endpoint, RestResponse

    endpoint = Endpoint(("GET",), lambda request: RestResponse({}), args=collection_args("v3"))
    sets = [{"email": f"c{n}@example.com", "include": "3,1"} for n in range(3)]
    for params in sets:
        assert endpoint.check(params) == check_args(params, endpoint.args)
    assert endpoint._checked == {}  # each came once
    first = endpoint.check(sets[0])
    assert len(endpoint._checked) == 1
    first["include"].append(99)
    again = endpoint.check(sets[0])
    assert again == check_args(sets[0], endpoint.args)
    assert again["include"] == [3, 1]


def test_an_endpoint_keeps_a_json_bodys_ints_and_booleans_apart_from_equal_values() -> None:
    """A small JSON body (``PUT {"manage_stock": true, "stock_quantity": 7}``) is kept too, with its
    values' types: ``true``, ``1`` and ``"1"`` are equal keys but not equal arguments, and a
    refused set raises every time; floats are never kept (``0.0`` and ``-0.0`` are equal keys)."""
    from wcmock.rest.server import Endpoint, RestResponse

    args = TABLES["products edit"]
    endpoint = Endpoint(("PUT",), lambda request: RestResponse({}), args=args)
    sets: list[dict[str, Any]] = [
        {"id": "7", "manage_stock": True, "stock_quantity": 7},
        {"id": "7", "manage_stock": 1, "stock_quantity": 7},
        {"id": "7", "manage_stock": True, "stock_quantity": 1},
        {"id": "7", "manage_stock": True, "stock_quantity": True},  # an equal key, refused
        {"id": "7", "manage_stock": "1", "stock_quantity": "7"},
        {"id": "7", "manage_stock": None, "stock_quantity": 7},
        {"id": "7", "stock_quantity": 7.0},
        {"id": "7", "stock_quantity": -0.0},
        {"id": "7", "stock_quantity": 0.0},
        {"id": "7", "menu_order": 2**70},
        {"id": "7", "menu_order": "x"},
    ]
    for _ in range(3):
        for params in sets:
            assert outcome(lambda p, a: endpoint.check(p), params, args) == outcome(check_args, params, args), params
    # kept: true and 1 (twice), the strings, null and the big int; not the floats, not a refusal
    assert len(endpoint._checked) == 6


@pytest.mark.parametrize("table", sorted(TABLES))
@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_an_endpoint_answers_as_check_args_every_time_it_is_sent_a_set(table: str, data: st.DataObject) -> None:
    from wcmock.rest.server import Endpoint, RestResponse

    args = TABLES[table]
    endpoint = Endpoint(("GET",), lambda request: RestResponse({}), args=args)
    names = data.draw(st.lists(st.sampled_from([*args, "unknown"]), max_size=6, unique=True))
    params = {name: data.draw(VALUES) for name in names}
    expected = outcome(check_args, params, args)
    for _ in range(3):
        assert outcome(lambda p, a: endpoint.check(p), params, args) == expected
