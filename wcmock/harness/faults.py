"""Faults: rules that make a store misbehave the way real ones do, so clients' retries get tested.

A rule matches by method, path (a regular expression searched in the path after ``/wp-json``) and
API version, and fires always, for the first ``times`` matching calls, on every ``every``-th one,
or with a ``probability`` drawn from its own seeded generator. What it does:

- ``error``: answer with a WooCommerce/WordPress error (``code``, ``message``, ``status``);
- ``status``: answer 429 or 503 (or any status) with ``Retry-After``;
- ``latency``: wait ``latency_ms`` before answering normally (``latency_ms`` also delays any other action);
- ``drop``: drop the connection before any answer, as a crashed PHP worker does (after the headers
  where the server is not uvicorn, e.g. Starlette's TestClient);
- ``truncate``: send only the first half of the real body, then close;
- ``html_notice``: put a PHP warning in HTML before the real JSON body.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

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


class FaultError(ValueError):
    """A fault rule that cannot be built; the message says which field is wrong."""


@dataclass
class Fault:
    action: str
    method: str | None = None
    path: str | None = None
    version: str | None = None
    status: int | None = None
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    latency_ms: float = 0.0
    times: int | None = None
    every: int | None = None
    probability: float | None = None
    seed: int = 0
    id: int = field(default_factory=lambda: next(_IDS))
    matched: int = 0
    fired: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._check_types()
        if self.action not in ACTIONS:
            raise FaultError(f"action: {self.action!r} is not one of {', '.join(ACTIONS)}")
        if self.path is not None:
            try:
                re.compile(self.path)
            except re.error as error:
                raise FaultError(f"path: not a regular expression ({error})") from None
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
        whole = {"status": (200, 599), "retry_after": (0, 86_400), "times": (0, None), "every": (1, None)}
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

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method != method.upper():
            return False
        if self.version and not path.startswith(f"/wc/{self.version}/") and path != f"/wc/{self.version}":
            return False
        return self.path is None or re.search(self.path, path) is not None

    def fires(self) -> bool:
        """Count one matching call and say whether this one is hit (called under the set's lock)."""
        self.matched += 1
        if self.times is not None and self.matched > self.times:
            return False
        if self.every is not None and self.matched % self.every:
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
        data = asdict(self)
        data.pop("_random", None)
        return data


class FaultSet:
    """The active rules of one store; the first rule that matches and fires decides."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, **spec: Any) -> Fault:
        try:
            fault = Fault(**spec)
        except TypeError as error:
            raise FaultError(str(error)) from None
        with self._lock:
            self._faults.append(fault)
        return fault

    def list(self) -> list[Fault]:
        return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pick(self, method: str, path: str) -> Fault | None:
        if not self._faults:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path) and fault.fires():
                    return fault
        return None
