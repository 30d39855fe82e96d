"""``encode_json`` writes what WordPress's ``wp_json_encode`` sends, whichever encoder makes the bytes.

The standard library's encoder is the reference (``reference`` below, the function ``encode_json`` was
before it had a faster path); the faster path must give the very same bytes on every input, or decline.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wcmock.rest import wire
from wcmock.rest.wire import encode_json

_REFERENCE = json.JSONEncoder(separators=(",", ":"))


def reference(data: Any) -> bytes:
    """The standard library's compact, ASCII-only encoding with ``/`` escaped."""
    return _REFERENCE.encode(data).replace("/", "\\/").encode()


def outcome(encode: Any, data: Any) -> tuple[str, Any]:
    try:
        return "bytes", encode(data)
    except (TypeError, ValueError, RecursionError) as error:
        return "error", type(error)


# text a store's answers hold (ASCII, slashes, quotes, backslashes, control characters, DEL) and the
# rest of Unicode, lone surrogates included
ascii_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x7F), max_size=12)
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=8)
text = st.one_of(ascii_text, ascii_text, ascii_text, any_text, st.sampled_from(["\ud800", "a\udfff", "/", "\x7f"]))
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e16, 1e15, 1.5e-05, 1e-4, 5e-324, -0.0, 1e22, 0.1, math.nan, math.inf, -math.inf]),
)
ints = st.one_of(st.integers(-(2**70), 2**70), st.integers(-5, 5), st.sampled_from([2**63, 2**64, -(2**63) - 1]))
scalars = st.one_of(st.none(), st.booleans(), ints, text, text, floats)
keys = st.one_of(text, text, text, st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=False))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.tuples(children, children),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=30,
)


# what answers are made of: str keys, ASCII text, ints, bools and null (the fast path's documents)
answers = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), ascii_text),
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(ascii_text, children, max_size=6)),
    max_leaves=30,
)


@settings(max_examples=800, deadline=None)
@given(documents)
def test_every_document_is_encoded_as_the_standard_encoder_does(data: Any) -> None:
    assert outcome(encode_json, data) == outcome(reference, data)


@settings(max_examples=800, deadline=None)
@given(answers)
def test_answers_take_the_fast_path_with_the_standard_encoders_bytes(data: Any) -> None:
    fast = wire._fast(data)
    expected = reference(data)
    if b"\\u007f" not in expected:  # declined for DEL only: these documents hold no float
        assert fast is not None
    assert encode_json(data) == expected


plain_floats = st.one_of(
    st.floats(min_value=1e-4, max_value=1e16, exclude_max=True),
    st.floats(min_value=-1e16, max_value=-1e-4, exclude_min=True),
    st.integers(-(10**9), 10**9).map(lambda cents: cents / 100),  # amounts
    st.sampled_from([0.0, -0.0, 1e-4, 9999999999999998.0, 0.30000000000000004]),
)


@settings(max_examples=2000, deadline=None)
@given(plain_floats)
def test_orjson_writes_a_plain_float_as_the_standard_encoder_does(value: float) -> None:
    """What the fast path takes a plain float for (it may still decline a document whose float's
    bytes hold the marker's byte)."""
    assert wire.plain_float(value)
    assert orjson.dumps(value) == reference(value)
    assert encode_json([value]) == reference([value])


@pytest.mark.parametrize("value", [9.999e-05, 1e16, 1.5e-05, 5e-324, 1e22, -1e16, math.nan, math.inf, -math.inf])
def test_a_float_written_with_an_exponent_or_not_a_number_is_not_plain(value: float) -> None:
    assert not wire.plain_float(value)
    assert wire._fast({"amount": value}) is None


def test_an_order_answer_with_amounts_takes_the_fast_path() -> None:
    """Orders show line prices and taxes as JSON numbers: plain floats do not decline a document."""
    order = {
        "id": 11,
        "total": "29.97",
        "line_items": [{"id": 1, "name": "Mug", "quantity": 3, "price": 9.99, "taxes": []}],
        "tax_lines": [{"rate_percent": 20.0, "tax_total": "0.00"}],
        "refunds": [{"id": 3, "total": "-1.50"}],
        "_links": {"self": [{"href": "http://example.org/wp-json/wc/v3/orders/11"}]},
    }
    fast = wire._fast(order)
    assert fast is not None
    assert fast == reference(order)


@pytest.mark.parametrize(
    "data",
    [
        [203, "z" * 14],  # 203 is written 0xcc 0xcb: the marker's byte, and 8 bytes that read as a tiny float
        {"id": 52171, "sku": "zzzzzzzz"},  # in a uint16's bytes (0xcb 0xcb)
        [2.5, 203, "z" * 14],  # a real plain float before the look-alike
    ],
)
def test_a_byte_that_only_looks_like_a_float_does_not_decline_the_document(data: Any) -> None:
    assert wire._MSGPACK_FLOAT in wire._msgpack(data)
    assert wire._fast(data) == reference(data)


def _deep(levels: int) -> Any:
    data: Any = "bottom"
    for _ in range(levels):
        data = [data]
    return data


@pytest.mark.parametrize(
    "data",
    [
        {"price": 1.5e-05},  # orjson writes 0.000015
        [203, "z" * 14, 1.5e-05],  # a look-alike's byte first, then the real one
        [1e16],  # orjson writes 1e+16 alike, but no float is taken
        {"a": math.nan},  # orjson writes null
        {"a": [None, math.inf]},
        {"name": "Zoë"},  # orjson writes UTF-8
        {"name": "\x7f"},  # orjson writes the byte itself
        {1: "one"},  # orjson refuses non-str keys,
        {"n": 2**64},  # ints beyond 64 bits,
        {"s": "\ud800"},  # lone surrogates
        _deep(300),  # and nesting deeper than 254
    ],
)
def test_what_the_fast_path_cannot_prove_goes_to_the_standard_encoder(data: Any) -> None:
    assert wire._fast(data) is None
    assert encode_json(data) == reference(data)


def test_subclasses_and_other_types_are_declined_and_encoded_or_refused_as_before() -> None:
    class Name(str):
        pass

    class Count(int):
        pass

    import datetime

    for data in ({"a": Name("x")}, [Count(3)], {"d": {"e": Name("/")}}):
        assert wire._fast(data) is None
        assert encode_json(data) == reference(data)
    for refused in ({"when": datetime.date(2024, 1, 1)}, {"s": {1, 2}}, [b"bytes"]):
        assert wire._fast(refused) is None
        with pytest.raises(TypeError):
            encode_json(refused)


def test_a_circular_document_is_refused_as_before() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        encode_json(loop)


def test_a_customer_answer_takes_the_fast_path() -> None:
    """The usual answer (strings, ints, bools, lists, objects, a null) is what the fast path is for."""
    customer = {
        "id": 7,
        "date_created": "2024-05-01T10:00:00",
        "date_modified": None,
        "email": "ann@example.com",
        "billing": {"first_name": "Ann", "phone": ""},
        "is_paying_customer": False,
        "avatar_url": "https://secure.gravatar.com/avatar/ab?s=96&d=mm&r=g",
        "meta_data": [{"id": 1, "key": "k", "value": "v"}],
        "_links": {"self": [{"href": "http://shop.test/wp-json/wc/v3/customers/7"}]},
    }
    fast = wire._fast(customer)
    assert fast is not None
    assert fast == reference(customer)
    assert b'"http:\\/\\/shop.test\\/wp-json' in fast


def test_pretty_answers_keep_four_spaces() -> None:
    assert encode_json({"a": [1]}, pretty=True) == b'{\n    "a": [\n        1\n    ]\n}'


def test_each_created_record_has_its_own_location_and_adds_no_header_set() -> None:
    """A create's ``Location`` is its own; the header sets kept built (``encoded_headers``: the
    dict and the encoded lines) are shared by every create, so writes never fill and clear them."""
    from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
    from wcmock.harness.in_process import in_process_client

    with in_process_client(create_app(), auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET)) as client:
        first = client.post("/wp-json/wc/v3/customers", json={"email": "first@example.com"})
        kept = len(wire._WIRE_HEADERS)
        later = [client.post("/wp-json/wc/v3/customers", json={"email": f"c{n}@example.com"}) for n in range(5)]
        assert len(wire._WIRE_HEADERS) == kept
    answers = [first, *later]
    assert [a.status_code for a in answers] == [201] * 6
    assert [a.headers["location"] for a in answers] == [
        f"http://testserver/wp-json/wc/v3/customers/{a.json()['id']}" for a in answers
    ]
    assert len({tuple(a.headers) for a in answers}) == 1  # the same headers, in the same order


# a document whose floats are all in its "numbers" part, the rest text, booleans and nulls (what a
# schema-checked answer is: ``validation.number_places``)
plain_parts = st.recursive(
    st.one_of(st.none(), st.booleans(), ascii_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(ascii_text, children, max_size=4)),
    max_leaves=15,
)
number_parts = st.recursive(
    st.one_of(st.integers(-(2**63), 2**63 - 1), floats, ascii_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(ascii_text, children, max_size=4)),
    max_leaves=15,
)


@settings(max_examples=500, deadline=None)
@given(plain_parts, number_parts)
def test_a_document_with_numbers_in_known_places_is_encoded_as_the_standard_encoder_does(
    plain: Any, numbers: Any
) -> None:
    """``numbers``: floats are looked for there alone, and a float orjson writes its own way (a
    NaN, ``1e16``, ``1.5e-05``) still sends the document to the standard encoder."""
    data = {"plain": plain, "numbers": numbers}
    assert outcome(lambda d: encode_json(d, numbers=[d["numbers"]]), data) == outcome(reference, data)


def test_a_customer_with_a_float_in_its_meta_data_is_written_as_the_standard_encoder_does() -> None:
    customer = {"id": 7, "email": "ann@example.com", "meta_data": [{"id": 1, "key": "k", "value": 1.5e-05}]}
    encoded = encode_json(customer, numbers=[customer["id"], customer["meta_data"]])
    assert encoded == reference(customer)
    assert b'"value":1.5e-05' in encoded


@pytest.mark.parametrize("data", [[0, 0, 0, 203, 0], [0, 0, 203, 0, 0], [1, 2, 3, 4, 203], {"a": 203, "b": 0}])
def test_a_short_document_with_a_float_markers_byte_is_encoded(data: Any) -> None:
    """MessagePack shorter than a float (an int's byte 0xcb, the float marker, near its end) must not
    be read past its end: the search for markers stops 8 bytes before the end, or at the start."""
    assert encode_json(data) == reference(data)
    assert wire._fast(data) in (None, reference(data))
