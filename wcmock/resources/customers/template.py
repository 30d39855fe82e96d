"""A customer's rendering made from the one rendered last for the same audience, instead of from
the view, when the two customers differ only in what a new customer's rendering differs in from the
last one's (a batch's creates, a client's run of creates): the id, the email (and the avatar URL
made from it), the username and the shown meta rows' ids.

A rendering is a pure function of the record and of its audience: the collection's URL, what the
caller may do with the item, whether meta is shown, and (v2, v3) the site's zone; ``Template.key``
holds them. Of the record the views read the fields :data:`SHOWN` names, its two dates (the store's
clock hands out one datetime a second: a second's writes hold the same object), the holes' fields
(:data:`HOLES`) and its meta rows; no other (``display_name``, ``password``, ``downloads``,
``application_passwords``, ``revision``). ``tests/test_customers_template.py`` holds the views to
that, and a sibling's bytes to the view's.

The template's answer was checked whole against the answer's schema when it was rendered. What a
sibling puts in the holes, the schema judges by its type alone (an integer id, strings, integer meta
ids, a link's ``href`` string: the same test holds every version's schema to it), and each is of
that type here (else no sibling is made), so the sibling's answer is valid as the template's was.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from wcmock.resources.customers.fields import published_meta_key
from wcmock.resources.customers.models import Customer
from wcmock.rest.wire import PLAIN, holed, quoted_texts
from wcmock.wordpress import AVATAR_CLOSING, AVATAR_OPENING, avatar_digest

# the record's fields a view shows as they are, which a sibling's must hold as the template's do
# (the dates are the very same objects: equal moments in two zones are written apart)
SHOWN = (
    "first_name",
    "last_name",
    "role",
    "billing",
    "shipping",
    "is_paying_customer",
    "orders_count",
    "total_spent",
    "last_order_id",
)
DATES = ("date_created", "date_modified", "last_order_date")
HOLES = ("id", "email", "username", "avatar_url")  # the holes' fields, in the order the views write them
_shown = attrgetter(*SHOWN)
_ROW = ("id", "key", "value")  # a meta row's keys, as the backend and the fixtures write them
# the avatar URL's text around its digest (the digest is the hole: the rest is every URL's)
_AVATAR_ENDS = [text.replace(b"/", b"\\/") for text in (AVATAR_OPENING.encode(), AVATAR_CLOSING.encode())]


class Template:
    """A rendering made from the view (``raw``, of ``record``, for the audience ``key``), made a
    pattern with a ``%s`` for each of a sibling's own values when one is first made from it."""

    __slots__ = ("form", "key", "meta", "raw", "record", "revision", "rows", "shown")

    def __init__(self, key: tuple[Any, ...], record: Customer, raw: bytes, meta: list[dict[str, Any]] | None) -> None:
        self.key = key
        self.record = record
        self.revision = record.revision  # what ``raw`` shows: a record handed out may be changed in place
        self.raw = raw
        self.meta = meta  # the meta rows the rendering shows, or None where it shows no meta
        self.shown: tuple[Any, ...] | None = None  # the record's SHOWN values, at first use
        self.form: bytes | bool | None = True  # the pattern, at first use (True: not yet; None: none)
        # the record's meta rows' keys and values, and whether each is shown (its id a hole), with the form
        self.rows: list[tuple[Any, Any, bool]] = []

    def sibling(self, record: Customer) -> bytes | None:
        """The rendering of ``record``, when it differs from the template's record only in the holes'
        fields and its meta rows only in their ids; else None."""
        kept = self.record
        if (
            kept.revision != self.revision  # the template's record was changed since (``editable``)
            or record.date_created is not kept.date_created
            or record.date_modified is not kept.date_modified
            or record.last_order_date is not kept.last_order_date
        ):
            return None
        if self.shown is None:
            self.shown = _shown(kept)
        if (
            _shown(record) != self.shown
            or type(record.is_paying_customer) is not type(kept.is_paying_customer)
            or type(record.orders_count) is not type(kept.orders_count)
            or type(record.last_order_id) is not type(kept.last_order_id)
        ):
            return None
        if self.form is True:
            self.form = self._form()
        form = self.form
        email, username, number = record.email, record.username, record.id
        if type(form) is not bytes or type(email) is not str or type(username) is not str or type(number) is not int:
            return None
        joined = f'{email}"{username}'  # see ``quoted_texts``
        if not joined.isascii():
            return None
        text = joined.encode()
        if len(text.translate(None, PLAIN)) != 1:
            return None
        email_text, username_text = text.replace(b"/", b"\\/").split(b'"')
        avatar_text = avatar_digest(email).encode()  # hex digits: plain text (``Customer.avatar_url``)
        id_text = b"%d" % number
        if self.meta is None:
            return form % (id_text, email_text, username_text, avatar_text, id_text)
        meta, rows = record.meta, self.rows
        if len(meta) != len(rows):
            return None
        ids = []
        for at in range(len(meta)):
            row = meta[at]
            key, value, shown = rows[at]
            if row["key"] != key or row["value"] != value:
                return None
            if shown:
                meta_id = row["id"]
                if type(meta_id) is not int or tuple(row) != _ROW:
                    return None
                ids.append(b"%d" % meta_id)
        return form % (id_text, email_text, username_text, avatar_text, *ids, id_text)

    def _form(self) -> bytes | None:
        """The template's bytes with a ``%s`` in each hole (and every ``%`` of its own doubled), or
        None. Each hole is where the view wrote the template's own value (a string's between its
        quotes): the views write the id first, then the email, the username, the avatar URL and the
        meta rows in that order, with nothing between two of them that could hold the next one's
        member text (dates, names and the role are strings, which hold no unescaped quote; the
        addresses and ``last_order`` have their own fixed keys), so the first place the next
        member's text shows is the view's; and ``_links`` is written last, so the last place its
        ``self`` link's text shows is the view's."""
        record, raw = self.record, self.raw
        found = quoted_texts((record.email, record.username, record.avatar_url, self.key[0]))
        if type(record.id) is not int or found is None:
            return None
        number = b"%d" % record.id
        if not raw.startswith(b'{"id":%s,' % number):
            return None
        opening, closing = _AVATAR_ENDS
        if found[2] != opening + avatar_digest(record.email).encode() + closing:
            return None
        places = [(6, 6 + len(number))]
        for name, text in zip(HOLES[1:], found, strict=False):
            member = b'"%s":"%s"' % (name.encode(), text)
            at = raw.find(member, places[-1][1])
            if at < 0:
                return None
            places.append((at + len(name) + 4, at + len(member) - 1))
        begin, end = places[3]  # the avatar URL's hole is its digest
        places[3] = (begin + len(opening), end - len(closing))
        if self.meta is not None and not self._meta_places(raw, places):
            return None
        link = b',"_links":{"self":[{"href":"%s\\/%s"' % (found[3], number)
        at = raw.rfind(link)
        if at < places[-1][1]:
            return None
        places.append((at + len(link) - 1 - len(number), at + len(link) - 1))
        return holed(raw, places)

    def _meta_places(self, raw: bytes, places: list[tuple[int, int]]) -> bool:
        """Add the shown meta rows' ids to ``places``, where the rows are written after the last
        place; keep the record's rows' keys, values and layouts, and which are shown. False when
        a shown row is not a plain one (its value a string of ``PLAIN`` bytes) or is not there."""
        assert self.meta is not None
        rows = []
        for row in self.meta:
            plain = quoted_texts((row["key"], row["value"]))
            if tuple(row) != _ROW or type(row["id"]) is not int or plain is None:
                return False
            rows.append((b"%d" % row["id"], b',"key":"%s","value":"%s"}' % (plain[0], plain[1])))
        opening = b',"meta_data":['
        at = raw.find(opening + b",".join([b'{"id":' + i + rest for i, rest in rows]) + b"]", places[-1][1])
        if at < 0:
            return False
        at += len(opening)
        for meta_id, rest in rows:
            places.append((at + 6, at + 6 + len(meta_id)))
            at += 6 + len(meta_id) + len(rest) + 1
        self.rows = [(row["key"], row["value"], published_meta_key(row["key"])) for row in self.record.meta]
        return sum(shown for _, _, shown in self.rows) == len(rows)
