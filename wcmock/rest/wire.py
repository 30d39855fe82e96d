"""WordPress's wire format: JSON as ``wp_json_encode`` writes it, the default headers, ``_fields``,
and the JSON body errors ``json_decode`` leads to."""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from typing import Any

try:  # optional accelerators: the standard encoder's bytes, ~4x sooner, where they prove them alike
    import orjson
    from msgspec.json import Decoder as JsonDecoder
    from msgspec.msgpack import Encoder as MsgpackEncoder
except ImportError:  # pragma: no cover - exercised only where they are not installed
    orjson = None  # type: ignore[assignment]  # the accelerators are optional

from wcmock.errors import InvalidJson, RestError
from wcmock.patterns import LazyPattern
from wcmock.php import php_array
from wcmock.rest.args import parse_list

JSON_TYPE = "application/json; charset=UTF-8"
EXTRA_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-robots-tag": "noindex",
    "access-control-expose-headers": "X-WP-Total, X-WP-TotalPages, Link",
    "access-control-allow-headers": "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type",
}
JSON_ERRORS = {
    1: "Maximum stack depth exceeded",
    3: "Control character error, possibly incorrectly encoded",
    4: "Syntax error",
    5: "Malformed UTF-8 characters, possibly incorrectly encoded",
    10: "Single unpaired UTF-16 surrogate in unicode escape",
}
_SURROGATE_ESCAPE = LazyPattern(rb"\\u[dD][89a-fA-F]")
MAX_JSON_DEPTH = 512  # PHP json_decode's default depth
MAX_BODY_BYTES = 8 * 1024 * 1024  # a fake answers tests: a bigger body is a mistake, refused with a 413


HEADER_MEMO_LIMIT = 1024  # header sets kept built (a list's X-WP-Total and Link vary with the query)
HeaderLines = list[tuple[bytes, bytes]]  # an answer's header lines as the ASGI server sends them
_WIRE_HEADERS: dict[tuple[Any, ...], tuple[dict[str, str], HeaderLines, int]] = {}
# a created record's URL: its own value in every answer, so the memos keep the header set without it
# (else each create would add a set, and clearing a full memo stalled one request in ~1,000 for ms)
LOCATION = "Location"


# the bytes the encoder writes as they are between a string's quotes: printable ASCII but the quote
# and the backslash (``/`` it writes as ``\/``)
PLAIN = b" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"


def quoted_texts(values: Sequence[Any]) -> list[bytes] | None:
    """What the encoder writes between the quotes of each of ``values``, when each is a string of
    :data:`PLAIN` bytes alone; else None. One pass over them all: joined by quotes, which no such
    string holds. (What a byte template's holes take: ``customers/template.py``, ``products/form.py``.)"""
    for value in values:
        if type(value) is not str:
            return None
    joined = '"'.join(values)
    if not joined.isascii():
        return None
    raw = joined.encode()
    if len(raw.translate(None, PLAIN)) != len(values) - 1:
        return None
    return raw.replace(b"/", b"\\/").split(b'"')


def holed(raw: bytes, places: list[tuple[int, int]]) -> bytes:
    """``raw`` with a ``%s`` in each of ``places`` (``(start, end)``, in order) and its own ``%``
    doubled: a pattern that ``%`` fills with a sibling's values (their ``quoted_texts``, digits)."""
    pieces, start = [], 0
    for begin, stop in places:
        pieces.append(raw[start:begin].replace(b"%", b"%%"))
        start = stop
    pieces.append(raw[start:].replace(b"%", b"%%"))
    return b"%s".join(pieces)


def wire_headers(api_root: str, headers: dict[str, Any]) -> dict[str, str]:
    """WordPress's default headers (the api.w.org ``Link`` unless the response has its own), then the response's."""
    return encoded_headers(api_root, headers)[0]


def encoded_headers(api_root: str, headers: dict[str, Any]) -> tuple[dict[str, str], HeaderLines]:
    """``wire_headers``, and the same headers as the lines the answer starts with (but
    ``Content-Length``, the body's own): the lines are shared, never change them."""
    wire, location, lines = shared_headers(api_root, headers)
    answer = dict(wire)
    if location is not None:
        answer["location"] = location
    return answer, lines


def shared_headers(api_root: str, headers: dict[str, Any]) -> tuple[dict[str, str], str | None, HeaderLines]:
    """``encoded_headers`` as kept: the headers but ``Location``'s value (shared: never change the
    dict), that value (None without one), and the lines with it in place (shared too).

    Built once per site URL and set of response headers but ``Location`` (a bounded memo); a
    create's answer is the only one with a ``Location``, put in its place in a copy of the lines."""
    location = headers.get(LOCATION)
    shared = headers if location is None else {**headers, LOCATION: ""}
    try:
        key: tuple[Any, ...] = (api_root, *shared.items())
        kept = _WIRE_HEADERS.get(key)
    except TypeError:  # a header value that cannot be a key: built every time
        key, kept = (), None
    if kept is None:
        wire = {"content-type": JSON_TYPE, "link": f'<{api_root}/>; rel="https://api.w.org/"', **EXTRA_HEADERS}
        wire.update((name.lower(), str(value)) for name, value in shared.items())
        lines = header_lines(wire)
        at = next((index for index, (name, _) in enumerate(lines) if name == b"location"), -1)
        kept = wire, lines, at
        if key:
            if len(_WIRE_HEADERS) >= HEADER_MEMO_LIMIT:
                _WIRE_HEADERS.clear()
            _WIRE_HEADERS[key] = kept
    wire, lines, at = kept
    if location is None:
        return wire, None, lines
    value = str(location)
    placed = lines.copy()  # the shared lines, with this answer's location in its place
    try:
        placed[at] = (b"location", value.encode("latin-1"))  # ``header_bytes``, written out
    except UnicodeEncodeError:
        placed[at] = (b"location", value.encode("utf-8"))
    return wire, value, placed


def header_lines(wire: dict[str, str]) -> HeaderLines:
    """The header lines of ``wire`` but ``Content-Length``, ``Content-Type`` first (JSON unless set)."""
    headers = {"content-type": JSON_TYPE, **wire}
    headers.pop("content-length", None)
    return [(name.encode("latin-1"), header_bytes(value)) for name, value in headers.items()]


def header_bytes(value: str) -> bytes:
    """Header values are latin-1 on the wire; anything else goes out as UTF-8 rather than failing."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def nesting_depth(value: Any) -> int:
    """How deeply arrays and objects nest (iteratively: the value may be deeper than Python's stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def decode_problem(parsed: Any, raw: bytes) -> int | None:
    """What PHP's ``json_decode`` refuses that Python's ``json.loads`` took: nesting deeper than 512
    (JSON_ERROR_DEPTH, 1) or an unpaired ``\\ud800`` escape (JSON_ERROR_UTF16, 10), which no UTF-8
    text can hold; ``raw`` is the body, to look for surrogate escapes only where there are some.

    Each level of nesting opens with a ``[`` or ``{`` of ``raw``, so a body with no more than 512 of
    them (every body but a pathological one) is not walked for its depth."""
    if (
        len(raw) > MAX_JSON_DEPTH
        and raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH
        and nesting_depth(parsed) > MAX_JSON_DEPTH
    ):
        return 1
    return 10 if has_lone_surrogate(parsed, raw) else None


def has_lone_surrogate(parsed: Any, raw: bytes) -> bool:
    """Whether a key or string of ``parsed`` (decoded from ``raw``) holds an unpaired surrogate,
    which no UTF-8 text can carry; ``raw`` is looked at first, so most bodies cost one search."""
    if b"\\u" not in raw or _SURROGATE_ESCAPE.search(raw) is None:  # most bodies have no escape at all
        return False
    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and not _utf8(node):
            return True
    return False


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def reject_constant(name: str) -> Any:
    raise ValueError(f"invalid constant {name}")


# made once: json.loads builds a decoder per call when given any option (half a small body's decoding)
_DECODER = json.JSONDecoder(parse_constant=reject_constant)
_fast_decode = JsonDecoder().decode if orjson is not None else None
_UNREAD = object()


def decode_body(body: bytes) -> Any:
    """A JSON request body as PHP's ``json_decode`` reads it, or its ``rest_invalid_json`` error.

    msgspec's decoder reads it ~5x sooner than the standard one; what it takes it reads as the
    standard decoder does (``tests/test_json_body.py`` compares them), and whatever it refuses
    (its errors, ``1e400``, lone surrogate escapes, nesting past its limit) is read by the standard
    decoder, which decides the error code. ``decode_problem`` then refuses what PHP refuses beyond that."""
    parsed: Any = _UNREAD
    if _fast_decode is not None:
        try:
            parsed = _fast_decode(body)
        except (
            Exception
        ):  # anything it refuses (its errors are ValueErrors, and RecursionError), the standard decoder decides
            parsed = _UNREAD
    if parsed is _UNREAD:
        parsed = _standard_decode(body)
    elif b"\\u" not in body and len(body) <= MAX_JSON_DEPTH:
        return parsed  # a small body with no escape: neither of ``decode_problem``'s refusals can apply
    problem = decode_problem(parsed, body)
    if problem is not None:
        raise invalid_json(problem)
    return parsed


def _standard_decode(body: bytes) -> Any:
    try:
        return _DECODER.decode(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise invalid_json(5) from None
    except RecursionError:
        raise invalid_json(1) from None
    except ValueError as error:
        raise invalid_json(3 if "control character" in str(error) else 4) from None


def invalid_json(code: int) -> RestError:
    return InvalidJson(json_error_code=code, json_error_message=JSON_ERRORS[code])


# made once: json.dumps builds an encoder per call when given any option (a sixth of a small answer's encoding)
_COMPACT = json.JSONEncoder(separators=(",", ":"))
_PRETTY = json.JSONEncoder(indent=4)
_ORJSON_OPTIONS = (
    (orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME)
    if orjson is not None
    else 0
)
_MSGPACK_FLOAT = b"\xcb"  # MessagePack's float 64 marker: every Python float, NaN and infinities too
_DOUBLE = struct.Struct(">d").unpack_from  # the 8 bytes after it
_msgpack = MsgpackEncoder().encode if orjson is not None else None


class _Declined(Exception):
    """orjson met a type it must not write its own way (a subclass, a dataclass, a datetime)."""


def _decline(value: Any) -> Any:
    raise _Declined


def encode_json(data: Any, *, pretty: bool = False, numbers: list[Any] | None = None) -> bytes:
    """``wp_json_encode``: ASCII only, with ``/`` escaped, as WordPress sends it (``_pretty``: 4 spaces).

    The standard library's encoder writes the answer; ``_fast`` gives the same bytes ~4x sooner for
    the documents it can prove it writes alike (most answers), and declines the others.

    ``numbers``: the parts of ``data`` that may hold a number, when the caller knows everything
    else holds strings, booleans and nulls only (an answer that passed a schema saying so:
    ``validation.number_places``); floats are looked for in them alone."""
    if not pretty:
        fast = _fast(data, numbers)
        if fast is not None:
            return fast
    text = (_PRETTY if pretty else _COMPACT).encode(data)
    return text.replace("/", "\\/").encode()


def _fast(data: Any, numbers: list[Any] | None = None) -> bytes | None:
    """orjson's bytes when they are the standard encoder's, else None (``tests/test_wire.py`` proves it).

    The two write the same JSON for str keys, strings, ints, bools, None, lists, tuples and dicts of
    plain types. What they write differently is declined: subclasses, dataclasses and datetimes
    (passed back to ``_decline``); what orjson refuses (non-str keys, ints beyond 64 bits, lone
    surrogates, nesting deeper than 254, sets, bytes); non-ASCII text (orjson writes UTF-8, the
    standard encoder ``\\uXXXX``) and DEL (the standard encoder writes ``\\u007f``); and floats
    outside ``plain_float`` (orjson writes ``0.000015`` for Python's ``1.5e-05``, ``null`` for NaN):
    an order's amounts are plain. ``/`` is escaped afterwards, as ``encode_json`` does. (Enums and
    UUIDs, which no answer holds, orjson writes where the standard encoder raises TypeError.)"""
    if orjson is None or _msgpack is None:
        return None
    try:
        out = orjson.dumps(data, default=_decline, option=_ORJSON_OPTIONS)
    except (TypeError, _Declined):  # orjson.JSONEncodeError is a TypeError
        return None
    if not out.isascii() or b"\x7f" in out:
        return None
    # a float shows as its marker in the document's MessagePack (msgspec's, ~2 µs), where ASCII text
    # cannot put that byte, followed by its 8 bytes. An int's, a length's or another float's byte may
    # look like one too: a candidate that reads as a float orjson writes its own way declines the
    # document only if orjson's text for it is in the document, as a real float's always is (one in
    # seven products' answers was declined for a byte of an id, and written ~10x slower)
    try:
        packed = _msgpack(data if numbers is None else numbers)
    except (TypeError, ValueError, OverflowError):
        return None
    at = packed.find(_MSGPACK_FLOAT, 0, max(len(packed) - 8, 0))  # a real marker has its 8 bytes after it
    while at >= 0:
        value = _DOUBLE(packed, at + 1)[0]
        if not plain_float(value) and orjson.dumps(value) in out:
            return None
        at = packed.find(_MSGPACK_FLOAT, at + 1, len(packed) - 8)
    return out.replace(b"/", b"\\/")


def plain_float(value: float) -> bool:
    """Whether orjson writes ``value`` as the standard encoder does: zero, or a finite magnitude the
    standard encoder writes without an exponent (``1e-4`` to below ``1e16``), where both write the
    shortest digits that read back as the same float (``tests/test_wire.py`` compares them)."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def filter_fields(data: Any, fields_param: Any) -> Any:
    """``rest_filter_response_fields``: keep the named keys, dotted paths for nested ones."""
    tree: dict[str, Any] = {}
    for spec in parse_list(fields_param):
        parts = str(spec).strip().split(".")
        node = tree
        for part in parts[:-1]:
            if node.get(part) is True:
                break
            node = node.setdefault(part, {})
        else:
            node[parts[-1]] = True
    if isinstance(data, list):
        return [_intersect(item, tree) for item in data]
    return _intersect(data, tree)


def _intersect(data: Any, tree: dict[str, Any]) -> Any:
    """``_rest_array_intersect_key_recursive``: PHP arrays keyed by name or, for lists, by index, in
    the data's order; what is left is a PHP array again (``[]`` when empty, a list when keyed 0, 1, …)."""
    if isinstance(data, list):
        kept = {str(i): v for i, v in enumerate(data) if str(i) in tree}
    elif isinstance(data, dict):
        kept = {key: value for key, value in data.items() if key in tree}
    else:
        return data
    return php_array({k: v if tree[k] is True else _intersect(v, tree[k]) for k, v in kept.items()})
