"""The clock moves only where every date stays writable: validated first, never half-way.

WordPress keeps dates in MySQL ``DATETIME`` columns (years 1000 to 9999), in the site's timezone and
in GMT; wcmock's clock stays where both readings of every timezone fit, with a month to spare so a
running clock set near the end does not walk out of range.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import create_app

BASIC = {"Authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()}
CLOCK = "/__wcmock__/clock"
CUSTOMERS = "/wp-json/wc/v3/customers"


@pytest.fixture(params=["frozen", "running"])
def api(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with TestClient(create_app(), headers=BASIC) as client:  # the default store is in UTC-3
        client.post(CLOCK, json={"freeze": "2030-01-02T03:04:05Z"})
        if request.param == "running":
            client.post(CLOCK, json={"unfreeze": True})
        yield client


def minute(api: TestClient) -> tuple[str, bool]:
    """The clock to the minute (a running one moves on while the test runs)."""
    state = api.get(CLOCK).json()
    return state["now"][:16], state["frozen"]


def refused(api: TestClient, spec: dict[str, Any]) -> None:
    before = minute(api)
    response = api.post(CLOCK, json=spec)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "wcmock_invalid_request"
    assert minute(api) == before
    created = api.post(CUSTOMERS, json={"email": f"after{abs(hash(str(spec)))}@example.org"})
    assert created.status_code == 201, created.text


@pytest.mark.parametrize(
    "spec",
    [
        {"advance": 3e11},
        {"advance": -3e11},
        {"advance": 1e300},
        {"advance": "soon"},
        {"set": "9999-12-31T23:59:59"},
        {"set": "0001-01-01T00:00:00"},
        {"freeze": "0001-01-01T00:00:00"},
        {"freeze": "9999-12-31T23:59:59Z"},
        {"set": "not a date"},
        {"set": "2031-01-01T00:00:00Z", "advance": "later"},
        {"set": "2031-01-01T00:00:00Z", "freeze": "never"},
        {"unfreeze": True, "advance": 3e11},
    ],
)
def test_a_move_out_of_range_or_malformed_changes_nothing(api: TestClient, spec: dict[str, Any]) -> None:
    refused(api, spec)


@pytest.mark.parametrize("raw", [b'{"advance": NaN}', b'{"advance": Infinity}', b'{"advance": -1e400}'])
def test_non_finite_moves_change_nothing(api: TestClient, raw: bytes) -> None:
    before = minute(api)
    response = api.post(CLOCK, content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert minute(api) == before


@pytest.mark.parametrize("moment", ["1000-01-02T00:00:00Z", "9999-12-01T00:00:00Z"])
def test_every_moment_the_clock_accepts_dates_customers_in_any_timezone(moment: str) -> None:
    for timezone in ("-12:00", "+14:00", "America/Sao_Paulo", "UTC"):
        with TestClient(create_app(settings={"timezone": timezone}), headers=BASIC) as api:
            assert api.post(CLOCK, json={"freeze": moment}).status_code == 200
            created = api.post(CUSTOMERS, json={"email": "edge@example.org"})
            assert created.status_code == 201, (timezone, created.text)
            assert created.json()["date_created_gmt"] == moment.removesuffix("Z")
            assert api.get(CLOCK).json() == {"now": moment, "frozen": True}
            assert api.get("/__wcmock__/state").status_code == 200


def test_a_running_clock_near_the_end_keeps_working() -> None:
    with TestClient(create_app(settings={"timezone": "+14:00"}), headers=BASIC) as api:
        assert api.post(CLOCK, json={"set": "9999-11-30T23:59:59Z"}).status_code == 200
        assert api.post(CUSTOMERS, json={"email": "late@example.org"}).status_code == 201
        assert api.post(CLOCK, json={"advance": 86_400 * 60}).status_code == 400
        assert api.get(CLOCK).json()["now"] < "9999-12-01"
        assert api.post(CUSTOMERS, json={"email": "later@example.org"}).status_code == 201


def test_python_refuses_the_same_moves() -> None:
    clock = create_app().state.store.clock
    clock.freeze("2030-01-02T03:04:05Z")
    for move in (
        lambda: clock.advance(3e11),
        lambda: clock.set("9999-12-31T23:59:59"),
        lambda: clock.freeze("0001-01-01"),
    ):
        with pytest.raises(ValueError, match="between 1000-01-02 and 9999-12-01"):
            move()
    assert clock.state() == {"now": "2030-01-02T03:04:05Z", "frozen": True}
