"""An order's rendering made from the one made before it: a run of creates from one checkout.

Two orders created alike (the same lines, status and payment; another customer, key, id and second)
render alike but in a few leaves: what the view's ``identity`` shows, each item's id and each link's
``href``. A :class:`Template` keeps the audience's last rendering made by the view; :func:`sibling`
makes the next order's from it when the two records differ only in :data:`SIBLING_FIELDS`: the body
takes the new leaves, and the bytes are the template's with each leaf's text put in its place
(a :class:`Frame`: the template's bytes cut at those leaves).

Validated by construction: each leaf holds a value of the very type the template's had, and the
order schema says nothing of those leaves but their type (``tests/orders/test_orders_siblings.py``
holds every version's schema to it), so the sibling is valid exactly when the template was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter, itemgetter
from typing import Any

from wcmock.resources.orders.models import COUPON, FEE, LINE, SHIPPING, Item, Order
from wcmock.rest.renderings import Rendered
from wcmock.rest.wire import decode_body, encode_json

# the record's fields the view shows only in ``identity``'s leaves, the items' ids and the links
SIBLING_FIELDS = ("id", "order_key", "date_created", "date_modified", "customer_id", "billing", "items")
GROUPS = {LINE: "line_items", SHIPPING: "shipping_lines", FEE: "fee_lines", COUPON: "coupon_lines"}

_rest = attrgetter(*(f.name for f in fields(Order) if f.name not in SIBLING_FIELDS))
_item_but_id = attrgetter(*(f.name for f in fields(Item) if f.name != "id"))
Path = tuple[Any, ...]
Groups = list[tuple[str, list[dict[str, Any]], list[int]]]  # each group's lines, and where its items are


@dataclass(frozen=True, slots=True)
class OrderRendering(Rendered):
    """An order's rendering; ``record`` is held so its ``id()``, part of the revision, is not reused."""

    record: Order


class SiblingRendering(OrderRendering):
    """An order's rendering made from its template's (:func:`sibling`): its bytes at once, its body
    at the first read. A create's answer is only sent (the bytes), and the body, a copy of the
    template's ~60 members, was most of what a sibling cost to make and to keep."""

    __slots__ = ("_base", "_groups", "_ident", "_ids", "_made")
    _base: dict[str, Any]
    _groups: Groups
    _ident: dict[str, Any]
    _ids: list[int]
    _made: dict[str, Any] | None

    def __init__(
        self, template: Template, ident: dict[str, Any], ids: list[int], links: dict[str, Any], raw: bytes, order: Order
    ) -> None:
        """The template's body and groups, the order's ``identity`` and item ids: what the body is made of."""
        setattr_ = object.__setattr__  # frozen, as every rendering: set once, here
        setattr_(self, "links", links)
        setattr_(self, "raw", raw)
        setattr_(self, "record", order)
        setattr_(self, "_base", template.rendering.body)
        setattr_(self, "_groups", template.groups)
        setattr_(self, "_ident", ident)
        setattr_(self, "_ids", ids)
        setattr_(self, "_made", None)

    @property
    def body(self) -> dict[str, Any]:  # the field, read-only as a frozen one is
        made = self._made
        if made is None:
            made = {**self._base, **self._ident}
            ids = self._ids
            for group, lines, at in self._groups:
                made[group] = [{**line, "id": ids[n]} for line, n in zip(lines, at, strict=True)]
            object.__setattr__(self, "_made", made)
        return made


def leaves(identity: dict[str, Any], ids: list[int], links: dict[str, Any]) -> list[Any]:
    """The values of the leaves a sibling may differ in, in :func:`paths`' order: ``identity``'s
    (a nested object's in its place), the items' ids (``ids``, in the record's order), the links'
    ``href``s."""
    out: list[Any] = []
    for value in identity.values():
        if type(value) is dict:
            out += value.values()
        else:
            out.append(value)
    out += ids
    for entries in links.values():
        for entry in entries:
            out.append(entry["href"])
    return out


def paths(identity: dict[str, Any], items: list[Item], links: dict[str, Any]) -> list[Path]:
    """Where in the item (body and ``_links``) each of :func:`leaves`' values is."""
    out: list[Path] = []
    for key, value in identity.items():
        if type(value) is dict:
            out += [(key, name) for name in value]
        else:
            out.append((key,))
    seen = dict.fromkeys(GROUPS, 0)
    for item in items:
        if item.kind in seen:
            out.append((GROUPS[item.kind], seen[item.kind], "id"))
            seen[item.kind] += 1
    for name, entries in links.items():
        out += [("_links", name, n, "href") for n in range(len(entries))]
    return out


class Frame:
    """An item's bytes cut at some of its leaves: ``fill`` puts other values' texts in their places.

    Kept as the text between the leaves (``parts``' even places; a text leaf's quotes in them) and
    where each leaf goes (``pick``: the values in the text's order)."""

    __slots__ = ("numbers", "parts", "pick", "quoted", "types")

    def __init__(self, text: str, found: list[tuple[int, int, int]], values: list[Any]) -> None:
        parts, start = [], 0
        for at, n, size in found:
            quote = type(values[n]) is str
            parts += [text[start : at + quote].encode(), b""]
            start = at + size - quote
        parts.append(text[start:].encode())
        self.parts = parts
        self.pick = itemgetter(*[n for _, n, _ in found])
        self.quoted = tuple(type(values[n]) is str for _, n, _ in found)  # in the text's order
        self.numbers = [k for k, quoted in enumerate(self.quoted) if not quoted]
        self.types = tuple(map(type, values))  # each leaf's type, in ``leaves``' order

    @classmethod
    def of(cls, item: dict[str, Any], raw: bytes, where: list[Path], values: list[Any]) -> Frame | None:
        """The frame of ``item`` (encoded: ``raw``) cut at ``where`` (holding ``values``), or None.

        Each leaf is marked with a text no other can hold and the marked item encoded: each mark
        is found exactly once, where the leaf's text is. Checked whole: the template's own values
        put back give its bytes, both ways ``fill`` writes them."""
        if len(values) < 2:
            return None
        marked = decode_body(raw)  # a copy of the item to mark, at a tenth of what a deep copy costs
        if marked != item:
            return None
        for n, path in enumerate(where):
            node = marked
            for step in path[:-1]:
                node = node[step]
            if type(values[n]) not in (str, int) or node[path[-1]] != values[n]:
                return None
            node[path[-1]] = f"\x01{n}\x01"
        text = encode_json(marked).decode()
        found = []
        for n in range(len(where)):
            mark = encode_json(f"\x01{n}\x01").decode()
            if text.count(mark) != 1:
                return None
            found.append((text.index(mark), n, len(mark)))
        frame = cls(text, sorted(found), values)
        return frame if frame.fill(values) == raw and frame.fill(values, plain=False) == raw else None

    def fill(self, values: list[Any], *, plain: bool = True) -> bytes | None:
        """The bytes with ``values`` (of the template's types) in the leaves' places, or None.

        Text of printable ASCII but ``"`` and ``\\`` JSON writes as it is but ``/`` (escaped, as
        WordPress does): all of it joined on ``"`` is checked and escaped at once, and split again.
        Any other is written by the encoder."""
        if tuple(map(type, values)) != self.types:
            return None
        ordered = self.pick(values)
        written = list(ordered)
        for k in self.numbers:
            written[k] = str(written[k])
        joined = '"'.join(written)
        texts: list[bytes] = []
        if plain and joined.isascii() and joined.isprintable() and "\\" not in joined:
            texts = joined.encode().replace(b"/", b"\\/").split(b'"')
        if len(texts) != len(ordered):  # some text JSON escapes (``"`` among them), or not asked to look
            texts = [encode_json(v)[1:-1] if q else str(v).encode() for v, q in zip(ordered, self.quoted, strict=True)]
        parts = self.parts.copy()
        parts[1::2] = texts
        return b"".join(parts)


class Template:
    """The rendering last made by the view for one audience, with what else it read (the refunds'
    and products' serials). What a sibling is compared with is worked out at the first one, its
    frame at the first that matches (a frame costs a few renderings: most templates never get one)."""

    __slots__ = ("_frame", "_record", "groups", "rendering", "serials")

    def __init__(self, rendering: Any, serials: tuple[int, int]) -> None:
        self.rendering = rendering
        self.serials = serials
        self._record: tuple[Any, list[Any]] | None = None
        self._frame: Frame | bool | None = True  # True: not worked out yet; None: none can be made
        self.groups: Groups = []

    def matches(self, order: Order) -> bool:
        """Whether ``order`` is the template's record but for :data:`SIBLING_FIELDS`, and its
        items but for their ids."""
        record: Order = self.rendering.record
        if order.total != record.total or order.status != record.status or len(order.items) != len(record.items):
            return False  # what most orders that are not siblings differ in, looked at first
        if self._record is None:
            self._record = (_rest(record), [_item_but_id(i) for i in record.items])
        rest, items = self._record
        return _rest(order) == rest and len(order.items) == len(items) and list(map(_item_but_id, order.items)) == items

    def frame(self, identity: Callable[[Order], dict[str, Any]]) -> Frame | None:
        """The frame, worked out at the first call."""
        if self._frame is True:
            kept = self.rendering
            order: Order = kept.record
            at: dict[str, list[int]] = {kind: [] for kind in GROUPS}
            for n, item in enumerate(order.items):
                if item.kind in at:
                    at[item.kind].append(n)
            self.groups = [(GROUPS[kind], kept.body[GROUPS[kind]], found) for kind, found in at.items() if found]
            mine, ids = identity(order), [i.id for i in order.items]
            where = paths(mine, order.items, kept.links)
            self._frame = Frame.of(kept.item(), kept.raw, where, leaves(mine, ids, kept.links))
        return self._frame if isinstance(self._frame, Frame) else None


def sibling(
    template: Template,
    order: Order,
    identity: Callable[[Order], dict[str, Any]],
    links_of: Callable[[Order], dict[str, Any]],
) -> SiblingRendering | None:
    """``order``'s rendering made from the template's, or None when their links differ in more
    than their ``href``s (the view's ``order_links`` shows the same links for such orders but
    whether there is a customer). The caller checks that the template matches the order
    (``Template.matches``) and the rest of what the rendering read (the serials, the order's
    refunds: none)."""
    frame = template.frame(identity)
    if frame is None:
        return None
    links = links_of(order)
    kept = template.rendering
    if links.keys() != kept.links.keys():
        return None
    ident = identity(order)
    ids = [i.id for i in order.items]
    raw = frame.fill(leaves(ident, ids, links))
    if raw is None:
        return None
    return SiblingRendering(template, ident, ids, links, raw, order)
