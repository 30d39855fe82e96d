"""An OpenAPI 3.1 document of every route wcmock serves, built from ``schemas/``.

The JSON Schemas are embedded under ``components/schemas`` (``v3/webhook.json`` becomes
``v3.webhook``) with their ``$ref``s rewritten to point there; query parameters come from the
arguments a real store publishes. Each registered resource adds its paths
(``Resource.openapi_paths``) and any shapes that have no file under ``schemas/``
(``Resource.openapi_schemas``).

WordPress's generic query parameters (``_fields``, ``_envelope``, ``_jsonp``, ``_pretty``, ``_method``)
work on every route but are left out of the document: they change the shape of any answer, so
declaring them would make every response schema a lie.
"""

from __future__ import annotations

import copy
from importlib import metadata
from typing import Any
from urllib.parse import urljoin

from wcmock.resources import RESOURCES
from wcmock.rest.openapi import ERRORS, JSON, SECURED, component_name, json, ref
from wcmock.rest.schema import BASE_URI, DIALECT
from wcmock.validation import load_schemas
from wcmock.versions import NAMES, since


def _rewrite(node: Any, uri: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("$id", "$schema"):
                continue
            if key == "$ref" and isinstance(value, str):
                target, _, fragment = urljoin(uri, value).partition("#")
                out[key] = f"#/components/schemas/{component_name(target.removeprefix(BASE_URI))}{fragment}"
            else:
                out[key] = _rewrite(value, uri)
        return out
    if isinstance(node, list):
        return [_rewrite(item, uri) for item in node]
    return node


def components_schemas() -> dict[str, Any]:
    return {component_name(path): _rewrite(copy.deepcopy(doc), doc["$id"]) for path, doc in load_schemas().items()}


def namespace_index(version: str) -> dict[str, Any]:
    """``GET /wp-json/wc/{version}``."""
    return {
        "get": {
            "operationId": f"{version}_namespace_index",
            "summary": f"The wc/{version} namespace: its routes",
            "tags": [version],
            "security": [],
            "parameters": [
                {
                    "name": "context",
                    "in": "query",
                    "required": False,
                    "description": "`help` adds each route's schema.",
                    "schema": {"type": "string", "default": "view"},
                }
            ],
            "responses": {"200": json("common/namespace.json", "The namespace index.")},
        }
    }


def _version() -> str:
    try:
        return metadata.version("wcmock")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0"


def openapi_document(base_url: str = "http://127.0.0.1:8080") -> dict[str, Any]:
    """The whole API wcmock serves, as an OpenAPI 3.1 document whose server is ``base_url``."""
    paths: dict[str, Any] = {
        "/wp-json/": {
            "get": {
                "operationId": "site_index",
                "summary": "The site index: name, namespaces and routes",
                "tags": ["index"],
                "security": [],
                "responses": {"200": json("common/index.json", "The site index.")},
            }
        }
    }
    for version in NAMES:
        for resource in RESOURCES:
            if resource.openapi_paths is not None and version in since(resource.since):
                paths.update(resource.openapi_paths(version))
        paths[f"/wp-json/wc/{version}"] = namespace_index(version)
    error_body = {JSON: {"schema": ref("common/error.json")}}
    served = " and ".join(f"{r.name} (wc/{', wc/'.join(since(r.since))})" for r in RESOURCES)
    extra_schemas: dict[str, Any] = {}
    for resource in RESOURCES:
        if resource.openapi_schemas is not None:
            extra_schemas |= resource.openapi_schemas()
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DIALECT,
        "info": {
            "title": "wcmock: WooCommerce REST API " + served,
            "version": _version(),
            "description": "The endpoints of a WooCommerce store as wcmock fakes them. "
            "Clients may also sign requests with one-legged OAuth 1.0a (oauth_* query parameters), "
            "which OpenAPI cannot describe.",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "tags": [{"name": "index"}, *({"name": v, "description": f"wc/{v}"} for v in NAMES)],
        "security": SECURED,
        "paths": paths,
        "components": {
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic", "description": "Consumer key and secret."},
                "consumerKey": {"type": "apiKey", "in": "query", "name": "consumer_key"},
                "consumerSecret": {"type": "apiKey", "in": "query", "name": "consumer_secret"},
            },
            "responses": {
                name: {"description": description, "content": error_body} for name, description in ERRORS.values()
            },
            "schemas": components_schemas() | extra_schemas,
        },
    }
