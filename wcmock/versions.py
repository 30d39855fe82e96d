"""The one registry of WooCommerce REST API versions: every version list in wcmock reads from here.

A version is a namespace (``wc/v3``) and the name WooCommerce stores on a webhook for it
(``wp_api_v3``). Which resources a version serves is each resource's own fact (its ``since``:
webhooks start at v2), asked through :func:`since`. Adding a version is one line in ``VERSIONS``
plus, in each resource, the view (and published arguments) that version brings.
"""

from __future__ import annotations

from wcmock.records import immutable


@immutable
class ApiVersion:
    """One ``wc/vN`` namespace."""

    name: str  # "v3"
    webhook_api_version: str  # what WooCommerce stores in a webhook's api_version: "wp_api_v3"

    @property
    def namespace(self) -> str:
        return f"wc/{self.name}"


VERSIONS: dict[str, ApiVersion] = {
    "v1": ApiVersion("v1", "wp_api_v1"),
    "v2": ApiVersion("v2", "wp_api_v2"),
    "v3": ApiVersion("v3", "wp_api_v3"),
}
NAMES: tuple[str, ...] = tuple(VERSIONS)
LATEST = NAMES[-1]
NAMESPACES: tuple[str, ...] = tuple(v.namespace for v in VERSIONS.values())


def since(first: str) -> tuple[str, ...]:
    """The versions from ``first`` on, oldest first (``since("v2")`` -> ``("v2", "v3")``)."""
    return NAMES[NAMES.index(first) :]


def by_webhook_api_version(value: str) -> str:
    """The version a webhook's stored ``api_version`` names (WooCommerce falls back to the latest)."""
    return next((v.name for v in VERSIONS.values() if v.webhook_api_version == value), LATEST)
