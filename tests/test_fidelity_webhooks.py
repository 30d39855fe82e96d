"""The webhooks resource's errors per method and id, and deliveries' header names as WordPress sends them."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
ALL_METHODS = "GET, POST, PUT, PATCH, DELETE"
CODE = "woocommerce_rest_shop_webhook_invalid_id"


@pytest.fixture
def app() -> Any:
    return create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)


@pytest.fixture
def api(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (CK, CS)
        yield client


def made(api: TestClient, url: str = "http://127.0.0.1:9/hook", version: str = "v3", **extra: Any) -> dict[str, Any]:
    answer = api.post(
        f"/wp-json/wc/{version}/webhooks", json={"topic": "customer.created", "delivery_url": url, **extra}
    )
    assert answer.status_code == 201
    return dict(answer.json())


def refused(response: Any) -> tuple[int, str, str, str | None]:
    body = response.json()
    return response.status_code, body["code"], body["message"], response.headers.get("allow")


# ---------------------------------------------------------------------- errors (item 6)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_unknown_and_deleted_ids_per_method(api: TestClient, version: str) -> None:
    base = f"/wp-json/wc/{version}/webhooks"
    gone = made(api, version=version)["id"]
    assert api.delete(f"{base}/{gone}", params={"force": "true"}).status_code == 200
    for webhook_id in (999, gone):
        assert refused(api.get(f"{base}/{webhook_id}")) == (404, CODE, "ID is invalid.", ALL_METHODS)
        assert refused(api.put(f"{base}/{webhook_id}", json={"name": "x"})) == (
            400,
            CODE,
            "ID is invalid.",
            ALL_METHODS,
        )
        assert refused(api.patch(f"{base}/{webhook_id}", json={})) == (400, CODE, "ID is invalid.", ALL_METHODS)
        forced = api.delete(f"{base}/{webhook_id}", params={"force": "true"})
        assert refused(forced) == (404, CODE, "Invalid ID.", ALL_METHODS)


def test_id_zero_per_method(api: TestClient) -> None:
    base = "/wp-json/wc/v3/webhooks/0"
    assert refused(api.get(base)) == (404, CODE, "Invalid ID.", ALL_METHODS)
    assert refused(api.put(base, json={})) == (400, CODE, "ID is invalid.", ALL_METHODS)
    assert refused(api.delete(base, params={"force": "true"})) == (404, CODE, "Invalid ID.", ALL_METHODS)


def test_force_is_checked_before_the_id(api: TestClient) -> None:
    for webhook_id in (0, 999):
        answer = api.delete(f"/wp-json/wc/v3/webhooks/{webhook_id}")
        assert refused(answer) == (
            501,
            "woocommerce_rest_trash_not_supported",
            "Webhooks do not support trashing.",
            ALL_METHODS,
        )


def test_unknown_ids_in_a_batch(api: TestClient) -> None:
    answer = api.post("/wp-json/wc/v3/webhooks/batch", json={"update": [{"id": 999, "name": "x"}], "delete": [999]})
    assert answer.json() == {
        "update": [{"id": 999, "error": {"code": CODE, "message": "ID is invalid.", "data": {"status": 400}}}],
        "delete": [{"id": 999, "error": {"code": CODE, "message": "Invalid ID.", "data": {"status": 404}}}],
    }


def test_anonymous_callers_are_refused_before_any_lookup(app: Any) -> None:
    with TestClient(app, base_url="http://shop.test") as anonymous:
        answer = anonymous.get("/wp-json/wc/v3/webhooks/999")
    assert refused(answer) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.", None)


def test_create_ignores_status(api: TestClient) -> None:
    assert made(api, status="paused")["status"] == "active"


# ---------------------------------------------------------------------- header names (item 7)


class Recorder(http.server.BaseHTTPRequestHandler):
    """Keeps the header names exactly as they came over the wire."""

    seen: list[list[str]]

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append([name for name, _ in self.headers.items()])
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[list[str]]]]:
    seen: list[list[str]] = []
    handler = type("Handler", (Recorder,), {"seen": seen})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", seen
    server.shutdown()
    server.server_close()


def test_delivery_header_names_are_cased_as_woocommerce_sends_them(
    api: TestClient, app: Any, receiver: tuple[str, list[list[str]]]
) -> None:
    url, seen = receiver
    made(api, url=url)
    api.post("/wp-json/wc/v3/customers", json={"email": "hooked@example.com"})
    app.state.handle.wait_for_deliveries(10)
    ping, delivery = seen[0], seen[1]
    assert {"User-Agent", "Content-Type"} <= set(ping)
    assert {
        "User-Agent",
        "Content-Type",
        "X-WC-Webhook-Source",
        "X-WC-Webhook-Topic",
        "X-WC-Webhook-Resource",
        "X-WC-Webhook-Event",
        "X-WC-Webhook-Signature",
        "X-WC-Webhook-ID",
        "X-WC-Webhook-Delivery-ID",
    } <= set(delivery)
