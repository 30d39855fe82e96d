"""Compiled argument checks answer as the schema interpreter does, on every real route's arguments.

``check_args`` meets a request's values with closures made once per schema node
(``compile_validator`` / ``compile_sanitizer``) rather than with ``validate_value`` /
``sanitize_value``, which read the schema for every value. The interpreter is the plain port of
WordPress's ``rest_validate_value_from_schema`` and ``rest_sanitize_value_from_schema``; here both
meet the same values, shaped by each argument's schema (an order's line items with their keys,
wrong types, numeric strings, bounds, enums, emails, dates) and not, and must give the same error
detail and the same cleaned value, type for type.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wcmock import create_app
from wcmock.rest.args import (
    MIXED,
    _best_type,
    _best_type_of,
    compile_sanitizer,
    compile_validator,
    sanitize_value,
    validate_value,
)

SCALARS = st.sampled_from(
    [None, "", "0", "1", "-2", "1.5", "1e3", " 7", "abc", "yes", "true", "false", "a@b.co", "not-an-email",
     "2024-05-01T10:00:00", "2024-05-01 10:00:00Z", "2024-05-01", 0, 1, -3, 7, 100, 101, 2.5, -0.5, True, False]
)  # fmt: skip
JUNK = st.recursive(
    SCALARS | st.text(max_size=6) | st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, width=32),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["0", "1", "id", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)


def values_for(schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values a client might send for ``schema``: fitting ones, near misses, and anything at all."""
    if not isinstance(schema, dict) or depth > 3:
        return JUNK
    types = schema.get("type")
    names = types if isinstance(types, list) else [types]
    shaped: list[st.SearchStrategy[Any]] = [JUNK]
    if schema.get("enum"):
        shaped.append(st.sampled_from(list(schema["enum"])))
    for name in names:
        if name == "object" and schema.get("properties"):
            properties = schema["properties"]
            keys = st.sampled_from([*properties, "unknown"])
            shaped.append(
                st.lists(keys, max_size=5, unique=True).flatmap(
                    lambda chosen, props=properties: st.fixed_dictionaries(
                        {k: values_for(props.get(k), depth + 1) for k in chosen}
                    )
                )
            )
        elif name == "array" and "items" in schema:
            shaped.append(st.lists(values_for(schema["items"], depth + 1), max_size=3))
        elif name in ("integer", "number"):
            low, high = schema.get("minimum", -5), schema.get("maximum", 105)
            shaped.append(st.integers(int(low) - 2, int(high) + 2) | st.integers(int(low) - 2, int(high) + 2).map(str))
    return st.one_of(*shaped)


def typed(value: Any) -> Any:
    """``value`` with every type spelled out: ``1``, ``1.0`` and ``True`` are equal, not the same."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


def outcome(call: Any) -> Any:
    try:
        return ("ok", typed(call()))
    except Exception as error:  # the two must fail alike too
        return ("raised", type(error).__name__, str(error))


def _every_argument() -> dict[str, dict[str, Any]]:
    """Every argument schema the served store's routes publish, once each, named by route and method."""
    app = create_app(fixtures=[])
    schemas: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for route in app.state.server.routes:
        for endpoint in route.endpoints:
            for name, arg in endpoint.args.items():
                key = repr(sorted((k, repr(v)) for k, v in arg.items() if k != "description"))
                if key not in seen:
                    seen.add(key)
                    schemas[f"{route.pattern} {'/'.join(endpoint.methods)} {name}"] = arg
    return schemas


ARGUMENTS = _every_argument()


def test_the_routes_publish_the_nested_arguments_worth_compiling() -> None:
    assert len(ARGUMENTS) > 100
    line_items = [arg for label, arg in ARGUMENTS.items() if label.endswith(" line_items")]
    assert line_items
    assert line_items[0]["items"]["properties"]["quantity"]["type"] == "integer"


@pytest.mark.parametrize("label", sorted(ARGUMENTS))
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_a_compiled_check_answers_as_the_interpreter(label: str, data: st.DataObject) -> None:
    schema = ARGUMENTS[label]
    value = data.draw(values_for(schema))
    check, clean = compile_validator(schema), compile_sanitizer(schema)
    assert outcome(lambda: check(value, "p")) == outcome(lambda: validate_value(value, schema, "p"))
    assert outcome(lambda: clean(value)) == outcome(lambda: sanitize_value(value, schema))


@pytest.mark.parametrize(
    ("schema", "value", "code"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 100}, "101", "rest_out_of_bounds"),
        ({"type": ["null", "string"], "format": "date-time"}, "May 1st", "rest_invalid_date"),
        ({"type": "string", "enum": ["a", "b"]}, "c", "rest_not_in_enum"),
        ({"type": "array", "items": {"type": "object", "properties": {"q": {"type": "integer"}}}}, [{"q": "x"}],
         "rest_invalid_type"),
    ],
)  # fmt: skip
def test_a_compiled_check_refuses_what_the_interpreter_refuses(schema: dict[str, Any], value: Any, code: str) -> None:
    error = compile_validator(schema)(value, "p")
    assert error is not None
    assert error == validate_value(value, schema, "p")
    assert error["code"] == code


@given(types=st.lists(st.sampled_from(MIXED), min_size=1, max_size=7, unique=True), value=JUNK)
@settings(max_examples=400, deadline=None)
def test_a_list_of_types_settled_once_picks_as_rest_get_best_type_for_value(types: list[str], value: Any) -> None:
    """Some Python types get one answer for every value (``None`` is "null"), read once per list."""
    assert _best_type_of(types)(value) == _best_type(value, types)
