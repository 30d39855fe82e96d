"""The request journal: what clients sent and what they got, with secrets masked, bounded in size.

Tests assert on it the way WireMock users verify requests; a failed assertion shows the closest
requests with a field-level difference instead of a wall of JSON.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

MASK = "***"
SECRET_HEADERS = ("authorization", "cookie", "x-wp-nonce")
SECRET_QUERY = ("consumer_secret", "oauth_signature", "password")
SECRET_BODY = ("password", "consumer_secret", "secret")
BODY_LIMIT = 64 * 1024


def mask_key(value: str) -> str:
    """``ck_0123…`` keeps its prefix and last four characters, enough to tell keys apart."""
    return value[:3] + MASK + value[-4:] if len(value) > 10 else MASK


def _masked_query(query_string: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key in SECRET_QUERY:
            value = MASK
        elif key in ("consumer_key", "oauth_consumer_key"):
            value = mask_key(value)
        out[key] = value if key not in out else [*_as_list(out[key]), value]
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


_NAMES = "|".join(SECRET_QUERY + SECRET_BODY)
_SECRET_IN_TEXT = re.compile(
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
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(slots=True)
class JournalEntry:
    """One exchange. Bodies are decoded (and masked) only when read."""

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

    @property
    def query(self) -> dict[str, Any]:
        return _masked_query(self.query_string)

    @property
    def json(self) -> Any:
        if self.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return _masked_query(self.request_bytes[:BODY_LIMIT].decode("utf-8", "replace"))  # e.g. OAuth in a form
        body = _decode(self.request_bytes)
        if isinstance(body, str):  # not JSON: broken JSON, or a form without its Content-Type
            return _masked_text(body)
        return _masked_body(body)

    @property
    def response(self) -> Any:
        return _decode(self.response_bytes)

    def as_dict(self) -> dict[str, Any]:
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


@dataclass
class Journal:
    """The last ``limit`` exchanges of one store."""

    limit: int = 1000
    _entries: deque[JournalEntry] = field(init=False)
    _ids: Iterator[int] = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._entries = deque(maxlen=self.limit)
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
    ) -> None:
        masked = dict(headers)
        for name in SECRET_HEADERS:
            if name in masked:
                masked[name] = masked[name].split(" ", 1)[0] + " " + MASK
        with self._lock:
            self._entries.append(
                JournalEntry(
                    next(self._ids),
                    method,
                    path,
                    query_string,
                    masked,
                    body[:BODY_LIMIT],
                    status,
                    response[:BODY_LIMIT],
                    duration_ms,
                    fault,
                )
            )

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

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
        """Fail unless ``method path`` (with the given JSON subset, query subset and status) was requested."""
        found = self.find(method, path, json=json, query=query, status=status)
        if (times is None and not found) or (times is not None and len(found) != times):
            wanted = "at least once" if times is None else f"{times} time{'s' if times != 1 else ''}"
            raise AssertionError(
                f"expected {method.upper()} {_norm_path(path)} {wanted}, it was requested {len(found)} "
                f"time{'s' if len(found) != 1 else ''}" + self._near_misses(method, path, json, query, status)
            )
        return found

    def assert_not_requested(
        self, method: str, path: str, *, json: Any = None, query: dict[str, Any] | None = None
    ) -> None:
        found = self.find(method, path, json=json, query=query)
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
        out += _subset_diff(query, entry.query, "query")
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


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
