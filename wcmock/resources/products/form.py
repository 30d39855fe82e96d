"""A product's rendering made from its template's bytes (``rendering.Template``) by filling in the
values a client's next product differs in, instead of encoding its ``identity`` and ``extras``:
the template's bytes cut where the view wrote each of ``varying``'s values (``V1View.varying``:
the id, the name, the slug, the permalink, the dates, the SKU and, in v3's edit context, the
generated slug) and where the self link's ``href`` ends in the id.

The holes are found at first use by writing the template's ``identity`` and ``extras`` member by
member, as ``encode_json`` writes an object (its members joined by commas), and comparing each
with the template's bytes at its place: a hole is where the template's own value was written, so
the rest of the bytes are the template's. A hole is filled with what ``encode_json`` writes of the
sibling's value: an integer's digits, a string of :data:`wcmock.rest.wire.PLAIN` bytes (``/`` written ``\\/``);
any other value makes no sibling here (``rendering.sibling`` encodes it).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from wcmock.rest.wire import encode_json, holed, quoted_texts

_LINKS = b'"_links":{"self":[{"href":"'  # how the views' links open: the self link's href first


class Form:
    """The template's ``head`` and ``tail`` with a ``%s`` in each hole (and each ``%`` of their
    own doubled): ``head``'s holes the id's and those of ``keys[:split]``, ``tail``'s those of
    ``keys[split:]`` and the self link's id; ``href``, that link's href up to the id. ``whole`` is
    the two with one more hole between them, for the related ids: a create's answer is written in
    one formatting (:meth:`texts`, then :meth:`whole_with`), not as a head and a tail then joined;
    ``tail_size`` is the length of ``tail``'s own bytes (its holes left out)."""

    __slots__ = (
        "checked",
        "head",
        "href",
        "judged",
        "judged_of",
        "keys",
        "split",
        "tail",
        "tail_size",
        "texts_of",
        "whole",
    )

    def __init__(
        self,
        head: bytes,
        tail: bytes,
        href: str,
        keys: tuple[str, ...],
        split: int,
        judged: tuple[str, ...],
        checked: Any,
    ) -> None:
        self.head = head
        self.tail = tail
        self.whole = head + b"%s" + tail
        self.tail_size = len(tail % ((b"",) * (len(keys) - split + 1)))  # its own bytes: its holes empty
        self.href = href
        self.keys = keys  # the text holes' members, in the order they are written
        self.split = split
        self.judged = judged  # the members whose values the schema judges by more than their type
        self.texts_of = values_of(keys)  # their values, of a sibling's ``varying``
        self.judged_of = values_of(judged)
        self.checked = checked  # their values in the last rendering made so, all valid (the template's at first)

    def texts(self, values: dict[str, Any]) -> list[bytes] | None:
        """What goes in the text holes for ``values`` (a sibling's ``varying``), in order, or None
        when a value is not what a hole takes (an integer id, strings of
        :data:`wcmock.rest.wire.PLAIN` bytes): asked before the related ids are drawn, as a
        sibling that cannot be filled draws them elsewhere."""
        found = quoted_texts(self.texts_of(values))
        if found is None or type(values["id"]) is not int:
            return None
        return found

    def whole_with(self, number: int, texts: list[bytes], related: bytes) -> tuple[bytes, int]:
        """The item's bytes with the id ``number`` and ``texts`` (:meth:`texts`) in the holes and
        ``related`` (the related ids as JSON writes them between their brackets) between the head
        and the tail, and the tail's length in them (from the related ids' end)."""
        digits = b"%d" % number
        split = self.split
        tail = texts[split:]
        raw = self.whole % (digits, *texts[:split], related, *tail, digits)
        return raw, self.tail_size + len(digits) + sum(map(len, tail))


def values_of(names: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """``tuple(map(values.__getitem__, names))`` as a function of ``values``: one ``itemgetter``
    call (no bound method, no map) where there are two names or more (it gives a tuple then)."""
    if len(names) >= 2:
        getter: Callable[[dict[str, Any]], tuple[Any, ...]] = itemgetter(*names)
        return getter
    return lambda values: tuple(map(values.__getitem__, names))


def form_of(
    head: bytes,
    tail: bytes,
    shown: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
    varying: dict[str, Any],
    judged_by_type: frozenset[str],
) -> Form | None:
    """The form of a template whose bytes are ``head`` and ``tail`` (split at its related ids) and
    whose view shows ``shown`` (its ``identity``, ``extras`` and ``_links``) and ``varying``; or
    None when a value is not where encoding writes it, or is not one a hole takes."""
    identity, extras, links = shown
    both = {**identity, **extras}
    if (
        next(iter(identity), None) != "id"
        or type(varying.get("id")) is not int
        or not varying.keys() <= both.keys()
        or any(both[key] != value or type(both[key]) is not type(value) for key, value in varying.items())
    ):
        return None
    keys = tuple(key for key in both if key in varying and key != "id")
    if any(type(varying[key]) is not str for key in keys):
        return None
    start = len(tail) - len(encode_json({**extras, "_links": links})) + 1  # where the extras open
    head_found = _places(head, 1, identity, varying)
    tail_found = _places(tail, start, extras, varying) if tail[start - 1 : start] == b"," else None
    if head_found is None or tail_found is None:
        return None
    (head_places, _), (tail_places, at) = head_found, tail_found
    number = b"%d" % varying["id"]
    href = links["self"][0]["href"]
    text = encode_json(href)[1:-1]
    if not (
        type(href) is str
        and href.endswith(f"/{varying['id']}")
        and text.endswith(b"\\/" + number)
        and tail.startswith(_LINKS + text + b'"', at)
    ):
        return None
    at += len(_LINKS) + len(text)
    tail_places.append((at - len(number), at))
    judged = tuple(key for key in keys if key not in judged_by_type)
    split = len(head_places) - 1
    return Form(
        holed(head, head_places),
        holed(tail, tail_places),
        href[: len(href) - len(number)],
        keys,
        split,
        judged,
        tuple(map(varying.__getitem__, judged)),
    )


def _places(
    raw: bytes, at: int, members: dict[str, Any], varying: dict[str, Any]
) -> tuple[list[tuple[int, int]], int] | None:
    """Where the values of ``varying``'s members are written in ``raw``, whose members from ``at``
    on are ``members`` (each followed by a comma): a string's between its quotes, an integer's
    digits; and where the next member starts. None when a member is not written there as
    encoding it alone writes it."""
    places = []
    for key, value in members.items():
        member = encode_json({key: value})[1:-1]
        end = at + len(member)
        if raw[at:end] != member or raw[end : end + 1] != b",":
            return None
        if key in varying:
            opening = b'"%s":' % key.encode()
            if not member.startswith(opening):
                return None
            quoted = type(value) is str
            places.append((at + len(opening) + quoted, end - quoted))  # the value (a string's between its quotes)
        at = end + 1
    return places, at
