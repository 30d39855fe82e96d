"""``GET /orders`` filtering and ordering, as ``OrdersTableQuery`` runs it on the HPOS tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from wcmock.resources.orders.models import BILLING_FIELDS, LINE, SHIPPING_FIELDS, Order

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


def _filters(q: OrderQuery) -> list[Callable[[Order], bool]]:
    tests: list[Callable[[Order], bool]] = []
    statuses = [s for s in q.statuses if s != "any"]
    if statuses and "any" not in q.statuses:
        wanted = set(statuses)
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
