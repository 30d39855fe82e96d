"""The control API, many stores on one server, faults, the clock and the journal, over real sockets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx2 as httpx
import pytest

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import LiveServer, create_app

AUTH = (CK, CS)


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(create_app()) as live:
        yield live


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, auth=AUTH, timeout=10) as client:
        client.post("/__wcmock__/reset")
        yield client


def new_customer(http: httpx.Client, email: str, prefix: str = "") -> httpx.Response:
    return http.post(f"{prefix}/wp-json/wc/v3/customers", json={"email": email})


# ---------------------------------------------------------------------- control API


def test_health_and_reset(http: httpx.Client) -> None:
    assert http.get("/__wcmock__/health").json() == {"status": "ok", "store": "default", "customers": 3}
    assert new_customer(http, "ana@example.org").status_code == 201

    assert http.post("/__wcmock__/reset").json() == {"reset": True, "customers": 3}
    assert http.get("/wp-json/wc/v3/customers", params={"email": "ana@example.org"}).json() == []


def test_snapshot_and_restore(http: httpx.Client) -> None:
    new_customer(http, "ana@example.org")
    assert http.post("/__wcmock__/snapshots/with-ana").status_code == 201
    new_customer(http, "bea@example.org")

    restored = http.post("/__wcmock__/snapshots/with-ana/restore").json()

    assert restored == {"restored": "with-ana", "customers": 4}
    emails = [c["email"] for c in http.get("/wp-json/wc/v3/customers", params={"per_page": 100}).json()]
    assert "ana@example.org" in emails
    assert "bea@example.org" not in emails


def test_restoring_an_unknown_snapshot_is_a_clear_404(http: httpx.Client) -> None:
    response = http.post("/__wcmock__/snapshots/nope/restore")
    assert response.status_code == 404
    assert response.json()["code"] == "wcmock_not_found"


def test_load_and_dump_round_trip(http: httpx.Client) -> None:
    loaded = http.post("/__wcmock__/load", json={"customers": [{"email": "cleo@example.org", "first_name": "Cleo"}]})
    assert loaded.json() == {"customers": 4}

    state = http.get("/__wcmock__/state").json()

    cleo = next(c for c in state["customers"] if c["email"] == "cleo@example.org")
    assert (cleo["id"], cleo["first_name"], cleo["username"]) == (27, "Cleo", "cleo")
    assert "api_keys" not in state
    assert all("password" not in c for c in state["customers"])


def test_a_bad_fixture_over_http_is_a_json_error(http: httpx.Client) -> None:
    response = http.post("/__wcmock__/load", json={"customers": ["nope"]})
    assert response.status_code == 400
    assert response.json()["code"] == "wcmock_invalid_request"
    assert "customers[0]: 'nope' is not of type 'object'" in response.json()["message"]


def test_unknown_control_operations_are_404(http: httpx.Client) -> None:
    response = http.get("/__wcmock__/nothing-here")
    assert (response.status_code, response.json()["code"]) == (404, "rest_no_route")


# ---------------------------------------------------------------------- many stores


def test_two_stores_on_one_server_never_see_each_other(http: httpx.Client, server: LiveServer) -> None:
    for name in ("ci-a", "ci-b"):
        created = http.post("/__wcmock__/stores", json={"name": name})
        assert created.status_code == 201
        assert created.json()["url"] == f"{server.url}/stores/{name}"
    try:

        def create_many(store: str) -> None:
            with httpx.Client(base_url=server.url, auth=AUTH, timeout=10) as client:
                for i in range(15):
                    assert new_customer(client, f"{store}-{i}@example.org", f"/stores/{store}").status_code == 201

        threads = [threading.Thread(target=create_many, args=(name,)) for name in ("ci-a", "ci-b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        for name, other in (("ci-a", "ci-b"), ("ci-b", "ci-a")):
            listed = http.get(f"/stores/{name}/wp-json/wc/v3/customers", params={"per_page": 100}).json()
            emails = {c["email"] for c in listed}
            assert {f"{name}-{i}@example.org" for i in range(15)} <= emails
            assert not any(e.startswith(other) for e in emails)
            assert listed[0]["_links"]["self"][0]["href"].startswith(f"{server.url}/stores/{name}/wp-json/")
        assert http.get("/wp-json/wc/v3/customers", params={"search": "ci-"}).json() == []
    finally:
        for name in ("ci-a", "ci-b"):
            assert http.delete(f"/__wcmock__/stores/{name}").json() == {"dropped": name}
    assert http.get("/stores/ci-a/wp-json/wc/v3/customers").status_code == 404


def test_a_store_can_start_from_other_fixtures(http: httpx.Client) -> None:
    http.post("/__wcmock__/stores", json={"name": "e2e", "fixtures": ["wc-e2e"]})
    try:
        listed = http.get("/stores/e2e/wp-json/wc/v3/customers", params={"role": "all"}).json()
        assert [c["id"] for c in listed] == [1, 2]
    finally:
        http.delete("/__wcmock__/stores/e2e")


# ---------------------------------------------------------------------- faults


def test_a_503_for_the_first_two_calls_then_normal_answers(http: httpx.Client) -> None:
    http.post(
        "/__wcmock__/faults",
        json={
            "action": "status",
            "status": 503,
            "retry_after": 2,
            "times": 2,
            "path": "^/wc/v3/customers$",
            "method": "GET",
        },
    )
    statuses = []
    for _ in range(3):  # what a client's retry loop sees
        response = http.get("/wp-json/wc/v3/customers")
        statuses.append(response.status_code)
        if response.status_code == 503:
            assert response.headers["retry-after"] == "2"
            assert response.json()["data"] == {"status": 503}
    assert statuses == [503, 503, 200]


def test_a_real_retry_policy_gets_through_two_503s(http: httpx.Client, server: LiveServer) -> None:
    """urllib3's Retry, as a requests-based client (WooCommerce's Python client is one) mounts it,
    honours Retry-After and ends with the real answer on the third call."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    http.post("/__wcmock__/faults", json={"action": "status", "status": 503, "retry_after": 1, "times": 2})
    retry = Retry(total=3, status_forcelist=[503], respect_retry_after_header=True, backoff_factor=0)
    with requests.Session() as session:
        session.mount("http://", HTTPAdapter(max_retries=retry))
        started = time.perf_counter()
        response = session.get(f"{server.url}/wp-json/wc/v3/customers", auth=(CK, CS), timeout=10)
        waited = time.perf_counter() - started
    assert response.status_code == 200
    assert waited >= 2  # twice Retry-After: 1
    statuses = [entry["status"] for entry in http.get("/__wcmock__/journal").json()]
    assert statuses[-3:] == [503, 503, 200]


def test_a_named_woocommerce_error_on_every_second_create(http: httpx.Client) -> None:
    http.post(
        "/__wcmock__/faults",
        json={
            "action": "error",
            "method": "POST",
            "version": "v3",
            "every": 2,
            "status": 500,
            "code": "woocommerce_rest_cannot_create",
            "message": "This resource cannot be created.",
        },
    )
    codes = [new_customer(http, f"p{i}@example.org").status_code for i in range(4)]
    assert codes == [201, 500, 201, 500]


def test_latency_is_added(http: httpx.Client) -> None:
    http.post("/__wcmock__/faults", json={"action": "latency", "latency_ms": 300})
    started = time.perf_counter()
    assert http.get("/wp-json/wc/v3/customers/25").status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_a_dropped_connection_is_a_connection_error(http: httpx.Client) -> None:
    http.post("/__wcmock__/faults", json={"action": "drop", "times": 1})
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        http.get("/wp-json/wc/v3/customers/25")
    assert http.get("/wp-json/wc/v3/customers/25").status_code == 200


def test_a_dropped_connection_sends_not_one_byte(http: httpx.Client, server: LiveServer) -> None:
    """A crashed worker answers nothing: no status line, no headers (a truncated body is another fault)."""
    import socket

    http.post("/__wcmock__/faults", json={"action": "drop", "times": 1})
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(f"GET /wp-json/wc/v3/customers/25 HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        try:
            received = raw.recv(1024)
        except ConnectionResetError:
            received = b""
    assert received == b""


def test_requests_sees_a_dropped_connection_as_a_connection_error(http: httpx.Client, server: LiveServer) -> None:
    import requests

    http.post("/__wcmock__/faults", json={"action": "drop", "times": 1})
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/wp-json/wc/v3/customers/25", auth=(CK, CS), timeout=5)


def test_a_truncated_body(http: httpx.Client) -> None:
    http.post("/__wcmock__/faults", json={"action": "truncate", "times": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/wp-json/wc/v3/customers/25")


def test_a_php_notice_before_the_json(http: httpx.Client) -> None:
    http.post("/__wcmock__/faults", json={"action": "html_notice", "times": 1})
    body = http.get("/wp-json/wc/v3/customers/25").text
    assert body.startswith("<br />\n<b>Warning</b>")
    assert body.endswith("}")


def test_a_probability_under_a_seed_is_repeatable(http: httpx.Client) -> None:
    runs = []
    for _ in range(2):
        http.post("/__wcmock__/reset")
        http.post("/__wcmock__/faults", json={"action": "status", "status": 429, "probability": 0.5, "seed": 7})
        runs.append([http.get("/wp-json/wc/v3/customers/25").status_code for _ in range(12)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 429}


def test_faults_are_listed_and_cleared(http: httpx.Client) -> None:
    http.post("/__wcmock__/faults", json={"action": "drop", "path": "downloads"})
    assert [f["action"] for f in http.get("/__wcmock__/faults").json()] == ["drop"]
    http.delete("/__wcmock__/faults")
    assert http.get("/__wcmock__/faults").json() == []


def test_a_bad_fault_is_rejected_with_the_field(http: httpx.Client) -> None:
    response = http.post("/__wcmock__/faults", json={"action": "explode"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("action: 'explode' is not one of")


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"action": "status", "status": 99}, "status: must be a whole number from 200 to 599"),
        ({"action": "status", "status": "503"}, "status: must be a whole number"),
        ({"action": "latency", "latency_ms": "slow"}, "latency_ms: must be a number"),
        ({"action": "drop", "times": -1}, "times: must be a whole number from 0 up"),
        ({"action": "drop", "path": 7}, "path: must be a string"),
    ],
)
def test_a_fault_with_a_field_of_the_wrong_type_or_range_is_refused(
    http: httpx.Client, spec: dict[str, object], field: str
) -> None:
    response = http.post("/__wcmock__/faults", json=spec)
    assert (response.status_code, response.json()["code"]) == (400, "wcmock_invalid_request")
    assert response.json()["message"].startswith(field)
    assert http.get("/__wcmock__/faults").json() == []


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/__wcmock__/stores", b"[]", 400, "wcmock_invalid_request"),
        ("/__wcmock__/stores", b'"x"', 400, "wcmock_invalid_request"),
        ("/__wcmock__/clock", b'{"advance": 1e308}', 400, "wcmock_invalid_request"),
        ("/__wcmock__/load", b"[" * 100_000 + b"]" * 100_000, 400, "rest_invalid_json"),
        ("/__wcmock__/faults", b'{"a":' * 600 + b"1" + b"}" * 600, 400, "rest_invalid_json"),
        ("/__wcmock__/load", b'{"customers": []' + b" " * (8 * 1024 * 1024) + b"}", 413, "wcmock_request_too_large"),
    ],
)
def test_bad_control_bodies_get_json_errors(http: httpx.Client, path: str, body: bytes, status: int, code: str) -> None:
    response = http.post(path, content=body, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert http.get("/__wcmock__/health").json()["customers"] == 3


# ---------------------------------------------------------------------- clock


def test_a_frozen_clock_dates_new_customers(http: httpx.Client) -> None:
    http.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    created = new_customer(http, "frozen@example.org").json()
    assert created["date_created_gmt"] == "2030-01-02T03:04:05"
    assert created["date_created"] == "2030-01-02T00:04:05"  # the default fixture's site is UTC-3

    http.post("/__wcmock__/clock", json={"advance": 3600})
    updated = http.put(f"/wp-json/wc/v3/customers/{created['id']}", json={"first_name": "Later"}).json()
    assert updated["date_modified_gmt"] == "2030-01-02T04:04:05"


def test_the_clock_moves_the_oauth_window(http: httpx.Client, server: LiveServer) -> None:
    """A request signed now is too old for a store whose clock runs an hour ahead."""
    oauth = pytest.importorskip("woocommerce.oauth")
    http.post("/__wcmock__/clock", json={"advance": 3600})
    url = f"{server.url}/wp-json/wc/v3/customers/25"
    signed = oauth.OAuth(url=url, consumer_key=CK, consumer_secret=CS, version="wc/v3", method="GET").get_oauth_url()
    response = httpx.get(signed)
    assert (response.status_code, response.json()["message"]) == (401, "Invalid timestamp.")


# ---------------------------------------------------------------------- journal


def test_the_journal_masks_secrets(http: httpx.Client) -> None:
    http.get("/wp-json/wc/v3/customers", params={"consumer_key": CK, "consumer_secret": CS})
    new_customer(http, "ana@example.org")
    http.post("/wp-json/wc/v3/customers", json={"email": "bea@example.org", "password": "hunter2-secret"})

    journal = http.get("/__wcmock__/journal")
    text = journal.text

    assert CS not in text
    assert CK not in text
    assert "hunter2-secret" not in text
    entries = journal.json()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/wc/v3/customers", 200),
        ("POST", "/wc/v3/customers", 201),
        ("POST", "/wc/v3/customers", 201),
    ]
    assert entries[1]["headers"]["authorization"] == "Basic ***"
    assert entries[2]["body"]["password"] == "***"
    assert entries[1]["response"]["email"] == "ana@example.org"


def test_the_journal_is_cleared(http: httpx.Client) -> None:
    http.get("/wp-json/wc/v3/customers/25")
    http.delete("/__wcmock__/journal")
    assert http.get("/__wcmock__/journal").json() == []
