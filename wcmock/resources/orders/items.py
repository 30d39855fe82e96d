"""Order lines from a request: ``prepare_line_items`` and its siblings, ``set_item`` and removal.

A line is built from its product when it is created (name, tax class, price times quantity, unrounded),
then the request's own ``name``, ``quantity``, ``total``, ``subtotal`` and ``tax_class`` override;
an existing line keeps its money when only its quantity changes, exactly as WooCommerce does.
"""

from __future__ import annotations

from typing import Any, Protocol

from wcmock.errors import RestError
from wcmock.resources.orders.models import COUPON, FEE, LINE, SHIPPING, Item, Order
from wcmock.resources.orders.money import php_string, to_float

# REST key -> item kind, in the order WooCommerce writes them (schema order, not request order).
ITEM_KEYS = {"line_items": LINE, "shipping_lines": SHIPPING, "fee_lines": FEE, "coupon_lines": COUPON}
NULL_REMOVES = ("product_id", "method_id", "method_title", "name", "code")


class Catalog(Protocol):
    """What orders read from the products backend (see /work/notes/PRODUCTS_API.md)."""

    def get(self, product_id: int) -> Any | None: ...

    def by_sku(self, sku: str) -> Any | None: ...

    def change_stock(self, product_id: int, delta: int) -> Any | None: ...

    def record_sales(self, product_id: int, delta: int) -> None: ...


def invalid_item() -> RestError:
    return RestError("woocommerce_rest_invalid_item_id", "Order item ID provided is not associated with order.", 400)


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(to_float(value))
    except (OverflowError, ValueError):
        return 0


def is_removal(posted: dict[str, Any]) -> bool:
    """``item_is_null`` or ``quantity`` exactly 0: the client asks for the line to go."""
    for key in NULL_REMOVES:
        if key in posted and posted[key] is None:
            return True
    return "quantity" in posted and not isinstance(posted["quantity"], bool) and posted["quantity"] == 0


def product_reference(catalog: Catalog, posted: dict[str, Any], *, creating: bool) -> int:
    """``get_product_id``: by SKU, else the product id (no variation), else the variation id."""
    if posted.get("sku"):
        found = catalog.by_sku(str(posted["sku"]))
        return int(found.id) if found is not None else 0
    if posted.get("product_id") and not posted.get("variation_id"):
        return _int(posted["product_id"])
    if posted.get("variation_id"):
        return _int(posted["variation_id"])
    if not creating:
        return 0
    raise RestError("woocommerce_rest_required_product_reference", "Product ID or SKU is required.", 400)


def _set_props(item: Item, posted: dict[str, Any], props: tuple[str, ...]) -> None:
    """``maybe_set_item_props``: each prop the request sets (not null)."""
    for prop in props:
        value = posted.get(prop)
        if value is None:
            continue
        if prop == "quantity":
            item.quantity = _int(value)
        elif prop in ("total", "subtotal", "discount"):
            setattr(item, prop, value if isinstance(value, str) else php_string(to_float(value)))
        elif prop == "method_title":
            item.name = str(value)
        else:
            setattr(item, prop, str(value))


def _set_meta(item: Item, posted: dict[str, Any], next_meta_id: Any) -> None:
    """``maybe_set_item_meta_data``: by id, else by key; a null value deletes."""
    for meta in posted.get("meta_data") or []:
        if not isinstance(meta, dict) or not isinstance(meta.get("key"), str):
            continue
        value = meta.get("value")
        value = ("1" if value else "") if isinstance(value, bool) else value
        value = str(value) if isinstance(value, (int, float)) else value
        rows = [m for m in item.meta if meta.get("id") and m["id"] == meta.get("id")]
        rows = rows or [m for m in item.meta if m["key"] == meta["key"]]
        if value is None:
            item.meta = [m for m in item.meta if m not in rows]
        elif rows:
            rows[0]["key"], rows[0]["value"] = meta["key"], value
        else:
            item.meta.append({"id": next_meta_id(), "key": meta["key"], "value": value})


def prepare(catalog: Catalog, kind: str, posted: dict[str, Any], item: Item | None, next_meta_id: Any) -> Item:
    """One line from its request; ``item`` is the existing line on an update (changed in place)."""
    creating = item is None
    line = item if item is not None else Item(id=0, kind=kind)
    if kind == LINE:
        product_id = product_reference(catalog, posted, creating=creating)
        product = catalog.get(product_id) if product_id else None
        if product is not None and product.id != (line.variation_id or line.product_id):
            set_product(line, product)
            if creating:
                quantity = _int(posted["quantity"]) if posted.get("quantity") is not None else 1
                total = php_string(to_float(product.price) * quantity) if quantity > 0 else "0"
                line.total = line.subtotal = total
        _set_props(line, posted, ("name", "quantity", "total", "subtotal", "tax_class"))
    elif kind == SHIPPING:
        if creating and not posted.get("method_id"):
            raise RestError("woocommerce_rest_invalid_shipping_item", "Shipping method ID is required.", 400)
        _set_props(line, posted, ("method_id", "method_title", "total", "instance_id"))
    elif kind == FEE:
        if creating and not posted.get("name"):
            raise RestError("woocommerce_rest_invalid_fee_item", "Fee name is required.", 400)
        _set_props(line, posted, ("name", "tax_class", "tax_status", "total"))
    else:
        if creating and not posted.get("code"):
            raise RestError("woocommerce_rest_invalid_coupon_coupon", "Coupon code is required.", 400)
        _set_props(line, posted, ("code", "discount"))
    _set_meta(line, posted, next_meta_id)
    return line


SIMPLE_LINE = frozenset({"product_id", "quantity"})  # what a checkout sends for a new line


LineTemplates = dict[tuple[int, int], tuple[Any, tuple[str, int, int, str, str]]]
TEMPLATE_LIMIT = 4096  # (product, quantity) pairs kept


def simple_line(catalog: Catalog, posted: dict[str, Any], kept: LineTemplates | None = None) -> Item | None:
    """A new line sent as ``{"product_id": N, "quantity": Q}`` with non-zero integers (a removal
    is ``quantity`` 0): the line ``prepare`` makes of it, made at once; anything else is None.

    What a line takes from its product is kept in ``kept`` per product and quantity, with the
    product record it was read from (records are replaced on every change): a checkout's lines
    are alike from order to order."""
    product_id = posted.get("product_id")
    quantity = posted.get("quantity", 1)
    if type(product_id) is not int or type(quantity) is not int or not product_id or not quantity:
        return None
    product = catalog.get(product_id)
    if product is None:  # an unknown product: a line of nothing, as ``prepare`` leaves it
        return Item(0, LINE, quantity=quantity)
    found = kept.get((product_id, quantity)) if kept is not None else None
    if found is not None and found[0] is product:
        name, line_product, variation, tax_class, total = found[1]
        return Item(0, LINE, name, line_product, variation, quantity, tax_class, total, total)
    total = php_string(to_float(product.price) * quantity) if quantity > 0 else "0"
    tax_class = str(getattr(product, "tax_class", "") or "")
    if getattr(product, "type", "") == "variation":
        line_product, variation = int(product.parent_id), int(product.id)
    else:
        line_product, variation = int(product.id), 0
    if kept is not None:
        if len(kept) >= TEMPLATE_LIMIT:
            kept.clear()
        kept[(product_id, quantity)] = (product, (str(product.name), line_product, variation, tax_class, total))
    return Item(0, LINE, str(product.name), line_product, variation, quantity, tax_class, total, total)


def set_product(line: Item, product: Any) -> None:
    """``WC_Order_Item_Product::set_product``: a variation's line names its parent as the product."""
    if getattr(product, "type", "") == "variation":
        line.product_id, line.variation_id = int(product.parent_id), int(product.id)
    else:
        line.product_id, line.variation_id = int(product.id), 0
    line.name = str(product.name)
    line.tax_class = str(getattr(product, "tax_class", "") or "")


def apply_items(
    catalog: Catalog,
    order: Order,
    key: str,
    payload: Any,
    *,
    creating: bool,
    next_meta_id: Any,
    on_remove: Any = None,
    templates: LineTemplates | None = None,
) -> None:
    """Every line of one REST key (``line_items`` …) into ``order``: update, add or remove
    (``templates``: see ``simple_line``)."""
    if not isinstance(payload, list):
        return
    kind = ITEM_KEYS[key]
    for posted in payload:
        if not isinstance(posted, dict):
            continue
        if kind == LINE and posted.keys() <= SIMPLE_LINE:
            simple = simple_line(catalog, posted, templates)
            if simple is not None:
                order.items.append(simple)
                continue
        if is_removal(posted):
            if "id" not in posted or posted["id"] is None:
                raise RestError(
                    "internal_server_error",
                    "<p>There has been a critical error on this website.</p>",
                    500,
                )
            existing = order.item(_int(posted["id"]))
            if existing is None:
                raise invalid_item()
            if on_remove is not None:
                on_remove(existing)
            order.items = [i for i in order.items if i.id != existing.id]
            continue
        item_id = _int(posted.get("id")) if posted.get("id") else 0
        if item_id:
            existing = order.item(item_id)
            if existing is None or existing.kind != kind:
                raise invalid_item()
            prepare(catalog, kind, posted, existing, next_meta_id)
        else:
            order.items.append(prepare(catalog, kind, posted, None, next_meta_id))
