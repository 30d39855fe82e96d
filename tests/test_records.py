"""The records' ``repr``, ``==`` and ``hash`` (``wcmock.records``) are what ``@dataclass`` would write.

Each record class is compared with a twin ``@dataclass`` makes with the generated methods (the same
fields, ``repr`` / ``compare`` / ``hash`` options and frozenness), on records of a loaded store and on
copies that differ from them in one field.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from wcmock import build_store
from wcmock.harness.faults import Fault
from wcmock.harness.journal import Journal, JournalEntry
from wcmock.records import FrozenRecord, Record
from wcmock.resources.customers.listing import CustomerQuery
from wcmock.resources.customers.models import Customer
from wcmock.resources.products.backend import products_of
from wcmock.resources.products.models import Attribute, Meta, Product, ProductDownload, Term
from wcmock.resources.products.related import Draw
from wcmock.settings import Settings
from wcmock.store import ApiKey

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "default.json"  # customers and a catalogue


def twin(cls: type) -> type:
    """``cls``'s fields in a dataclass with the generated ``repr``, ``==`` and ``hash``."""
    specs = [
        (f.name, Any, dataclasses.field(repr=f.repr, compare=f.compare, hash=f.hash)) for f in dataclasses.fields(cls)
    ]
    made = dataclasses.make_dataclass(cls.__name__, specs, frozen=issubclass(cls, FrozenRecord))
    made.__qualname__ = cls.__qualname__
    return made


def values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def copy_with(record: Any, **changes: Any) -> Any:
    """A copy of ``record`` (built field by field, no ``__init__`` of its own involved) with ``changes``."""
    new = object.__new__(type(record))
    for name, value in {**values(record), **changes}.items():
        object.__setattr__(new, name, value)
    return new


def hash_or_error(record: Any) -> int | str:
    """Its hash, or the error hashing it raises (a field holding a dict)."""
    try:
        return hash(record)
    except TypeError as error:
        return str(error)


def records() -> list[Any]:
    store = build_store([FIXTURE])
    products = list(products_of(store))
    made: list[Any] = [
        *store,  # its users: customers records
        *products,
        *(meta for product in products for meta in product.meta),
        *(attribute for product in products for attribute in product.attributes),
        *(download for product in products for download in product.downloads),
        *products_of(store).terms(),
        ProductDownload("a1", "Manual", "https://example.com/manual.pdf"),
        Attribute(0, "Colour", options=("red", "blue")),
        Meta(7, "_kept", {"nested": [1, 2.5, None]}),
        Draw(*range(len(dataclasses.fields(Draw)))),
        Settings(),
        Fault(action="error", status=503, path="/wc/v3/customers"),
        CustomerQuery(),
        ApiKey("ck_x", "cs_x", 1),
        Journal(),
    ]
    return made


@pytest.mark.parametrize("record", records(), ids=lambda r: type(r).__name__)
def test_the_same_text_equality_and_hash_as_a_generated_dataclass(record: Any) -> None:
    assert isinstance(record, Record)
    cls = type(record)
    reference = twin(cls)(**values(record))
    if cls is not Fault:  # Fault writes its own repr
        assert repr(record) == repr(reference)
    assert record == copy_with(record)
    assert record != object()
    assert (record == object()) is False
    frozen = isinstance(record, FrozenRecord)
    assert (cls.__hash__ is None) is (not frozen)
    if frozen:
        assert hash_or_error(record) == hash_or_error(reference)
    for f in dataclasses.fields(record):
        changed = copy_with(record, **{f.name: ("something else", getattr(record, f.name))})
        other = twin(cls)(**values(changed))
        assert (record == changed) is (reference == other), f.name
        assert (record != changed) is (reference != other), f.name
        if frozen and f.compare:
            same = hash_or_error(record) == hash_or_error(changed)
            assert same is (hash_or_error(reference) == hash_or_error(other))


def test_records_of_different_classes_are_never_equal() -> None:
    assert Meta(1, "a", "b") != ProductDownload(1, "a", "b")  # type: ignore[arg-type]
    assert Meta(1, "a", "b") == Meta(1, "a", "b")


def test_a_record_inside_itself_shows_as_an_ellipsis_as_a_dataclass_does() -> None:
    nested = Meta(1, "self", [])
    nested.value.append(nested)
    assert repr(nested) == "Meta(id=1, key='self', value=[...])"


def test_a_customer_is_unhashable_and_equal_field_by_field() -> None:
    customer = next(iter(build_store([FIXTURE])))
    assert isinstance(customer, Customer)
    with pytest.raises(TypeError):
        hash(customer)
    assert customer == copy_with(customer)
    assert customer != copy_with(customer, revision=customer.revision + 1)  # its revision is compared too


MOMENT = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def test_a_customer_made_or_copied_is_a_customer_with_its_own_revision() -> None:
    """Made and cloned by writing its slots as a writer subclass: what comes out is a Customer again,
    every field as given or defaulted, and assignments after that draw new revisions."""
    made = Customer(id=7, email="ana@example.org", username="ana", date_created=MOMENT, role="subscriber")
    assert type(made) is Customer
    assert (made.id, made.email, made.username, made.role, made.first_name, made.meta) == (
        7,
        "ana@example.org",
        "ana",
        "subscriber",
        "",
        [],
    )
    assert made.billing == dict.fromkeys(made.billing, "")
    assert made.billing is not Customer(id=8, email="", username="", date_created=MOMENT).billing
    revision = made.revision
    made.first_name = "Ana"
    assert made.revision > revision
    clone = Customer._clone(made)  # type: ignore[attr-defined]  # added by @revisioned
    assert type(clone) is Customer
    assert clone == made
    assert clone is not made
    copied = made.copy()
    assert type(copied) is Customer
    assert copied.revision > made.revision
    assert copied.billing is not made.billing
    with pytest.raises(AttributeError):
        made.__dict__  # noqa: B018  # slots only, as before


def test_a_customer_built_by_the_plain_call_is_the_one_its_constructor_makes() -> None:
    """``Customer._build`` (the backend's create) takes the constructor's arguments and gives the
    same record: a Customer, every field as given or defaulted, its own fresh factories' values, its
    own revision; and it refuses what the constructor refuses."""
    build = Customer._build  # type: ignore[attr-defined]  # added by @revisioned
    args = {"id": 7, "email": "ana@example.org", "username": "ana", "date_created": MOMENT, "meta": [{"k": 1}]}
    made, built = Customer(**args), build(**args)
    assert type(built) is Customer
    assert built == copy_with(made, revision=built.revision)
    assert built.revision > made.revision
    assert built.billing is not made.billing
    assert built.shipping is not made.shipping
    assert built.downloads is not build(7, "", "", MOMENT).downloads
    assert built.meta is args["meta"]  # what is given is kept, as the constructor keeps it
    revision = built.revision
    built.first_name = "Ana"
    assert built.revision > revision
    with pytest.raises(TypeError):
        build(7, "ana@example.org")  # username and date_created missing
    with pytest.raises(TypeError):
        build(**args, nickname="ana")
    with pytest.raises(AttributeError):
        built.__dict__  # noqa: B018  # slots only


def test_a_product_and_a_journal_entry_compare_as_dataclasses_do() -> None:
    product = next(iter(products_of(build_store([FIXTURE]))))
    assert isinstance(product, Product)
    assert product == product.evolve()
    assert product != product.evolve(name="Renamed")
    entry = JournalEntry(1, "GET", "/wc/v3", "", {}, b"", 200, b"{}", 1.0)
    assert entry == copy_with(entry, size=99)  # size is not compared
    assert entry != copy_with(entry, status=404)
    assert isinstance(Term(1, "a", "a"), FrozenRecord)
