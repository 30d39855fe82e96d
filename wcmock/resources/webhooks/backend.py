"""The webhooks backend: one store's webhooks, numbered by the shell's ``webhooks`` sequence.

Webhooks are frozen records, replaced and never changed in place, so a captured state shares them.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.webhooks.models import Webhook
from wcmock.store import Store

NAME = "webhooks"


class WebhooksBackend:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.records: dict[int, Webhook] = {}

    def capture(self) -> dict[int, Webhook]:
        return dict(self.records)

    def restore(self, state: dict[int, Webhook]) -> None:
        self.records = dict(state)

    def get(self, webhook_id: int) -> Webhook | None:
        return self.records.get(webhook_id)

    def all(self) -> list[Webhook]:
        return list(self.records.values())

    def add(self, **fields: Any) -> Webhook:
        with self.store.lock:
            webhook = Webhook(id=self.store.ids.take("webhooks"), date_created=self.store.now(), **fields)
            self.records[webhook.id] = webhook
            return webhook

    def put(self, webhook: Webhook) -> Webhook:
        """Replace a webhook that still exists (a delivery result may arrive after its deletion)."""
        with self.store.lock:
            if webhook.id in self.records:
                self.records[webhook.id] = webhook
            return webhook

    def remove(self, webhook_id: int) -> Webhook | None:
        with self.store.lock:
            return self.records.pop(webhook_id, None)


def webhooks_of(store: Store) -> WebhooksBackend:
    """The store's webhooks backend (made on first use)."""
    return store.backend(NAME, WebhooksBackend)
