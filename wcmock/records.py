"""``repr``, ``==`` and ``hash`` for the records' dataclasses, written once for all of them, and
:func:`immutable`, a dataclass frozen for the type checker.

``@dataclass`` writes these methods for each class as source text and compiles it (``exec``) when
the class is made, at import: 0.2-2 ms a class, ~10 ms of every cold start over the records a
start loads (a product has 54 fields). A record takes them from here instead:
``@dataclass(slots=True, repr=False, eq=False)`` on a subclass of :class:`Record` (mutable:
unhashable, as a dataclass with ``eq`` is), or ``frozen=True`` on a subclass of
:class:`FrozenRecord` (hashed by its fields, as a frozen dataclass is). They answer what the
generated methods answer: the same text (the fields shown with ``repr=True``, ``...`` for a record
met again inside itself), equality between records of the same class by the fields ``compare``
keeps, and the same hash (``tests/test_records.py`` holds them to ``@dataclass``'s own).

A frozen dataclass costs two more compiled methods (``__setattr__``, ``__delattr__``) and an
``__init__`` that writes each field through ``object.__setattr__``: ~0.35 ms a class at import,
~6 ms of a cold start over the ~15 immutable classes a start loads. :func:`immutable` makes them
frozen where it is checked, by mypy (strict on the package: ``tests/test_typing.py``), and plain
slotted dataclasses at run time.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

Values = Callable[[Any], tuple[Any, ...]]
# per class: the names its repr shows, and what its == and hash compare (read at first use)
_plans: dict[type, tuple[tuple[str, ...], Values, Values]] = {}


def _getter(names: tuple[str, ...]) -> Values:
    def values(record: Any) -> tuple[Any, ...]:
        return tuple([getattr(record, name) for name in names])

    return values


def _plan(cls: type) -> tuple[tuple[str, ...], Values, Values]:
    plan = _plans.get(cls)
    if plan is None:
        fields = dataclasses.fields(cls)
        shown = tuple(f.name for f in fields if f.repr)
        compared = _getter(tuple(f.name for f in fields if f.compare))
        hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
        plan = _plans[cls] = (shown, compared, hashed)
    return plan


class Record:
    """A dataclass's ``repr`` and ``==``; unhashable, as a mutable dataclass with ``eq`` is."""

    __slots__ = ()

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = _plan(self.__class__)[0]
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            compared = _plan(self.__class__)[1]
            return compared(self) == compared(other)
        return NotImplemented

    # no __hash__: a class that defines __eq__ alone is unhashable (Python sets it to None)


class FrozenRecord(Record):
    """A frozen dataclass's ``repr``, ``==`` and ``hash``."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(_plan(self.__class__)[2](self))


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def immutable(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True, slots=True, repr=False, eq=False)`` to mypy, which refuses any
    assignment to a field; the same class without ``frozen`` at run time (see the module's docstring)."""
    return dataclasses.dataclass(slots=True, repr=False, eq=False)(cls)
