"""The products and product-categories routes in wcmock's OpenAPI document (one version's paths)."""

from __future__ import annotations

from typing import Any

from wcmock.resources.products import args as product_args
from wcmock.rest.openapi import PAGING_HEADERS, alike, body, json, operation, options, param, responses

LOCATION = {"Location": {"description": "The new resource's URL.", "schema": {"type": "string"}}}


def paths(version: str) -> dict[str, Any]:
    base = f"/wp-json/wc/{version}/products"
    schema = product_args.published(version, "product_schema")
    item = product_args.item_args(version, schema)
    collection = product_args.collection_args(version)
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
    edited = json(f"{version}/product.edit.json", "The product, rendered with context=edit.")
    categories = product_args.category_collection_args(version)
    category = json(f"{version}/product-category.json", "The category.")
    category_body = body(f"{version}/product-category.request.json", "The category's fields.")
    return {
        base: {
            "get": operation(
                f"{version}_list_products",
                "List products",
                responses(
                    "200",
                    json(f"{version}/products.json", "One page of products.", PAGING_HEADERS),
                    "400",
                    "401",
                    "403",
                ),
                parameters=[param(name, arg) for name, arg in collection.items()],
            ),
            "post": operation(
                f"{version}_create_product",
                "Create a product",
                responses(
                    "201", json(f"{version}/product.edit.json", "The new product.", LOCATION), "400", "401", "403"
                ),
                requestBody=body(f"{version}/product.create.json", "The new product (every field optional)."),
            ),
            "options": options(f"{version}_options_products"),
        },
        base + "/{id}": {
            "parameters": [item_id],
            "get": operation(
                f"{version}_read_product",
                "Retrieve a product",
                responses("200", json(f"{version}/product.view.json", "The product."), "400", "401", "403", "404"),
                parameters=[param("context", item["read"]["context"])],
            ),
            **alike(
                ("put", "patch", "post"),
                f"{version}_{{method}}_product",
                "Update a product (PUT, PATCH and POST behave alike)",
                responses("200", edited, "400", "401", "403", "404"),
                body(f"{version}/product.update.json", "The fields to change."),
            ),
            "delete": operation(
                f"{version}_delete_product",
                "Trash a product, or delete it for good with force=true",
                responses("200", edited, "400", "401", "403", "404", "410"),
                parameters=[param("force", item["delete"]["force"])],
            ),
            "options": options(f"{version}_options_product"),
        },
        base + "/batch": {
            **alike(
                ("post", "put", "patch"),
                f"{version}_{{method}}_products_batch",
                "Create, update and delete products in one request (at most 100 items)",
                responses(
                    "200",
                    json(f"{version}/products-batch.response.json", "Each item's result or error."),
                    "400",
                    "401",
                    "403",
                    "413",
                ),
                body(f"{version}/products-batch.request.json", "Products to create, update and delete."),
            ),
            "options": options(f"{version}_options_products_batch"),
        },
        base + "/categories": {
            "get": operation(
                f"{version}_list_product_categories",
                "List product categories",
                responses(
                    "200",
                    json(f"{version}/product-categories.json", "One page of categories.", PAGING_HEADERS),
                    "400",
                    "401",
                    "403",
                ),
                parameters=[param(name, arg) for name, arg in categories.items()],
            ),
            "post": operation(
                f"{version}_create_product_category",
                "Create a product category",
                responses("201", json(f"{version}/product-category.json", "The new category.", LOCATION), "400", "401"),
                requestBody=category_body,
            ),
            "options": options(f"{version}_options_product_categories"),
        },
        base + "/categories/{id}": {
            "parameters": [item_id],
            "get": operation(
                f"{version}_read_product_category",
                "Retrieve a product category",
                responses("200", category, "400", "401", "403", "404"),
            ),
            **alike(
                ("put", "patch", "post"),
                f"{version}_{{method}}_product_category",
                "Update a product category",
                responses("200", category, "400", "401", "403", "404"),
                category_body,
            ),
            "delete": operation(
                f"{version}_delete_product_category",
                "Delete a product category (force=true is required)",
                responses("200", category, "400", "401", "403", "404", "500", "501"),
                parameters=[param("force", {"type": "boolean", "default": False})],
            ),
            "options": options(f"{version}_options_product_category"),
        },
    }
