"""``/wc/v2|v3/webhooks``: the webhooks resource, with WooCommerce's fields, arguments and errors."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from wcmock.errors import TrashNotSupported
from wcmock.php import to_int, wp_date
from wcmock.resources.base import Mount, Mounted
from wcmock.resources.webhooks.backend import webhooks_of
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
from wcmock.rest.batch import batch_response, run_batch, run_item
from wcmock.rest.pagination import Paging
from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route
from wcmock.store import Store
from wcmock.versions import VERSIONS, since
from wcmock.wordpress import is_valid_url

CONTEXT = {
    "description": "Scope under which the request is made; determines fields present in response.",
    "type": "string",
    "enum": ["view", "edit"],
    "default": "view",
    "required": False,
    "sanitize": "sanitize_key",
}
ID_ARG = {"description": "Unique identifier for the resource.", "type": "integer", "required": False}
WRITABLE = {
    "name": {"description": "A friendly name for the webhook.", "type": "string", "required": False},
    "status": {"description": "Webhook status.", "type": "string", "enum": list(STATUSES), "required": False},
    "topic": {"description": "Webhook topic.", "type": "string", "required": False},
    "secret": {
        "description": "Secret key used to generate a hash of the delivered webhook and provided in the "
        "request headers. This will default to a MD5 hash from the current user's ID|username if not provided.",
        "type": "string",
        "required": False,
    },
}
COLLECTION_ARGS = {
    "context": CONTEXT,
    "page": {
        "description": "Current page of the collection.",
        "type": "integer",
        "default": 1,
        "minimum": 1,
        "required": False,
        "sanitize": "absint",
    },
    "per_page": {
        "description": "Maximum number of items to be returned in result set.",
        "type": "integer",
        "default": 10,
        "minimum": 1,
        "maximum": 100,
        "required": False,
        "sanitize": "absint",
    },
    "search": {
        "description": "Limit results to those matching a string.",
        "type": "string",
        "required": False,
        "sanitize": "sanitize_text_field",
    },
    "exclude": {
        "description": "Ensure result set excludes specific IDs.",
        "type": "array",
        "items": {"type": "integer"},
        "default": [],
        "required": False,
        "sanitize": "wp_parse_id_list",
        "validate": False,
    },
    "include": {
        "description": "Limit result set to specific ids.",
        "type": "array",
        "items": {"type": "integer"},
        "default": [],
        "required": False,
        "sanitize": "wp_parse_id_list",
        "validate": False,
    },
    "offset": {
        "description": "Offset the result set by a specific number of items.",
        "type": "integer",
        "required": False,
        "sanitize": "absint",
    },
    "order": {
        "description": "Order sort attribute ascending or descending.",
        "type": "string",
        "default": "desc",
        "enum": ["asc", "desc"],
        "required": False,
        "sanitize": "sanitize_key",
    },
    "orderby": {
        "description": "Sort collection by object attribute.",
        "type": "string",
        "default": "date",
        "enum": ["date", "id", "title"],
        "required": False,
        "sanitize": "sanitize_key",
    },
    "status": {
        "description": "Limit result set to webhooks assigned a specific status.",
        "type": "string",
        "default": "all",
        "enum": ["all", *STATUSES],
        "required": False,
        "sanitize": "sanitize_key",
    },
}
SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "webhook",
    "type": "object",
    "properties": {
        "id": {
            "description": "Unique identifier for the resource.",
            "type": "integer",
            "context": ["view", "edit"],
            "readonly": True,
        },
        **{
            k: {kk: vv for kk, vv in v.items() if kk != "required"} | {"context": ["view", "edit"]}
            for k, v in WRITABLE.items()
        },
        "resource": {
            "description": "Webhook resource.",
            "type": "string",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "event": {"description": "Webhook event.", "type": "string", "context": ["view", "edit"], "readonly": True},
        "hooks": {
            "description": "WooCommerce action names associated with the webhook.",
            "type": "array",
            "context": ["view", "edit"],
            "readonly": True,
            "items": {"type": "string"},
        },
        "delivery_url": {
            "description": "The URL where the webhook payload is delivered.",
            "type": "string",
            "format": "uri",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "date_created": {
            "description": "The date the webhook was created, in the site's timezone.",
            "type": "date-time",
            "context": ["view", "edit"],
            "readonly": True,
        },
        "date_modified": {
            "description": "The date the webhook was last modified, in the site's timezone.",
            "type": "date-time",
            "context": ["view", "edit"],
            "readonly": True,
        },
    },
}


class WebhooksResource:
    """One version's webhooks routes. Deliveries themselves are the ``deliveries`` service's job."""

    def __init__(self, version: str, deliveries: Any) -> None:
        self.version = version
        self.deliveries = deliveries
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
        return RestResponse(self.body(request, webhook), status, headers, links=self.links(request, webhook.id))

    # ------------------------------------------------------------------ handlers

    def list(self, request: RestRequest) -> RestResponse:
        p = request.params
        webhooks = webhooks_of(request.store).all()
        if p["include"]:
            webhooks = [w for w in webhooks if w.id in p["include"]]
        elif p["exclude"]:
            webhooks = [w for w in webhooks if w.id not in p["exclude"]]
        if p["status"] != "all":
            webhooks = [w for w in webhooks if w.status == p["status"]]
        if p.get("search"):
            webhooks = [w for w in webhooks if p["search"].lower() in w.name.lower()]
        # MySQL keeps dates to the second and leaves ties in table (id) order in either direction;
        # Python's sort is stable with reverse=True too, so webhooks made in one second stay 1, 2, 3.
        key = {"id": lambda w: w.id, "title": lambda w: (w.name.lower(), w.id)}.get(
            p["orderby"], lambda w: w.date_created.replace(microsecond=0)
        )
        webhooks.sort(key=key, reverse=p["order"] == "desc")
        paging = Paging.of(p)
        page = webhooks[paging.offset : paging.offset + paging.per_page]
        data = [{**self.body(request, w), "_links": self.links(request, w.id)} for w in page]
        return RestResponse(data, 200, paging.headers(len(webhooks)))

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
        return RestResponse(self.body(request, webhook), links=self.links(request, webhook.id))

    def batch(self, request: RestRequest) -> RestResponse:
        """Each item as its own request, permission check first (``run_batch``, ``run_item``)."""
        out = run_batch(
            request.params,
            create=lambda item: run_item(request, "POST", {**request.query, **item}, self.can("create"), self.create),
            update=lambda item: run_item(request, "PUT", item, self.can("edit"), self.update),
            delete=lambda query: run_item(request, "DELETE", query, self.can("delete"), self.delete),
        )
        return batch_response(out, lambda envelope: None)  # webhook answers have no schema of their own


def _given(value: Any) -> bool:
    """PHP's ``! empty()``: not null, ``""``, ``"0"``, ``0``, ``false`` or an empty array."""
    return value not in (None, "", "0", 0, False) and value != [] and value != {}


SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|"

SINCE = "v2"  # wc/v1 serves no webhooks


def mount(store: Store, context: Mount) -> Mounted:
    """The webhooks routes of every version that serves them; a new active webhook is pinged."""
    return Mounted(
        [route for version in since(SINCE) for route in WebhooksResource(version, context.deliveries).routes]
    )
