"""The orders of one store: create, update, trash and delete with WooCommerce's rules, and notes.

Knows nothing of HTTP and nothing of other resources' internals: products are reached through
the ``Catalog`` protocol (the products backend), users through ``Accounts`` (the store shell's
users), ids through the shell's allocators. Every command validates before it changes anything and
works on copies, so a failed request changes nothing and captured states share records safely.
Callers hold the store's lock.
"""

from __future__ import annotations

import bisect
import itertools
import marshal
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from random import Random
from typing import Any, Protocol

from wcmock.errors import RestError
from wcmock.resources.orders import refunds as refund_rules
from wcmock.resources.orders import transitions
from wcmock.resources.orders.items import ITEM_KEYS, Catalog, LineTemplates, apply_items
from wcmock.resources.orders.models import COUPON, LINE, Note, Order, Pattern, Permission, Refund
from wcmock.resources.orders.money import sum_raw, to_float
from wcmock.resources.orders.query import OrderQuery, StatusLists, run_query
from wcmock.resources.orders.totals import calculate_totals
from wcmock.resources.orders.vocabulary import BILLING_FIELDS, ORDER_STATUSES, PAID_STATUSES, SHIPPING_FIELDS

NAME = "orders"  # the resource, and its backend's name in the store shell
TOPIC = "order"  # the webhook topics its changes fire: order.created, order.updated, order.deleted
CREATE_DEFAULTS = {"status": "pending", "currency": "USD", "customer_id": 0, "set_paid": False}  # the schema's
KEY_ALPHABET = string.ascii_letters + string.digits

SCALARS = ("currency", "customer_note", "payment_method", "payment_method_title", "transaction_id")
TOTALS_KEYS = ("billing", "shipping", "line_items", "shipping_lines", "fee_lines", "coupon_lines")
# every key ``OrdersBackend._apply`` reads: a body of none of them (a status change) leaves it nothing to do
APPLIED_KEYS = frozenset({"billing", "shipping", *ITEM_KEYS, "meta_data", *SCALARS, "customer_id", "parent_id"})


def key_draws(rng: Random, n: int, count: int) -> list[int]:
    """``count`` draws below ``n``, the very draws ``rng.choice`` makes (``getrandbits`` of ``n``'s
    bit length, again while too large) without its two calls a letter: same keys for a seed."""
    getrandbits, bits = rng.getrandbits, n.bit_length()
    out = []
    for _ in range(count):
        r = getrandbits(bits)
        while r >= n:
            r = getrandbits(bits)
        out.append(r)
    return out


def _sent_any(data: dict[str, Any], keys: tuple[str, ...]) -> bool:
    """Whether ``data`` holds a value for any of ``keys``: most updates send none of them (one set
    operation, not a generator's call a key)."""
    return not data.keys().isdisjoint(keys) and any(data.get(key) is not None for key in keys)


def letter_table(alphabet: str) -> tuple[bytes, bytes]:
    """For ``key_letters``: what a 32-bit draw's top byte gives (the letter of its top bits) and
    which top bytes are drawn again (their bits name no letter)."""
    bits = len(alphabet).bit_length()
    table = bytes(ord(alphabet[b >> (8 - bits)]) if b >> (8 - bits) < len(alphabet) else 0 for b in range(256))
    return table, bytes(b for b in range(256) if b >> (8 - bits) >= len(alphabet))


def key_letters(rng: Random, alphabet: str, table: tuple[bytes, bytes], count: int) -> str:
    """``count`` letters of ``alphabet`` (ASCII, at most 255 letters; ``table`` is its
    ``letter_table``), the very ones ``key_draws`` picks: a draw of ``k <= 32`` bits is the top
    ``k`` bits of the generator's next 32-bit word, and ``getrandbits(32 * m)`` is the next ``m``
    words, the first lowest. So the words still needed are drawn at once, a word's top byte is
    its letter or a draw again, and only as many more words are drawn as letters are missing."""
    getrandbits, letters, need = rng.getrandbits, b"", count
    while need:
        words = getrandbits(32 * need).to_bytes(4 * need, "little")
        letters += words[3::4].translate(*table)
        need = count - len(letters)
    return letters.decode()


KEY_TABLE = letter_table(KEY_ALPHABET)


# serials unique across every backend of the process (a rebuilt backend never repeats one)
_SERIALS = itertools.count(1)


class Accounts(Protocol):
    """What orders need of the store's users (the shell's user table, whatever resource shows it)."""

    def exists(self, user_id: int) -> bool: ...

    def email(self, user_id: int) -> str: ...

    def display_name(self, user_id: int) -> str: ...

    def order_caches_changed(self, user_id: int) -> None: ...

    def cached_order_count(self, user_id: int) -> int | None: ...

    def set_paying(self, user_id: int, paying: bool) -> None: ...

    def mark_last_active(self, user_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """Who writes and through which API version: authorship of notes and refunds, v1/v3 quirks."""

    user_id: int = 1
    version: str = "v3"
    batch: bool = False


@dataclass(frozen=True, slots=True)
class CustomerStats:
    """A customer's numbers as WooCommerce's customer data store computes them from the orders."""

    orders_count: int
    money_spent: str  # SUM(total_amount) as stored in the cache: "35.00000000", "0"
    last_order_id: int | None
    last_order_date: datetime | None


@dataclass(slots=True)
class OrdersState:
    """A captured backend (``capture``/``restore``): dictionaries of shared, never-changed records."""

    orders: dict[int, Order]
    notes: dict[int, Note]
    refunds: dict[int, Refund]
    permissions: dict[int, Permission]
    refunds_serial: int  # the serial of ``refunds`` as captured: what was rendered with them holds again


@dataclass(frozen=True, slots=True)
class Checkout:
    """What a create made of its request, to make the next one like it from (``OrdersBackend.create``).

    A create's record is a function of the request's data, the API version and the products its
    lines read (the catalog's serial moves on every product change), and takes from the store only
    its id, key, item ids, clock and customer. A request whose data is this one's but for
    ``customer_id`` (compared type for type: ``marshal``'s bytes tell ``1`` from ``True`` and
    ``1.0``) makes this record with those drawn anew, the same draws in the same order."""

    shape: bytes  # the data, ``customer_id`` aside (``_shape``)
    version: str
    serial: Any  # the catalog's serial before the lines read it
    record: Pattern  # what the create stored, to make the next ones of
    billing: dict[str, str]  # its billing before the customer's account email filled it
    origin: Order  # the stored record itself: a sibling's is that record but for the drawn fields


def _shape(data: dict[str, Any]) -> bytes | None:
    """The request's data but ``customer_id``, as comparable bytes (None: not plain data)."""
    try:
        return marshal.dumps({**data, "customer_id": None}, 2)  # version 2: no shared references
    except ValueError:
        return None


def _customer_of(data: dict[str, Any], current: int) -> int:
    """The ``customer_id`` a request sets (a non-number is the guest, 0), else ``current``."""
    value = data.get("customer_id")
    if value is None:
        return current
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


class Command:
    """``OrdersBackend.command()``: a plain context manager (a generator's costs a write ~3 µs),
    one per backend, counting how deeply commands nest: the outermost one's end tells the listeners."""

    __slots__ = ("backend", "depth")

    def __init__(self, backend: OrdersBackend) -> None:
        self.backend = backend
        self.depth = 0

    def __enter__(self) -> None:
        if not self.depth:
            self.backend._pending = []
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if not self.depth:
            self.backend._finish()


def invalid_order(status: int = 400) -> RestError:
    return RestError("woocommerce_rest_shop_order_invalid_id", "Invalid ID.", status)


class OrdersBackend:
    """Orders, notes, refunds and download permissions, with their id sequences."""

    def __init__(
        self,
        *,
        catalog: Catalog,
        accounts: Accounts,
        ids: Callable[[str], int],
        now: Callable[[], datetime],
        random: Random,
        ids_at_least: Callable[[str, int], None] | None = None,
    ) -> None:
        """``ids(name)`` takes the next id of one of the shell's sequences: ``posts`` (shared with
        products), ``order_items``, ``comments`` (notes; WordPress's comment 1 exists), ``order_meta``
        and ``download_permissions``."""
        self.catalog = catalog
        self.accounts = accounts
        self._ids = ids
        self._at_least = ids_at_least
        self._now = now
        self.random = random
        self.orders: dict[int, Order] = {}
        self.notes: dict[int, Note] = {}
        self.refunds: dict[int, Refund] = {}
        self.permissions: dict[int, Permission] = {}
        # told of ("created" | "updated" | "deleted", order) as WooCommerce's order hooks fire
        self.listeners: list[Callable[[str, Order], None]] = []
        self.acting_user = 1  # the API user of the command under way (refunds the store makes itself)
        self._pending: list[tuple[str, int]] | None = None  # events of the command under way
        self._command = Command(self)
        self._moment: datetime | None = None  # the command's clock reading (``now``)
        self._by_customer: dict[int, list[int]] | None = None  # order ids by customer, kept change by change
        self.status_lists = StatusLists()  # list queries' kept order; derived, never in a snapshot
        self.line_templates: LineTemplates = {}  # what new lines take from products (items.simple_line)
        self._checkout: Checkout | None = None  # the last create a next one may be made like
        self.made_like: tuple[Order, Order] | None = None  # the last create made so, and its ``origin``
        # moves whenever any refund is added or removed: an order's answer lists its refunds
        self.refunds_serial = next(_SERIALS)
        # refunds by order, newest first, as of (serial, dictionary, size): see ``refunds_of``
        self._refund_index: tuple[int, dict[int, Refund], int, dict[int, list[Refund]]] = (0, {}, 0, {})

    # ------------------------------------------------------------------ state

    def capture(self) -> OrdersState:
        return OrdersState(
            dict(self.orders), dict(self.notes), dict(self.refunds), dict(self.permissions), self.refunds_serial
        )

    def restore(self, state: OrdersState) -> None:
        self.orders, self.notes = dict(state.orders), dict(state.notes)
        self._by_customer = None
        self.status_lists.clear()
        self.refunds, self.permissions = dict(state.refunds), dict(state.permissions)
        self.refunds_serial = state.refunds_serial
        self._checkout = self.made_like = None

    def now(self) -> datetime:
        """The store's second; one reading per command (an update's status, notes, permissions and
        ``date_modified`` all take the request's moment, as they take the same second in WordPress)."""
        moment = self._moment
        if moment is not None:
            return moment
        moment = self._now()  # the store's clock is read to the second already
        if moment.microsecond:
            moment = moment.replace(microsecond=0)
        if self._pending is not None:
            self._moment = moment
        return moment

    def next_item_id(self) -> int:
        return self._ids("order_items")

    def next_meta_id(self) -> int:
        return self._ids("order_meta")

    def next_permission_id(self) -> int:
        return self._ids("download_permissions")

    def next_comment_id(self) -> int:
        return self._ids("comments")

    def next_post_id(self) -> int:
        return self._ids("posts")

    def order_key(self) -> str:
        """``wc_generate_order_key``: ``wc_order_`` and 13 letters and digits, from the store's Random."""
        return "wc_order_" + key_letters(self.random, KEY_ALPHABET, KEY_TABLE, 13)

    # ------------------------------------------------------------------ loading

    def add(self, order: Order, *, explicit_id: int = 0) -> Order:
        """Put a finished order in place (fixtures): ids taken unless given, totals as computed,
        download permissions granted if its status grants them; nothing else moves."""
        if explicit_id and (explicit_id in self.orders or explicit_id in self.refunds):
            raise ValueError(f"order id {explicit_id} is already taken")
        order.id = explicit_id or self.next_post_id()
        self._ids_at_least("posts", order.id + 1)
        order.order_key = order.order_key or self.order_key()
        for item in order.items:
            item.id = item.id or self.next_item_id()
            self._ids_at_least("order_items", item.id + 1)
        self._fill_billing_email(order)
        if order.status in transitions.GRANTS_DOWNLOADS:
            transitions.grant_permissions(self, order)
        previous = self.orders.get(order.id)
        self.orders[order.id] = order
        self._changed(previous, order)
        if order.customer_id and (order.date_paid or order.status == "completed"):
            self.accounts.set_paying(order.customer_id, True)
        return order

    def add_refund(self, refund: Refund) -> Refund:
        if refund.order_id not in self.orders:
            raise ValueError(f"order {refund.order_id} does not exist")
        refund.id = refund.id or self.next_post_id()
        self._ids_at_least("posts", refund.id + 1)
        self.refunds[refund.id] = refund
        self.refunds_serial = next(_SERIALS)
        return refund

    def _ids_at_least(self, name: str, value: int) -> None:
        if self._at_least is not None:
            self._at_least(name, value)

    # ------------------------------------------------------------------ reading

    def get(self, order_id: int) -> Order | None:
        return self.orders.get(order_id)

    def require(self, order_id: int, status: int = 400) -> Order:
        order = self.orders.get(order_id)
        if order is None:
            raise invalid_order(status)
        return order

    def query(self, q: OrderQuery) -> tuple[int, list[Order]]:
        return run_query(self, q)

    def refunds_of(self, order_id: int) -> list[Refund]:
        """Newest first (by creation time, then id): every order's answer lists its refunds, so
        they are indexed by order, again whenever any refund is added or removed."""
        serial, refunds, size, index = self._refund_index
        if serial != self.refunds_serial or refunds is not self.refunds or size != len(refunds):
            index = {}
            for refund in self.refunds.values():
                index.setdefault(refund.order_id, []).append(refund)
            for found in index.values():
                found.sort(key=lambda r: (r.date_created, r.id), reverse=True)
            self._refund_index = (self.refunds_serial, self.refunds, len(self.refunds), index)
        return list(index.get(order_id, ()))

    def total_refunded(self, order_id: int) -> float:
        return sum(to_float(r.amount) for r in self.refunds.values() if r.order_id == order_id)

    def notes_of(self, order_id: int, kind: str = "any") -> list[Note]:
        """``comment_date_gmt DESC`` without a tie-breaker: same-second notes in id order."""
        notes = [n for n in self.notes.values() if n.order_id == order_id]
        if kind == "customer":
            notes = [n for n in notes if n.customer_note]
        elif kind == "internal":
            notes = [n for n in notes if not n.customer_note]
        return sorted(notes, key=lambda n: (-n.date_created.timestamp(), n.id))

    def needs_processing(self, order: Order) -> bool:
        return transitions.needs_processing(self, order)

    # ------------------------------------------------------------------ customers' numbers

    def ids_of_customer(self, user_id: int) -> list[int]:
        """The ids of a customer's orders (guests: 0), ascending; an index kept until orders change hands."""
        if self._by_customer is None:
            index: dict[int, list[int]] = {}
            for order in self.orders.values():
                index.setdefault(order.customer_id, []).append(order.id)
            for ids in index.values():
                ids.sort()
            self._by_customer = index
        return self._by_customer.get(user_id, [])

    def live_orders_of(self, user_id: int) -> Iterable[Order]:
        found = (self.orders.get(i) for i in self.ids_of_customer(user_id))
        return (o for o in found if o is not None and o.status != "trash")

    def customer_stats(self, user_id: int) -> CustomerStats:
        """``get_order_count``, ``get_total_spent``, ``get_last_order`` of the customer data store."""
        orders = list(self.live_orders_of(user_id))
        paid = [o.total for o in orders if o.status in PAID_STATUSES]
        last = max(orders, key=lambda o: o.id, default=None)
        return CustomerStats(len(orders), sum_raw(paid), last.id if last else None, last.date_created if last else None)

    def downloads_for(self, user_id: int) -> list[tuple[Permission, Order, Any]]:
        """``wc_get_customer_available_downloads``: permitted orders, files that still exist, by
        order, product and permission id."""
        now = self.now()
        found = []
        for permission in self.permissions.values():
            order = self.orders.get(permission.order_id)
            if permission.user_id != user_id or order is None or order.status not in PAID_STATUSES:
                continue
            product = self.catalog.get(permission.product_id)
            if product is None or not any(str(d.id) == permission.download_id for d in product.downloads):
                continue
            remaining = permission.downloads_remaining
            if (remaining != "" and int(remaining) <= 0) or transitions.expires_before(permission.access_expires, now):
                continue
            found.append((permission, order, product))
        found.sort(key=lambda f: (f[0].order_id, f[0].product_id, f[0].id))
        return found

    def download_records(self, user_id: int, home: str) -> list[dict[str, Any]]:
        """The customer's downloads in the shape the customers' downloads views render."""
        records = []
        for permission, order, product in self.downloads_for(user_id):
            file = next(d for d in product.downloads if str(d.id) == permission.download_id)
            permalink = getattr(self.catalog, "permalink", None)
            records.append(
                {
                    "download_id": permission.download_id,
                    "product_id": permission.product_id,
                    "product_name": product.name,
                    "product_url": permalink(product, home) if permalink else "",
                    "download_name": file.name,
                    "order_id": order.id,
                    "order_key": order.order_key,
                    "downloads_remaining": permission.downloads_remaining or "unlimited",
                    "access_expires": permission.access_expires,
                    "file": {"name": file.name, "file": file.file},
                    "email": permission.email,
                }
            )
        return records

    def last_order_of(self, user_id: int, order_id: int) -> datetime | None:
        """The date of ``order_id`` if it is still a live order of the customer (the cached last
        order is re-validated before use)."""
        order = self.orders.get(order_id)
        if order is None or order.customer_id != user_id or order.status == "trash":
            return None
        return order.date_created

    def accounts_paying(self, user_id: int) -> None:
        """``wc_paying_customer``: a registered customer becomes a paying one."""
        if user_id > 0:
            self.accounts.set_paying(user_id, True)

    def add_permission(self, permission: Permission) -> None:
        self.permissions[permission.id] = permission

    # ------------------------------------------------------------------ notes

    def add_note(
        self, order_id: int, content: str, *, customer_note: bool = False, author: str = "WooCommerce"
    ) -> Note:
        note = Note(self.next_comment_id(), order_id, self.now(), content, customer_note, author)
        self.notes[note.id] = note
        return note

    def delete_note(self, note_id: int) -> Note | None:
        return self.notes.pop(note_id, None)

    # ------------------------------------------------------------------ commands

    def create(self, data: dict[str, Any], actor: Actor) -> Order:
        """The REST create: fields, customer check, first save, totals, status, ``set_paid``.

        A create like the last one kept (``Checkout``) is that one's record with what it draws
        drawn anew (``_create_alike``): a checkout's orders differ in their customer alone."""
        self.acting_user = actor.user_id
        if data.get("id") not in (None, "", 0, "0", False):
            raise RestError("woocommerce_rest_shop_order_exists", "Cannot create existing shop_order.", 400)
        shape, kept = _shape(data), self._checkout
        serial = getattr(self.catalog, "serial", None)
        if kept is not None and kept.shape == shape and kept.version == actor.version and kept.serial == serial:
            return self._create_alike(kept, data)
        now = self.now()
        draft = Order(id=0, order_key="", date_created=now, date_modified=now)
        self._apply(draft, data, actor, creating=True)
        self._check_customer(data)
        if actor.version == "v3" and data.get("created_via") is not None:
            draft.created_via = str(data["created_via"])
        status = self._requested_status(data, actor)
        draft.id, draft.order_key = self.next_post_id(), self.order_key()
        for item in draft.items:
            item.id = self.next_item_id()
        billing = dict(draft.billing)
        self._fill_billing_email(draft)
        calculate_totals(draft)
        self._store(draft, "created")
        coupons = actor.version == "v3" and isinstance(data.get("coupon_lines"), list)
        unmoved = status == draft.status or (not status and actor.version != "v1")
        if unmoved and not coupons and data.get("set_paid") is not True:
            # the second save changes nothing (no coupons, no status to move to, not paid): only
            # its "updated" event is left, heard as ever with the order as the request leaves it
            self._event("updated", draft)
            if shape is not None and serial is not None and not draft.meta and not any(i.meta for i in draft.items):
                # no meta rows (their ids are drawn before the order's): the next one may be made like it
                self._checkout = Checkout(shape, actor.version, serial, Pattern(draft), billing, draft)
            return draft
        order = draft.copy()
        coupon_error = self._coupons(order, data, actor, creating=True)
        if coupon_error is not None:
            transitions.transition(self, order, "checkout-draft")
            self._store(order, "updated")
            raise coupon_error
        if actor.version == "v1":
            transitions.transition(self, order, status, sets_date_paid=False)
        elif status:
            transitions.transition(self, order, status)
        if data.get("set_paid") is True:
            transitions.payment_complete(self, order, str(data.get("transaction_id") or ""))
        self._store(order, "updated")
        return order

    def _forget_checkout(self, order_id: int) -> None:
        """Nothing of a deleted order is kept: not as the create to make others like, nor as one made so."""
        if self._checkout is not None and self._checkout.origin.id == order_id:
            self._checkout = None
        if self.made_like is not None and order_id in (self.made_like[0].id, self.made_like[1].id):
            self.made_like = None

    def _create_alike(self, kept: Checkout, data: dict[str, Any]) -> Order:
        """``create``'s record for data like ``kept``'s: its record with the customer the request
        names, the command's moment, and the id, key and item ids drawn as ``create`` draws them."""
        now = self.now()
        self._check_customer(data)
        order_id, key = self.next_post_id(), self.order_key()
        item_ids = [self.next_item_id() for _ in kept.origin.items]
        order = kept.record.make(order_id, key, now, _customer_of(data, 0), dict(kept.billing), item_ids)
        self._fill_billing_email(order)
        self._store(order, "created")
        self._event("updated", order)
        self.made_like = (order, kept.origin)
        return order

    def update(self, order_id: int, data: dict[str, Any], actor: Actor) -> Order:
        """The REST update: every change on a copy; totals when lines or addresses were sent."""
        self.acting_user = actor.user_id
        current = self.require(order_id)
        status = self._requested_status(data, actor)
        totals = _sent_any(data, TOTALS_KEYS)
        draft = current.copy(items=self._may_touch_items(current, data, status, totals=totals))
        removed: list[Any] = []
        self._apply(draft, data, actor, creating=False, removed=removed)
        self._check_customer(data)
        coupon_error = self._coupons(draft, data, actor, creating=False)
        if coupon_error is not None:
            raise coupon_error
        for item in removed:
            self._restock_removed(current, item)
        if data.get("line_items") is not None:  # only sent lines change a line's quantity
            self._adjust_stock(current, draft)
        for item in draft.items:
            if not item.id:
                item.id = self.next_item_id()
        if totals:
            calculate_totals(draft)
        author = "WooCommerce"
        if actor.version == "v3" and data.get("manual_update") is True:
            author = self.accounts.display_name(actor.user_id)
        if draft.customer_id != current.customer_id and draft.customer_id:
            self.accounts.mark_last_active(draft.customer_id)
        self._fill_billing_email(draft)
        if status:
            transitions.transition(self, draft, status, author=author)
        if data.get("set_paid") is True and self.needs_payment(draft):
            transitions.payment_complete(self, draft, str(data.get("transaction_id") or ""))
        draft.date_modified = self.now()
        leaving_draft = current.status == "checkout-draft" and draft.status != "checkout-draft"
        in_or_out_of_trash = "trash" in (current.status, draft.status) and current.status != draft.status
        event = "created" if leaving_draft else (None if in_or_out_of_trash else "updated")
        self._store(draft, event)
        return draft

    @staticmethod
    def _may_touch_items(current: Order, data: dict[str, Any], status: str, *, totals: bool) -> bool:
        """Whether an update may change its order's items: lines sent, totals to work out again
        (a fee may be capped), payment, or a status to move to (stock notes its lines' meta)."""
        return totals or data.get("set_paid") is True or (bool(status) and status != current.status)

    def trash(self, order_id: int) -> Order:
        """DELETE without ``force``: the order as it was; it is now ``trash`` with the trash meta."""
        current = self.require(order_id, 404)
        if current.status == "trash":
            raise RestError("woocommerce_rest_already_trashed", "The shop_order has already been deleted.", 410)
        draft = current.copy()
        draft.meta = [m for m in draft.meta if m["key"] not in ("_wp_trash_meta_status", "_wp_trash_meta_time")]
        draft.meta.append({"id": self.next_meta_id(), "key": "_wp_trash_meta_status", "value": f"wc-{current.status}"})
        draft.meta.append(
            {"id": self.next_meta_id(), "key": "_wp_trash_meta_time", "value": str(int(self.now().timestamp()))}
        )
        draft.status = "trash"
        transitions.record_sales(self, draft, -1)
        draft.date_modified = self.now()
        self._store(draft, "deleted")
        return current

    def delete(self, order_id: int) -> Order:
        """DELETE with ``force``: gone with its items, refunds and permissions; stock stays."""
        current = self.require(order_id, 404)
        if current.customer_id > 0:
            cached = self.accounts.cached_order_count(current.customer_id)
            count = cached if cached is not None else len(list(self.live_orders_of(current.customer_id)))
            if count - 1 == 0:
                self.accounts.set_paying(current.customer_id, False)
        draft = current.copy()
        transitions.record_sales(self, draft, -1)
        del self.orders[order_id]
        self._forget_checkout(order_id)
        self._changed(current, None)
        self.refunds = {k: r for k, r in self.refunds.items() if r.order_id != order_id}
        self.refunds_serial = next(_SERIALS)
        self.permissions = {k: p for k, p in self.permissions.items() if p.order_id != order_id}
        if current.customer_id:
            self.accounts.order_caches_changed(current.customer_id)
        return current

    def needs_payment(self, order: Order) -> bool:
        return order.status in ("pending", "failed") and to_float(order.total) > 0

    def create_refund(self, order_id: int, data: dict[str, Any], actor: Actor) -> Refund:
        self.acting_user = actor.user_id
        return refund_rules.create(self, order_id, data, actor)

    def delete_refund(self, refund_id: int) -> Refund | None:
        self.refunds_serial = next(_SERIALS)
        return self.refunds.pop(refund_id, None)

    def refund_remaining(self, order: Order) -> None:
        """``wc_order_fully_refunded``: the store refunds what is left when an order becomes refunded."""
        refund_rules.refund_remaining(self, order)

    # ------------------------------------------------------------------ internals

    def store_refund(self, refund: Refund) -> None:
        self.refunds[refund.id] = refund
        self.refunds_serial = next(_SERIALS)

    def save(self, order: Order, event: str | None = "updated") -> None:
        """Put a changed copy in place (a refund's order save): caches cleared, listeners told."""
        self._store(order, event)

    def _store(self, order: Order, event: str | None) -> None:
        previous = self.orders.get(order.id)
        self.orders[order.id] = order
        self._changed(previous, order)
        if order.customer_id:
            self.accounts.order_caches_changed(order.customer_id)
        if event is not None:
            self._event(event, order)

    def _event(self, event: str, order: Order) -> None:
        """Tell the listeners now, or once at the end of the request's ``command``."""
        if self._pending is None:
            self._tell(event, order)
        elif (event, order.id) not in self._pending:
            self._pending.append((event, order.id))

    def _changed(self, old: Order | None, new: Order | None) -> None:
        """Keep the derived lists in step with one order added, replaced or removed: the per-status
        lists, and the customer index (an order moved in or out, by binary search)."""
        self.status_lists.changed(old, new)
        index = self._by_customer
        old_owner = old.customer_id if old is not None else None
        new_owner = new.customer_id if new is not None else None
        if index is None or old_owner == new_owner:
            return
        if old is not None:
            ids = index.get(old.customer_id, [])
            at = bisect.bisect_left(ids, old.id)
            if at == len(ids) or ids[at] != old.id:
                self._by_customer = None  # not where it should be: rebuilt at the next read
                return
            del ids[at]
        if new is not None:
            bisect.insort(index.setdefault(new.customer_id, []), new.id)

    def _tell(self, event: str, order: Order) -> None:
        for listener in self.listeners:
            listener(event, order)

    def command(self) -> Command:
        """One request's worth of changes: listeners hear of each (event, order) once, at the end,
        with the order as the request left it (WooCommerce builds webhook payloads after the
        request, and a webhook delivers a resource once per request)."""
        return self._command

    def _finish(self) -> None:
        pending, self._pending = self._pending or [], None
        self._moment = None
        orders, listeners = self.orders, self.listeners
        for event, order_id in pending:
            order = orders.get(order_id)
            if order is not None:
                for listener in listeners:  # ``_tell``, without its call an event
                    listener(event, order)

    def _requested_status(self, data: dict[str, Any], actor: Actor) -> str:
        """The status to move to: REST already checked the enum, batch items become ``pending``."""
        status = data.get("status")
        if status is None or status == "":
            return ""
        status = str(status).removeprefix("wc-")
        if status not in (*ORDER_STATUSES, "auto-draft"):
            return "pending"
        return status

    def _check_customer(self, data: dict[str, Any]) -> None:
        customer_id = data.get("customer_id")
        if customer_id in (None, 0, "0", "", False):
            return
        try:
            user_id = int(customer_id)
        except (TypeError, ValueError):
            user_id = -1
        if user_id <= 0 or not self.accounts.exists(user_id):
            raise RestError("woocommerce_rest_invalid_customer_id", "Customer ID is invalid.", 400)

    def _apply(
        self, order: Order, data: dict[str, Any], actor: Actor, *, creating: bool, removed: list[Any] | None = None
    ) -> None:
        """``prepare_object_for_database``: the writable fields in schema order, on ``order``."""
        if data.keys().isdisjoint(APPLIED_KEYS):
            return  # ~13 lookups that find nothing, for an update sending a status alone
        for group, fields in (("billing", BILLING_FIELDS), ("shipping", SHIPPING_FIELDS)):
            values = data.get(group)
            if isinstance(values, dict):
                address = getattr(order, group)
                for key in fields:
                    if values.get(key) is not None:
                        address[key] = str(values[key])
        for key in ITEM_KEYS:
            if data.get(key) is None or (key == "coupon_lines" and actor.version == "v3"):
                continue
            apply_items(
                self.catalog,
                order,
                key,
                data.get(key),
                creating=creating,
                next_meta_id=self.next_meta_id,
                on_remove=removed.append if removed is not None else None,
                templates=self.line_templates,
            )
        for meta in data.get("meta_data") or []:
            if isinstance(meta, dict) and isinstance(meta.get("key"), str):
                self._update_meta(order, meta)
        for name in SCALARS:
            if data.get(name) is not None:
                setattr(order, name, str(data[name]))
        order.customer_id = _customer_of(data, order.customer_id)
        if data.get("parent_id") is not None:
            try:
                order.parent_id = max(0, int(data["parent_id"]))
            except (TypeError, ValueError):
                order.parent_id = 0

    def _update_meta(self, order: Order, meta: dict[str, Any]) -> None:
        value = meta.get("value")
        value = ("1" if value else "") if isinstance(value, bool) else value
        value = str(value) if isinstance(value, (int, float)) else value
        rows = [m for m in order.meta if meta.get("id") and m["id"] == meta.get("id")]
        rows = rows or [m for m in order.meta if m["key"] == meta["key"]]
        if rows:
            rows[0]["key"], rows[0]["value"] = meta["key"], value
        else:
            order.meta.append({"id": self.next_meta_id(), "key": meta["key"], "value": value})

    def _restock_removed(self, order: Order, item: Any) -> None:
        """A removed line gives back the stock it had reduced (``wc_maybe_adjust_line_item_product_stock``)."""
        reduced = int(float(item.meta_value("_reduced_stock") or 0))
        if item.kind == LINE and reduced and order.status in transitions.REDUCES_STOCK and item.product_id:
            self.catalog.change_stock(item.variation_id or item.product_id, reduced)

    def _adjust_stock(self, current: Order, draft: Order) -> None:
        """A quantity change on a line whose stock was reduced moves the stock by the difference
        (``wc_maybe_adjust_line_item_product_stock``) and says so in a note."""
        changes = []
        for line in draft.of_kind(LINE):
            before = current.item(line.id)
            reduced = line.meta_value("_reduced_stock")
            if before is None or before.quantity == line.quantity or not reduced or not line.product_id:
                continue
            restocked = int(to_float(line.meta_value("_restock_refunded_items") or 0))
            diff = line.quantity - restocked - int(to_float(reduced))
            change = self.catalog.change_stock(line.variation_id or line.product_id, -diff) if diff else None
            if change is None:
                continue
            for row in line.meta:
                if row["key"] == "_reduced_stock":
                    row["value"] = str(line.quantity - restocked)
            changes.append(f"{change.formatted_name} ({change.old}&rarr;{change.new})")
        if changes:
            self.add_note(draft.id, "Adjusted stock: " + ", ".join(changes))

    def _fill_billing_email(self, order: Order) -> None:
        """``maybe_set_user_billing_email``: an empty billing email takes the customer's account email."""
        if order.customer_id and not order.billing.get("email"):
            order.billing["email"] = self.accounts.email(order.customer_id)

    def _coupons(self, order: Order, data: dict[str, Any], actor: Actor, *, creating: bool) -> RestError | None:
        """v3 coupon lines: the sent list replaces the order's coupons; the store has none to apply."""
        lines = data.get("coupon_lines")
        if actor.version != "v3" or not isinstance(lines, list):
            return None
        order.items = [i for i in order.items if i.kind != COUPON]
        for line in lines:
            if not isinstance(line, dict):
                continue
            if line.get("id"):
                return RestError("woocommerce_rest_coupon_item_id_readonly", "Coupon item ID is readonly.", 400)
            code = str(line.get("code") or "")
            if not code:
                return RestError("woocommerce_rest_invalid_coupon", "Coupon code is required.", 400)
            message = f"Coupon &quot;{code.lower()}&quot; cannot be applied because it does not exist."
            if creating:
                return RestError("woocommerce_rest_invalid_coupon", message, 400, new_draft_order_id=order.id)
            return RestError("woocommerce_rest_invalid_coupon", message, 400)
        return None
