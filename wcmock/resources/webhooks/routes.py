"""``/wc/v2|v3/webhooks``: the webhooks resource, with WooCommerce's fields, arguments and errors."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from wcmock.errors import TrashNotSupported
from wcmock.php import to_int, wp_date
from wcmock.resources.base import Mount, Mounted
from wcmock.resources.webhooks.args import COLLECTION_ARGS, CONTEXT, ID_ARG, SCHEMA, WRITABLE
from wcmock.resources.webhooks.backend import SINCE, WebhookQuery, webhooks_of
from wcmock.resources.webhooks.errors import (
    InvalidDeliveryUrl,
    InvalidStatus,
    InvalidTopic,
    InvalidWebhookId,
    NoWebhookToUpdate,
    WebhookExists,
    WebhookNotFound,
)
from wcmock.resources.webhooks.models import STATUSES, Webhook, valid_topic
from wcmock.rest import permissions
from wcmock.rest.batch import run_batch, run_item
from wcmock.rest.pagination import Paging
from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route
from wcmock.store import Store
from wcmock.validation import check_response
from wcmock.versions import VERSIONS, since
from wcmock.wordpress import is_valid_url


class WebhooksResource:
    """One version's webhooks routes. Deliveries themselves are the ``deliveries`` service's job."""

    def __init__(self, version: str, deliveries: Any, *, validation: str = "strict") -> None:
        self.version = version
        self.deliveries = deliveries
        self.validation = validation
        base = f"/wc/{version}/webhooks"
        namespace = f"wc/{version}"
        create_args = {
            **WRITABLE,
            "topic": {**WRITABLE["topic"], "required": True},
            "delivery_url": {"description": "Webhook delivery URL.", "type": "string", "required": True},
        }
        edit_args = {
            "id": ID_ARG,
            **WRITABLE,
            "delivery_url": {"description": "Webhook delivery URL.", "type": "string", "required": False},
        }
        self.routes = [
            Route(
                base,
                namespace,
                [
                    Endpoint(("GET",), self.list, self.can("list"), COLLECTION_ARGS),
                    Endpoint(("POST",), self.create, self.can("create"), create_args),
                ],
                SCHEMA,
            ),
            Route(
                base + r"/(?P<id>[\d]+)",
                namespace,
                [
                    Endpoint(("GET",), self.read, self.can("read"), {"id": ID_ARG, "context": CONTEXT}),
                    Endpoint(("POST", "PUT", "PATCH"), self.update, self.can("edit"), edit_args),
                    Endpoint(
                        ("DELETE",),
                        self.delete,
                        self.can("delete"),
                        {
                            "id": ID_ARG,
                            "force": {
                                "default": False,
                                "type": "boolean",
                                "description": "Required to be true, as resource does not support trashing.",
                                "required": False,
                            },
                        },
                    ),
                ],
                SCHEMA,
            ),
            Route(
                base + "/batch",
                namespace,
                [
                    Endpoint(("POST", "PUT", "PATCH"), self.batch, self.can("batch"), {}),
                ],
            ),
        ]

    # ------------------------------------------------------------------ permissions

    MESSAGES: ClassVar[dict[str, tuple[str, str]]] = {
        "list": ("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
        "create": ("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
        "read": ("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
        "edit": ("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
        "delete": ("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."),
        "batch": ("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource."),
    }

    def can(self, action: str) -> Any:
        code, message = self.MESSAGES[action]

        def check(request: RestRequest) -> None:  # the user's capability only: ids are the handlers' business
            if not permissions.can(request.user, "manage_woocommerce"):
                raise permissions.denied(request.user, code, message)

        return check

    # ------------------------------------------------------------------ rendering

    def url(self, request: RestRequest, webhook_id: int | None = None) -> str:
        base = f"{request.api_root}/wc/{self.version}/webhooks"
        return base if webhook_id is None else f"{base}/{webhook_id}"

    def body(self, request: RestRequest, webhook: Webhook) -> dict[str, Any]:
        local = request.store.settings.local
        return {
            "id": webhook.id,
            "name": webhook.name,
            "status": webhook.status,
            "topic": webhook.topic,
            "resource": webhook.resource,
            "event": webhook.event,
            "hooks": webhook.hooks,
            "delivery_url": webhook.delivery_url,
            "date_created": wp_date(local(webhook.date_created)),
            "date_created_gmt": wp_date(webhook.date_created),
            "date_modified": wp_date(local(webhook.date_modified)) if webhook.date_modified else None,
            "date_modified_gmt": wp_date(webhook.date_modified),
        }

    def links(self, request: RestRequest, webhook_id: int) -> dict[str, Any]:
        # The permission checks behind targetHints ask about the user, never the webhook, so even a
        # deleted webhook's self link carries them (recorded from the real store).
        self_link: dict[str, Any] = {"href": self.url(request, webhook_id)}
        if permissions.can(request.user, "manage_woocommerce"):
            self_link["targetHints"] = {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]}
        return {"self": [self_link], "collection": [{"href": self.url(request)}]}

    def single(self, request: RestRequest, webhook: Webhook, status: int = 200, **headers: Any) -> RestResponse:
        body, links = self.body(request, webhook), self.links(request, webhook.id)
        self.check({**body, "_links": links}, "webhook")
        return RestResponse(body, status, headers, links=links)

    def check(self, payload: Any, kind: str) -> None:
        """Every answer is validated against ``schemas/`` before it leaves, as customers' are."""
        check_response(payload, version=self.version, kind=kind, mode=self.validation)

    # ------------------------------------------------------------------ handlers

    def list(self, request: RestRequest) -> RestResponse:
        p = request.params
        paging = Paging.of(p)
        query = WebhookQuery(
            include=p["include"],
            exclude=p["exclude"],
            status=p["status"],
            search=p.get("search") or "",
            orderby=p["orderby"],
            order=p["order"],
            offset=paging.offset,
            per_page=paging.per_page,
        )
        total, page = webhooks_of(request.store).query(query)
        data = [{**self.body(request, w), "_links": self.links(request, w.id)} for w in page]
        self.check(data, "webhooks")
        return RestResponse(data, 200, paging.headers(total))

    def read(self, request: RestRequest) -> RestResponse:
        webhook_id = to_int(request.params.get("id"))
        if not webhook_id:
            raise InvalidWebhookId()
        webhook = webhooks_of(request.store).get(webhook_id)
        if webhook is None:  # prepare_item_for_response's own check
            raise WebhookNotFound()
        return self.single(request, webhook)

    def create(self, request: RestRequest) -> RestResponse:
        """``create_item``: no ``id``, a valid topic and URL; the name and secret default, the status
        is always ``active`` (whatever the request says); then a ping."""
        p = request.params
        if _given(p.get("id")):
            raise WebhookExists()
        if not _given(p.get("topic")) or not valid_topic(str(p["topic"]).lower()):
            raise InvalidTopic()
        if not _given(p.get("delivery_url")) or not is_valid_url(str(p["delivery_url"])):
            raise InvalidDeliveryUrl()
        store = request.store
        with store.lock:
            name = str(p["name"]) if _given(p.get("name")) else ""
            secret = str(p["secret"]) if _given(p.get("secret")) else ""
            webhook = webhooks_of(store).add(
                api_version=VERSIONS[self.version].webhook_api_version,
                user_id=request.user.id if request.user else 0,
                name=name or "Webhook created on " + store.now().strftime("%b %d, %Y @ %I:%M %p"),
                secret=secret or "".join(store.random.choice(SECRET_ALPHABET) for _ in range(50)),
                topic=str(p["topic"]).lower(),
                delivery_url=str(p["delivery_url"]),
            )
        self.deliveries.ping(webhook)
        return self.single(request, webhook, 201, Location=self.url(request, webhook.id))

    def update(self, request: RestRequest) -> RestResponse:
        """``update_item``: each non-empty field is checked as it is set; nothing is saved on an error."""
        p = request.params
        store = request.store
        with store.lock:
            current = webhooks_of(store).get(to_int(p.get("id")))
            if current is None:
                raise NoWebhookToUpdate()
            fields: dict[str, Any] = {}
            if _given(p.get("topic")):
                if not valid_topic(str(p["topic"]).lower()):
                    raise InvalidTopic("Webhook topic must be valid.")
                fields["topic"] = str(p["topic"]).lower()
            if _given(p.get("delivery_url")):
                if not is_valid_url(str(p["delivery_url"])):
                    raise InvalidDeliveryUrl()
                fields["delivery_url"] = str(p["delivery_url"])
            if _given(p.get("secret")):
                fields["secret"] = str(p["secret"])
            if _given(p.get("status")):
                if str(p["status"]).lower() not in STATUSES:  # reachable in a batch, which skips validation
                    raise InvalidStatus()
                fields["status"] = str(p["status"]).lower()
            if _given(p.get("name")):
                fields["name"] = str(p["name"])
            if fields.get("status") == "active" and current.status != "active":
                fields["failure_count"] = 0  # re-activating forgives earlier failures, as WooCommerce does
            webhook = webhooks_of(store).put(replace(current, date_modified=store.now(), **fields))
        return self.single(request, webhook)

    def delete(self, request: RestRequest) -> RestResponse:
        """``force`` is checked before the id, so a DELETE without it is 501 whatever the id."""
        if not request.params.get("force"):
            raise TrashNotSupported("Webhooks do not support trashing.")
        webhook = webhooks_of(request.store).remove(to_int(request.params.get("id")))
        if webhook is None:
            raise InvalidWebhookId()
        return self.single(request, webhook)

    def batch(self, request: RestRequest) -> RestResponse:
        """Each item as its own request, permission check first (``run_batch``, ``run_item``)."""
        out = run_batch(
            request.params,
            create=lambda item: run_item(request, "POST", {**request.query, **item}, self.can("create"), self.create),
            update=lambda item: run_item(request, "PUT", item, self.can("edit"), self.update),
            delete=lambda query: run_item(request, "DELETE", query, self.can("delete"), self.delete),
        )
        self.check(out if out else [], "webhook_batch")
        return RestResponse(out if out else [])


def _given(value: Any) -> bool:
    """PHP's ``! empty()``: not null, ``""``, ``"0"``, ``0``, ``false`` or an empty array."""
    return value not in (None, "", "0", 0, False) and value != [] and value != {}


SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|"


def mount(store: Store, context: Mount) -> Mounted:
    """The webhooks routes of every version that serves them; a new active webhook is pinged."""
    resources = [
        WebhooksResource(version, context.deliveries, validation=context.validation) for version in since(SINCE)
    ]
    return Mounted([route for resource in resources for route in resource.routes])
