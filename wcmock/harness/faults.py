"""Faults: rules that make a store misbehave the way real ones do, so clients' retries get tested.

A rule matches by method, path (a regular expression searched in the path after ``/wp-json``, the
query string not included), API version and ``query`` (a subset of the request's query parameters,
as pytest-httpserver and responses match them: ``{"page": "2"}`` matches ``?page=2&per_page=10``; a
parameter sent several times matches when every value sent agrees). It skips the first ``after``
matching calls, then fires always, for the first ``times`` calls, on every ``every``-th one, or with
a ``probability`` drawn from its own seeded generator. What it does:

- ``error``: answer with a WooCommerce/WordPress error (``code``, ``message``, ``status``);
- ``status``: answer 429 or 503 (or any status) with ``Retry-After``;
- ``latency``: wait ``latency_ms`` before answering normally (``latency_ms`` also delays any other action);
- ``drop``: drop the connection before any answer, as a crashed PHP worker does (after the headers
  where the server is not uvicorn, e.g. Starlette's TestClient);
- ``truncate``: send only the first half of the real body, then close;
- ``html_notice``: put a PHP warning in HTML before the real JSON body.

A path pattern is matched under a time budget (:data:`MATCH_BUDGET_S`): clients choose the paths,
and a pattern like ``(a+)+$`` would otherwise backtrack for hours on ``/aaaa…!``, freezing the
server. A match that runs out of time counts as no match, and is logged once per rule.
"""

from __future__ import annotations

import builtins
import itertools
import logging
import random
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl

from wcmock.harness.journal import query_value_agrees
from wcmock.patterns import LazyPattern
from wcmock.records import Record

if TYPE_CHECKING:  # imported by the first path pattern: most servers never arm one (~10 ms at start-up)
    import regex

ACTIONS = ("error", "status", "latency", "drop", "truncate", "html_notice")
STATUS_ERRORS = {
    429: ("woocommerce_rest_too_many_requests", "Too many requests. Please wait and try again."),
    503: ("service_unavailable", "The service is temporarily unavailable. Please try again later."),
}
HTML_NOTICE = (
    b'<br />\n<b>Warning</b>:  Undefined array key "billing" in '
    b"<b>/var/www/html/wp-content/plugins/woocommerce/includes/class-wc-customer.php</b> on line <b>1204</b><br />\n"
)
_IDS = itertools.count(1)
MATCH_BUDGET_S = 0.05
log = logging.getLogger("wcmock")


class FaultError(ValueError):
    """A fault rule that cannot be built; the message says which field is wrong."""


class UnfiredFaultWarning(UserWarning):
    """A fault armed in a test never fired: the test did not exercise what it meant to."""


_QUERY_IN_PATH = LazyPattern(r"\\?\?([\w\[\]]+=.*)$")


@dataclass(repr=False, eq=False)
class Fault(Record):
    action: str
    method: str | None = None
    path: str | None = None
    version: str | None = None
    query: dict[str, Any] | None = None
    status: int | None = None
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    latency_ms: float = 0.0
    times: int | None = None
    every: int | None = None
    after: int = 0
    probability: float | None = None
    seed: int = 0
    id: int = field(init=False, default_factory=lambda: next(_IDS))
    matched: int = field(init=False, default=0)
    fired: int = field(init=False, default=0)
    _random: random.Random = field(init=False, repr=False)
    _pattern: regex.Pattern[str] | None = field(init=False, repr=False, default=None)
    _timed_out: bool = field(init=False, repr=False, default=False)

    def __post_init__(self) -> None:
        self._check_types()
        if self.action not in ACTIONS:
            raise FaultError(f"action: {self.action!r} is not one of {', '.join(ACTIONS)}")
        if self.path is not None:
            self._pattern = _check_path(self.path)
        if self.action == "status" and self.status is None:
            self.status = 503
        if self.action == "error" and self.status is None:
            self.status = 500
        self.method = self.method.upper() if self.method else None
        self._random = random.Random(self.seed)

    def _check_types(self) -> None:
        """Refuse here what would break the answer later: JSON gives any type, HTTP wants these."""
        for name in ("method", "path", "version", "code", "message"):
            if getattr(self, name) is not None and not isinstance(getattr(self, name), str):
                raise FaultError(f"{name}: must be a string")
        _check_query(self.query)
        whole = {
            "status": (200, 599),
            "retry_after": (0, 86_400),
            "times": (0, None),
            "every": (1, None),
            "after": (0, None),
        }
        for name, (low, high) in whole.items():
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < low or (high and value > high):
                raise FaultError(f"{name}: must be a whole number from {low}" + (f" to {high}" if high else " up"))
        for name, high in (("latency_ms", 600_000), ("probability", 1)):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise FaultError(f"{name}: must be a number")
            if value is not None and not 0 <= value <= high:
                raise FaultError(f"{name}: must be between 0 and {high}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise FaultError("seed: must be a whole number")

    def matches(self, method: str, path: str, query: Mapping[str, list[str]] | None = None) -> bool:
        """Whether a request is one this rule is about; ``query`` is the parsed query string."""
        if self.method and self.method != method.upper():
            return False
        if self.version and not path.startswith(f"/wc/{self.version}/") and path != f"/wc/{self.version}":
            return False
        if self.query:
            sent = query or {}
            if not all(name in sent and query_value_agrees(value, sent[name]) for name, value in self.query.items()):
                return False
        if self._pattern is None:
            return True
        try:
            return self._pattern.search(path, timeout=MATCH_BUDGET_S) is not None
        except TimeoutError:
            if not self._timed_out:
                self._timed_out = True
                log.warning(
                    "wcmock: fault %s: path %r took too long to match %r; counted as no match",
                    self.id,
                    self.path,
                    path[:80],
                )
            return False

    def fires(self) -> bool:
        """Count one matching call and say whether this one is hit (called under the set's lock)."""
        self.matched += 1
        counted = self.matched - self.after  # the first ``after`` matching calls pass untouched
        if counted <= 0:
            return False
        if self.times is not None and counted > self.times:
            return False
        if self.every is not None and counted % self.every:
            return False
        if self.probability is not None and self._random.random() >= self.probability:
            return False
        self.fired += 1
        return True

    def error_body(self) -> dict[str, Any]:
        status = self.status or 500
        code, message = STATUS_ERRORS.get(status, ("internal_server_error", "There has been a critical error."))
        return {"code": self.code or code, "message": self.message or message, "data": {"status": status}}

    def as_dict(self) -> dict[str, Any]:
        """The rule as the control API lists it (``GET /__wcmock__/faults``), with its counters."""
        data = asdict(self)
        for private in ("_random", "_pattern", "_timed_out"):
            data.pop(private, None)
        return data

    def describe(self) -> str:
        """What the rule does and what it matches, in a few words: ``status 503, query {'page': '2'}``."""
        words = [f"{self.action} {self.status}" if self.action in ("error", "status") else self.action]
        for name in ("method", "path", "version", "query", "after", "times", "every", "probability"):
            value = getattr(self, name)
            if value not in (None, 0) or (name == "times" and value == 0):
                words.append(f"{name} {value}")
        return ", ".join(words)

    def __repr__(self) -> str:
        return f"<Fault #{self.id} {self.describe()}: matched {self.matched}, fired {self.fired}>"


VALID_FIELDS = tuple(f.name for f in fields(Fault) if f.init)


def _check_path(path: str) -> regex.Pattern[str]:
    import regex  # the module that has match time budgets

    try:
        pattern = regex.compile(path)
    except (regex.error, ValueError, OverflowError) as error:
        raise FaultError(f"path: not a regular expression ({error})") from None
    found = _QUERY_IN_PATH.search(path)
    if found:
        query = dict(parse_qsl(found.group(1), keep_blank_values=True))
        bare = path[: found.start()]
        raise FaultError(
            f"path: {path!r} is matched against the path alone, never the query string; "
            f"say path={bare!r}, query={query!r}"
        )
    return pattern


def _check_query(query: Any) -> None:
    if query is None:
        return
    if not isinstance(query, dict):
        raise FaultError("query: must be an object of query parameters, e.g. {'page': '2'}")
    for name, value in query.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            raise FaultError(f"query.{name}: must be a string, a number or a list of them")


def build(spec: Any) -> Fault:
    """A rule from its JSON-style spec (the fields of :class:`Fault`), or a ``FaultError`` naming
    what is wrong; an unknown field is refused with the valid ones."""
    if not isinstance(spec, dict):
        raise FaultError("a fault must be an object")
    for name in spec:
        if name not in VALID_FIELDS:
            import difflib  # a misspelt field's suggestion: no start-up needs it

            close = difflib.get_close_matches(name, VALID_FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise FaultError(f"unknown field {name!r}{hint}; valid: {', '.join(VALID_FIELDS)}")
    try:
        return Fault(**spec)
    except TypeError as error:  # a missing action
        raise FaultError(str(error).replace("Fault.__init__() ", "")) from None


class FaultSet:
    """The active rules of one store; the first rule that matches and fires decides."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, **spec: Any) -> Fault:
        """Arm a rule (the fields of :class:`Fault`); an unknown field is refused with the valid ones."""
        return self.arm(build(spec))

    def arm(self, fault: Fault) -> Fault:
        """Add a rule already built (``build``): a fixture's faults are all checked before any is armed."""
        with self._lock:
            self._faults.append(fault)
        return fault

    @property
    def armed(self) -> bool:
        """Whether any rule is armed: with none, no request needs a look (nor its query parsed)."""
        return bool(self._faults)

    def list(self) -> list[Fault]:
        """The armed rules, in the order they are tried."""
        return list(self._faults)

    def clear(self) -> None:
        """Disarm every rule."""
        with self._lock:
            self._faults.clear()

    def unfired(self, since: set[int] | frozenset[int] = frozenset()) -> builtins.list[Fault]:
        """Rules that never fired, leaving out those whose id is in ``since`` (say, armed by the fixture)."""
        return [fault for fault in self.list() if not fault.fired and fault.id not in since]

    def pick(self, method: str, path: str, query_string: str = "") -> Fault | None:
        """The rule that decides this request, counting the call on every rule it matches before."""
        if not self._faults:
            return None
        query = parse_qs(query_string, keep_blank_values=True) if query_string else {}
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path, query) and fault.fires():
                    return fault
        return None
