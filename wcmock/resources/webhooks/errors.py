"""The webhooks resource's errors, as a real store words them (``WC_REST_Webhooks_V1_Controller``).

The controller words an unknown id two ways: "Invalid ID." (id 0 on GET, any id on a forced DELETE)
and "ID is invalid." (an unknown id on GET, 404, and on an update, 400).
"""

from __future__ import annotations

from wcmock.errors import KnownError

CODE = "woocommerce_rest_shop_webhook_invalid_id"


class InvalidWebhookId(KnownError):
    CODE, MESSAGE, STATUS = CODE, "Invalid ID.", 404


class WebhookNotFound(KnownError):
    CODE, MESSAGE, STATUS = CODE, "ID is invalid.", 404


class NoWebhookToUpdate(KnownError):
    CODE, MESSAGE = CODE, "ID is invalid."


class WebhookExists(KnownError):
    CODE, MESSAGE = "woocommerce_rest_shop_webhook_exists", "Cannot create existing shop_webhook."


class InvalidTopic(KnownError):
    """An update says "Webhook topic must be valid." instead."""

    CODE, MESSAGE = "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid."


class InvalidStatus(KnownError):
    CODE, MESSAGE = "woocommerce_rest_shop_webhook_invalid_status", "Webhook status must be valid."


class InvalidDeliveryUrl(KnownError):
    CODE = "woocommerce_rest_shop_webhook_invalid_delivery_url"
    MESSAGE = "Webhook delivery URL must be a valid URL starting with http:// or https://."


class UnknownWebhookOfDeliveries(KnownError):
    CODE, MESSAGE, STATUS = "woocommerce_rest_webhook_invalid_id", "Invalid webhook ID.", 404


class NoSuchDelivery(KnownError):
    """Deliveries are no longer logged, so every one is unknown."""

    CODE, MESSAGE, STATUS = "woocommerce_rest_invalid_id", "Invalid resource ID.", 404
