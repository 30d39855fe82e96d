"""The store's clock: real time by default; a test can freeze it, set it and move it forward.

Dates a store writes (``date_created``, ``date_modified``) and the OAuth timestamp window both read
this clock, so a frozen clock makes every answer reproducible.

The clock stays between :data:`EARLIEST` and :data:`LATEST`: WordPress keeps dates in MySQL
``DATETIME`` columns (years 1000 to 9999) both in the site's timezone and in GMT, so the clock keeps a
day's margin for any timezone, and a month at the end so a running clock does not walk out. A move
beyond is refused before anything changes.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

EARLIEST = datetime(1000, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 1, tzinfo=UTC)


class ClockError(ValueError):
    """A move that would take the clock out of its range, or a moment that is not one."""


class Clock:
    """``now()`` is real time plus an offset, or a fixed instant while frozen. ``moves`` counts the
    moves (set, advance, freeze, ...) and ``reads`` the readings, so whatever was worked out can tell
    whether it read the time at all, and whether the time it read is old."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None
        self.moves = 0
        self.reads = 0  # how often the time was read: an answer made without reading it holds at any time
        self._kept: tuple[float, float, datetime] = (0.0, 0.0, EARLIEST)  # see ``now_second``

    def second(self) -> int:
        """The Unix second ``now()`` is in (WordPress's dates go no finer)."""
        return int(self.now().timestamp())

    def now(self) -> datetime:
        self.reads += 1
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        offset = self._offset
        return datetime.now(UTC) + offset if offset else datetime.now(UTC)  # most clocks were never moved

    def now_second(self) -> datetime:
        """``now()`` to the second, as WordPress stores dates. A clock never moved (most) reads real
        time as a number, and gives the second it gave last while it lasts: ``datetime.now`` is
        most of a write's clock read, and writes come many a second."""
        if self._frozen_at is None and not self._offset:
            now = time.time()  # the system clock ``datetime.now`` reads
            start, end, moment = self._kept
            if not start <= now < end:
                second = math.floor(now)
                moment = datetime.fromtimestamp(second, UTC)
                self._kept = (second, second + 1, moment)
            self.reads += 1
            return moment
        moment = self.now()
        return moment.replace(microsecond=0) if moment.microsecond else moment

    def set(self, moment: datetime | str) -> datetime:
        """Jump to ``moment`` (UTC if naive); a frozen clock stays frozen there."""
        target = _in_range(_utc(moment))
        with self._lock:
            self.moves += 1
            if self._frozen_at is not None:
                self._frozen_at = target
            else:
                self._offset = target - datetime.now(UTC)
        return target

    def advance(self, seconds: float) -> datetime:
        step = _step(seconds)
        with self._lock:
            self.moves += 1
            _in_range(self.now() + step)
            if self._frozen_at is not None:
                self._frozen_at += step
            else:
                self._offset += step
        return self.now()

    def freeze(self, at: datetime | str | None = None) -> datetime:
        target = _in_range(_utc(at)) if at is not None else None
        with self._lock:
            self.moves += 1
            self._frozen_at = target or datetime.now(UTC) + self._offset
            return self._frozen_at

    def copy(self) -> Clock:
        """An independent clock at the same time: moves are tried on it, then ``adopt``-ed."""
        twin = copy.copy(self)
        twin._lock = threading.Lock()
        return twin

    def adopt(self, other: Clock) -> None:
        """Take ``other``'s time (a copy that every move of a request succeeded on)."""
        with self._lock:
            self.moves += 1
            self._offset, self._frozen_at = other._offset, other._frozen_at

    def unfreeze(self) -> datetime:
        with self._lock:
            self.moves += 1
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(UTC)
                self._frozen_at = None
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self.moves += 1
            self._offset, self._frozen_at = timedelta(0), None

    def state(self) -> dict[str, Any]:
        return {"now": self.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "frozen": self._frozen_at is not None}


def _utc(moment: datetime | str) -> datetime:
    try:
        value = datetime.fromisoformat(moment.replace("Z", "+00:00")) if isinstance(moment, str) else moment
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ClockError(f"{moment!r} is not an ISO 8601 date and time") from None


def _step(seconds: float) -> timedelta:
    if not math.isfinite(seconds) or abs(seconds) > (LATEST - EARLIEST).total_seconds():
        raise ClockError(_RANGE)
    return timedelta(seconds=seconds)


_RANGE = f"the clock must stay between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d} (UTC)"


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= moment <= LATEST:
        raise ClockError(_RANGE)
    return moment
