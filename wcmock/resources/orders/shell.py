"""How one store's orders backend is made: the products it sells and the users it sells to.

The backend sees products through the products backend's documented API (``Catalog``) and users
through the shell's users table plus the customers backend's order-cache commands (``Accounts``);
its changes go to the shell's listeners (webhooks) as ``order`` events.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from wcmock.resources.orders.backend import NAME, TOPIC, OrdersBackend
from wcmock.store import Store

PRODUCTS = "products"  # the products resource's backend name in the shell


class StoreAccounts:
    """``Accounts`` over one store: the users table for facts, the customers backend for the
    numbers WooCommerce caches in user meta and the paying-customer flag."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._backend: Any = None
        # the customers backend's own commands once it is found: every order saved forgets its
        # customer's cached numbers (one call, not two)
        self.order_caches_changed: Callable[[int], None] = self._caches_changed
        self.set_paying: Callable[[int, bool], None] = self._set_paying

    def _customers(self) -> Any:
        """The customers backend, found once (a store makes each backend once and keeps it, and
        its ``restore`` works in place: its commands are kept from then on)."""
        if self._backend is None:
            from wcmock.resources.customers.backend import customers_of

            backend = self._backend = customers_of(self.store)
            self.order_caches_changed, self.set_paying = backend.forget_order_stats, backend.set_paying
        return self._backend

    def exists(self, user_id: int) -> bool:
        return self.store.users.lookup(user_id) is not None

    def email(self, user_id: int) -> str:
        user = self.store.users.lookup(user_id)
        return str(user.email) if user is not None else ""

    def display_name(self, user_id: int) -> str:
        user = self.store.users.lookup(user_id)
        return str(getattr(user, "display_name", "") or getattr(user, "username", "")) if user is not None else ""

    def _caches_changed(self, user_id: int) -> None:
        self._customers().forget_order_stats(user_id)

    def cached_order_count(self, user_id: int) -> int | None:
        found: int | None = self._customers().cached_order_count(user_id)
        return found

    def _set_paying(self, user_id: int, paying: bool) -> None:
        self._customers().set_paying(user_id, paying)

    def mark_last_active(self, user_id: int) -> None:
        self._customers().mark_last_active(user_id)


class StoreCatalog:
    """``Catalog`` over one store: the products backend found through the shell each time (a store
    that never had products has none, so every line names an unknown product)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._found: Any = None
        # the products backend's own commands once there is one: an order's write and answer read
        # each line's product several times (stock, sales, permissions, what it shows), one call each
        self.get: Callable[[int], Any] = self._get
        self.change_stock: Callable[[int, int], Any] = self._change_stock
        self.record_sales: Callable[[int, int], None] = self._record_sales

    def _products(self) -> Any:
        """The products backend once there is one (a store makes it once and keeps it, and its
        ``restore`` works in place: its commands are kept from then on)."""
        found = self._found
        if found is None:
            found = self._found = self.store.find_backend(PRODUCTS)
            if found is not None:
                self.get, self.change_stock, self.record_sales = found.get, found.change_stock, found.record_sales
        return found

    def _get(self, product_id: int) -> Any:
        products = self._products()
        return products.get(product_id) if products is not None else None

    def _change_stock(self, product_id: int, delta: int) -> Any:
        products = self._products()
        return products.change_stock(product_id, delta) if products is not None else None

    def _record_sales(self, product_id: int, delta: int) -> None:
        products = self._products()
        if products is not None:
            products.record_sales(product_id, delta)

    def by_sku(self, sku: str) -> Any:
        products = self._products()
        return products.by_sku(sku) if products is not None else None

    def permalink(self, product: Any, home: str) -> str:
        products = self._products()
        return str(products.permalink(product, home)) if products is not None else ""

    @property
    def serial(self) -> int:
        """Moves on every product change: an order's answer shows its lines' products (SKU, image)."""
        products = self._found
        if products is None and (products := self._products()) is None:
            return 0
        serial: int = products.serial
        return serial


def make_backend(store: Store) -> OrdersBackend:
    backend = OrdersBackend(
        catalog=StoreCatalog(store),
        accounts=StoreAccounts(store),
        ids=store.ids.take,
        ids_at_least=store.ids.at_least,
        now=store.now,
        random=store.random,
    )

    backend.listeners.append(functools.partial(store.announce, TOPIC))  # (event, order): no frame of its own
    return backend


def orders_of(store: Store) -> OrdersBackend:
    """The store's orders backend, made on first use."""
    return store.backend(NAME, make_backend)
