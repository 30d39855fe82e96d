"""Fixture files: the bundled ones, the documentation example, and what a bad file says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, build_store, create_app
from wcmock.fixtures import FixtureError, bundled_names
from wcmock.resources.customers.seed import generate_customers


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
    assert store.ids.peek("users") == 3


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

    with pytest.raises(FixtureError, match=r"bad\.json: customers\[1\]: 'not a record' is not of type 'object'"):
        build_store([path])


FIXTURE_CASES = [
    *({"name": name} for name in ("default", "wc-e2e")),
    {"customers": [{"email": "a@example.com", "date_created": "2026-01-02 03:04"}]},
    {"customers": [{"email": "a@example.com", "date_created": "2026-01-02 03:04\n"}]},
    {"customers": [{"email": "a@example.com", "date_created": "٢٠٢٦-01-02T03:04"}]},
    {"customers": [{"id": True}]},
    {"customers": [{"id": 2.0}]},
    {"customers": [{"id": 10**30}]},
    {"customers": [{"billing": {"citty": "Rio"}}]},
    {"faults": [{"action": "status", "status": 503}]},
    {"settings": {"timezone": 5}},
    {"customers": {}},
]


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=lambda case: json.dumps(case, ensure_ascii=False)[:60])
def test_a_file_is_judged_by_the_accelerator_as_by_jsonschema(case: dict[str, object]) -> None:
    """Fixture files are accepted by ``jsonschema_rs`` without importing jsonschema: what it accepts,
    jsonschema accepts (it may refuse more, e.g. Arabic-Indic digits in a date, and jsonschema decides)."""
    from wcmock import fixture_format, fixtures

    data = fixtures.read(case["name"]) if "name" in case else case
    data = {k: v for k, v in data.items() if not k.startswith("_")}

    assert fixture_format.problems(data, parsed=True) == fixture_format.problems(data)
    if fixture_format._fast().is_valid(data):
        assert fixture_format.problems(data) == []


def test_a_fixture_that_is_not_json_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{nope")

    with pytest.raises(FixtureError, match=r"broken\.json: not valid JSON"):
        build_store([path])


def test_a_typo_in_a_fixture_is_named_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "typo.json"
    path.write_text(json.dumps({"customers": [{"email": "a@example.com", "billing": {"citty": "Rio"}}]}))

    with pytest.raises(FixtureError, match=r"typo\.json: customers\[0\]\.billing: .*'citty' was unexpected"):
        build_store([path])


def test_yaml_fixtures_load_when_pyyaml_is_installed(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "store.yaml"
    path.write_text("customers:\n  - id: 1\n    email: admin@example.com\n    role: administrator\n"
                    "  - email: ana@example.org\n    first_name: Ana\n")

    store = build_store([path])

    assert [(c.id, c.first_name) for c in store] == [(1, ""), (2, "Ana")]


def test_now_freezes_the_clock_and_comes_back_on_reset(tmp_path: Path) -> None:
    path = tmp_path / "frozen.json"
    path.write_text(json.dumps({"settings": {"now": "2030-05-06T07:08:09Z"},
                                "customers": [{"id": 1, "email": "admin@example.com", "role": "administrator"}]}))
    app = create_app(fixtures=[path])
    handle = app.state.handle

    assert handle.add_customer(email="b@example.org").date_created.isoformat() == "2030-05-06T07:08:09+00:00"
    handle.clock.advance(60)
    handle.reset()
    assert handle.clock.now().isoformat() == "2030-05-06T07:08:09+00:00"


def test_faults_in_a_fixture_are_armed_again_on_every_reset(tmp_path: Path) -> None:
    path = tmp_path / "flaky.json"
    path.write_text(json.dumps({"customers": [{"id": 1, "email": "admin@example.com", "role": "administrator"}],
                                "faults": [{"action": "status", "status": 503, "times": 1}]}))
    app = create_app(fixtures=[path])
    auth = (DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET)
    with TestClient(app, base_url="http://testserver") as c:
        assert [c.get("/wp-json/wc/v3/customers", auth=auth).status_code for _ in range(2)] == [503, 200]
        app.state.handle.reset()
        assert c.get("/wp-json/wc/v3/customers", auth=auth).status_code == 503


def test_generated_customers_take_locales_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "br.json"
    path.write_text(json.dumps({"generate": {"count": 3, "seed": 5, "locales": ["pt_BR"],
                                             "overrides": {"role": "subscriber", "billing": {"country": "BR"}}}}))

    customers = list(build_store([path]))

    assert [c.role for c in customers] == ["subscriber"] * 3
    assert {c.billing["country"] for c in customers} == {"BR"}
    assert all(c.billing["city"] for c in customers)  # merged, not replaced


def test_the_cli_validates_fixtures_and_says_where(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wcmock import cli

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"customers": [{"email": "a@example.com", "role": "wizard"}]}))

    ok = CliRunner().invoke(cli.main, ["validate-fixture", "fixtures/default.json"])
    broken = CliRunner().invoke(cli.main, ["validate-fixture", str(bad)])

    assert (ok.exit_code, ok.output.strip()) == (0, "fixtures/default.json: ok (3 users)")
    assert broken.exit_code == 1
    assert "bad.json: customers[0].role: 'wizard' is not one of" in broken.output


def test_the_cli_generates_a_fixture_that_loads_back(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wcmock import cli

    out = tmp_path / "gen.json"
    first = CliRunner().invoke(cli.main, ["generate", "--count", "5", "--seed", "9", "--out", str(out)])
    again = CliRunner().invoke(cli.main, ["generate", "--count", "5", "--seed", "9"])

    assert first.exit_code == 0, first.output
    store = build_store([out])
    assert len(store) == 6
    assert out.read_text() == again.stdout  # the whole file, the administrator's dates included
    assert json.loads(again.stdout)["customers"][0]["date_created_gmt"] == "2020-01-01T00:00:00"
