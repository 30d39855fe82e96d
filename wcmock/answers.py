"""Answers kept whole: a GET or HEAD asked again while nothing changed is answered from its bytes.

An answer is a function of the request (method, path, query string, headers, scheme, server
address), of the store's state and, if it reads the time, of the clock's second (WordPress dates
have no finer grain). The store counts its changes (``ChangeLock``: every change runs under its
lock) and the clock its moves and readings, so an answer made by a read that changed nothing is
kept with those counts (and the second, if it read the clock), and given again, byte for byte with
the same headers, while they stay where they were: without parsing the query, checking the
arguments, authenticating, routing, rendering or validating again. The journal records every
request, kept or not, and an armed fault always takes the full path.

Nothing is given again from a store while a record ``editable()`` gave out may still be changed
in place (until a reset). What is never kept: a request with a body; one that changed the store (an OAuth 1.0a request
records its nonce, a ``_method=DELETE`` GET is a DELETE, a v1/v2 read caches order numbers); a read
that moved the store's ``Random`` (unless the answer says how to draw it again: a product's related
ids are shuffled per answer, and so they are on every kept answer, with the same draws); a read
answered in a worker thread (the store was busy); a fault's answer.

``WCMOCK_ANSWER_CACHE=verify`` (for wcmock's own test runs) makes every hit check itself: the answer is
made again through the full path and compared, and a difference raises ``StaleAnswer``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from wcmock.clock import Clock
from wcmock.harness.handle import WcmockStore
from wcmock.harness.hub import Hub
from wcmock.harness.journal import BODY_LIMIT, Journal, Made
from wcmock.store import Store

CACHED_METHODS = ("GET", "HEAD")
BODY_HEADERS = (b"content-length", b"transfer-encoding")
ENTRY_LIMIT = 8192  # answers kept (a client cycling over every customer, product and order of a store)
BYTE_LIMIT = 32 * 1024 * 1024  # their bodies, in all: a page of 100 products is ~200 KB
VERIFY = os.environ.get("WCMOCK_ANSWER_CACHE", "") == "verify"

Key = tuple[Any, ...]


class Remade(Protocol):
    """An ``again`` that can say what makes the bytes it last gave again (a page: ``related.Splice``),
    and how many bytes that holds: the journal keeps it, not the bytes."""

    held: int

    def remade(self, body: bytes) -> Callable[[], bytes] | None: ...


class StaleAnswer(AssertionError):
    """A kept answer differs from what the full path makes now (``WCMOCK_ANSWER_CACHE=verify``)."""


def key_of(scope: Mapping[str, Any]) -> Key | None:
    """What an answer may depend on in the request; None for a request that is never answered from
    memory (neither GET nor HEAD, or with a body)."""
    method = scope["method"]
    if method not in CACHED_METHODS:
        return None
    listed = scope["headers"]
    headers = (
        tuple(listed) if not listed or type(listed[0]) is tuple else tuple(map(tuple, listed))
    )  # lists: TestClient
    for name, value in headers:
        if name in BODY_HEADERS and value != b"0":
            return None
    server = scope.get("server")
    return (
        method,
        scope["path"],
        scope.get("raw_path"),
        scope.get("query_string", b""),
        headers,
        scope.get("scheme"),
        tuple(server) if server is not None else None,
    )


class Kept:
    """One kept answer, what it was made from, and what the journal records of its request (a plain
    class, not a dataclass: ``@dataclass`` compiles its ``__init__`` at every start, a written one
    is in the bytecode cache)."""

    __slots__ = (
        "again",
        "body",
        "changes",
        "clock",
        "handle",
        "head",
        "headers",
        "home",
        "journal_headers",
        "journal_size",
        "moves",
        "query_string",
        "route_path",
        "second",
        "size",
        "status",
        "store",
    )
    handle: WcmockStore
    store: Store
    clock: Clock
    changes: int  # the store's change count when it was made
    moves: int  # the clock's moves then
    second: int | None  # and its second, if the answer read the time (else it holds at any time)
    status: int
    headers: list[tuple[bytes, bytes]]  # as sent, but for content-length
    body: bytes  # as sent; b"" when ``again`` draws it (never sent again: what ``again`` holds takes its place)
    size: int  # what the answers' byte budget counts of it: the body as sent, and 512 for the rest
    again: Callable[[], bytes] | None  # draws the body afresh (see ``RestResponse.again``)
    head: bool  # a HEAD: ``again`` is called for its draws, and nothing is sent
    home: str  # the site URL the request was made for (the handle remembers the last one)
    route_path: str
    query_string: str
    journal_headers: dict[str, str]  # the request's headers as the journal keeps them
    journal_size: int  # their names' and values' lengths, added up (the journal counts them with each entry)

    def __init__(
        self,
        handle: WcmockStore,
        store: Store,
        clock: Clock,
        changes: int,
        moves: int,
        second: int | None,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        again: Callable[[], bytes] | None,
        head: bool,
        home: str,
        route_path: str,
        query_string: str,
        journal_headers: dict[str, str],
    ) -> None:
        self.handle = handle
        self.store = store
        self.clock = clock
        self.changes = changes
        self.moves = moves
        self.second = second
        self.status = status
        self.headers = headers
        self.body = body if again is None else b""  # a page's ``again`` keeps its own bytes (``related.splicer``)
        self.size = len(body) + 512
        self.again = again
        self.head = head
        self.home = home
        self.route_path = route_path
        self.query_string = query_string
        self.journal_headers = journal_headers
        self.journal_size = sum(len(k) + len(v) for k, v in journal_headers.items())

    def current(self, hub: Hub) -> bool:
        """Still the store's answer: same store, nothing changed, the clock where it was, no fault armed."""
        handle, store, clock = self.handle, self.store, self.clock
        return (
            store.lock.changes == self.changes
            and clock.moves == self.moves
            and (self.second is None or clock.second() == self.second)
            and handle.store is store
            and store.clock is clock
            and not handle.faults.armed
            and not store.users.handed_out  # a record given out to change by assigning counts nothing
            and hub.find(handle.name) is handle
        )

    def body_now(self) -> bytes:
        """The body to send: the kept one, or one drawn afresh."""
        if self.again is None:
            return self.body
        body = self.again()
        return b"" if self.head else body


class Answers:
    """The kept answers of one app (every store it serves), bounded in count and bytes, oldest out first.

    A store's answers are all of one moment (one change count): keeping an answer made after a
    change drops the store's older ones, and ``forget`` drops them after a request that may have
    changed it, so what a deleted record's answers held goes with it, as its renderings do.
    """

    def __init__(self, *, entries: int | None = None, max_bytes: int | None = None) -> None:
        self._entries = entries or ENTRY_LIMIT
        self._max_bytes = max_bytes or BYTE_LIMIT
        self._kept: dict[Key, Kept] = {}
        self._by_store: dict[Store, tuple[int, dict[Key, None]]] = {}  # store: (its change count, its keys)
        self._bytes = 0
        self._lock = threading.Lock()  # in-process clients may serve the app from several threads at once

    def __len__(self) -> int:
        return len(self._kept)

    def find(self, key: Key, hub: Hub) -> Kept | None:
        """The answer kept for ``key`` if it is still the store's answer (a stale one is dropped)."""
        kept = self._kept.get(key)
        if kept is None:
            return None
        if kept.current(hub):
            return kept
        with self._lock:
            if self._kept.get(key) is kept:
                self._drop(key)
        return None

    def keep(self, key: Key, kept: Kept) -> None:
        if kept.size > self._max_bytes:
            return
        with self._lock:
            self._keep(key, kept, kept.size)

    def _keep(self, key: Key, kept: Kept, size: int) -> None:
        if key in self._kept:
            self._drop(key)
        changes, keys = self._by_store.get(kept.store, (kept.changes, {}))
        if changes != kept.changes:  # made before this one's moment: stale, all of them
            self._forget(kept.store)
            keys = {}
        while self._kept and (len(self._kept) >= self._entries or self._bytes + size > self._max_bytes):
            self._drop(next(iter(self._kept)))
        self._kept[key] = kept
        keys[key] = None
        self._by_store[kept.store] = (kept.changes, keys)
        self._bytes += size

    def forget(self, store: Store) -> None:
        """Drop every answer kept of ``store`` (it may have changed)."""
        if store in self._by_store:
            with self._lock:
                self._forget(store)

    def _forget(self, store: Store) -> None:
        _, keys = self._by_store.pop(store, (0, {}))
        for key in keys:
            kept = self._kept.pop(key, None)
            if kept is not None:
                self._bytes -= kept.size

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._by_store.clear()
            self._bytes = 0

    def _drop(self, key: Key) -> None:
        kept = self._kept.pop(key)
        self._bytes -= kept.size
        _, keys = self._by_store.get(kept.store, (0, {}))
        keys.pop(key, None)
        if not keys:  # nothing kept of it: not even the store (a dropped one must be freed)
            self._by_store.pop(kept.store, None)


def record(journal: Journal, kept: Kept, method: str, started: float, body: bytes) -> None:
    """The journal's entry for a request answered from memory: as the full path records it. A big
    answer is not cut (a copy of 64 KB a request): the journal holds it by reference (``shared``)."""
    duration_ms = (time.perf_counter() - started) * 1000
    headers = kept.journal_headers  # shared: the journal copies it when it makes an entry of the row
    found = shared(kept, body) if len(body) > BODY_LIMIT else None
    if found is not None:
        made, source, size = found
        path, query, status = kept.route_path, kept.query_string, kept.status
        journal.add_shared(method, path, query, headers, status, made, source, size, duration_ms, kept.journal_size)
        return
    journal.add(
        method,
        kept.route_path,
        kept.query_string,
        headers,
        b"",
        kept.status,
        body,
        duration_ms,
        None,
        kept.journal_size,
    )


def shared(kept: Kept, body: bytes) -> tuple[Made, object, int] | None:
    """How the journal may hold ``body`` by reference: the kept bytes themselves (one object, however
    often given), or what makes a page drawn afresh again (``Remade``), with what that holds and
    its size; None when neither (another draw came between: the journal cuts a copy)."""
    again = kept.again
    if again is None:
        return body, body, len(body)
    remade = getattr(again, "remade", None)
    made = remade(body) if remade is not None else None
    return None if made is None else (made, again, cast(Remade, again).held)
