"""Every control operation from Python, on the plugin's ``wcmock`` fixture: what ``/__wcmock__``
does over HTTP (tests/test_harness.py), a test can do without a request."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx2 as httpx
import pytest

from wcmock.harness.handle import WcmockStore

V3 = "/wp-json/wc/v3/customers"


@pytest.fixture
def http(wcmock: WcmockStore) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=wcmock.url, auth=wcmock.auth) as client:
        yield client


def test_load_adds_a_fixture_and_dump_writes_the_state_back(wcmock: WcmockStore) -> None:
    assert wcmock.load({"customers": [{"email": "loaded@example.org", "first_name": "Lo"}]}) == 4
    dumped = wcmock.dump()
    assert [c["email"] for c in dumped["customers"]][-1] == "loaded@example.org"
    wcmock.reset()
    assert len(wcmock.customers()) == 3


def test_snapshot_and_restore(wcmock: WcmockStore, http: httpx.Client) -> None:
    wcmock.snapshot("before")
    assert http.post(V3, json={"email": "gone@example.org"}).status_code == 201
    wcmock.restore("before")
    assert [c.email for c in wcmock.customers()].count("gone@example.org") == 0
    with pytest.raises(KeyError):
        wcmock.restore("never-taken")


def test_faults_are_added_counted_and_cleared(wcmock: WcmockStore, http: httpx.Client) -> None:
    fault = wcmock.add_fault("status", status=429, times=1, method="GET")
    first, second = http.get(V3), http.get(V3)
    assert (first.status_code, first.headers["retry-after"], second.status_code) == (429, "1", 200)
    assert (fault.matched, fault.fired) == (2, 1)
    wcmock.faults.clear()
    assert wcmock.faults.list() == []


def test_the_journal_is_asserted_on_and_cleared(wcmock: WcmockStore, http: httpx.Client) -> None:
    http.post(V3, json={"email": "j@example.org"})
    wcmock.assert_requested("POST", "/wc/v3/customers", json={"email": "j@example.org"}, status=201)
    wcmock.assert_not_requested("DELETE", "/wc/v3/customers/3")
    with pytest.raises(AssertionError):
        wcmock.assert_not_requested("POST", "/wc/v3/customers")
    wcmock.journal.clear()
    assert wcmock.requests() == []


def test_the_clock_is_frozen_set_and_advanced(wcmock: WcmockStore, http: httpx.Client) -> None:
    wcmock.clock.freeze("2030-01-02T03:04:05Z")
    wcmock.clock.advance(60)
    made = http.post(V3, json={"email": "clock@example.org"}).json()
    assert made["date_created_gmt"] == "2030-01-02T03:05:05"
    wcmock.clock.set(datetime(2031, 1, 1, tzinfo=UTC))
    assert wcmock.clock.now() == datetime(2031, 1, 1, tzinfo=UTC)
    wcmock.reset()
    assert wcmock.clock.now().year != 2031
