"""Validate customer payloads against wcmock's JSON Schemas (``schemas/``, Draft 2020-12).

The schemas are loaded once and their validators compiled once per (schema, mode)::

    from wcmock.validation import validate_customer, validate_request, SchemaViolation

    validate_customer(body, version="v3", context="view")       # a customer as a store renders it
    validate_request({"email": 5}, version="v3", kind="create")  # raises SchemaViolation
    validate_response(body, version="v2", kind="batch")          # customer, customers, download,
                                                                 # downloads, batch, error, route, …

Exception tree::

    ValueError
    └── SchemaViolation    the first (most relevant) broken rule: ``path``, ``rule``, ``schema_path``,
                           ``value``; ``str()`` names all three, e.g. ``$.billing.email: 5 is not of
                           type 'string' (schema: v3/billing.input.json#/properties/email/type)``

Requests are checked the way the documentation describes them. ``strict=False`` relaxes two rules a
real store does not enforce: read-only properties are let through (a store ignores them) and a batch
body is checked as a store checks it (its top-level keys as update arguments, its items not at all).
The schemas describe the documented shapes and so refuse some bodies a store takes: WordPress skips
a top-level ``null``, takes ``""`` or ``[]`` for an object and a numeric string for an integer. The
server therefore checks requests the way the store does, against the argument schemas the real
store publishes (``wcmock/resources/customers/wp_rest.json``) with WordPress's coercions, not against these.
``partial=True`` validates a ``_fields``-filtered response (no property is required).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin

from wcmock.rest.schema import BASE_URI
from wcmock.versions import NAMES
from wcmock.wordpress import is_email

try:  # optional accelerator: the same Draft 2020-12 rules in Rust, ~100x faster on the hot path
    import jsonschema_rs
except ImportError:  # pragma: no cover - exercised only where it is not installed
    jsonschema_rs = None  # type: ignore[assignment]  # the accelerator is optional

if TYPE_CHECKING:  # the pure-Python validator is imported at first use: it costs ~80 ms at start-up
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator
    from referencing import Registry


CONTEXTS = ("view", "edit")
COMMON_KINDS = {
    "error": "common/error.json",
    "route": "common/route.json",
    "index": "common/index.json",
    "namespace": "common/namespace.json",
}
Mode = Literal["response", "partial", "request", "strict"]


class SchemaViolation(ValueError):
    """A payload that breaks its schema: where (``path``), which rule, and the offending value."""

    def __init__(self, error: ValidationError, schema: str) -> None:
        self.path: str = error.json_path
        self.rule: str = str(error.validator)
        self.value: Any = error.instance
        self.schema: str = schema
        self.keyword_path: str = "/".join(str(p) for p in error.absolute_schema_path)
        self.schema_path: str = locate(schema, list(error.absolute_schema_path))
        self.detail: str = error.message
        super().__init__(f"{self.path}: {self.detail} (schema: {self.schema_path})")


def locate(path: str, keywords: list[Any]) -> str:
    """Where a rule lives: ``billing.input.json#/properties/email/type``, following ``$ref``s.

    jsonschema's schema paths leave out the ``$ref`` hops; this walks them again so the location
    names the file and JSON pointer that hold the broken rule.
    """
    schemas = load_schemas()
    uri, node = BASE_URI + path, schemas[path]
    pointer: list[str] = []
    for keyword in keywords:
        while not _has(node, keyword):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if ref is None:
                return f"{path}#/" + "/".join(str(k) for k in keywords)
            target, _, fragment = urljoin(uri, ref).partition("#")
            uri, node, pointer = target, schemas[target.removeprefix(BASE_URI)], []
            for part in filter(None, fragment.split("/")):
                node, pointer = node[part], [*pointer, part]
        node, pointer = node[keyword], [*pointer, str(keyword)]
    return f"{uri.removeprefix(BASE_URI)}#/" + "/".join(pointer)


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


@cache
def schemas_dir() -> Path:
    """The schemas: inside the installed package, or the project's ``schemas/`` folder (found
    beside this module, as :func:`wcmock.fixtures.fixtures_dir` finds the fixtures)."""
    here = Path(__file__).resolve().parent
    bundled = here / "_schemas"
    return bundled if bundled.is_dir() else here.parent / "schemas"


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every schema document, keyed by its path under ``schemas/`` (e.g. ``v3/customer.view.json``)."""
    root = schemas_dir()
    return {
        path.relative_to(root).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.json"))
    }


@cache
def _contents() -> dict[str, dict[str, Any]]:
    """The documents without ``$schema``: jsonschema would otherwise switch back to its stock
    Draft 2020-12 class at each ``$ref`` and drop the strict and partial modes' keyword changes."""
    return {path: {k: v for k, v in doc.items() if k != "$schema"} for path, doc in load_schemas().items()}


@cache
def _document(path: str) -> dict[str, Any]:
    """One document as :func:`_contents` holds it, read alone (``v3/customer.view.json``)."""
    try:
        doc: dict[str, Any] = json.loads((schemas_dir() / path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LookupError(f"no schema {path} under {schemas_dir()}") from None
    doc.pop("$schema", None)
    return doc


def _reachable(path: str) -> dict[str, dict[str, Any]]:
    """The documents a schema refers to (``$ref``), directly or through others, itself included.

    That is all the accelerator's registry needs: reading and registering every one of ``schemas/``
    made a server's first answer ~20 ms slower."""
    found: dict[str, dict[str, Any]] = {}
    waiting = [path]
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found[current] = doc = _document(current)
        for ref in _refs(doc):
            target = urljoin(BASE_URI + current, ref).partition("#")[0]
            if target.startswith(BASE_URI):
                waiting.append(target.removeprefix(BASE_URI))
    return found


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@cache
def registry() -> Registry[Any]:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources_ = [(doc["$id"], DRAFT202012.create_resource(doc)) for doc in _contents().values()]
    return Registry().with_resources(resources_).crawl()


def _read_only(validator: Validator, value: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    from jsonschema import ValidationError

    if value:
        yield ValidationError(f"{instance!r} is read-only (a real store ignores it)")


def _no_required(validator: Validator, value: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    return iter(())


@cache
def _classes() -> dict[str, Any]:
    """The pure-Python validator classes per mode, and the request modes' format checker.

    Built at the first validation that needs them, not at import: serving answers uses the
    accelerator, and ``wcmock serve`` should not pay for jsonschema's import before its first answer."""
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.validators import extend

    formats = FormatChecker(formats=())
    formats.checks("email")(lambda value: not isinstance(value, str) or is_email(value))
    # ``extend`` has no annotations in types-jsonschema; the classes it returns are plain validators.
    partial = extend(Draft202012Validator, {"required": _no_required})  # type: ignore[no-untyped-call]
    strict = extend(Draft202012Validator, {"readOnly": _read_only})  # type: ignore[no-untyped-call]
    return {
        "response": Draft202012Validator,
        "partial": partial,
        "request": Draft202012Validator,
        "strict": strict,
        "formats": formats,
    }


@cache
def validator(path: str, mode: Mode = "response") -> Validator:
    """The compiled validator for one schema file (``v3/customer.view.json``) in one mode."""
    schema = _contents().get(path)
    if schema is None:
        raise LookupError(f"no schema {path} under {schemas_dir()}")
    classes = _classes()
    checker = classes["formats"] if mode in ("request", "strict") else None
    compiled: Validator = classes[mode](schema, registry=registry(), format_checker=checker)
    return compiled


@cache
def kinds(*, request: bool) -> dict[str, str]:
    """Kind names -> schema path templates: the REST server's common ones and each resource's.

    The registry is read here, at the first call rather than at import, because the REST server
    (which the resources build on) validates its own answers with this module too."""
    from wcmock.resources import RESOURCES

    found = {} if request else dict(COMMON_KINDS)
    for resource in RESOURCES:
        found.update(resource.request_kinds if request else resource.response_kinds)
    return found


def schema_path(*, version: str, kind: str, request: bool, context: str = "view") -> str:
    kinds_ = kinds(request=request)
    if kind not in kinds_:
        raise LookupError(f"unknown {'request' if request else 'response'} kind {kind!r}; one of {sorted(kinds_)}")
    if version not in NAMES:
        raise LookupError(f"unknown version {version!r}; one of {NAMES}")
    if context not in CONTEXTS:
        raise LookupError(f"unknown context {context!r}; one of {CONTEXTS}")
    return kinds_[kind].format(version=version, context=context)


def _update_kind(batch: str) -> str:
    """A resource's update kind, named after its batch kind: ``batch`` -> ``update``,
    ``orders_batch`` -> ``order_update``."""
    prefix = batch.removesuffix("batch")
    return f"{prefix.removesuffix('s_')}_update" if prefix else "update"


@cache  # every answer asks: the file and mode depend on these names alone (unknown ones raise, uncached)
def _resolve(version: str, kind: str, *, request: bool, context: str, strict: bool, partial: bool) -> tuple[str, Mode]:
    if request:
        if kind.endswith("batch") and not strict:
            kind = _update_kind(kind)  # WordPress checks a batch body's own keys as update arguments, not its items
        return schema_path(version=version, kind=kind, request=True), "strict" if strict else "request"
    return schema_path(version=version, kind=kind, request=False, context=context), "partial" if partial else "response"


def errors(
    payload: Any,
    *,
    version: str = "v3",
    kind: str = "customer",
    request: bool = False,
    context: str = "view",
    strict: bool = True,
    partial: bool = False,
) -> list[SchemaViolation]:
    """Every violation (empty when valid), for callers that log instead of raising ("warn" mode)."""
    path, mode = _resolve(version, kind, request=request, context=context, strict=strict, partial=partial)
    found = sorted(validator(path, mode).iter_errors(payload), key=lambda e: list(e.absolute_path))
    return [SchemaViolation(error, path) for error in found]


@cache
def _fast(path: str) -> Any:
    """A ``jsonschema_rs`` validator for a response schema, or None without the accelerator.

    Responses use only standard keywords and no format assertions, so both libraries decide alike
    (``tests/test_schemas.py`` checks it); the pure-Python validator still words every error.
    """
    if jsonschema_rs is None:
        return None
    contents = _reachable(path)
    registry_ = jsonschema_rs.Registry([(doc["$id"], doc) for doc in contents.values()])
    return jsonschema_rs.Draft202012Validator(contents[path], registry=registry_, validate_formats=False)


def _check(payload: Any, path: str, mode: Mode) -> None:
    fast = _fast(path) if mode == "response" else None
    if fast is not None and fast.is_valid(payload):
        return
    compiled = validator(path, mode)
    if fast is None and compiled.is_valid(payload):
        return
    from jsonschema.exceptions import best_match

    error = best_match(compiled.iter_errors(payload))
    if error is not None:
        raise SchemaViolation(error, path)


def validate_customer(payload: Any, *, version: str = "v3", context: str = "view", partial: bool = False) -> None:
    """A single customer as ``wc/{version}`` renders it (``_links`` optional)."""
    validate_response(payload, version=version, kind="customer", context=context, partial=partial)


def validate_response(
    payload: Any, *, version: str = "v3", kind: str, context: str = "view", partial: bool = False
) -> None:
    """A response body: ``customer``, ``customers``, ``download``, ``downloads``, ``batch``, ``error``,
    ``route`` (OPTIONS), ``index`` (``/wp-json/``) or ``namespace`` (``/wp-json/wc/vN``)."""
    _check(payload, *_resolve(version, kind, request=False, context=context, strict=True, partial=partial))


def validate_request(payload: Any, *, version: str = "v3", kind: str, strict: bool = True) -> None:
    """A request body (``create``, ``update``, ``batch``) or the list query after coercion (``query``)."""
    _check(payload, *_resolve(version, kind, request=True, context="view", strict=strict, partial=False))


def is_valid(
    payload: Any, *, version: str = "v3", kind: str = "customer", request: bool = False, **options: Any
) -> bool:
    path, mode = _resolve(
        version,
        kind,
        request=request,
        context=options.get("context", "view"),
        strict=options.get("strict", True),
        partial=options.get("partial", False),
    )
    fast = _fast(path) if mode == "response" else None
    return bool((fast or validator(path, mode)).is_valid(payload))


VALIDATION_MODES = ("strict", "warn", "off")
log = logging.getLogger("wcmock")


# (version, kind, context) -> (the accelerator's validator or None, schema path, mode): an answer's
# check is one dictionary hit and one ``is_valid``, not four calls of keyword-argument caches
_RESPONSE_CHECKS: dict[tuple[str, str, str], tuple[Any, str, Mode]] = {}


def check_response(payload: Any, *, version: str, kind: str, mode: str = "strict", context: str = "view") -> None:
    """Validate an answer before it leaves: ``strict`` raises, ``warn`` logs and serves, ``off`` skips.

    A violation is a bug in wcmock, never in the client, so strict mode (the default) makes it loud.
    """
    if mode == "off":
        return
    found = _RESPONSE_CHECKS.get((version, kind, context))
    if found is None:  # unknown names raise here, and are not kept
        path, schema_mode = _resolve(version, kind, request=False, context=context, strict=True, partial=False)
        found = _RESPONSE_CHECKS[(version, kind, context)] = (_fast(path), path, schema_mode)
    fast, path, schema_mode = found
    if fast is not None and fast.is_valid(payload):
        return
    try:
        _check(payload, path, schema_mode)
    except SchemaViolation as violation:
        if mode == "strict":
            raise
        log.warning("wcmock answered outside its own schema: %s", violation)


def check_response_properties(
    values: dict[str, Any], *, version: str, kind: str, mode: str = "strict", context: str = "view"
) -> None:
    """Validate some top-level properties of an answer (``values``), as :func:`check_response` would.

    For a kept answer remade with new values in a few places (a product saved again, its
    ``date_modified`` the only change; a product rendered from a sibling's rendering): the rest of
    it was checked whole when it was made, and the keys are the checked answer's. The last values
    found valid per schema are kept, so values many answers share (a second's dates) are checked once."""
    if mode == "off":
        return
    where = (version, kind, context)
    passed = _PASSED.get(where)
    if passed is not None and passed == values and all(map(_same_type, passed.values(), values.values())):
        return
    found = _PROPERTY_CHECKS.get(where)
    if found is None:  # unknown names raise here, and are not kept
        path, _ = _resolve(version, kind, request=False, context=context, strict=True, partial=False)
        found = _PROPERTY_CHECKS[where] = (_fast_properties(path), path)
    fast, path = found
    if fast is None or not fast.is_valid(values):
        try:
            _check(values, path, "partial")
        except SchemaViolation as violation:
            if mode == "strict":
                raise
            log.warning("wcmock answered outside its own schema: %s", violation)
            return
    _PASSED[where] = dict(values)


def _same_type(a: Any, b: Any) -> bool:
    return type(a) is type(b)


def number_places(version: str, kind: str, *, context: str = "view") -> tuple[str, ...] | None:
    """The top-level properties of a ``kind`` answer whose values may hold a number, anywhere
    inside them, by its response schema (``$ref``s followed): an answer that passed the schema
    holds strings, booleans and nulls only everywhere else. None when the schema is not a plain
    object of properties. What ``encode_json``'s ``numbers`` is for: floats are looked for there alone."""
    where = (version, kind, context)
    if where not in _NUMBER_PLACES:  # unknown names raise here, and are not kept
        path, _ = _resolve(version, kind, request=False, context=context, strict=True, partial=False)
        doc = _document(path)
        places: tuple[str, ...] | None = None
        if doc.get("type") == "object" and isinstance(doc.get("properties"), dict) and set(doc) <= _PLAIN_OBJECT:
            uri = BASE_URI + path
            places = tuple(name for name, sub in doc["properties"].items() if _may_hold_number(sub, uri, set()))
        _NUMBER_PLACES[where] = places
    return _NUMBER_PLACES[where]


_NUMBER_PLACES: dict[tuple[str, str, str], tuple[str, ...] | None] = {}
# what a schema node may say and still tell by its types what its values hold (anything else: they may hold a number)
_PLAIN_OBJECT = {"$id", "$schema", "title", "description", "type", "properties", "required", "additionalProperties"}
_PLAIN_NODE = _PLAIN_OBJECT | {
    "$ref",
    "enum",
    "items",
    "readOnly",
    "pattern",
    "format",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "uniqueItems",
    "default",
    "examples",
    "writeOnly",
    "deprecated",
}


def _may_hold_number(node: Any, uri: str, seen: set[str]) -> bool:
    """Whether a value a schema node accepts may be or hold a number (True when it cannot tell)."""
    if node is False:
        return False
    if not isinstance(node, dict) or not set(node) <= _PLAIN_NODE:
        return True  # true, a const, a combinator...: anything may be there
    if "enum" in node:  # its values are all it takes
        return not isinstance(node["enum"], list) or not all(type(v) in (str, bool, type(None)) for v in node["enum"])
    ref = node.get("$ref")
    if isinstance(ref, str):
        target, _, fragment = urljoin(uri, ref).partition("#")
        if fragment or not target.startswith(BASE_URI) or target in seen:
            return True
        if _may_hold_number(_document(target.removeprefix(BASE_URI)), target, seen | {target}):
            return True
    elif ref is not None:
        return True
    types = node.get("type")
    if types is None:
        return ref is None  # no type: anything, unless a whole document it refers to said what
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not set(types) <= {"string", "boolean", "null", "object", "array"}:
        return True
    if "object" in types:
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        if not isinstance(properties, dict) or extra is not False:
            return True
        if any(_may_hold_number(sub, uri, seen) for sub in properties.values()):
            return True
    return "array" in types and _may_hold_number(node.get("items", True), uri, seen)


_PROPERTY_CHECKS: dict[tuple[str, str, str], tuple[Any, str]] = {}  # as _RESPONSE_CHECKS, for some properties
_PASSED: dict[tuple[str, str, str], dict[str, Any]] = {}  # (version, kind, context) -> the last values that passed


@cache
def _fast_properties(path: str) -> Any:
    """A ``jsonschema_rs`` validator for a response schema with no property required (or None
    without the accelerator): for some of an answer's properties."""
    if jsonschema_rs is None:
        return None
    contents = _reachable(path)
    registry_ = jsonschema_rs.Registry([(doc["$id"], doc) for doc in contents.values()])
    schema = {key: value for key, value in contents[path].items() if key != "required"}
    return jsonschema_rs.Draft202012Validator(schema, registry=registry_, validate_formats=False)
