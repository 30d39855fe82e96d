"""The customers routes of one API version: thin handlers over the store and a view.

Handlers read sanitised parameters, call the store and render with the version's view; the rules
live in the store, the representation in ``views``, the wire details in ``routing``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, cast

from wcmock.errors import InvalidResourceId, InvalidUserId, RestError, TrashNotSupported
from wcmock.php import to_int
from wcmock.resources.base import Mount, Mounted
from wcmock.resources.customers import args as definitions
from wcmock.resources.customers import order_numbers
from wcmock.resources.customers.backend import TOPIC, CustomersBackend, customers_of
from wcmock.resources.customers.errors import NoSuchCustomer
from wcmock.resources.customers.listing import CustomerQuery
from wcmock.resources.customers.models import Customer, only_redated
from wcmock.resources.customers.rendered import CustomerRendering, customer_links
from wcmock.resources.customers.template import Template
from wcmock.resources.customers.views import VIEWS, V1View
from wcmock.rest import permissions
from wcmock.rest.batch import Later, batch_response, run_batch, run_item, sub_request
from wcmock.rest.pagination import Paging, page_url
from wcmock.rest.renderings import Rendered, Renderings, Slots, respliced
from wcmock.rest.server import Endpoint, Permission, RestRequest, RestResponse, Route
from wcmock.rest.wire import encode_json
from wcmock.store import Store
from wcmock.users import User
from wcmock.validation import check_response, check_response_properties, number_places
from wcmock.versions import NAMES

CACHE_LIMIT = 20_000
_PENDING = Rendered({}, {}, b"")  # a list's place for a rendering made after the lookups
_NO_TARGET = ("no such user",)  # the item routes' Allow key when the id is nobody's
_NOBODY = ("no caller",)  # the Allow key of a request without a user
_ITEM_OPENING = b'{"id":'  # how an encoded customer item opens, and closes (see ``encoded_each``)
_ITEM_CLOSING = b'"}]}}'
_ITEM_BOUND = _ITEM_CLOSING + b"," + _ITEM_OPENING


class CustomersResource:
    """``/wc/{version}/customers`` and its item, batch and downloads routes."""

    def __init__(
        self,
        version: str,
        view: V1View,
        *,
        username_required: bool,
        password_required: bool,
        validation: str = "strict",
    ) -> None:
        self.validation = validation
        self.version = version
        self.namespace = f"wc/{version}"
        self.view = view
        self._renderings = Renderings()
        self._allowed_memo: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self._number_places: tuple[str, ...] | None = None  # read from the schema at the first encoding
        self._numbered = False
        self._template: Template | None = None  # the rendering last made from the view (``_render``)
        self._as_stored = order_numbers.shown_as_stored(version)  # asked by every rendering
        self._path = base = f"/wc/{version}/customers"
        item = definitions.item_args(version)
        schema = definitions.customer_schema(version)
        self.collection = Route(
            base,
            self.namespace,
            [
                Endpoint(("GET",), self.list, self.can_list, definitions.collection_args(version)),
                Endpoint(
                    ("POST",),
                    self.create,
                    self.can_create,
                    definitions.create_args(
                        version, username_required=username_required, password_required=password_required
                    ),
                ),
            ],
            schema,
            allow_key=_caller,
        )
        self.item = Route(
            base + r"/(?P<id>[\d]+)",
            self.namespace,
            [
                Endpoint(("GET",), self.read, self.can_read, item["read"]),
                Endpoint(("POST", "PUT", "PATCH"), self.update, self.can_edit, item["edit"]),
                Endpoint(("DELETE",), self.delete, self.can_delete, item["delete"]),
            ],
            schema,
            allow_key=self._item_allow_key,
        )
        self.batch_route = Route(
            base + "/batch",
            self.namespace,
            [
                Endpoint(("POST", "PUT", "PATCH"), self.batch, self.can_batch, item["batch"]),
            ],
            definitions.BATCH_SCHEMA,
            allow_key=_caller,
        )
        self.downloads_route = Route(
            base + r"/(?P<customer_id>[\d]+)/downloads",
            self.namespace,
            [
                Endpoint(("GET",), self.downloads, self.can_list_downloads, definitions.downloads_args(version)),
            ],
            definitions.download_schema(version),
            allow_key=self._downloads_allow_key,
        )

    @property
    def routes(self) -> list[Route]:
        return [self.collection, self.item, self.batch_route, self.downloads_route]

    # ------------------------------------------------------------------ permissions

    def can_list(self, request: RestRequest) -> None:
        if not permissions.can(request.user, "list_users"):
            raise permissions.denied(request.user, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")

    def can_create(self, request: RestRequest) -> None:
        if not permissions.can(request.user, "create_customers"):
            raise permissions.denied(
                request.user, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."
            )

    def _target(self, request: RestRequest, key: str = "id") -> Customer:
        target = customers_of(request.store).lookup(to_int(request.params.get(key)))
        if target is None:
            raise InvalidUserId()
        return target

    def can_read(self, request: RestRequest) -> None:
        target = self._target(request)
        if not permissions.can(request.user, "list_users", target):
            raise permissions.denied(
                request.user, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."
            )

    def can_edit(self, request: RestRequest) -> None:
        target = self._target(request)
        user = request.user
        if not permissions.can(user, "edit_users", target):
            raise permissions.denied(
                user, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."
            )
        if permissions.role_locked(target):
            email = request.params.get("email")
            for name, changes in (
                ("email", email is not None and email != target.email),
                ("password", request.params.get("password") is not None),
            ):
                if changes:
                    raise permissions.denied(
                        user,
                        "woocommerce_rest_cannot_edit",
                        f"Sorry, {name} cannot be updated via this endpoint for a user with role {target.role}.",
                    )

    def can_delete(self, request: RestRequest) -> None:
        target = self._target(request)
        user = request.user
        if not permissions.can(user, "delete_users", target):
            raise permissions.denied(
                user, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."
            )
        if permissions.role_locked(target):
            raise permissions.denied(
                user,
                "woocommerce_rest_cannot_delete",
                f"Sorry, users with {target.role} role cannot be deleted via this endpoint. "
                "Allowed roles: customer, subscriber",
            )

    def can_batch(self, request: RestRequest) -> None:
        if not permissions.can(request.user, "promote_users"):
            raise permissions.denied(
                request.user,
                "woocommerce_rest_cannot_batch",
                "Sorry, you are not allowed to batch manipulate this resource.",
            )

    def can_list_downloads(self, request: RestRequest) -> None:
        if customers_of(request.store).lookup(to_int(request.params.get("customer_id"))) is None:
            raise NoSuchCustomer()
        self.can_list(request)

    def _item_allow_key(self, request: RestRequest) -> Hashable | None:
        """What the item's three checks read: the target's role and whether it is the caller (or
        that there is no such user: each refuses), and the caller; None when ``can_edit`` reads the
        parameters too (an email or password change of a role-locked user)."""
        target = customers_of(request.store).lookup(to_int(request.params.get("id")))
        if target is None:
            return _NO_TARGET
        if permissions.role_locked(target):
            email = request.params.get("email")
            if request.params.get("password") is not None or (email is not None and email != target.email):
                return None
        user = request.user
        return (user.revision, target.role, user.id == target.id) if user is not None else (None, target.role, False)

    def _downloads_allow_key(self, request: RestRequest) -> Hashable | None:
        found = customers_of(request.store).lookup(to_int(request.params.get("customer_id"))) is not None
        return (found, _caller(request))

    # ------------------------------------------------------------------ rendering

    def url(self, request: RestRequest, customer_id: int | None = None) -> str:
        base = request.api_root + self._path
        return base if customer_id is None else f"{base}/{customer_id}"

    def rendered(self, request: RestRequest, customer: Customer, *, new: bool = False) -> Rendered:
        """The customer as this version shows it to this caller, cached until the customer changes
        (``renderings`` of one, without a list's bookkeeping: a single write or read pays this).

        ``new``: the record was just made (a create), so nothing kept shows it: its ``revision`` is
        new, and a rendering kept for its id (after a reset hands the id out again) is another
        record's, which ``_redated`` would only compare field by field to refuse."""
        if not self._as_stored:
            return self.renderings(request, [customer])[0]
        user = request.user
        with_meta = permissions.is_administrator(user)
        allowed = self.allowed_on(request, customer, user)
        renderings = self._renderings
        slots = renderings.audience((request.home, allowed, with_meta))
        if new:
            fresh = self._render(request, customer, allowed, with_meta=with_meta, record=customer)
            return renderings.put(slots, customer.id, customer.revision, fresh)
        hit = renderings.get(slots, customer.id, customer.revision)
        if hit is None:
            kept = Renderings.latest(slots, customer.id)
            made = self._redated(kept, customer) if kept is not None else None
            if made is None:
                made = self._render(request, customer, allowed, with_meta=with_meta, record=customer)
            hit = renderings.put(slots, customer.id, customer.revision, made)
        return hit

    def _redated(self, kept: tuple[Hashable, Rendered], customer: Customer) -> CustomerRendering | None:
        """The customer's kept rendering moved to its new ``date_modified``, if that is all that
        changed since it was made (an update that sets what is there: ``{"first_name": "X"}`` sent
        again): the members showing the date written anew in the bytes (``respliced``).

        The rendering was validated whole when it was made, the new dates are checked on their own
        (``check_response_properties``: a second's dates once)."""
        revision, before = kept
        if not isinstance(before, CustomerRendering) or before.record is None:
            return None
        record = before.record
        # a record changed in place since it was rendered (its revision moved) no longer shows what it did
        if record.revision != revision or not only_redated(record, customer):
            return None
        old, new = self.view.redated(record), self.view.redated(customer)
        if old == new:
            raw: bytes | None = before.raw
        elif any(type(value) is not str for value in (*old.values(), *new.values())):
            return None
        else:
            raw = respliced(before.raw, old, new)
            if raw is not None:
                check_response_properties(
                    new, version=self.version, kind="customer", mode=self.validation, context="edit"
                )
        if raw is None:
            return None
        return before.with_raw(raw, customer)

    def renderings(self, request: RestRequest, customers: list[Customer]) -> list[Rendered]:
        """Each customer as this version shows it to this caller, cached until the customer changes.

        The key is the customer's ``revision`` (new on every change), the site URL and what the caller
        may do with the item, which together fix every byte of the answer; what depends on the
        caller alone is worked out once for the whole list (per role: what the caller may do with a
        customer depends on the customer's role and on whether it is the caller). A v1/v2 read then
        leaves WooCommerce's cached order totals behind in the store, as a real read does.
        """
        user = request.user
        user_id = user.id if user else None
        renderings = self._renderings
        with_meta = permissions.is_administrator(user)  # protected meta is shown to administrators only
        by_role: dict[str, tuple[tuple[str, ...], Slots]] = {}  # customers other than the caller
        as_stored = self._as_stored
        get = renderings.get
        out: list[Rendered] = []
        misses: list[tuple[int, Customer, tuple[str, ...], Slots]] = []  # (place in out, ...)
        for customer in customers:
            audience = by_role.get(customer.role) if customer.id != user_id else None
            if audience is None:
                allowed = self.allowed_on(request, customer, user)
                audience = (allowed, renderings.audience((request.home, allowed, with_meta)))
                if customer.id != user_id:
                    by_role[customer.role] = audience
            allowed, slots = audience
            if as_stored:  # the usual case, a page of 100 pays it per customer: a lookup, nothing else
                hit = get(slots, customer.id, customer.revision)
                if hit is None:
                    misses.append((len(out), customer, allowed, slots))
                    hit = _PENDING
                out.append(hit)
                continue
            shown, writes = order_numbers.for_read(request.store, customer, self.version)
            hit = None if writes else renderings.get(slots, customer.id, customer.revision)
            if hit is None:
                hit = self._render(request, shown, allowed, with_meta=with_meta)
                if not writes:
                    renderings.put(slots, customer.id, customer.revision, hit)
            if writes:
                customers_of(request.store).remember_order_stats(customer, writes)
            out.append(hit)
        if misses:  # shown as stored: rendering reads the record alone and writes nothing
            made = self._render_all(request, [(c, allowed) for _, c, allowed, _ in misses], with_meta=with_meta)
            for (at, customer, _, slots), rendered in zip(misses, made, strict=True):
                out[at] = renderings.put(slots, customer.id, customer.revision, rendered)
        return out

    def forget(self, customer_id: int) -> None:
        self._renderings.forget(customer_id)

    def _render(
        self,
        request: RestRequest,
        shown: Customer,
        allowed: tuple[str, ...],
        *,
        with_meta: bool,
        record: Customer | None = None,
    ) -> CustomerRendering:
        """One rendering, validated once: it is served from the cache until the customer changes.
        Made from the last one's when the two customers differ only in a template's holes (see
        ``template``), else from the view; one made from the view is the next template (but where
        a failed check is only logged, ``warn``: a sibling of an answer that failed would not be).
        ``record``: the stored record it renders, which the rendering names (``CustomerRendering``)."""
        collection = request.api_root + self._path
        self_href = f"{collection}/{shown.id}"
        key = (collection, allowed, with_meta, self.view.settings.timezone)
        template = self._template
        raw = template.sibling(shown) if template is not None and template.key == key else None
        if raw is None:
            item = self.view.customer(shown, with_meta=with_meta)
            item["_links"] = customer_links(self_href, collection, allowed)
            self.check(item, "customer")
            raw = self.encoded(item)
            if self.validation != "warn":
                self._template = Template(key, shown, raw, item.get("meta_data"))
        return CustomerRendering(raw, self_href, collection, allowed, record)

    def _render_all(
        self, request: RestRequest, shown: list[tuple[Customer, tuple[str, ...]]], *, with_meta: bool
    ) -> list[Rendered]:
        """``_render`` of each: the first as ``_render`` makes it, each other made from the template's
        where it can be, the rest from the view step by step over the list (every view, then every
        check, then every encoding): the same renderings, in less time than rendering each in turn
        (a batch's creates, a page read after the store changed)."""
        customer, allowed = shown[0]
        out: list[Rendered | None] = [self._render(request, customer, allowed, with_meta=with_meta)]
        collection, zone = request.api_root + self._path, self.view.settings.timezone
        template, audience, usable = self._template, None, False
        for customer, allowed in shown[1:]:
            if allowed is not audience:  # the items of one role share the tuple
                audience = allowed
                usable = template is not None and template.key == (collection, allowed, with_meta, zone)
            raw = template.sibling(customer) if usable and template is not None else None
            href = f"{collection}/{customer.id}"
            out.append(None if raw is None else CustomerRendering(raw, href, collection, allowed))
        missed = [at for at, one in enumerate(out) if one is None]
        if missed:
            made = self._render_each([shown[at] for at in missed], collection, with_meta)
            for at, one in zip(missed, made, strict=True):
                out[at] = one
        return out  # type: ignore[return-value]  # every None filled above

    def _render_each(
        self, shown: list[tuple[Customer, tuple[str, ...]]], collection: str, with_meta: bool
    ) -> list[Rendered]:
        """``_render`` of each from the view, step by step over the list (every view, then every
        check, then every encoding)."""
        view = self.view.customer
        hrefs = [f"{collection}/{customer.id}" for customer, _ in shown]
        items = [view(customer, with_meta=with_meta) for customer, _ in shown]
        for item, href, (_, allowed) in zip(items, hrefs, shown, strict=True):
            item["_links"] = customer_links(href, collection, allowed)
        for item in items:
            self.check(item, "customer")
        return [
            CustomerRendering(raw, href, collection, allowed)
            for raw, href, (_, allowed) in zip(self.encoded_each(items), hrefs, shown, strict=True)
        ]

    def encoded_each(self, items: list[dict[str, Any]]) -> list[bytes]:
        """``encoded`` of each item (``check``-ed), written as one list and cut at the items' bounds:
        the encoder's checks of a document (ASCII, floats) are paid once for the list, not per item.

        A customer item opens with its ``id`` and closes with its ``_links``, whose last relation is
        ``collection``'s one ``href``: two items meet at ``"}]}},{"id":`` (``_ITEM_BOUND``). A string
        cannot hold it (its quotes are escaped there); an item's meta value might, and then the cut
        finds more pieces than items, and each item is encoded on its own instead."""
        whole = self.encoded(items)
        framed = whole.startswith(b"[" + _ITEM_OPENING) and whole.endswith(_ITEM_CLOSING + b"]")
        pieces = whole[1:-1].split(_ITEM_BOUND) if framed else []
        if len(pieces) != len(items):
            return [self.encoded(item) for item in items]
        last = len(pieces) - 1
        return [
            (_ITEM_OPENING if at else b"") + piece + (_ITEM_CLOSING if at < last else b"")
            for at, piece in enumerate(pieces)
        ]

    def encoded(self, item: dict[str, Any] | list[dict[str, Any]]) -> bytes:
        """A customer ``check``-ed, encoded (or a list of them). Where a failed check raises
        (``strict``), the item holds numbers only where its schema lets it (``number_places``: the
        id, meta data, v1/v2's order numbers), and the encoder looks for floats there alone."""
        places = self._number_places
        if places is None:
            found = number_places(self.version, "customer", context="edit") if self.validation == "strict" else None
            places = self._number_places = () if found is None else found
            self._numbered = found is not None
        if not self._numbered:
            return encode_json(item)
        if isinstance(item, list):
            return encode_json(item, numbers=[one[name] for one in item for name in places if name in one])
        numbers = []  # a single write's: a loop, not a comprehension (a function call each on Python 3.11)
        for name in places:
            if name in item:
                numbers.append(item[name])
        return encode_json(item, numbers=numbers)

    def check(self, payload: Any, kind: str) -> None:
        """Every answer is validated against ``schemas/`` before it leaves (once per cached rendering)."""
        check_response(payload, version=self.version, kind=kind, mode=self.validation, context="edit")

    def allowed_on(self, request: RestRequest, customer: Customer, user: User | None) -> tuple[str, ...]:
        """The methods the caller could use on a plain GET of the item (its ``targetHints``);
        ``user``: ``request.user``, which the caller has asked for already."""
        memo_key = (
            request.key.consumer_key if request.key else None,
            user.revision if user else None,
            customer.role,
            user is not None and user.id == customer.id,
        )
        allowed = self._allowed_memo.get(memo_key)
        if allowed is None:
            probe = RestRequest(
                method="GET",
                route="",
                query={},
                home=request.home,
                store=request.store,
                params={"id": customer.id},
                key=request.key,
            )
            if len(self._allowed_memo) >= CACHE_LIMIT:
                self._allowed_memo.clear()
            allowed = self._allowed_memo[memo_key] = tuple(self.item.allowed(probe))
        return allowed

    def links(self, request: RestRequest, customer_id: int, allowed: tuple[str, ...] = ()) -> dict[str, Any]:
        """``_links``; ``targetHints`` is absent when the caller may do nothing with the item."""
        return customer_links(self.url(request, customer_id), self.url(request), allowed)

    def embedded(self, request: RestRequest, customer: Customer) -> dict[str, Any]:
        return self.rendered(request, customer).item()

    def single(self, request: RestRequest, customer: Customer, *, new: bool = False) -> RestResponse:
        """``new``: a create's record (as ``rendered``'s), answered ``201 Created`` with its
        ``Location``: the rendering's own ``self`` link."""
        hit = self.rendered(request, customer, new=new)
        # every rendering this resource makes is a CustomerRendering (``_render``, ``_render_each``)
        headers = {"Location": cast(CustomerRendering, hit).self_href} if new else {}
        # the body is read back from the bytes only for an answer that needs the object (``_fields``)
        return RestResponse(None, 201 if new else 200, headers, links=hit.links, raw=hit.raw, lazy=lambda: hit.body)

    # ------------------------------------------------------------------ handlers

    def list(self, request: RestRequest) -> RestResponse:
        p = request.params
        paging = Paging.of(p)
        query = CustomerQuery(
            role=p["role"],
            search=p.get("search") or "",
            email=p.get("email") or "",
            include=p["include"],
            exclude=p["exclude"],
            orderby=p["orderby"],
            order=p["order"],
            offset=paging.offset,
            per_page=paging.per_page,
        )
        with request.store.lock:
            total, customers = customers_of(request.store).query(query)
            hits = self.renderings(request, customers)
        args = self.collection.endpoints[0].args
        headers = paging.headers(total, lambda page: page_url(self.url(request), request, args, page))
        return RestResponse.listing(hits, headers)

    def read(self, request: RestRequest) -> RestResponse:
        with request.store.lock:
            return self.single(request, customers_of(request.store).get(to_int(request.params["id"])))

    def create(self, request: RestRequest) -> RestResponse:
        store = request.store
        with store.lock:
            customer = customers_of(store).create_held(self.view.writable(request.params))
            return self.single(request, customer, new=True)

    def update(self, request: RestRequest) -> RestResponse:
        with request.store.lock:
            return self.single(request, self._update(request))

    def _update(self, request: RestRequest) -> Customer:
        return customers_of(request.store).update(to_int(request.params["id"]), self.view.writable(request.params))

    def delete(self, request: RestRequest) -> RestResponse:
        p = request.params
        if not p.get("force"):
            raise TrashNotSupported("Customers do not support trashing.")
        with request.store.lock:
            customer_id = to_int(p["id"])
            existing = customers_of(request.store).lookup(customer_id)
            if existing is None:
                raise InvalidResourceId()
            body = self.view.customer(existing, with_meta=permissions.is_administrator(request.user))
            customers_of(request.store).delete(customer_id, reassign=abs(to_int(p.get("reassign") or 0)))
            links = self.links(request, customer_id)  # gone: no targetHints
            self.check({**body, "_links": links}, "customer")
            return RestResponse(body, links=links)

    def downloads(self, request: RestRequest) -> RestResponse:
        customer = customers_of(request.store).get(to_int(request.params["customer_id"]))
        base = f"{request.api_root}/wc/{self.version}"
        data = []
        orders = order_numbers.orders_in(request.store)
        found = [*customer.downloads, *(orders.download_records(customer.id, request.home) if orders else [])]
        for download in found:
            body = self.view.download(download, customer, request.home)
            body["_links"] = {
                "collection": [{"href": f"{base}/customers/{customer.id}/downloads"}],
                "product": [{"href": f"{base}/products/{download['product_id']}"}],
                "order": [{"href": f"{base}/orders/{download['order_id']}"}],
            }
            data.append(body)
        self.check(data, "downloads")
        return RestResponse(data)

    # ------------------------------------------------------------------ batch

    def batch(self, request: RestRequest) -> RestResponse:
        """Each item runs its route's permission check, then its handler; see ``run_batch``.

        Creates also get the request's query parameters. The checks are the single requests' own:
        existence, capability and the role rules (no administrator's email or password changes, no
        administrator deleted).
        """
        later = self._as_stored
        may_create = _CallerCheck(request, self.can_create)
        query = request.query

        def create(item: dict[str, Any]) -> Later | Rendered:
            params = {**query, **item} if query else item  # the create only reads it
            return self._batch_create(request, backend, params, may_create, later)

        with request.store.lock:
            backend = customers_of(request.store)
            out = run_batch(
                request.params,
                create=create,
                update=lambda item: self._batch_update(request, item, later),
                delete=lambda query: run_item(request, "DELETE", query, self.can_delete, self.delete),
                settle=lambda customers: self.renderings(request, customers),
            )
        return batch_response(out, lambda envelope: self.check(envelope, "batch"))

    def _batch_create(
        self,
        request: RestRequest,
        backend: CustomersBackend,
        params: dict[str, Any],
        may_create: _CallerCheck,
        later: bool,
    ) -> Later | Rendered:
        """A batch's create item, as its own request would make it (see ``_batch_update``), with
        what is the same for every item found once for the batch: the create check (it reads the
        caller alone, see ``_CallerCheck``) and the backend. The item's own request is made only
        where its rendering reads it (v1/v2): a create reads its parameters alone."""
        may_create()
        customer = backend.create_held(self.view.writable(params))  # the batch holds the lock
        return Later(customer) if later else self.rendered(sub_request(request, "POST", params), customer)

    def _batch_update(self, request: RestRequest, params: dict[str, Any], later: bool) -> Later | Rendered:
        """A batch's update item, as its own request would make it: the route's permission check
        (it reads the target and the parameters), the write, its rendering. ``later``: when a
        rendering reads the record alone and writes nothing (v3), a list's items are rendered
        together once all are written, each as its own write left it (``run_batch``'s ``settle``);
        a v1/v2 rendering writes order numbers (and takes meta ids), so each is rendered in its turn."""
        sub = sub_request(request, "PUT", params)
        self.can_edit(sub)
        customer = self._update(sub)
        return Later(customer) if later else self.rendered(sub, customer)


class _CallerCheck:
    """A permission check that reads the caller alone (``can_create``), of a batch's items: what
    each item's own request would answer, asked again only when the caller's record is another
    one or has changed (its ``revision``) since it was last asked; a refusal is raised again for
    every item, as each item's own check raises it."""

    __slots__ = ("_asked", "_check", "_refusal", "_request", "_revision", "_user")

    def __init__(self, request: RestRequest, check: Permission) -> None:
        self._request = request
        self._check = check
        self._asked = False
        self._user: Any = None  # the caller and its revision when last asked
        self._revision: Any = None
        self._refusal: RestError | None = None

    def __call__(self) -> None:
        request = self._request
        user = request.user
        revision = user.revision if user is not None else None
        if not self._asked or self._user is not user or self._revision != revision:
            self._refusal = None
            try:
                self._check(request)
            except RestError as refusal:
                self._refusal = refusal
            self._asked, self._user, self._revision = True, user, revision
        if self._refusal is not None:
            raise self._refusal


def _caller(request: RestRequest) -> Hashable:
    """What the collection's and the batch's checks read: the caller (its record's revision)."""
    user = request.user
    return _NOBODY if user is None else user.revision


def mount(store: Store, context: Mount) -> Mounted:
    """The customers routes of every version, and the ``customer`` webhook payload (the item as
    the webhook's version renders it)."""
    settings = store.settings
    by_version = {
        version: CustomersResource(
            version,
            VIEWS[version](settings),
            username_required=not settings.generate_username,
            password_required=not settings.generate_password,
            validation=context.validation,
        )
        for version in NAMES
    }

    def payload(version: str, request: RestRequest, customer: Any) -> Any:
        return by_version[version].embedded(request, customer)

    # a deleted customer's renderings go with it, in every version
    customers_of(store).deleted.extend(resource.forget for resource in by_version.values())
    return Mounted([route for r in by_version.values() for route in r.routes], {TOPIC: payload})
