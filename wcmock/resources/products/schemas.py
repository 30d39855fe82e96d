"""JSON Schemas (Draft 2020-12) for products, generated from the schema a real store publishes.

There are no documentation tables for products: ``published.json`` (what ``OPTIONS /products``
answers on a 10.0.2 store) is the only source, corrected by :data:`STORE_RULES`, the few places
where the store's output differs from what it publishes (all seen in the recordings). Response
schemas are closed (wcmock controls its output exactly); request schemas are open, as a store
ignores keys it does not know.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.products.args import create_args, published
from wcmock.rest.schema import (
    BASE_URI,
    DATE_PATTERN,
    INT_LIKE,
    closed,
    document,
    list_of,
    published_input,
    query_of,
)
from wcmock.rest.schema import batch_request as shared_batch_request
from wcmock.rest.schema import batch_response as shared_batch_response
from wcmock.versions import NAMES

DAY_PATTERN = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"
TERM_REF = {"type": "array", "items": {"$ref": "#/$defs/term"}}

# Where the store's answers differ from its published schema (recorded: v*-products-*).
STORE_RULES: dict[str, Any] = {
    "nullable": {
        "stock_quantity": "null unless the product manages stock",
        "date_on_sale_from": "null without a sale start (v2, v3)",
        "date_on_sale_to": "null without a sale end (v2, v3)",
        "date_on_sale_from_gmt": "as date_on_sale_from",
        "date_on_sale_to_gmt": "as date_on_sale_to",
    },
    "types": {"shipping_class_id": "integer"},  # v3 publishes "string", every version answers 0
    "output_extra": {
        "v1": {"brands": TERM_REF},  # appended by the brands module, absent from v1/v2's schema
        "v2": {"brands": TERM_REF},
    },
    "patterns": {"v1": {"date_on_sale_from": DAY_PATTERN, "date_on_sale_to": DAY_PATTERN}},
    # keys the store adds to a list's items without publishing them
    "item_extra": {
        "v2": {"attributes": {"slug": {"type": "string", "description": "Attribute slug (its stored name)."}}},
        "v3": {"attributes": {"slug": {"type": "string", "description": "Attribute slug (its stored name)."}}},
    },
}


def _property(prop: dict[str, Any], name: str, *, top: bool, version: str) -> dict[str, Any]:
    kind = STORE_RULES["types"].get(name, prop.get("type")) if top else prop.get("type")
    schema: dict[str, Any]
    if kind == "date-time":
        schema = {"type": ["string", "null"], "pattern": DATE_PATTERN}
    elif kind == "mixed" or kind is None:
        schema = {}
    elif kind == "object" and "properties" in prop:
        schema = closed({k: _property(v, k, top=False, version=version) for k, v in prop["properties"].items()})
    elif kind == "array":
        items = prop.get("items", {})
        schema = {"type": "array", "items": _property(items, name, top=False, version=version) if items else {}}
    else:
        types = kind if isinstance(kind, list) else [kind]
        if top and name in STORE_RULES["nullable"] and "null" not in types:
            types = [*types, "null"]
        schema = {"type": types[0] if len(types) == 1 else types}
    pattern = STORE_RULES["patterns"].get(version, {}).get(name) if top else None
    if pattern:
        schema["pattern"] = pattern
    if prop.get("description"):
        schema["description"] = prop["description"]
    if top and prop.get("readonly"):
        schema["readOnly"] = True
    return schema


def product_response(version: str, context: str) -> dict[str, Any]:
    """A product as ``wc/{version}`` renders it with ``context`` (``_links`` added by the server)."""
    schema = published(version, "product_schema")
    props = {
        name: _property(prop, name, top=True, version=version)
        for name, prop in schema["properties"].items()
        if context in prop.get("context", [])
    }
    props.update(STORE_RULES["output_extra"].get(version, {}))
    for name, extra in STORE_RULES["item_extra"].get(version, {}).items():
        if name in props:
            items = props[name]["items"]
            items["properties"].update(extra)
            items["required"] += list(extra)
    body = closed(props)
    body["properties"]["_links"] = {"$ref": "../common/product-links.json"}
    body["$defs"] = {
        "term": closed({"id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"}})
    }
    return document(
        f"{version}/product.{context}.json",
        f"product ({version}, context {context})",
        body,
        f"A product as wc/{version} renders it with context={context}; `_links` is added by the REST server.",
    )


def category_response(version: str) -> dict[str, Any]:
    schema = published(version, "category_schema")
    props = {name: _property(prop, name, top=True, version=version) for name, prop in schema["properties"].items()}
    props["image"] = {"type": ["object", "null"], "description": schema["properties"]["image"].get("description", "")}
    body = closed(props)
    body["properties"]["_links"] = {"$ref": "../common/product-links.json"}
    return document(f"{version}/product-category.json", f"product category ({version})", body)


def lists(version: str) -> dict[str, dict[str, Any]]:
    return {
        f"{version}/products.json": list_of(
            f"{version}/products.json", f"product list ({version})", "product.view.json"
        ),
        f"{version}/product-categories.json": list_of(
            f"{version}/product-categories.json", f"product category list ({version})", "product-category.json"
        ),
    }


def batch_response(version: str) -> dict[str, Any]:
    return shared_batch_response(
        f"{version}/products-batch.response.json",
        f"product batch response ({version})",
        "product.edit.json",
        "products",
    )


def create_request(version: str) -> dict[str, Any]:
    args = create_args(published(version, "product_schema"))
    props = {name: published_input(arg) for name, arg in args.items()}
    return document(
        f"{version}/product.create.json",
        f"product create request ({version})",
        {"type": "object", "properties": props, "additionalProperties": True},
        "POST /products body; nothing is required and unknown keys are ignored by a real store.",
    )


def update_request(version: str) -> dict[str, Any]:
    args = create_args(published(version, "product_schema"))
    props = {"id": dict(INT_LIKE), **{name: published_input(arg) for name, arg in args.items()}}
    return document(
        f"{version}/product.update.json",
        f"product update request ({version})",
        {"type": "object", "properties": props, "additionalProperties": True},
        "PUT/PATCH/POST /products/{id} body (partial); unknown keys are ignored by a real store.",
    )


def batch_request(version: str) -> dict[str, Any]:
    return shared_batch_request(
        f"{version}/products-batch.request.json",
        f"product batch request ({version})",
        "product.create.json",
        "product.update.json",
    )


def category_request(version: str) -> dict[str, Any]:
    args = create_args(published(version, "category_schema"))
    props = {name: published_input(arg) for name, arg in args.items()}
    return document(
        f"{version}/product-category.request.json",
        f"product category create or update request ({version})",
        {"type": "object", "properties": props, "additionalProperties": True},
        "`name` is required on create.",
    )


def query(version: str) -> dict[str, Any]:
    return query_of(
        f"{version}/products.query.json",
        f"product list query ({version})",
        published(version, "collection_args"),
        "GET /products parameters after WordPress's type coercion; unknown parameters are ignored.",
    )


def product_links() -> dict[str, Any]:
    links = {"type": "array", "items": {"$ref": "link.json"}, "minItems": 1}
    body = {
        "type": "object",
        "properties": {"self": links, "collection": links, "up": links},
        "required": ["self", "collection"],
        "additionalProperties": False,
    }
    return document("common/product-links.json", "product links", body)


def files() -> dict[str, dict[str, Any]]:
    """Every products schema file, keyed by its path under ``schemas/``."""
    out = {"common/product-links.json": product_links()}
    for version in NAMES:
        for doc in (
            product_response(version, "view"),
            product_response(version, "edit"),
            category_response(version),
            batch_response(version),
            create_request(version),
            update_request(version),
            batch_request(version),
            category_request(version),
            query(version),
        ):
            out[doc["$id"].removeprefix(BASE_URI)] = doc
        out.update(lists(version))
    return out
