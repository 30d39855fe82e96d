"""Fixture files: the bundled ones, the documentation example, and what a bad file says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, build_store, create_app
from wcmock.fixtures import FixtureError, bundled_names, generate_customers


def test_the_bundled_fixtures_are_listed() -> None:
    assert {"default", "wc-e2e"} <= set(bundled_names())


def test_a_newcomers_first_request_looks_like_the_documentation() -> None:
    app = create_app()
    with TestClient(app, base_url="http://testserver") as c:
        response = c.get("/wp-json/wc/v2/customers/25", auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET))

    assert response.status_code == 200
    john = response.json()
    assert john["date_created"] == "2017-03-21T16:09:28"  # the docs' site runs on UTC-3
    assert john["date_created_gmt"] == "2017-03-21T19:09:28"
    assert john["date_modified"] == "2017-03-21T16:09:30"
    assert (john["email"], john["username"], john["role"]) == ("john.doe@example.com", "john.doe", "customer")
    assert john["billing"]["address_1"] == "969 Market"
    assert john["shipping"]["phone"] == ""
    assert john["_links"]["self"][0]["href"] == "http://testserver/wp-json/wc/v2/customers/25"


def test_the_documented_downloads_of_joao_silva() -> None:
    app = create_app()
    with TestClient(app, base_url="http://testserver") as c:
        response = c.get("/wp-json/wc/v2/customers/26/downloads", auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET))

    [download] = response.json()
    assert download["download_url"] == (
        "http://testserver/?download_file=87&order=wc_order_58d17c18352&email=joao.silva%40example.com"
        "&key=91447fd1849316bbc89dfb7e986a6006"
    )
    assert (download["access_expires"], download["access_expires_gmt"]) == ("never", "never")
    assert download["_links"]["order"] == [{"href": "http://testserver/wp-json/wc/v2/orders/723"}]


def test_the_e2e_fixture_is_the_recording_store() -> None:
    store = build_store(["wc-e2e"])

    assert [(c.id, c.username, c.role) for c in store] == [(1, "admin", "administrator"), (2, "customer", "subscriber")]
    assert store.next_id == 3


def test_a_fixture_can_ask_for_generated_customers(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"customers": [{"id": 1, "email": "a@example.com", "role": "administrator"}],
                                "generate": {"count": 5, "seed": 42}}))

    first, second = build_store([path]), build_store([path])

    assert len(first) == 6
    assert [(c.id, c.email, c.first_name) for c in first] == [(c.id, c.email, c.first_name) for c in second]


def test_other_seeds_give_other_customers() -> None:
    one, two = build_store([]), build_store([])
    a = generate_customers(one, count=3, seed=1)
    b = generate_customers(two, count=3, seed=2)
    assert [c.email for c in a] != [c.email for c in b]


def test_a_bad_fixture_names_the_file_and_the_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"customers": [{"email": "a@example.com"}, "not a record"]}))

    with pytest.raises(FixtureError, match=r"bad\.json: customers\[1\]: must be an object"):
        build_store([path])


def test_a_fixture_that_is_not_json_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{nope")

    with pytest.raises(FixtureError, match=r"broken\.json: not valid JSON"):
        build_store([path])
