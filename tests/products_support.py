"""A stand-in for the store shell that the products backend takes its ids, clock and randomness from.

The real shell numbers posts, terms and meta rows for every resource; here the sequences start
where the recording store's do (``golden/STORE.md``: next post id 11, next term id 16).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, tzinfo

from wcmock.resources.products.backend import ProductsBackend
from wcmock.resources.products.models import Product
from wcmock.resources.products.seed import CREATE_DEFAULTS
from wcmock.resources.products.views import Render

__all__ = [
    "CREATE_DEFAULTS",
    "HOME",
    "Shell",
    "backend",
    "render",
]  # CREATE_DEFAULTS: what a fixture product starts from

HOME = "http://shop.test"
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Shell:
    def __init__(self, *, timezone: tzinfo = UTC) -> None:
        self.random = random.Random(0)
        self.timezone = timezone
        self.moment = START
        self.post_id, self.term_id, self.meta_id = 11, 16, 1
        self.events: list[tuple[str, int]] = []

    def now(self) -> datetime:
        return self.moment

    def tick(self, seconds: int = 1) -> None:
        self.moment += timedelta(seconds=seconds)

    def next_post_id(self) -> int:
        self.post_id += 1
        return self.post_id - 1

    def next_term_id(self) -> int:
        self.term_id += 1
        return self.term_id - 1

    def reserve(self, sequence: str, taken: int) -> None:
        if sequence == "posts":
            self.post_id = max(self.post_id, taken + 1)
        else:
            self.term_id = max(self.term_id, taken + 1)

    def announce(self, event: str, product: Product) -> None:
        self.events.append((event, product.id))

    def next_meta_id(self) -> int:
        self.meta_id += 1
        return self.meta_id - 1


def backend() -> tuple[ProductsBackend, Shell]:
    shell = Shell()
    return ProductsBackend(shell), shell


def render(products: ProductsBackend, shell: Shell, context: str = "view") -> Render:
    return Render(HOME, products, shell.now, shell.timezone, context=context)
