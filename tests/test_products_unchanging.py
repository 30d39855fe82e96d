"""A body that saved a product unchanged saves it unchanged again, without the write rules' second run.

Connectors send the same stock sync again and again (``{"manage_stock": true, "stock_quantity": 7}``).
Once such a body of ``rules.SELF_CONTAINED`` keys has left a record as it was, the backend knows the
next save of that record with that body changes nothing but the date. These tests hold that shortcut
to the rules: whatever the record, the body and what happened in between, an update answers what
``rules.apply_changes`` itself makes of the record and the body.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.products_support import CREATE_DEFAULTS, backend
from wcmock.errors import RestError
from wcmock.resources.products import rules
from wcmock.resources.products.backend import ProductsBackend
from wcmock.resources.products.models import Product, same_but_modified

STOCK_SYNC = {"manage_stock": True, "stock_quantity": 7}


def create(products: ProductsBackend, **fields: object) -> Product:
    return products.create({**CREATE_DEFAULTS, **fields})


def test_a_repeated_stock_sync_changes_nothing_but_the_date_and_is_announced_each_time() -> None:
    products, shell = backend()
    mug = create(products, name="Mug")
    synced = products.update(mug.id, STOCK_SYNC)
    assert (synced.manage_stock, synced.stock_quantity) == (True, 7)
    assert products.update(mug.id, STOCK_SYNC) is synced  # once more within the second: as it was
    assert products.update(mug.id, STOCK_SYNC) is synced  # and again, now without the rules
    shell.tick()
    again = products.update(mug.id, STOCK_SYNC)
    assert again is not synced
    assert same_but_modified(synced, again)
    assert again.date_modified == shell.now()
    assert products.get(mug.id) is again
    assert shell.events == [("created", mug.id)] + [("updated", mug.id)] * 4


def test_a_body_of_other_keys_or_of_other_values_is_judged_by_the_rules() -> None:
    assert rules.self_contained({"id": 11, **STOCK_SYNC}) is not None
    assert rules.self_contained({"sku": "MUG-1"}) is None  # the catalogue says whether it is taken
    assert rules.self_contained({"regular_price": "10"}) is None  # the price follows the clock
    assert rules.self_contained({"dimensions": {"length": "1"}}) is None
    # equal in Python, not alike to the rules: str(True) is "True"
    assert rules.self_contained({"backorders": True}) != rules.self_contained({"backorders": 1})


BODIES: list[dict[str, Any]] = [
    STOCK_SYNC,
    {"stock_quantity": 0},
    {"manage_stock": 1, "stock_quantity": "3"},
    {"manage_stock": False},
    {"manage_stock": "yes", "backorders": "notify"},
    {"backorders": True},
    {"backorders": 1},
    {"stock_status": "outofstock"},
    {"in_stock": True},
    {"low_stock_amount": None},
    {"low_stock_amount": ""},
    {"featured": True, "menu_order": "2"},
    {"tax_class": "Reduced Rate"},
    {"virtual": True},
    {"weight": "1.50"},
    {"description": "<b>Bold</b>", "short_description": None},
]
OTHERS: list[dict[str, Any]] = [
    {"slug": "mug"},  # takes another product's slug, or gets it suffixed
    {"name": "Mug", "slug": ""},
    {"status": "draft"},
    {"status": "publish"},
    {"type": "external"},
    {"type": "simple"},
    {"sku": "MUG-1"},
    {"regular_price": "10", "sale_price": "5"},
]
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("update"), st.integers(0, 2), st.sampled_from(BODIES)),
        st.tuples(st.just("other"), st.integers(0, 2), st.sampled_from(OTHERS)),
        st.tuples(st.just("create"), st.just(0), st.sampled_from(["Mug", "Cup"])),
        st.tuples(st.just("tick"), st.just(0), st.just({})),
    ),
    max_size=40,
)


def _updated(products: ProductsBackend, product_id: int, body: dict[str, Any]) -> Product | dict[str, Any]:
    try:
        return products.update(product_id, dict(body))
    except RestError as error:
        return error.body()


def _expected(products: ProductsBackend, old: Product, body: dict[str, Any], shell: Any) -> Product | dict[str, Any]:
    try:
        return rules.apply_changes(old, dict(body), products, now=shell.now(), site_tz=shell.timezone)
    except RestError as error:
        return error.body()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_an_update_answers_what_the_rules_make_of_the_record_and_the_body(steps: list[tuple[str, int, Any]]) -> None:
    products, shell = backend()
    ids = [create(products, name=name).id for name in ("Mug", "Cup", "Lamp")]
    for action, which, body in steps:
        if action == "tick":
            shell.tick()
        elif action == "create":
            create(products, name=body)
        else:
            old = products.get(ids[which])
            assert old is not None
            expected = _expected(products, old, body, shell)
            got = _updated(products, ids[which], body)
            if isinstance(expected, Product):
                assert isinstance(got, Product), (body, got)
                assert got.date_modified == shell.now()
                assert same_but_modified(expected, got), body
            else:
                assert got == expected, body


@pytest.mark.parametrize("body", BODIES)
def test_every_self_contained_body_twice_over_is_the_rules_answer(body: dict[str, Any]) -> None:
    products, shell = backend()
    lamp = create(products, name="Lamp", manage_stock=True, stock_quantity=2)
    for _ in range(3):
        old = products.get(lamp.id)
        assert old is not None
        expected = rules.apply_changes(old, dict(body), products, now=shell.now(), site_tz=shell.timezone)
        assert same_but_modified(expected, products.update(lamp.id, dict(body)))
        shell.tick()


# ---------------------------------------------------------------------------------------------
# A create body like the last one but for its name and SKU makes its product as the last one was.

BASE = {**CREATE_DEFAULTS, "regular_price": "9.99"}
CREATE_BODIES: list[dict[str, Any]] = [
    BASE,
    {**BASE, "sale_price": "5"},
    {**BASE, "status": "draft"},
    {**BASE, "status": "trash"},
    {**BASE, "type": "external", "external_url": "https://example.com", "manage_stock": True},  # refused
    {**BASE, "type": "variable"},
    {**BASE, "manage_stock": True, "stock_quantity": 0, "backorders": "notify"},
    {**BASE, "downloadable": True, "download_limit": "3"},
    {**BASE, "categories": [{"id": 15}]},  # not a scalar: made by the rules every time
    {k: v for k, v in BASE.items() if k != "regular_price"},
]
CREATE_STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("create"),
            st.sampled_from(CREATE_BODIES),
            st.sampled_from(["Lamp", "Lamp", "", "Café <b>Crème</b>", "feed", None]),
            st.sampled_from(["L-1", "L-1", "l-2", "", "0", None]),
            st.booleans(),
        ),
        st.tuples(st.just("trash"), st.just({}), st.just(None), st.just(None), st.booleans()),
        st.tuples(st.just("tick"), st.just({}), st.just(None), st.just(None), st.booleans()),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=CREATE_STEPS)
def test_a_create_answers_what_the_rules_make_of_the_body(steps: list[tuple[str, Any, Any, Any, bool]]) -> None:
    products, shell = backend()
    for action, base, name, sku, v1 in steps:
        if action == "tick":
            shell.tick()
            continue
        if action == "trash":
            live = [p for p in products if p.status != "trash"]
            if live:
                products.trash(live[-1 if v1 else 0].id)
            continue
        body = dict(base)
        for key, value in (("name", name), ("sku", sku)):
            if value is not None:
                body[key] = value
        draft = Product(id=shell.post_id if v1 else 0, name="", date_created=shell.now(), date_modified=shell.now())
        try:
            expected: Any = rules.apply_changes(draft, dict(body), products, now=shell.now(), default_name="Product")
        except RestError as error:
            expected = error.body()
        try:
            got: Any = products.create(dict(body), insert_first=v1)
        except RestError as error:
            got = error.body()
        if isinstance(expected, Product) and isinstance(got, Product):
            expected = expected.evolve(id=got.id, category_ids=expected.category_ids or (15,))
            assert same_but_modified(expected, got), body
            assert got.date_modified == expected.date_modified
        elif isinstance(expected, Product):  # a SKU only a trashed product holds: refused once inserted
            assert got["code"] == "woocommerce_rest_product_not_created", (body, got)
        else:
            assert got == expected, body


def test_a_run_of_creates_is_made_like_the_first() -> None:
    products, shell = backend()
    made = [products.create({**BASE, "name": f"Lamp {n}", "sku": f"L-{n}"}) for n in range(3)]
    assert [(p.id, p.name, p.slug, p.sku, p.price) for p in made] == [
        (11, "Lamp 0", "lamp-0", "L-0", "9.99"),
        (12, "Lamp 1", "lamp-1", "L-1", "9.99"),
        (13, "Lamp 2", "lamp-2", "L-2", "9.99"),
    ]
    with pytest.raises(RestError) as refused:
        products.create({**BASE, "name": "Lamp again", "sku": "l-1"})
    assert refused.value.body()["code"] == "product_invalid_sku"
    assert shell.post_id == 14  # no id taken
