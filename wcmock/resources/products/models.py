"""Products and product categories as records: plain data, no HTTP and no rules.

Records are frozen: the backend makes a changed copy (``dataclasses.replace``) and stores it in
place of the old one, so a captured state can share every record and a reset costs a dict copy.
Dates are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cache
from typing import Any

from wcmock.records import FrozenRecord, Record, immutable

TYPES = ("simple", "grouped", "external", "variable")
STATUSES = ("draft", "pending", "private", "publish", "future")  # v1/v2 REST enum; v3 adds auto-draft, trash
STOCK_STATUSES = ("instock", "outofstock", "onbackorder")
BACKORDERS = ("no", "notify", "yes")
TAX_STATUSES = ("taxable", "shipping", "none")
TAX_CLASSES = ("", "reduced-rate", "zero-rate")  # "" is the standard rate
VISIBILITIES = ("visible", "catalog", "search", "hidden")
HIDDEN_FROM_CATALOG = ("search", "hidden")  # the product_visibility term exclude-from-catalog
PUBLIC_STATUSES = ("publish", "private")  # a permalink with the slug; others use ?post_type=product&p=
UNPUBLISHED = ("draft", "pending", "auto-draft")  # a product created so has no slug until published
TRASH_META = ("_wp_trash_meta_status", "_wp_trash_meta_time", "_wp_desired_post_slug")
PLACEHOLDER_IMAGE_ID = 4  # woocommerce_placeholder_image: the only attachment of a fresh store
DEFAULT_CATEGORY_ID = 15  # default_product_cat: "Uncategorized"


@immutable
class ProductDownload(FrozenRecord):
    """A downloadable file: ``id`` is a UUID4 unless the client sent one."""

    id: str
    name: str
    file: str


@immutable
class Meta(FrozenRecord):
    """One post meta row; ``id`` comes from the store's meta sequence."""

    id: int
    key: str
    value: Any


@immutable
class Attribute(FrozenRecord):
    """A custom (``id`` 0) or global product attribute as the product stores it."""

    id: int
    name: str
    position: int = 0
    visible: bool = False
    variation: bool = False
    options: tuple[str, ...] = ()


@dataclass(slots=True, repr=False, eq=False)
class Product(Record):
    """A WooCommerce product (post type ``product``) with the props its REST views show.

    Not frozen, for speed only: a stored record is shared by snapshots and must never be assigned
    to; every change is a new record from :meth:`evolve` (which the write that made it may still
    set before it is stored: ``rules._save``, ``ProductsBackend.create``).
    """

    id: int
    name: str
    date_created: datetime
    date_modified: datetime
    slug: str = ""
    status: str = "publish"
    type: str = "simple"
    featured: bool = False
    catalog_visibility: str = "visible"
    description: str = ""
    short_description: str = ""
    purchase_note: str = ""
    sku: str = ""
    global_unique_id: str = ""
    price: str = ""
    regular_price: str = ""
    sale_price: str = ""
    date_on_sale_from: datetime | None = None
    date_on_sale_to: datetime | None = None
    total_sales: int = 0
    virtual: bool = False
    downloadable: bool = False
    downloads: tuple[ProductDownload, ...] = ()
    download_limit: int = -1
    download_expiry: int = -1
    external_url: str = ""
    button_text: str = ""
    tax_status: str = "taxable"
    tax_class: str = ""
    manage_stock: bool = False
    stock_quantity: int | None = None
    stock_status: str = "instock"
    backorders: str = "no"
    low_stock_amount: int | None = None
    sold_individually: bool = False
    weight: str = ""
    length: str = ""
    width: str = ""
    height: str = ""
    shipping_class_id: int = 0
    reviews_allowed: bool = True
    upsell_ids: tuple[int, ...] = ()
    cross_sell_ids: tuple[int, ...] = ()
    parent_id: int = 0
    category_ids: tuple[int, ...] = (DEFAULT_CATEGORY_ID,)
    tag_ids: tuple[int, ...] = ()
    image_ids: tuple[int, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    default_attributes: tuple[dict[str, Any], ...] = ()
    grouped_products: tuple[int, ...] = ()
    children: tuple[int, ...] = ()  # a variable product's variations
    menu_order: int = 0
    post_password: str = ""
    meta: tuple[Meta, ...] = ()

    @property
    def formatted_name(self) -> str:
        """``WC_Product::get_formatted_name()``: ``"Hoodie (HOOD-1)"``, or ``"Cap (#12)"`` without a SKU."""
        return f"{self.name} ({self.sku or f'#{self.id}'})"

    @property
    def needs_shipping(self) -> bool:
        return not self.virtual

    @property
    def image_id(self) -> int | None:
        """The featured image, ``None`` when the product has none."""
        return self.image_ids[0] if self.image_ids else None

    @property
    def backorders_allowed(self) -> bool:
        return self.backorders in ("yes", "notify")

    @property
    def backordered(self) -> bool:
        """``is_on_backorder()``: flagged so, or managed with backorders allowed and stock below zero."""
        if self.stock_status == "onbackorder":
            return True
        return self.manage_stock and self.backorders_allowed and (self.stock_quantity or 0) < 0

    def evolve(self, **changes: Any) -> Product:
        """A copy with ``changes`` (``dataclasses.replace`` without the cost of ``__init__``)."""
        if not _PRODUCT_FIELD_SET.issuperset(changes):
            raise TypeError(f"Product has no field {sorted(changes.keys() - _PRODUCT_FIELD_SET)[0]!r}")
        return _evolve(self, changes)

    def copied(self) -> Product:
        """A copy, new and not yet shared, for the write that makes it to set in place (``evolve``
        without changes, without their check)."""
        return _evolve(self, _NO_CHANGES)

    def meta_value(self, key: str) -> Any:
        for row in self.meta:
            if row.key == key:
                return row.value
        return None


_PRODUCT_FIELDS = tuple(f.name for f in fields(Product))
_PRODUCT_FIELD_SET = frozenset(_PRODUCT_FIELDS)
_NO_CHANGES: dict[str, Any] = {}  # ``copied``'s (never changed)
_FEW_CHANGES = 10  # up to this many, a copy then the changes set is the quicker way (measured)


def _compile_evolve() -> Callable[[Product, dict[str, Any]], Product]:
    """One assignment per field, written out once (as ``dataclasses`` writes ``__init__``): a copy
    costs a few microseconds instead of a loop of ``setattr`` calls, which a catalogue load feels.
    Two ways, chosen by the number of changes: a handful (a save's date, a new name and SKU) is set
    after a plain copy of every field; more are looked up field by field (a create from a body)."""
    copied = [f"    new.{n} = old.{n}" for n in _PRODUCT_FIELDS]
    looked_up = [f"    new.{n} = changes[{n!r}] if {n!r} in changes else old.{n}" for n in _PRODUCT_FIELDS]
    source = "\n".join(
        [
            "def evolve(old, changes):",
            "    new = new_product(Product)",
            f"    if len(changes) > {_FEW_CHANGES}:",
            *[f"    {line}" for line in looked_up],
            "        return new",
            *copied,
            "    for name, value in changes.items():",
            "        setattr(new, name, value)",
            "    return new",
            "",
        ]
    )
    namespace: dict[str, Any] = {"new_product": object.__new__, "Product": Product}
    exec(source, namespace)  # generated from the field names above, nothing else
    evolve: Callable[[Product, dict[str, Any]], Product] = namespace["evolve"]
    return evolve


_evolve = _compile_evolve()


def same_but_modified(old: Product, new: Product) -> bool:
    """Whether two records hold the same product but for ``date_modified``: what a save that changed
    nothing (a PUT setting what is already there) leaves, as the data store still dates every save."""
    return same_but(("date_modified",))(old, new)


@cache
def same_but(names: tuple[str, ...]) -> Callable[[Product, Product], bool]:
    """A test of whether two records are equal in every field but ``names``: one comparison per
    field, written out once at the first call for those names (not at import)."""
    terms = " and ".join(f"a.{n} == b.{n}" for n in _PRODUCT_FIELDS if n not in names)
    namespace: dict[str, Any] = {}
    exec(f"def same(a, b):\n    return {terms}\n", namespace)  # generated from the field names above, nothing else
    same: Callable[[Product, Product], bool] = namespace["same"]
    return same


@immutable
class Term(FrozenRecord):
    """A term of a product taxonomy (``product_cat``, ``product_tag``); term ids are one store-wide sequence."""

    id: int
    name: str
    slug: str
    taxonomy: str = "product_cat"
    parent: int = 0
    description: str = ""
    display: str = "default"
    image_id: int | None = None
    menu_order: int = 0


@immutable
class StockChange:
    """What ``change_stock`` did, for the order note ``"Hoodie (HOOD-1) 10&rarr;8"``."""

    product_id: int
    formatted_name: str
    old: int
    new: int


@dataclass(slots=True, repr=False, eq=False)
class ProductsState:
    """Everything the products backend keeps; ``copy()`` is the snapshot (records are shared)."""

    products: dict[int, Product] = field(default_factory=dict)
    terms: dict[int, Term] = field(default_factory=dict)
    related: dict[int, tuple[int, ...]] = field(default_factory=dict)  # wc_related_{id}, kept once computed
    skus: dict[str, tuple[int, ...]] = field(default_factory=dict)  # casefolded SKU -> holders, any status
    slugs: dict[str, int] = field(default_factory=dict)  # post_name -> product id

    def copy(self) -> ProductsState:
        """A snapshot: the dicts are copied, the records and tuples they hold are shared."""
        return ProductsState(
            dict(self.products), dict(self.terms), dict(self.related), dict(self.skus), dict(self.slugs)
        )
