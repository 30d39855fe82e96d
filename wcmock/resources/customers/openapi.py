"""The customers routes in wcmock's OpenAPI document (one version's paths)."""

from __future__ import annotations

from typing import Any

from wcmock.resources.customers import args as definitions
from wcmock.rest.openapi import PAGING_HEADERS, alike, body, json, operation, options, param, responses


def paths(version: str) -> dict[str, Any]:
    base = f"/wp-json/wc/{version}/customers"
    args = definitions.item_args(version)
    collection = definitions.collection_args(version)
    downloads = definitions.downloads_args(version)
    envelope: list[dict[str, Any]] = []  # path-level parameters shared by every operation
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
    customer_id = {**item_id, "name": "customer_id"}
    edited = json(f"{version}/customer.edit.json", "The customer, rendered with context=edit.")
    update_body = body(f"{version}/customer.update.json", "The fields to change.")
    item_update = alike(
        ("put", "patch", "post"),
        f"{version}_{{method}}_customer",
        "Update a customer (PUT, PATCH and POST behave alike)",
        responses("200", edited, "400", "401", "403", "404"),
        update_body,
    )
    batch_body = body(f"{version}/batch.request.json", "Customers to create, update and delete.")
    batch = alike(
        ("post", "put", "patch"),
        f"{version}_{{method}}_batch",
        "Create, update and delete customers in one request (at most 100 items)",
        responses(
            "200", json(f"{version}/batch.response.json", "Each item's result or error."), "400", "401", "403", "413"
        ),
        batch_body,
    )
    return {
        base: {
            "parameters": envelope,
            "get": operation(
                f"{version}_list_customers",
                "List customers",
                responses(
                    "200",
                    json(f"{version}/customers.json", "One page of customers.", PAGING_HEADERS),
                    "400",
                    "401",
                    "403",
                ),
                parameters=[param(name, arg) for name, arg in collection.items()],
            ),
            "post": operation(
                f"{version}_create_customer",
                "Create a customer",
                responses(
                    "201",
                    json(
                        f"{version}/customer.edit.json",
                        "The new customer.",
                        {"Location": {"description": "The new customer's URL.", "schema": {"type": "string"}}},
                    ),
                    "400",
                    "401",
                    "403",
                ),
                requestBody=body(f"{version}/customer.create.json", "The new customer; `email` is required."),
            ),
            "options": options(f"{version}_options_customers"),
        },
        base + "/{id}": {
            "parameters": [item_id, *envelope],
            "get": operation(
                f"{version}_read_customer",
                "Retrieve a customer",
                responses("200", json(f"{version}/customer.view.json", "The customer."), "400", "401", "403", "404"),
                parameters=[param("context", args["read"]["context"])],
            ),
            **item_update,
            "delete": operation(
                f"{version}_delete_customer",
                "Delete a customer (force=true is required)",
                responses(
                    "200",
                    json(f"{version}/customer.edit.json", "The customer as it was."),
                    "400",
                    "401",
                    "403",
                    "404",
                    "501",
                ),
                parameters=[param(name, args["delete"][name]) for name in ("force", "reassign")],
            ),
            "options": options(f"{version}_options_customer"),
        },
        base + "/batch": {"parameters": envelope, **batch, "options": options(f"{version}_options_batch")},
        base + "/{customer_id}/downloads": {
            "parameters": [customer_id, *envelope],
            "get": operation(
                f"{version}_list_downloads",
                "List the files a customer may download",
                responses(
                    "200", json(f"{version}/downloads.json", "Every download permission."), "400", "401", "403", "404"
                ),
                parameters=[param("context", downloads["context"])],
            ),
            "options": options(f"{version}_options_downloads"),
        },
    }
