"""WooCommerce's write rules for a product: ``prepare_object_for_database`` and the data store's save.

``apply_changes`` turns a sanitised request body into a new :class:`Product` (or raises a
:class:`RestError`) without touching the store: every check runs before anything is written, so
a failed request never leaves half a product behind. What it needs from the store (is a SKU taken,
is a slug free, which categories exist, the next meta id) it asks through :class:`Catalogue`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from operator import itemgetter
from typing import Any, Protocol
from urllib.parse import urlsplit

from wcmock.errors import RestError
from wcmock.php import is_numeric, to_int
from wcmock.resources.products.formatting import format_decimal, php_less, to_decimal
from wcmock.resources.products.models import (
    PLACEHOLDER_IMAGE_ID,
    STATUSES,
    TAX_CLASSES,
    UNPUBLISHED,
    Attribute,
    Meta,
    Product,
    ProductDownload,
)
from wcmock.resources.products.text import filter_post_kses, sanitize_title
from wcmock.wordpress import sanitize_text_field

PRICE_PROPS = ("regular_price", "sale_price", "date_on_sale_from", "date_on_sale_to", "type")
KNOWN_STATUSES = (*STATUSES, "trash", "auto-draft")  # get_post_status_object() knows these
# Request keys whose handling reads the record and the value alone: neither the clock (no price is
# worked out again: ``PRICE_PROPS``), the site's timezone, the catalogue (SKUs, terms, images, meta
# ids, UUIDs) nor the slug (a status, name or slug change moves it). ``_save`` still asks the
# catalogue for the record's slug, whose answer holds while no product's slug moves. A body of
# these alone, with the same values, on the same product as it was: the same outcome.
SELF_CONTAINED = frozenset(
    {"id", "manage_stock", "stock_quantity", "stock_status", "in_stock", "backorders", "low_stock_amount",
     "featured", "catalog_visibility", "menu_order", "reviews_allowed", "sold_individually", "tax_status",
     "tax_class", "description", "short_description", "purchase_note", "weight", "virtual"}
)  # fmt: skip
_SCALARS = frozenset({str, int, float, bool, type(None)})
# Create body keys whose handling reads the value alone (the catalogue is asked about a SKU and
# the slug only, :func:`created_like` asks again), and the two a run of creates varies in.
LIKE_CREATED = SELF_CONTAINED | {
    "type", "status", "name", "sku", "regular_price", "sale_price", "post_password", "downloadable",
    "download_limit", "download_expiry", "global_unique_id", "parent_id", "external_url", "button_text",
    "shipping_class", "inventory_delta",
}  # fmt: skip
VARYING = frozenset({"name", "sku"})
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?$")


class Catalogue(Protocol):
    """What the write rules ask of the store."""

    def sku_holder(self, sku: str, *, other_than: int) -> int | None: ...
    def unique_slug(self, slug: str, product_id: int) -> str: ...
    def known_terms(self, ids: list[int], taxonomy: str) -> list[int]: ...
    def tag_by_name(self, name: str) -> int: ...
    def is_image(self, attachment_id: int) -> bool: ...
    def next_meta_id(self) -> int: ...
    def new_uuid(self) -> str: ...


def sku_error(catalogue: Catalogue, sku: str, product_id: int) -> RestError:
    """``product_invalid_sku`` with the holder and the first free ``{sku}-N``."""
    holder = catalogue.sku_holder(sku, other_than=0) or 0
    index = 1
    while catalogue.sku_holder(f"{sku}-{index}", other_than=product_id) is not None:
        index += 1
    return RestError(
        "product_invalid_sku", "Invalid or duplicated SKU.", 400, resource_id=holder, unique_sku=f"{sku}-{index}"
    )


def self_contained(data: dict[str, Any]) -> tuple[Any, ...] | None:
    """What a body of :data:`SELF_CONTAINED` keys with scalar values is told apart by (each value's
    type too: ``true`` and ``1`` are equal in Python but ``str()`` them differently), else None."""
    if not data.keys() <= SELF_CONTAINED:
        return None
    key = []
    for name, value in data.items():
        if type(value) not in _SCALARS:
            return None
        key.append((name, type(value), value))
    return tuple(key)


def create_key(data: dict[str, Any]) -> tuple[Any, ...] | None:
    """What a create body of :data:`LIKE_CREATED` keys with scalar values is told apart by but its
    name and SKU (text both: a client's next product), else None: its keys in order, each value's
    type (``true`` and ``1`` are equal in Python but ``str()`` them differently) and its values
    but the name's and the SKU's. Three tuples made in C, not a tuple per member: each create
    makes one, of the seventeen members a create's defaults give it. What its keys and its types
    are told by (whether they may be, where the name and the SKU are) is kept per keys and per
    types (:data:`_KEY_PLANS`, :data:`_KINDS`): a client sends the same few shapes of body."""
    keys = tuple(data)
    plan = _KEY_PLANS.get(keys)
    if plan is None:
        plan = _key_plan(keys)
    if plan is _UNLIKE:
        return None
    kinds = tuple(map(type, data.values()))
    fit = _KINDS.get(kinds)
    if fit is None:
        if len(_KINDS) >= _PLAN_LIMIT:
            _KINDS.clear()
        fit = _KINDS[kinds] = _SCALARS.issuperset(kinds)
    if not fit:
        return None
    varying, others = plan
    for at in varying:
        if kinds[at] is not str:
            return None
    return keys, kinds, others(data)


_PLAN_LIMIT = 64  # shapes of body kept (a client sends a few; a fuzzer many, each then looked at anew)
# per create body's keys: _UNLIKE when not all are LIKE_CREATED, else where VARYING's are among
# them and a getter of the other members' values (one C call, a tuple however many they are)
KeyPlan = tuple[tuple[int, ...], Callable[[dict[str, Any]], tuple[Any, ...]]]
_KEY_PLANS: dict[tuple[str, ...], KeyPlan] = {}
_UNLIKE: KeyPlan = ((-1,), lambda data: ())
_KINDS: dict[tuple[type, ...], bool] = {}  # per create body's value types: whether all are _SCALARS


def _key_plan(keys: tuple[str, ...]) -> KeyPlan:
    """``create_key``'s reading of a body's keys (kept in :data:`_KEY_PLANS`)."""
    plan = _UNLIKE
    if LIKE_CREATED.issuperset(keys):
        others = tuple(name for name in keys if name not in VARYING)
        getter = itemgetter(*others) if len(others) >= 2 else lambda data: tuple(map(data.__getitem__, others))
        plan = (tuple(keys.index(name) for name in sorted(VARYING) if name in keys), getter)
    if len(_KEY_PLANS) >= _PLAN_LIMIT:
        _KEY_PLANS.clear()
    _KEY_PLANS[keys] = plan
    return plan


def created_like(
    previous: Product, data: dict[str, Any], catalogue: Catalogue, *, product_id: int, now: datetime
) -> Product:
    """The product ``apply_changes`` makes of a create body that differs from the one that made
    ``previous`` in its name and SKU alone (the same :func:`create_key`): ``previous`` with this
    body's name, SKU and slug, this id and this moment. Nothing else it holds read either (its
    price reads the clock only through sale dates, which it has none of: :func:`like_created`)."""
    name = filter_post_kses(data["name"]) if data.get("name") is not None else ""
    sku = None
    if data.get("sku") is not None:
        sku = sanitize_text_field(data["sku"])
        if sku not in ("", "0") and catalogue.sku_holder(sku, other_than=product_id) is not None:
            raise sku_error(catalogue, sku, product_id)
    product = previous.copied()  # new and not yet shared: set in place
    product.id = product_id
    product.name = name = name or "Product"
    product.date_created = product.date_modified = now
    if sku is not None:
        product.sku = sku
    if previous.status not in UNPUBLISHED:
        product.slug = catalogue.unique_slug(sanitize_title(name), product_id)
    return product


def like_created(product: Product) -> bool:
    """Whether a product made by a create body may be the ``previous`` of :func:`created_like`:
    its slug made from its name (none asked for), its price from the clock-free rules."""
    return product.date_on_sale_from is None and product.date_on_sale_to is None


def apply_changes(
    product: Product,
    data: dict[str, Any],
    catalogue: Catalogue,
    *,
    now: datetime,
    site_tz: tzinfo = UTC,
    default_name: str = "",
) -> Product:
    """The product after a create or update with ``data`` (absent keys leave a prop as it is).

    ``default_name`` is what the data store calls a new product without a name (``"Product"``).
    """
    changes: dict[str, Any] = {}
    p = product
    has = {key for key, value in data.items() if value is not None}.__contains__  # sent, and not null

    if has("type"):
        changes["type"] = data["type"] if data["type"] in ("simple", "grouped", "external", "variable") else "simple"
    kind = changes.get("type", p.type)
    for key in ("name", "description", "short_description"):
        if has(key):
            changes[key] = filter_post_kses(str(data[key]))
    if has("status"):
        changes["status"] = data["status"] if data["status"] in KNOWN_STATUSES else "draft"
    if has("slug"):
        changes["slug_request"] = str(data["slug"])
    if has("menu_order"):
        changes["menu_order"] = to_int(data["menu_order"])
    for key in ("reviews_allowed", "virtual", "featured", "sold_individually", "downloadable"):
        if has(key):
            changes[key] = _boolean(data[key])
    if has("post_password"):
        changes["post_password"] = str(data["post_password"])
    if has("tax_status"):
        changes["tax_status"] = str(data["tax_status"])
    if has("tax_class"):
        tax_class = sanitize_title(str(data["tax_class"]))
        tax_class = "" if tax_class == "standard" else tax_class
        changes["tax_class"] = tax_class if tax_class in TAX_CLASSES else ""
    if has("catalog_visibility"):
        changes["catalog_visibility"] = str(data["catalog_visibility"])
    if has("purchase_note"):
        changes["purchase_note"] = filter_post_kses(str(data["purchase_note"]))
    changes.update(_shipping(data))
    if has("sku"):
        sku = sanitize_text_field(str(data["sku"])) if not isinstance(data["sku"], (dict, list)) else ""
        if sku not in ("", "0") and catalogue.sku_holder(sku, other_than=p.id) is not None:
            raise sku_error(catalogue, sku, p.id)
        changes["sku"] = sku
    if has("global_unique_id"):
        changes["global_unique_id"] = re.sub(r"[^0-9\-]", "", str(data["global_unique_id"]))
    if has("attributes") and isinstance(data["attributes"], list):
        changes["attributes"] = _attributes(data["attributes"])
    if kind in ("variable", "grouped"):
        changes.update(regular_price="", sale_price="", date_on_sale_from=None, date_on_sale_to=None, price="")
    else:
        for key in ("regular_price", "sale_price"):
            if has(key):
                changes[key] = format_decimal(data[key])
        for key in ("date_on_sale_from", "date_on_sale_to"):
            if key in data and data[key] is not None:
                changes[key] = sale_date(data[key], site_tz)
            if data.get(key + "_gmt") is not None:
                changes[key] = sale_date(data[key + "_gmt"], UTC)
    if has("parent_id"):
        changes["parent_id"] = abs(to_int(data["parent_id"]))
    changes.update(_stock(p, kind, data, changes))
    for key in ("upsell_ids", "cross_sell_ids"):
        if has(key) and isinstance(data[key], list):
            changes[key] = tuple(i for i in (to_int(v) for v in data[key]) if i > 0)
    if isinstance(data.get("categories"), list):
        changes["category_ids"] = tuple(catalogue.known_terms(_term_ids(data["categories"]), "product_cat"))
    if isinstance(data.get("tags"), list):
        changes["tag_ids"] = tuple(_tags(data["tags"], catalogue))
    if changes.get("downloadable", p.downloadable):
        if isinstance(data.get("downloads"), list):
            changes["downloads"] = tuple(_downloads(data["downloads"], catalogue))
        for key in ("download_limit", "download_expiry"):
            if has(key):
                changes[key] = _download_count(data[key])
    if kind == "external":
        for key in ("external_url", "button_text"):
            if has(key):
                changes[key] = str(data[key])
    if kind == "grouped" and isinstance(data.get("grouped_products"), list):
        changes["grouped_products"] = tuple(to_int(v) for v in data["grouped_products"] if to_int(v) > 0)
    if "images" in data and data["images"] is not None:
        changes["image_ids"] = _images(data["images"], catalogue)
    if isinstance(data.get("meta_data"), list):
        changes["meta"] = _meta(p.meta, data["meta_data"], catalogue)
    for key, zone in (("date_created", site_tz), ("date_created_gmt", UTC)):
        if data.get(key):
            parsed = rest_date(str(data[key]), zone)
            if parsed is not None:
                changes["date_created"] = parsed
    if default_name and not changes.get("name", p.name):
        changes["name"] = default_name
    return _save(p, changes, catalogue, now=now)


def _save(p: Product, changes: dict[str, Any], catalogue: Catalogue, *, now: datetime) -> Product:
    """``WC_Product::save()``: slug, prices, stock status; the data store refreshes ``date_modified``."""
    slug_request = changes.pop("slug_request", None)
    new = p.evolve(**changes, date_modified=now)
    derived = _slug(p, new, slug_request, catalogue)
    if new.type not in ("variable", "grouped"):
        sale = new.sale_price
        if {"regular_price", "sale_price"} & changes.keys() and not php_less(sale, new.regular_price):
            sale = derived["sale_price"] = ""
        if set(PRICE_PROPS) & changes.keys() or p.id == 0:
            on_sale = is_on_sale(new.evolve(sale_price=sale) if sale != new.sale_price else new, now)
            derived["price"] = sale if on_sale else new.regular_price
    derived.update(_stock_props(new))
    for name, value in derived.items():  # ``new`` is this save's own copy, not yet stored or shared
        setattr(new, name, value)
    return new


def _slug(old: Product, new: Product, requested: str | None, catalogue: Catalogue) -> dict[str, Any]:
    """``wp_insert_post``'s slug: empty while unpublished and never set, else unique among products.

    Leaving the trash by a status change gives back the slug the product had (``_wp_desired_post_slug``).
    """
    out: dict[str, Any] = {}
    if requested is not None:
        wanted = requested
    elif old.status == "trash" and new.status != "trash" and new.meta_value("_wp_desired_post_slug"):
        wanted = str(new.meta_value("_wp_desired_post_slug"))
        out["meta"] = tuple(m for m in new.meta if m.key != "_wp_desired_post_slug")
    else:
        wanted = new.slug
    if not wanted:
        if new.status in UNPUBLISHED:
            return {**out, "slug": ""}
        wanted = new.name
    slug = sanitize_title(wanted)
    if new.status not in UNPUBLISHED:
        slug = catalogue.unique_slug(slug, new.id)
    return {**out, "slug": slug}


def is_on_sale(p: Product, now: datetime) -> bool:
    """``WC_Product::is_on_sale()``: a sale price below the regular one, within the sale dates."""
    if p.sale_price == "" or not php_less(p.sale_price, p.regular_price):
        return False
    if p.date_on_sale_from is not None and p.date_on_sale_from > now:
        return False
    return not (p.date_on_sale_to is not None and p.date_on_sale_to < now)


def _stock_props(p: Product) -> dict[str, Any]:
    """``validate_props()``: an unmanaged product has no quantity; a managed one's status follows it."""
    if not p.manage_stock:
        return {"stock_quantity": None, "backorders": "no", "low_stock_amount": None}
    if (p.stock_quantity or 0) > 0:
        return {"stock_status": "instock"}
    return {"stock_status": "onbackorder" if p.backorders != "no" else "outofstock"}


def _stock(p: Product, kind: str, data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if data.get("stock_status") is not None:
        status = str(data["stock_status"])
    elif data.get("in_stock") is not None:
        status = "instock" if data["in_stock"] is True else "outofstock"
    else:
        status = p.stock_status
    manage = _boolean(data["manage_stock"]) if data.get("manage_stock") is not None else p.manage_stock
    if kind == "external" and data.get("manage_stock") is not None and manage:
        raise RestError("product_external_invalid_manage_stock", "External products cannot be stock managed.", 400)
    if data.get("backorders") is not None:
        out["backorders"] = str(data["backorders"])
    if kind == "grouped":
        return {**out, "manage_stock": False, "backorders": "no", "stock_quantity": None, "stock_status": status}
    if kind == "external":
        return {**out, "manage_stock": False, "backorders": "no", "stock_quantity": None, "stock_status": "instock"}
    if not manage:
        return {**out, "manage_stock": False, "stock_quantity": None, "stock_status": status, "low_stock_amount": None}
    out["manage_stock"] = True
    if kind != "variable":
        out["stock_status"] = status
    if data.get("stock_quantity") is not None:
        out["stock_quantity"] = to_int(data["stock_quantity"])
    elif data.get("inventory_delta") is not None:
        out["stock_quantity"] = (p.stock_quantity or 0) + to_int(data["inventory_delta"])
    if "low_stock_amount" in data:
        value = data["low_stock_amount"]
        out["low_stock_amount"] = None if value is None or value == "" else to_int(value)
    return out


def _shipping(data: dict[str, Any]) -> dict[str, Any]:
    """``save_product_shipping_data``: ``virtual: true`` clears weight and every dimension."""
    if data.get("virtual") is True:
        return {"weight": "", "length": "", "width": "", "height": ""}
    out: dict[str, Any] = {}
    if data.get("weight") is not None:
        out["weight"] = _measure(data["weight"])
    dimensions = data.get("dimensions")
    if isinstance(dimensions, dict):
        for key in ("length", "width", "height"):
            if dimensions.get(key) is not None:
                out[key] = _measure(dimensions[key])
    if data.get("shipping_class") is not None:
        out["shipping_class_id"] = 0  # no shipping classes exist in a fresh store: every slug is unknown
    return out


def _measure(value: Any) -> str:
    return "" if value == "" else format_decimal(value)


def _boolean(value: Any) -> bool:
    """``wc_string_to_bool``: ``true``, ``1``, ``"yes"``, ``"true"`` and ``"1"`` are true."""
    if isinstance(value, str):
        return value.lower() in ("yes", "true", "1")
    return bool(value)


def _download_count(value: Any) -> int:
    """``set_download_limit``: ``-1`` or ``""`` is unlimited, anything else its absolute integer."""
    if value == "" or to_int(value) == -1:
        return -1
    return abs(to_int(value))


def _term_ids(terms: list[Any]) -> list[int]:
    ids: list[int] = []
    for term in terms:
        raw = term.get("id") if isinstance(term, dict) else None
        term_id = abs(to_int(raw)) if raw is not None and not isinstance(raw, (dict, list)) else 0
        if term_id and term_id not in ids:
            ids.append(term_id)
    return ids


def _tags(terms: list[Any], catalogue: Catalogue) -> list[int]:
    """Tags by id; v3 also by name (an unknown name becomes a new tag). Unknown ids are dropped."""
    ids = catalogue.known_terms(_term_ids(terms), "product_tag")
    for term in terms:
        if isinstance(term, dict) and not term.get("id") and isinstance(term.get("name"), str) and term["name"]:
            tag_id = catalogue.tag_by_name(term["name"])
            if tag_id not in ids:
                ids.append(tag_id)
    return ids


def _downloads(entries: list[Any], catalogue: Catalogue) -> list[ProductDownload]:
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("file"):
            continue
        file = str(entry["file"])
        name = str(entry.get("name") or "") or urlsplit(file).path.rsplit("/", 1)[-1]
        out.append(ProductDownload(str(entry.get("id") or catalogue.new_uuid()), name, file))
    return out


def _images(images: Any, catalogue: Catalogue) -> tuple[int, ...]:
    """``set_product_images``: attachment ids must be images; ``src`` would sideload a file."""
    entries = [i for i in images if i] if isinstance(images, list) else []
    ids: list[int] = []
    for image in entries:
        attachment = abs(to_int(image.get("id"))) if isinstance(image, dict) else 0
        if attachment == 0 and isinstance(image, dict) and image.get("src"):
            raise RestError(
                "woocommerce_product_image_upload_error",
                f"Error getting remote image {image['src']}. Error: wcmock does not download images.",
                400,
            )
        if not catalogue.is_image(attachment):
            raise RestError("woocommerce_product_invalid_image_id", f"#{attachment} is an invalid image ID.", 400)
        ids.append(attachment)
    return tuple(ids)


def _attributes(entries: list[Any]) -> tuple[Attribute, ...]:
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("id") or not entry.get("name"):
            continue  # global attributes need attribute taxonomies, which a fresh store has none of
        options = entry.get("options")
        if options is None:
            continue
        values = options if isinstance(options, list) else str(options).split("|")
        out.append(
            Attribute(
                id=0,
                name=sanitize_text_field(str(entry["name"])),
                position=abs(to_int(entry.get("position") or 0)),
                visible=bool(entry.get("visible")),
                variation=bool(entry.get("variation")),
                options=tuple(str(v).strip() for v in values),
            )
        )
    return tuple(out)


def _meta(current: tuple[Meta, ...], entries: list[Any], catalogue: Catalogue) -> tuple[Meta, ...]:
    """``update_meta_data`` per entry: by id when given, else the first row with the key; null deletes."""
    rows = list(current)
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            continue
        key, value = entry["key"], entry.get("value")
        wanted = to_int(entry.get("id")) if entry.get("id") is not None else 0
        index = next((i for i, m in enumerate(rows) if (m.id == wanted if wanted else m.key == key)), None)
        if value is None:
            rows = [m for m in rows if m.key != key]
        elif index is not None:
            rows[index] = replace(rows[index], key=key, value=value)
        else:
            rows.append(Meta(catalogue.next_meta_id(), key, value))
    return tuple(rows)


def rest_date(text: str, zone: tzinfo) -> datetime | None:
    """``rest_parse_date``: an RFC 3339 date-time (offset optional, then in ``zone``), else ``None``."""
    if not _RFC3339.match(text):
        return None
    return _parse(text, zone)


def sale_date(value: Any, zone: tzinfo) -> datetime | None:
    """``set_date_prop``: a timestamp or a date string (``2030-02-01`` is midnight); junk is no date."""
    if value == "" or value is None:
        return None
    if is_numeric(value):
        return datetime.fromtimestamp(int(float(value)), UTC)
    return _parse(str(value).strip(), zone)


def _parse(text: str, zone: tzinfo) -> datetime | None:
    if _DATE_ONLY.match(text):
        text += "T00:00:00"
    match = _WITH_TIME.match(text.split(".")[0] if "." in text and "T" in text.upper() else text)
    if match is None:
        return None
    day, clock, offset = match.groups()
    if len(clock) == 5:
        clock += ":00"
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}")
        if offset:
            moment = datetime.fromisoformat(f"{day}T{clock}{'+00:00' if offset == 'Z' else offset}")
            return moment.astimezone(UTC)
    except ValueError:
        return None
    return moment.replace(tzinfo=zone).astimezone(UTC)


def new_uuid(rng: Any) -> str:
    """``wp_generate_uuid4()`` from the store's seeded random source, so runs repeat."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def decimal_price(p: Product) -> Any:
    """The product's active price as a number (``None`` when it has none), for sorting and filters."""
    return to_decimal(p.price)


def image_allowed(attachment_id: int) -> bool:
    return attachment_id == PLACEHOLDER_IMAGE_ID
