"""A customer's rendering kept as its bytes: the objects are read back only when an answer needs them.

A kept rendering is what answers every later read of the customer until it changes, so it is
kept for long and in numbers (up to 20,000 an audience). Kept as ``Rendered(body, links, raw)``,
each held ~14 containers (the body, its addresses and meta rows, the links' lists and dicts): the
cycle collector walked them all, young and old, and they were most of the memory a created
customer left. This keeps the encoded item alone (one bytes object), and what its ``_links`` are
made of (strings, and a tuple of strings the collector stops tracking): a plain answer is the
bytes; ``body`` and ``item()`` decode them for the answers that need the objects (``_fields``,
``_envelope``, an embed, a webhook's payload), ``links`` is made again. It names the record it
renders (``record``), which the store holds anyway until a change replaces it: the customer's next
revision is made from this one when only its date moved (``CustomersResource._redated``).

Decoding gives what a client reads: the bytes are ``encode_json`` of the item, which writes only
JSON's own types, so ``json.loads`` gives back equal objects (``tests/test_customers_rendered.py``).
"""

from __future__ import annotations

import json
from typing import Any

from wcmock.resources.customers.models import Customer
from wcmock.rest.renderings import Rendered

_set = object.__setattr__


def customer_links(self_href: str, collection_href: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """``_links``; ``targetHints`` is absent when the caller may do nothing with the item."""
    self_link: dict[str, Any] = {"href": self_href}
    if allowed:
        self_link["targetHints"] = {"allow": list(allowed)}
    return {"self": [self_link], "collection": [{"href": collection_href}]}


class CustomerRendering(Rendered):
    """``Rendered`` of a customer, holding ``raw`` (the item with its links, encoded) and the links'
    parts; ``body`` and ``links`` are made when asked for."""

    __slots__ = ("_allowed", "_collection_href", "record", "self_href")
    _allowed: tuple[str, ...]
    _collection_href: str
    self_href: str  # the item's URL: its ``self`` link, and a create's ``Location``
    # what it renders, which its next revision's is re-dated from (a record the store holds anyway,
    # or held until the customer's next rendering replaces this one); None for a list's
    record: Customer | None

    def __init__(
        self,
        raw: bytes,
        self_href: str,
        collection_href: str,
        allowed: tuple[str, ...],
        record: Customer | None = None,
    ) -> None:
        _set(self, "raw", raw)
        _set(self, "self_href", self_href)
        _set(self, "_collection_href", collection_href)
        _set(self, "_allowed", allowed)
        _set(self, "record", record)

    def with_raw(self, raw: bytes, record: Customer) -> CustomerRendering:
        """The same links' rendering, of other bytes (the item re-dated), of ``record``."""
        return CustomerRendering(raw, self.self_href, self._collection_href, self._allowed, record)

    @property
    def body(self) -> dict[str, Any]:
        item = self.item()
        del item["_links"]
        return item

    @property
    def links(self) -> dict[str, Any]:
        return customer_links(self.self_href, self._collection_href, self._allowed)

    def __repr__(self) -> str:
        return f"CustomerRendering({self.raw!r})"

    def item(self) -> dict[str, Any]:
        """The item as an object, links included, read back from its bytes."""
        item: dict[str, Any] = json.loads(self.raw)
        return item
