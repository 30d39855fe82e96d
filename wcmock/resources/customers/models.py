"""The customer record and the store settings: plain data, no HTTP and no rules."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

BILLING_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "country",
    "state",
    "email",
    "phone",
)
SHIPPING_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "country",
    "state",
    "phone",
)
DELETABLE_ROLES = ("customer", "subscriber")
SITE_ROLES = ("administrator", "editor", "author", "contributor", "subscriber", "customer", "shop_manager")


def empty_billing() -> dict[str, str]:
    return dict.fromkeys(BILLING_FIELDS, "")


def empty_shipping() -> dict[str, str]:
    return dict.fromkeys(SHIPPING_FIELDS, "")


_TAGS = itertools.count(1)


@dataclass(slots=True)
class Customer:
    """A WordPress user as WooCommerce sees it. Dates are timezone-aware UTC datetimes.

    ``tag`` changes whenever an attribute is assigned, so renderings can be cached by it; change
    nested values (addresses, meta) by assigning a new dict or list, or through the store.
    """

    id: int
    email: str
    username: str
    date_created: datetime
    password: str = ""
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    role: str = "customer"
    date_modified: datetime | None = None
    billing: dict[str, str] = field(default_factory=empty_billing)
    shipping: dict[str, str] = field(default_factory=empty_shipping)
    is_paying_customer: bool = False
    orders_count: int = 0
    total_spent: str = "0.00"
    last_order_id: int | None = None
    last_order_date: datetime | None = None
    meta: list[dict[str, Any]] = field(default_factory=list)
    downloads: list[dict[str, Any]] = field(default_factory=list)
    order_stats_cached: bool = False
    application_passwords: tuple[str, ...] = ()  # WordPress application passwords, alphanumerics only
    tag: int = field(default_factory=lambda: next(_TAGS))  # last: a copy restores it after the others

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name != "tag":
            object.__setattr__(self, "tag", next(_TAGS))

    def copy(self) -> Customer:
        """A copy to change (with a new ``tag``): the nested dicts and lists are copied too."""
        return replace(
            self,
            billing=dict(self.billing),
            shipping=dict(self.shipping),
            meta=[dict(m) for m in self.meta],
            downloads=[dict(d) for d in self.downloads],
            tag=next(_TAGS),
        )


@dataclass(slots=True)
class Settings:
    """What a WooCommerce shop owner configures and a test may want to change."""

    timezone: tzinfo = UTC
    generate_username: bool = True
    generate_password: bool = True
    site_name: str = "wcmock"
    auth: bool = True  # False: every request acts as the first administrator
    basic_auth_over_http: bool = True  # False: Basic, query keys and app passwords need HTTPS, like a stock store
    strip_authorization: bool = False  # True: the Authorization header never reaches WooCommerce (a misconfigured host)
    webhook_timeout: float = 60.0  # seconds a receiver may take, as WooCommerce's delivery timeout
    now: str | None = None  # freeze the store's clock at this instant (and again on every reset)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)


def utc_offset(text: str) -> tzinfo:
    """A site timezone from ``UTC``, ``+02:00``, ``UTC-3`` or an IANA name such as ``America/Sao_Paulo``."""
    raw = text.strip()
    spec = raw.upper().removeprefix("UTC").removeprefix("GMT")
    if not spec:
        return UTC
    if spec[0] in "+-":
        sign = -1 if spec[0] == "-" else 1
        hours, _, minutes = spec[1:].partition(":")
        return timezone(sign * timedelta(hours=float(hours), minutes=int(minutes or 0)))
    from zoneinfo import ZoneInfo

    return ZoneInfo(raw)
