"""Renderings kept per record revision and audience: each distinct answer is made and validated once.

A resource renders a record (its version's view, ``_links``, the JSON bytes) and validates it
against ``schemas/`` before it leaves. Both are pure functions of the record's revision (new on
every change), the site URL and what the caller may do with the item, so a resource keeps the result
here and serves the same bytes again until the record changes::

    slots = renderings.audience((request.home, allowed))
    hit = renderings.get(slots, record.id, record.revision)
    if hit is None:
        hit = renderings.put(slots, record.id, record.revision, Rendered(body, links, encode_json(item)))

A revision is anything hashable that changes whenever the answer would: a record's ``revision``
counter (customers), or a tuple of what a rendering reads (products and orders: the record, the
serial of the terms or products it shows, the clock's second when it shows the time).

One slot per record and audience, so old revisions never pile up; both levels are bounded (a
client chooses its ``Host`` header and the number of records it creates), and a deleted record's
renderings are dropped (``forget``) rather than left to fill the cache under create-and-delete churn.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from wcmock.rest.wire import encode_json

RECORD_LIMIT = 20_000  # records kept per audience
ROOM = 256  # the oldest renderings dropped at once when an audience is full (not all 20,000 of them)
AUDIENCE_LIMIT = 64  # site URL and permission combinations kept

Slots = dict[int, tuple[Hashable, "Rendered"]]  # record id -> (revision, rendering)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Rendered:
    """One record as a version renders it: body, links, and the encoded item with its links."""

    body: dict[str, Any]
    links: dict[str, Any]
    raw: bytes

    def item(self) -> dict[str, Any]:
        """The item as an object, links included (for ``_fields``, ``_envelope`` and batch answers)."""
        return {**self.body, "_links": self.links}


class Renderings:
    """``{audience: {record id: (revision, Rendered)}}``."""

    def __init__(self, *, records: int = RECORD_LIMIT, audiences: int = AUDIENCE_LIMIT) -> None:
        self._records = records
        self._audiences = audiences
        self._by_audience: dict[Hashable, Slots] = {}

    def audience(self, key: Hashable) -> Slots:
        """The renderings kept for one audience (fetch once per request and audience, not per record)."""
        slots = self._by_audience.get(key)
        if slots is None:
            if len(self._by_audience) >= self._audiences:
                self._by_audience.clear()
            slots = self._by_audience[key] = {}
        return slots

    @staticmethod
    def get(slots: Slots, record_id: int, revision: Hashable) -> Rendered | None:
        kept = slots.get(record_id)
        return kept[1] if kept is not None and kept[0] == revision else None

    @staticmethod
    def latest(slots: Slots, record_id: int) -> tuple[Hashable, Rendered] | None:
        """The record's kept rendering and its revision, whatever the revision: what a resource
        derives the next rendering from when it can tell what changed since."""
        return slots.get(record_id)

    def put(self, slots: Slots, record_id: int, revision: Hashable, rendered: Rendered) -> Rendered:
        if len(slots) >= self._records and record_id not in slots:
            _make_room(slots, min(ROOM, self._records))
        slots[record_id] = (revision, rendered)
        return rendered

    def forget(self, record_id: int) -> None:
        """Drop a record's renderings for every audience (the record is gone)."""
        for slots in self._by_audience.values():
            slots.pop(record_id, None)

    def clear(self) -> None:
        self._by_audience.clear()


SCALARS = (str, int, float, bool, type(None))


def replaced(body: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any] | None:
    """``body`` with ``changes`` in place of its values, or None unless each change puts a scalar
    where the body had a scalar of the very same type.

    For a schema that says nothing of a value but its type (``type``, ``properties``, ``required``,
    ``additionalProperties``, ``items``: an order's, ``tests/orders/test_orders_redated.py`` holds
    it to that), such a body is valid exactly when ``body`` was: a validated rendering changed so
    needs no second validation."""
    for key, value in changes.items():
        old = body.get(key, changes)
        if type(value) is not type(old) or type(value) not in SCALARS:
            return None
    return {**body, **changes}


def respliced(raw: bytes, body: dict[str, Any], changes: dict[str, Any]) -> bytes | None:
    """``raw``, the encoding of an object holding ``body``'s members, with each changed member
    written anew in its place: the encoding of the object with ``changes`` applied, or None when a
    member's old text is not found exactly once.

    A member's text (``"date_modified":"2026-03-01T10:00:00"``) holds unescaped quotes, which no
    JSON string can, so each place it shows is a member of some object; found once, it is the
    top-level one. Cheaper than encoding the whole object again (an order's ~2.6 KB). Once is
    where the first place it shows is the last (``find`` and ``rfind``: each stops at it, where
    ``count`` and ``replace`` scan the whole text, ~3x as long), and it is cut out in place."""
    out = raw
    for key, value in changes.items():
        old = _member(key, body[key])
        at = out.find(old)
        if at < 0 or out.rfind(old) != at:
            return None
        out = out[:at] + _member(key, value) + out[at + len(old) :]
    return out


MEMBER_LIMIT = 1024  # members' texts kept: a second's date is written into every answer re-dated in it
_MEMBERS: dict[tuple[str, Any], bytes] = {}


def _member(key: str, value: Any) -> bytes:
    """``"key":value`` as ``encode_json`` writes it inside an object (kept for strings)."""
    if type(value) is not str:
        return encode_json({key: value})[1:-1]
    found = _MEMBERS.get((key, value))
    if found is None:
        if len(_MEMBERS) >= MEMBER_LIMIT:
            _MEMBERS.clear()
        found = _MEMBERS[(key, value)] = encode_json({key: value})[1:-1]
    return found


def _make_room(slots: Slots, count: int) -> None:
    """Drop the ``count`` renderings kept longest: a full audience (a client creating record after
    record: a run of batches reaches 20,000 in seconds) once dropped all of them at once, and
    freeing 20,000 renderings stalled that one write for tens of milliseconds."""
    for record_id in list(itertools.islice(slots, count)):
        del slots[record_id]
