"""Webhooks: WooCommerce's topics and rules, and a deliverer that signs and posts like a real store.

A customer created, updated or deleted through any route (single or batch) or the Python API fires
the matching topics (creating also fires ``customer.updated``, as a real store does). Each active
webhook whose topic matches gets the payload a real store sends — the customer in the webhook's API
version, or ``{"id": N}`` for deletes — POSTed in order, from a background thread, with the
``X-WC-Webhook-*`` headers and an HMAC-SHA256 signature of the raw body. Every attempt is recorded;
after ``MAX_FAILURES`` consecutive failures the webhook is disabled, as WooCommerce does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import logging
import queue
import secrets
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

USER_AGENT = "WooCommerce/10.0.2 Hookshot (WordPress/6.8.8)"
MAX_FAILURES = 5  # woocommerce_max_webhook_delivery_failures
STATUSES = ("active", "paused", "disabled")
RESOURCE_HOOKS: dict[str, dict[str, list[str]]] = {
    "coupon": {
        "created": ["woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"],
        "updated": ["woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"],
        "deleted": ["wp_trash_post"],
        "restored": ["untrashed_post"],
    },
    "customer": {
        "created": ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
        "updated": ["profile_update", "woocommerce_update_customer"],
        "deleted": ["delete_user"],
    },
    "order": {
        "created": ["woocommerce_new_order"],
        "updated": ["woocommerce_update_order", "woocommerce_order_refunded"],
        "deleted": ["wp_trash_post"],
        "restored": ["untrashed_post"],
    },
    "product": {
        "created": ["woocommerce_process_product_meta", "woocommerce_new_product", "woocommerce_new_product_variation"],
        "updated": [
            "woocommerce_process_product_meta",
            "woocommerce_update_product",
            "woocommerce_update_product_variation",
        ],
        "deleted": ["wp_trash_post"],
        "restored": ["untrashed_post"],
    },
}
log = logging.getLogger("wcmock")


def valid_topic(topic: str) -> bool:
    """``wc_is_webhook_valid_topic``: ``resource.event`` of a known pair, or ``action.<hook>``."""
    resource, _, event = topic.partition(".")
    if resource == "action":
        return bool(event)
    return event in RESOURCE_HOOKS.get(resource, {})


def hooks_for(topic: str) -> list[str]:
    resource, _, event = topic.partition(".")
    if resource == "action":
        return [event]
    return list(RESOURCE_HOOKS.get(resource, {}).get(event, []))


@dataclass(frozen=True, slots=True)
class Webhook:
    """A webhook as WooCommerce stores it; replaced, never changed in place (snapshots share them)."""

    id: int
    name: str
    topic: str
    delivery_url: str
    secret: str
    api_version: str
    user_id: int
    date_created: datetime
    status: str = "active"
    date_modified: datetime | None = None
    failure_count: int = 0

    @property
    def resource(self) -> str:
        resource, _, _ = self.topic.partition(".")
        return resource

    @property
    def event(self) -> str:
        return self.topic.partition(".")[2]

    @property
    def hooks(self) -> list[str]:
        return hooks_for(self.topic)

    def listens_to(self, hook: str) -> bool:
        return self.status == "active" and hook in self.hooks


def sign(body: bytes, secret: str) -> str:
    """``X-WC-Webhook-Signature``: base64 of the HMAC-SHA256 of the raw body, keyed by the secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass(slots=True, repr=False)
class Delivery:
    """One POST to a receiver: what was sent and what came back (``status`` None: no answer, see ``error``)."""

    webhook_id: int
    topic: str
    url: str
    headers: dict[str, str]
    body: bytes
    delivery_id: str = field(default_factory=lambda: secrets.token_hex(16))
    status: int | None = None
    response: str = ""
    error: str = ""
    duration_ms: float = 0.0
    ping: bool = False

    @property
    def ok(self) -> bool:
        """Whether the receiver answered 2xx (what WooCommerce counts as delivered)."""
        return self.status is not None and 200 <= self.status < 300

    def __repr__(self) -> str:
        outcome = f"{self.status}" if self.status is not None else (self.error or "not attempted yet")
        text = self.body[:40].decode("utf-8", "replace") + ("..." if len(self.body) > 40 else "")
        kind = " (ping)" if self.ping else ""
        return f"<Delivery {self.topic} -> {self.url}{kind}: {outcome[:60]} ({self.duration_ms:.1f} ms) {text}>"

    def as_dict(self) -> dict[str, Any]:
        """The attempt as ``GET /__wcmock__/webhooks/deliveries`` shows it."""
        return {
            "webhook_id": self.webhook_id,
            "delivery_id": self.delivery_id,
            "topic": self.topic,
            "url": self.url,
            "ping": self.ping,
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
            "status": self.status,
            "ok": self.ok,
            "response": self.response,
            "error": self.error,
            "duration_ms": round(self.duration_ms, 3),
        }


class Deliverer:
    """Posts deliveries from one background thread, in the order they were queued.

    ``on_result`` is told about every finished attempt (the store counts failures with it);
    ``wait()`` blocks until everything queued so far has been attempted. ``clear()`` (a reset)
    never waits: what is queued is dropped, and a delivery still on its way (to a receiver that
    never answers, or to wcmock's own reset) is left to its thread, whose result is then ignored;
    new deliveries go out from a fresh thread at once.
    """

    def __init__(self, *, on_result: Callable[[Delivery], None], timeout: float = 60.0, limit: int = 1000) -> None:
        self.on_result = on_result
        self.timeout = timeout
        self.attempts: deque[Delivery] = deque(maxlen=limit)
        self._queue: queue.Queue[Delivery | None] | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._generation = 0  # a clear() starts a new one: results of older ones are dropped

    def enqueue(self, delivery: Delivery) -> None:
        with self._lock:
            if self._queue is None or self._thread is None or not self._thread.is_alive():
                self._queue = queue.Queue()
                self._thread = threading.Thread(
                    target=self._run, args=(self._queue, self._generation), name="wcmock-webhooks", daemon=True
                )
                self._thread.start()
            self._pending += 1
            self._queue.put(delivery)

    def wait(self, timeout: float = 10.0) -> bool:
        """True once every queued delivery has been attempted; False if ``timeout`` ran out first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            stale, self._queue, self._thread = self._queue, None, None
            self._pending = 0
            self.attempts.clear()
            self._idle.notify_all()
        if stale is not None:
            stale.put(None)  # its thread stops once what it is sending now is done

    def _run(self, deliveries: queue.Queue[Delivery | None], generation: int) -> None:
        while (delivery := deliveries.get()) is not None:
            if generation != self._generation:
                return  # cleared: what was still queued is dropped, unsent
            try:
                self._post(delivery)
                with self._lock:
                    if generation != self._generation:
                        return  # cleared while this one was on its way: its result belongs to no one
                    self.attempts.append(delivery)
                self.on_result(delivery)
            except Exception:  # the thread outlives any one delivery, so later ones still go out
                log.exception("wcmock: webhook delivery %s failed", delivery)
            finally:
                with self._lock:
                    if generation == self._generation:
                        self._pending -= 1
                        self._idle.notify_all()

    def _post(self, delivery: Delivery) -> None:
        started = time.perf_counter()
        try:
            delivery.status, delivery.response = post(delivery.url, delivery.body, delivery.headers, self.timeout)
        except Exception as error:  # refused, timed out, a URL or header the HTTP client refuses: a failure
            delivery.error = f"{type(error).__name__}: {error}"
        delivery.duration_ms = (time.perf_counter() - started) * 1000


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    """One POST as WordPress's HTTP API sends a delivery: header names exactly as given (``X-WC-Webhook-ID``,
    which ``urllib`` would send as ``X-wc-webhook-id``), no redirects followed, no proxy; the status
    and the start of the answer. Credentials in the URL become Basic auth, as Requests does."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_type(parts.hostname, parts.port, timeout=timeout)
    sent = dict(headers)
    if parts.username is not None:
        login = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        sent.setdefault("Authorization", "Basic " + base64.b64encode(login.encode()).decode())
    try:
        connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, sent)
        response = connection.getresponse()
        return response.status, response.read(4096).decode("utf-8", "replace")
    finally:
        connection.close()


def after_attempt(webhook: Webhook, delivery: Delivery) -> Webhook:
    """WooCommerce's failure rule: count consecutive failures, disable at ``MAX_FAILURES``."""
    if delivery.ping:
        return webhook
    if delivery.ok:
        return replace(webhook, failure_count=0) if webhook.failure_count else webhook
    failures = webhook.failure_count + 1
    return replace(webhook, failure_count=failures, status="disabled" if failures >= MAX_FAILURES else webhook.status)
