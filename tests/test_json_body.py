"""A JSON request body is read by msgspec's decoder where it gives what the standard decoder gives
(``wire.decode_body``), and by the standard decoder, which decides the error, everywhere else."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wcmock.errors import RestError
from wcmock.rest import wire
from wcmock.rest.wire import decode_body


def standard(body: bytes) -> tuple[str, Any]:
    """What the body reads as with the standard decoder alone: ("ok", value) or ("error", code)."""
    try:
        parsed = wire._standard_decode(body)
    except RestError as error:
        return "error", error.body()["data"]["json_error_code"]
    problem = wire.decode_problem(parsed, body)
    return ("error", problem) if problem is not None else ("ok", parsed)


def read(body: bytes) -> tuple[str, Any]:
    try:
        return "ok", decode_body(body)
    except RestError as error:
        return "error", error.body()["data"]["json_error_code"]


def same(a: Any, b: Any) -> bool:
    """Equal, of the same types, floats to the bit (``-0.0`` is not ``0.0``), keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees(body: bytes) -> None:
    fast, slow = read(body), standard(body)
    assert fast[0] == slow[0], (body, fast, slow)
    assert same(fast[1], slow[1]), (body, fast, slow)


@pytest.mark.parametrize(
    "body",
    [
        b'{"first_name":"X"}',
        b'{"a":1,"b":2,"a":3}',
        b"-9223372036854775809",  # orjson would read it as a float
        b"18446744073709551616",
        b"1e400",  # inf for Python, refused by msgspec
        b"-0.0",
        b"5e-324",
        b'"\\ud800"',  # a lone surrogate escape: error 10
        b'"\\ud83d\\ude00"',
        b'"\xed\xa0\x80"',  # invalid UTF-8: error 5
        b"\xef\xbb\xbf{}",  # a byte order mark
        b'"\x01"',  # a raw control character: error 3
        b"NaN",
        b"[1,]",
        b"1" * 5000,  # past Python's digit limit
        b"-" + b"9" * 4000,  # a big int, not a float
        b"1" * 400 + b".5",  # a float msgspec refuses, Python reads
        b"-1e-400",  # -0.0
        b"[" * 600 + b"]" * 600,  # deeper than PHP's 512: error 1
        b"[" * 5000 + b"]" * 5000,
        b'{"a":1}{"b":2}',
        b" \t\r\n{} \n",
    ],
)
def test_edge_bodies_read_as_the_standard_decoder_reads_them(body: bytes) -> None:
    agrees(body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(json_values, st.booleans())
def test_any_document_reads_alike(value: Any, ascii_only: bool) -> None:
    agrees(json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))


@settings(max_examples=400, deadline=None)
@given(json_values, st.data())
def test_any_damaged_document_reads_alike(value: Any, data: st.DataObject) -> None:
    """A byte changed, added or taken away: both read it, to the same value, or neither does."""
    body = bytearray(json.dumps(value).encode())
    at = data.draw(st.integers(0, len(body)))
    action = data.draw(st.sampled_from(["insert", "replace", "delete"]))
    byte = data.draw(st.sampled_from(list(b'"\\{}[],:.eE+-0123456789 \x00\x7f\xff\xc3tfnu')))
    if action == "insert":
        body.insert(at, byte)
    elif body and at < len(body):
        if action == "replace":
            body[at] = byte
        else:
            del body[at]
    agrees(bytes(body))
