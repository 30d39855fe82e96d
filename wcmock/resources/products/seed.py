"""Products in fixture files: records in (through the write rules), records out, seeded catalogues.

Fixture keys (``FIXTURE_PROPERTIES``): ``product_categories``, ``products`` and
``generate_products`` (``{"count", "seed", "locale"}``); where post and term ids start is the
shell's ``sequences`` (``posts``, ``terms``).

A fixture product is written with the field names of a ``wc/v3`` create (``regular_price``,
``categories: [{"id": 16}]`` …) and goes through the same rules a REST create does, so a fixture
cannot hold a product a store would never have (a sale price above the regular one, say). It may
also set what a client cannot: ``id``, ``date_created``, ``date_modified`` and ``total_sales``.
``dump_product`` writes the record back so that loading it rebuilds the same product.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from wcmock.errors import FixtureError, RestError
from wcmock.resources.products import rules
from wcmock.resources.products.backend import ProductsBackend, products_of
from wcmock.resources.products.models import DEFAULT_CATEGORY_ID, Product, Term

if TYPE_CHECKING:
    from wcmock.store import Store

CREATE_DEFAULTS: dict[str, Any] = {
    "type": "simple",
    "status": "publish",
    "featured": False,
    "catalog_visibility": "visible",
    "virtual": False,
    "downloadable": False,
    "download_limit": -1,
    "download_expiry": -1,
    "tax_status": "taxable",
    "manage_stock": False,
    "backorders": "no",
    "sold_individually": False,
    "reviews_allowed": True,
    "stock_status": "instock",
}
READ_ONLY = ("id", "date_modified", "date_modified_gmt", "total_sales")
CATALOGUE_DEPARTMENTS = ("Clothing", "Accessories", "Home", "Books", "Music")


def _utc(text: Any, store_tz: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    return rules.rest_date(text.replace(" ", "T"), store_tz)


def product_from(record: dict[str, Any], products: ProductsBackend) -> Product:
    """A fixture record as a stored product (not yet added); its id is the record's or the next post id."""
    services = products.services
    now = services.now()
    product_id = int(record["id"]) if record.get("id") else services.next_post_id()
    draft = Product(id=product_id, name="", date_created=now, date_modified=now)
    data = {**CREATE_DEFAULTS, **{k: v for k, v in record.items() if k not in READ_ONLY}}
    product = rules.apply_changes(draft, data, products, now=now, site_tz=services.timezone, default_name="Product")
    if not product.category_ids:
        product = product.evolve(category_ids=(DEFAULT_CATEGORY_ID,))
    modified = _utc(record.get("date_modified_gmt"), UTC) or _utc(record.get("date_modified"), services.timezone)
    return product.evolve(
        date_modified=modified or product.date_created, total_sales=int(record.get("total_sales") or 0)
    )


def load_products(products: ProductsBackend, records: list[dict[str, Any]]) -> list[Product]:
    """Add fixture products in order; later records may name the categories earlier ones created."""
    loaded = []
    for record in records:
        product = product_from(record, products)
        if products.get(product.id) is not None:
            raise ValueError(f"product id {product.id} is used twice")
        loaded.append(products.add(product))
    return loaded


def load_categories(products: ProductsBackend, records: list[dict[str, Any]]) -> list[Term]:
    """Add fixture product categories; one without an ``id`` takes the next term id."""
    added = []
    for record in records:
        fields = {k: record[k] for k in ("parent", "description", "display", "menu_order") if k in record}
        term_id = int(record["id"]) if record.get("id") else None
        added.append(
            products.add_term(str(record["name"]), slug=str(record.get("slug") or ""), term_id=term_id, **fields)
        )
    return added


def _gmt(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") if moment else None


def dump_product(p: Product) -> dict[str, Any]:
    """The fixture record that loads back into this product."""
    record: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "slug": p.slug,
        "type": p.type,
        "status": p.status,
        "featured": p.featured,
        "catalog_visibility": p.catalog_visibility,
        "description": p.description,
        "short_description": p.short_description,
        "sku": p.sku,
        "regular_price": p.regular_price,
        "sale_price": p.sale_price,
        "date_on_sale_from_gmt": _gmt(p.date_on_sale_from),
        "date_on_sale_to_gmt": _gmt(p.date_on_sale_to),
        "virtual": p.virtual,
        "downloadable": p.downloadable,
        "downloads": [{"id": d.id, "name": d.name, "file": d.file} for d in p.downloads],
        "download_limit": p.download_limit,
        "download_expiry": p.download_expiry,
        "tax_status": p.tax_status,
        "tax_class": p.tax_class,
        "manage_stock": p.manage_stock,
        "stock_quantity": p.stock_quantity,
        "stock_status": p.stock_status,
        "backorders": p.backorders,
        "weight": p.weight,
        "dimensions": {"length": p.length, "width": p.width, "height": p.height},
        "categories": [{"id": i} for i in p.category_ids],
        "tags": [{"id": i} for i in p.tag_ids],
        "menu_order": p.menu_order,
        "total_sales": p.total_sales,
        "date_created_gmt": _gmt(p.date_created),
        "date_modified_gmt": _gmt(p.date_modified),
        "meta_data": [{"key": m.key, "value": m.value} for m in p.meta],
    }
    return {k: v for k, v in record.items() if v is not None}


def generate_products(products: ProductsBackend, *, count: int, seed: int, locale: str = "en_US") -> list[Product]:
    """A seeded catalogue: a few departments, simple products with prices, SKUs, some on sale or stocked.

    The same seed gives the same catalogue every time (Faker is seeded per call, never globally).
    """
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    rng = random.Random(seed)
    departments = [products.add_term(name).id for name in CATALOGUE_DEPARTMENTS[: max(1, min(5, count // 20 + 1))]]
    start = products.services.now() - timedelta(days=count)
    made = []
    for n in range(count):
        regular = rng.choice((5, 9, 12, 15, 19, 24, 29, 35, 49, 79, 99, 149)) + rng.choice((0, 0.5, 0.99))
        record: dict[str, Any] = {
            "name": f"{fake.color_name()} {fake.word().title()}",
            "sku": f"SKU-{seed}-{n + 1:05d}",
            "regular_price": f"{regular:.2f}",
            "categories": [{"id": rng.choice(departments)}],
            "description": fake.sentence(nb_words=12),
            "date_created_gmt": (start + timedelta(days=n, seconds=rng.randrange(86400))).strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if rng.random() < 0.2:
            record["sale_price"] = f"{regular * 0.8:.2f}"
        if rng.random() < 0.3:
            record.update(manage_stock=True, stock_quantity=rng.randrange(0, 50))
        if rng.random() < 0.1:
            record.update(virtual=True, downloadable=True)
            file = f"https://files.example.com/{n + 1}.pdf"
            record["downloads"] = [{"name": f"{record['name']} (PDF)", "file": file}]
        made.append(products.add(product_from(record, products)))
    return made


def load(store: Store, data: Mapping[str, Any], source: str) -> None:
    """Add a fixture's product categories, products and generated catalogue to a store."""
    products = products_of(store)
    for key, loader in (("product_categories", load_categories), ("products", load_products)):
        for index, record in enumerate(data.get(key) or []):
            where = f"{source}: {key}[{index}]"
            if not isinstance(record, dict):
                raise FixtureError(f"{where}: must be an object")
            try:
                loader(products, [record])
            except RestError as error:
                raise FixtureError(f"{where}: {error.code}: {error.message}") from None
            except (KeyError, TypeError, ValueError) as error:
                raise FixtureError(f"{where}: {error}") from None
    generate = data.get("generate_products")
    if generate:
        generate_products(
            products,
            count=int(generate.get("count", 0)),
            seed=int(generate.get("seed", store.seed)),
            locale=str(generate.get("locale", "en_US")),
        )


def dump(store: Store) -> dict[str, Any]:
    """The store's product categories and products as fixture records."""
    products = products_of(store)
    with store.lock:
        categories = [
            {"id": t.id, "name": t.name, "slug": t.slug, "parent": t.parent, "description": t.description}
            for t in products.terms()
            if t.id != DEFAULT_CATEGORY_ID
        ]
        return {"product_categories": categories, "products": [dump_product(p) for p in products]}
