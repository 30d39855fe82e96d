"""The orders, order notes and refunds routes of one API version: a route table and thin handlers.

Handlers read sanitised parameters, call the backend and render with the version's view; the rules
live in the backend, the representation in ``views``. Under HPOS the v1 controllers cannot see an
order after creating it (they look for ``shop_order`` posts), which ``V1Routes`` answers as recorded.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote_plus

from wcmock.errors import RestError
from wcmock.php import to_int
from wcmock.resources.base import Mount, Mounted
from wcmock.resources.orders.args import BATCH_SCHEMA, note_args, order_args, refund_args
from wcmock.resources.orders.backend import CREATE_DEFAULTS, TOPIC, Actor, OrdersBackend
from wcmock.resources.orders.models import Note, Order, Refund, only_restamped
from wcmock.resources.orders.published import note_schema, order_schema, refund_schema
from wcmock.resources.orders.query import OrderQuery
from wcmock.resources.orders.refunds import BareDataError
from wcmock.resources.orders.rendering import (
    LOCAL_MARK,
    MOMENT_MARK,
    OrderRendering,
    Stencil,
    StencilRendering,
    Template,
    paths,
    sibling,
)
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.views import ORDER_VIEWS, V2OrderView
from wcmock.rest import permissions
from wcmock.rest.batch import run_batch
from wcmock.rest.renderings import AUDIENCE_LIMIT, Rendered, Renderings, replaced, respliced
from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route
from wcmock.rest.wire import encode_json
from wcmock.store import Store
from wcmock.validation import check_response
from wcmock.versions import since

CAPABILITY = "manage_woocommerce"  # what an administrator or shop manager key brings


def _guard(code: str, message: str) -> Any:
    def check(request: RestRequest) -> None:
        if not permissions.can(request.user, CAPABILITY):
            raise permissions.denied(request.user, code, message)

    return check


_NOBODY = ("no caller",)  # the Allow key of a request without a user


def _caller(request: RestRequest) -> Hashable:
    """What every orders, notes and refunds check reads: the caller (its record's revision), so
    ``Allow`` is worked out once per caller."""
    user = request.user
    return _NOBODY if user is None else user.revision


CAN_LIST = _guard("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
CAN_READ = _guard("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
CAN_CREATE = _guard("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
CAN_EDIT = _guard("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.")
CAN_DELETE = _guard("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.")
CAN_BATCH = _guard("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.")


def _dp(request: RestRequest) -> int:
    """``absint($request['dp'])``, the store's 2 decimals when not sent."""
    value = request.params.get("dp")
    return 2 if value is None else abs(to_int(value))


@functools.lru_cache(maxsize=256)
def _actor_of(user_id: int, version: str, batch: bool) -> Actor:
    """One ``Actor`` per caller, version and kind of write: it is frozen, and making one costs a
    write ~1 µs (a frozen dataclass sets each field through ``object.__setattr__``)."""
    return Actor(user_id, version, batch)


def _actor(request: RestRequest, version: str, *, batch: bool = False) -> Actor:
    key = request.key
    return _actor_of(key.user_id if key else 1, version, batch)


def _date(value: Any, store: Store) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=store.settings.timezone)
    return moment.astimezone(UTC)


def php_query(query: dict[str, Any], prefix: str = "") -> list[str]:
    """``build_query(urlencode_deep(...))``: nested keys as ``name%5B0%5D``, values form-encoded."""
    pairs: list[str] = []
    for key, value in query.items():
        name = f"{prefix}%5B{key}%5D" if prefix else quote_plus(str(key), safe="%")
        if isinstance(value, dict):
            pairs += php_query(value, name)
        elif isinstance(value, list):
            pairs += php_query({str(i): v for i, v in enumerate(value)}, name)
        else:
            text = ("1" if value else "") if isinstance(value, bool) else str(value)
            pairs.append(f"{name}={quote_plus(text).replace('~', '%7E')}")
    return pairs


class OrderRoutes:
    """``/wc/{version}/orders`` with its item, batch, notes and refunds routes (v2 and v3)."""

    def __init__(self, store: Store, version: str, *, validation: str = "strict") -> None:
        self.store = store
        self.version = version
        self.validation = validation
        # a store makes its backend once and keeps it (its ``restore`` works in place)
        self.backend: OrdersBackend = orders_of(store)
        self.view: V2OrderView = ORDER_VIEWS[version](self.backend, store.settings.local)
        self._renderings = Renderings()
        self._templates: dict[Hashable, Template] = {}  # per audience: what a sibling's rendering is made from
        self.forget_everywhere: Callable[[int], None] = self.forget  # every version's, once mounted
        ns = f"wc/{version}"
        base = f"/wc/{version}/orders"
        a, n, r = order_args(version), note_args(version), refund_args(version)
        schema, nschema, rschema = order_schema(version), note_schema(version), refund_schema(version)
        self.collection = Route(
            base,
            ns,
            [
                Endpoint(("GET",), self.list, CAN_LIST, a["list"]),
                Endpoint(("POST",), self.create, CAN_CREATE, a["create"]),
            ],
            schema,
            allow_key=_caller,
        )
        self.item = Route(
            base + r"/(?P<id>[\d]+)",
            ns,
            [
                Endpoint(("GET",), self.read, CAN_READ, a["read"]),
                Endpoint(("POST", "PUT", "PATCH"), self.update, CAN_EDIT, a["edit"]),
                Endpoint(("DELETE",), self.delete, CAN_DELETE, a["delete"]),
            ],
            schema,
            allow_key=_caller,
        )
        self.batch_route = Route(
            base + "/batch",
            ns,
            [Endpoint(("POST", "PUT", "PATCH"), self.batch, CAN_BATCH, a["batch"])],
            BATCH_SCHEMA,
            allow_key=_caller,
        )
        self.notes = Route(
            base + r"/(?P<order_id>[\d]+)/notes",
            ns,
            [
                Endpoint(("GET",), self.list_notes, CAN_LIST, n["list"]),
                Endpoint(("POST",), self.create_note, CAN_CREATE, n["create"]),
            ],
            nschema,
            allow_key=_caller,
        )
        self.note_item = Route(
            base + r"/(?P<order_id>[\d]+)/notes/(?P<id>[\d]+)",
            ns,
            [
                Endpoint(("GET",), self.read_note, CAN_READ, n["read"]),
                Endpoint(("DELETE",), self.delete_note, CAN_DELETE, n["delete"]),
            ],
            nschema,
            allow_key=_caller,
        )
        self.refunds = Route(
            base + r"/(?P<order_id>[\d]+)/refunds",
            ns,
            [
                Endpoint(("GET",), self.list_refunds, CAN_LIST, r["list"]),
                Endpoint(("POST",), self.create_refund, CAN_CREATE, r["create"]),
            ],
            rschema,
            allow_key=_caller,
        )
        self.refund_item = Route(
            base + r"/(?P<order_id>[\d]+)/refunds/(?P<id>[\d]+)",
            ns,
            [
                Endpoint(("GET",), self.read_refund, CAN_READ, r["read"]),
                Endpoint(("DELETE",), self.delete_refund, CAN_DELETE, r["delete"]),
            ],
            rschema,
            allow_key=_caller,
        )

        self.all_refunds = Route(
            f"/wc/{version}/refunds",
            ns,
            [
                Endpoint(
                    ("GET",), self.list_all_refunds, CAN_LIST, {k: v for k, v in r["list"].items() if k != "order_id"}
                )
            ],
            rschema,
            allow_key=_caller,
        )

    @property
    def routes(self) -> list[Route]:
        extra = [self.all_refunds] if self.version == "v3" else []
        return [
            *extra,
            self.collection,
            self.batch_route,
            self.item,
            self.notes,
            self.note_item,
            self.refunds,
            self.refund_item,
        ]

    def api(self, request: RestRequest) -> str:
        return f"{request.api_root}/wc/{self.version}"

    # ------------------------------------------------------------------ rendering

    def checked(self, body: dict[str, Any], kind: str) -> dict[str, Any]:
        """Every rendering is validated against ``schemas/`` before it leaves: an order's once, when
        ``_render`` makes it (lists, batches and webhook payloads are made of kept renderings)."""
        check_response(body, version=self.version, kind=kind, mode=self.validation)
        return body

    def embedded(self, request: RestRequest, order: Order, *, dp: int | None = None) -> dict[str, Any]:
        return self.rendered(request, [order], dp=dp)[0].item()

    def rendered(self, request: RestRequest, orders: list[Order], *, dp: int | None = None) -> list[Rendered]:
        """Each order as this version shows it to this caller, made once per revision.

        An answer is a function of the order record (a change stores a changed copy), its refunds,
        what it shows of its lines' products, the site URL, ``dp`` and what the caller may do (the
        same for every order: one capability), so those are the key: the record, the refunds'
        serial, the products' facts it shows (``products_shown``: a stock change elsewhere keeps
        it), and the audience (site URL, ``dp``, allowed methods). A template (``_sibling``) is
        another order's rendering, so it is kept per the products' serial instead."""
        dp = _dp(request) if dp is None else dp
        allowed = tuple(self.item.allowed(request))
        renderings = self._renderings
        audience = (request.home, dp, allowed)
        slots = renderings.audience(audience)
        backend = self.backend
        serial = getattr(backend.catalog, "serial", None)  # read once: rendering changes no product
        serials = (backend.refunds_serial, 0 if serial is None else serial)
        shown = self.view.products_shown
        out = []
        for order in orders:
            read = (backend.refunds_serial, shown(order, serial))
            revision = (id(order), *read)
            prior = slots.get(order.id)  # ``Renderings.get`` and ``latest`` at once
            if prior is not None and prior[0] == revision:
                hit = prior[1]
            else:
                made = None
                new = order.date_modified is order.date_created
                like = backend.made_like
                # a new order made like the last, or one of an id never rendered: from the template
                # first (the id's kept rendering, if any, is another record's, an order of before
                # a reset, whose re-dating decodes a stencil's rendering: ~30 µs)
                sibling_first = prior is None or (like is not None and like[0] is order)
                if sibling_first:
                    made = self._sibling(request, audience, dp, allowed, order, serials)
                if made is None and prior is not None:  # rendered before: re-dated if only its date moved
                    made = self._redated(prior, order, read)
                    if made is not None and new:
                        # a new order's, made of a record of before a reset: the template from now
                        # on (the one of before, if any, is stale), as one made afresh would be
                        self._keep_template(audience, made, serials)
                    elif made is None and new and not sibling_first:  # a new order: from the template
                        made = self._sibling(request, audience, dp, allowed, order, serials)
                if made is None:
                    made = self._render(request, order, dp, allowed)
                    self._keep_template(audience, made, serials)
                hit = renderings.put(slots, order.id, revision, made)
            out.append(hit)
        return out

    def _sibling(
        self,
        request: RestRequest,
        audience: Hashable,
        dp: int,
        allowed: tuple[str, ...],
        order: Order,
        serials: tuple[int, int],
    ) -> OrderRendering | None:
        """The order's rendering made from the audience's template: the last order the view
        rendered for it, when the two differ only in what a run of creates changes, the serials are
        the template's and neither has refunds (listed by order id). An order the backend made
        like the template's record (``made_like``) is known to; any other is compared with it.

        Filled in by the template's stencil (``rendering.Stencil``) when it fits, else made by
        ``rendering.sibling``."""
        template = self._templates.get(audience)
        if template is None or template.serials != serials or not self.view.siblings:
            return None
        backend = self.backend
        like, kept = backend.made_like, template.rendering
        if not (like is not None and like[0] is order and like[1] is kept.record) and not template.matches(order):
            return None
        if kept.body["refunds"] or backend.refunds_of(order.id):
            return None
        stencil = template.kept_stencil
        if stencil is True:  # not made yet
            stencil = template.stencil(lambda: self._stencil(kept, request.home, dp, self.api(request), list(allowed)))
        raw = stencil.fill(order, self.store.settings.timezone) if stencil is not None else None
        if raw is not None:
            return StencilRendering(raw, order)
        home, base, methods = request.home, self.api(request), list(allowed)
        return sibling(
            template,
            order,
            lambda o: self.view.identity(o, home),
            lambda o: self.view.order_links(o, base, methods),
        )

    def _stencil(self, kept: OrderRendering, home: str, dp: int, base: str, methods: list[str]) -> Stencil | None:
        """The stencil of a template (``kept``) for its audience: a view like this one but for the
        site zone's reading of ``MOMENT_MARK`` renders the marked record."""
        real = self.view.local

        def local(moment: datetime) -> Any:
            return LOCAL_MARK if moment is MOMENT_MARK else real(moment)

        view = type(self.view)(self.backend, local)

        def render(order: Order) -> bytes:
            body = view.order(order, dp=dp, home=home)
            return encode_json({**body, "_links": view.order_links(order, base, methods)})

        record = kept.record
        where = set(paths(self.view.identity(record, home), record.items, kept.links))
        return Stencil.of(kept, render, self.view.dates, where)

    def _keep_template(self, audience: Hashable, made: OrderRendering, serials: tuple[int, int]) -> None:
        if len(self._templates) >= AUDIENCE_LIMIT:
            self._templates.clear()
        self._templates[audience] = Template(made, serials)

    def _redated(self, kept: tuple[Hashable, Rendered], order: Order, read: tuple[Any, ...]) -> OrderRendering | None:
        """The order's kept rendering moved to its new dates, if they are all that changed since it
        was made: ``date_modified`` (an update that sets what is there: ``{"status": "completed"}``
        sent again), with ``date_completed`` and ``date_paid`` (the same status change made again
        after a reset, whose captured state the kept rendering was made from).

        The body takes the view's dates in place of the old ones (``replaced``: same types, so what
        was validated stays valid; a date that was none is rendered afresh), and the bytes the
        dates' new text in place of the old (``respliced``: a scan and a copy a member, so six
        members are encoded afresh instead); the same second gives the same bytes."""
        if not isinstance(kept[0], tuple) or kept[0][1:] != read:
            return None
        before = kept[1]
        if not isinstance(before, OrderRendering):
            return None
        old = before.record
        if not only_restamped(old, order):
            return None
        stamped = old.date_completed != order.date_completed or old.date_paid != order.date_paid
        if not stamped and old.date_modified == order.date_modified:
            return OrderRendering(before.body, before.links, before.raw, order)
        dates = self.view.redated(order)
        if stamped:
            dates.update(self.view.restamped(order))
        body = replaced(before.body, dates)
        if body is None:
            return None
        raw = respliced(before.raw, before.body, dates)  # the stamped dates too: each was a date before (``replaced``)
        return OrderRendering(body, before.links, raw or encode_json({**body, "_links": before.links}), order)

    def forget(self, order_id: int) -> None:
        """A deleted order's renderings go, a template made of it too (nothing of it is kept)."""
        self._renderings.forget(order_id)
        for audience in [a for a, kept in self._templates.items() if kept.rendering.record.id == order_id]:
            del self._templates[audience]

    def _render(self, request: RestRequest, order: Order, dp: int, allowed: tuple[str, ...]) -> OrderRendering:
        """One rendering and its bytes: the one place each distinct order answer is made (and so
        where it is checked against ``schemas/``, once)."""
        body = self.view.order(order, dp=dp, home=request.home)
        links = self.view.order_links(order, self.api(request), list(allowed))
        item = self.checked({**body, "_links": links}, "order")
        return OrderRendering(body, links, encode_json(item), order)

    def note_body(self, request: RestRequest, note: Note) -> dict[str, Any]:
        base = f"{self.api(request)}/orders/{note.order_id}"
        body = self.view.note(note)
        body["_links"] = {
            "self": [{"href": f"{base}/notes/{note.id}", "targetHints": {"allow": self.note_item.allowed(request)}}],
            "collection": [{"href": f"{base}/notes"}],
            "up": [{"href": base}],
        }
        return self.checked(body, "order_note")

    def refund_body(self, request: RestRequest, refund: Refund, order_id: int) -> dict[str, Any]:
        base = f"{self.api(request)}/orders/{order_id}"
        body = self.view.refund(refund, dp=_dp(request))
        body["_links"] = {
            "self": [
                {"href": f"{base}/refunds/{refund.id}", "targetHints": {"allow": self.refund_item.allowed(request)}}
            ],
            "collection": [{"href": f"{base}/refunds"}],
            "up": [{"href": base}],
        }
        return self.checked(body, "order_refund")

    def paged(
        self, request: RestRequest, url: str, total: int, rows: list[Any], written: dict[str, Any]
    ) -> dict[str, Any]:
        """``X-WP-Total``, ``X-WP-TotalPages`` and ``Link`` as the CRUD controller writes them.

        ``written`` holds what the controller set on the request (WordPress files it under the query
        parameters, which ``Link`` copies): a value the client sent keeps its place, v3's ``status``
        is unset and set again, so it moves to the end."""
        per_page, page = request.params["per_page"], request.params["page"]
        total = total if rows else 0  # past the end the HPOS query reports no rows at all
        pages = math.ceil(total / per_page)
        headers: dict[str, Any] = {"X-WP-Total": total, "X-WP-TotalPages": pages}
        query = {
            name: request.params.get(name, value) if name in request.params else value
            for name, value in request.query.items()
            if not (name == "status" and self.version == "v3")
        }
        for name, value in written.items():
            query.setdefault(name, value)
        links = []
        if page > 1:
            links.append(f'<{url}?{"&".join(php_query({**query, "page": min(page - 1, pages)}))}>; rel="prev"')
        if pages > page:
            links.append(f'<{url}?{"&".join(php_query({**query, "page": page + 1}))}>; rel="next"')
        if links:
            headers["Link"] = ", ".join(links)
        return headers

    # ------------------------------------------------------------------ orders

    def query(self, request: RestRequest) -> OrderQuery:
        p = request.params
        per_page = p["per_page"]
        status = p.get("status")
        statuses = list(status) if isinstance(status, list) else [status or "any"]
        return OrderQuery(
            statuses=statuses,
            customer=p.get("customer") if request.query.get("customer") is not None else None,
            product=p.get("product") if request.query.get("product") is not None else None,
            include=p.get("include") or [],
            exclude=p.get("exclude") or [],
            parent=p.get("parent") or [],
            parent_exclude=p.get("parent_exclude") or [],
            created_via=list(p.get("created_via") or []),
            after=_date(p.get("after"), self.store),
            before=_date(p.get("before"), self.store),
            modified_after=_date(p.get("modified_after"), self.store),
            modified_before=_date(p.get("modified_before"), self.store),
            search=p.get("search") or "",
            orderby=p["orderby"],
            order=p["order"],
            offset=p.get("offset") or (p["page"] - 1) * per_page,
            per_page=per_page,
        )

    def list(self, request: RestRequest) -> RestResponse:
        with self.store.lock:
            total, orders = self.backend.query(self.query(request))
            hits = self.rendered(request, orders)
        written = self._link_extra(request, bool(orders))
        return RestResponse.listing(hits, self.paged(request, f"{self.api(request)}/orders", total, orders, written))

    def _link_extra(self, request: RestRequest, rendered: bool) -> dict[str, Any]:
        """What the controller writes into the request (and so into ``Link``): v3's status list
        moved to the end, then ``dp`` and ``context`` once an order was rendered."""
        extra: dict[str, Any] = {}
        if self.version == "v3":
            extra["status"] = request.params.get("status") or ["any"]
        if rendered:
            extra.setdefault("dp", _dp(request))
            extra.setdefault("context", request.params.get("context") or "view")
        return extra

    def read(self, request: RestRequest) -> RestResponse:
        with self.store.lock:
            order = self.backend.require(to_int(request.params["id"]), 404)
            return self.single(request, order)

    def single(self, request: RestRequest, order: Order, status: int = 200, **headers: Any) -> RestResponse:
        """The order's kept bytes; the object is made only when an answer needs it (``_fields``)."""
        [hit] = self.rendered(request, [order])
        return RestResponse(None, status, headers, raw=hit.raw, lazy=hit.item)

    def create(self, request: RestRequest) -> RestResponse:
        with self.store.lock, self.backend.command():
            order = self.backend.create(request.params, _actor(request, self.version))
            response = self.single(request, order, 201, Location=f"{self.api(request)}/orders/{order.id}")
        return response

    def update(self, request: RestRequest) -> RestResponse:
        with self.store.lock, self.backend.command():
            order = self.backend.update(to_int(request.params["id"]), request.params, _actor(request, self.version))
            return self.single(request, order)

    def delete(self, request: RestRequest) -> RestResponse:
        order_id = to_int(request.params["id"])
        with self.store.lock, self.backend.command():
            if request.params.get("force"):
                body = self.embedded(request, self.backend.require(order_id, 404))
                self.backend.delete(order_id)
                self.forget_everywhere(order_id)  # a deleted order's renderings do not pile up
                return RestResponse(body)
            before = self.backend.trash(order_id)
            body = self.embedded(request, before)
            self.forget_everywhere(order_id)
            return RestResponse(body)

    def batch(self, request: RestRequest) -> RestResponse:
        """Creates (with the schema's defaults), updates, deletes (forced); no REST validation of items."""
        actor = _actor(request, self.version, batch=True)
        backend = self.backend

        def create(item: dict[str, Any]) -> dict[str, Any]:
            return self.embedded(request, backend.create({**CREATE_DEFAULTS, **item}, actor))

        def update(item: dict[str, Any]) -> dict[str, Any]:
            return self.embedded(request, backend.update(to_int(item.get("id")), item, actor))

        def delete(query: dict[str, Any]) -> dict[str, Any]:
            order_id = to_int(query.get("id"))
            body = self.embedded(request, backend.require(order_id, 404))
            backend.delete(order_id)
            self.forget_everywhere(order_id)
            return body

        with self.store.lock, self.backend.command():
            out = run_batch(request.params, create=create, update=update, delete=delete)
        return RestResponse(out if out else [])

    # ------------------------------------------------------------------ notes

    def _note_order(self, request: RestRequest, code: str) -> Order:
        order = self.backend.get(to_int(request.params["order_id"]))
        if order is None:
            raise RestError(code, "Invalid order ID.", 404)
        return order

    def list_notes(self, request: RestRequest) -> RestResponse:
        with self.store.lock:
            order = self._note_order(request, "woocommerce_rest_shop_order_invalid_id")
            kind = request.params.get("type") or "any" if self.version != "v1" else "any"
            return RestResponse([self.note_body(request, n) for n in self.backend.notes_of(order.id, kind)])

    def create_note(self, request: RestRequest) -> RestResponse:
        p = request.params
        with self.store.lock:
            order = self._note_order(request, "woocommerce_rest_order_invalid_id")
            author = "WooCommerce"
            if self.version == "v3" and p.get("added_by_user") and request.key:
                author = self.store.users.lookup(request.key.user_id).display_name
            note = self.backend.add_note(
                order.id, str(p.get("note") or ""), customer_note=bool(p.get("customer_note")), author=author
            )
            body = self.note_body(request, note)
        return RestResponse(body, 201, {"Location": f"{self.api(request)}/orders/{order.id}/notes/{note.id}"})

    def _note(self, request: RestRequest, order: Order) -> Note:
        note = self.backend.notes.get(to_int(request.params["id"]))
        if note is None or note.order_id != order.id:
            raise RestError("woocommerce_rest_invalid_id", "Invalid resource ID.", 404)
        return note

    def read_note(self, request: RestRequest) -> RestResponse:
        with self.store.lock:
            order = self._note_order(request, "woocommerce_rest_order_invalid_id")
            return RestResponse(self.note_body(request, self._note(request, order)))

    def delete_note(self, request: RestRequest) -> RestResponse:
        if not request.params.get("force"):
            raise RestError("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", 501)
        with self.store.lock:
            order = self._note_order(request, "woocommerce_rest_order_invalid_id")
            note = self._note(request, order)
            body = self.note_body(request, note)
            self.backend.delete_note(note.id)
            return RestResponse(body)

    # ------------------------------------------------------------------ refunds

    def list_refunds(self, request: RestRequest) -> RestResponse:
        order_id = to_int(request.params["order_id"])
        p = request.params
        with self.store.lock:
            found = self.backend.refunds_of(order_id) if self.backend.get(order_id) else []
            offset = p.get("offset") or (p["page"] - 1) * p["per_page"]
            page = found[offset : offset + p["per_page"]]
            data = [self.refund_body(request, r, order_id) for r in page]
        written = {"dp": _dp(request)} if page else {}
        url = f"{self.api(request)}/orders/{order_id}/refunds"
        return RestResponse(data, 200, self.paged(request, url, len(found), page, written))

    def list_all_refunds(self, request: RestRequest) -> RestResponse:
        """``GET /wc/v3/refunds``: every refund of every order, newest first, with its ``parent_id``."""
        p = request.params
        with self.store.lock:
            found = sorted(self.backend.refunds.values(), key=lambda r: (r.date_created, r.id), reverse=True)
            offset = p.get("offset") or (p["page"] - 1) * p["per_page"]
            page = found[offset : offset + p["per_page"]]
            data = []
            for refund in page:
                body = self.refund_body(request, refund, refund.order_id)
                data.append({"id": body.pop("id"), "parent_id": refund.order_id, **body})
        check_response(data, version=self.version, kind="refunds", mode=self.validation)
        written = {"dp": _dp(request)} if page else {}
        return RestResponse(data, 200, self.paged(request, f"{self.api(request)}/refunds", len(found), page, written))

    def create_refund(self, request: RestRequest) -> RestResponse:
        with self.store.lock, self.backend.command():
            refund = self.backend.create_refund(
                to_int(request.params["order_id"]), request.params, _actor(request, self.version)
            )
            body = self.refund_body(request, refund, refund.order_id)
        location = f"{self.api(request)}/orders/(?P<order_id>[\\d]+)/refunds/{refund.id}"
        return RestResponse(body, 201, {"Location": location})

    def _refund(self, request: RestRequest) -> Refund:
        refund = self.backend.refunds.get(to_int(request.params["id"]))
        if refund is None:
            raise RestError("woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.", 404)
        return refund

    def _refund_order_check(self, request: RestRequest, refund: Refund) -> None:
        order_id = to_int(request.params["order_id"])
        if self.backend.get(order_id) is None:
            raise BareDataError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404)
        if refund.order_id != order_id:
            raise BareDataError("woocommerce_rest_invalid_order_refund_id", "Invalid order refund ID.", 404)

    def read_refund(self, request: RestRequest) -> RestResponse:
        with self.store.lock:
            refund = self._refund(request)
            self._refund_order_check(request, refund)
            return RestResponse(self.refund_body(request, refund, refund.order_id))

    def delete_refund(self, request: RestRequest) -> RestResponse:
        if request.params.get("force") is False:
            raise RestError(
                "woocommerce_rest_trash_not_supported", "The shop_order_refund does not support trashing.", 501
            )
        with self.store.lock:
            refund = self._refund(request)
            body = self.refund_body(request, refund, refund.order_id)
            self.backend.delete_refund(refund.id)
            self._refund_order_check(request, refund)
            return RestResponse(body)


class V1OrderRoutes(OrderRoutes):
    """``wc/v1`` under HPOS: creates work, reads, lists, updates and deletes of orders find nothing;
    notes work; refunds can be made but not listed, read or deleted."""

    def list(self, request: RestRequest) -> RestResponse:
        return RestResponse([], 200, {"X-WP-Total": 0, "X-WP-TotalPages": 0})

    def read(self, request: RestRequest) -> RestResponse:
        raise RestError("woocommerce_rest_invalid_shop_order_id", "Invalid ID.", 404)

    def update(self, request: RestRequest) -> RestResponse:
        raise RestError("woocommerce_rest_shop_order_invalid_id", "ID is invalid.", 400)

    def delete(self, request: RestRequest) -> RestResponse:
        raise RestError("woocommerce_rest_shop_order_invalid_id", "ID is invalid.", 404)

    def batch(self, request: RestRequest) -> RestResponse:
        actor = _actor(request, self.version, batch=True)

        def create(item: dict[str, Any]) -> dict[str, Any]:
            return self.embedded(request, self.backend.create({**CREATE_DEFAULTS, **item}, actor))

        def update(item: dict[str, Any]) -> dict[str, Any]:
            raise RestError("woocommerce_rest_shop_order_invalid_id", "ID is invalid.", 400)

        def delete(query: dict[str, Any]) -> dict[str, Any]:
            raise RestError("woocommerce_rest_shop_order_invalid_id", "ID is invalid.", 404)

        with self.store.lock, self.backend.command():
            out = run_batch(request.params, create=create, update=update, delete=delete)
        return RestResponse(out if out else [])

    def list_refunds(self, request: RestRequest) -> RestResponse:
        return RestResponse([], 200, {"X-WP-Total": 0, "X-WP-TotalPages": 0})

    def read_refund(self, request: RestRequest) -> RestResponse:
        raise RestError("woocommerce_rest_invalid_shop_order_refund_id", "Invalid ID.", 404)

    def delete_refund(self, request: RestRequest) -> RestResponse:
        raise RestError("woocommerce_rest_shop_order_refund_invalid_id", "ID is invalid.", 404)


def mount(store: Store, context: Mount) -> Mounted:
    """The orders routes of every version, and the ``order`` webhook payload (the order as the
    webhook's version renders it, context view)."""
    by_version = {
        v: (V1OrderRoutes if v == "v1" else OrderRoutes)(store, v, validation=context.validation) for v in since("v1")
    }

    def payload(version: str, request: RestRequest, order: Any) -> Any:
        current = orders_of(store).get(order.id)
        if current is None or version == "v1":
            return {"id": order.id}
        return by_version[version].embedded(request, current, dp=2)

    def forget(order_id: int) -> None:
        for routes in by_version.values():
            routes.forget(order_id)

    for routes in by_version.values():
        routes.forget_everywhere = forget
    return Mounted([route for r in by_version.values() for route in r.routes], {TOPIC: payload})
