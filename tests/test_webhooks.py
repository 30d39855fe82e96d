"""Webhooks, received by pytest-httpserver and checked with our own HMAC code, not wcmock's."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from starlette.testclient import TestClient
from werkzeug.wrappers import Request, Response

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
from wcmock.resources.webhooks.models import Delivery
from wcmock.validation import SchemaViolation, validate_customer, validate_response

SECRET = "topsecret-123"
UA = "WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)"


@pytest.fixture
def app() -> Any:
    return create_app(fixtures=["wc-e2e"])


@pytest.fixture
def api(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET)
        yield client


@pytest.fixture
def receiver(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    return httpserver


def wait(app: Any) -> list[Any]:
    return app.state.handle.wait_for_deliveries(10)


def received(server: HTTPServer) -> list[tuple[dict[str, str], bytes]]:
    return [(dict(request.headers), request.get_data()) for request, _ in server.log]


def our_signature(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def add_webhook(api: TestClient, topic: str, url: str, version: str = "v3", **extra: Any) -> dict[str, Any]:
    response = api.post(
        f"/wp-json/wc/{version}/webhooks",
        json={"name": topic, "topic": topic, "delivery_url": url, "secret": SECRET, **extra},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def topic_deliveries(server: HTTPServer) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for headers, body in received(server):
        if headers.get("X-Wc-Webhook-Topic"):
            out.append((headers["X-Wc-Webhook-Topic"], json.loads(body)))
    return out


# ---------------------------------------------------------------------- the resource


def test_creating_a_webhook_answers_like_a_real_store_and_pings(
    api: TestClient, app: Any, receiver: HTTPServer
) -> None:
    body = add_webhook(api, "customer.created", receiver.url_for("/hook"))

    assert {k: body[k] for k in ("id", "name", "status", "topic", "resource", "event", "hooks")} == {
        "id": 1,
        "name": "customer.created",
        "status": "active",
        "topic": "customer.created",
        "resource": "customer",
        "event": "created",
        "hooks": ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
    }
    assert "secret" not in body
    assert body["_links"]["self"][0]["href"] == "http://shop.test/wp-json/wc/v3/webhooks/1"
    wait(app)
    [(headers, ping)] = received(receiver)
    assert ping == b"webhook_id=1"
    assert headers["User-Agent"] == UA
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_webhook_errors(api: TestClient) -> None:
    bad_topic = api.post(
        "/wp-json/wc/v3/webhooks", json={"topic": "customer.exploded", "delivery_url": "http://x.test/h"}
    )
    assert (bad_topic.status_code, bad_topic.json()["code"], bad_topic.json()["message"]) == (
        400,
        "woocommerce_rest_shop_webhook_invalid_topic",
        "Webhook topic is required and must be valid.",
    )
    no_url = api.post("/wp-json/wc/v3/webhooks", json={"name": "NoUrl", "topic": "customer.created"})
    assert no_url.json() == {
        "code": "rest_missing_callback_param",
        "message": "Missing parameter(s): delivery_url",
        "data": {"status": 400, "params": ["delivery_url"]},
    }
    bad_url = api.post("/wp-json/wc/v3/webhooks", json={"topic": "customer.created", "delivery_url": "ftp://x"})
    assert bad_url.json()["code"] == "woocommerce_rest_shop_webhook_invalid_delivery_url"
    missing = api.get("/wp-json/wc/v3/webhooks/99")
    assert (missing.status_code, missing.json()["code"]) == (404, "woocommerce_rest_shop_webhook_invalid_id")
    anonymous = api.get("/wp-json/wc/v3/webhooks", auth=None)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "woocommerce_rest_cannot_view")


def test_list_update_pause_and_delete(api: TestClient, receiver: HTTPServer) -> None:
    for topic in ("customer.created", "customer.updated", "customer.deleted"):
        add_webhook(api, topic, receiver.url_for("/hook"))

    listed = api.get("/wp-json/wc/v3/webhooks", params={"per_page": 2, "orderby": "id", "order": "asc"})
    assert [w["id"] for w in listed.json()] == [1, 2]
    assert (listed.headers["x-wp-total"], listed.headers["x-wp-totalpages"]) == ("3", "2")

    paused = api.put("/wp-json/wc/v3/webhooks/2", json={"status": "paused"}).json()
    assert paused["status"] == "paused"
    assert [w["id"] for w in api.get("/wp-json/wc/v3/webhooks", params={"status": "paused"}).json()] == [2]

    assert api.delete("/wp-json/wc/v3/webhooks/3").status_code == 501
    assert api.delete("/wp-json/wc/v3/webhooks/3", params={"force": "true"}).json()["id"] == 3
    assert api.get("/wp-json/wc/v3/webhooks/3").status_code == 404


# ---------------------------------------------------------------------- deliveries


def test_single_changes_are_delivered_signed_in_order(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    url = receiver.url_for("/hook")
    for topic in ("customer.created", "customer.updated", "customer.deleted"):
        add_webhook(api, topic, url)
    customer = api.post("/wp-json/wc/v3/customers", json={"email": "hooked@example.com", "first_name": "Hook"}).json()
    api.put(f"/wp-json/wc/v3/customers/{customer['id']}", json={"last_name": "Ed"})
    api.delete(f"/wp-json/wc/v3/customers/{customer['id']}", params={"force": "true"})
    wait(app)

    topic_bodies = received(receiver)[3:]  # after the three pings
    for headers, body in topic_bodies:
        assert headers["X-Wc-Webhook-Signature"] == our_signature(body)
        assert headers["User-Agent"] == UA
        assert headers["Content-Type"] == "application/json"
        assert headers["X-Wc-Webhook-Source"] == "http://shop.test/"
        assert len(headers["X-Wc-Webhook-Delivery-Id"]) == 32
    deliveries = topic_deliveries(receiver)
    assert [(topic, body.get("last_name")) for topic, body in deliveries] == [
        ("customer.created", ""),
        ("customer.updated", ""),
        ("customer.updated", "Ed"),
        ("customer.deleted", None),
    ]
    assert deliveries[-1][1] == {"id": customer["id"]}
    assert [h["X-Wc-Webhook-Id"] for h, _ in topic_bodies] == ["1", "2", "2", "3"]
    created = deliveries[0][1]
    validate_customer(created, version="v3", context="view")
    assert created["_links"]["self"][0]["href"] == f"http://shop.test/wp-json/wc/v3/customers/{customer['id']}"


def test_batch_changes_are_delivered(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    add_webhook(api, "customer.created", receiver.url_for("/hook"))
    add_webhook(api, "customer.updated", receiver.url_for("/hook"))
    add_webhook(api, "customer.deleted", receiver.url_for("/hook"))

    api.post(
        "/wp-json/wc/v3/customers/batch",
        json={
            "create": [{"email": "a@example.org"}, {"email": "b@example.org"}],
            "update": [{"id": 2, "first_name": "J"}],
            "delete": [3],
        },
    )
    wait(app)

    assert [(topic, body["id"]) for topic, body in topic_deliveries(receiver)] == [
        ("customer.created", 3),
        ("customer.updated", 3),
        ("customer.created", 4),
        ("customer.updated", 4),
        ("customer.updated", 2),
        ("customer.deleted", 3),
    ]


def test_a_v2_webhook_delivers_the_v2_shape(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    add_webhook(api, "customer.created", receiver.url_for("/hook"), version="v2")
    api.post("/wp-json/wc/v3/customers", json={"email": "v2@example.org"})
    wait(app)

    [(_, body)] = topic_deliveries(receiver)
    validate_customer(body, version="v2", context="view")
    assert body["orders_count"] == 0
    assert body["_links"]["collection"] == [{"href": "http://shop.test/wp-json/wc/v2/customers"}]


def test_paused_webhooks_stay_quiet(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    add_webhook(api, "customer.created", receiver.url_for("/hook"))  # created active (status is ignored), pinged
    api.put("/wp-json/wc/v3/webhooks/1", json={"status": "paused"})
    api.post("/wp-json/wc/v3/customers", json={"email": "quiet@example.org"})
    wait(app)
    assert [body for _, body in received(receiver)] == [b"webhook_id=1"]


def test_action_topics_carry_the_hook_and_the_id(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    add_webhook(api, "action.woocommerce_update_customer", receiver.url_for("/hook"))
    api.put("/wp-json/wc/v3/customers/2", json={"first_name": "Janet"})
    wait(app)
    assert topic_deliveries(receiver) == [
        ("action.woocommerce_update_customer", {"action": "woocommerce_update_customer", "arg": 2})
    ]


def test_the_python_api_triggers_webhooks_too(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    add_webhook(api, "customer.created", receiver.url_for("/hook"))
    app.state.handle.add_customer(email="py@example.org")
    wait(app)
    assert [body["email"] for _, body in topic_deliveries(receiver)] == ["py@example.org"]


def test_an_order_made_in_python_is_delivered_whole_before_any_orders_request(
    api: TestClient, app: Any, receiver: HTTPServer
) -> None:
    """The orders' routes (and their payload renderer) are mounted at the first request reaching
    them; a delivery needing the renderer first mounts them."""
    add_webhook(api, "order.created", receiver.url_for("/hook"))
    order = app.state.handle.add_order(customer_id=2, fee_lines=[{"name": "Fee", "total": "12"}])
    wait(app)
    [(topic, body)] = topic_deliveries(receiver)
    assert (topic, body["id"], body["total"], body["fee_lines"][0]["name"]) == (
        "order.created",
        order.id,
        "12.00",
        "Fee",
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x.test/h",
        "HTTP://x.test/h",
        "http://[::1",
        "http://x.test/a b",
        "http://x\u0000y.test/",
        "http://-x.test/",
        "http://x.test:99999/",
        "https://x.test/caf\u00e9",
        "http://",
    ],
)
def test_delivery_urls_wc_is_valid_url_refuses(api: TestClient, url: str) -> None:
    """``wc_is_valid_url``: http:// or https:// exactly, then PHP's FILTER_VALIDATE_URL."""
    created = api.post("/wp-json/wc/v3/webhooks", json={"topic": "customer.created", "delivery_url": url})
    assert (created.status_code, created.json()["message"]) == (
        400,
        "Webhook delivery URL must be a valid URL starting with http:// or https://.",
    )
    assert api.get("/wp-json/wc/v3/webhooks").json() == []


@pytest.mark.parametrize("url", ["http://a", "http://[::1]:9/h", "https://user:pw@shop.test/h?x=1#y"])
def test_delivery_urls_php_accepts(api: TestClient, url: str) -> None:
    created = api.post("/wp-json/wc/v3/webhooks", json={"topic": "customer.created", "delivery_url": url})
    assert created.status_code == 201, created.text


def test_a_url_the_http_client_refuses_is_a_failed_delivery_and_later_ones_still_go(
    app: Any, receiver: HTTPServer
) -> None:
    deliverer = app.state.handle.webhook_deliveries.deliverer
    for url in ("http://[::1", receiver.url_for("/hook")):
        deliverer.enqueue(Delivery(1, "customer.updated", url, {}, b"{}"))
    assert deliverer.wait(10)
    refused, delivered = deliverer.attempts
    assert (refused.status, refused.error.split(":")[0]) == (None, "ValueError")
    assert delivered.status == 200


# ---------------------------------------------------------------------- failures


def test_failing_receivers_are_recorded_and_the_webhook_disabled(
    api: TestClient, app: Any, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/down", method="POST").respond_with_data("boom", status=500)
    add_webhook(api, "customer.updated", httpserver.url_for("/down"))

    for i in range(5):
        api.put("/wp-json/wc/v3/customers/2", json={"first_name": f"Try {i}"})
    attempts = wait(app)

    topic_attempts = [a for a in attempts if not a.ping]
    assert [(a.status, a.ok) for a in topic_attempts] == [(500, False)] * 5
    assert api.get("/wp-json/wc/v3/webhooks/1").json()["status"] == "disabled"
    api.put("/wp-json/wc/v3/customers/2", json={"first_name": "Ignored"})
    assert len([a for a in wait(app) if not a.ping]) == 5  # a disabled webhook delivers nothing


def test_a_receiver_that_times_out_is_a_failure(api: TestClient, app: Any, httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/slow", method="POST").respond_with_handler(slow)
    app.state.handle.webhook_deliveries.deliverer.timeout = 0.3
    add_webhook(api, "customer.updated", httpserver.url_for("/slow"))

    api.put("/wp-json/wc/v3/customers/2", json={"first_name": "Slow"})
    [attempt] = [a for a in wait(app) if not a.ping]

    assert attempt.status is None
    assert "timed out" in attempt.error
    assert api.get("/wp-json/wc/v3/webhooks/1").json()["status"] == "active"  # one failure of five


def test_deliveries_are_readable_over_the_control_api(api: TestClient, app: Any, receiver: HTTPServer) -> None:
    add_webhook(api, "customer.created", receiver.url_for("/hook"))
    api.post("/wp-json/wc/v3/customers", json={"email": "ctl@example.org"})

    assert api.post("/__wcmock__/webhooks/wait", json={"timeout": 5}).json() == {"delivered": 2}
    deliveries = api.get("/__wcmock__/webhooks/deliveries").json()
    assert [(d["topic"], d["status"], d["ok"], d["ping"]) for d in deliveries] == [
        ("webhook.ping", 200, True, True),
        ("customer.created", 200, True, False),
    ]
    assert deliveries[1]["headers"]["X-WC-Webhook-Signature"] == our_signature(deliveries[1]["body"].encode())


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_every_webhooks_answer_matches_its_schema(api: TestClient, version: str) -> None:
    """The answers are checked before they leave (strict validation); here they are checked again, by kind."""
    base = f"/wp-json/wc/{version}/webhooks"
    paused = {"topic": "customer.created", "delivery_url": "http://127.0.0.1:9/h", "status": "paused"}
    made = api.post(base, json=paused)
    validate_response(made.json(), version=version, kind="webhook")
    validate_response(api.get(base).json(), version=version, kind="webhooks")
    validate_response(api.get(f"{base}/{made.json()['id']}").json(), version=version, kind="webhook")
    batch = api.post(f"{base}/batch", json={"update": [{"id": made.json()["id"], "name": "n"}, {"id": 999}]})
    validate_response(batch.json(), version=version, kind="webhook_batch")
    validate_response(api.delete(f"{base}/{made.json()['id']}?force=true").json(), version=version, kind="webhook")
    with pytest.raises(SchemaViolation, match="date_created"):
        validate_response({**made.json(), "date_created": "yesterday"}, version=version, kind="webhook")
