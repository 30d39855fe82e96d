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
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any, Literal

from wcmock.php import wp_date
from wcmock.resources.orders.models import COUPON, FEE, LINE, SHIPPING, Item, Order
from wcmock.resources.orders.vocabulary import BILLING_FIELDS
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


# a marked record's atoms (``Stencil``): numbers, texts and moments no answer holds (each found is checked)
NUMBER_MARK = 918_273_645_546_372_000  # its id; its customer + 1, its items + 2, + 3, …
KEY_MARK = "\x02K\x02"
MOMENT_MARK = datetime(1903, 4, 5, 6, 7, 8, tzinfo=UTC)  # its date, shown in UTC
LOCAL_MARK = datetime(1904, 5, 6, 7, 8, 9, tzinfo=UTC)  # its date, shown in the site's zone
_INT = {int}
_ID = attrgetter("id")
_EMPTIES = ("",) * len(BILLING_FIELDS)  # what ``_address`` shows of a missing billing field


def marked(record: Order) -> Order:
    """A copy of ``record`` with a mark in each of its atoms (a guest stays a guest)."""
    copy = record.copy()
    copy.id, copy.order_key = NUMBER_MARK, KEY_MARK
    copy.customer_id = NUMBER_MARK + 1 if record.customer_id else 0
    copy.date_created = copy.date_modified = MOMENT_MARK
    copy.billing = {key: f"\x02B{n}\x02" for n, key in enumerate(BILLING_FIELDS)}
    for n, item in enumerate(copy.items):
        item.id = NUMBER_MARK + 2 + n
    return copy


def _texts(values: list[str]) -> list[bytes] | None:
    """Each text as JSON writes it inside a string (``/`` escaped), or None if one is not a text.
    Printable ASCII but ``"`` and ``\\`` is written as it is: all checked and escaped at once."""
    try:
        joined = '"'.join(values)
    except TypeError:
        return None
    if joined.isascii() and joined.isprintable() and "\\" not in joined:
        texts = joined.encode().replace(b"/", b"\\/").split(b'"')
        if len(texts) == len(values):
            return texts
    return [encode_json(v)[1:-1] for v in values]


def _differ_at(marked: Any, real: Any, where: set[Path], path: Path = ()) -> bool:
    """Whether two decoded items are alike but at leaves in ``where``, each of one type in both."""
    if type(marked) is not type(real):
        return False
    if type(marked) is dict:
        return marked.keys() == real.keys() and all(_differ_at(marked[k], real[k], where, (*path, k)) for k in marked)
    if type(marked) is list:
        return len(marked) == len(real) and all(
            _differ_at(m, r, where, (*path, n)) for n, (m, r) in enumerate(zip(marked, real, strict=True))
        )
    return marked == real or path in where


class Stencil:
    """A template's bytes with a hole wherever a sibling's atoms show: its id (in ``number``,
    ``payment_url`` and the links' ``href`` texts too), customer, order key, billing address, date and
    item ids. A fill is one ``%``: no view, no leaves, no links made.

    Made from a marked copy of the template's record (``marked``) rendered by the view: its bytes
    cut where the marks are. Held to what a sibling may change: the marked item differs from the
    template's only in the leaves ``sibling`` fills (``where``: the schema says nothing of them but
    their type), and the template's own atoms filled in give its bytes. Fit for an order whose dates
    are one moment (a new order's) and who has a customer exactly when the template's has."""

    __slots__ = ("_dates", "_format", "_moment", "_pick", "_texts", "_zone", "count", "customer")

    def __init__(self, text: bytes, marks: list[bytes], numbers: int, record: Order, dates: Any) -> None:
        holes = []
        for n, mark in enumerate(marks):
            at = text.find(mark)
            while at != -1:
                holes.append((at, at + len(mark), n))
                at = text.find(mark, at + len(mark))
        holes.sort()
        parts, start = [], 0
        for at, end, n in holes:
            if at < start:
                raise ValueError("marks overlap")
            parts += [text[start:at].replace(b"%", b"%%"), b"%d" if n < numbers else b"%s"]
            start = end
        parts.append(text[start:].replace(b"%", b"%%"))
        if len(holes) < 2:
            raise ValueError("too few marks")
        self._format = b"".join(parts)
        self._pick: Callable[[list[Any]], tuple[Any, ...]] = itemgetter(*[n for _, _, n in holes])
        self._dates: Callable[[datetime], tuple[str | None, str | None]] = dates
        self._moment: datetime | None = None  # the moment and site zone ``_texts`` show
        self._zone: Any = None
        self._texts: list[bytes] = []
        self.count = len(record.items)
        self.customer = bool(record.customer_id)

    @classmethod
    def of(
        cls,
        kept: OrderRendering,
        render: Callable[[Order], bytes],
        dates: Callable[[datetime], tuple[str | None, str | None]],
        where: set[Path],
    ) -> Stencil | None:
        """The stencil of ``kept`` (the template's rendering), or None. ``render`` encodes a
        record's item as the view does, but for the date shown in the site's zone: ``LOCAL_MARK``
        for ``MOMENT_MARK``; ``dates`` gives a moment's two texts (site zone, UTC)."""
        record = kept.record
        copy = marked(record)
        text = render(copy)
        if not _differ_at(decode_body(text), decode_body(kept.raw), where):
            return None
        texts = [copy.order_key, *copy.billing.values()]
        marks = [str(NUMBER_MARK + n).encode() for n in range(2 + len(record.items))]
        marks += [encode_json(t)[1:-1] for t in texts]
        marks += [encode_json(wp_date(d))[1:-1] for d in (LOCAL_MARK, MOMENT_MARK)]  # as the marked view shows them
        try:
            stencil = cls(text, marks, 2 + len(record.items), record, dates)
        except ValueError:
            return None
        checked = stencil.fill(record, object())  # a zone of its own: nothing kept is taken for another's
        return stencil if checked == kept.raw else None

    def fill(self, o: Order, zone: Any) -> bytes | None:
        """``o``'s bytes, or None unless its dates are one moment, it has a customer exactly when
        the template's record has, as many items, and each atom is of the template's type. The
        date's texts are kept for the moment (a second's creates share it) and ``zone``, the
        site's zone (what ``dates`` reads besides the moment)."""
        if o.date_modified is not o.date_created or bool(o.customer_id) is not self.customer:
            return None
        items = o.items
        if len(items) != self.count:
            return None
        moment = o.date_created
        if moment is not self._moment or zone is not self._zone:
            local, gmt = self._dates(moment)
            dated = _texts([local, gmt]) if local is not None and gmt is not None else None
            if dated is None:
                return None
            self._texts, self._moment, self._zone = dated, moment, zone
        atoms = [o.id, o.customer_id, *map(_ID, items)]
        if set(map(type, atoms)) != _INT:
            return None
        billing = o.billing
        shown = billing.values() if tuple(billing) == BILLING_FIELDS else map(billing.get, BILLING_FIELDS, _EMPTIES)
        texts = _texts([o.order_key, *shown])  # the texts as ``_address`` shows them
        if texts is None:
            return None
        atoms += texts
        atoms += self._texts
        return self._format % self._pick(atoms)


class StencilRendering(OrderRendering):
    """An order's rendering filled in by its template's stencil: its bytes at once, its body and
    links decoded from them at the first read (a create's answer is only sent)."""

    __slots__ = ("_item",)
    _item: tuple[dict[str, Any], dict[str, Any]] | None

    def __init__(self, raw: bytes, order: Order) -> None:
        setattr_ = object.__setattr__  # frozen, as every rendering: set once, here
        setattr_(self, "raw", raw)
        setattr_(self, "record", order)
        setattr_(self, "_item", None)

    def _decoded(self) -> tuple[dict[str, Any], dict[str, Any]]:
        made = self._item
        if made is None:
            item = decode_body(self.raw)
            links = item.pop("_links")
            made = (item, links)
            object.__setattr__(self, "_item", made)
        return made

    @property
    def body(self) -> dict[str, Any]:  # the field, read-only as a frozen one is
        return self._decoded()[0]

    @property
    def links(self) -> dict[str, Any]:  # the field, read-only as a frozen one is
        return self._decoded()[1]


class Template:
    """The rendering last made by the view for one audience, with what else it read (the refunds'
    and products' serials). What a sibling is compared with is worked out at the first one, its
    stencil and its frame at the first that matches (each costs a few renderings: most templates
    never get one)."""

    __slots__ = ("_frame", "_record", "groups", "kept_stencil", "rendering", "serials")

    def __init__(self, rendering: Any, serials: tuple[int, int]) -> None:
        self.rendering = rendering
        self.serials = serials
        self._record: tuple[Any, list[Any]] | None = None
        self._frame: Frame | bool | None = True  # True: not worked out yet; None: none can be made
        self.kept_stencil: Stencil | Literal[True] | None = True  # the same (``stencil``)
        self.groups: Groups = []

    def stencil(self, make: Callable[[], Stencil | None]) -> Stencil | None:
        """The stencil, made at the first call (then ``kept_stencil``: a Stencil or None)."""
        if self.kept_stencil is True:
            self.kept_stencil = make()
        return self.kept_stencil

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
