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
