"""The webhooks resource's errors, as a real store words them (``WC_REST_Webhooks_V1_Controller``)."""

from __future__ import annotations

from wcmock.errors import KnownError


class InvalidWebhookId(KnownError):
    CODE, MESSAGE, STATUS = "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.", 404


class InvalidTopic(KnownError):
    CODE, MESSAGE = "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid."


class InvalidDeliveryUrl(KnownError):
    CODE = "woocommerce_rest_shop_webhook_invalid_delivery_url"
    MESSAGE = "Webhook delivery URL must be a valid URL starting with http:// or https://."
