"""The customer record: plain data, no HTTP and no rules (those live in ``backend``)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

from wcmock.php import wp_date
from wcmock.records import Record
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


# a blank address is a copy of a kept one: a C call, which a record's construction makes twice
empty_billing: Callable[[], dict[str, str]] = dict.fromkeys(BILLING_FIELDS, "").copy
empty_shipping: Callable[[], dict[str, str]] = dict.fromkeys(SHIPPING_FIELDS, "").copy


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

    Construction writes each slot through its descriptor (``_slot_writers``), where a plain
    dataclass's ``__init__`` goes through ``__setattr__`` once per field (two dozen revision bumps
    for nothing) and a frozen one's through ``object.__setattr__`` (a name lookup per field): a
    store's create, update and copy build one or two records each. Assignment then bumps
    ``revision``. The dataclass compiles no method of its own: ``repr`` and ``==`` are
    :class:`Record`'s (and it stays unhashable, as a mutable dataclass is)."""
    made = dataclass(slots=True, init=False, repr=False, eq=False)(cls)
    init, build, clone, writer = _slot_writers(made)
    type.__setattr__(made, "__init__", init)
    type.__setattr__(made, "_build", staticmethod(build))
    type.__setattr__(made, "_clone", staticmethod(clone))
    type.__setattr__(made, "_writer", writer)
    type.__setattr__(made, "__setattr__", _assign)
    return made


class _Factory:
    """The default of a field made by a factory (the dataclass ``__init__``'s own sentinel, ours)."""

    def __repr__(self) -> str:
        return "<factory>"


def _slot_writers(
    cls: type[Any],
) -> tuple[Callable[..., None], Callable[..., Any], Callable[[Any], Any], type[Any]]:
    """``(__init__, build, clone, writer)`` for a slotted dataclass: ``__init__`` with the
    dataclass's own signature (defaults and factories); ``build(...)`` the same record as
    ``cls(...)`` from the same arguments, by a plain function call (a third of a record's
    construction is ``type.__call__`` finding and calling ``__init__``, and the swap to the
    writer class a new record needs no swap for: a store's create builds one an item);
    ``clone(record)`` a new record with every slot as the record's (no factory run, no
    revision drawn); and the writer class.

    Both write the slots as a subclass of no slots of its own (``writer``) with the plain
    ``__setattr__`` sees them, then make the record a ``cls`` again (``__class__``: the same slots,
    the same layout): an attribute store, which Python does without a call, where writing each
    slot through its descriptor's ``__set__`` was a call per field, three quarters of a create's
    record made (the record is nobody else's yet, so nobody sees it as the other class)."""
    fields_ = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields_) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: only plain fields are written slot by slot")
    writer = type(f"{cls.__name__}Writer", (cls,), {"__slots__": (), "__setattr__": object.__setattr__})
    factory = _Factory()
    names: dict[str, Any] = {
        "_factory": factory,
        "_new": object.__new__,
        "_cls": cls,
        "_writer": writer,
        "_as": object.__setattr__,
    }
    params, body, builds, copies = ["self"], ["    _as(self, '__class__', _writer)"], ["    new = _new(_writer)"], []
    for f in fields_:
        if f.default is not dataclasses.MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            names[f"_make_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_factory")
            body.append(f"    if {f.name} is _factory: {f.name} = _make_{f.name}()")
            builds.append(f"    if {f.name} is _factory: {f.name} = _make_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"    self.{f.name} = {f.name}")
        builds.append(f"    new.{f.name} = {f.name}")
        copies.append(f"    new.{f.name} = record.{f.name}")
    source = "\n".join(
        [
            f"def __init__({', '.join(params)}):",
            *body,
            "    self.__class__ = _cls",
            f"def build({', '.join(params[1:])}):",
            *builds,
            "    new.__class__ = _cls",
            "    return new",
            "def clone(record):",
            "    new = _new(_writer)",
            *copies,
            "    new.__class__ = _cls",
            "    return new",
        ]
    )
    exec(compile(source, f"<{cls.__name__} slot writers>", "exec"), names)  # our own source, from the fields
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    build = names["build"]
    build.__qualname__ = f"{cls.__qualname__}._build"
    return init, build, names["clone"], writer


@revisioned
class Customer(Record):
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
    revision: int = field(default_factory=_next_revision)

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

    def settle(self, **fields: Any) -> None:
        """Set fields of a draft nobody has seen yet (a create's id, login, password) at once: one
        new ``revision`` for all of them, where assigning each draws one."""
        _set(self, "__class__", self._writer)  # type: ignore[attr-defined]  # added by @revisioned
        for name, value in fields.items():
            setattr(self, name, value)
        self.revision = _next_revision()
        self.__class__ = Customer

    def copy(self) -> Customer:
        """A copy to change (with a new ``revision``): the nested dicts and lists are copied too."""
        new: Customer = self._clone(self)  # type: ignore[attr-defined]  # added by @revisioned
        _set(new, "__class__", self._writer)  # type: ignore[attr-defined]  # the copy is nobody's yet
        new.billing = dict(self.billing)
        new.shipping = dict(self.shipping)
        new.meta = [dict(m) for m in self.meta]
        new.downloads = [dict(d) for d in self.downloads]
        new.revision = _next_revision()
        new.__class__ = Customer
        return new


# every field but the ones a save moves whatever it changes (``revision`` and ``date_modified``)
_MOVED = ("revision", "date_modified")
_but_modified = attrgetter(*(f.name for f in dataclasses.fields(Customer) if f.name not in _MOVED))


def only_redated(old: Customer, new: Customer) -> bool:
    """Whether ``new`` is ``old`` but for ``date_modified`` (and ``revision``): what an update that
    sets what is already there leaves (a save moves the date)."""
    return bool(_but_modified(old) == _but_modified(new))
