"""The products resource: ``/wc/v1|v2|v3/products`` (and ``/products/categories``), the REST view of
WordPress's ``product`` posts.

models (records), rules (WooCommerce's write rules), query (lists), backend (commands, ids from the
shell), views (one class per version), text and formatting (WordPress's slugs and paragraphs,
WooCommerce's prices), args and published.json (what real stores publish), routes (the table and
thin handlers), seed (fixture records in and out), schemas and openapi.
"""

from __future__ import annotations

from wcmock.resources.base import Resource, later
from wcmock.resources.products.fixture_schema import FIXTURE_DEFS, FIXTURE_PROPERTIES

_HERE = __name__  # its modules are imported when first used (``later``)

RESOURCE = Resource(
    name="products",  # the backend's NAME (tests/test_resources.py checks they agree)
    mount=later(f"{_HERE}.routes", "mount"),
    paths=("products",),
    fixture_properties=FIXTURE_PROPERTIES,
    fixture_defs=FIXTURE_DEFS,
    load=later(f"{_HERE}.seed", "load"),
    dump=later(f"{_HERE}.seed", "dump"),
    schema_files=later(f"{_HERE}.schemas", "files"),
    openapi_paths=later(f"{_HERE}.openapi", "paths"),
    response_kinds={
        "product": "{version}/product.{context}.json",
        "products": "{version}/products.json",
        "products_batch": "{version}/products-batch.response.json",
        "product_category": "{version}/product-category.json",
        "product_categories": "{version}/product-categories.json",
    },
    request_kinds={
        "product_create": "{version}/product.create.json",
        "product_update": "{version}/product.update.json",
        "products_batch": "{version}/products-batch.request.json",
        "products_query": "{version}/products.query.json",
        "product_category": "{version}/product-category.request.json",
    },
)
