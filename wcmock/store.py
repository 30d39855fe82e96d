"""The in-memory shop: users, API keys and WooCommerce's customer rules.

Knows nothing of HTTP. Every command validates completely before it changes anything, under one
lock, so a failed request never leaves a half-applied change and concurrent clients never lose an
update. ``reset()`` restores the state captured by ``mark_initial()`` (done after loading fixtures).
"""

from __future__ import annotations

import bisect
import html
import logging
import random
import string
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

from wcmock.clock import Clock
from wcmock.errors import RestError, invalid_user_id
from wcmock.resources.customers.models import BILLING_FIELDS, SHIPPING_FIELDS, Customer, Settings
from wcmock.resources.webhooks.models import Webhook
from wcmock.rest.args import is_numeric
from wcmock.wordpress import (
    PHP_TRIM,
    is_email,
    nicename,
    remove_accents,
    sanitize_text_field,
    sanitize_user,
    validate_username,
)

log = logging.getLogger("wcmock")

PASSWORD_ALPHABET = string.ascii_letters + string.digits + "!@#$%^&*()"
GENERIC_EMAIL_PREFIXES = ("sales", "hello", "mail", "contact", "info")
HIDDEN_META_PREFIXES = ("_woocommerce_persistent_cart", "closedpostboxes_", "metaboxhidden_", "manageedit-")
TABLE_PREFIX = "wp_"
# WC_Customer_Data_Store::$internal_meta_keys: stored as user meta, never published as meta_data.
INTERNAL_META_KEYS = frozenset(
    {
        "locale",
        "billing_postcode",
        "billing_city",
        "billing_address_1",
        "billing_address_2",
        "billing_state",
        "billing_country",
        "shipping_postcode",
        "shipping_city",
        "shipping_address_1",
        "shipping_address_2",
        "shipping_state",
        "shipping_country",
        "paying_customer",
        "last_update",
        "first_name",
        "last_name",
        "display_name",
        "show_admin_bar_front",
        "use_ssl",
        "admin_color",
        "rich_editing",
        "comment_shortcuts",
        "dismissed_wp_pointers",
        "show_welcome_panel",
        "session_tokens",
        "nickname",
        "description",
        "billing_first_name",
        "billing_last_name",
        "billing_company",
        "billing_phone",
        "billing_email",
        "shipping_first_name",
        "shipping_last_name",
        "shipping_company",
        "shipping_phone",
        "wptests_capabilities",
        "wptests_user_level",
        "syntax_highlighting",
        "_order_count",
        "_money_spent",
        "_last_order",
        "_woocommerce_tracks_anon_id",
    }
)
NAME_SETTERS = ("first_name", "last_name", "display_name")
ORDER_STATS_META = ("wc_order_count_wp", "wc_money_spent_wp")


@dataclass(slots=True)
class ApiKey:
    """A WooCommerce REST key: who it acts as and what it may do (``read``, ``write``, ``read_write``)."""

    consumer_key: str
    consumer_secret: str
    user_id: int
    permissions: str = "read_write"
    description: str = ""


@dataclass(frozen=True, slots=True)
class StoreState:
    """A captured store: ``Store.restore`` puts it back (see ``capture``)."""

    customers: dict[int, Customer]
    by_email: dict[str, int]
    by_login: dict[str, int]
    keys: dict[str, ApiKey]
    next_id: int
    next_meta_id: int
    random_state: Any
    webhooks: dict[int, Webhook] = field(default_factory=dict)
    next_webhook_id: int = 1
    shared: frozenset[int] = frozenset()  # id() of each record above: a store holding them must copy to change one


@dataclass(slots=True)
class CustomerQuery:
    """The list filters WooCommerce hands to ``WP_User_Query``, already sanitised."""

    role: str = "customer"
    search: str = ""
    email: str = ""
    include: list[int] = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)
    orderby: str = "name"
    order: str = "asc"
    offset: int = 0
    per_page: int = 10


def clean(value: Any) -> str:
    """``wc_clean`` of a scalar; anything else becomes an empty string rather than PHP's ``Array``."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (int, float)):
        return str(value)
    return sanitize_text_field(value) if isinstance(value, str) else ""


def meta_string(value: Any) -> Any:
    """How user meta reads back from the database: scalars as strings, arrays and objects as they are."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (int, float)):
        return str(value)
    return value


class Store:
    """One shop. Thread-safe; lookups by id, email and username are dictionary hits."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        seed: int = 0,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.seed = seed
        self.lock = threading.RLock()
        self.clock = clock or Clock()
        self._customers: dict[int, Customer] = {}
        self._by_email: dict[str, int] = {}
        self._by_login: dict[str, int] = {}
        self.keys: dict[str, ApiKey] = {}
        self.nonces: dict[str, dict[str, float]] = {}
        self.webhooks: dict[int, Webhook] = {}
        self.fixture_faults: list[dict[str, Any]] = []  # faults a fixture asks for, armed again on every reset
        self.next_webhook_id = 1
        # told of every customer change ("created", "updated", "deleted"), under the store's lock
        self.listeners: list[Callable[[str, Customer], None]] = []
        self.next_id = 1
        self.next_meta_id = 1
        self.random = random.Random(seed)
        self._initial: StoreState | None = None
        self._shared: frozenset[int] = frozenset()  # id() of records a captured state holds too
        # Ordered lists, kept across changes: each change is logged as (old record, new record) and
        # applied to every list by binary search before the next list query; None means rebuild.
        self._ordered_cache: dict[tuple[str, str, bool], tuple[list[Customer], list[str]]] = {}
        self._pending: list[tuple[Customer | None, Customer | None]] | None = []
        self._handed: dict[int, tuple[Customer, int]] = {}  # records find() gave out, with their tag then

    # ------------------------------------------------------------------ state

    def now(self) -> datetime:
        return self.clock.now().replace(microsecond=0)

    def capture(self) -> StoreState:
        """The whole state, cheaply: records are shared, never copied; ``find`` copies one before it is changed."""
        with self.lock:
            self._shared = frozenset(map(id, self._customers.values()))
            return StoreState(
                dict(self._customers),
                dict(self._by_email),
                dict(self._by_login),
                dict(self.keys),
                self.next_id,
                self.next_meta_id,
                self.random.getstate(),
                dict(self.webhooks),
                self.next_webhook_id,
                self._shared,
            )

    def restore(self, state: StoreState) -> None:
        with self.lock:
            self._customers, self._by_email = dict(state.customers), dict(state.by_email)
            self._by_login, self.keys = dict(state.by_login), dict(state.keys)
            self.next_id, self.next_meta_id = state.next_id, state.next_meta_id
            self.random.setstate(state.random_state)
            self.webhooks, self.next_webhook_id = dict(state.webhooks), state.next_webhook_id
            self._shared = state.shared
            self.nonces = {}
            self._pending, self._handed = None, {}

    @property
    def initial(self) -> StoreState | None:
        """What ``reset()`` returns to."""
        return self._initial

    def mark_initial(self) -> None:
        """Remember the current state as the one ``reset()`` returns to."""
        self._initial = self.capture()

    def reset(self) -> None:
        """Back to the state ``mark_initial()`` captured (an empty store if it was never called)."""
        self.restore(self._initial or StoreState({}, {}, {}, {}, 1, 1, random.Random(self.seed).getstate()))

    def __len__(self) -> int:
        return len(self._customers)

    def __iter__(self) -> Iterator[Customer]:
        """Every stored record, to read (see ``lookup``)."""
        return iter(list(self._customers.values()))

    # ------------------------------------------------------------------ loading

    def add(self, customer: Customer) -> Customer:
        """Put a fully formed record in the store (fixtures); its email and username must be free."""
        with self.lock:
            if customer.id in self._customers:
                raise ValueError(f"customer id {customer.id} is already taken")
            if customer.email and customer.email.lower() in self._by_email:
                raise ValueError(f"email {customer.email!r} is already taken")
            if customer.username.lower() in self._by_login:
                raise ValueError(f"username {customer.username!r} is already taken")
            for meta in customer.meta:
                if not meta.get("id"):
                    meta["id"] = self._meta_id()
                self.next_meta_id = max(self.next_meta_id, int(meta["id"]) + 1)
            self._index(customer)
            self.next_id = max(self.next_id, customer.id + 1)
            return customer

    def add_key(self, key: ApiKey) -> ApiKey:
        with self.lock:
            self.keys[key.consumer_key] = key
            return key

    def _index(self, customer: Customer) -> None:
        self._changed(None, customer)
        self._customers[customer.id] = customer
        if customer.email:
            self._by_email[customer.email.lower()] = customer.id
        self._by_login[customer.username.lower()] = customer.id

    def _unindex(self, customer: Customer) -> None:
        self._changed(customer, None)
        self._customers.pop(customer.id, None)
        if customer.email and self._by_email.get(customer.email.lower()) == customer.id:
            del self._by_email[customer.email.lower()]
        self._by_login.pop(customer.username.lower(), None)

    def _meta_id(self) -> int:
        self.next_meta_id += 1
        return self.next_meta_id - 1

    # ------------------------------------------------------------------ queries

    def lookup(self, customer_id: int) -> Customer | None:
        """The stored record, to read. It may be shared with saved states (reset, snapshots): never change it."""
        return self._customers.get(customer_id)

    def find(self, customer_id: int) -> Customer | None:
        """The customer, yours to change by assigning attributes (dates, totals, downloads: what the
        API cannot set). A record shared with a saved state is swapped for a copy first, so ``reset``
        still brings back what was captured; change ``email`` and ``username`` through ``update``."""
        with self.lock:
            customer = self._customers.get(customer_id)
            if customer is not None and id(customer) in self._shared:
                copy = self._customers[customer_id] = customer.copy()
                self._changed(customer, copy)
                customer = copy
            if customer is not None:
                self._handed[customer_id] = (customer, customer.tag)
            return customer

    def get(self, customer_id: int) -> Customer:
        """``lookup`` (to read, never to change), or WordPress's ``rest_user_invalid_id`` error."""
        customer = self._customers.get(customer_id)
        if customer is None:
            raise invalid_user_id()
        return customer

    def find_by_email(self, email: str) -> Customer | None:
        found = self._by_email.get(email.lower())
        return self._customers.get(found) if found is not None else None

    def find_by_username(self, username: str) -> Customer | None:
        found = self._by_login.get(username.lower())
        return self._customers.get(found) if found is not None else None

    def query(self, q: CustomerQuery) -> tuple[int, list[Customer]]:
        """``WP_User_Query`` as WooCommerce drives it: filter, order, then one page, plus the total.

        Without ``include`` the filter walks a list already in the requested order (kept in order
        change by change) and touches only row numbers and search texts; just the page's customers are
        picked out, so a page of a 100,000-customer store costs one tight pass and no sort.
        """
        descending = q.order == "desc"
        with self.lock:
            if q.include:
                matches = self._predicate(q)
                found = [c for i in dict.fromkeys(q.include) if (c := self._customers.get(i)) and matches(c)]
                if q.orderby != "include":
                    found.sort(key=self._list_key(q.orderby, descending))
                if descending:
                    found.reverse()
                return len(found), found[q.offset : q.offset + q.per_page]
            customers, texts = self._ordered(q.orderby, q.role, descending)
            rows: Sequence[int] = range(len(customers))
            term = q.search.strip("*").lower()
            if q.email or (term and ("@" in term or is_numeric(term) or term.startswith(("http://", "https://")))):
                matches = self._predicate(q)
                rows = [i for i, c in enumerate(customers) if matches(c)]
            elif term:
                rows = [i for i, text in enumerate(texts) if term in text]
            if q.exclude:
                excluded = set(q.exclude)
                rows = [i for i in rows if customers[i].id not in excluded]
            if descending:
                rows = rows[::-1]
            return len(rows), [customers[i] for i in rows[q.offset : q.offset + q.per_page]]

    def _predicate(self, q: CustomerQuery) -> Callable[[Customer], bool]:
        role = q.role
        if q.email:
            email = q.email.lower()
            test: Callable[[Customer], bool] = lambda c: c.email.lower() == email  # noqa: E731
        elif term := q.search.strip("*").lower():
            if "@" in term or is_numeric(term) or term.startswith(("http://", "https://")):
                test = lambda c: _search_matches(c, term)  # noqa: E731
            else:
                test = lambda c: term in _search_text(c)  # noqa: E731
        else:
            return (lambda c: True) if role == "all" else (lambda c: c.role == role)
        return test if role == "all" else (lambda c: c.role == role and test(c))

    def _ordered(self, orderby: str, role: str, descending: bool) -> tuple[list[Customer], list[str]]:
        """One role's customers (or ``all``) in ``orderby`` order with their search texts.

        Ties stay in id order both ways, as MySQL leaves them (the real store lists webhooks made in
        one second 1, 2, 3 under ``ORDER BY date DESC``): a list read backwards for ``desc`` is sorted
        on (column, -id). Lists are built once and then kept in order change by change.
        """
        self._catch_up()
        found = self._ordered_cache.get((orderby, role, descending))
        if found is None:
            if role == "all":
                customers = sorted(self._customers.values(), key=self._list_key(orderby, descending))
            else:
                customers = [c for c in self._ordered(orderby, "all", descending)[0] if c.role == role]
            # made together, so the scan reads memory in order (twice as fast as scattered strings)
            texts = [_search_text(c) for c in customers]
            found = self._ordered_cache[(orderby, role, descending)] = (customers, texts)
        return found

    def _list_key(self, orderby: str, descending: bool) -> Callable[[Customer], tuple[Any, int]]:
        """The ``ORDER BY`` column, then the id (negated for a list read backwards)."""
        column = self._sort_key(orderby)
        if descending:
            return lambda c: (column(c), -c.id)
        return lambda c: (column(c), c.id)

    def _changed(self, old: Customer | None, new: Customer | None) -> None:
        """Log one record added (``old`` None), removed (``new`` None) or replaced, for the ordered lists."""
        if self._ordered_cache and self._pending is not None:
            self._pending.append((old, new))
            if len(self._pending) > 1000:  # a bulk change: sorting afresh is cheaper
                self._pending = None

    def _catch_up(self) -> None:
        """Bring the ordered lists up to date: apply the logged changes, or drop the lists when a
        record find() handed out was changed in place (its old position is unknown) or after a restore."""
        for customer_id, (customer, tag) in list(self._handed.items()):
            if self._customers.get(customer_id) is not customer:
                del self._handed[customer_id]  # replaced since: changing it no longer matters
            elif customer.tag != tag:
                self._handed[customer_id] = (customer, customer.tag)
                self._pending = None
        pending, self._pending = self._pending, []
        if pending is None:
            self._ordered_cache = {}
            return
        for (orderby, role, descending), (customers, texts) in self._ordered_cache.items():
            key = self._list_key(orderby, descending)
            for old, new in pending:
                if old is not None and (role == "all" or old.role == role):
                    at = bisect.bisect_left(customers, key(old), key=key)
                    if at == len(customers) or customers[at] is not old:
                        self._ordered_cache = {}  # cannot happen unless a record changed unseen: start over
                        return
                    del customers[at], texts[at]
                if new is not None and (role == "all" or new.role == role):
                    at = bisect.bisect_left(customers, key(new), key=key)
                    customers.insert(at, new)
                    texts.insert(at, _search_text(new))

    def _sort_key(self, orderby: str) -> Callable[[Customer], Any]:
        """The ``ORDER BY`` column alone."""
        if orderby == "id":
            return attrgetter("id")
        if orderby == "registered_date":
            return attrgetter("date_created")
        if orderby == "include":  # without an include list WordPress falls back to the login
            return lambda c: collation_key(c.username)
        return lambda c: collation_key(c.display_name)

    # ------------------------------------------------------------------ commands

    def create(self, data: dict[str, Any]) -> Customer:
        """WooCommerce's REST create: the customer object's checks, then ``wc_create_new_customer``."""
        with self.lock:
            requested_id = data.get("id")
            if requested_id not in (None, "", 0, "0", False):
                raise RestError("woocommerce_rest_customer_exists", "Cannot create existing resource.", 400)
            email = data.get("email")
            if email and not (isinstance(email, str) and is_email(email)):
                raise RestError("customer_invalid_email", "Invalid email address", 400)
            email = email if isinstance(email, str) else ""
            now = self.now()
            draft = Customer(id=0, email=email.strip(PHP_TRIM), username="", date_created=now, date_modified=now)
            self._apply_fields(draft, data)
            username = self._register(draft.email, data.get("username"))
            password = data.get("password")
            if not password and self.settings.generate_password:
                password = self._generated_password()
                draft.meta.append({"id": 0, "key": "default_password_nag", "value": "1"})
            if not password:
                raise RestError(
                    "registration-error-missing-password", "Please create a password for your account.", 400
                )
            draft.id, draft.username, draft.display_name = self.next_id, username, username
            draft.password = str(password)
            for meta in draft.meta:
                meta["id"] = self._meta_id()
            self.next_id += 1
            self._index(draft)
            self.announce("created", draft)
            self.announce("updated", draft)  # a real store fires profile_update on creation too
            return draft

    def _register(self, email: str, requested: Any) -> str:
        """``wc_create_new_customer``'s account checks; returns the login the new user gets."""
        if not email or not is_email(email):
            raise RestError("registration-error-invalid-email", "Please provide a valid email address.", 400)
        if email.lower() in self._by_email:
            raise RestError(
                "registration-error-email-exists",
                f"An account is already registered with {_escape_html(email)}. "
                "Please log in or use a different email address.",
                400,
            )
        username = requested if isinstance(requested, str) else ""
        if not username and self.settings.generate_username:
            username = self._generated_username(email)
        username = sanitize_user(username)
        if not validate_username(username):
            raise RestError("registration-error-invalid-username", "Please provide a valid account username.", 400)
        if username.lower() in self._by_login:
            raise RestError(
                "registration-error-username-exists",
                "An account is already registered with that username. Please choose another.",
                400,
            )
        if len(username) > 60:
            raise RestError("user_login_too_long", "Username may not be longer than 60 characters.", 400)
        return username

    def _generated_username(self, email: str) -> str:
        """``wc_create_new_customer_username``: the email's local part, made unique with ``-NNNN``."""
        local, _, domain = email.partition("@")
        base = sanitize_user(domain if local in GENERIC_EMAIL_PREFIXES else local, strict=True).lower()
        username, suffix = base or "user", ""
        while (username + suffix).lower() in self._by_login:
            suffix = f"-{self.random.randint(0, 9999):04d}"
        return username + suffix

    def _generated_password(self) -> str:
        """``wp_generate_password()``: 24 characters, from the store's seeded generator."""
        alphabet = PASSWORD_ALPHABET
        return "".join(alphabet[b % len(alphabet)] for b in self.random.randbytes(24))

    def update(self, customer_id: int, data: dict[str, Any]) -> Customer:
        """WooCommerce's REST update: checks first, then every change at once, on a copy."""
        with self.lock:
            current = self.get(customer_id)
            email = data.get("email")
            if email and isinstance(email, str):
                owner = self.find_by_email(email)
                if owner is not None and email != current.email:
                    raise RestError("woocommerce_rest_customer_invalid_email", "Email address is invalid.", 400)
            username = data.get("username")
            if username and username != current.username:
                raise RestError("woocommerce_rest_customer_invalid_argument", "Username isn't editable.", 400)
            draft = current.copy()
            if email is not None:
                if email and not (isinstance(email, str) and is_email(email)):
                    raise RestError("customer_invalid_email", "Invalid email address", 400)
                draft.email = email.strip(PHP_TRIM) if isinstance(email, str) else ""
            if data.get("password") is not None:
                draft.password = str(data["password"])
            self._apply_fields(draft, data)
            for meta in draft.meta:
                if not meta["id"]:
                    meta["id"] = self._meta_id()
            draft.date_modified = self.now()
            self._unindex(current)
            self._index(draft)
            self.announce("updated", draft)
            return draft

    def delete(self, customer_id: int, *, reassign: int = 0) -> Customer:
        """``wp_delete_user`` behind WooCommerce's checks; the user's API keys go with them."""
        with self.lock:
            customer = self._customers.get(customer_id)
            if customer is None:
                raise RestError("woocommerce_rest_invalid_id", "Invalid resource id.", 400)
            if reassign and (reassign == customer_id or reassign not in self._customers):
                raise RestError(
                    "woocommerce_rest_customer_invalid_reassign", "Invalid resource id for reassignment.", 400
                )
            self._unindex(customer)
            self.keys = {ck: key for ck, key in self.keys.items() if key.user_id != customer_id}
            self.announce("deleted", customer)
            return customer

    def announce(self, event: str, customer: Customer) -> None:
        """Tell the listeners (webhooks) that a customer was "created", "updated" or "deleted"."""
        for listener in self.listeners:
            try:
                listener(event, customer)
            except Exception:  # a listener's bug must not undo or fail the change itself
                log.exception("wcmock: a customer %s listener failed", event)

    # ------------------------------------------------------------------ webhooks

    def add_webhook(self, **fields: Any) -> Webhook:
        with self.lock:
            webhook = Webhook(id=self.next_webhook_id, date_created=self.now(), **fields)
            self.next_webhook_id += 1
            self.webhooks[webhook.id] = webhook
            return webhook

    def put_webhook(self, webhook: Webhook) -> Webhook:
        with self.lock:
            if webhook.id in self.webhooks:
                self.webhooks[webhook.id] = webhook
            return webhook

    def remove_webhook(self, webhook_id: int) -> Webhook | None:
        with self.lock:
            return self.webhooks.pop(webhook_id, None)

    def cache_order_stats(self, customer: Customer) -> None:
        """What v1/v2 reads leave behind: WooCommerce caches the order count and total as user meta."""
        with self.lock:
            current = self._customers.get(customer.id)
            if current is None or current.order_stats_cached:
                return
            cached = current.copy()
            cached.order_stats_cached = True
            totals = (str(current.orders_count), _money(current.total_spent))
            for key, value in zip(ORDER_STATS_META, totals, strict=True):
                cached.meta.append({"id": self._meta_id(), "key": key, "value": value})
            self._customers[customer.id] = cached
            self._changed(current, cached)

    # ------------------------------------------------------------------ field rules

    def _apply_fields(self, draft: Customer, data: dict[str, Any]) -> None:
        """Names, addresses and meta as ``update_customer_meta_fields`` sets them."""
        for name in ("first_name", "last_name"):
            if data.get(name) is not None:
                setattr(draft, name, clean(data[name]))
        for group, fields in (("billing", BILLING_FIELDS), ("shipping", SHIPPING_FIELDS)):
            values = data.get(group)
            if not isinstance(values, dict):
                continue
            for key in fields:
                if values.get(key) is not None:
                    self._set_address(draft, group, key, values[key])
        meta_items = data.get("meta_data")
        if isinstance(meta_items, list):
            for item in meta_items:
                if isinstance(item, dict) and isinstance(item.get("key"), str):
                    self._update_meta(draft, item["key"], item.get("value"), item.get("id"))
        draft.meta = [m for m in draft.meta if m["value"] is not None]

    def _set_address(self, draft: Customer, group: str, key: str, value: Any) -> None:
        value = clean(value)
        if group == "billing" and key == "email" and value and not is_email(value):
            raise RestError("customer_invalid_billing_email", "Invalid billing email address", 400)
        getattr(draft, group)[key] = value

    def _update_meta(self, draft: Customer, key: str, value: Any, meta_id: Any) -> None:
        """``WC_Data::update_meta_data``: by id, else by key; internal keys set their field instead."""
        if key in NAME_SETTERS:
            setattr(draft, key, clean(value))
            return
        group, _, field_name = key.partition("_")
        fields = {"billing": BILLING_FIELDS, "shipping": SHIPPING_FIELDS}.get(group, ())
        if field_name in fields:
            self._set_address(draft, group, field_name, value)
            return
        value = meta_string(value)
        matches = [m for m in draft.meta if meta_id and m["id"] == meta_id]
        if not meta_id:
            matches = [m for m in draft.meta if m["key"] == key]
            for m in matches:
                m["value"] = None
        if matches:
            matches[0]["key"], matches[0]["value"] = key, value
            return
        for m in draft.meta:
            if m["key"] == key:
                m["value"] = None
        draft.meta.append({"id": 0, "key": key, "value": value})


def visible_meta(customer: Customer) -> list[dict[str, Any]]:
    """The meta rows WooCommerce publishes (``exclude_internal_meta_keys``)."""
    return [dict(m) for m in customer.meta if _published_meta_key(m["key"])]


def _published_meta_key(key: str) -> bool:
    return not (
        key in INTERNAL_META_KEYS
        or key.startswith(HIDDEN_META_PREFIXES)
        or TABLE_PREFIX in key
        or key.lower().startswith(TABLE_PREFIX)
    )


def _search_text(c: Customer) -> str:
    """The columns a plain search term is looked for in (login, email, nicename, display name), each
    once (a generated login is often all three names), lower-cased.

    Computed, not cached: a list keeps one per customer, and a cache beside it cost 370 bytes each."""
    return "\0".join(dict.fromkeys((c.username, c.email, nicename(c.username), c.display_name))).lower()


def collation_key(text: str) -> str:
    """MySQL's ``utf8mb4_unicode_ci`` closely enough: case- and accent-insensitive."""
    return remove_accents(text).casefold()


def _search_matches(c: Customer, term: str) -> bool:
    """``WP_User_Query``'s search: the columns depend on what the term looks like (``*term*``)."""
    if "@" in term:
        return term in c.email.lower()
    if is_numeric(term):
        return term in c.username.lower() or float(term) == c.id
    if term.startswith(("http://", "https://")):
        return False  # user_url: wcmock users have none
    columns = (c.username, c.email, nicename(c.username), c.display_name)
    return any(term in column.lower() for column in columns)


def _money(amount: str) -> str:
    try:
        value = float(amount)
    except ValueError:
        return "0"
    return str(int(value)) if value.is_integer() else str(value)


def _escape_html(text: str) -> str:
    return html.escape(text, quote=True).replace("&#x27;", "&#039;")
