"""Related products: the candidates from the kept per-term lists, and each answer's draw from them.

``RelatedIndex`` keeps what ``wc_get_related_products`` would find by a pass over every product, so
these tests put it beside that pass (written out plainly below) through creates, updates, trash,
deletes and restores, with products of every status, type and catalogue visibility. The draw
(``pick``, and ``splicer`` for a page given again) is read from tables; the tests put it beside
the shuffle written out as five swaps.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.products_support import CREATE_DEFAULTS, backend
from wcmock.errors import RestError
from wcmock.resources.products.backend import ProductsBackend
from wcmock.resources.products.models import HIDDEN_FROM_CATALOG, Product
from wcmock.resources.products.related import (
    EMPTY,
    RELATED_LIMIT,
    RELATED_QUERY_LIMIT,
    _plan,
    draw_for,
    pick,
    positions,
    splicer,
)

T = TypeVar("T")


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


def test_a_change_among_a_category_s_first_products_reaches_its_new_products() -> None:
    """A category's first candidates are kept for the run of new products that asks for them: a
    change among them (a product leaving, coming back, being deleted) shows in the next new one's."""
    products, _ = backend()
    made = [products.create({**CREATE_DEFAULTS, "name": f"Mug {n}"}) for n in range(20)]
    steps = [
        lambda: products.update(made[3].id, {"status": "draft"}),
        lambda: products.update(made[3].id, {"status": "publish"}),
        lambda: products.trash(made[0].id),
        lambda: products.delete(made[15].id),
        lambda: products.update(made[18].id, {"catalog_visibility": "hidden"}),
        lambda: products.update(made[1].id, {"categories": [{"id": products.add_term("Cups").id}]}),
    ]
    for step in steps:
        newest = products.create({**CREATE_DEFAULTS, "name": "Mug"})
        assert products._related_candidates(newest) == by_a_pass(products, newest)
        step()
        newest = products.create({**CREATE_DEFAULTS, "name": "Mug"})
        assert products._related_candidates(newest) == by_a_pass(products, newest)
    for product in made[:17]:  # a product among the first asks without itself
        assert products._related_candidates(product) == by_a_pass(products, product)


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
    for step, (action, which, fields) in enumerate(changes):
        existing = sorted(i for i in products.state.products if products.get(i) is not None)
        target = existing[which % len(existing)] if existing else None
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


def reference(rng: random.Random, pool: tuple[T, ...]) -> list[T]:
    """The related draw as the store's shuffle is written: five swaps whose choices are the digits of
    one 64-bit draw in a mixed radix (pools of two to five are rotated instead)."""
    if len(pool) < 2:
        return list(pool)
    if len(pool) <= RELATED_LIMIT:
        turn = rng.getrandbits(16) % len(pool)
        return [*pool[turn:], *pool[:turn]]
    picked, bits = list(pool), rng.getrandbits(64)
    for at in range(RELATED_LIMIT):
        bits, offset = divmod(bits, len(pool) - at)
        picked[at], picked[at + offset] = picked[at + offset], picked[at]
    return picked[:RELATED_LIMIT]


def test_the_related_draw_is_a_partial_fisher_yates_on_one_draw() -> None:
    """The draw is read from tables for speed; this is what it must stay."""
    for size in range(RELATED_QUERY_LIMIT + 1):
        pool = tuple(range(100, 100 + size))
        bits, expected = random.Random(size).getrandbits, random.Random(size)
        assert all(list(pick(pool, bits)) == reference(expected, pool) for _ in range(500)), size


@settings(deadline=None)  # a loaded machine's first example may take longer than the default
@given(st.integers(0, RELATED_QUERY_LIMIT), st.integers(0, 2**32))
def test_positions_are_where_pick_draws_from(size: int, seed: int) -> None:
    pool = tuple(f"p{n}" for n in range(size))
    assert tuple(pool[at] for at in positions(size, random.Random(seed).getrandbits)) == pick(
        pool, random.Random(seed).getrandbits
    )


def test_a_pool_larger_than_the_query_asks_for_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 15"):
        pick(tuple(range(RELATED_QUERY_LIMIT + 1)), random.Random(1).getrandbits)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, RELATED_QUERY_LIMIT), max_size=12), st.integers(0, 2**32))
def test_a_page_given_again_draws_as_each_item_picks_in_turn(sizes: list[int], seed: int) -> None:
    """``splicer`` writes the draw out for a page; its bytes are what ``pick`` per item, in order, makes."""
    items = [
        (b'{"id":%d,"related_ids":[' % n, tuple(b"%d" % (1000 + n * 20 + k) for k in range(size)), b'],"x":1}')
        for n, size in enumerate(sizes)
    ]
    spliced, expected = splicer(items, random.Random(seed).getrandbits), random.Random(seed)
    for _ in range(3):
        page = b",".join(head + b",".join(pick(pool, expected.getrandbits)) + tail for head, pool, tail in items)
        made = spliced()
        assert made == b"[" + page + b"]"
        for (_, pool, _), item in zip(items, json.loads(made), strict=True):
            shown = item["related_ids"]
            assert len(shown) == len(set(shown)) == min(len(pool), RELATED_LIMIT)
            assert set(shown) <= {int(i) for i in pool}


def test_a_page_s_tables_read_each_outcome_as_pick_does_and_every_outcome_is_another_choice() -> None:
    """A page reads the draw from tuples (``heads``, ``tails``), five slots an item; for every size and
    every outcome they give ``pick``'s positions, ``EMPTY`` in front for a pool of fewer than five.
    Every outcome shows another ordered choice, and there are as many outcomes as choices (ordered
    choices of five for a pool of more, rotations for two to five): a uniform outcome is a uniform choice."""
    for size in range(RELATED_QUERY_LIMIT + 1):
        draw = draw_for(size)
        shown = min(size, RELATED_LIMIT)
        seen = set()
        for outcome in range(draw.outcomes):
            last, first = divmod(outcome, draw.pairs)
            at = draw.rests[last].translate(draw.firsts[first])
            head, (i2, i3, i4) = draw.heads[first], draw.tails[last]
            assert bytes([head[0], head[1], head[i2], head[i3], head[i4]]) == bytes([EMPTY] * (5 - shown)) + at
            assert len(at) == len(set(at)) == shown
            assert max(at, default=0) < max(size, 1)
            seen.add(at)
        assert len(seen) == draw.outcomes, size
        if size > RELATED_LIMIT:
            assert draw.outcomes == math.perm(size, RELATED_LIMIT)
        elif size > 1:
            assert seen == {bytes([*range(turn, size), *range(turn)]) for turn in range(size)}


@pytest.mark.parametrize("seed", [0, 1, 2**40 + 7])
def test_a_random_s_draw_of_64n_bits_is_its_n_draws_of_64_bits_lowest_first(seed: int) -> None:
    """What lets a page take its draws at once (``splicer``): the same numbers, the same state after."""
    for n in (1, 2, 3, 100):
        at_once, one_by_one = random.Random(seed), random.Random(seed)
        drawn = at_once.getrandbits(64 * n)
        assert [drawn >> (64 * k) & (2**64 - 1) for k in range(n)] == [one_by_one.getrandbits(64) for _ in range(n)]
        assert at_once.getstate() == one_by_one.getstate()


@pytest.mark.parametrize("sizes", [[15] * 100, [6, 15, 9] * 30, [15, 5, 0, 1, 15, 2], []])
def test_a_page_of_a_hundred_draws_as_its_items_pick_in_turn_and_leaves_the_same_state(sizes: list[int]) -> None:
    """The usual page (pools of more than five: its draws taken at once) and pages with smaller pools."""
    items = [
        (b'{"id":%d,"related_ids":[' % n, tuple(b"%d" % (10 * n + k) for k in range(size)), b"]}")
        for n, size in enumerate(sizes)
    ]
    assert (_plan(items)[2] is None) == all(size > RELATED_LIMIT for size in sizes)
    rng, expected = random.Random(7), random.Random(7)
    spliced = splicer(items, rng.getrandbits)
    for _ in range(5):
        page = b",".join(head + b",".join(pick(pool, expected.getrandbits)) + tail for head, pool, tail in items)
        assert spliced() == b"[" + page + b"]"
        assert rng.getstate() == expected.getstate()


@pytest.mark.parametrize("sizes", [[15] * 20, [15, 3, 0, 9]])
def test_a_page_says_what_makes_its_last_answer_again_and_only_its_last(sizes: list[int]) -> None:
    """What the journal keeps of a page given again (``Splice.remade``): its draws, not its bytes."""
    items = [
        (b'{"related_ids":[', tuple(b"%d" % (10 * n + k) for k in range(size)), b"]}") for n, size in enumerate(sizes)
    ]
    rng = random.Random(3)
    spliced = splicer(items, rng.getrandbits)
    first = spliced()
    again = spliced.remade(first)
    assert again is not None
    state = rng.getstate()
    assert again() == first
    assert rng.getstate() == state  # made again without drawing
    second = spliced()
    assert spliced.remade(first) is None  # another answer came between
    assert spliced.remade(second[:1] + second[1:]) is None  # the same bytes, another object
    remade = spliced.remade(second)
    assert remade is not None
    assert remade() == second
    assert spliced.held >= sum(len(head) + len(tail) for head, _, tail in items)
