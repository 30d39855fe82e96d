"""Customer lists as ``WP_User_Query`` builds them: filters, ``ORDER BY`` with MySQL's collation,
and ordered lists kept in order change by change (the users table tells ``changed`` of each)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from wcmock.php import is_numeric
from wcmock.records import Record
from wcmock.resources.customers.models import Customer
from wcmock.users import Users
from wcmock.wordpress import nicename, remove_accents


@dataclass(slots=True, repr=False, eq=False)
class CustomerQuery(Record):
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


class OrderedLists:
    """The lists one users table is queried through, kept in order across changes.

    Each change is logged as (old record, new record) and applied to every list by binary search
    before the next query; ``None`` in place of the log means rebuild.
    """

    def __init__(self, users: Users) -> None:
        self.users = users
        self._ordered_cache: dict[tuple[str, str], tuple[list[Customer], list[str]]] = {}
        self._pending: list[tuple[Customer | None, Customer | None]] | None = []
        users.watchers.append(self.changed)

    def forget(self) -> None:
        """After a restore: every list is rebuilt on the next query."""
        self._pending = None

    def query(self, q: CustomerQuery) -> tuple[int, list[Customer]]:
        """``WP_User_Query`` as WooCommerce drives it: filter, order, then one page, plus the total.

        The caller holds the store's lock.

        Without ``include`` the filter walks a list already in the requested order (kept in order
        change by change) and touches only row numbers and search texts; just the page's customers are
        picked out, so a page of a 100,000-customer store costs one tight pass and no sort.
        """
        descending = q.order == "desc"
        if q.include:
            matches = self._predicate(q)
            found = [c for i in dict.fromkeys(q.include) if (c := self.users.lookup(i)) and matches(c)]
            if q.orderby != "include":
                found.sort(key=self._list_key(q.orderby))
            if descending:
                found.reverse()
            return len(found), found[q.offset : q.offset + q.per_page]
        customers, texts = self._ordered(q.orderby, q.role)
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

    def _ordered(self, orderby: str, role: str) -> tuple[list[Customer], list[str]]:
        """One role's customers (or ``all``) in ``orderby`` order with their search texts.

        ``WP_User_Query`` sorts on the one column; a real store lists ties oldest id first under
        ``asc`` and newest first under ``desc`` (two customers registered in one second), so one list
        sorted on (column, id) serves both, read backwards for ``desc``. Lists are built once and then
        kept in order change by change.
        """
        self._catch_up()
        found = self._ordered_cache.get((orderby, role))
        if found is None:
            if role == "all":
                customers = sorted(self.users, key=self._list_key(orderby))
            else:
                customers = [c for c in self._ordered(orderby, "all")[0] if c.role == role]
            # made together, so the scan reads memory in order (twice as fast as scattered strings)
            texts = [_search_text(c) for c in customers]
            found = self._ordered_cache[(orderby, role)] = (customers, texts)
        return found

    def _list_key(self, orderby: str) -> Callable[[Customer], tuple[Any, int]]:
        """The ``ORDER BY`` column, then the id: ``desc`` reads the same list backwards."""
        column = self._sort_key(orderby)
        return lambda c: (column(c), c.id)

    def changed(self, old: Customer | None, new: Customer | None) -> None:
        """Log one record added (``old`` None), removed (``new`` None) or replaced, for the ordered lists."""
        if self._ordered_cache and self._pending is not None:
            self._pending.append((old, new))
            if len(self._pending) > 1000:  # a bulk change: sorting afresh is cheaper
                self._pending = None

    def _catch_up(self) -> None:
        """Bring the ordered lists up to date: apply the logged changes, or drop the lists when a
        record find() handed out was changed in place (its old position is unknown) or after a restore."""
        if self.users.changed_in_place():
            self._pending = None
        pending, self._pending = self._pending, []
        if pending is None:
            self._ordered_cache = {}
            return
        for (orderby, role), (customers, texts) in self._ordered_cache.items():
            key = self._list_key(orderby)
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
