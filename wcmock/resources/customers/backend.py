"""The customers backend: WooCommerce's customer rules over WordPress's users table.

Knows nothing of HTTP. Every command validates completely before it changes anything, under the
store's lock, so a failed request never leaves a half-applied change and concurrent clients never
lose an update. The records themselves live in the store shell's users table (``store.users``):
WordPress shares its users with authentication and keys, and customers are the REST view of them.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from wcmock.errors import InvalidResourceId, InvalidUserId
from wcmock.resources.customers import order_numbers
from wcmock.resources.customers.errors import (
    CustomerExists,
    EmailInUse,
    InvalidEmail,
    InvalidReassign,
    InvalidUsername,
    MissingPassword,
    RegistrationEmailExists,
    RegistrationInvalidEmail,
    UsernameExists,
    UsernameNotEditable,
    UsernameTooLong,
)
from wcmock.resources.customers.fields import FIELD_KEYS, apply_fields
from wcmock.resources.customers.listing import CustomerQuery, OrderedLists
from wcmock.resources.customers.models import Customer
from wcmock.store import Store
from wcmock.wordpress import PHP_TRIM, is_email, sanitize_user, validate_username

NAME = "customers"
TOPIC = "customer"  # the webhook topics its changes fire: customer.created, customer.updated, customer.deleted
PASSWORD_ALPHABET = string.ascii_letters + string.digits + "!@#$%^&*()"
# byte b -> PASSWORD_ALPHABET[b % len]: a generated password is one translate of random bytes
_PASSWORD_TABLE = bytes(ord(PASSWORD_ALPHABET[b % len(PASSWORD_ALPHABET)]) for b in range(256))
# ``Customer(...)`` by a plain call (see ``models._slot_writers``): a create makes one record an item
_new_customer: Callable[..., Customer] = Customer._build  # type: ignore[attr-defined]  # added by @revisioned
GENERIC_EMAIL_PREFIXES = ("sales", "hello", "mail", "contact", "info")


class CustomersBackend:
    """One store's customers: ``create``, ``update``, ``delete`` and ``query`` as WooCommerce runs them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.users = store.users
        self.lists = OrderedLists(store.users)
        # told of each customer deleted, by id (the routes drop its renderings): a hook of its own,
        # where a store listener was called for every other write of every resource too
        self.deleted: list[Callable[[int], None]] = []

    def capture(self) -> None:
        """Nothing of its own: the records are the shell's users, captured with it."""
        return None

    def restore(self, state: None) -> None:
        self.lists.forget()

    # ------------------------------------------------------------------ records

    def add(self, customer: Customer) -> Customer:
        """Put a fully formed record in the store (fixtures); its email and username must be free."""
        ids = self.store.ids
        with self.store.lock:
            if self.users.lookup(customer.id) is not None:
                raise ValueError(f"customer id {customer.id} is already taken")
            if customer.email and self.users.email_taken(customer.email):
                raise ValueError(f"email {customer.email!r} is already taken")
            if self.users.username_taken(customer.username):
                raise ValueError(f"username {customer.username!r} is already taken")
            for meta in customer.meta:
                if not meta.get("id"):
                    meta["id"] = ids.take("usermeta")
                ids.at_least("usermeta", int(meta["id"]) + 1)
            self.users.put(customer)
            ids.at_least("users", customer.id + 1)
            return customer

    def lookup(self, customer_id: int) -> Customer | None:
        """The stored record, to read. It may be shared with saved states (reset, snapshots): never change it."""
        found: Customer | None = self.users.lookup(customer_id)
        return found

    def get(self, customer_id: int) -> Customer:
        """``lookup`` (to read, never to change), or WooCommerce's ``wc_user_invalid_id`` error (404)."""
        customer = self.lookup(customer_id)
        if customer is None:
            raise InvalidUserId()
        return customer

    def editable(self, customer_id: int) -> Customer | None:
        """The customer, yours to change by assigning attributes (dates, totals, downloads: what the
        API cannot set); see ``Users.editable``."""
        with self.store.lock:
            found: Customer | None = self.users.editable(customer_id)
            return found

    def find_by_email(self, email: str) -> Customer | None:
        found: Customer | None = self.users.by_email(email)
        return found

    def find_by_username(self, username: str) -> Customer | None:
        found: Customer | None = self.users.by_username(username)
        return found

    def query(self, q: CustomerQuery) -> tuple[int, list[Customer]]:
        """One page of ``WP_User_Query`` and the total (see ``OrderedLists.query``)."""
        with self.store.lock:
            return self.lists.query(q)

    # ------------------------------------------------------------------ commands

    def create(self, data: dict[str, Any]) -> Customer:
        """WooCommerce's REST create: the customer object's checks, then ``wc_create_new_customer``."""
        with self.store.lock:
            return self.create_held(data)

    def create_held(self, data: dict[str, Any]) -> Customer:
        """``create``, for a caller holding the store's lock already (a route renders the new record
        under it): the lock is taken once a request, not twice."""
        store = self.store
        requested_id = data.get("id")
        if requested_id not in (None, "", 0, "0", False):
            raise CustomerExists()
        email = data.get("email")
        valid_email = bool(email) and isinstance(email, str) and is_email(email)
        if email and not valid_email:
            raise InvalidEmail()
        email = email.strip(PHP_TRIM) if isinstance(email, str) else ""
        now = store.clock.now_second()  # ``store.now()``, without its call
        draft = None  # a create that sets no name, address or meta makes its record once, at the end
        if not FIELD_KEYS.isdisjoint(data):
            draft = _new_customer(id=0, email=email, username="", date_created=now, date_modified=now)
            apply_fields(draft, data)
        # a valid email has nothing to trim, so the account's check of the trimmed one is this one
        username = self._register(email, data.get("username"), valid_email=valid_email)
        password = data.get("password")
        meta = [] if draft is None else draft.meta
        if not password and store.settings.generate_password:
            # ``wp_generate_password()``: 24 characters from the store's seeded generator, one
            # translate of ``Random.randbytes(24)``'s bytes (``getrandbits(192).to_bytes(24, "little")``,
            # without its frame on Python 3.11; ``tests/test_store.py`` holds the password to it)
            password = store.random.getrandbits(192).to_bytes(24, "little").translate(_PASSWORD_TABLE).decode("ascii")
            # written with the account, before the request's meta is saved: first, with the lower id
            meta.insert(0, {"id": 0, "key": "default_password_nag", "value": "1"})
        if not password:
            raise MissingPassword()
        take = store.ids.take
        user_id = take("users")
        for row in meta:
            row["id"] = take("usermeta")
        if draft is None:
            draft = _new_customer(
                id=user_id,
                email=email,
                username=username,
                date_created=now,
                password=str(password),
                display_name=username,
                date_modified=now,
                meta=meta,
            )
        else:
            draft.settle(id=user_id, username=username, display_name=username, password=str(password))
        self.users.put(draft)
        store.announce(TOPIC, "created", draft)
        store.announce(TOPIC, "updated", draft)  # a real store fires profile_update on creation too
        return draft

    def _register(self, email: str, requested: Any, *, valid_email: bool) -> str:
        """``wc_create_new_customer``'s account checks (``valid_email``: ``is_email`` of ``email``);
        returns the login the new user gets."""
        if not valid_email:
            raise RegistrationInvalidEmail()
        if self.users.email_taken(email):
            raise RegistrationEmailExists(
                f"An account is already registered with {_escape_html(email)}. "
                "Please log in or use a different email address."
            )
        username = requested if isinstance(requested, str) else ""
        if not username and self.store.settings.generate_username:
            # ``wc_create_new_customer_username``: the email's local part, made unique with ``-NNNN``
            local, _, domain = email.partition("@")
            base = sanitize_user(domain if local in GENERIC_EMAIL_PREFIXES else local, strict=True).lower() or "user"
            username = base
            while self.users.username_taken(username):
                username = f"{base}-{self.store.random.randint(0, 9999):04d}"
            # strictly sanitised already, and both sanitisers leave such a login as it is: only
            # validate_username's "0" is left to refuse; it is free
            if username == "0":
                raise InvalidUsername()
        else:
            username = sanitize_user(username)
            if not validate_username(username):
                raise InvalidUsername()
            if self.users.username_taken(username):
                raise UsernameExists()
        if len(username) > 60:
            raise UsernameTooLong()
        return username

    def update(self, customer_id: int, data: dict[str, Any]) -> Customer:
        """WooCommerce's REST update: checks first, then every change at once, on a copy."""
        with self.store.lock:
            current = self.get(customer_id)
            email = data.get("email")
            if email and isinstance(email, str):
                owner = self.find_by_email(email)
                if owner is not None and email != current.email:
                    raise EmailInUse()
            username = data.get("username")
            if username and username != current.username:
                raise UsernameNotEditable()
            draft = current.copy()
            if email is not None:
                if email and not (isinstance(email, str) and is_email(email)):
                    raise InvalidEmail()
                draft.email = email.strip(PHP_TRIM) if isinstance(email, str) else ""
            if data.get("password") is not None:
                draft.password = str(data["password"])
            apply_fields(draft, data)
            for meta in draft.meta:
                if not meta["id"]:
                    meta["id"] = self.store.ids.take("usermeta")
            draft.date_modified = self.store.now()
            self.users.replace(current, draft)
            self.store.announce(TOPIC, "updated", draft)
            return draft

    def delete(self, customer_id: int, *, reassign: int = 0) -> Customer:
        """``wp_delete_user`` behind WooCommerce's checks; the user's API keys go with them."""
        with self.store.lock:
            customer = self.lookup(customer_id)
            if customer is None:
                raise InvalidResourceId()
            if reassign and (reassign == customer_id or self.lookup(reassign) is None):
                raise InvalidReassign()
            self.users.remove(customer)
            for forget in self.deleted:
                forget(customer_id)
            self.store.keys = {ck: key for ck, key in self.store.keys.items() if key.user_id != customer_id}
            self.store.announce(TOPIC, "deleted", customer)
            return customer

    # ------------------------------------------------------------------ what orders decide

    def remember_order_stats(self, customer: Customer, writes: list[tuple[str, str]]) -> None:
        """What a v1/v2 read leaves behind: WooCommerce caches the numbers it computed as user meta."""
        with self.store.lock:
            current = self.lookup(customer.id)
            if current is None or not writes:
                return
            self.store.lock.changed()  # a read that writes: answers kept before it are stale
            cached = current.copy()
            have = {m["key"] for m in cached.meta}
            for key, value in writes:
                rows = [m for m in cached.meta if m["key"] == key]
                if rows:
                    rows[0]["value"] = value
                elif key not in have:
                    cached.meta.append({"id": self.store.ids.take("usermeta"), "key": key, "value": value})
            self.users.replace(current, cached)

    def forget_order_stats(self, customer_id: int) -> None:
        """``wc_delete_shop_order_transients``: an order of theirs was saved, the caches go. A
        customer with no meta rows has none (every order save asks): the lock is not taken."""
        found = self.lookup(customer_id)
        if found is None or not found.meta:
            return
        with self.store.lock:
            current = self.lookup(customer_id)
            if current is None or not any(m["key"] in order_numbers.CACHE_KEYS for m in current.meta):
                return
            changed = current.copy()
            changed.meta = [m for m in changed.meta if m["key"] not in order_numbers.CACHE_KEYS]
            self.users.replace(current, changed)

    def cached_order_count(self, customer_id: int) -> int | None:
        current = self.lookup(customer_id)
        meta = current.meta if current is not None else []
        value = next((m["value"] for m in meta if m["key"] == order_numbers.ORDER_COUNT), None)
        return int(value) if isinstance(value, str) and value.isdigit() else None

    def set_paying(self, customer_id: int, paying: bool) -> None:
        """``set_is_paying_customer`` and a save: ``date_modified`` moves and ``customer.updated`` fires."""
        with self.store.lock:
            current = self.lookup(customer_id)
            if current is None or current.is_paying_customer == paying:
                return
            changed = current.copy()
            changed.is_paying_customer = paying
            changed.date_modified = self.store.now()
            self.users.replace(current, changed)
            self.store.announce(TOPIC, "updated", changed)

    def mark_last_active(self, customer_id: int) -> None:
        """``wc_update_user_last_active``: midnight UTC of today as a Unix time, in user meta."""
        with self.store.lock:
            current = self.lookup(customer_id)
            if current is None:
                return
            today = self.store.now().replace(hour=0, minute=0, second=0)
            value = str(int(today.timestamp()))
            changed = current.copy()
            rows = [m for m in changed.meta if m["key"] == "wc_last_active"]
            if rows:
                rows[0]["value"] = value
            else:
                changed.meta.append({"id": self.store.ids.take("usermeta"), "key": "wc_last_active", "value": value})
            self.users.replace(current, changed)

    # ------------------------------------------------------------------ field rules


def _escape_html(text: str) -> str:
    """``esc_html()``: ``html.escape``'s five replacements, the quote as WordPress writes it (``&#039;``),
    without importing ``html`` (its entity table is ~2.5 ms of every start; this is an error message's)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
    )


def customers_of(store: Store) -> CustomersBackend:
    """The store's customers backend (made on first use)."""
    return store.backend(NAME, CustomersBackend)
