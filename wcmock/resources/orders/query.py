"""``GET /orders`` filtering and ordering, as ``OrdersTableQuery`` runs it on the HPOS tables."""

from __future__ import annotations

import bisect
import heapq
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from wcmock.resources.orders.models import LINE, Order
from wcmock.resources.orders.vocabulary import BILLING_FIELDS, SHIPPING_FIELDS

if TYPE_CHECKING:
    from wcmock.resources.orders.backend import OrdersBackend


@dataclass(slots=True)
class OrderQuery:
    """The list filters after REST sanitising; ``statuses`` empty means ``any`` (all but trash)."""

    statuses: list[str] = field(default_factory=list)
    customer: int | None = None
    product: int | None = None
    include: list[int] = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    parent_exclude: list[int] = field(default_factory=list)
    created_via: list[str] = field(default_factory=list)
    after: datetime | None = None
    before: datetime | None = None
    modified_after: datetime | None = None
    modified_before: datetime | None = None
    search: str = ""
    orderby: str = "date"
    order: str = "desc"
    offset: int = 0
    per_page: int = 10


def address_index(address: dict[str, str], fields: tuple[str, ...]) -> str:
    """``_billing_address_index`` / ``_shipping_address_index``: the address's values joined by spaces."""
    return " ".join(address.get(f, "") for f in fields)


def matches_search(order: Order, term: str) -> bool:
    """The HPOS search without the full-text index: id, email prefix, transaction, addresses, items."""
    needle = term.lower()
    if term.isdigit() and int(term) == order.id:
        return True
    if order.billing.get("email", "").lower().startswith(needle):
        return True
    if needle in order.transaction_id.lower():
        return True
    if needle in address_index(order.billing, BILLING_FIELDS).lower():
        return True
    if needle in address_index(order.shipping, SHIPPING_FIELDS).lower():
        return True
    return any(needle in i.name.lower() for i in order.items if i.kind == LINE)


def _wanted_statuses(q: OrderQuery) -> set[str] | None:
    """The statuses asked for; ``None`` for ``any`` (every status but trash)."""
    statuses = [s for s in q.statuses if s != "any"]
    return set(statuses) if statuses and "any" not in q.statuses else None


def _filters(q: OrderQuery, *, status: bool = True) -> list[Callable[[Order], bool]]:
    tests: list[Callable[[Order], bool]] = []
    wanted = _wanted_statuses(q)
    if not status:
        pass
    elif wanted is not None:
        tests.append(lambda o: o.status in wanted)
    else:
        tests.append(lambda o: o.status != "trash")
    if q.customer is not None:
        customer = q.customer
        tests.append(lambda o: o.customer_id == customer)
    if q.product is not None:
        product = q.product
        tests.append(lambda o: any(i.kind == LINE and product in (i.product_id, i.variation_id) for i in o.items))
    if q.include:
        included = set(q.include)
        tests.append(lambda o: o.id in included)
    if q.exclude:
        excluded = set(q.exclude)
        tests.append(lambda o: o.id not in excluded)
    if q.parent:
        parents = set(q.parent)
        tests.append(lambda o: o.parent_id in parents)
    if q.parent_exclude:
        not_parents = set(q.parent_exclude)
        tests.append(lambda o: o.parent_id not in not_parents)
    if q.created_via:
        via = set(q.created_via)
        tests.append(lambda o: o.created_via in via)
    for moment, attr, later in (
        (q.after, "date_created", True),
        (q.before, "date_created", False),
        (q.modified_after, "date_modified", True),
        (q.modified_before, "date_modified", False),
    ):
        if moment is not None:
            tests.append(_date_test(attr, moment, later))
    if q.search:
        term = q.search
        tests.append(lambda o: matches_search(o, term))
    return tests


def _date_test(attr: str, moment: datetime, later: bool) -> Callable[[Order], bool]:
    if later:
        return lambda o: bool(getattr(o, attr) > moment)
    return lambda o: bool(getattr(o, attr) < moment)


def _sort_key(q: OrderQuery) -> Callable[[Order], Any]:
    if q.orderby == "id":
        return lambda o: o.id
    if q.orderby == "modified":
        return lambda o: (o.date_modified, o.id)
    return lambda o: (o.date_created, o.id)


def run_query(backend: OrdersBackend, q: OrderQuery) -> tuple[int, list[Order]]:
    """The matching count and one page (``offset``, ``per_page``)."""
    if q.customer is None and q.product is None and not q.include and q.orderby in ORDER_KEYS:
        return _ordered_query(backend, q)
    tests = _filters(q)
    if q.customer is not None:  # the customer's orders only: an index hit instead of a pass over all
        candidates: Any = (backend.orders[i] for i in backend.ids_of_customer(q.customer) if i in backend.orders)
    else:
        candidates = backend.orders.values()
    found = [o for o in candidates if all(t(o) for t in tests)]
    if q.orderby == "include" and q.include:
        position = {order_id: i for i, order_id in enumerate(q.include)}
        found.sort(key=lambda o: position.get(o.id, len(position)))
    elif q.orderby in ("title", "slug", "include"):
        found.sort(key=lambda o: o.id)  # HPOS orders have no title or slug: table order
    else:
        found.sort(key=_sort_key(q), reverse=q.order == "desc")
    return len(found), found[q.offset : q.offset + q.per_page]


def _ordered_query(backend: OrdersBackend, q: OrderQuery) -> tuple[int, list[Order]]:
    """A list query read from the kept per-status lists in the requested order, no sort: the
    statuses' lists merged (a page of the newest orders touches little more than the page), the
    other filters applied on the way; the count without a pass when no other filter is set."""
    by_status = backend.status_lists.get(q.orderby, backend.orders)
    wanted = _wanted_statuses(q)
    names = [s for s in by_status if s != "trash"] if wanted is None else [s for s in wanted if s in by_status]
    lists = [by_status[name] for name in names if by_status[name]]
    descending = q.order == "desc"
    keys: Iterator[tuple[Any, ...]]
    if len(lists) == 1:
        keys = reversed(lists[0]) if descending else iter(lists[0])
    else:
        keys = heapq.merge(*(reversed(x) for x in lists), reverse=True) if descending else heapq.merge(*lists)
    orders = backend.orders
    candidates: Iterable[Order] = (orders[key[-1]] for key in keys)
    tests = _filters(q, status=False)
    if not tests:
        total = sum(len(x) for x in lists)
        start = min(q.offset, sys.maxsize)  # past the last page (an offset clamped at PHP_INT_MAX): empty
        return total, list(itertools.islice(candidates, start, min(start + q.per_page, sys.maxsize)))
    found = [o for o in candidates if all(t(o) for t in tests)]
    return len(found), found[q.offset : q.offset + q.per_page]


# the sort keys the kept lists hold per ``orderby``, each ending with the id (ties: by id, read
# backwards under ``desc``, as the unsorted path's reverse sort gives them). Dates as POSIX
# timestamps: the same order as the aware datetimes (a float keeps microseconds apart at today's
# magnitudes), and a tenth of the cost to compare, which a sort of 100,000 orders feels.
ORDER_KEYS: dict[str, Callable[[Order], tuple[Any, ...]]] = {
    "date": lambda o: (o.date_created.timestamp(), o.id),
    "modified": lambda o: (o.date_modified.timestamp(), o.id),
    "id": lambda o: (o.id,),
}


class StatusLists:
    """Orders' sort keys per ``orderby`` and status, built on first use and kept in order change by
    change (a binary search and an insertion per list), so a list query never sorts the store."""

    def __init__(self) -> None:
        self._lists: dict[str, dict[str, list[tuple[Any, ...]]]] = {}

    def clear(self) -> None:
        self._lists.clear()

    def get(self, orderby: str, orders: Mapping[int, Order]) -> dict[str, list[tuple[Any, ...]]]:
        by_status = self._lists.get(orderby)
        if by_status is None:
            key = ORDER_KEYS[orderby]
            by_status = {}
            for order in orders.values():
                by_status.setdefault(order.status, []).append(key(order))
            for entries in by_status.values():
                entries.sort()
            self._lists[orderby] = by_status
        return by_status

    def changed(self, old: Order | None, new: Order | None) -> None:
        """One order added (``old`` None), removed (``new`` None) or replaced by a changed copy."""
        for orderby, by_status in self._lists.items():
            key = ORDER_KEYS[orderby]
            if old is not None:
                entries = by_status.get(old.status, [])
                entry = key(old)
                at = bisect.bisect_left(entries, entry)
                if at == len(entries) or entries[at] != entry:  # changed in place: its old place is unknown
                    self._lists.clear()
                    return
                del entries[at]
            if new is not None:
                bisect.insort(by_status.setdefault(new.status, []), key(new))
