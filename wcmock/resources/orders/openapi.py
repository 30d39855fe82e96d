"""The orders, order notes and refunds routes in wcmock's OpenAPI document (one version's paths)."""

from __future__ import annotations

from typing import Any

from wcmock.resources.orders.args import note_args, order_args, refund_args
from wcmock.rest.openapi import PAGING_HEADERS, alike, body, json, operation, options, param, responses

LOCATION = {"Location": {"description": "The new resource's URL.", "schema": {"type": "string"}}}
PATH_IDS = ("id", "order_id")


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}


def _query(args: dict[str, Any]) -> list[dict[str, Any]]:
    return [param(name, arg) for name, arg in args.items() if name not in PATH_IDS]


def paths(version: str) -> dict[str, Any]:
    base = f"/wp-json/wc/{version}/orders"
    orders, notes, refunds = order_args(version), note_args(version), refund_args(version)
    order = json(f"{version}/order.json", "The order.")
    note = json(f"{version}/order-note.json", "The note.")
    refund = json(f"{version}/order-refund.json", "The refund.")
    out: dict[str, Any] = {
        base: {
            "get": operation(
                f"{version}_list_orders",
                "List orders",
                responses(
                    "200", json(f"{version}/orders.json", "One page of orders.", PAGING_HEADERS), "400", "401", "403"
                ),
                parameters=_query(orders["list"]),
            ),
            "post": operation(
                f"{version}_create_order",
                "Create an order",
                responses("201", json(f"{version}/order.json", "The new order.", LOCATION), "400", "401", "403"),
                requestBody=body(f"{version}/order.create.json", "The new order (every field optional)."),
            ),
            "options": options(f"{version}_options_orders"),
        },
        base + "/{id}": {
            "parameters": [_path("id")],
            "get": operation(
                f"{version}_read_order",
                "Retrieve an order",
                responses("200", order, "400", "401", "403", "404"),
                parameters=_query(orders["read"]),
            ),
            **alike(
                ("put", "patch", "post"),
                f"{version}_{{method}}_order",
                "Update an order (PUT, PATCH and POST behave alike)",
                responses("200", order, "400", "401", "403", "404"),
                body(f"{version}/order.update.json", "The fields to change."),
            ),
            "delete": operation(
                f"{version}_delete_order",
                "Trash an order, or delete it for good with force=true",
                responses("200", order, "400", "401", "403", "404", "410", "500"),
                parameters=_query(orders["delete"]),
            ),
            "options": options(f"{version}_options_order"),
        },
        base + "/batch": {
            **alike(
                ("post", "put", "patch"),
                f"{version}_{{method}}_orders_batch",
                "Create, update and delete orders in one request (at most 100 items)",
                responses(
                    "200",
                    json(f"{version}/orders-batch.response.json", "Each item's result or error."),
                    "400",
                    "401",
                    "403",
                    "413",
                ),
                body(f"{version}/orders-batch.request.json", "Orders to create, update and delete."),
            ),
            "options": options(f"{version}_options_orders_batch"),
        },
        base + "/{order_id}/notes": {
            "parameters": [_path("order_id")],
            "get": operation(
                f"{version}_list_order_notes",
                "List an order's notes",
                responses("200", json(f"{version}/order-notes.json", "The notes."), "400", "401", "403", "404"),
                parameters=_query(notes["list"]),
            ),
            "post": operation(
                f"{version}_create_order_note",
                "Add a note to an order",
                responses(
                    "201", json(f"{version}/order-note.json", "The new note.", LOCATION), "400", "401", "403", "404"
                ),
                requestBody=body(f"{version}/order-note.create.json", "The note."),
            ),
            "options": options(f"{version}_options_order_notes"),
        },
        base + "/{order_id}/notes/{id}": {
            "parameters": [_path("order_id"), _path("id")],
            "get": operation(
                f"{version}_read_order_note",
                "Retrieve an order note",
                responses("200", note, "400", "401", "403", "404"),
                parameters=_query(notes["read"]),
            ),
            "delete": operation(
                f"{version}_delete_order_note",
                "Delete an order note (force=true is required)",
                responses("200", note, "400", "401", "403", "404", "501"),
                parameters=_query(notes["delete"]),
            ),
            "options": options(f"{version}_options_order_note"),
        },
        base + "/{order_id}/refunds": {
            "parameters": [_path("order_id")],
            "get": operation(
                f"{version}_list_order_refunds",
                "List an order's refunds",
                responses(
                    "200",
                    json(f"{version}/order-refunds.json", "One page of refunds.", PAGING_HEADERS),
                    "400",
                    "401",
                    "403",
                    "404",
                ),
                parameters=_query(refunds["list"]),
            ),
            "post": operation(
                f"{version}_create_order_refund",
                "Refund (part of) an order",
                responses(
                    "201",
                    json(f"{version}/order-refund.json", "The new refund.", LOCATION),
                    "400",
                    "401",
                    "403",
                    "404",
                    "500",
                ),
                requestBody=body(f"{version}/order-refund.create.json", "The refund."),
            ),
            "options": options(f"{version}_options_order_refunds"),
        },
        base + "/{order_id}/refunds/{id}": {
            "parameters": [_path("order_id"), _path("id")],
            "get": operation(
                f"{version}_read_order_refund",
                "Retrieve a refund",
                responses("200", refund, "400", "401", "403", "404", "500"),
                parameters=_query(refunds["read"]),
            ),
            "delete": operation(
                f"{version}_delete_order_refund",
                "Delete a refund (force=true is required)",
                responses("200", refund, "400", "401", "403", "404", "500", "501"),
                parameters=_query(refunds["delete"]),
            ),
            "options": options(f"{version}_options_order_refund"),
        },
    }
    if version == "v3":
        listing = {k: v for k, v in refunds["list"].items() if k != "order_id"}
        out[f"/wp-json/wc/{version}/refunds"] = {
            "get": operation(
                f"{version}_list_refunds",
                "List every order's refunds",
                responses(
                    "200", json(f"{version}/refunds.json", "One page of refunds.", PAGING_HEADERS), "400", "401", "403"
                ),
                parameters=_query(listing),
            ),
            "options": options(f"{version}_options_refunds"),
        }
    return out
