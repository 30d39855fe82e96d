"""The products' keys in a fixture file, as JSON Schema (``wcmock.fixture_format`` assembles them).

A product record takes the fields of a ``wc/v3`` create (checked by the write rules as it loads),
plus what only a fixture may set: ``id``, ``total_sales`` and the dates.
"""

from __future__ import annotations

from typing import Any

DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?"}
TERMS = {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer", "minimum": 1}}}}

PRODUCT: dict[str, Any] = {
    "type": "object",
    "description": "A product as a wc/v3 create would write it; ids, sales and dates may be given too.",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "name": {"type": "string"},
        "slug": {"type": "string"},
        "type": {"enum": ["simple", "grouped", "external", "variable"]},
        "status": {"enum": ["draft", "pending", "private", "publish", "future", "trash"]},
        "featured": {"type": "boolean"},
        "catalog_visibility": {"enum": ["visible", "catalog", "search", "hidden"]},
        "description": {"type": "string"},
        "short_description": {"type": "string"},
        "purchase_note": {"type": "string"},
        "sku": {"type": "string"},
        "regular_price": {"type": "string"},
        "sale_price": {"type": "string"},
        "date_on_sale_from": DATE,
        "date_on_sale_from_gmt": DATE,
        "date_on_sale_to": DATE,
        "date_on_sale_to_gmt": DATE,
        "virtual": {"type": "boolean"},
        "downloadable": {"type": "boolean"},
        "downloads": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "file": {"type": "string"}},
                "required": ["file"],
                "additionalProperties": False,
            },
        },
        "download_limit": {"type": "integer", "minimum": -1},
        "download_expiry": {"type": "integer", "minimum": -1},
        "external_url": {"type": "string"},
        "button_text": {"type": "string"},
        "tax_status": {"enum": ["taxable", "shipping", "none"]},
        "tax_class": {"type": "string"},
        "manage_stock": {"type": "boolean"},
        "stock_quantity": {"type": ["integer", "null"]},
        "stock_status": {"enum": ["instock", "outofstock", "onbackorder"]},
        "backorders": {"enum": ["no", "notify", "yes"]},
        "low_stock_amount": {"type": ["integer", "null"]},
        "sold_individually": {"type": "boolean"},
        "weight": {"type": "string"},
        "dimensions": {
            "type": "object",
            "properties": {k: {"type": "string"} for k in ("length", "width", "height")},
            "additionalProperties": False,
        },
        "reviews_allowed": {"type": "boolean"},
        "upsell_ids": {"type": "array", "items": {"type": "integer"}},
        "cross_sell_ids": {"type": "array", "items": {"type": "integer"}},
        "parent_id": {"type": "integer", "minimum": 0},
        "categories": TERMS,
        "tags": TERMS,
        "images": TERMS,
        "menu_order": {"type": "integer"},
        "post_password": {"type": "string"},
        "total_sales": {"type": "integer"},
        "date_created": DATE,
        "date_created_gmt": DATE,
        "date_modified": DATE,
        "date_modified_gmt": DATE,
        "meta_data": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"key": {"type": "string"}, "value": {}},
                "required": ["key"],
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
CATEGORY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "minLength": 1},
        "slug": {"type": "string"},
        "parent": {"type": "integer", "minimum": 0},
        "description": {"type": "string"},
        "display": {"enum": ["default", "products", "subcategories", "both"]},
        "menu_order": {"type": "integer"},
    },
    "required": ["name"],
    "additionalProperties": False,
}
FIXTURE_PROPERTIES: dict[str, Any] = {
    "product_categories": {"type": "array", "items": {"$ref": "#/$defs/product_category"}},
    "products": {"type": "array", "items": {"$ref": "#/$defs/product"}},
    "generate_products": {
        "type": "object",
        "description": "A seeded catalogue made with Faker: departments, prices, SKUs, some on sale or in stock.",
        "properties": {
            "count": {"type": "integer", "minimum": 0, "maximum": 1000000},
            "seed": {"type": "integer"},
            "locale": {"type": "string"},
        },
        "required": ["count"],
        "additionalProperties": False,
    },
}
FIXTURE_DEFS: dict[str, Any] = {"product": PRODUCT, "product_category": CATEGORY}
