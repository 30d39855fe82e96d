"""The order, note and refund schemas and route arguments WooCommerce 10.0.2 publishes, per version.

Written from the 10.0.2 controllers' ``get_item_schema`` and ``get_collection_params`` (types,
enums, defaults, read-only flags: what decides validation and ``OPTIONS``). Route arguments are
derived from them by ``args_from_schema``, as WordPress derives them.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.orders.vocabulary import ORDER_STATUSES

# get_woocommerce_currencies(): the currency enum (ISO 4217 codes and a few more)
_CURRENCY_CODES = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTC BTN BWP BYR BYN "
    "BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GGP GHS "
    "GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS IMP INR IQD IRR IRT ISK JEP JMD JOD JPY KES KGS KHR KMF "
    "KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD "
    "NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PRB PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP "
    "SLL SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VEF VES VND VUV WST "
    "XAF XCD XOF XPF YER ZAR ZMW"
)
CURRENCIES = _CURRENCY_CODES.split(" ")
VIEW_EDIT = ["view", "edit"]
MIXED = ["null", "object", "string", "number", "boolean", "integer", "array"]
DATE = ["null", "string"]


def _p(type_: Any, description: str, *, readonly: bool = False, **extra: Any) -> dict[str, Any]:
    prop: dict[str, Any] = {"description": description, "type": type_, "context": list(VIEW_EDIT)}
    if readonly:
        prop["readonly"] = True
    prop.update(extra)
    return prop


def _meta(readonly: bool = False) -> dict[str, Any]:
    return _p(
        "array",
        "Meta data.",
        readonly=readonly,
        items={
            "type": "object",
            "properties": {
                "id": _p("integer", "Meta ID.", readonly=True),
                "key": _p("string", "Meta key."),
                "value": _p(MIXED, "Meta value."),
            },
        },
    )


def _address(with_email: bool) -> dict[str, Any]:
    names = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode", "country")
    props = {name: _p("string", name.replace("_", " ").capitalize() + ".") for name in names}
    if with_email:
        props["email"] = _p(["string", "null"], "Email address.", format="email")
    props["phone"] = _p("string", "Phone number.")
    return props


def _taxes() -> dict[str, Any]:
    return _p(
        "array",
        "Line taxes.",
        readonly=True,
        items={
            "type": "object",
            "properties": {
                "id": _p("integer", "Tax rate ID.", readonly=True),
                "total": _p("string", "Tax total.", readonly=True),
                "subtotal": _p("string", "Tax subtotal.", readonly=True),
            },
        },
    )


def _lines(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return _p("array", description, items={"type": "object", "properties": properties})


def _v1_line_items(*, readonly: bool) -> dict[str, Any]:
    """v1's line item: ``price`` a string, ``meta`` (key, label, value) instead of ``meta_data``;
    all of it read-only in a refund."""
    rd = {"readonly": True}
    rw = rd if readonly else {}
    return {
        "id": _p("integer", "Item ID.", **rd),
        "name": _p(MIXED, "Product name.", **rd),
        "sku": _p(["string", "null"], "Product SKU.", **rd),
        "product_id": _p(MIXED, "Product ID.", **rw),
        "variation_id": _p("integer", "Variation ID, if applicable.", **rw),
        "quantity": _p("integer", "Quantity ordered.", **rw),
        "tax_class": _p("string", "Tax class of product.", **rd),
        "price": _p("string", "Product price.", **rd),
        "subtotal": _p("string", "Line subtotal (before discounts).", **rw),
        "subtotal_tax": _p("string", "Line subtotal tax (before discounts).", **rw),
        "total": _p("string", "Line total (after discounts).", **rw),
        "total_tax": _p("string", "Line total tax (after discounts).", **rw),
        "taxes": _taxes(),
        "meta": _p(
            "array",
            "Line item meta data.",
            **rd,
            items={
                "type": "object",
                "properties": {
                    "key": _p("string", "Meta key.", **rd),
                    "label": _p("string", "Meta label.", **rd),
                    "value": _p(MIXED, "Meta value.", **rd),
                },
            },
        ),
    }


def _v1_lines() -> dict[str, Any]:
    """What ``WC_REST_Orders_V1_Controller::get_item_schema`` publishes for an order's lines."""
    rd = {"readonly": True}

    def taxes(*, subtotal: bool) -> dict[str, Any]:
        props = {"id": _p("integer", "Tax rate ID.", **rd), "total": _p("string", "Tax total.", **rd)}
        if subtotal:
            props["subtotal"] = _p("string", "Tax subtotal.", **rd)
        return _p("array", "Line taxes.", **rd, items={"type": "object", "properties": props})

    return {
        "line_items": _lines(_v1_line_items(readonly=False), "Line items data."),
        "tax_lines": _p(
            "array",
            "Tax lines data.",
            **rd,
            items={
                "type": "object",
                "properties": {
                    "id": _p("integer", "Item ID.", **rd),
                    "rate_code": _p("string", "Tax rate code.", **rd),
                    "rate_id": _p("string", "Tax rate ID.", **rd),
                    "label": _p("string", "Tax rate label.", **rd),
                    "compound": _p("boolean", "Show if is a compound tax rate.", **rd),
                    "tax_total": _p("string", "Tax total (not including shipping taxes).", **rd),
                    "shipping_tax_total": _p("string", "Shipping tax total.", **rd),
                },
            },
        ),
        "shipping_lines": _lines(
            {
                "id": _p("integer", "Item ID.", **rd),
                "method_title": _p(MIXED, "Shipping method name."),
                "method_id": _p(MIXED, "Shipping method ID."),
                "total": _p("string", "Line total (after discounts)."),
                "total_tax": _p("string", "Line total tax (after discounts).", **rd),
                "taxes": taxes(subtotal=False),
            },
            "Shipping lines data.",
        ),
        "fee_lines": _lines(
            {
                "id": _p("integer", "Item ID.", **rd),
                "name": _p(MIXED, "Fee name."),
                "tax_class": _p("string", "Tax class of fee."),
                "tax_status": _p("string", "Tax status of fee.", enum=["taxable", "none"]),
                "total": _p("string", "Line total (after discounts)."),
                "total_tax": _p("string", "Line total tax (after discounts)."),
                "taxes": taxes(subtotal=True),
            },
            "Fee lines data.",
        ),
        "coupon_lines": _lines(
            {
                "id": _p("integer", "Item ID.", **rd),
                "code": _p(MIXED, "Coupon code."),
                "discount": _p("string", "Discount total."),
                "discount_tax": _p("string", "Discount total tax.", **rd),
            },
            "Coupons line data.",
        ),
        "refunds": _p(
            "array",
            "List of refunds.",
            **rd,
            items={
                "type": "object",
                "properties": {
                    "id": _p("integer", "Refund ID.", **rd),
                    "reason": _p("string", "Refund reason.", **rd),
                    "total": _p("string", "Refund total.", **rd),
                },
            },
        ),
    }


def order_statuses(version: str) -> list[str]:
    """The schema's status enum: v2 and v3 prepend ``auto-draft``."""
    return list(ORDER_STATUSES) if version == "v1" else ["auto-draft", *ORDER_STATUSES]


def order_schema(version: str) -> dict[str, Any]:
    """``GET /wc/{version}/orders`` item schema (``OPTIONS`` ``schema``)."""
    rd = {"readonly": True}
    line_items = {
        "id": _p("integer", "Item ID.", **rd),
        "name": _p(MIXED, "Product name."),
        "parent_name": _p(["string", "null"], "Parent product name if the product is a variation."),
        "product_id": _p(MIXED, "Product ID."),
        "variation_id": _p("integer", "Variation ID, if applicable."),
        "quantity": _p("integer", "Quantity ordered."),
        "tax_class": _p("string", "Tax class of product."),
        "subtotal": _p("string", "Line subtotal (before discounts)."),
        "subtotal_tax": _p("string", "Line subtotal tax (before discounts).", **rd),
        "total": _p("string", "Line total (after discounts)."),
        "total_tax": _p("string", "Line total tax (after discounts).", **rd),
        "taxes": _taxes(),
        "meta_data": _meta(),
        "sku": _p(["string", "null"], "Product SKU.", **rd),
        "price": _p("number", "Product price.", **rd),
        "image": _p(
            "object",
            "Properties of the main product image.",
            **rd,
            properties={"id": _p(["integer", "string"], "Image ID."), "src": _p("string", "Image URL.")},
        ),
    }
    shipping_lines = {
        "id": _p("integer", "Item ID.", **rd),
        "method_title": _p(MIXED, "Shipping method name."),
        "method_id": _p(MIXED, "Shipping method ID."),
        "instance_id": _p("string", "Shipping instance ID."),
        "total": _p("string", "Line total (after discounts)."),
        "total_tax": _p("string", "Line total tax (after discounts).", **rd),
        "taxes": _taxes(),
        "tax_status": _p("string", "Tax status of the shipping line.", **rd),
        "meta_data": _meta(),
    }
    fee_lines = {
        "id": _p("integer", "Item ID.", **rd),
        "name": _p(MIXED, "Fee name."),
        "tax_class": _p("string", "Tax class of fee."),
        "tax_status": _p("string", "Tax status of fee.", enum=["taxable", "none"]),
        "amount": _p("string", "Fee amount."),
        "total": _p("string", "Line total (after discounts)."),
        "total_tax": _p("string", "Line total tax (after discounts).", **rd),
        "taxes": _taxes(),
        "meta_data": _meta(),
    }
    coupon_lines = {
        "id": _p("integer", "Item ID.", **rd),
        "code": _p(MIXED, "Coupon code."),
        "discount": _p("string", "Discount total.", readonly=version == "v3"),
        "discount_tax": _p("string", "Discount total tax.", **rd),
        "meta_data": _meta(),
    }
    properties: dict[str, Any] = {
        "id": _p("integer", "Unique identifier for the resource.", **rd),
        "parent_id": _p("integer", "Parent order ID."),
        "number": _p("string", "Order number.", **rd),
        "order_key": _p("string", "Order key.", **rd),
        "created_via": _p("string", "Shows where the order was created.", readonly=version != "v3"),
        "version": _p("string", "Version of WooCommerce which last updated the order.", **rd),
        "status": _p("string", "Order status.", default="pending", enum=order_statuses(version)),
        "currency": _p("string", "Currency the order was created with, in ISO format.", default="USD", enum=CURRENCIES),
        "date_created": _p(DATE, "The date the order was created, in the site's timezone.", **rd),
        "date_created_gmt": _p(DATE, "The date the order was created, as GMT.", **rd),
        "date_modified": _p(DATE, "The date the order was last modified, in the site's timezone.", **rd),
        "date_modified_gmt": _p(DATE, "The date the order was last modified, as GMT.", **rd),
        "discount_total": _p("string", "Total discount amount for the order.", **rd),
        "discount_tax": _p("string", "Total discount tax amount for the order.", **rd),
        "shipping_total": _p("string", "Total shipping amount for the order.", **rd),
        "shipping_tax": _p("string", "Total shipping tax amount for the order.", **rd),
        "cart_tax": _p("string", "Sum of line item taxes only.", **rd),
        "total": _p("string", "Grand total.", **rd),
        "total_tax": _p("string", "Sum of all taxes.", **rd),
        "prices_include_tax": _p("boolean", "True the prices included tax during checkout.", **rd),
        "customer_id": _p("integer", "User ID who owns the order. 0 for guests.", default=0),
        "customer_ip_address": _p("string", "Customer's IP address.", **rd),
        "customer_user_agent": _p("string", "User agent of the customer.", **rd),
        "customer_note": _p("string", "Note left by customer during checkout."),
        "billing": _p("object", "Billing address.", properties=_address(True)),
        "shipping": _p("object", "Shipping address.", properties=_address(False)),
        "payment_method": _p("string", "Payment method ID."),
        "payment_method_title": _p("string", "Payment method title."),
        "transaction_id": _p("string", "Unique transaction ID."),
        "date_paid": _p(DATE, "The date the order was paid, in the site's timezone.", **rd),
        "date_paid_gmt": _p(DATE, "The date the order was paid, as GMT.", **rd),
        "date_completed": _p(DATE, "The date the order was completed, in the site's timezone.", **rd),
        "date_completed_gmt": _p(DATE, "The date the order was completed, as GMT.", **rd),
        "cart_hash": _p("string", "MD5 hash of cart items to ensure orders are not modified.", **rd),
        "meta_data": _meta(),
        "line_items": _lines(line_items, "Line items data."),
        "tax_lines": _p("array", "Tax lines data.", **rd, items={"type": "object"}),
        "shipping_lines": _lines(shipping_lines, "Shipping lines data."),
        "fee_lines": _lines(fee_lines, "Fee lines data."),
        "coupon_lines": _lines(coupon_lines, "Coupons line data."),
        "refunds": _p("array", "List of refunds.", **rd, items={"type": "object"}),
        "payment_url": _p("string", "Order payment URL.", **rd),
        "is_editable": _p("boolean", "Whether an order can be edited.", **rd),
        "needs_payment": _p("boolean", "Whether an order needs payment, based on status and order total.", **rd),
        "needs_processing": _p("boolean", "Whether an order needs processing before it can be completed.", **rd),
        "set_paid": _p("boolean", "Define if the order is paid.", default=False, context=["edit"]),
    }
    if version == "v1":
        for name in ("payment_url", "is_editable", "needs_payment", "needs_processing", "meta_data"):
            properties.pop(name)
        for name in list(properties):
            if name.endswith("_gmt"):
                properties.pop(name)
        properties.update(_v1_lines())
    if version == "v3":
        properties["manual_update"] = _p(
            "boolean", "Set the action as manual so that the order note registers as 'added by user'.", default=False
        )
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "shop_order",
        "type": "object",
        "properties": properties,
    }


def collection_args(version: str) -> dict[str, dict[str, Any]]:
    """``get_collection_params`` of the orders controllers, with WordPress's sanitizers."""

    def arg(type_: Any, description: str, **extra: Any) -> dict[str, Any]:
        return {"description": description, "type": type_, "required": False, **extra}

    ids = {"type": "integer"}
    args: dict[str, dict[str, Any]] = {
        "context": arg(
            "string",
            "Scope under which the request is made; determines fields present in response.",
            default="view",
            enum=["view", "edit"],
            sanitize="sanitize_key",
        ),
        "page": arg("integer", "Current page of the collection.", default=1, minimum=1, sanitize="absint"),
        "per_page": arg(
            "integer",
            "Maximum number of items to be returned in result set.",
            default=10,
            minimum=1,
            maximum=100,
            sanitize="absint",
        ),
        "search": arg("string", "Limit results to those matching a string.", sanitize="sanitize_text_field"),
        "after": arg(
            "string", "Limit response to resources published after a given ISO8601 compliant date.", format="date-time"
        ),
        "before": arg(
            "string", "Limit response to resources published before a given ISO8601 compliant date.", format="date-time"
        ),
        "exclude": arg(
            "array", "Ensure result set excludes specific IDs.", items=ids, default=[], sanitize="wp_parse_id_list"
        ),
        "include": arg(
            "array", "Limit result set to specific ids.", items=ids, default=[], sanitize="wp_parse_id_list"
        ),
        "offset": arg("integer", "Offset the result set by a specific number of items.", sanitize="absint"),
        "order": arg(
            "string",
            "Order sort attribute ascending or descending.",
            default="desc",
            enum=["asc", "desc"],
            sanitize="sanitize_key",
        ),
        "orderby": arg(
            "string",
            "Sort collection by object attribute.",
            default="date",
            enum=["date", "id", "include", "title", "slug", "modified"],
            sanitize="sanitize_key",
        ),
        "parent": arg(
            "array",
            "Limit result set to those of particular parent IDs.",
            items=ids,
            default=[],
            sanitize="wp_parse_id_list",
        ),
        "parent_exclude": arg(
            "array",
            "Limit result set to all items except those of a particular parent ID.",
            items=ids,
            default=[],
            sanitize="wp_parse_id_list",
        ),
        "customer": arg("integer", "Limit result set to orders assigned a specific customer.", sanitize="absint"),
        "product": arg("integer", "Limit result set to orders assigned a specific product.", sanitize="absint"),
        "dp": arg("integer", "Number of decimal points to use in each resource.", default=2, sanitize="absint"),
    }
    statuses = ["any", "trash", *order_statuses("v2")]
    if version == "v1":
        for name in ("parent", "parent_exclude"):
            args.pop(name)
        args["status"] = arg(
            "string",
            "Limit result set to orders assigned a specific status.",
            default="any",
            enum=["any", *ORDER_STATUSES],
            sanitize="sanitize_key",
        )
        return args
    args["modified_after"] = arg(
        "string", "Limit response to resources modified after a given ISO8601 compliant date.", format="date-time"
    )
    args["modified_before"] = arg(
        "string", "Limit response to resources modified before a given ISO8601 compliant date.", format="date-time"
    )
    args["dates_are_gmt"] = arg(
        "boolean",
        "Whether to consider GMT post dates when limiting response by published or modified date.",
        default=False,
    )
    if version == "v2":
        args["status"] = arg(
            "string",
            "Limit result set to orders assigned a specific status.",
            default="any",
            enum=statuses,
            sanitize="sanitize_key",
        )
    else:
        args["status"] = arg(
            "array",
            "Limit result set to orders which have specific statuses.",
            default=["any"],
            items={"type": "string", "enum": statuses},
        )
        args["created_via"] = arg(
            "array",
            "Limit result set to orders created via specific sources (e.g. checkout, admin).",
            items={"type": "string"},
        )
    return args


def note_schema(version: str) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": _p("integer", "Unique identifier for the resource.", readonly=True),
        "author": _p("string", "Order note author.", readonly=True),
        "date_created": _p(DATE, "The date the order note was created, in the site's timezone.", readonly=True),
        "date_created_gmt": _p(DATE, "The date the order note was created, as GMT.", readonly=True),
        "note": _p("string", "Order note content."),
        "customer_note": _p(
            "boolean", "If true, the note will be shown to customers and they will be notified.", default=False
        ),
        "added_by_user": _p(
            "boolean",
            "If true, this note will be attributed to the current user. "
            "If false, the note will be attributed to the system.",
            default=False,
            context=["edit"],
        ),
    }
    if version != "v3":
        props.pop("author")
        props.pop("added_by_user")
    if version == "v1":
        props.pop("date_created_gmt")
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "order_note",
        "type": "object",
        "properties": props,
    }


def refund_schema(version: str) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": _p("integer", "Unique identifier for the resource.", readonly=True),
        "date_created": _p(DATE, "The date the order refund was created, in the site's timezone.", readonly=True),
        "date_created_gmt": _p(DATE, "The date the order refund was created, as GMT.", readonly=True),
        "amount": _p("string", "Refund amount."),
        "reason": _p("string", "Reason for refund."),
        "refunded_by": _p("integer", "User ID of user who created the refund."),
        "refunded_payment": _p("boolean", "If the payment was refunded via the API.", readonly=True),
        "meta_data": _meta(),
        "line_items": _p("array", "Line items data.", items={"type": "object"}),
        "shipping_lines": _p("array", "Shipping lines data.", items={"type": "object"}),
        "tax_lines": _p("array", "Tax lines data.", readonly=True, items={"type": "object"}),
        "fee_lines": _p("array", "Fee lines data.", items={"type": "object"}),
        "api_refund": _p(
            "boolean",
            "When true, the payment gateway API is used to generate the refund.",
            default=True,
            context=["edit"],
        ),
        "api_restock": _p("boolean", "When true, refunded items are restocked.", default=True, context=["edit"]),
    }
    if version != "v3":
        props.pop("api_restock")
        for name in ("shipping_lines", "fee_lines"):
            props[name]["readonly"] = True
    if version == "v1":
        props["line_items"] = _p(
            "array",
            "Line items data.",
            readonly=True,
            items={"type": "object", "properties": _v1_line_items(readonly=True)},
        )
        for name in (
            "date_created_gmt",
            "refunded_by",
            "refunded_payment",
            "meta_data",
            "shipping_lines",
            "tax_lines",
            "fee_lines",
        ):
            props.pop(name)
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "shop_order_refund",
        "type": "object",
        "properties": props,
    }
