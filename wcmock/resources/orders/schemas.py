"""JSON Schemas (Draft 2020-12) for orders, order notes and refunds, generated from what a store publishes.

``published.py`` holds the schemas the 10.0.2 controllers publish (``OPTIONS``); :data:`STORE_RULES`
lists the few places where a store's answers differ from them (seen in the recordings or in the
controllers' ``prepare_*`` code). Response schemas are closed (wcmock controls its output exactly);
request schemas are open, as a store ignores keys it does not know.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.orders.args import note_args, order_args, refund_args
from wcmock.resources.orders.published import collection_args, note_schema, order_schema, refund_schema
from wcmock.rest.schema import (
    BASE_URI,
    INT_LIKE,
    batch_request,
    batch_response,
    closed,
    document,
    list_of,
    open_object,
    published_input,
    published_output,
    query_of,
)
from wcmock.versions import NAMES

LINE_KINDS = ("line_items", "shipping_lines", "fee_lines", "coupon_lines")

# Where the store's answers differ from its published schema.
STORE_RULES: dict[str, Any] = {
    # arguments only: taken by a create or update, never rendered
    "write_only": {"set_paid", "manual_update", "added_by_user", "api_refund", "api_restock"},
    # keys the store adds to an order without publishing them (v2, v3: the currency's sign)
    "order_extra": {
        "v2": {"currency_symbol": {"type": "string", "description": "Currency symbol."}},
        "v3": {"currency_symbol": {"type": "string", "description": "Currency symbol."}},
    },
    # keys the store adds to a line's items (v2, v3): the meta's display forms, a coupon's details
    "line_extra": {
        "meta_data": {
            "display_key": {"type": "string", "description": "Meta key for UI display."},
            "display_value": {"description": "Meta value for UI display."},
        },
        "coupon_lines": {
            "discount_type": {"type": "string", "description": "Discount type."},
            "nominal_amount": {"type": "number", "description": "Discount amount as defined in the coupon."},
            "free_shipping": {"type": "boolean", "description": "Whether the coupon grants free shipping."},
        },
    },
    # a line item's image id is "" when the product has no image (published: integer)
    "image_id": {"type": ["integer", "string"], "description": "Image ID."},
    # v1 names a refund's reason "refund" in an order's refunds (prepare_item_for_response)
    "v1_order_refund": {
        "id": {"type": "integer", "description": "Refund ID."},
        "refund": {"type": "string", "description": "Refund reason."},
        "total": {"type": "string", "description": "Refund total."},
    },
    # an order's refunds in v2 and v3 (published as bare objects)
    "order_refund": {
        "id": {"type": "integer", "description": "Refund ID."},
        "reason": {"type": "string", "description": "Refund reason."},
        "total": {"type": "string", "description": "Refund total."},
    },
}


def _rendered(schema: dict[str, Any]) -> dict[str, Any]:
    """The published properties a store renders, as closed response properties."""
    return {
        name: published_output(prop)
        for name, prop in schema["properties"].items()
        if name not in STORE_RULES["write_only"]
    }


def _with_line_rules(props: dict[str, Any], version: str) -> dict[str, Any]:
    """Lines as rendered: v2 and v3 add the display forms of item meta and a coupon's details; a line
    item's image id may be ""."""
    for kind in LINE_KINDS:
        if kind not in props or "properties" not in props[kind].get("items", {}):
            continue
        item = props[kind]["items"]
        meta = item["properties"].get("meta_data")
        if version != "v1" and meta is not None and "properties" in meta["items"]:
            meta["items"]["properties"].update(STORE_RULES["line_extra"]["meta_data"])
            meta["items"]["required"] = list(meta["items"]["properties"])
        if version != "v1" and kind in STORE_RULES["line_extra"]:
            item["properties"].update(STORE_RULES["line_extra"][kind])
            item["required"] = list(item["properties"])
        image = item["properties"].get("image")
        if image is not None:
            image["properties"]["id"] = dict(STORE_RULES["image_id"])
    return props


def order_properties(version: str) -> dict[str, Any]:
    props = _with_line_rules(_rendered(order_schema(version)), version)
    refund = STORE_RULES["v1_order_refund" if version == "v1" else "order_refund"]
    props["refunds"] = {**props["refunds"], "items": closed(dict(refund))}
    props.update(STORE_RULES["order_extra"].get(version, {}))
    return props


def order_response(version: str) -> dict[str, Any]:
    """An order as ``wc/{version}`` renders it (both contexts alike; ``_links`` added by the server)."""
    body = closed(order_properties(version))
    body["properties"]["_links"] = {"$ref": "../common/order-links.json"}
    return document(
        f"{version}/order.json",
        f"order ({version})",
        body,
        f"An order as wc/{version} renders it; `_links` is added by the REST server.",
    )


def note_response(version: str) -> dict[str, Any]:
    body = closed(_rendered(note_schema(version)))
    body["properties"]["_links"] = {"$ref": "../common/order-child-links.json"}
    return document(f"{version}/order-note.json", f"order note ({version})", body)


def refund_properties(version: str) -> dict[str, Any]:
    """A refund's lines are rendered as the order's lines are (published as bare objects in v2, v3)."""
    props = _rendered(refund_schema(version))
    lines = order_properties(version)
    for kind in ("line_items", "shipping_lines", "fee_lines"):
        if kind in props:
            props[kind] = {**props[kind], "items": lines[kind]["items"]}
    return _with_line_rules(props, version)


def refund_response(version: str) -> dict[str, Any]:
    body = closed(refund_properties(version))
    body["properties"]["_links"] = {"$ref": "../common/order-child-links.json"}
    return document(f"{version}/order-refund.json", f"order refund ({version})", body)


def all_refunds(version: str) -> dict[str, Any]:
    """``GET /wc/v3/refunds``: every order's refunds, each naming its order (``parent_id``)."""
    props = refund_properties(version)
    item = closed({"id": props.pop("id"), "parent_id": {"type": "integer", "description": "Parent order ID."}, **props})
    item["properties"]["_links"] = {"$ref": "../common/order-child-links.json"}
    item["required"] = [*item["required"], "_links"]
    return document(f"{version}/refunds.json", f"refund list ({version})", {"type": "array", "items": item})


def links() -> dict[str, dict[str, Any]]:
    link_list = {"type": "array", "items": {"$ref": "link.json"}, "minItems": 1}
    embeddable = {
        "type": "array",
        "minItems": 1,
        "items": closed({"href": {"type": "string"}, "embeddable": {"type": "boolean"}}),
    }
    order = {
        "type": "object",
        "properties": {
            "self": link_list,
            "collection": link_list,
            "email_templates": embeddable,
            "customer": link_list,
            "up": link_list,
        },
        "required": ["self", "collection"],
        "additionalProperties": False,
    }
    child = closed({"self": link_list, "collection": link_list, "up": link_list})
    return {
        "common/order-links.json": document("common/order-links.json", "order links", order),
        "common/order-child-links.json": document(
            "common/order-child-links.json",
            "order note and refund links",
            child,
            "Its own, its list's and its order's.",
        ),
    }


def _read_only(schema: dict[str, Any]) -> dict[str, Any]:
    """The published read-only properties, so that strict validation names them (a store ignores them)."""
    return {
        name: {"readOnly": True, "description": prop.get("description", "")}
        for name, prop in schema["properties"].items()
        if prop.get("readonly")
    }


def _request(path: str, title: str, args: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    props = {**extra, **{name: published_input(arg) for name, arg in args.items()}}
    required = [name for name, arg in args.items() if arg.get("required")]
    return document(path, title, open_object(props, required), description)


def _path_free(args: dict[str, Any]) -> dict[str, Any]:
    """The body's arguments: not the ids the path carries."""
    return {name: arg for name, arg in args.items() if name not in ("order_id", "id")}


def requests(version: str) -> list[dict[str, Any]]:
    orders, notes, refunds = order_args(version), note_args(version), refund_args(version)
    return [
        _request(
            f"{version}/order.create.json",
            f"order create request ({version})",
            orders["create"],
            "POST /orders body; nothing is required and unknown keys are ignored by a real store.",
            **_read_only(order_schema(version)),
        ),
        _request(
            f"{version}/order.update.json",
            f"order update request ({version})",
            orders["batch"],
            "PUT/PATCH/POST /orders/{id} body (partial); unknown keys are ignored by a real store.",
            **{**_read_only(order_schema(version)), "id": dict(INT_LIKE)},
        ),
        batch_request(
            f"{version}/orders-batch.request.json",
            f"order batch request ({version})",
            "order.create.json",
            "order.update.json",
        ),
        _request(
            f"{version}/order-note.create.json",
            f"order note create request ({version})",
            _path_free(notes["create"]),
            "POST /orders/{order_id}/notes body: `note` is required.",
            **_read_only(note_schema(version)),
        ),
        _request(
            f"{version}/order-refund.create.json",
            f"order refund create request ({version})",
            _path_free(refunds["create"]),
            "POST /orders/{order_id}/refunds body.",
            **_read_only(refund_schema(version)),
        ),
        query_of(
            f"{version}/orders.query.json",
            f"order list query ({version})",
            collection_args(version),
            "GET /orders parameters after WordPress's type coercion; unknown parameters are ignored.",
        ),
    ]


def files() -> dict[str, dict[str, Any]]:
    """Every orders, notes and refunds schema file, keyed by its path under ``schemas/``."""
    out = links()
    for version in NAMES:
        made = [
            order_response(version),
            note_response(version),
            refund_response(version),
            list_of(f"{version}/orders.json", f"order list ({version})", "order.json"),
            list_of(f"{version}/order-notes.json", f"order note list ({version})", "order-note.json"),
            list_of(f"{version}/order-refunds.json", f"order refund list ({version})", "order-refund.json"),
            batch_response(
                f"{version}/orders-batch.response.json", f"order batch response ({version})", "order.json", "orders"
            ),
            *requests(version),
        ]
        if version == "v3":
            made.append(all_refunds(version))
        out.update({doc["$id"].removeprefix(BASE_URI): doc for doc in made})
    return out
