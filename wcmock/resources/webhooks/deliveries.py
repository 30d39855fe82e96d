"""Turns one store's customer changes into webhook deliveries (payload, headers, signature).

Listens to the store (``Store.listeners``), renders each payload with the customers resource of the
webhook's API version — so it is exactly what that version's REST answer would be, validated the
same way — and hands the signed request to a :class:`wcmock.resources.webhooks.models.Deliverer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from wcmock.resources.customers.models import Customer
from wcmock.resources.customers.routes import CustomersResource
from wcmock.resources.webhooks.models import (
    RESOURCE_HOOKS,
    USER_AGENT,
    Deliverer,
    Delivery,
    Webhook,
    after_attempt,
    sign,
)
from wcmock.rest.server import RestRequest, encode_json
from wcmock.store import ApiKey, Store

VERSION_OF = {"wp_api_v1": "v1", "wp_api_v2": "v2", "wp_api_v3": "v3"}


class WebhookDeliveries:
    """Webhook deliveries for one store; ``home()`` says the site URL payload links should use."""

    def __init__(
        self, store: Store, resources: dict[str, CustomersResource], home: Callable[[], str], *, timeout: float = 60.0
    ) -> None:
        self.store = store
        self.resources = resources
        self.home = home
        self.deliverer = Deliverer(on_result=self._after, timeout=timeout)
        store.listeners.append(self.on_customer_change)

    # ------------------------------------------------------------------ triggers

    def on_customer_change(self, event: str, customer: Customer) -> None:
        fired = RESOURCE_HOOKS["customer"][event]
        for webhook in list(self.store.webhooks.values()):
            if webhook.status != "active":
                continue
            if webhook.topic == f"customer.{event}":
                payload: Any = {"id": customer.id} if event == "deleted" else self.render(webhook, customer)
            elif webhook.resource == "action" and webhook.event in fired:
                payload = {"action": webhook.event, "arg": customer.id}
            else:
                continue
            self.send(webhook, encode_json(payload))

    def render(self, webhook: Webhook, customer: Customer) -> dict[str, Any]:
        resource = self.resources[VERSION_OF.get(webhook.api_version, "v3")]
        probe = RestRequest(
            method="GET", route="", query={}, home=self.home(), store=self.store, key=ApiKey("", "", webhook.user_id)
        )
        return resource.embedded(probe, customer)

    def send(self, webhook: Webhook, body: bytes) -> Delivery:
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
        with self.store.lock:
            webhook = self.store.webhooks.get(delivery.webhook_id)
            if webhook is None:
                return
            updated = after_attempt(webhook, delivery)
            if delivery.ping:
                updated = replace(updated, date_modified=self.store.now())
            if updated != webhook:
                self.store.put_webhook(updated)

    def wait(self, timeout: float = 10.0) -> bool:
        return self.deliverer.wait(timeout)

    def attempts(self) -> list[Delivery]:
        return list(self.deliverer.attempts)

    def clear(self) -> None:
        self.deliverer.clear()
