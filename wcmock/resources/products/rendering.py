"""A product's kept rendering: its bytes split where each answer's related ids go, and the ways a
new one is made from a kept one instead of from the view (a save that changed nothing; a product
that differs from the one rendered last only in what its identity and extras show: :func:`sibling`,
or, where it differs in the :data:`VARYING` fields alone, :func:`filled` from the template's
``form.Form``).

A rendering is a pure function of the record, the terms, the other products' slugs (``edit``), the
clock's second where it shows the time, the site's timezone and the audience
(``routes.ProductsResource.shown`` keys them; a template is used under the same terms, second and
timezone). Its parts are the view's: ``identity`` opens the item and ``extras`` closes it (before
``_links``); no other part reads the fields :data:`SIBLING_FIELDS` names (``tests/test_products_views.py``
holds the view to it), so two products equal in every other field render alike between the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from wcmock.patterns import LazyPattern
from wcmock.resources.products.form import Form, form_of
from wcmock.resources.products.models import Product, same_but
from wcmock.resources.products.related import positions
from wcmock.resources.products.views import VARYING, Render, V1View
from wcmock.rest.renderings import Rendered
from wcmock.rest.wire import encode_json
from wcmock.validation import check_response_properties

# the fields only a view's ``identity`` and ``extras`` show (and ``_links``, and the related ids)
SIBLING_FIELDS = (
    "id",
    "name",
    "slug",
    "sku",
    "date_created",
    "date_modified",
    "description",
    "short_description",
    "global_unique_id",
    "post_password",
    "meta",
)

# a sibling's values that its answer's schema (each version's, each context's) judges by their type
# alone (``tests/test_products_views.py`` holds the schemas to it): one of the very type the
# template's valid value has is valid too. ``related_ids`` are integers by construction.
JUDGED_BY_TYPE = frozenset({"id", "name", "slug", "permalink", "sku", "generated_slug", "related_ids"})

RELATED_KEY = b',"related_ids":['
_PLAIN_TYPES = (str, int, bool, type(None))
_TEXT_TYPES = (str, bool, type(None))
_PLAIN = LazyPattern(r"[0-9A-Za-z:+ -]*\Z")  # text JSON writes as it is between quotes (a date)


def around(raw: bytes, related: tuple[bytes, ...]) -> tuple[bytes, bytes] | None:
    """The item's bytes up to its related ids and from their end, found in the encoded item: the key
    is never the first (``id`` is), and a string holding it is escaped (``,\\"related_ids\\":``). None
    when the key shows more than once (a nested object has it), to split the object instead."""
    at = raw.find(RELATED_KEY)
    if at < 0 or raw.find(RELATED_KEY, at + 1) >= 0:
        return None
    start = at + len(RELATED_KEY)
    value = b",".join(related) + b"]"
    if raw[start : start + len(value)] != value:
        return None
    return raw[:start], raw[start + len(value) - 1 :]


def split(data: dict[str, Any], links: dict[str, Any]) -> tuple[bytes, bytes]:
    """The bytes up to the related ids and from their end, each half encoded on its own."""
    keys = list(data)
    at = keys.index("related_ids")
    head = encode_json({k: data[k] for k in keys[:at]})[:-1] + RELATED_KEY
    tail = b"]," + encode_json({**{k: data[k] for k in keys[at + 1 :]}, "_links": links})[1:]
    return head, tail


@dataclass(frozen=True, slots=True)
class ProductRendering(Rendered):
    """A product as a version renders it, with its bytes split around ``related_ids``, which each
    answer draws afresh. ``record`` is held so its ``id()``, part of the revision, is not reused."""

    record: Product
    head: bytes  # the item's bytes up to the related ids (their ``[`` included)
    tail: bytes  # from the related ids' ``]`` on: the rest of the item, its links included
    pool: tuple[bytes, ...]  # the related candidates' ids as JSON writes them; each answer draws from them
    candidates: tuple[int, ...]  # the candidates themselves, as the backend keeps them
    drawn: tuple[bytes, ...] | None = None  # the related ids ``raw`` shows between ``head`` and ``tail``, if known

    def answer(self, related: tuple[bytes, ...]) -> bytes:
        """The item's bytes with ``related`` (one answer's draw) for its related ids: ``raw`` itself
        for the draw it was made with (the first answer: most products are never shown again)."""
        if related is self.drawn:
            return self.raw
        return b"".join((self.head, b",".join(related), self.tail))

    def item_with(self, related: tuple[bytes, ...]) -> dict[str, Any]:
        return {**self.body, "related_ids": [int(i) for i in related], "_links": self.links}

    def redated(self, record: Product, dates: dict[str, Any]) -> ProductRendering | None:
        """This rendering for ``record``, the same product saved again, with its ``dates`` (the view's
        date fields) put in place of the old ones; None when one of them cannot be swapped so (a
        null becoming a date, or the key not found where the item's own dates are). An item's own
        dates come before its related ids, so in ``head``, and before any nested object's: the first
        ``,"date_modified":`` outside a string (where a quote is escaped) is the item's own. The
        dates are found and swapped as one run of members, as the views write them side by side
        (``date_modified``, ``date_modified_gmt``); a view that did not would be rendered anew."""
        head, body = self.head, self.body
        before, after = [], []
        for key, value in dates.items():
            was = body.get(key)
            if type(was) is not str or type(value) is not str or not _PLAIN.match(was + value):
                return None
            before.append(f'"{key}":"{was}"')
            after.append(f'"{key}":"{value}"')
        old = ("," + ",".join(before)).encode()
        at = head.find(old)
        if at < 0:
            return None
        head = b"".join((head[:at], ("," + ",".join(after)).encode(), head[at + len(old) :]))
        raw = b"".join((head, self.raw[len(self.head) : len(self.raw) - len(self.tail)], self.tail))
        return ProductRendering(
            {**body, **dates}, self.links, raw, record, head, self.tail, self.pool, self.candidates, self.drawn
        )


class SiblingRendering(ProductRendering):
    """A product's rendering made from its template's (:func:`sibling`, :func:`filled`): its bytes
    at once, its body and links at the first read. A create's answer is only sent (the bytes), and
    the body is a copy of the template's seventy-odd members with the sibling's own in place. It
    holds plain data, no closures: a page's are kept (a create's is not: ``routes.ProductsResource.shown``),
    and the collector walks them all. Its ``head`` and ``tail`` are cut from ``raw`` when read (a
    later answer with other related ids, a page): most are never read, and making them besides
    ``raw`` wrote the bytes twice."""

    # what the body, the links, the head and the tail are made from, in one slot (a create sets
    # each slot it writes through ``object.__setattr__``): the template's rendering, the members
    # the body holds in place of the template's, the related ids' positions in ``candidates``
    # (``related.positions``), the links or the self link's href, and how many of ``raw``'s first
    # and last bytes are its head and its tail; ``_made`` and ``_linked`` are set at their first read
    __slots__ = ("_linked", "_made", "_parts")
    _parts: tuple[ProductRendering, dict[str, Any], bytes, dict[str, Any] | str, int, int]
    _made: dict[str, Any]
    _linked: dict[str, Any]

    def __init__(
        self,
        template: ProductRendering,
        changes: dict[str, Any],
        at: bytes,
        links: dict[str, Any] | str,
        raw: bytes,
        record: Product,
        head_size: int,
        tail_size: int,
        pool: tuple[bytes, ...],
        candidates: tuple[int, ...],
        drawn: tuple[bytes, ...],
    ) -> None:
        """``links``: the sibling's links, or its self link's href, the one place they differ
        from the template's in (``ProductsResource.links_from``); ``raw``'s first ``head_size``
        bytes are its head, its last ``tail_size`` its tail (``drawn`` between them)."""
        # frozen, as every rendering: set once, here, by each slot's own setter (``object.__setattr__``
        # looks the slot up by its name on every call: a create's rendering paid ~0.5 µs for it)
        _SET_RAW(self, raw)
        _SET_RECORD(self, record)
        _SET_POOL(self, pool)
        _SET_CANDIDATES(self, candidates)
        _SET_DRAWN(self, drawn)
        _SET_PARTS(self, (template, changes, at, links, head_size, tail_size))

    @property
    def head(self) -> bytes:  # the field, read-only as a frozen one is
        return self.raw[: self._parts[4]]

    @property
    def tail(self) -> bytes:  # the field, read-only as a frozen one is
        raw = self.raw
        return raw[len(raw) - self._parts[5] :]

    @property
    def body(self) -> dict[str, Any]:  # the field, read-only as a frozen one is
        try:
            return self._made
        except AttributeError:  # not made yet
            template, changes, at = self._parts[:3]
            made = {**template.body, **changes, "related_ids": list(map(self.candidates.__getitem__, at))}
            _PUT(self, "_made", made)
            return made

    @property
    def links(self) -> dict[str, Any]:  # the field, read-only as a frozen one is
        try:
            return self._linked
        except AttributeError:  # not made yet
            links = self._parts[3]
            if isinstance(links, str):  # the self link's href
                kept = self._parts[0].links
                links = {**kept, "self": [{**kept["self"][0], "href": links}]}
            _PUT(self, "_linked", links)
            return links


_PUT = object.__setattr__


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The setter of the slot ``name`` of ``cls`` (its member descriptor's)."""
    setter: Callable[[Any, Any], None] = getattr(cls, name).__set__
    return setter


_SET_RAW, _SET_RECORD, _SET_POOL, _SET_CANDIDATES, _SET_DRAWN = (
    _setter(ProductRendering, name) for name in ("raw", "record", "pool", "candidates", "drawn")
)
_SET_PARTS = _setter(SiblingRendering, "_parts")


def as_json(ids: Iterable[int]) -> tuple[bytes, ...]:
    """Ids as JSON writes them."""
    return tuple([str(i).encode() for i in ids])


@dataclass(frozen=True, slots=True)
class Cut:
    """Where the template's ``identity`` ends and its ``extras`` begin (their keys, their bytes'
    lengths in ``head`` and ``tail``), and what a sibling's values are told apart by: the types of
    them all (the template's), and the names of those the schema judges by more than their type."""

    identity: tuple[str, ...]
    extras: tuple[str, ...]
    prefix: int
    suffix: int
    identity_types: tuple[type, ...]
    extras_types: tuple[type, ...]
    identity_judged: tuple[str, ...]
    extras_judged: tuple[str, ...]
    # the identity's integers, when all its values are text, integers, booleans and nulls (the only
    # numbers: what ``encode_json`` looks for floats in), else None
    identity_numbers: tuple[str, ...] | None
    # the extras that are not text, booleans or nulls (meta data, the record's own: the same in a
    # sibling), when the template's ``_links`` hold nothing else (a sibling's differ in text alone),
    # else None: what the tail's ``encode_json`` looks for floats in
    extras_numbers: tuple[str, ...] | None


class Template:
    """The rendering last made from the view for one audience, which a sibling's is made from, with
    what it read besides its record (the terms' serial, the clock's second where it shows the time)."""

    __slots__ = (
        "check",
        "checked",
        "cut",
        "form",
        "last",
        "moment",
        "pool",
        "rendering",
        "same_but_varying",
        "terms",
        "zone",
    )

    def __init__(
        self,
        rendering: ProductRendering,
        terms: Any,
        moment: Any,
        check: Callable[[dict[str, Any]], None],
        zone: tzinfo,
    ) -> None:
        self.rendering = rendering
        self.terms = terms
        self.moment = moment
        self.zone = zone  # the site's timezone (a placeholder image's dates show in it)
        self.check = check  # its audience's schema check (``property_check``) of a sibling's values
        self.cut: Cut | bool | None = True  # worked out at first use (True: not yet)
        self.form: Form | bool | None = True  # the same
        self.same_but_varying = same_but(VARYING)  # whether a product may be filled in its form (made once)
        # the last record filled in the form (or the template's own): equal to the template's but in VARYING
        self.last = rendering.record
        # the last sibling's candidates and their JSON (a run of new products shares them)
        self.pool: tuple[tuple[int, ...], tuple[bytes, ...]] = (rendering.candidates, rendering.pool)
        # the judged values (``Cut.identity_judged``, ``Cut.extras_judged``) of the last sibling, all
        # valid (checked, or the template's): a run of creates in one second shows the same dates
        self.checked: tuple[tuple[Any, ...], tuple[Any, ...]] | None = None


def _cut(template: ProductRendering, view: V1View, render: Render) -> Cut | None:
    """Where the template's ``identity`` ends and its ``extras`` begin: their keys and their
    bytes' lengths in ``head`` and ``tail``, each found there as encoding them alone writes them (so
    the rest is the template's own bytes), or None."""
    identity = view.identity(template.record, render)
    extras = view.extras(template.record, render)
    keys = tuple(template.body)
    if keys[: len(identity)] != tuple(identity) or keys[len(keys) - len(extras) :] != tuple(extras):
        return None
    prefix = encode_json(identity)[:-1]  # without its closing brace
    suffix = encode_json({**extras, "_links": template.links})[1:]  # without its opening brace
    head, tail = template.head, template.tail
    if not (head.startswith(prefix + b",") and len(prefix) + len(RELATED_KEY) < len(head)):
        return None
    if not (tail.endswith(b"," + suffix) and len(suffix) + 2 < len(tail)):
        return None
    body = template.body
    plain = all(type(body[name]) in _PLAIN_TYPES for name in identity)
    return Cut(
        tuple(identity),
        tuple(extras),
        len(prefix),
        len(suffix),
        tuple(type(body[name]) for name in identity),
        tuple(type(body[name]) for name in extras),
        tuple(name for name in identity if name not in JUDGED_BY_TYPE),
        tuple(name for name in extras if name not in JUDGED_BY_TYPE),
        tuple(name for name in identity if type(body[name]) is int) if plain else None,
        tuple(name for name in extras if type(body[name]) not in _TEXT_TYPES) if _textual(template.links) else None,
    )


def _textual(data: Any) -> bool:
    """Whether ``data`` holds nothing but text, booleans and nulls, in dicts and lists."""
    if isinstance(data, dict):
        return all(map(_textual, data.values()))
    if isinstance(data, list):
        return all(map(_textual, data))
    return type(data) in _TEXT_TYPES


def sibling(
    template: Template,
    product: Product,
    render: Render,
    view: V1View,
    links_of: Callable[[dict[str, Any]], dict[str, Any]],
    candidates: tuple[int, ...],
    bits: Callable[[int], int],
    check: Callable[[dict[str, Any]], None],
) -> tuple[ProductRendering, tuple[bytes, ...]] | None:
    """The rendering of ``product`` made from the template's, when the two differ only in
    :data:`SIBLING_FIELDS` (a run of creates from one client: name, SKU, slug, id, dates): its own
    ``identity``, ``extras``, ``_links`` and related ids in place of the template's, the values
    that differ checked against their properties' schemas (``check``); the related ids drawn as the
    view draws them (once, from the product's ``candidates``). ``links_of(kept)``: the product's ``_links``
    made from the template's, which they differ from in their ``href`` strings alone (the links'
    schema judges those by their type: nothing to check). None when it cannot be made so."""
    kept = template.rendering
    if not same_but(SIBLING_FIELDS)(kept.record, product):
        return None
    if template.cut is True:
        template.cut = _cut(kept, view, render)
    if not isinstance(template.cut, Cut):
        return None
    cut = template.cut
    identity = view.identity(product, render)
    extras = view.extras(product, render)
    if tuple(identity) != cut.identity or tuple(extras) != cut.extras:
        return None
    body = kept.body
    links = links_of(kept.links)
    if candidates is template.pool[0] or candidates == template.pool[0]:
        pool = template.pool[1]
    else:
        pool = as_json(candidates)
        template.pool = (candidates, pool)
    at = positions(len(pool), bits)
    drawn, related = tuple(map(pool.__getitem__, at)), list(map(candidates.__getitem__, at))
    judged = (
        tuple(map(identity.__getitem__, cut.identity_judged)),
        tuple(map(extras.__getitem__, cut.extras_judged)),
    )
    typed = tuple(map(type, identity.values())) == cut.identity_types and (
        tuple(map(type, extras.values())) == cut.extras_types
    )
    if typed and judged == template.checked and type(body["related_ids"]) is list:
        changed = {}  # every value of the template's type, those judged by more as the last sibling's
    else:
        changed = {
            name: value
            for name, value in (*identity.items(), *extras.items(), ("related_ids", related))
            if type(body[name]) is not type(value) or (name not in JUDGED_BY_TYPE and body[name] != value)
        }
    if changed:
        check(changed)
    if typed:
        template.checked = judged
    numbers = (
        None if not typed or cut.identity_numbers is None else list(map(identity.__getitem__, cut.identity_numbers))
    )
    head = encode_json(identity, numbers=numbers)[:-1] + kept.head[cut.prefix :]
    numbers = None if not typed or cut.extras_numbers is None else list(map(extras.__getitem__, cut.extras_numbers))
    tail = kept.tail[: len(kept.tail) - cut.suffix] + encode_json({**extras, "_links": links}, numbers=numbers)[1:]
    raw = b"".join((head, b",".join(drawn), tail))
    changes = {**identity, **extras}
    made = SiblingRendering(kept, changes, at, links, raw, product, len(head), len(tail), pool, candidates, drawn)
    return made, drawn


def filled(
    template: Template,
    product: Product,
    render: Render,
    view: V1View,
    candidates: tuple[int, ...],
    bits: Callable[[int], int],
    made_like: tuple[Product, Product] | None = None,
) -> tuple[ProductRendering, tuple[bytes, ...]] | None:
    """The rendering of ``product`` made from the template's :class:`Form`, when the two differ only
    in :data:`VARYING` (a run of creates from one client, each with a name and a SKU of its own):
    the view's ``varying`` values for it in the holes, those the schema judges by more than their
    type (the dates) checked unless they are the last ones checked, the others of the template's
    types; the related ids drawn as :func:`sibling` draws them. None when it cannot be made so.

    ``made_like``: ``(product, previous)`` when the backend made ``product`` like ``previous``
    (``rules.created_like``: the two differ in VARYING alone); when ``previous`` is the template's
    last record filled (equal to the template's own but in VARYING), so is ``product``, unasked."""
    kept = template.rendering
    if (made_like is None or made_like[0] is not product or made_like[1] is not template.last) and (
        not template.same_but_varying(kept.record, product)
    ):
        return None
    form = template.form
    if form is True:
        form = template.form = _form(kept, view, render)
    if not isinstance(form, Form):
        return None
    values = view.varying(product, render)
    texts = form.texts(values)
    if texts is None:
        return None
    judged = form.judged_of(values)
    if judged != form.checked:
        template.check(dict(zip(form.judged, judged, strict=True)))
        form.checked = judged
    pool = template.pool
    if candidates is pool[0] or candidates == pool[0]:
        ids = pool[1]
    else:
        ids = as_json(candidates)
        template.pool = (candidates, ids)
    at = positions(len(ids), bits)
    drawn = tuple(map(ids.__getitem__, at))
    related = b",".join(drawn)
    number = values["id"]
    raw, tail_size = form.whole_with(number, texts, related)
    head_size = len(raw) - tail_size - len(related)
    made = SiblingRendering(
        kept, values, at, form.href + str(number), raw, product, head_size, tail_size, ids, candidates, drawn
    )
    template.last = product
    return made, drawn


def _form(kept: ProductRendering, view: V1View, render: Render) -> Form | None:
    """The template's form: its view's members for its record, found in its bytes (None where its
    related ids are not a list: a sibling's are)."""
    if type(kept.body["related_ids"]) is not list:
        return None
    record = kept.record
    shown = (view.identity(record, render), view.extras(record, render), kept.links)
    return form_of(kept.head, kept.tail, shown, view.varying(record, render), JUDGED_BY_TYPE)


def property_check(version: str, context: str, mode: str) -> Callable[[dict[str, Any]], None]:
    """``check(values)``: some properties of a product's answer against its schema."""

    def check(values: dict[str, Any]) -> None:
        check_response_properties(values, version=version, kind="product", mode=mode, context=context)

    return check
