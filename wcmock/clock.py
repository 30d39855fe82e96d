"""The store's clock: real time by default; a test can freeze it, set it and move it forward.

Dates a store writes (``date_created``, ``date_modified``) and the OAuth timestamp window both read
this clock, so a frozen clock makes every answer reproducible.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any


class Clock:
    """``now()`` is real time plus an offset, or a fixed instant while frozen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None

    def now(self) -> datetime:
        frozen = self._frozen_at
        return frozen if frozen is not None else datetime.now(UTC) + self._offset

    def set(self, moment: datetime | str) -> datetime:
        """Jump to ``moment`` (UTC if naive); a frozen clock stays frozen there."""
        target = _utc(moment)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = target
            else:
                self._offset = target - datetime.now(UTC)
        return target

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            step = timedelta(seconds=seconds)
            if self._frozen_at is not None:
                self._frozen_at += step
            else:
                self._offset += step
        return self.now()

    def freeze(self, at: datetime | str | None = None) -> datetime:
        with self._lock:
            self._frozen_at = _utc(at) if at is not None else datetime.now(UTC) + self._offset
            return self._frozen_at

    def unfreeze(self) -> datetime:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(UTC)
                self._frozen_at = None
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset, self._frozen_at = timedelta(0), None

    def state(self) -> dict[str, Any]:
        return {"now": self.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "frozen": self._frozen_at is not None}


def _utc(moment: datetime | str) -> datetime:
    value = datetime.fromisoformat(moment.replace("Z", "+00:00")) if isinstance(moment, str) else moment
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
