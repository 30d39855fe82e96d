"""How each API version shows a product: one class per version, each extending the one before.

WooCommerce's v2 products controller extends v1's ideas and v3 extends v2, so every difference
between versions is written once, in the version that introduced it. ``context`` is WordPress's
request context: answers to writes are rendered ``edit`` (raw descriptions, ``average_rating "0"``),
reads ``view`` unless asked otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any, ClassVar, Protocol

from wcmock.php import wp_date
from wcmock.resources.products.formatting import price_html
from wcmock.resources.products.models import PLACEHOLDER_IMAGE_ID, Product, Term
from wcmock.resources.products.rules import is_on_sale
from wcmock.resources.products.text import sanitize_title, wpautop

PLACEHOLDER_FILE = "/wp-content/uploads/woocommerce-placeholder.webp"
PLACEHOLDER_UPLOADED = datetime(2026, 1, 1, tzinfo=UTC)  # when the store's setup added attachment 4
# the record's fields a client's run of creates differs in from one product to the next (its name and
# SKU, and the id, slug and dates a create gives): of a view's members, those of ``varying`` alone show
# them (``tests/test_products_views.py`` holds every version to it)
VARYING = ("id", "name", "slug", "sku", "date_created", "date_modified")


class Catalogue(Protocol):
    """What a view reads besides the product (``ProductsBackend`` is one)."""

    def term(self, term_id: int, taxonomy: str = "product_cat") -> Term | None: ...
    def related_ids(self, product: Product) -> list[int]: ...
    def unique_slug(self, slug: str, product_id: int) -> str: ...
    def permalink(self, product: Product, home: str) -> str: ...


class Render:
    """Who asks and how: the site URL, the request context, the store's clock and timezone.

    ``clock`` is read once, when a value shown reads ``now`` (a sale's dates, a placeholder image's):
    most renderings never do, and an answer made without reading the time holds at any time.
    A plain class with slots, not a frozen dataclass: every product write makes one, and a frozen
    dataclass's ``__init__`` (``object.__setattr__`` per field) cost ~2 µs of it; never changed."""

    __slots__ = ("_now", "can_edit", "catalogue", "clock", "context", "home", "timezone")

    def __init__(
        self,
        home: str,
        catalogue: Catalogue,
        clock: Callable[[], datetime],
        timezone: tzinfo = UTC,
        context: str = "view",
        can_edit: bool = True,  # an administrator's key: drafts with a price are purchasable
    ) -> None:
        self.home = home
        self.catalogue = catalogue
        self.clock = clock
        self.timezone = timezone
        self.context = context
        self.can_edit = can_edit
        self._now: datetime | None = None

    @property
    def now(self) -> datetime:
        """The clock's reading, taken at the first ask."""
        now = self._now
        if now is None:
            now = self._now = self.clock()
        return now

    @property
    def edit(self) -> bool:
        return self.context == "edit"

    def local(self, moment: datetime | None) -> str | None:
        return wp_date(moment.astimezone(self.timezone)) if moment else None


def gmt(moment: datetime | None) -> str | None:
    return wp_date(moment.astimezone(UTC)) if moment else None


def meta_string(value: Any) -> Any:
    """How post meta reads back: scalars as strings (``5`` → ``"5"``, ``true`` → ``"1"``), arrays kept."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (int, float)):
        return str(value)
    return value


class V1View:
    """``wc/v1``: UTC dates only, ``in_stock``, ``download_type``, sale dates as ``YYYY-MM-DD``, no meta."""

    version: ClassVar[str] = "v1"
    placeholder_without_image: ClassVar[bool] = True  # a product without images shows the placeholder
    files_in_edit: ClassVar[bool] = False  # downloads listed in edit context even when not downloadable
    inserts_first: ClassVar[bool] = True  # the post written before the rest: a failing create still uses up an id
    # request keys this version's controller never reads
    ignored: ClassVar[frozenset[str]] = frozenset(
        {"stock_status", "meta_data", "date_created", "date_created_gmt", "low_stock_amount", "post_password",
         "global_unique_id"}
    )  # fmt: skip

    _last_dates: tuple[tuple[Any, ...], dict[str, Any]] | None = None  # ``dates_of``'s last answer

    # -------------------------------------------------------------- the body

    def product(self, p: Product, r: Render) -> dict[str, Any]:
        body = self.identity(p, r)
        body.update(self.prices(p, r))
        body.update(self.downloads(p, r))
        body.update(self.stock(p, r))
        body.update(self.shipping(p))
        body.update(self.relations(p, r))
        body.update(self.extras(p, r))
        return body

    def identity(self, p: Product, r: Render) -> dict[str, Any]:
        return {
            "id": p.id,
            "name": p.name,
            "slug": p.slug,
            "permalink": r.catalogue.permalink(p, r.home),
            **self.dates_of(p, r),
            "type": p.type,
            "status": p.status,
            "featured": p.featured,
            "catalog_visibility": p.catalog_visibility,
            "description": self.rich(p.description, r),
            "short_description": self.rich(p.short_description, r),
            "sku": p.sku,
        }

    def varying(self, p: Product, r: Render) -> dict[str, Any]:
        """The members of ``identity`` and ``extras`` that read a :data:`VARYING` field, as those
        two show them: of two products equal in every other field, these alone differ (how a
        product's answer is made from the one before's: ``form.Form``)."""
        return {
            "id": p.id,
            "name": p.name,
            "slug": p.slug,
            "permalink": r.catalogue.permalink(p, r.home),
            **self.dates_of(p, r),
            "sku": p.sku,
        }

    def dates(self, p: Product, r: Render) -> dict[str, Any]:
        return {"date_created": gmt(p.date_created), "date_modified": gmt(p.date_modified)}

    def dates_of(self, p: Product, r: Render) -> dict[str, Any]:
        """``dates``, kept for the last two dates and zone asked about: they read nothing else, and
        a run of creates within one second shows the same (the dict is spread, never changed)."""
        key = (p.date_created, p.date_modified, r.timezone)
        last = self._last_dates
        if last is not None and last[0] == key:
            return last[1]
        dates = self.dates(p, r)
        self._last_dates = (key, dates)
        return dates

    def rich(self, text: str, r: Render) -> str:
        """Descriptions and the purchase note: v1 renders them (``wpautop``) in every context."""
        return wpautop(text)

    def prices(self, p: Product, r: Render) -> dict[str, Any]:
        on_sale = is_on_sale(p, r.now)
        return {
            "price": p.price,
            "regular_price": p.regular_price,
            "sale_price": p.sale_price,
            **self.sale_dates(p, r),
            "price_html": price_html(p.price, p.regular_price, on_sale=on_sale),
            "on_sale": on_sale,
            "purchasable": p.price != "" and (p.status == "publish" or r.can_edit),
            "total_sales": p.total_sales,
        }

    def sale_dates(self, p: Product, r: Render) -> dict[str, Any]:
        def day(moment: datetime | None) -> str:
            return moment.astimezone(r.timezone).strftime("%Y-%m-%d") if moment else ""

        return {"date_on_sale_from": day(p.date_on_sale_from), "date_on_sale_to": day(p.date_on_sale_to)}

    def downloads(self, p: Product, r: Render) -> dict[str, Any]:
        return {
            "virtual": p.virtual,
            "downloadable": p.downloadable,
            "downloads": self.files(p, r),
            "download_limit": p.download_limit,
            "download_expiry": p.download_expiry,
            "download_type": "standard",
            "external_url": p.external_url if p.type == "external" else "",
            "button_text": p.button_text if p.type == "external" else "",
            "tax_status": p.tax_status,
            "tax_class": p.tax_class,
        }

    def files(self, p: Product, r: Render) -> list[dict[str, str]]:
        shown = p.downloadable or (r.edit and self.files_in_edit)
        return [{"id": d.id, "name": d.name, "file": d.file} for d in p.downloads] if shown else []

    def stock(self, p: Product, r: Render) -> dict[str, Any]:
        return {
            "manage_stock": p.manage_stock,
            "stock_quantity": p.stock_quantity,
            "in_stock": p.stock_status != "outofstock",
            "backorders": p.backorders,
            "backorders_allowed": p.backorders_allowed,
            "backordered": p.backordered,
            "sold_individually": p.sold_individually,
        }

    def shipping(self, p: Product) -> dict[str, Any]:
        return {
            "weight": p.weight,
            "dimensions": {"length": p.length, "width": p.width, "height": p.height},
            "shipping_required": not p.virtual,
            "shipping_taxable": not p.virtual and p.tax_status in ("taxable", "shipping"),
            "shipping_class": "",
            "shipping_class_id": p.shipping_class_id,
        }

    def relations(self, p: Product, r: Render) -> dict[str, Any]:
        return {
            "reviews_allowed": p.reviews_allowed,
            "average_rating": self.average_rating(r),
            "rating_count": 0,
            "related_ids": r.catalogue.related_ids(p),
            "upsell_ids": list(p.upsell_ids),
            "cross_sell_ids": list(p.cross_sell_ids),
            "parent_id": p.parent_id,
            "purchase_note": self.rich(p.purchase_note, r),
            "categories": self.terms(p.category_ids, "product_cat", r),
            "tags": self.terms(p.tag_ids, "product_tag", r),
            "images": self.images(p, r),
            "attributes": [self.attribute(a) for a in p.attributes],
            "default_attributes": [dict(a) for a in p.default_attributes],
            "variations": list(p.children) if p.type == "variable" else [],
            "grouped_products": list(p.grouped_products) if p.type == "grouped" else [],
            "menu_order": p.menu_order,
            "brands": [],
        }

    def extras(self, p: Product, r: Render) -> dict[str, Any]:
        return {}

    def average_rating(self, r: Render) -> str:
        return "0.00"

    def terms(self, ids: tuple[int, ...], taxonomy: str, r: Render) -> list[dict[str, Any]]:
        """``wc_get_object_terms``: ordered by name."""
        found = [t for t in (r.catalogue.term(i, taxonomy) for i in ids) if t is not None]
        found.sort(key=lambda t: (t.name.casefold(), t.id))
        return [{"id": t.id, "name": t.name, "slug": t.slug} for t in found]

    def attribute(self, a: Any) -> dict[str, Any]:
        return {
            "id": a.id,
            "name": a.name,
            "position": a.position,
            "visible": a.visible,
            "variation": a.variation,
            "options": list(a.options),
        }

    def images(self, p: Product, r: Render) -> list[dict[str, Any]]:
        images = [self.image(i, position, r) for position, i in enumerate(p.image_ids) if i == PLACEHOLDER_IMAGE_ID]
        if not images and self.placeholder_without_image:
            images = [self.placeholder(r)]
        return images

    def image(self, attachment_id: int, position: int, r: Render) -> dict[str, Any]:
        body: dict[str, Any] = {"id": attachment_id, **self.image_dates(PLACEHOLDER_UPLOADED, r)}
        body.update(src=r.home + PLACEHOLDER_FILE, name="woocommerce-placeholder", alt="", position=position)
        return body

    def placeholder(self, r: Render) -> dict[str, Any]:
        """The entry v1 and v2 show for a product without images, dated now."""
        return {
            "id": 0,
            **self.image_dates(r.now, r),
            "src": r.home + PLACEHOLDER_FILE,
            "name": "Placeholder",
            "alt": "Placeholder",
            "position": 0,
        }

    def image_dates(self, moment: datetime, r: Render) -> dict[str, Any]:
        return {"date_created": r.local(moment), "date_modified": r.local(moment)}

    def writable(self, data: dict[str, Any]) -> dict[str, Any]:
        """The request without what this version's controller never reads (the request itself
        when it has none of them: the rules only read it)."""
        if self.ignored.isdisjoint(data):
            return data
        return {k: v for k, v in data.items() if k not in self.ignored}


class V2View(V1View):
    """``wc/v2``: site-local and GMT dates, meta data, raw text in ``edit``; no ``download_type``."""

    version = "v2"
    inserts_first = False
    ignored = V1View.ignored - {"meta_data"}

    def dates(self, p: Product, r: Render) -> dict[str, Any]:
        return {
            "date_created": r.local(p.date_created),
            "date_created_gmt": gmt(p.date_created),
            "date_modified": r.local(p.date_modified),
            "date_modified_gmt": gmt(p.date_modified),
        }

    def rich(self, text: str, r: Render) -> str:
        return text if r.edit else wpautop(text)

    def sale_dates(self, p: Product, r: Render) -> dict[str, Any]:
        return {
            "date_on_sale_from": r.local(p.date_on_sale_from),
            "date_on_sale_from_gmt": gmt(p.date_on_sale_from),
            "date_on_sale_to": r.local(p.date_on_sale_to),
            "date_on_sale_to_gmt": gmt(p.date_on_sale_to),
        }

    def downloads(self, p: Product, r: Render) -> dict[str, Any]:
        body = super().downloads(p, r)
        del body["download_type"]
        return body

    def average_rating(self, r: Render) -> str:
        return "0" if r.edit else "0.00"

    def attribute(self, a: Any) -> dict[str, Any]:
        return {**super().attribute(a), "slug": a.name}

    def image_dates(self, moment: datetime, r: Render) -> dict[str, Any]:
        return {
            "date_created": r.local(moment),
            "date_created_gmt": gmt(moment),
            "date_modified": r.local(moment),
            "date_modified_gmt": gmt(moment),
        }

    def extras(self, p: Product, r: Render) -> dict[str, Any]:
        return {"meta_data": [{"id": m.id, "key": m.key, "value": meta_string(m.value)} for m in p.meta]}


class V3View(V2View):
    """``wc/v3``: ``stock_status`` instead of ``in_stock``, no placeholder image, edit-only slug hints."""

    version = "v3"
    placeholder_without_image = False
    files_in_edit = True
    ignored = frozenset({"in_stock"})

    def stock(self, p: Product, r: Render) -> dict[str, Any]:
        body = super().stock(p, r)
        del body["in_stock"]
        body["low_stock_amount"] = p.low_stock_amount
        return body

    def image(self, attachment_id: int, position: int, r: Render) -> dict[str, Any]:
        body = super().image(attachment_id, position, r)
        del body["position"]
        return body

    def extras(self, p: Product, r: Render) -> dict[str, Any]:
        body = super().extras(p, r)
        body.update(
            stock_status=p.stock_status,
            has_options=p.type == "variable",
            post_password=p.post_password,
            global_unique_id=p.global_unique_id,
        )
        if r.edit:
            body["permalink_template"] = f"{r.home}/product/%pagename%/"
            body["generated_slug"] = self.generated_slug(p, r)
        return body

    def varying(self, p: Product, r: Render) -> dict[str, Any]:
        """``V1View.varying`` and, in ``edit`` context, ``generated_slug``: written out (no
        ``super()``, no ``edit`` or ``generated_slug`` call), as every create's answer asks once."""
        body = {
            "id": p.id,
            "name": p.name,
            "slug": p.slug,
            "permalink": r.catalogue.permalink(p, r.home),
            **self.dates_of(p, r),
            "sku": p.sku,
        }
        if r.context == "edit":
            body["generated_slug"] = r.catalogue.unique_slug(sanitize_title(p.name), p.id)
        return body

    def generated_slug(self, p: Product, r: Render) -> str:
        """The slug the product's name makes, unique among the other products' (edit context)."""
        return r.catalogue.unique_slug(sanitize_title(p.name), p.id)


VIEWS: dict[str, type[V1View]] = {"v1": V1View, "v2": V2View, "v3": V3View}
