"""The contract: every recorded exchange with a real WooCommerce 10.0.2 store, replayed against wcmock.

``golden/`` and ``replay.py`` are copies of the project's contract recordings and replay tool, so
the suite runs without them. A difference we accept on purpose would be listed in ``KNOWN`` with
its reason (and in ``docs/fidelity.md``); today there is none.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import CK, CS
from wcmock import LiveServer, Store

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import replay  # noqa: E402  (the recording tool, copied beside this test)

GOLDEN = sorted((HERE / "golden").glob("v*.json"))
KNOWN: dict[tuple[str, str], str] = {}  # (scenario, step) -> why wcmock answers differently


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_recorded_exchanges_match(path: Path, live_server: LiveServer, store: Store) -> None:
    golden = json.loads(path.read_text())
    store.reset()
    actual = replay.run_scenario(golden, live_server.url, CK, CS, reset=None)
    failures = {}
    for expected, got in zip(golden["exchanges"], actual, strict=True):
        diffs = replay.compare_exchange(expected, got)
        if diffs and (golden["name"], expected["step"]) not in KNOWN:
            failures[expected["step"]] = diffs
    assert not failures, json.dumps(failures, indent=1)
