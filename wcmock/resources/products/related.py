"""Related products: which ones a product's related ids are drawn from, and which five each answer shows.

``wc_get_related_products`` asks for the published, catalogue-visible products (variations left
out) that carry any of a product's categories or tags, lowest ids first, and keeps the first
fifteen. Asked of the whole catalogue every time a product is first shown, that is a pass and a
sort over every product in the category, which grows with each product created in it. This index
keeps, per term, those products' ids in ascending order, change by change, so the question reads
the first few ids of each term's list and merges them.

Each answer then shows five of those candidates in a fresh random order (``shuffle( $related )``,
``array_slice( $related, 0, 5 )``): a page of 100 products draws a hundred times per answer, kept
or not, so the draw is table-driven (``pick``); a kept answer's ids are spliced into its bytes.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from wcmock.records import FrozenRecord, immutable
from wcmock.resources.products.models import HIDDEN_FROM_CATALOG, Product

RELATED_LIMIT = 5  # wc_get_related_products( $id, 5 )
RELATED_QUERY_LIMIT = RELATED_LIMIT + 10  # the query asks for $limit + 10 candidates: a pool holds at most 15
T = TypeVar("T")


def _eligible(p: Product) -> bool:
    """Whether a product may be another's related product: published, visible in the catalogue, not a variation."""
    return p.status == "publish" and p.type != "variation" and p.catalog_visibility not in HIDDEN_FROM_CATALOG


def _terms(p: Product) -> set[int]:
    return {*p.category_ids, *p.tag_ids}


class RelatedIndex:
    """``{term id: [ids of eligible products carrying it, ascending]}``, built on first use."""

    def __init__(self) -> None:
        self._by_term: dict[int, list[int]] | None = None
        # per term, its list's first ``RELATED_QUERY_LIMIT + 1`` ids and the first ``RELATED_QUERY_LIMIT``
        # of them, made at the first question and dropped by a change among them: a run of new products
        # in one category asks the same question, and each gets the very tuple the last one got
        self._heads: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def clear(self) -> None:
        self._by_term = None
        self._heads.clear()

    def _built(self, products: Mapping[int, Product]) -> dict[int, list[int]]:
        if self._by_term is None:
            by_term: dict[int, list[int]] = {}
            for p in products.values():
                if _eligible(p):
                    for term in _terms(p):
                        by_term.setdefault(term, []).append(p.id)
            for ids in by_term.values():
                ids.sort()
            self._by_term = by_term
        return self._by_term

    def changed(self, old: Product | None, new: Product | None) -> None:
        by_term = self._by_term
        if by_term is None:
            return
        if old is not None and new is not None and old.id == new.id:
            eligible = _eligible(old)
            if eligible == _eligible(new) and (not eligible or _terms(old) == _terms(new)):
                return  # a save that leaves its id in the same lists
        heads = self._heads
        if old is not None and _eligible(old):
            for term in _terms(old):
                ids = by_term.get(term, [])
                at = bisect.bisect_left(ids, old.id)
                if at < len(ids) and ids[at] == old.id:
                    del ids[at]
                    if at <= RELATED_QUERY_LIMIT:
                        heads.pop(term, None)
        if new is not None and _eligible(new):
            categories = new.category_ids
            # one category and no tags (most products): its one term, without a set made of it
            for term in categories if len(categories) == 1 and not new.tag_ids else _terms(new):
                ids = by_term.setdefault(term, [])
                if not ids or ids[-1] < new.id:
                    at = len(ids)
                    ids.append(new.id)  # a new product has the highest id: the usual case
                else:
                    at = bisect.bisect_left(ids, new.id)
                    if at == len(ids) or ids[at] != new.id:
                        ids.insert(at, new.id)
                    else:
                        continue
                if at <= RELATED_QUERY_LIMIT:
                    heads.pop(term, None)

    def first_of(self, term: int, products: Mapping[int, Product], *, other_than: int) -> tuple[int, ...]:
        """``first`` of one term (one category, no tags: most products), ``RELATED_QUERY_LIMIT`` ids."""
        head = self._heads.get(term)
        if head is None:
            ids = tuple(self._built(products).get(term, ())[: RELATED_QUERY_LIMIT + 1])
            head = self._heads[term] = (ids, ids[:RELATED_QUERY_LIMIT])
        if other_than not in head[0]:
            return head[1]
        return tuple([i for i in head[0] if i != other_than][:RELATED_QUERY_LIMIT])

    def first(
        self,
        terms: Iterable[int],
        products: Mapping[int, Product],
        *,
        other_than: int,
        limit: int = RELATED_QUERY_LIMIT,
    ) -> tuple[int, ...]:
        """The lowest ``limit`` ids of eligible products carrying any of ``terms``, ``other_than`` left out."""
        wanted = set(terms)
        if len(wanted) == 1 and limit == RELATED_QUERY_LIMIT:  # one term (one category, no tags)
            [term] = wanted
            return self.first_of(term, products, other_than=other_than)
        by_term = self._built(products)
        lists = [ids for ids in (by_term.get(term) for term in wanted) if ids]
        if not lists:
            return ()
        if len(lists) == 1:  # one term with products: the list's first few
            return tuple([i for i in lists[0][: limit + 1] if i != other_than][:limit])
        merged = heapq.merge(*lists)
        found: list[int] = []
        for product_id in merged:
            if product_id == other_than or (found and found[-1] == product_id):
                continue
            found.append(product_id)
            if len(found) == limit:
                break
        return tuple(found)


# ---------------------------------------------------------------------------------------------- the draw
#
# A pool of more than five candidates gets a partial Fisher-Yates shuffle: five swaps, swap ``at``
# taking the next digit of one 64-bit draw in base ``size - at`` (pools hold at most 15 ids, so
# 360,360 outcomes: the bias is far below anything a client could see). Pools of two to five are
# rotated by one 16-bit draw, smaller ones shown as they are. The five digits are the mixed-radix
# form of ``bits % (size * ... * (size - 4))``: the first two fix the first two swaps, a permutation
# of the pool's positions (``firsts``, as ``bytes.translate`` tables), the last three which of its
# positions end up shown (``rests``). Every size is put in that form (a rotation is a "first" with
# a single "rest"), so a draw is a division, two table reads and a translate, not five swaps in Python.

IDENTITY = bytes(range(256))
EMPTY = RELATED_QUERY_LIMIT  # a position no pool has (every ``firsts`` table keeps it): a page shows nothing there


@immutable
class Draw(FrozenRecord):
    """How an answer picks from a pool of one size: the positions ``rests[last].translate(firsts[first])``,
    where ``last, first = divmod(getrandbits(width) % outcomes, pairs)`` (no draw when ``width`` is 0).
    A page (``splicer``) reads the same positions as tuples, five slots an item, ``EMPTY`` in front
    for a pool of fewer than five: ``heads[first]`` holds the first two slots' and every position's
    place after the first two swaps, ``tails[last]`` where in it the last three slots' are."""

    width: int
    outcomes: int
    pairs: int
    firsts: tuple[bytes, ...]
    rests: tuple[bytes, ...]
    heads: tuple[tuple[int, ...], ...]
    tails: tuple[tuple[int, int, int], ...]


def _swapped(size: int, digits: dict[int, int]) -> bytes:
    """The pool's positions after swapping position ``at`` with ``at + digit`` for each (at, digit) in turn."""
    at = list(range(size))
    for swap, digit in digits.items():
        at[swap], at[swap + digit] = at[swap + digit], at[swap]
    return bytes(at)


def _made(width: int, outcomes: int, pairs: int, firsts: tuple[bytes, ...], rests: tuple[bytes, ...]) -> Draw:
    """The draw with its page tables: with one ``rest`` (five or fewer ids) a ``first`` alone fixes
    every slot; with more, the first two swaps leave positions 0 and 1 where the slots read them."""
    if len(rests) == 1:
        slots = bytes([EMPTY] * (RELATED_LIMIT - len(rests[0]))) + rests[0]
        heads = tuple(tuple(slots.translate(f)) for f in firsts)
        return Draw(width, outcomes, pairs, firsts, rests, heads, ((2, 3, 4),))
    heads = tuple(tuple(f[: EMPTY + 1]) for f in firsts)
    return Draw(width, outcomes, pairs, firsts, rests, heads, tuple((at[2], at[3], at[4]) for at in rests))


def _draw(size: int) -> Draw:
    if size < 2:
        return _made(0, 1, 1, (IDENTITY,), (bytes(range(size)),))
    if size <= RELATED_LIMIT:
        turns = tuple(bytes([*range(turn, size), *range(turn)]) + IDENTITY[size:] for turn in range(size))
        return _made(16, size, size, turns, (bytes(range(size)),))
    pairs, rest = size * (size - 1), (size - 2) * (size - 3) * (size - 4)
    firsts = (_swapped(size, {0: f % size, 1: f // size}) + IDENTITY[size:] for f in range(pairs))
    rests = (
        _swapped(size, {2: r % (size - 2), 3: r // (size - 2) % (size - 3), 4: r // ((size - 2) * (size - 3))})
        for r in range(rest)
    )
    return _made(64, pairs * rest, pairs, tuple(firsts), tuple(at[:RELATED_LIMIT] for at in rests))


_DRAWS: list[Draw | None] = [None] * (RELATED_QUERY_LIMIT + 1)  # by pool size, each made on first use


def draw_for(size: int) -> Draw:
    """The draw for pools of ``size`` (a pool holds at most ``RELATED_QUERY_LIMIT`` ids)."""
    if not 0 <= size <= RELATED_QUERY_LIMIT:
        raise ValueError(f"a related pool holds at most {RELATED_QUERY_LIMIT} ids, not {size}")
    draw = _DRAWS[size]
    if draw is None:
        draw = _DRAWS[size] = _draw(size)
    return draw


def pick(pool: Sequence[T], getrandbits: Callable[[int], int]) -> tuple[T, ...]:
    """What one answer shows of ``pool``, in order, drawn with ``getrandbits`` (the store's Random's)."""
    draw = draw_for(len(pool))
    last, first = divmod(getrandbits(draw.width) % draw.outcomes if draw.width else 0, draw.pairs)
    return tuple(map(pool.__getitem__, draw.rests[last].translate(draw.firsts[first])))


def positions(size: int, getrandbits: Callable[[int], int]) -> bytes:
    """The positions ``pick`` shows of a pool of ``size``, drawn as it draws them: for a pool kept in
    two forms (ids and their JSON), both read at one draw. (``pick`` is written out, not made of
    this: a page of products calls it a hundred times an answer.) A size drawn before is read
    from its table without ``draw_for``'s call (every create's answer draws once)."""
    draw = _DRAWS[size] if 0 <= size <= RELATED_QUERY_LIMIT else None
    if draw is None:
        draw = draw_for(size)
    last, first = divmod(getrandbits(draw.width) % draw.outcomes if draw.width else 0, draw.pairs)
    return draw.rests[last].translate(draw.firsts[first])


# ---------------------------------------------------------------------------------------------- a page
#
# A page of products given again draws a hundred times an answer: its plan holds, per item, the
# bytes before its related ids (the previous item's tail, the comma, its head: one part, not three),
# its pool's ids with a comma and without (``EMPTY`` reads b"": a pool of fewer than five fills the
# front slots with nothing), and its size's tables. A page whose draws are all 64 bits (no pool of
# five or fewer: the usual page) takes them in one ``getrandbits``: a ``random.Random``'s draw of
# 64·n bits is its n draws of 64 bits, the first in the lowest bits (``tests/test_products_related.py``
# holds it to that), read as machine words from the number's little-endian bytes.

Item = tuple[bytes, tuple[bytes, ...], bytes]  # an item's bytes up to its related ids, their pool, the rest
Row = tuple[
    bytes, tuple[bytes, ...], tuple[bytes, ...], tuple[tuple[int, ...], ...], tuple[tuple[int, int, int], ...], int, int
]
WORDS_AT_ONCE = sys.byteorder == "little"  # a page's 64-bit draws read as the machine's 64-bit words


def _plan(items: Sequence[Item]) -> tuple[list[Row], bytes, tuple[int, ...] | None]:
    """Per item: what comes before its ids, its pool with commas and without, its size's ``heads``,
    ``tails``, ``outcomes`` and ``pairs``; the bytes after the last; the widths of the items'
    draws, or None when they are all 64 bits (taken at once)."""
    rows: list[Row] = []
    forms: dict[tuple[bytes, ...], tuple[tuple[bytes, ...], tuple[bytes, ...]]] = {}  # items share pools
    before, end = b"[", b"[]"
    for head, pool, tail in items:
        form = forms.get(pool)
        if form is None:
            pad = (b"",) * (EMPTY + 1 - len(pool))
            form = forms[pool] = ((*(i + b"," for i in pool), *pad), (*pool, *pad))
        draw = draw_for(len(pool))
        rows.append((before + head, form[0], form[1], draw.heads, draw.tails, draw.outcomes, draw.pairs))
        before, end = tail + b",", tail + b"]"
    widths = tuple(draw_for(len(pool)).width for _, pool, _ in items)
    return rows, end, None if WORDS_AT_ONCE and all(w == 64 for w in widths) else widths


Drawn = bytes | tuple[int, ...]  # a page's draws: 8 little-endian bytes each when taken at once, else the numbers


class Splice:
    """A JSON array of ``items``, made anew by each call with each item's ids drawn from its pool as
    ``pick`` draws them, in order (``getrandbits``: a ``random.Random``'s). The plan is made at the
    first call: most answers are never given again. What a call drew is kept until the next, so the
    journal can keep what makes its bytes again instead of the bytes (``remade``)."""

    __slots__ = ("_getrandbits", "_items", "_last", "_plan", "held")

    def __init__(self, items: Sequence[Item], getrandbits: Callable[[int], int]) -> None:
        self._items = items
        self._getrandbits = getrandbits
        self._plan: tuple[list[Row], bytes, tuple[int, ...] | None] | None = None
        self._last: tuple[int, Drawn] = (0, b"")  # the id of the last call's bytes, and its draws
        self.held = 0  # the bytes its plan holds, once made: about a page's

    def _planned(self) -> tuple[list[Row], bytes, tuple[int, ...] | None]:
        plan = self._plan
        if plan is None:
            plan = self._plan = _plan(self._items)
            self._items = ()  # the plan holds what it needs of them (the renderings may go)
            self.held = sum(len(row[0]) for row in plan[0]) + len(plan[1]) + 128 * len(plan[0])
        return plan

    def __call__(self) -> bytes:
        rows, end, widths = self._planned()
        drawn: Drawn
        if widths is None:
            drawn = self._getrandbits(64 * len(rows)).to_bytes(8 * len(rows), "little")
        else:
            getrandbits = self._getrandbits
            drawn = tuple([getrandbits(width) if width else 0 for width in widths])
        body = _joined(rows, end, drawn)
        self._last = (id(body), drawn)
        return body

    def remade(self, body: bytes) -> Callable[[], bytes] | None:
        """What makes ``body`` again, byte for byte, if the last call made it (else None: another
        call came between). ``body`` is alive, so no other object has its id."""
        made, drawn = self._last
        if made != id(body):
            return None
        rows, end, _ = self._planned()
        return functools.partial(_joined, rows, end, drawn)


def _joined(rows: list[Row], end: bytes, drawn: Drawn) -> bytes:
    """The page's bytes for these draws (the plan's order, one an item)."""
    bits_of: Iterable[int] = memoryview(drawn).cast("Q") if isinstance(drawn, bytes) else drawn
    parts: list[bytes] = []
    for (before, commas, plain, heads, tails, outcomes, pairs), bits in zip(rows, bits_of, strict=True):
        drew = bits % outcomes  # last, first = divmod(drew, pairs), without the call and its tuple
        at = heads[drew % pairs]
        i2, i3, i4 = tails[drew // pairs]
        parts += (before, commas[at[0]], commas[at[1]], commas[at[i2]], commas[at[i3]], plain[at[i4]])
    parts.append(end)
    return b"".join(parts)


def splicer(items: Sequence[Item], getrandbits: Callable[[int], int]) -> Splice:
    """A page's bytes made anew by each call (see :class:`Splice`)."""
    return Splice(items, getrandbits)
