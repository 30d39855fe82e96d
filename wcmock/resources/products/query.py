"""``GET /products``: which products a list query keeps and in which order.

:class:`ProductQuery` holds the sanitised list parameters; :func:`select` applies them the way
``WC_REST_Products_Controller::prepare_objects_query`` and ``WP_Query`` do (filters are ANDed, term
lists ORed, ``include`` wins over ``exclude``) and returns the total and one page.
"""

from __future__ import annotations

import bisect
import itertools
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from wcmock.resources.products.formatting import round_half_up, to_decimal
from wcmock.resources.products.models import Product
from wcmock.wordpress import remove_accents

ANY_EXCLUDES = ("trash", "auto-draft")  # post_status=any leaves these out


@dataclass(slots=True, repr=False, eq=False)
class ProductQuery:
    """List parameters after WordPress validated and sanitised them (``None``: not sent)."""

    status: list[str] = field(default_factory=lambda: ["any"])
    exclude_status: list[str] = field(default_factory=list)
    search: str = ""
    sku: str = ""
    search_sku: str = ""
    search_name_or_sku: str = ""
    types: list[str] = field(default_factory=list)
    exclude_types: list[str] = field(default_factory=list)
    category: list[int] = field(default_factory=list)
    tag: list[int] = field(default_factory=list)
    featured: bool | None = None
    on_sale: bool | None = None
    min_price: str = ""
    max_price: str = ""
    stock_status: str = ""
    in_stock: bool | None = None
    downloadable: bool | None = None
    virtual: bool | None = None
    include: list[int] = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)
    slug: str = ""
    parent: list[int] = field(default_factory=list)
    parent_exclude: list[int] = field(default_factory=list)
    after: datetime | None = None
    before: datetime | None = None
    modified_after: datetime | None = None
    modified_before: datetime | None = None
    orderby: str = "date"
    order: str = "desc"
    offset: int = 0
    page: int = 1
    per_page: int = 10


def select(
    products: Mapping[int, Product],
    q: ProductQuery,
    *,
    on_sale_ids: Callable[[], set[int]],
    ordered: Callable[[str], Sequence[tuple[Any, ...]]] | None = None,
    sets: SetIndex | None = None,
    text: Callable[[Product], str] | None = None,
) -> tuple[int, list[Product]]:
    """The number of matching products and the requested page of them.

    Optional accelerators, all kept by the backend: ``ordered(orderby)`` gives the sort keys in
    ascending order (each ending with the product id, see :class:`OrderedIndex`), ``sets`` the ids
    per status, term, type and stock status (:class:`SetIndex`), so most filters are set
    intersections, and ``text`` a product's folded search text. Without them everything is
    computed here, with the same answer.
    """
    post_in = list(q.include)
    post_not_in = [] if q.include else list(q.exclude)
    if q.on_sale is not None:
        # $args['post__in'] += $on_sale_ids: PHP's array union keeps the first list's keys
        ids = sorted(on_sale_ids()) or [0]
        if q.on_sale:
            post_in = post_in + ids[len(post_in) :]
        else:
            post_not_in = post_not_in + ids[len(post_not_in) :]
    restrict = set(post_in) if post_in or q.include else None
    if sets is not None:
        narrowed = sets.narrow(q, products)
        restrict = narrowed if restrict is None else narrowed & restrict
    if post_not_in and restrict is not None:
        restrict = restrict - set(post_not_in)
        post_not_in = []
    checks = _checks(q, set(post_not_in), indexed=sets is not None, text=text or search_text)
    candidates: Iterable[Product]
    descending = _descending(q)
    if restrict is not None and (ordered is None or len(restrict) * 8 < len(products) or not _orderable(q)):
        found = [products[i] for i in restrict if i in products]
        candidates = sorted(found, key=_sort_key(q, post_in), reverse=descending)
    elif ordered is not None and _orderable(q):
        keys = ordered(q.orderby)
        ids_in_order: Iterable[int] = (k[-1] for k in (reversed(keys) if descending else keys))
        if restrict is not None:
            ids_in_order = filter(restrict.__contains__, ids_in_order)
        candidates = map(products.__getitem__, ids_in_order)
    else:
        candidates = sorted(products.values(), key=_sort_key(q, post_in), reverse=descending)
    for check in checks:
        candidates = filter(check, candidates)
    start = min(q.offset if q.offset else (q.page - 1) * q.per_page, sys.maxsize)  # past the last page: empty
    if not checks and restrict is not None:
        total = len(restrict)  # every candidate matches: count without walking them all
        return total, list(itertools.islice(candidates, start, min(start + q.per_page, sys.maxsize)))
    matched = list(candidates)
    return len(matched), matched[start : start + q.per_page]


def _orderable(q: ProductQuery) -> bool:
    return q.orderby not in ("include", "post__in")


class SetIndex:
    """Product ids per status, term, type and stock status, kept change by change once built."""

    FIELDS: tuple[str, ...] = ("status", "type", "stock_status")

    def __init__(self) -> None:
        self._by: dict[str, dict[Any, set[int]]] | None = None

    def clear(self) -> None:
        self._by = None

    def _built(self, products: Mapping[int, Product]) -> dict[str, dict[Any, set[int]]]:
        if self._by is None:
            self._by = {name: {} for name in (*self.FIELDS, "term")}
            for p in products.values():
                self._add(p)
        return self._by

    def _add(self, p: Product) -> None:
        assert self._by is not None
        for name in self.FIELDS:
            self._by[name].setdefault(getattr(p, name), set()).add(p.id)
        for term in (*p.category_ids, *p.tag_ids):
            self._by["term"].setdefault(term, set()).add(p.id)

    def _remove(self, p: Product) -> None:
        assert self._by is not None
        for name in self.FIELDS:
            self._by[name].get(getattr(p, name), set()).discard(p.id)
        for term in (*p.category_ids, *p.tag_ids):
            self._by["term"].get(term, set()).discard(p.id)

    def changed(self, old: Product | None, new: Product | None) -> None:
        if self._by is None or (old is not None and new is not None and _set_keys(old) == _set_keys(new)):
            return  # not built, or a save that moved none of its sets (its id stays in each)
        if old is not None:
            self._remove(old)
        if new is not None:
            self._add(new)

    def _union(self, by: dict[Any, set[int]], values: Iterable[Any]) -> set[int]:
        found: set[int] = set()
        for value in values:
            found |= by.get(value, set())
        return found

    def narrow(self, q: ProductQuery, products: Mapping[int, Product]) -> set[int]:
        """The ids that pass the status, type, term and stock filters (variations left out unless
        a SKU search asks for them)."""
        by = self._built(products)
        statuses = by["status"]
        wanted = [s for s in statuses if s not in ANY_EXCLUDES] if "any" in q.status else list(q.status)
        ids = self._union(statuses, (s for s in wanted if s not in q.exclude_status))
        if not _searches_variations(q):
            ids -= by["type"].get("variation", set())
        if q.types:
            ids &= self._union(by["type"], q.types)
        if q.exclude_types:
            ids -= self._union(by["type"], q.exclude_types)
        if q.category:
            ids &= self._union(by["term"], q.category)
        if q.tag:
            ids &= self._union(by["term"], q.tag)
        if q.stock_status:
            ids &= by["stock_status"].get(q.stock_status, set())
        if q.in_stock is not None:
            ids &= by["stock_status"].get("instock" if q.in_stock else "outofstock", set())
        return ids


class OrderedIndex:
    """Products' sort keys per ``orderby``, built on first use and kept in order change by change.

    Each entry is a tuple ending with the product id, so entries are unique and a descending list
    is the ascending one read backwards (ties then fall by id descending, as WordPress's do).
    """

    def __init__(self) -> None:
        self._lists: dict[str, list[tuple[Any, ...]]] = {}

    def clear(self) -> None:
        self._lists.clear()

    def get(self, orderby: str, products: Mapping[int, Product]) -> list[tuple[Any, ...]]:
        name = SORT_ALIASES.get(orderby, orderby)
        if name not in SORT_KEYS:
            name = "date"
        entries = self._lists.get(name)
        if entries is None:
            key = SORT_KEYS[name]
            entries = self._lists[name] = sorted(key(p) for p in products.values())
        return entries

    def changed(self, old: Product | None, new: Product | None) -> None:
        for name, entries in self._lists.items():
            key = SORT_KEYS[name]
            if old is not None and new is not None and key(old) == key(new):
                continue  # the same entry would be taken out and put back in its place
            if old is not None:
                entry = key(old)
                at = bisect.bisect_left(entries, entry)
                if at < len(entries) and entries[at] == entry:
                    del entries[at]
            if new is not None:
                bisect.insort(entries, key(new))


def _set_keys(p: Product) -> tuple[Any, ...]:
    """What places a product in :class:`SetIndex`'s sets."""
    return (p.id, p.status, p.type, p.stock_status, p.category_ids, p.tag_ids)


def _searches_variations(q: ProductQuery) -> bool:
    """A SKU filter or search looks at variations too; every other list shows products only."""
    return bool((q.sku and not q.search_name_or_sku) or q.search_sku or q.search_name_or_sku.strip())


def _checks(
    q: ProductQuery, post_not_in: set[int], *, indexed: bool, text: Callable[[Product], str]
) -> list[Callable[[Product], bool]]:
    """One small test per filter the query uses (a product must pass them all); ``indexed``: the
    status, type, term and stock filters were applied as set intersections already."""
    checks: list[Callable[[Product], bool]] = []
    add = checks.append
    skus = _skus(q.sku) if q.sku and not q.search_name_or_sku and not q.search_sku else None
    tokens = [t.casefold() for t in q.search_name_or_sku.split(" ") if t.strip()]
    if post_not_in:
        add(lambda p: p.id not in post_not_in)
    if not indexed:
        _unindexed_checks(q, add)
    if q.featured is not None:
        featured = q.featured
        add(lambda p: p.featured == featured)
    if q.slug:
        slug = q.slug
        add(lambda p: p.slug == slug)
    if q.parent:
        parents = set(q.parent)
        add(lambda p: p.parent_id in parents)
    if q.parent_exclude:
        not_parents = set(q.parent_exclude)
        add(lambda p: p.parent_id not in not_parents)
    if skus is not None:
        add(lambda p: p.sku.casefold() in skus)
    if q.search_sku:
        part = q.search_sku.casefold()
        add(lambda p: part in p.sku.casefold())
    if tokens:
        add(lambda p: all(t in p.name.casefold() or t in p.sku.casefold() for t in tokens))
    if q.search and not q.search_name_or_sku:
        terms = _search_terms(q.search)
        if len(terms) == 1 and terms[0][1]:
            term = terms[0][0]
            add(lambda p: term in text(p))  # the common case, without a loop per product
        else:
            add(lambda p: _search_matches(text(p), terms))
    if q.downloadable is not None:
        downloadable = q.downloadable
        add(lambda p: p.downloadable == downloadable)
    if q.virtual is not None:
        virtual = q.virtual
        add(lambda p: p.virtual == virtual)
    low, high = _bound(q.min_price), _bound(q.max_price)
    if low is not None or high is not None:
        add(lambda p: _price_between(p, low or Decimal(0), high))
    if q.after or q.before or q.modified_after or q.modified_before:
        add(lambda p: _dates_match(p, q))
    return checks


def _unindexed_checks(q: ProductQuery, add: Callable[[Callable[[Product], bool]], None]) -> None:
    """The tests :meth:`SetIndex.narrow` stands for, when there is no index."""
    if not _searches_variations(q):
        add(lambda p: p.type != "variation")
    statuses = set(q.status)
    if "any" in statuses:
        add(lambda p: p.status not in ANY_EXCLUDES)
    else:
        add(lambda p: p.status in statuses)
    if q.exclude_status:
        excluded_statuses = set(q.exclude_status)
        add(lambda p: p.status not in excluded_statuses)
    if q.types:
        types = set(q.types)
        add(lambda p: p.type in types)
    if q.exclude_types:
        excluded_types = set(q.exclude_types)
        add(lambda p: p.type not in excluded_types)
    if q.category:
        categories = set(q.category)
        add(lambda p: not categories.isdisjoint(p.category_ids))
    if q.tag:
        tags = set(q.tag)
        add(lambda p: not tags.isdisjoint(p.tag_ids))
    if q.stock_status:
        stock_status = q.stock_status
        add(lambda p: p.stock_status == stock_status)
    if q.in_stock is not None:
        wanted = "instock" if q.in_stock else "outofstock"
        add(lambda p: p.stock_status == wanted)


def _skus(text: str) -> set[str]:
    """``explode(',', sku)``, plus the whole string when it held several (WooCommerce does that)."""
    parts = text.split(",")
    if len(parts) > 1:
        parts.append(text)
    return {s.casefold() for s in parts}


def _bound(text: str) -> Decimal | None:
    """``! empty( $request['min_price'] )``: ``""`` and ``"0"`` set no bound; other text is floatval'd."""
    if text in ("", "0"):
        return None
    return to_decimal(text) or Decimal(0)


def _price_between(p: Product, low: Decimal, high: Decimal | None) -> bool:
    price = to_decimal(p.price)
    if price is None:
        return False
    price = round_half_up(price, 2)  # DECIMAL(10,2)
    return price >= low and (high is None or price <= high)


def _search_terms(search: str) -> list[tuple[str, bool]]:
    """WordPress's search: space-separated terms, each required; a leading ``-`` excludes."""
    out = []
    for term in search.split(" "):
        term = term.strip()
        if not term:
            continue
        if term.startswith("-") and len(term) > 1:
            out.append((_fold(term[1:]), False))
        else:
            out.append((_fold(term), True))
    return out


def search_text(p: Product) -> str:
    """What WordPress's search looks in: title, excerpt and content, folded like MySQL compares."""
    return "\n".join(_fold(t) for t in (p.name, p.short_description, p.description))


def _search_matches(text: str, terms: list[tuple[str, bool]]) -> bool:
    return all((term in text) == wanted for term, wanted in terms)


def _fold(text: str) -> str:
    """MySQL's utf8mb4_unicode_ci, near enough: case and accents do not count."""
    return remove_accents(text).casefold()


def _dates_match(p: Product, q: ProductQuery) -> bool:
    if q.after is not None and not p.date_created > q.after:
        return False
    if q.before is not None and not p.date_created < q.before:
        return False
    if q.modified_after is not None and not p.date_modified > q.modified_after:
        return False
    return not (q.modified_before is not None and not p.date_modified < q.modified_before)


def _descending(q: ProductQuery) -> bool:
    if q.orderby in ("popularity", "rating"):
        return True  # WC_Query orders these descending whatever 'order' says
    if q.orderby in ("include", "post__in"):
        return False  # ORDER BY FIELD( ID, … ): the list's own order
    return q.order == "desc"


def _sort_key(q: ProductQuery, post_in: list[int]) -> Callable[[Product], Any]:
    if q.orderby in ("include", "post__in"):
        position = {pid: i for i, pid in enumerate(post_in)}
        big = len(position)
        return lambda p: (position.get(p.id, big), p.id)
    return SORT_KEYS.get(SORT_ALIASES.get(q.orderby, q.orderby), SORT_KEYS["date"])


def _price_key(p: Product) -> Decimal:
    """An empty price sorts as SQL's NULL: first ascending, last descending."""
    price = to_decimal(p.price)
    return Decimal("-Infinity") if price is None else price


SORT_KEYS: dict[str, Callable[[Product], tuple[Any, ...]]] = {
    "date": lambda p: (p.date_created, p.id),
    "id": lambda p: (p.id,),
    "title": lambda p: (_fold(p.name), p.id),
    "slug": lambda p: (p.slug, p.id),
    "modified": lambda p: (p.date_modified, p.id),
    "menu_order": lambda p: (p.menu_order, _fold(p.name), p.id),
    "price": lambda p: (_price_key(p), p.id),
    "popularity": lambda p: (p.total_sales, p.id),
}
SORT_ALIASES = {"rating": "id"}  # no reviews: every average and count is 0, so the id decides


def from_params(p: dict[str, Any], *, version: str) -> ProductQuery:
    """A query from a list request's sanitised parameters (WordPress has applied defaults and casts).

    v2 and v1 do not translate ``price``, ``popularity`` and ``rating`` into an order (v1's enum
    rejects them first), so there they sort like the default ``date``.
    """
    orderby = p.get("orderby") or "date"
    if version != "v3" and orderby in ("price", "popularity", "rating"):
        orderby = "date"
    if orderby in ("sales", "random"):
        orderby = "date"  # accepted by the enum, unknown to WP_Query
    status = p.get("include_status") or p.get("status") or "any"
    return ProductQuery(
        status=list(status) if isinstance(status, list) else [status],
        exclude_status=list(p.get("exclude_status") or []),
        search=p.get("search") or "",
        sku=p.get("sku") or "",
        search_sku=p.get("search_sku") or "",
        search_name_or_sku=p.get("search_name_or_sku") or "",
        types=list(p.get("include_types") or ([p["type"]] if p.get("type") else [])),
        exclude_types=list(p.get("exclude_types") or []),
        category=_ids(p.get("category")),
        tag=_ids(p.get("tag")),
        featured=p.get("featured") if isinstance(p.get("featured"), bool) else None,
        on_sale=p.get("on_sale") if isinstance(p.get("on_sale"), bool) else None,
        min_price=str(p.get("min_price") or ""),
        max_price=str(p.get("max_price") or ""),
        stock_status=p.get("stock_status") or "",
        in_stock=p.get("in_stock") if isinstance(p.get("in_stock"), bool) else None,
        downloadable=p.get("downloadable") if isinstance(p.get("downloadable"), bool) else None,
        virtual=p.get("virtual") if isinstance(p.get("virtual"), bool) else None,
        include=list(p.get("include") or []),
        exclude=list(p.get("exclude") or []),
        slug=p.get("slug") or "",
        parent=list(p.get("parent") or []),
        parent_exclude=list(p.get("parent_exclude") or []),
        after=p.get("after"),
        before=p.get("before"),
        modified_after=p.get("modified_after"),
        modified_before=p.get("modified_before"),
        orderby=orderby,
        order=p.get("order") or "desc",
        offset=int(p.get("offset") or 0),
        page=int(p.get("page") or 1),
        per_page=int(p.get("per_page") or 10),
    )


def _ids(value: Any) -> list[int]:
    """A term-id list as WordPress leaves it: a comma string or a list, junk dropped."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    out = []
    for item in items:
        text = str(item).strip()
        if text.lstrip("-").isdigit():
            out.append(int(text))
    return out
