"""JSON Schema documents for what the REST server itself answers, and the helpers resources build theirs with.

``common()`` is the part of ``schemas/`` no resource owns: errors, links, route descriptions (OPTIONS),
the site and namespace indexes. ``document``, ``closed``, ``open_object`` and ``described`` are the
building blocks of every generated file (Draft 2020-12, ``$id`` under ``BASE_URI``).
"""

from __future__ import annotations

from typing import Any

BASE_URI = "https://wcmock.example/schemas/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


def document(path: str, title: str, body: dict[str, Any], description: str = "") -> dict[str, Any]:
    doc = {"$schema": DIALECT, "$id": BASE_URI + path, "title": title, **body}
    if description:
        doc["description"] = description
    return doc


def closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def open_object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": True}
    if required:
        body["required"] = required
    return body


def described(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    if prop.get("description"):
        schema["description"] = prop["description"]
    return schema


def common() -> dict[str, dict[str, Any]]:
    link = closed(
        {
            "href": {"type": "string"},
            "targetHints": closed({"allow": {"type": "array", "items": {"enum": HTTP_METHODS}, "uniqueItems": True}}),
        },
        required=["href"],
    )
    links = {"type": "array", "items": {"$ref": "link.json"}, "minItems": 1}
    error = closed(
        {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "data": {
                # a bare number where a controller's WP_Error carries one (the refund routes: HTTP 500, "data": 404)
                "type": ["object", "null", "integer"],
                "properties": {
                    "status": {"type": "integer", "minimum": 100, "maximum": 599},
                    "params": {"type": ["object", "array"]},
                    "details": {"type": "object", "additionalProperties": {"$ref": "#/$defs/detail"}},
                },
                "additionalProperties": True,
            },
            "additional_errors": {"type": "array", "items": {"$ref": "#"}},
        },
        required=["code", "message"],
    )
    error["$defs"] = {
        "detail": closed(
            {"code": {"type": "string"}, "message": {"type": "string"}, "data": {"type": ["object", "null"]}}
        )
    }
    route = closed(
        {
            "namespace": {"type": "string"},
            "methods": {"type": "array", "items": {"enum": HTTP_METHODS}},
            "endpoints": {
                "type": "array",
                "items": closed(
                    {
                        "methods": {"type": "array", "items": {"enum": HTTP_METHODS}},
                        "args": {"type": "object", "additionalProperties": {"type": "object"}},
                    }
                ),
            },
            "schema": {"type": "object"},
            "_links": {"type": "object", "additionalProperties": links},
        },
        required=["namespace", "methods", "endpoints"],
    )
    routes = {"type": "object", "additionalProperties": {"$ref": "route.json"}}
    hal = {"type": "object", "additionalProperties": links}
    index = closed(
        {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "url": {"type": "string"},
            "home": {"type": "string"},
            "gmt_offset": {"type": "number"},
            "timezone_string": {"type": "string"},
            "namespaces": {"type": "array", "items": {"type": "string"}},
            "authentication": {"type": ["array", "object"]},
            "routes": routes,
            "_links": hal,
        }
    )
    namespace = closed({"namespace": {"type": "string"}, "routes": routes, "_links": hal})
    batch_error = closed(
        {"id": {"description": "The id the item was sent with (0 for creations)."}, "error": {"$ref": "error.json"}}
    )
    return {
        "common/error.json": document(
            "common/error.json", "error", error, "A WordPress REST error: code, message and data (status, params…)."
        ),
        "common/batch-error.json": document("common/batch-error.json", "batch item error", batch_error),
        "common/link.json": document("common/link.json", "link", link),
        "common/route.json": document(
            "common/route.json", "route description", route, "An OPTIONS answer: a route's endpoints, args and schema."
        ),
        "common/index.json": document("common/index.json", "site index", index, "GET /wp-json/"),
        "common/namespace.json": document(
            "common/namespace.json", "namespace index", namespace, "GET /wp-json/wc/{version}"
        ),
    }


def links_of(*relations: str) -> dict[str, Any]:
    """A ``_links`` object with these relations, each a non-empty list of ``common/link.json``."""
    links = {"type": "array", "items": {"$ref": "link.json"}, "minItems": 1}
    return closed(dict.fromkeys(relations, links))


# ---------------------------------------------------------------------------------------- shared builders

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"
INT_LIKE = {"type": ["integer", "string"], "pattern": "^\\s*[+-]?[0-9]+(\\.0*)?\\s*$"}
BATCH_ACTIONS = ("create", "update", "delete")


def list_of(path: str, title: str, item: str) -> dict[str, Any]:
    """A list answer: an array of ``item`` (a file beside ``path``), each with its ``_links``."""
    return document(path, title, {"type": "array", "items": {"$ref": item, "required": ["_links"]}})


def batch_response(path: str, title: str, item: str, what: str) -> dict[str, Any]:
    """A batch answer: created, updated and deleted ``item``s, each one or its error (``[]`` when empty)."""
    body = {
        "type": ["object", "array"],
        "maxItems": 0,
        "properties": {name: {"type": "array", "items": {"$ref": "#/$defs/item"}} for name in BATCH_ACTIONS},
        "additionalProperties": False,
        "$defs": {
            "item": {
                "if": {"type": "object", "required": ["error"]},
                "then": {"$ref": "../common/batch-error.json"},
                "else": {"$ref": item, "required": ["_links"]},
            }
        },
    }
    return document(
        path,
        title,
        body,
        f"Lists of created, updated and deleted {what} (each one or its error); an empty batch answers [].",
    )


def batch_request(path: str, title: str, create: str, update: str) -> dict[str, Any]:
    """The documented batch body: ``create`` and ``update`` items as their files say, ids to delete."""
    body = open_object(
        {
            "create": {"type": "array", "items": {"$ref": create}},
            "update": {"type": "array", "items": {"$ref": update, "required": ["id"]}},
            "delete": {"type": "array", "items": dict(INT_LIKE)},
        }
    )
    return document(
        path,
        title,
        body,
        "The documented batch body. A real store does not validate the items: it reports failures per item.",
    )


def query_of(path: str, title: str, args: dict[str, Any], description: str) -> dict[str, Any]:
    """A list's parameters after WordPress's type coercion, from the arguments a store publishes."""
    props = {}
    for name, arg in args.items():
        schema = {k: arg[k] for k in ("type", "enum", "minimum", "maximum", "format", "items", "default") if k in arg}
        props[name] = described(schema, arg)
    return document(path, title, open_object(props), description)


def published_output(prop: dict[str, Any]) -> dict[str, Any]:
    """A response property from a published (WordPress-style) property: ``date-time`` is WordPress's
    ``Y-m-d\\TH:i:s`` or null, ``mixed`` is anything, objects with
    properties are closed (a store renders exactly those keys), others keep their type."""
    kind = prop.get("type")
    schema: dict[str, Any]
    if kind == "date-time":
        schema = {"type": ["string", "null"], "pattern": DATE_PATTERN}
    elif kind in ("mixed", None):
        schema = {}
    elif kind == "object" and "properties" in prop:
        schema = closed({k: published_output(v) for k, v in prop["properties"].items()})
    elif kind == "array":
        items = prop.get("items")
        schema = {"type": "array", "items": published_output(items) if items else {}}
    else:
        schema = {"type": kind}
    if prop.get("description"):
        schema["description"] = prop["description"]
    return schema


def published_input(arg: dict[str, Any]) -> dict[str, Any]:
    """A request property from an argument definition, with WordPress's coercions: an integer may
    come as a numeric string, at any depth; objects stay open (a store ignores unknown keys)."""
    kind = arg.get("type")
    schema: dict[str, Any]
    if kind == "integer":
        schema = dict(INT_LIKE)
    elif kind == "array":
        schema = {"type": "array"}
        if isinstance(arg.get("items"), dict):
            schema["items"] = published_input(arg["items"])
    elif kind == "object":
        schema = {"type": "object"}
        if isinstance(arg.get("properties"), dict):
            schema["properties"] = {k: published_input(v) for k, v in arg["properties"].items()}
    elif isinstance(kind, list) or kind in ("string", "boolean", "number", "null"):
        schema = {"type": kind}
        for key in ("enum", "format"):
            if key in arg:
                schema[key] = arg[key]
    else:
        schema = {}
    if arg.get("description"):
        schema["description"] = arg["description"]
    return schema
