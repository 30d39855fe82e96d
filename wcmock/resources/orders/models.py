"""Order, item, note, refund and download-permission records: plain data, no HTTP and no rules.

Records are replaced, never changed in place, once they are in the backend: a command copies the
order (``Order.copy``), changes the copy and stores it, so a captured state (reset, snapshots) can
share every record it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any

from wcmock.resources.orders.vocabulary import BILLING_FIELDS, SHIPPING_FIELDS

LINE, SHIPPING, FEE, COUPON = "line_item", "shipping", "fee", "coupon"


# a copy of a kept empty address: a tenth of what ``dict.fromkeys`` costs a new order
empty_billing: Callable[[], dict[str, str]] = dict.fromkeys(BILLING_FIELDS, "").copy
empty_shipping: Callable[[], dict[str, str]] = dict.fromkeys(SHIPPING_FIELDS, "").copy


@dataclass(slots=True)
class Item:
    """One ``woocommerce_order_items`` row of any kind; ``name`` is a shipping line's method title.

    Money fields hold what WooCommerce stores (PHP's string of its float, or the string a client
    sent): ``"90"``, ``"30.015"``, ``"7.00"``.
    """

    id: int
    kind: str
    name: str = ""
    product_id: int = 0
    variation_id: int = 0
    quantity: int = 1
    tax_class: str = ""
    subtotal: str = "0"
    total: str = "0"
    method_id: str = ""
    instance_id: str = ""
    tax_status: str = "taxable"
    code: str = ""
    discount: str = "0"
    meta: list[dict[str, Any]] = field(default_factory=list)

    def copy(self) -> Item:
        item = Item(*_item_fields(self))  # ``dataclasses.replace`` costs four times as much
        item.meta = [dict(m) for m in self.meta]
        return item

    def meta_value(self, key: str) -> Any:
        return next((m["value"] for m in self.meta if m["key"] == key), None)


@dataclass(slots=True)
class Order:
    """A ``shop_order`` row of the HPOS tables with its items. Dates are aware UTC datetimes."""

    id: int
    order_key: str
    date_created: datetime
    date_modified: datetime
    status: str = "pending"
    parent_id: int = 0
    currency: str = "USD"
    version: str = "10.0.2"
    prices_include_tax: bool = False
    customer_id: int = 0
    billing: dict[str, str] = field(default_factory=empty_billing)
    shipping: dict[str, str] = field(default_factory=empty_shipping)
    payment_method: str = ""
    payment_method_title: str = ""
    transaction_id: str = ""
    customer_ip_address: str = ""
    customer_user_agent: str = ""
    created_via: str = "rest-api"
    customer_note: str = ""
    cart_hash: str = ""
    date_paid: datetime | None = None
    date_completed: datetime | None = None
    discount_total: str = "0"
    discount_tax: str = "0"
    shipping_total: str = "0"
    shipping_tax: str = "0"
    cart_tax: str = "0"
    total: str = "0"
    total_tax: str = "0"
    meta: list[dict[str, Any]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    stock_reduced: bool = False  # _order_stock_reduced
    sales_recorded: bool = False  # _recorded_sales
    permissions_granted: bool = False  # _download_permissions_granted

    def copy(self, *, items: bool = True) -> Order:
        """A copy to change; ``items=False`` shares the items themselves (in a list of its own),
        for a change that cannot touch them."""
        order = Order(*_order_fields(self))  # ``dataclasses.replace`` costs four times as much
        order.billing = dict(self.billing)
        order.shipping = dict(self.shipping)
        order.meta = [dict(m) for m in self.meta]
        order.items = [i.copy() for i in self.items] if items else list(self.items)
        return order

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def item(self, item_id: int) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


# every field in ``__init__``'s order, read at once: a copy passes them on positionally
_item_fields = attrgetter(*(f.name for f in fields(Item)))
_order_fields = attrgetter(*(f.name for f in fields(Order)))
_but_modified = attrgetter(*(f.name for f in fields(Order) if f.name != "date_modified"))


# where ``Pattern`` cuts an order's fields: id, key and the dates come first, customer, billing
# and shipping in a row, then meta and items, then flags (``tests/orders/test_orders_fast_paths.py``)
_NAMES = [f.name for f in fields(Order)]
_CUSTOMER, _META = _NAMES.index("customer_id"), _NAMES.index("meta")


class Pattern:
    """An order without meta rows to make others like (``OrdersBackend.create``): its fields read
    once, so each order made is one call, with an item call per item (``copy`` reads every field)."""

    __slots__ = ("_after", "_between", "_flags", "_items", "_shipping")
    _between: tuple[Any, ...]
    _after: tuple[Any, ...]
    _flags: tuple[Any, ...]
    _items: list[tuple[Any, ...]]

    def __init__(self, order: Order) -> None:
        values = _order_fields(order)
        self._between = values[4:_CUSTOMER]  # status … prices_include_tax
        self._shipping = dict(order.shipping)
        self._after = values[_CUSTOMER + 3 : _META]  # payment_method … total_tax
        self._flags = values[_META + 2 :]
        self._items = [_item_fields(i)[1:-1] for i in order.items]

    def make(
        self, order_id: int, key: str, moment: datetime, customer_id: int, billing: dict[str, str], item_ids: list[int]
    ) -> Order:
        """The order with these fields, a copy of everything else (both dates ``moment``)."""
        items = [Item(*(n, *rest, [])) for n, rest in zip(item_ids, self._items, strict=True)]
        shipping = dict(self._shipping)
        return Order(*(order_id, key, moment, moment, *self._between, customer_id, billing, shipping, *self._after,
                       [], items, *self._flags))  # fmt: skip


def only_redated(old: Order, new: Order) -> bool:
    """Whether ``new`` is ``old`` but for ``date_modified``: what an update that sets what is
    already there leaves (a store moves the date on every save)."""
    return _but_modified(old) == _but_modified(new)


RESTAMPED = ("date_modified", "date_paid", "date_completed")  # the dates one command's moment stamps
_but_stamped = attrgetter(*(f.name for f in fields(Order) if f.name not in RESTAMPED))


def only_restamped(old: Order, new: Order) -> bool:
    """Whether ``new`` is ``old`` but for the dates a save and a status change stamp with the
    command's moment: what the same status change leaves when made again at another time (after a
    reset, a test suite's next test)."""
    return _but_stamped(old) == _but_stamped(new)


@dataclass(frozen=True, slots=True)
class Note:
    """An order note (a WordPress comment of type ``order_note``)."""

    id: int
    order_id: int
    date_created: datetime
    content: str
    customer_note: bool = False
    author: str = "WooCommerce"


@dataclass(slots=True)
class Refund:
    """A ``shop_order_refund`` row: ``amount`` as stored (``"30.00"``), its items negative."""

    id: int
    order_id: int
    date_created: datetime
    amount: str
    reason: str = ""
    refunded_by: int = 0
    refunded_payment: bool = False
    meta: list[dict[str, Any]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Permission:
    """A ``woocommerce_downloadable_product_permissions`` row."""

    id: int
    download_id: str
    product_id: int
    order_id: int
    order_key: str
    user_id: int
    email: str
    downloads_remaining: str  # "" = unlimited
    access_expires: datetime | None  # None = never
