"""The request journal: what clients sent and what they got, with secrets masked, bounded in size.

Tests assert on it the way WireMock users verify requests; a failed assertion shows the closest
requests with a field-level difference instead of a wall of JSON. Ids count from 1 again after
every clear (so from 1 in every test). A query parameter sent several times (the official clients
send each one twice over http://, OAuth signs a copy) matches an expected single value when every
value sent agrees with it; a list matches the values sent, in order.

Bounded three ways: bodies are kept up to ``BODY_LIMIT``, each header value up to ``HEADER_LIMIT``
(``HEADERS_LIMIT`` for all of an entry's), and the journal keeps its last ``limit`` entries within
``max_bytes``, dropping the oldest. Whatever it keeps reads back: a body too deep to decode is
shown as text.

An answer kept elsewhere (a kept answer's bytes, or a page's plan and the draws that make its bytes
again: ``add_shared``) is held by reference, not cut, while its entry is unread: cutting 64 KB of
a big answer for every request wrote ~30 MB of copies round and round, most of what giving a page
again cost. The journal's count is what it holds: each such source once, however many entries
hold it, and each entry's own bytes; an entry's answer is made and cut when it is first read.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

from wcmock.patterns import LazyPattern
from wcmock.records import Record
from wcmock.rest.wire import has_lone_surrogate

MASK = "***"
SECRET_HEADERS = ("authorization", "cookie", "x-wp-nonce")
SECRET_QUERY = ("consumer_secret", "oauth_signature", "password")
SECRET_BODY = ("password", "consumer_secret", "secret")
BODY_LIMIT = 64 * 1024
HEADER_LIMIT = 1024
HEADERS_LIMIT = 16 * 1024
MAX_DECODED_DEPTH = 512  # deeper JSON is shown as text: decoding and re-encoding it would recurse
CUT = "…"
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9-]*)\s+\S")  # "Basic <token>": the scheme may stay


def mask_authorization(value: str) -> str:
    """``Basic ***``: the scheme stays when one is plainly there, everything after it never does."""
    scheme = _SCHEME.match(value)
    return f"{scheme.group(1)} {MASK}" if scheme else MASK


def _secret_name(key: str) -> bool:
    """``password``, ``secret``…, also inside brackets (``meta_data[0][password]``)."""
    return key.rstrip("]").rpartition("[")[2] in SECRET_QUERY + SECRET_BODY


def mask_key(value: str) -> str:
    """``ck_0123…`` keeps its prefix and last four characters, enough to tell keys apart."""
    return value[:3] + MASK + value[-4:] if len(value) > 10 else MASK


def _masked_query(query_string: str, secrets: tuple[str, ...] = SECRET_QUERY) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key in secrets or _secret_name(key):
            value = MASK
        elif key in ("consumer_key", "oauth_consumer_key"):
            value = mask_key(value)
        out[key] = value if key not in out else [*_as_list(out[key]), value]
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def query_value_agrees(expected: Any, sent: list[str]) -> bool:
    """The one rule for matching a query parameter (faults and assertions share it).

    A list is compared with the values sent, in order; a single value matches when the parameter
    was sent and every value sent equals it (as text: ``2`` matches ``"2"``)."""
    if isinstance(expected, list):
        return [_text(v) for v in expected] == [str(v) for v in sent]
    return bool(sent) and all(str(v) == _text(expected) for v in sent)


_NAMES = "|".join(SECRET_QUERY + SECRET_BODY)
_SECRET_IN_TEXT = LazyPattern(
    rf"""(?P<json>"(?:{_NAMES})"\s*:\s*)"(?:[^"\\]|\\.)*"?|(?P<form>(?:^|[&;])(?:{_NAMES})=)[^&;]*"""
)


def _masked_text(text: str) -> str:
    """Secrets masked in a body that is neither valid JSON nor a declared form (both shapes are tried)."""
    return _SECRET_IN_TEXT.sub(
        lambda m: (m.group("json") + f'"{MASK}"') if m.group("json") else (m.group("form") + MASK), text
    )


def _masked_body(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: MASK if k in SECRET_BODY else _masked_body(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_body(v) for v in value]
    return value


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw[:BODY_LIMIT].decode("utf-8", "replace")
    if text.count("[") + text.count("{") > MAX_DECODED_DEPTH and _depth(text) > MAX_DECODED_DEPTH:
        return text
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return text
    return text if has_lone_surrogate(parsed, raw) else parsed  # refused as JSON, kept readable as text


def _depth(text: str) -> int:
    """How deep brackets nest in ``text`` (strings ignored): a cheap look before ``json.loads``."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), in_string and (escaped or char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def kept_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers as the journal keeps them: secrets masked, each value cut, all of them within a budget."""
    kept: dict[str, str] = {}
    budget = HEADERS_LIMIT
    for name, value in headers.items():
        if name in SECRET_HEADERS:
            value = mask_authorization(value) if name == "authorization" else MASK
        elif len(value) > HEADER_LIMIT:
            value = value[:HEADER_LIMIT] + CUT
        budget -= len(name) + len(value)
        if budget < 0:
            kept["x-wcmock-cut"] = f"{len(headers) - len(kept)} more headers not kept"
            break
        kept[name] = value
    return kept


@dataclass(slots=True, repr=False, eq=False)
class JournalEntry(Record):
    """One exchange. Bodies are decoded (and masked) only when read.

    ``path`` is the route path after ``/wp-json`` (``/wc/v3/customers``), ``query`` the query
    parameters (a list for one sent several times), ``json`` the request body, ``response`` the
    answer's body, ``fault`` the action of the fault that decided it, if one did.
    """

    id: int
    method: str
    path: str
    query_string: str = field(repr=False)  # raw (secrets included): read ``query``, which masks them
    headers: dict[str, str]
    request_bytes: bytes = field(repr=False)  # raw: read ``json``, which masks secrets
    status: int
    response_bytes: bytes
    duration_ms: float
    fault: str | None = None
    size: int = field(default=0, repr=False, compare=False)  # roughly what it holds: the journal's budget counts it

    def __post_init__(self) -> None:
        if not self.size:  # else given by who counted the headers already (``Journal.record``)
            headers = sum(len(k) + len(v) for k, v in self.headers.items())
            self.size = entry_size(self.path, self.query_string, headers, self.request_bytes, self.response_bytes)

    def __repr__(self) -> str:
        query = "&".join(f"{k}={v}" for k, value in self.query.items() for v in _as_list(value))
        shown = f"<JournalEntry #{self.id} {self.method} {self.path}{'?' + query if query else ''} -> {self.status}"
        if self.fault:
            shown += f" (fault: {self.fault})"
        if self.request_bytes:
            shown += f" sent {_short(self.json)}"
        return shown + (f" got {_short(self.response, 40)}" if self.response_bytes else "") + ">"

    @property
    def query(self) -> dict[str, Any]:
        """The query parameters, secrets masked; one sent several times is a list of its values."""
        return _masked_query(self.query_string)

    @property
    def json(self) -> Any:
        """The request body: JSON or a form decoded, secrets masked; text when it is neither."""
        if self.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            form = self.request_bytes[:BODY_LIMIT].decode("utf-8", "replace")  # e.g. OAuth or a webhook secret
            return _masked_query(form, SECRET_QUERY + SECRET_BODY)
        body = _decode(self.request_bytes)
        if isinstance(body, str):  # not JSON: broken JSON, or a form without its Content-Type
            return _masked_text(body)
        return _masked_body(body)

    @property
    def response(self) -> Any:
        """The answer's body, decoded from JSON (text when it is not JSON)."""
        return _decode(self.response_bytes)

    def as_dict(self) -> dict[str, Any]:
        """The entry as ``GET /__wcmock__/journal`` shows it."""
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.json,
            "status": self.status,
            "response": self.response,
            "duration_ms": round(self.duration_ms, 3),
            "fault": self.fault,
        }


HELD = 1024  # an entry's own bytes for an answer held by reference (what makes it again: a page's draws)
Made = bytes | Callable[[], bytes]  # an answer held by reference: the source's bytes, or what makes them again


ENTRY_OVERHEAD = 200  # an entry's own bytes, roughly, beside what it holds


def entry_size(path: str, query_string: str, headers_size: int, body: bytes, response: bytes) -> int:
    """What an entry holds, roughly (the journal's budget counts it): ``headers_size`` is its headers'."""
    return ENTRY_OVERHEAD + len(path) + len(query_string) + headers_size + len(body) + len(response)


@dataclass(repr=False, eq=False)
class Journal(Record):
    """The last ``limit`` exchanges of one store, within ``max_bytes``."""

    limit: int = 1000
    max_bytes: int = 32 * 1024 * 1024
    # entries, and rows of them not yet read (``add``): a tuple of a JournalEntry's fields in order
    _entries: deque[JournalEntry | tuple[Any, ...]] = field(init=False)
    _ids: Iterator[int] = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _bytes: int = field(init=False, default=0)
    _rows: bool = field(init=False, default=False)  # whether ``_entries`` holds a row
    # what rows' answers are held in (``add_shared``): {id: [source, its size, rows holding it]}
    _sources: dict[int, list[Any]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._entries = deque()
        self._ids = itertools.count(1)

    def record(
        self,
        *,
        method: str,
        path: str,
        query_string: str,
        headers: dict[str, str],
        body: bytes,
        status: int,
        response: bytes,
        duration_ms: float,
        fault: str | None = None,
        masked: bool = False,
        headers_size: int | None = None,
    ) -> None:
        """One exchange. ``masked``: ``headers`` are already as ``kept_headers`` keeps them, in a
        dict the journal holds as it is, shared, until it makes the entry its own copy (the app reads
        a client's header set once and hands every request of it the same dict: ``RequestHeaders``);
        ``headers_size``: their lengths, names and values, added up (counted with them)."""
        kept = headers if masked else kept_headers(headers)
        if headers_size is None:
            headers_size = sum(len(k) + len(v) for k, v in kept.items())
        self.add(method, path, query_string, kept, body, status, response, duration_ms, fault, headers_size)

    def add(
        self,
        method: str,
        path: str,
        query_string: str,
        headers: dict[str, str],
        body: bytes,
        status: int,
        response: bytes,
        duration_ms: float,
        fault: str | None,
        headers_size: int,
    ) -> None:
        """``record`` for a caller holding the headers as ``kept_headers`` keeps them (a dict the
        journal holds shared, copied when the entry is made) and their size: the app, once per
        request. Positional, and the entry is kept as a row, made a :class:`JournalEntry` when the
        journal is first read after it (``entries``): most entries are never read, and a
        dataclass's ``__init__`` with eleven fields is most of what recording one cost."""
        query_string, body, response = query_string[:BODY_LIMIT], body[:BODY_LIMIT], response[:BODY_LIMIT]
        # ``entry_size``, written out: every request is recorded here
        size = ENTRY_OVERHEAD + len(path) + len(query_string) + headers_size + len(body) + len(response)
        lock = self._lock
        lock.acquire()  # not ``with``: its two method calls cost as much as the rest of this
        try:
            number = next(self._ids)
            row = (number, method, path, query_string, headers, body, status, response, duration_ms, fault, size)
            self._append(row, size)
        finally:
            lock.release()

    def add_shared(
        self,
        method: str,
        path: str,
        query_string: str,
        headers: dict[str, str],
        status: int,
        response: Made,
        source: object,
        source_size: int,
        duration_ms: float,
        headers_size: int,
    ) -> None:
        """``add`` for an answer to a bodiless request that is kept in ``source`` (``source_size``
        bytes), held by reference: ``response`` is the source's bytes, or makes them again when the
        entry is first read (then cut, as ``add`` cuts). The source is counted once while any entry
        holds it (a kept answer's, given again and again, is one object)."""
        query_string = query_string[:BODY_LIMIT]
        size = entry_size(path, query_string, headers_size, b"", b"") + HELD
        lock = self._lock
        lock.acquire()
        try:
            held = self._sources.get(id(source))
            if held is None:
                self._sources[id(source)] = [source, source_size, 1]
                self._bytes += source_size
            else:
                held[2] += 1
            row = (next(self._ids), method, path, query_string, headers, b"", status, response, duration_ms, None, size)
            self._append((*row, source), size)
        finally:
            lock.release()

    def _append(self, row: tuple[Any, ...], size: int) -> None:
        """``row`` (``size`` bytes) kept, the oldest dropped if that passes a limit. Under the lock:
        a read puts a new deque in ``_entries``' place."""
        entries = self._entries
        entries.append(row)
        self._rows = True
        self._bytes += size
        if len(entries) > self.limit or self._bytes > self.max_bytes:
            self._drop()

    def _drop(self) -> None:
        """The oldest entries out until the rest are within ``limit`` and ``max_bytes`` (one stays)."""
        entries = self._entries
        while len(entries) > self.limit or (self._bytes > self.max_bytes and len(entries) > 1):
            dropped = entries.popleft()
            if isinstance(dropped, tuple):
                self._bytes -= dropped[10]
                if len(dropped) > 11:
                    self._release(dropped[11])
            else:
                self._bytes -= dropped.size

    def _release(self, source: object) -> None:
        """One row fewer holds ``source``: counted no more when none does."""
        held = self._sources[id(source)]
        held[2] -= 1
        if not held[2]:
            del self._sources[id(source)]
            self._bytes -= held[1]

    def size_bytes(self) -> int:
        """What the kept entries hold, in bytes (at most ``max_bytes``, unless one entry is bigger)."""
        return self._bytes

    def entries(self) -> list[JournalEntry]:
        """The recorded exchanges, oldest first (a copy: the journal goes on recording)."""
        with self._lock:
            if self._rows:  # rows recorded since the last read: made entries once, kept as such
                self._made()
            return cast(list[JournalEntry], list(self._entries))  # no row is left

    def _made(self) -> None:
        """Every row made an entry (under the lock), newest first, while they fit in ``max_bytes``: an
        answer held by reference is cut now, and counted so, and older entries that no longer fit
        go, as they would have gone had it been cut when recorded. No row is left, nor a source."""
        made: deque[JournalEntry | tuple[Any, ...]] = deque()
        total = 0
        for kept in reversed(self._entries):
            entry = self._entry(kept) if isinstance(kept, tuple) else kept
            if made and total + entry.size > self.max_bytes:
                break
            made.appendleft(entry)
            total += entry.size
        self._entries, self._bytes, self._rows = made, total, False
        self._sources.clear()

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> JournalEntry:
        """A row's entry; an answer held by reference made and cut, and now the entry's own."""
        number, method, path, query, headers, body, status, response, duration_ms, fault, size = row[:11]
        if len(row) > 11:
            response = (response if isinstance(response, bytes) else response())[:BODY_LIMIT]
            size += len(response) - HELD
        # rows share the header dict a client's set was read into: an entry has its own copy
        headers = dict(headers)
        return JournalEntry(number, method, path, query, headers, body, status, response, duration_ms, fault, size)

    def clear(self) -> None:
        """Forget every exchange; ids count from 1 again."""
        with self._lock:
            self._entries.clear()
            self._ids = itertools.count(1)
            self._bytes = 0
            self._rows = False
            self._sources.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries())

    # ------------------------------------------------------------------ verification

    def find(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        query: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> list[JournalEntry]:
        """The exchanges that match (see :meth:`assert_requested` for how)."""
        path, query = _target(path, query)
        return [e for e in self.entries() if not _mismatches(e, method, path, json, query, status)]

    def assert_requested(
        self,
        method: str,
        path: str,
        *,
        times: int | None = None,
        json: Any = None,
        query: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> list[JournalEntry]:
        """Fail unless ``method path`` was requested (``times`` times exactly, when given); return the matches.

        ``path`` is the path after ``/wp-json`` (``/wc/v3/customers``; a regular expression such as
        ``/wc/v3/customers/\\d+`` also works) or a full URL, whose query string joins ``query``.
        ``json`` and ``query`` match subsets (the keys given, nested objects likewise), ``status``
        the answer's status. A failure shows the closest requests and how each differs.
        """
        __tracebackhide__ = True
        path, query = _target(path, query)
        found = self.find(method, path, json=json, query=query, status=status)
        if (times is None and not found) or (times is not None and len(found) != times):
            wanted = "at least once" if times is None else f"{times} time{'s' if times != 1 else ''}"
            raise AssertionError(
                f"expected {method.upper()} {_norm_path(path)} {wanted}, it was requested {len(found)} "
                f"time{'s' if len(found) != 1 else ''}"
                + _prefix_hint(path)
                + self._near_misses(method, path, json, query, status)
            )
        return found

    def assert_not_requested(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        query: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        """Fail if ``method path`` (with these subsets and status) was requested, listing what was."""
        __tracebackhide__ = True
        path, query = _target(path, query)
        found = self.find(method, path, json=json, query=query, status=status)
        if found:
            shown = "\n".join(f"  #{e.id} {e.method} {e.path} -> {e.status}" for e in found[:5])
            raise AssertionError(f"expected no {method.upper()} {_norm_path(path)}, found {len(found)}:\n{shown}")

    def _near_misses(self, method: str, path: str, body: Any, query: Any, status: int | None) -> str:
        scored = sorted(
            ((len(m), e, m) for e in self.entries() if (m := _mismatches(e, method, path, body, query, status))),
            key=lambda item: (item[0], -item[1].id),
        )
        if not scored:
            return " (the journal is empty)" if not len(self) else ""
        lines = ["", "closest requests:"]
        for _, entry, mismatches in scored[:3]:
            lines.append(f"  #{entry.id} {entry.method} {entry.path} -> {entry.status}")
            lines += [f"      {m}" for m in mismatches[:6]]
        return "\n".join(lines)


def _norm_path(path: str) -> str:
    path = "/" + path.strip("/")
    return path.removeprefix("/wp-json") or "/"


_QUERY_IN_PATH = LazyPattern(r"\?(?=[\w\[\]]+=)")


def _target(path: str, query: dict[str, Any] | None) -> tuple[str, dict[str, Any] | None]:
    """A full URL (``wcmock.api_url() + "/customers?page=2"``) or a path with a query string, split
    into the path after ``/wp-json`` and the query to expect (the ``query`` given wins)."""
    if "://" not in path and not _QUERY_IN_PATH.search(path):
        return path, query
    parts = urlsplit(path) if "://" in path else urlsplit("http://x" + _QUERY_IN_PATH.sub("?", path, count=1))
    route = re.sub(r"^/stores/[^/]+(?=/wp-json)", "", parts.path)
    from_url: dict[str, Any] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        from_url[name] = value if name not in from_url else [*_as_list(from_url[name]), value]
    return route, ({**from_url, **(query or {})} or None)


def _prefix_hint(path: str) -> str:
    first = _norm_path(path).split("/")[1]
    if first in ("", "wc", "wp", "oembed") or not first.isidentifier():
        return ""
    return " (paths start after /wp-json, e.g. /wc/v3/customers)"


def _mismatches(entry: JournalEntry, method: str, path: str, body: Any, query: Any, status: int | None) -> list[str]:
    out = []
    if entry.method != method.upper():
        out.append(f"method: {entry.method} != expected {method.upper()}")
    wanted = _norm_path(path)
    if _norm_path(entry.path) != wanted and not re.fullmatch(wanted, _norm_path(entry.path)):
        out.append(f"path: {entry.path} != expected {wanted}")
    if status is not None and entry.status != status:
        out.append(f"status: {entry.status} != expected {status}")
    if query:
        sent = entry.query
        for name, value in query.items():
            if name not in sent:
                out.append(f"query.{name}: missing (expected {_short(value)})")
            elif not query_value_agrees(value, [str(v) for v in _as_list(sent[name])]):
                out.append(f"query.{name}: {_short(sent[name])} != expected {_short(value)}")
    if body is not None:
        out += _subset_diff(body, entry.json, "$")
    return out


def _subset_diff(expected: Any, actual: Any, where: str) -> list[str]:
    """Where ``actual`` fails to contain ``expected`` (objects compared by the expected keys only)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: {_short(actual)} is not an object"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{where}.{key}: missing (expected {_short(value)})")
            else:
                out += _subset_diff(value, actual[key], f"{where}.{key}")
        return out
    if expected != actual and str(expected) != str(actual):
        return [f"{where}: {_short(actual)} != expected {_short(expected)}"]
    return []


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
