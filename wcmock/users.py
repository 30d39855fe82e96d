"""WordPress's users table, which the store shell owns because WordPress shares it.

Authentication, API keys, application passwords and permissions read users; the customers resource
is the REST view of them (as products and orders are views of posts). This table knows the columns
every user has (id, email, login, role) and nothing of WooCommerce's rules: it indexes records by
id, email and login, shares them with captured states without copying, and tells its watchers
of every change (the customers backend keeps its ordered lists with them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, Self

from wcmock.records import immutable


class User(Protocol):
    """What WordPress itself reads of a user; ``revision`` changes whenever the record is changed."""

    id: int
    email: str
    username: str
    role: str
    application_passwords: tuple[str, ...]
    meta: list[dict[str, Any]]
    revision: int

    def copy(self) -> Self: ...


Watcher = Callable[[Any, Any], None]  # (old record or None, new record or None)


@immutable
class UsersState:
    """A captured table: the records are shared with the live table, never copied."""

    records: dict[int, Any]
    by_email: dict[str, int]
    by_login: dict[str, int]
    shared: frozenset[int]  # id() of each record above: a table holding them must copy to change one


class Users:
    """Records by id, email and login: every lookup is a dictionary hit. Callers hold the store's lock."""

    def __init__(self) -> None:
        self._records: dict[int, Any] = {}
        self._by_email: dict[str, int] = {}
        self._by_login: dict[str, int] = {}
        self._shared: frozenset[int] = frozenset()  # id() of records a captured state holds too
        self._handed: dict[int, tuple[Any, int]] = {}  # records editable() gave out, with their revision then
        self.watchers: list[Watcher] = []

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Any]:
        """Every record, to read (see ``lookup``)."""
        return iter(list(self._records.values()))

    def lookup(self, user_id: int) -> Any:
        """The stored record or None, to read. It may be shared with saved states: never change it."""
        return self._records.get(user_id)

    def by_email(self, email: str) -> Any:
        found = self._by_email.get(email.lower())
        return self._records.get(found) if found is not None else None

    def by_username(self, username: str) -> Any:
        found = self._by_login.get(username.lower())
        return self._records.get(found) if found is not None else None

    def email_taken(self, email: str) -> bool:
        return email.lower() in self._by_email

    def username_taken(self, username: str) -> bool:
        return username.lower() in self._by_login

    def first_administrator(self) -> Any:
        return next((u for u in self._records.values() if u.role == "administrator"), None)

    def editable(self, user_id: int) -> Any:
        """The record, yours to change by assigning attributes. One shared with a saved state is
        swapped for a copy first, so ``reset`` still brings back what was captured; change ``email``
        and ``username`` through the customers backend (they are indexed)."""
        record = self._records.get(user_id)
        if record is not None and id(record) in self._shared:
            copy = self._records[user_id] = record.copy()
            self._tell(record, copy)
            record = copy
        if record is not None:
            self._handed[user_id] = (record, record.revision)
        return record

    @property
    def handed_out(self) -> bool:
        """Whether a record ``editable`` gave out may still be changed in place, behind every count."""
        return bool(self._handed)

    def changed_in_place(self) -> bool:
        """Whether a record ``editable`` handed out was changed since (its old position in any
        ordered list is then unknown); forgets the records replaced since."""
        changed = False
        for user_id, (handed, revision) in list(self._handed.items()):
            current = self._records.get(user_id)
            if current is None or current is not handed:
                del self._handed[user_id]
            elif current.revision != revision:
                self._handed[user_id] = (current, current.revision)
                changed = True
        return changed

    def put(self, record: Any) -> None:
        """Index a record (new, or replacing the one with its id after ``remove``)."""
        for watcher in self.watchers:  # ``_tell`` written out: every create puts one record
            watcher(None, record)
        self._records[record.id] = record
        if record.email:
            self._by_email[record.email.lower()] = record.id
        self._by_login[record.username.lower()] = record.id

    def remove(self, record: Any) -> None:
        self._tell(record, None)
        self._records.pop(record.id, None)
        if record.email and self._by_email.get(record.email.lower()) == record.id:
            del self._by_email[record.email.lower()]
        self._by_login.pop(record.username.lower(), None)

    def replace(self, old: Any, new: Any) -> None:
        """Put ``new``, a changed copy of ``old`` (same id), in its place in one step.

        Reads take no lock, so a reader on another thread must find one record or the other at
        every moment: removing ``old`` and then putting ``new`` left an instant with neither, and a
        GET or a permission check on another thread answered ``wc_user_invalid_id`` for a customer
        that was only being renamed. The new email and login are indexed before the old ones go.
        """
        self._tell(old, new)
        self._records[new.id] = new
        if new.email:
            self._by_email[new.email.lower()] = new.id
        self._by_login[new.username.lower()] = new.id
        if old.email and old.email.lower() != new.email.lower() and self._by_email.get(old.email.lower()) == old.id:
            del self._by_email[old.email.lower()]
        if old.username.lower() != new.username.lower() and self._by_login.get(old.username.lower()) == old.id:
            del self._by_login[old.username.lower()]

    def _tell(self, old: Any, new: Any) -> None:
        for watcher in self.watchers:
            watcher(old, new)

    def capture(self) -> UsersState:
        self._shared = frozenset(map(id, self._records.values()))
        return UsersState(dict(self._records), dict(self._by_email), dict(self._by_login), self._shared)

    def restore(self, state: UsersState) -> None:
        self._records, self._by_email, self._by_login = (
            dict(state.records),
            dict(state.by_email),
            dict(state.by_login),
        )
        self._shared = state.shared
        self._handed = {}
