"""``load`` is all-or-nothing, and what it adds lasts until the next reset, never longer.

A fixture document is checked whole before any of it is applied; a reset brings back the start-up
fixtures only (their customers, keys and faults), whatever was loaded since, over HTTP, in Python
or between the tests of a user's suite.
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

pytest_plugins = ["pytester"]

CUSTOMERS = "/wp-json/wc/v3/customers"
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()}


@pytest.fixture
def api() -> Iterator[TestClient]:
    with TestClient(create_app(), headers=BASIC) as client:
        yield client


def state(api: TestClient) -> Any:
    return api.get("/__wcmock__/state").json(), api.get("/__wcmock__/faults").json()


def test_faults_a_load_arms_are_gone_after_reset(api: TestClient) -> None:
    loaded = api.post(
        "/__wcmock__/load", json={"faults": [{"action": "status", "status": 503, "path": "^/wc/v3/customers$"}]}
    )
    assert loaded.status_code == 200
    assert api.get(CUSTOMERS).status_code == 503

    assert api.post("/__wcmock__/reset").status_code == 200

    assert api.get(CUSTOMERS).status_code == 200
    assert api.get("/__wcmock__/faults").json() == []
    assert api.post("/__wcmock__/reset").status_code == 200
    assert api.get(CUSTOMERS).status_code == 200


def test_customers_and_keys_a_load_adds_are_gone_after_reset(api: TestClient) -> None:
    before = state(api)
    extra_key = {"consumer_key": "ck_" + "7" * 40, "consumer_secret": "cs_" + "7" * 40, "user_id": 1}
    assert (
        api.post(
            "/__wcmock__/load", json={"customers": [{"email": "cleo@example.org"}], "api_keys": [extra_key]}
        ).status_code
        == 200
    )
    assert api.get(CUSTOMERS, auth=("ck_" + "7" * 40, "cs_" + "7" * 40)).status_code == 200

    api.post("/__wcmock__/reset")

    assert state(api) == before
    assert api.get(CUSTOMERS, auth=("ck_" + "7" * 40, "cs_" + "7" * 40)).status_code == 401


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(
            {"customers": [{"email": "a@example.org"}], "faults": [{"action": "drop", "bogus": 1}]},
            id="unknown-fault-key",
        ),
        pytest.param(
            {"customers": [{"email": "a@example.org"}], "faults": [{"action": "explode"}]}, id="unknown-action"
        ),
        pytest.param(
            {"customers": [{"email": "a@example.org"}], "faults": [{"action": "status", "path": "("}]}, id="bad-regex"
        ),
        pytest.param(
            {"customers": [{"id": 90, "email": "a@example.org"}, {"id": 90, "email": "b@example.org"}]},
            id="duplicate-id",
        ),
        pytest.param({"customers": [{"email": "a@example.org"}, {"email": "a@example.org"}]}, id="duplicate-email"),
        pytest.param({"customers": [{"email": "a@example.org"}, {"email": "john.doe@example.com"}]}, id="email-taken"),
        pytest.param(
            {
                "customers": [{"email": "a@example.org"}],
                "api_keys": [{"consumer_key": "ck_x", "consumer_secret": "cs_x", "user_id": 999}],
            },
            id="key-owner-missing",
        ),
        pytest.param({"customers": [{"email": "a@example.org"}], "next_id": "many"}, id="bad-next-id"),
    ],
)
def test_a_load_that_fails_anywhere_applies_nothing(api: TestClient, document: dict[str, Any]) -> None:
    before = state(api)

    response = api.post("/__wcmock__/load", json=document)

    assert response.status_code == 400, response.text
    assert response.json()["code"] == "wcmock_invalid_request"
    assert state(api) == before
    assert api.post("/__wcmock__/reset").status_code == 200
    assert api.get(CUSTOMERS, params={"email": "a@example.org"}).json() == []


def test_a_failed_load_in_python_applies_nothing() -> None:
    app = create_app()
    handle = app.state.handle
    users = len(handle.store)
    with pytest.raises(ValueError, match="customers\\[1\\]"):
        handle.load(
            {"customers": [{"email": "a@example.org"}, {"email": "a@example.org"}], "faults": [{"action": "drop"}]}
        )
    assert len(handle.store) == users
    assert handle.faults.list() == []


def test_start_up_faults_come_back_after_reset_and_loaded_ones_do_not(tmp_path: Any) -> None:
    fixture = tmp_path / "slow.json"
    fixture.write_text(
        '{"customers": [{"id": 1, "email": "admin@example.org", "role": "administrator"}],'
        ' "faults": [{"action": "latency", "latency_ms": 1}]}'
    )
    with TestClient(create_app(fixtures=[fixture]), headers=BASIC) as api:
        api.post("/__wcmock__/load", json={"faults": [{"action": "status", "status": 503}]})
        assert [f["action"] for f in api.get("/__wcmock__/faults").json()] == ["latency", "status"]
        api.post("/__wcmock__/reset")
        api.post("/__wcmock__/reset")
        assert [f["action"] for f in api.get("/__wcmock__/faults").json()] == ["latency"]


LEAKY_SUITE = """
def test_a_test_loads_customers_and_faults(wcmock):
    wcmock.load({"customers": [{"email": "leak@example.org"}],
                 "faults": [{"action": "status", "status": 503, "path": "^/wc/v3/customers$"}]})
    assert wcmock.test_client().get("/wp-json/wc/v3/customers").status_code == 503


def test_the_next_test_sees_none_of_it(wcmock):
    with wcmock.test_client() as api:
        response = api.get("/wp-json/wc/v3/customers", params={"email": "leak@example.org"})
    assert response.status_code == 200
    assert response.json() == []
    assert wcmock.faults.list() == []


def test_a_load_that_fails_in_one_test(wcmock):
    import pytest
    with pytest.raises(ValueError):
        wcmock.load({"customers": [{"email": "half@example.org"}], "faults": [{"action": "drop", "bogus": 1}]})
    assert "half@example.org" not in [c.email for c in wcmock.customers()]


def test_and_the_next_test_still_gets_a_store(wcmock):
    assert "half@example.org" not in [c.email for c in wcmock.customers()]
"""


def test_nothing_a_test_loads_leaks_into_the_next(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_leaks=LEAKY_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=4)


def test_start_up_faults_are_part_of_the_loaded_state_and_snapshots_leave_faults_alone(tmp_path: Any) -> None:
    """The start-up fixtures' faults come with their store's loaded state: a store made ``from`` it
    has them armed, after a reset too. A snapshot is the store's data: restoring one leaves the
    faults armed at that moment as they are (a test arms faults around its snapshots)."""
    fixture = tmp_path / "slow.json"
    fixture.write_text(
        '{"customers": [{"id": 1, "email": "admin@example.org", "role": "administrator"}],'
        ' "faults": [{"action": "latency", "latency_ms": 1}]}'
    )
    with TestClient(create_app(fixtures=[fixture]), headers=BASIC) as api:
        assert api.post("/__wcmock__/stores", json={"name": "copy", "from": "default"}).status_code == 201
        for _ in range(2):
            assert [f["action"] for f in api.get("/stores/copy/__wcmock__/faults").json()] == ["latency"]
            api.post("/stores/copy/__wcmock__/reset")
        api.post("/__wcmock__/snapshots/before")
        api.post("/__wcmock__/faults", json={"action": "status", "status": 503, "path": "^/nowhere$"})
        assert api.post("/__wcmock__/snapshots/before/restore").status_code == 200
        assert [f["action"] for f in api.get("/__wcmock__/faults").json()] == ["latency", "status"]
