"""An OpenAPI 3.1 document of every route wcmock serves, built from ``schemas/``.

The JSON Schemas are embedded under ``components/schemas`` (``v3/customer.view.json`` becomes
``v3.customer.view``) with their ``$ref``s rewritten to point there; query parameters come from the
arguments a real store publishes (``wcmock/data/wp_rest.json``). The webhooks routes (wc/v2, wc/v3)
are described here too, so the fuzzer reaches them; their shapes are written out below.

WordPress's generic query parameters (``_fields``, ``_envelope``, ``_jsonp``, ``_pretty``, ``_method``)
work on every route but are left out of the document: they change the shape of any answer, so
declaring them would make every response schema a lie.
"""

from __future__ import annotations

import copy
from importlib import metadata
from typing import Any
from urllib.parse import urljoin

from wcmock.resources.customers import args as definitions
from wcmock.resources.webhooks.models import STATUSES
from wcmock.resources.webhooks.routes import COLLECTION_ARGS as WEBHOOK_COLLECTION_ARGS
from wcmock.resources.webhooks.routes import CONTEXT as WEBHOOK_CONTEXT
from wcmock.validation import BASE_URI, VERSIONS, load_schemas

DIALECT = "https://json-schema.org/draft/2020-12/schema"
JSON = "application/json"
ERRORS = {
    "400": ("BadRequest", "Invalid parameters or JSON body (`rest_invalid_param`, `rest_invalid_json`, …)."),
    "401": ("Unauthorized", "Not authenticated, bad credentials or a key without the needed permission."),
    "403": ("Forbidden", "Authenticated, but not allowed to do this."),
    "404": ("NotFound", "Unknown customer (`wc_user_invalid_id`) or no such route (`rest_no_route`)."),
    "413": ("TooLarge", "More than 100 items in one batch."),
    "501": ("NotImplemented", "Customers cannot be trashed: DELETE needs `force=true`."),
}
WEBHOOK_FIELDS = (
    "id",
    "name",
    "status",
    "topic",
    "resource",
    "event",
    "hooks",
    "delivery_url",
    "date_created",
    "date_created_gmt",
    "date_modified",
    "date_modified_gmt",
)
SECURED: list[dict[str, list[str]]] = [{"basic": []}, {"consumerKey": [], "consumerSecret": []}]
PAGING_HEADERS = {
    "X-WP-Total": {"description": "Customers matching the query.", "schema": {"type": "integer"}},
    "X-WP-TotalPages": {"description": "Pages at this per_page.", "schema": {"type": "integer"}},
    "Link": {"description": "`prev` / `next` page links.", "schema": {"type": "string"}},
}


def component_name(path: str) -> str:
    """``v3/customer.view.json`` → ``v3.customer.view``."""
    return path.removesuffix(".json").replace("/", ".")


def _ref(path: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{component_name(path)}"}


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


def _param(name: str, arg: dict[str, Any], where: str = "query") -> dict[str, Any]:
    schema = {k: arg[k] for k in ("type", "enum", "minimum", "maximum", "format", "items", "default") if k in arg}
    param: dict[str, Any] = {"name": name, "in": where, "required": where == "path", "schema": schema}
    if arg.get("description"):
        param["description"] = arg["description"]
    if schema.get("type") == "array":
        param["style"], param["explode"] = "form", False
    return param


def _json(path: str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {JSON: {"schema": _ref(path)}}}
    if headers:
        response["headers"] = headers
    return response


def _responses(ok: str, body: dict[str, Any], *codes: str) -> dict[str, Any]:
    responses = {ok: body}
    responses.update({code: {"$ref": f"#/components/responses/{ERRORS[code][0]}"} for code in codes})
    return responses


def _body(path: str, description: str) -> dict[str, Any]:
    return {"required": True, "description": description, "content": {JSON: {"schema": _ref(path)}}}


def _operation(op_id: str, summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    tag = op_id.split("_", 1)[0]
    return {
        "operationId": op_id,
        "summary": summary,
        "tags": [tag],
        "security": SECURED,
        "responses": responses,
        **extra,
    }


def _alike(methods: tuple[str, ...], op_id: str, summary: str, responses: dict[str, Any], body: Any) -> dict[str, Any]:
    """Operations that behave alike under several methods (PUT, PATCH and POST), ``op_id`` with a ``{method}``."""
    return {m: _operation(op_id.format(method=m), summary, responses, requestBody=body) for m in methods}


def _options(op_id: str) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "summary": "Describe the route: its endpoints, arguments and schema",
        "tags": [op_id.split("_", 1)[0]],
        "security": [{}, *SECURED],
        "responses": _responses(
            "200",
            {
                "description": "The route description; [] when the path matches no route (WordPress's answer).",
                "content": {JSON: {"schema": {"anyOf": [_ref("common/route.json"), {"type": "array", "maxItems": 0}]}}},
            },
        ),
    }


def version_paths(version: str) -> dict[str, Any]:
    base = f"/wp-json/wc/{version}/customers"
    args = definitions.item_args(version)
    collection = definitions.collection_args(version)
    downloads = definitions.downloads_args(version)
    envelope: list[dict[str, Any]] = []  # path-level parameters shared by every operation
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
    customer_id = {**item_id, "name": "customer_id"}
    edited = _json(f"{version}/customer.edit.json", "The customer, rendered with context=edit.")
    update_body = _body(f"{version}/customer.update.json", "The fields to change.")
    item_update = _alike(
        ("put", "patch", "post"),
        f"{version}_{{method}}_customer",
        "Update a customer (PUT, PATCH and POST behave alike)",
        _responses("200", edited, "400", "401", "403", "404"),
        update_body,
    )
    batch_body = _body(f"{version}/batch.request.json", "Customers to create, update and delete.")
    batch = _alike(
        ("post", "put", "patch"),
        f"{version}_{{method}}_batch",
        "Create, update and delete customers in one request (at most 100 items)",
        _responses(
            "200", _json(f"{version}/batch.response.json", "Each item's result or error."), "400", "401", "403", "413"
        ),
        batch_body,
    )
    return {
        base: {
            "parameters": envelope,
            "get": _operation(
                f"{version}_list_customers",
                "List customers",
                _responses(
                    "200",
                    _json(f"{version}/customers.json", "One page of customers.", PAGING_HEADERS),
                    "400",
                    "401",
                    "403",
                ),
                parameters=[_param(name, arg) for name, arg in collection.items()],
            ),
            "post": _operation(
                f"{version}_create_customer",
                "Create a customer",
                _responses(
                    "201",
                    _json(
                        f"{version}/customer.edit.json",
                        "The new customer.",
                        {"Location": {"description": "The new customer's URL.", "schema": {"type": "string"}}},
                    ),
                    "400",
                    "401",
                    "403",
                ),
                requestBody=_body(f"{version}/customer.create.json", "The new customer; `email` is required."),
            ),
            "options": _options(f"{version}_options_customers"),
        },
        base + "/{id}": {
            "parameters": [item_id, *envelope],
            "get": _operation(
                f"{version}_read_customer",
                "Retrieve a customer",
                _responses("200", _json(f"{version}/customer.view.json", "The customer."), "400", "401", "403", "404"),
                parameters=[_param("context", args["read"]["context"])],
            ),
            **item_update,
            "delete": _operation(
                f"{version}_delete_customer",
                "Delete a customer (force=true is required)",
                _responses(
                    "200",
                    _json(f"{version}/customer.edit.json", "The customer as it was."),
                    "400",
                    "401",
                    "403",
                    "404",
                    "501",
                ),
                parameters=[_param(name, args["delete"][name]) for name in ("force", "reassign")],
            ),
            "options": _options(f"{version}_options_customer"),
        },
        base + "/batch": {"parameters": envelope, **batch, "options": _options(f"{version}_options_batch")},
        base + "/{customer_id}/downloads": {
            "parameters": [customer_id, *envelope],
            "get": _operation(
                f"{version}_list_downloads",
                "List the files a customer may download",
                _responses(
                    "200", _json(f"{version}/downloads.json", "Every download permission."), "400", "401", "403", "404"
                ),
                parameters=[_param("context", downloads["context"])],
            ),
            "options": _options(f"{version}_options_downloads"),
        },
        f"/wp-json/wc/{version}": {
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
                "responses": {"200": _json("common/namespace.json", "The namespace index.")},
            }
        },
    }


def _webhook_schemas() -> dict[str, Any]:
    """The webhooks resource has no file under ``schemas/`` (they describe customers): its shapes,
    from the fields a real store renders, live here."""
    nullable_date = {"type": ["string", "null"], "format": "date-time"}
    webhook = {
        "type": "object",
        "required": [*WEBHOOK_FIELDS],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "status": {"type": "string", "enum": list(STATUSES)},
            "topic": {"type": "string"},
            "resource": {"type": "string"},
            "event": {"type": "string"},
            "hooks": {"type": "array", "items": {"type": "string"}},
            "delivery_url": {"type": "string"},
            "date_created": {"type": "string", "format": "date-time"},
            "date_created_gmt": {"type": "string", "format": "date-time"},
            "date_modified": nullable_date,
            "date_modified_gmt": nullable_date,
            "_links": {"type": "object"},
        },
        "additionalProperties": False,
    }
    writable = {
        name: {"type": "string", **({"enum": list(STATUSES)} if name == "status" else {})}
        for name in ("name", "status", "topic", "secret", "delivery_url")
    }
    item_or_error = {
        "anyOf": [
            {"$ref": "#/components/schemas/webhook"},
            {
                "type": "object",
                "required": ["id", "error"],
                "properties": {"id": {}, "error": {"$ref": "#/components/schemas/common.error"}},
            },
        ]
    }
    return {
        "webhook": webhook,
        "webhooks": {"type": "array", "items": {"$ref": "#/components/schemas/webhook"}},
        "webhook.create": {"type": "object", "properties": writable, "required": ["topic", "delivery_url"]},
        "webhook.update": {"type": "object", "properties": writable},
        "webhook.batch.request": {
            "type": "object",
            "properties": {
                "create": {"type": "array", "items": {"$ref": "#/components/schemas/webhook.create"}},
                "update": {
                    "type": "array",
                    "items": {
                        "allOf": [{"$ref": "#/components/schemas/webhook.update"}],
                        "properties": {"id": {"type": "integer"}},
                        "required": ["id"],
                    },
                },
                "delete": {"type": "array", "items": {"type": "integer"}},
            },
        },
        "webhook.batch.response": {
            "anyOf": [
                {"type": "array", "maxItems": 0},
                {
                    "type": "object",
                    "properties": {key: {"type": "array", "items": item_or_error} for key in ("create", "update")}
                    | {"delete": {"type": "array", "items": item_or_error}},
                    "additionalProperties": False,
                },
            ]
        },
    }


def webhook_paths(version: str) -> dict[str, Any]:
    base = f"/wp-json/wc/{version}/webhooks"
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
    one = {"description": "The webhook.", "content": {JSON: {"schema": {"$ref": "#/components/schemas/webhook"}}}}

    def body(name: str, description: str) -> dict[str, Any]:
        return {
            "required": True,
            "description": description,
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }

    update = _alike(
        ("put", "patch", "post"),
        f"{version}_{{method}}_webhook",
        "Update a webhook (PUT, PATCH and POST behave alike)",
        _responses("200", one, "400", "401", "403", "404"),
        body("webhook.update", "The fields to change."),
    )
    batch_answer = {
        "description": "Each item's result or error.",
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/webhook.batch.response"}}},
    }
    batch = _alike(
        ("post", "put", "patch"),
        f"{version}_{{method}}_webhooks_batch",
        "Create, update and delete webhooks in one request (at most 100 items)",
        _responses("200", batch_answer, "400", "401", "403", "413"),
        body("webhook.batch.request", "Webhooks to create, update and delete."),
    )
    listed = {
        "description": "One page of webhooks.",
        "headers": PAGING_HEADERS,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/webhooks"}}},
    }
    created = {**one, "headers": {"Location": {"description": "The new webhook's URL.", "schema": {"type": "string"}}}}
    return {
        base: {
            "get": _operation(
                f"{version}_list_webhooks",
                "List webhooks",
                _responses("200", listed, "400", "401", "403"),
                parameters=[_param(name, arg) for name, arg in WEBHOOK_COLLECTION_ARGS.items()],
            ),
            "post": _operation(
                f"{version}_create_webhook",
                "Create a webhook (a real store pings its delivery URL)",
                _responses("201", created, "400", "401", "403"),
                requestBody=body("webhook.create", "The new webhook; `topic` and `delivery_url` are required."),
            ),
            "options": _options(f"{version}_options_webhooks"),
        },
        base + "/{id}": {
            "parameters": [item_id],
            "get": _operation(
                f"{version}_read_webhook",
                "Retrieve a webhook",
                _responses("200", one, "400", "401", "403", "404"),
                parameters=[_param("context", WEBHOOK_CONTEXT)],
            ),
            **update,
            "delete": _operation(
                f"{version}_delete_webhook",
                "Delete a webhook (force=true is required)",
                _responses("200", one, "400", "401", "403", "404", "501"),
                parameters=[{"name": "force", "in": "query", "required": False, "schema": {"type": "boolean"}}],
            ),
            "options": _options(f"{version}_options_webhook"),
        },
        base + "/batch": {**batch, "options": _options(f"{version}_options_webhooks_batch")},
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
                "responses": {"200": _json("common/index.json", "The site index.")},
            }
        }
    }
    for version in VERSIONS:
        paths.update(version_paths(version))
        if version != "v1":  # wc/v1 webhooks are not served
            paths.update(webhook_paths(version))
    error_body = {JSON: {"schema": _ref("common/error.json")}}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DIALECT,
        "info": {
            "title": "wcmock: WooCommerce REST API customers (wc/v1, wc/v2, wc/v3) and webhooks (wc/v2, wc/v3)",
            "version": _version(),
            "description": "The customers and webhooks endpoints of a WooCommerce store as wcmock fakes them. "
            "Clients may also sign requests with one-legged OAuth 1.0a (oauth_* query parameters), "
            "which OpenAPI cannot describe.",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "tags": [{"name": "index"}, *({"name": v, "description": f"wc/{v}"} for v in VERSIONS)],
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
            "schemas": components_schemas() | _webhook_schemas(),
        },
    }
