"""A tiny shop for the orders tests: products and users as the orders backend sees them.

The orders backend talks to products and users through protocols (``Catalog``, ``Accounts``);
these are small in-memory implementations of them, so the order rules are tested on their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wcmock.resources.orders.backend import OrdersBackend

# a store fixture for the tests that run the real backends: four customers and four generated
# products (ids 100-103), one of the customers with an email JSON writes with an escape or two
SHOP_FIXTURE: dict[str, Any] = {
    "customers": [
        {"id": 1, "email": "admin@example.com", "role": "administrator", "username": "admin"},
        {"id": 2, "email": "ann@example.com", "username": "ann"},
        {"id": 3, "email": "bob.o'neil+shop@example.com", "username": "bob"},
        {"id": 4, "email": "cy@example.com", "username": "cy"},
    ],
    "sequences": {"posts": 100},
    "generate_products": {"count": 4, "seed": 1},
}


@dataclass(frozen=True)
class Download:
    id: str
    name: str
    file: str


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: str
    sku: str = ""
    type: str = "simple"
    parent_id: int = 0
    tax_class: str = ""
    manage_stock: bool = False
    stock_quantity: int | None = None
    virtual: bool = False
    downloadable: bool = False
    downloads: tuple[Download, ...] = ()
    download_limit: int = -1
    download_expiry: int = -1
    total_sales: int = 0
    image_id: int | None = None

    @property
    def formatted_name(self) -> str:
        return f"{self.name} ({self.sku or '#' + str(self.id)})"


@dataclass(frozen=True)
class StockChange:
    product_id: int
    formatted_name: str
    old: int
    new: int


@dataclass
class Catalog:
    products: dict[int, Product] = field(default_factory=dict)

    def get(self, product_id: int) -> Product | None:
        return self.products.get(product_id)

    def by_sku(self, sku: str) -> Product | None:
        return next((p for p in self.products.values() if p.sku.lower() == sku.lower()), None)

    def change_stock(self, product_id: int, delta: int) -> StockChange | None:
        p = self.products.get(product_id)
        if p is None or not p.manage_stock or p.stock_quantity is None:
            return None
        self.products[product_id] = replace(p, stock_quantity=p.stock_quantity + delta)
        return StockChange(p.id, p.formatted_name, p.stock_quantity, p.stock_quantity + delta)

    def record_sales(self, product_id: int, delta: int) -> None:
        p = self.products.get(product_id)
        if p is not None:
            self.products[product_id] = replace(p, total_sales=p.total_sales + delta)


@dataclass
class User:
    id: int
    email: str
    display_name: str
    paying: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    last_active: bool = False


@dataclass
class Accounts:
    users: dict[int, User] = field(default_factory=dict)

    def exists(self, user_id: int) -> bool:
        return user_id in self.users

    def email(self, user_id: int) -> str:
        return self.users[user_id].email

    def display_name(self, user_id: int) -> str:
        return self.users[user_id].display_name

    def order_caches_changed(self, user_id: int) -> None:
        user = self.users.get(user_id)
        if user is not None:
            for key in ("wc_order_count_wp", "wc_money_spent_wp", "wc_last_order_wp"):
                user.meta.pop(key, None)

    def cached_order_count(self, user_id: int) -> int | None:
        value = self.users[user_id].meta.get("wc_order_count_wp")
        return int(value) if value is not None else None

    def set_paying(self, user_id: int, paying: bool) -> None:
        if user_id in self.users:
            self.users[user_id].paying = paying

    def mark_last_active(self, user_id: int) -> None:
        self.users[user_id].last_active = True


class Shop:
    """Posts 1-10 exist (``golden/STORE.md``); the admin is user 1, Jane user 2."""

    def __init__(self) -> None:
        self.catalog = Catalog()
        self.accounts = Accounts({1: User(1, "admin@example.com", "admin"), 2: User(2, "jane@example.com", "Jane")})
        self.sequences = {"posts": 11, "comments": 2}
        self.clock = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        self.events: list[tuple[str, int, str]] = []
        self.orders = OrdersBackend(
            catalog=self.catalog,
            accounts=self.accounts,
            ids=self.take,
            now=lambda: self.clock,
            random=random.Random(0),
        )
        self.orders.listeners.append(lambda event, order: self.events.append((event, order.id, order.status)))

    def take(self, name: str) -> int:
        """The shell's sequences: posts start at 11 and comments at 2, as in the recording store."""
        value = self.sequences.get(name, 1)
        self.sequences[name] = value + 1
        return value

    def product(self, name: str, price: str, **fields: Any) -> Product:
        product = Product(id=self.take("posts"), name=name, price=price, **fields)
        self.catalog.products[product.id] = product
        return product

    def tick(self, seconds: int = 1) -> None:
        self.clock += timedelta(seconds=seconds)
