"""Turns one store's changes into webhook deliveries (payload, headers, signature).

Listens to the store (``Store.listeners``): a resource announces ``(topic, event, record)``, say
``("customer", "created", c)``. Each payload is rendered by the renderer that resource registered
for its topic (``payloads``) in the webhook's API version — so it is exactly what that version's
REST answer would be, validated the same way — and the signed request goes to a
:class:`wcmock.resources.webhooks.models.Deliverer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wcmock.rest.server import RestRequest
from wcmock.rest.wire import encode_json
from wcmock.store import ApiKey, Store
from wcmock.versions import by_webhook_api_version

if TYPE_CHECKING:  # the records and the deliverer load with the first webhook: most stores have none
    from wcmock.resources.webhooks.models import Deliverer, Delivery, Webhook

WEBHOOKS = "webhooks"  # the webhooks backend's NAME in the shell (tests/test_mounting.py checks they agree)

Payload = Callable[[str, RestRequest, Any], Any]  # (version, request, record) -> the REST body


class WebhookDeliveries:
    """Webhook deliveries for one store; ``home()`` says the site URL payload links should use."""

    def __init__(self, store: Store, home: Callable[[], str], *, timeout: float = 60.0) -> None:
        self.store = store
        self.home = home
        self.payloads: dict[str, Payload] = {}  # topic resource ("customer") -> its renderer
        # mounts the resources not mounted yet, whose renderers ``payloads`` lacks (the hub sets it)
        self.mount: Callable[[], object] = lambda: None
        self._timeout = timeout
        self._deliverer: Deliverer | None = None
        store.listeners.append(self.on_change)

    @property
    def deliverer(self) -> Deliverer:
        """The background poster, made when first needed."""
        if self._deliverer is None:
            from wcmock.resources.webhooks.models import Deliverer

            self._deliverer = Deliverer(on_result=self._after, timeout=self._timeout)
        return self._deliverer

    # ------------------------------------------------------------------ triggers

    def on_change(self, topic: str, event: str, record: Any) -> None:
        backend = self.store.find_backend(WEBHOOKS)  # none made: the store never had a webhook
        if backend is None or not backend.records:  # the usual store: every write of every resource asks
            return
        from wcmock.resources.webhooks.models import RESOURCE_HOOKS

        webhooks = backend.records
        fired = RESOURCE_HOOKS.get(topic, {}).get(event, [])
        for webhook in list(webhooks.values()):
            if webhook.status != "active":
                continue
            if webhook.topic == f"{topic}.{event}":
                payload: Any = {"id": record.id} if event == "deleted" else self.render(webhook, topic, record)
            elif webhook.resource == "action" and webhook.event in fired:
                payload = {"action": webhook.event, "arg": record.id}
            else:
                continue
            self.send(webhook, encode_json(payload))

    def render(self, webhook: Webhook, topic: str, record: Any) -> Any:
        probe = RestRequest(
            method="GET", route="", query={}, home=self.home(), store=self.store, key=ApiKey("", "", webhook.user_id)
        )
        if topic not in self.payloads:
            self.mount()
        return self.payloads[topic](by_webhook_api_version(webhook.api_version), probe, record)

    def send(self, webhook: Webhook, body: bytes) -> Delivery:
        from wcmock.resources.webhooks.models import USER_AGENT, Delivery, sign

        delivery = Delivery(webhook.id, webhook.topic, webhook.delivery_url, {}, body)
        delivery.headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-WC-Webhook-Source": self.home() + "/",
            "X-WC-Webhook-Topic": webhook.topic,
            "X-WC-Webhook-Resource": webhook.resource,
            "X-WC-Webhook-Event": webhook.event,
            "X-WC-Webhook-Signature": sign(body, webhook.secret),
            "X-WC-Webhook-ID": str(webhook.id),
            "X-WC-Webhook-Delivery-ID": delivery.delivery_id,
        }
        self.deliverer.enqueue(delivery)
        return delivery

    def ping(self, webhook: Webhook) -> Delivery:
        """What a real store sends when a webhook is created: a form post of its id."""
        from wcmock.resources.webhooks.models import USER_AGENT, Delivery

        body = f"webhook_id={webhook.id}".encode()
        delivery = Delivery(
            webhook.id,
            "webhook.ping",
            webhook.delivery_url,
            {"User-Agent": USER_AGENT, "Content-Type": "application/x-www-form-urlencoded"},
            body,
            ping=True,
        )
        self.deliverer.enqueue(delivery)
        return delivery

    # ------------------------------------------------------------------ results

    def _after(self, delivery: Delivery) -> None:
        from wcmock.resources.webhooks.backend import webhooks_of
        from wcmock.resources.webhooks.models import after_attempt

        with self.store.lock:
            webhook = webhooks_of(self.store).get(delivery.webhook_id)
            if webhook is None:
                return
            updated = after_attempt(webhook, delivery)
            if delivery.ping:
                updated = replace(updated, date_modified=self.store.now())
            if updated != webhook:
                webhooks_of(self.store).put(updated)

    def wait(self, timeout: float = 10.0) -> bool:
        return self.deliverer.wait(timeout)

    def attempts(self) -> list[Delivery]:
        return list(self.deliverer.attempts)

    def clear(self) -> None:
        self.deliverer.clear()
