"""The control plane is for this machine's tests, not for web pages or other machines' guesses.

``/__wcmock__/`` refuses requests a browser sends on behalf of another site (a foreign ``Origin``)
and requests for a foreign ``Host`` (DNS rebinding); it takes fixture *names*, never paths; store
names are plain names and their number is bounded; an optional token locks it; a fault's regular
expression cannot freeze the server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import LiveServer, create_app
from wcmock.harness.hub import Hub


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app()


@pytest.fixture(scope="module")
def server(app: Any) -> Iterator[LiveServer]:
    with LiveServer(app) as live:
        yield live


@pytest.fixture
def api(app: Any, server: LiveServer) -> Iterator[httpx.Client]:
    """A client over a real socket: what a browser could reach (an in-process TestClient cannot be one)."""
    app.state.handle.reset()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client
    for name in app.state.hub.names():
        if name != "default":
            app.state.hub.drop(name)


def served(**options: Any) -> LiveServer:
    return LiveServer(create_app(**options))


def emails(app: Any) -> list[str]:
    return [customer.email for customer in app.state.handle.customers()]


def assert_refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert response.json()["data"]["status"] == status


# ---------------------------------------------------------------------- web pages


def test_a_web_page_on_another_site_cannot_arm_faults_or_reset(api: httpx.Client, app: Any) -> None:
    evil = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
    assert_refused(
        api.post("/__wcmock__/faults", content=b'{"action": "drop"}', headers=evil), 403, "wcmock_cross_origin"
    )
    assert app.state.handle.faults.list() == []
    app.state.handle.add_customer(email="kept@example.org")
    assert_refused(api.post("/__wcmock__/reset", headers=evil), 403, "wcmock_cross_origin")
    assert "kept@example.org" in emails(app)
    for origin in ("null", "http://127.0.0.1.evil.example", "https://localhost.evil.example:8080"):
        assert_refused(api.get("/__wcmock__/state", headers={"Origin": origin}), 403, "wcmock_cross_origin")


def test_pages_served_from_this_machine_may_use_it(api: httpx.Client) -> None:
    for origin in (str(api.base_url).rstrip("/"), "http://localhost:3000", "http://[::1]:5173"):
        assert api.get("/__wcmock__/health", headers={"Origin": origin}).status_code == 200, origin
    assert api.post("/__wcmock__/reset").status_code == 200  # no Origin: curl, SDKs, test suites


def test_a_foreign_host_header_cannot_read_the_store(api: httpx.Client) -> None:
    """DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends ``Host: evil.example``."""
    for host in ("evil.example", "evil.example:8080", "127.0.0.1.nip.io"):
        for path in ("/__wcmock__/state", "/__wcmock__/", "/stores/default/__wcmock__/journal"):  # the dashboard too
            assert_refused(api.get(path, headers={"Host": host}), 403, "wcmock_forbidden_host")
    for host in ("localhost:8080", "127.0.0.1", "[::1]:8080", "10.1.2.3:8080", "app.localhost", "testserver"):
        assert api.get("/__wcmock__/health", headers={"Host": host}).status_code == 200, host


def test_the_store_api_itself_stays_open_to_pages_like_a_real_store(api: httpx.Client) -> None:
    response = api.get("/wp-json/wc/v3/customers/25", headers={"Origin": "http://evil.example"}, auth=(CK, CS))
    assert response.status_code == 200


def test_an_in_process_client_has_no_socket_to_rebind() -> None:
    with TestClient(create_app(), base_url="http://shop.test") as api:
        assert api.post("/__wcmock__/reset").status_code == 200


def test_more_host_names_can_be_allowed() -> None:
    with served(allowed_hosts=["wcmock.internal"]) as server, httpx.Client(base_url=server.url) as api:
        host = {"Host": f"wcmock.internal:{server.port}"}
        assert api.get("/__wcmock__/health", headers=host).status_code == 200
        same_site = {**host, "Origin": f"http://wcmock.internal:{server.port}"}
        assert api.get("/__wcmock__/health", headers=same_site).status_code == 200
        assert_refused(api.get("/__wcmock__/health", headers={"Host": "other.internal"}), 403, "wcmock_forbidden_host")


# ---------------------------------------------------------------------- admin token


def test_a_control_token_locks_the_control_api() -> None:
    with served(control_token="s3cret-token") as server, httpx.Client(base_url=server.url) as api:
        assert_refused(api.post("/__wcmock__/reset"), 401, "wcmock_unauthorized")
        assert_refused(
            api.post("/__wcmock__/reset", headers={"Authorization": "Bearer wrong"}), 401, "wcmock_unauthorized"
        )
        assert api.post("/__wcmock__/reset", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        assert api.post("/__wcmock__/reset", headers={"X-Wcmock-Token": "s3cret-token"}).status_code == 200
        assert api.get("/__wcmock__/health").status_code == 200  # liveness stays open for load balancers
        assert api.get("/wp-json/wc/v3/customers/25", auth=(CK, CS)).status_code == 200


# ---------------------------------------------------------------------- fixture names and store names


def test_stores_take_fixture_names_never_paths(api: httpx.Client) -> None:
    """Over HTTP a path would tell any caller whether a file exists and echo its keys: names only,
    and one answer whether or not such a file is there."""
    answers = set()
    for name in ("/etc/passwd", "../fixtures/default.json", "/nonexistent/file.json", "fixtures/default", "~/.ssh/x"):
        response = api.post("/__wcmock__/stores", json={"name": "probe", "fixtures": [name]})
        assert_refused(response, 400, "wcmock_invalid_request")
        answers.add(response.json()["message"].replace(repr(name), "NAME"))
    assert len(answers) == 1
    assert "root" not in answers.pop()
    assert api.get("/__wcmock__/stores").json() == ["default"]


def test_stores_take_bundled_fixture_names(api: httpx.Client) -> None:
    created = api.post("/__wcmock__/stores", json={"name": "e2e", "fixtures": ["wc-e2e"]})
    assert created.status_code == 201, created.text


def test_stores_take_names_from_a_fixtures_folder_given_at_start_up(tmp_path: Any) -> None:
    (tmp_path / "shop.json").write_text('{"customers": [{"id": 1, "email": "a@example.org", "role": "administrator"}]}')
    with served(fixtures_dir=tmp_path) as server, httpx.Client(base_url=server.url) as api:
        assert api.post("/__wcmock__/stores", json={"name": "shop", "fixtures": ["shop"]}).status_code == 201
        assert api.post("/__wcmock__/stores", json={"name": "e2e", "fixtures": ["wc-e2e"]}).status_code == 201
        assert_refused(
            api.post("/__wcmock__/stores", json={"name": "x", "fixtures": [str(tmp_path / "shop.json")]}),
            400,
            "wcmock_invalid_request",
        )


@pytest.mark.parametrize("name", [".", "..", "...", "", "a/b", "a" * 65, "-", "_"])
def test_store_names_are_plain_names(api: httpx.Client, name: str) -> None:
    assert_refused(api.post("/__wcmock__/stores", json={"name": name}), 400, "wcmock_invalid_request")


def test_the_number_of_stores_is_bounded() -> None:
    with served(hub=Hub(max_stores=3)) as server, httpx.Client(base_url=server.url) as api:
        for name in ("one", "two"):
            assert api.post("/__wcmock__/stores", json={"name": name}).status_code == 201
        assert_refused(api.post("/__wcmock__/stores", json={"name": "three"}), 400, "wcmock_invalid_request")
        api.delete("/__wcmock__/stores/one")
        assert api.post("/__wcmock__/stores", json={"name": "three"}).status_code == 201


# ---------------------------------------------------------------------- fault regular expressions


def test_a_catastrophic_fault_path_cannot_freeze_the_server() -> None:
    with LiveServer(create_app()) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        assert http.post(
            "/__wcmock__/faults", json={"action": "status", "status": 503, "path": "(a+)+$"}
        ).status_code in (201, 400)
        answered: list[int] = []

        def attack() -> None:
            answered.append(http.get("/wp-json/" + "a" * 40 + "!").status_code)

        attacker = threading.Thread(target=attack, daemon=True)
        started = time.monotonic()
        attacker.start()
        attacker.join(10)
        assert answered == [404]
        assert time.monotonic() - started < 5
        assert http.get("/__wcmock__/health").status_code == 200


def test_with_a_control_token_the_dashboard_opens_once_with_it_in_the_address() -> None:
    """A browser cannot send a header: ``?token=`` on the first visit sets an HttpOnly, SameSite=Strict
    cookie, which the page's own requests (script, styles, its buttons' control calls) then carry."""
    with served(control_token="s3cret-token") as server, httpx.Client(base_url=server.url) as browser:
        assert_refused(browser.get("/__wcmock__/"), 401, "wcmock_unauthorized")
        assert_refused(browser.get("/__wcmock__/", params={"token": "wrong"}), 401, "wcmock_unauthorized")
        assert "set-cookie" not in browser.get("/__wcmock__/health").headers
        opened = browser.get("/__wcmock__/", params={"token": "s3cret-token"})
        assert opened.status_code == 200
        assert opened.headers["content-type"].startswith("text/html")
        cookie = opened.headers["set-cookie"]
        assert cookie.startswith("wcmock_token=")
        assert "HttpOnly" in cookie
        assert "SameSite=Strict" in cookie
        assert browser.get("/__wcmock__/").status_code == 200  # the cookie alone, from now on
        assert browser.get("/__wcmock__/static/dashboard.js").status_code == 200
        assert browser.post("/__wcmock__/reset").status_code == 200
        assert "set-cookie" not in browser.get("/__wcmock__/").headers  # set once, on the visit with the token
        browser.cookies.clear()
        assert_refused(browser.post("/__wcmock__/reset"), 401, "wcmock_unauthorized")
        foreign = browser.post(
            "/__wcmock__/reset", params={"token": "s3cret-token"}, headers={"Origin": "http://evil.example"}
        )
        assert_refused(foreign, 403, "wcmock_cross_origin")  # the token never lets another site's page in
