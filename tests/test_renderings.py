"""Renderings kept per record and audience, bounded without dropping them all at once."""

from __future__ import annotations

import pytest

from wcmock.rest import renderings
from wcmock.rest.renderings import Rendered, Renderings


def rendering(record_id: int) -> Rendered:
    return Rendered({"id": record_id}, {}, b'{"id":%d}' % record_id)


def test_a_rendering_is_kept_for_its_revision_only() -> None:
    kept = Renderings()
    slots = kept.audience(("http://shop.test", frozenset()))
    seven = kept.put(slots, 7, 1, rendering(7))

    assert kept.get(slots, 7, 1) is seven
    assert kept.get(slots, 7, 2) is None  # the record changed since


def test_a_full_audience_drops_its_oldest_renderings_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(renderings, "ROOM", 3)
    kept = Renderings(records=10)
    slots = kept.audience("everyone")
    for record_id in range(1, 11):
        kept.put(slots, record_id, 1, rendering(record_id))

    kept.put(slots, 11, 1, rendering(11))  # full: the three kept longest go, not all ten

    assert sorted(slots) == [4, 5, 6, 7, 8, 9, 10, 11]
    kept.put(slots, 5, 2, rendering(5))  # a record already kept takes its own slot: nothing goes
    assert len(slots) == 8
    for record_id in range(12, 100):
        last = kept.put(slots, record_id, 1, rendering(record_id))
        assert len(slots) <= 10
    assert kept.get(slots, 99, 1) is last
