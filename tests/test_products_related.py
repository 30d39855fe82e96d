"""Related products' candidates from the kept per-term lists: the same as asking the whole catalogue.

``RelatedIndex`` keeps what ``wc_get_related_products`` would find by a pass over every product, so
these tests put it beside that pass (written out plainly below) through creates, updates, trash,
deletes and restores, with products of every status, type and catalogue visibility.
"""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.products_support import CREATE_DEFAULTS, backend
from wcmock.errors import RestError
from wcmock.resources.products.backend import RELATED_QUERY_LIMIT, ProductsBackend
from wcmock.resources.products.models import HIDDEN_FROM_CATALOG, Product


def by_a_pass(products: ProductsBackend, product: Product) -> tuple[int, ...]:
    """The definition: the first eligible products by id sharing a term, the product left out."""
    terms = {*product.category_ids, *product.tag_ids}
    found = [
        p.id
        for p in sorted(products.state.products.values(), key=lambda p: p.id)
        if p.id != product.id
        and p.status == "publish"
        and p.type != "variation"
        and p.catalog_visibility not in HIDDEN_FROM_CATALOG
        and terms & {*p.category_ids, *p.tag_ids}
    ]
    return tuple(found[:RELATED_QUERY_LIMIT])


def test_a_new_product_is_related_to_the_first_published_products_of_its_category() -> None:
    products, _ = backend()
    mugs = products.add_term("Mugs")
    made = [
        products.create({**CREATE_DEFAULTS, "name": f"Mug {n}", "categories": [{"id": mugs.id}]}) for n in range(20)
    ]
    products.update(made[0].id, {"status": "draft"})
    products.update(made[1].id, {"catalog_visibility": "hidden"})
    newest = made[-1]
    assert products._related_candidates(newest) == tuple(p.id for p in made[2:17])


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "trash", "delete", "snapshot", "restore"]),
        st.integers(0, 30),  # which product (by position among the existing ones)
        st.fixed_dictionaries(
            {
                "status": st.sampled_from(["publish", "draft", "private", "pending"]),
                "type": st.sampled_from(["simple", "variable", "grouped", "external"]),
                "catalog_visibility": st.sampled_from(["visible", "catalog", "search", "hidden"]),
                "categories": st.lists(st.integers(0, 2), max_size=2),  # positions in the test's three categories
                "tags": st.lists(st.sampled_from(["red", "blue"]), max_size=2),
            }
        ),
    ),
    max_size=60,
)


@given(CHANGES)
@settings(max_examples=40, deadline=None)
def test_the_kept_lists_answer_as_a_pass_over_the_catalogue_does(changes: list[tuple[str, int, Any]]) -> None:
    products, _ = backend()
    terms = [15, products.add_term("Cups").id, products.add_term("Plates").id]
    snapshot = products.capture()
    products._related_candidates(products.create({**CREATE_DEFAULTS, "name": "first"}))  # builds the lists
    for step, (action, pick, fields) in enumerate(changes):
        existing = sorted(i for i in products.state.products if products.get(i) is not None)
        target = existing[pick % len(existing)] if existing else None
        body = {
            **fields,
            "categories": [{"id": terms[i]} for i in fields["categories"]],
            "tags": [{"name": name} for name in fields["tags"]],
        }
        with contextlib.suppress(RestError):  # a refused change changes nothing
            if action == "create" or target is None:
                products.create({**CREATE_DEFAULTS, "name": f"p{step}", **body})
            elif action == "update":
                products.update(target, body)
            elif action == "trash":
                products.trash(target)
            elif action == "delete":
                products.delete(target)
            elif action == "snapshot":
                snapshot = products.capture()
            else:
                products.restore(snapshot)
        if step % 10 == 9 or action == "restore":
            assert_as_a_pass(products)
    assert_as_a_pass(products)


def assert_as_a_pass(products: ProductsBackend) -> None:
    for product in products.state.products.values():
        assert products._related_candidates(product) == by_a_pass(products, product)
