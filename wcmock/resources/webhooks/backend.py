"""The webhooks backend: one store's webhooks, numbered by the shell's ``webhooks`` sequence.

Webhooks are frozen records, replaced and never changed in place, so a captured state shares them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

from wcmock.records import immutable
from wcmock.resources.webhooks.models import Webhook
from wcmock.store import Store

NAME = "webhooks"
SINCE = "v2"  # wc/v1 serves no webhooks


@immutable
class WebhookQuery:
    """The list filters of ``WC_Webhook_Data_Store::search_webhooks``, already sanitised."""

    include: list[int] = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)
    status: str = "all"
    search: str = ""
    orderby: str = "date"
    order: str = "desc"
    offset: int = 0
    per_page: int = 10


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

    def query(self, q: WebhookQuery) -> tuple[int, list[Webhook]]:
        """Filter, order, then one page, plus the total.

        ``include`` and ``exclude`` both apply; the search looks in names. MySQL keeps dates to the second and
        leaves ties in table (id) order in either direction; Python's sort is stable with
        ``reverse=True`` too, so webhooks made in one second stay 1, 2, 3.
        """
        with self.store.lock:
            webhooks = list(self.records.values())
        if q.include:  # search_webhooks applies both lists (unlike WP_User_Query)
            webhooks = [w for w in webhooks if w.id in q.include]
        if q.exclude:
            webhooks = [w for w in webhooks if w.id not in q.exclude]
        if q.status != "all":
            webhooks = [w for w in webhooks if w.status == q.status]
        if q.search:
            webhooks = [w for w in webhooks if q.search.lower() in w.name.lower()]
        webhooks.sort(key=_ORDER_BY.get(q.orderby, _by_date), reverse=q.order == "desc")
        return len(webhooks), webhooks[q.offset : q.offset + q.per_page]

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


def _by_date(webhook: Webhook) -> Any:
    return webhook.date_created.replace(microsecond=0)


_ORDER_BY: dict[str, Callable[[Webhook], Any]] = {
    "id": lambda w: w.id,
    "title": lambda w: (w.name.lower(), w.id),
    "date": _by_date,
}


def webhooks_of(store: Store) -> WebhooksBackend:
    """The store's webhooks backend (made on first use)."""
    return store.backend(NAME, WebhooksBackend)
