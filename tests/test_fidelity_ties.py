"""Ties in customer lists: ``WP_User_Query`` sorts on one column and adds no tie-breaker.

A real 10.0.2 store lists two customers registered in the same second newest id first under
``orderby=registered_date&order=desc`` and oldest first under ``asc``: descending is ascending read
backwards, ties included.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
V3 = "/wp-json/wc/v3/customers"


@pytest.fixture
def api() -> Iterator[TestClient]:
    app = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (CK, CS)
        assert client.post("/__wcmock__/clock", json={"freeze": "2026-03-01T10:00:00"}).status_code == 200
        for name in ("first", "second", "third"):
            assert client.post(V3, json={"email": f"{name}@example.com"}).status_code == 201
        yield client


def ids(api: TestClient, **params: str) -> list[int]:
    return [c["id"] for c in api.get(V3, params=params).json()]


def test_same_second_registrations_come_newest_first_when_descending(api: TestClient) -> None:
    assert ids(api, orderby="registered_date", order="desc") == [5, 4, 3]
    assert ids(api, orderby="registered_date", order="asc") == [3, 4, 5]


def test_ties_with_an_include_list_and_with_every_role(api: TestClient) -> None:
    assert ids(api, orderby="registered_date", order="desc", include="3,5,4") == [5, 4, 3]
    assert ids(api, orderby="registered_date", order="desc", role="all") == [5, 4, 3, 2, 1]


def test_paging_through_ties_sees_each_customer_once(api: TestClient) -> None:
    pages = [ids(api, orderby="registered_date", order="desc", per_page="1", page=str(n)) for n in (1, 2, 3)]
    assert pages == [[5], [4], [3]]
