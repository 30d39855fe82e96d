"""The customer record: plain data, no HTTP and no rules (those live in ``backend``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar, dataclass_transform

from wcmock.php import wp_date
from wcmock.wordpress import avatar_url

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
SITE_ROLES = ("administrator", "editor", "author", "contributor", "subscriber", "customer", "shop_manager")


def empty_billing() -> dict[str, str]:
    return dict.fromkeys(BILLING_FIELDS, "")


def empty_shipping() -> dict[str, str]:
    return dict.fromkeys(SHIPPING_FIELDS, "")


_REVISIONS = itertools.count(1)
_next_revision = _REVISIONS.__next__
_set = object.__setattr__
T = TypeVar("T")


def _assign(self: Any, name: str, value: Any) -> None:
    """Every assignment after construction gives the record a new ``revision``."""
    _set(self, name, value)
    if name != "revision":
        _set(self, "revision", _next_revision())


@dataclass_transform(field_specifiers=(field,))
def revisioned(cls: type[T]) -> type[T]:
    """A slotted dataclass whose ``revision`` changes on every assignment after construction.

    The class is made frozen only for the ``__init__`` that gives it: that one writes each field
    with ``object.__setattr__``, where a plain dataclass's goes through ``__setattr__`` once per
    field (two dozen revision bumps for nothing, a fifth of a create's store time). Assignment is
    then allowed again, bumping ``revision``; the record stays unhashable, as a mutable
    dataclass is."""
    made = dataclass(slots=True, frozen=True)(cls)
    type.__setattr__(made, "__setattr__", _assign)
    type.__setattr__(made, "__delattr__", object.__delattr__)
    type.__setattr__(made, "__hash__", None)
    return made


@revisioned
class Customer:
    """A WordPress user as WooCommerce sees it. Dates are timezone-aware UTC datetimes.

    ``revision`` changes whenever an attribute is assigned, so renderings can be cached by it; change
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
    application_passwords: tuple[str, ...] = ()  # WordPress application passwords, alphanumerics only
    revision: int = field(default_factory=lambda: next(_REVISIONS))  # last: a copy restores it after the others

    # the API's names for what is stored under other names or computed, so a record reads as the
    # API's JSON does (``wcmock.add_customer(...).meta_data``)

    @property
    def meta_data(self) -> list[dict[str, Any]]:
        """``meta``, by its name in the API."""
        return self.meta

    @property
    def date_created_gmt(self) -> str:
        """``date_created`` in UTC, as the API writes it (``2024-05-01T10:00:00``)."""
        return str(wp_date(self.date_created))

    @property
    def date_modified_gmt(self) -> str | None:
        """``date_modified`` in UTC, as the API writes it, or None."""
        return wp_date(self.date_modified)

    @property
    def avatar_url(self) -> str:
        """The Gravatar URL the API shows for the email."""
        return avatar_url(self.email)

    def copy(self) -> Customer:
        """A copy to change (with a new ``revision``): the nested dicts and lists are copied too."""
        return replace(
            self,
            billing=dict(self.billing),
            shipping=dict(self.shipping),
            meta=[dict(m) for m in self.meta],
            downloads=[dict(d) for d in self.downloads],
            revision=next(_REVISIONS),
        )
