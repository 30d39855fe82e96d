"""The building blocks of wcmock's OpenAPI document: operations, responses, parameters, references.

Each resource writes its paths with these (``Resource.openapi_paths``); ``wcmock.openapi`` puts the
document together. Schemas are referenced by their path under ``schemas/`` (``v3/webhook.json``
is the component ``v3.webhook``).
"""

from __future__ import annotations

from typing import Any

JSON = "application/json"
ERRORS = {
    "400": ("BadRequest", "Invalid parameters or JSON body (`rest_invalid_param`, `rest_invalid_json`, …)."),
    "401": ("Unauthorized", "Not authenticated, bad credentials or a key without the needed permission."),
    "403": ("Forbidden", "Authenticated, but not allowed to do this."),
    "404": ("NotFound", "No such item (`wc_user_invalid_id`, …) or no such route (`rest_no_route`)."),
    "410": ("Gone", "Already in the trash (`woocommerce_rest_already_trashed`): delete it with `force=true`."),
    "413": ("TooLarge", "More than 100 items in one batch."),
    "500": ("ServerError", "WordPress refused the change (`woocommerce_rest_cannot_delete`, …)."),
    "501": ("NotImplemented", "The item cannot be trashed: DELETE needs `force=true`."),
}
SECURED: list[dict[str, list[str]]] = [{"basic": []}, {"consumerKey": [], "consumerSecret": []}]
PAGING_HEADERS = {
    "X-WP-Total": {"description": "Items matching the query.", "schema": {"type": "integer"}},
    "X-WP-TotalPages": {"description": "Pages at this per_page.", "schema": {"type": "integer"}},
    "Link": {"description": "`prev` / `next` page links.", "schema": {"type": "string"}},
}


def component_name(path: str) -> str:
    """``v3/webhook.json`` → ``v3.webhook``."""
    return path.removesuffix(".json").replace("/", ".")


def ref(path: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{component_name(path)}"}


def param(name: str, arg: dict[str, Any], where: str = "query") -> dict[str, Any]:
    schema = {k: arg[k] for k in ("type", "enum", "minimum", "maximum", "format", "items", "default") if k in arg}
    if schema.get("default", 0) is None:
        del schema["default"]  # WordPress publishes "default": null for "no default"; OpenAPI wants a value
    param: dict[str, Any] = {"name": name, "in": where, "required": where == "path", "schema": schema}
    if arg.get("description"):
        param["description"] = arg["description"]
    if schema.get("type") == "array":
        param["style"], param["explode"] = "form", False
    return param


def json(path: str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {JSON: {"schema": ref(path)}}}
    if headers:
        response["headers"] = headers
    return response


def responses(ok: str, body: dict[str, Any], *codes: str) -> dict[str, Any]:
    responses = {ok: body}
    responses.update({code: {"$ref": f"#/components/responses/{ERRORS[code][0]}"} for code in codes})
    return responses


def body(path: str, description: str) -> dict[str, Any]:
    return {"required": True, "description": description, "content": {JSON: {"schema": ref(path)}}}


def operation(op_id: str, summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    tag = op_id.split("_", 1)[0]
    return {
        "operationId": op_id,
        "summary": summary,
        "tags": [tag],
        "security": SECURED,
        "responses": responses,
        **extra,
    }


def alike(methods: tuple[str, ...], op_id: str, summary: str, responses: dict[str, Any], body: Any) -> dict[str, Any]:
    """Operations that behave alike under several methods (PUT, PATCH and POST), ``op_id`` with a ``{method}``."""
    return {m: operation(op_id.format(method=m), summary, responses, requestBody=body) for m in methods}


def options(op_id: str) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "summary": "Describe the route: its endpoints, arguments and schema",
        "tags": [op_id.split("_", 1)[0]],
        "security": [{}, *SECURED],
        "responses": responses(
            "200",
            {
                "description": "The route description; [] when the path matches no route (WordPress's answer).",
                "content": {JSON: {"schema": {"anyOf": [ref("common/route.json"), {"type": "array", "maxItems": 0}]}}},
            },
        ),
    }
