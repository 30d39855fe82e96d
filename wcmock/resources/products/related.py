"""Which products a new product's related ids are drawn from: the first ones by id sharing a term.

``wc_get_related_products`` asks for the published, catalogue-visible products (variations left
out) that carry any of a product's categories or tags, lowest ids first, and keeps the first
fifteen. Asked of the whole catalogue every time a product is first shown, that is a pass and a
sort over every product in the category, which grows with each product created in it. This index
keeps, per term, those products' ids in ascending order, change by change, so the question reads
the first few ids of each term's list and merges them.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Mapping

from wcmock.resources.products.models import HIDDEN_FROM_CATALOG, Product


def _eligible(p: Product) -> bool:
    """Whether a product may be another's related product: published, visible in the catalogue, not a variation."""
    return p.status == "publish" and p.type != "variation" and p.catalog_visibility not in HIDDEN_FROM_CATALOG


def _terms(p: Product) -> set[int]:
    return {*p.category_ids, *p.tag_ids}


class RelatedIndex:
    """``{term id: [ids of eligible products carrying it, ascending]}``, built on first use."""

    def __init__(self) -> None:
        self._by_term: dict[int, list[int]] | None = None

    def clear(self) -> None:
        self._by_term = None

    def _built(self, products: Mapping[int, Product]) -> dict[int, list[int]]:
        if self._by_term is None:
            by_term: dict[int, list[int]] = {}
            for p in products.values():
                if _eligible(p):
                    for term in _terms(p):
                        by_term.setdefault(term, []).append(p.id)
            for ids in by_term.values():
                ids.sort()
            self._by_term = by_term
        return self._by_term

    def changed(self, old: Product | None, new: Product | None) -> None:
        by_term = self._by_term
        if by_term is None:
            return
        if old is not None and _eligible(old):
            for term in _terms(old):
                ids = by_term.get(term, [])
                at = bisect.bisect_left(ids, old.id)
                if at < len(ids) and ids[at] == old.id:
                    del ids[at]
        if new is not None and _eligible(new):
            for term in _terms(new):
                ids = by_term.setdefault(term, [])
                if not ids or ids[-1] < new.id:
                    ids.append(new.id)  # a new product has the highest id: the usual case
                else:
                    at = bisect.bisect_left(ids, new.id)
                    if at == len(ids) or ids[at] != new.id:
                        ids.insert(at, new.id)

    def first(self, terms: Iterable[int], products: Mapping[int, Product], *, other_than: int, limit: int) -> list[int]:
        """The lowest ``limit`` ids of eligible products carrying any of ``terms``, ``other_than`` left out."""
        by_term = self._built(products)
        lists = [ids for ids in (by_term.get(term) for term in set(terms)) if ids]
        if not lists:
            return []
        merged = lists[0] if len(lists) == 1 else heapq.merge(*lists)
        found: list[int] = []
        for product_id in merged:
            if product_id == other_than or (found and found[-1] == product_id):
                continue
            found.append(product_id)
            if len(found) == limit:
                break
        return found
