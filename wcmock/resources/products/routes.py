"""The products and product-categories routes of one API version: a route table and thin handlers.

Handlers read sanitised parameters, call the products backend and render with the version's
view; the rules live in the backend, the representation in ``views``, the wire in ``routing``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from wcmock.errors import RestError
from wcmock.php import to_int
from wcmock.resources.base import Mount, Mounted
from wcmock.resources.products import args as product_args
from wcmock.resources.products.backend import TOPIC, ProductsBackend, products_of
from wcmock.resources.products.models import Product, Term, same_but_modified
from wcmock.resources.products.query import from_params
from wcmock.resources.products.related import pick, splicer
from wcmock.resources.products.rendering import (
    ProductRendering,
    Template,
    around,
    as_json,
    filled,
    property_check,
    sibling,
    split,
)
from wcmock.resources.products.rules import rest_date
from wcmock.resources.products.text import sanitize_title
from wcmock.resources.products.views import VIEWS, Render, V1View
from wcmock.rest.args import BATCH_SCHEMA
from wcmock.rest.batch import run_batch
from wcmock.rest.pagination import Paging, page_url
from wcmock.rest.renderings import AUDIENCE_LIMIT, Rendered, Renderings
from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route
from wcmock.rest.wire import encode_json
from wcmock.store import Store
from wcmock.validation import check_response, check_response_properties
from wcmock.versions import since

MANAGERS = ("administrator", "shop_manager")  # roles with the product capabilities
DATE_ARGS = ("after", "before", "modified_after", "modified_before")


def backend_of(request: RestRequest) -> ProductsBackend:
    return products_of(request.store)


def denied(request: RestRequest, code: str, message: str) -> RestError:
    return RestError(code, message, 403 if request.user is not None else 401)


def can_manage(request: RestRequest) -> bool:
    user = request.user
    return user is not None and user.role in MANAGERS


class ProductsResource:
    """``/wc/{version}/products``, its item and batch routes, and ``/products/categories``."""

    def __init__(self, version: str, view: V1View, *, validation: str = "strict") -> None:
        self.version = version
        self.view = view
        self.validation = validation
        self.namespace = f"wc/{version}"
        self.path = base = f"/wc/{version}/products"
        schema = product_args.published(version, "product_schema")
        self.defaults = product_args.create_defaults(schema)
        self._renderings = Renderings()
        self._templates: dict[Hashable, Template] = {}  # per audience: what a sibling's rendering is made from
        self._modified_dates: dict[Hashable, dict[str, Any]] = {}  # (date, timezone, context): a redate's values
        self.forget_everywhere: Callable[[int], None] = self.forget  # every version's, once mounted
        item = product_args.item_args(version, schema)
        self.collection = Route(
            base,
            self.namespace,
            [
                Endpoint(("GET",), self.list, self.can_list, product_args.collection_args(version)),
                Endpoint(("POST",), self.create, self.can_create, product_args.create_args(schema)),
            ],
            schema,
            allow_key=can_manage,
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
            [Endpoint(("POST", "PUT", "PATCH"), self.batch, self.can_batch, item["batch"])],
            dict(BATCH_SCHEMA),
            allow_key=can_manage,
        )
        self.categories = CategoriesResource(version, validation=validation)

    @property
    def routes(self) -> list[Route]:
        return [*self.categories.routes, self.collection, self.batch_route, self.item]

    # ------------------------------------------------------------------ permissions

    def can_list(self, request: RestRequest) -> None:
        if not can_manage(request):
            raise denied(request, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")

    def can_create(self, request: RestRequest) -> None:
        if not can_manage(request):
            raise denied(request, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")

    def _exists(self, request: RestRequest) -> bool:
        return backend_of(request).get(to_int(request.params.get("id"))) is not None

    def _item_allow_key(self, request: RestRequest) -> Hashable:
        """What the item's three checks read: whether the product exists, and whether the caller
        manages products (its role; no caller manages none)."""
        return (self._exists(request), can_manage(request))

    def can_read(self, request: RestRequest) -> None:
        """An unknown id passes: the handler answers 404, so a product's existence shows (as on a store)."""
        if self._exists(request) and not can_manage(request):
            raise denied(request, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")

    def can_edit(self, request: RestRequest) -> None:
        if self._exists(request) and not can_manage(request):
            raise denied(request, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.")

    def can_delete(self, request: RestRequest) -> None:
        if self._exists(request) and not can_manage(request):
            raise denied(
                request, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."
            )

    def can_batch(self, request: RestRequest) -> None:
        if not can_manage(request):
            raise denied(
                request,
                "woocommerce_rest_cannot_batch",
                "Sorry, you are not allowed to batch manipulate this resource.",
            )

    # ------------------------------------------------------------------ rendering

    def url(self, request: RestRequest, product_id: int | None = None) -> str:
        if product_id is None:
            return f"{request.api_root}{self.path}"
        return f"{request.api_root}{self.path}/{product_id}"  # one formatting (a create's Location, its links)

    def render(self, request: RestRequest, context: str) -> Render:
        return self._render_for(request, backend_of(request), context, can_manage(request))

    @staticmethod
    def _render_for(request: RestRequest, backend: ProductsBackend, context: str, manages: bool) -> Render:
        store = request.store
        return Render(request.home, backend, store.now, store.settings.timezone, context, manages)

    def body(self, request: RestRequest, product: Product, context: str = "edit") -> dict[str, Any]:
        """The product with its ``_links``, checked against the version's schema before it leaves."""
        [(kept, related)] = self.shown(request, [product], context)
        return kept.item_with(related)

    def shown(
        self,
        request: RestRequest,
        products: list[Product],
        context: str,
        backend: ProductsBackend | None = None,
    ) -> list[tuple[ProductRendering, tuple[bytes, ...]]]:
        """Each product's rendering for this caller and context, with this answer's related ids (as JSON text).

        A rendering is made and validated once per revision: the record itself, the term serial
        (category names show), in ``edit`` context the product serial (``generated_slug`` depends on
        the other products' slugs), the clock's second where the answer shows the time (a sale's
        dates; v1/v2's placeholder image), and the site's timezone (the dates show in it).
        ``related_ids`` are drawn afresh for every answer, as the store shuffles them, and spliced
        into the kept bytes. The clock is read (once for the whole
        answer) only when a product shows the time or a rendering is made: an answer that never reads
        it holds at any time (``wcmock.answers`` keeps it past the second). ``backend``: the
        store's products backend, when the caller has it at hand.

        A create's answer is made by ``_fresh`` instead, and not kept.
        """
        render: Render | None = None  # one caller, one clock reading for the whole answer
        if backend is None:
            backend = backend_of(request)
        manages = can_manage(request)

        def rendering_context() -> Render:
            nonlocal render
            if render is None:
                render = self._render_for(request, backend, context, manages)
            return render

        edit = context == "edit"
        audience = (request.home, context, manages)
        slots = self._renderings.audience(audience)
        placeholder = self.view.placeholder_without_image
        terms, slugs = backend.terms_serial, backend.slugs_serial if edit else 0
        bits = backend.related_bits()
        renderings = self._renderings
        zone = request.store.settings.timezone  # the dates show in it
        out = []
        for product in products:
            timed = placeholder or product.date_on_sale_from or product.date_on_sale_to
            revision = (id(product), terms, slugs, rendering_context().now if timed else None, zone)
            kept = renderings.get(slots, product.id, revision)
            if kept is None:
                made, drawn = self._made(
                    request, backend, audience, context, slots.get(product.id), product, revision, rendering_context
                )
                renderings.put(slots, product.id, revision, made)
                out.append((made, drawn))  # the draw the rendering made
                continue
            assert isinstance(kept, ProductRendering)
            out.append((kept, pick(kept.pool, bits)))
        return out

    def _made(
        self,
        request: RestRequest,
        backend: ProductsBackend,
        audience: Hashable,
        context: str,
        prior: tuple[Hashable, Rendered] | None,
        product: Product,
        revision: tuple[Any, ...],
        render_of: Callable[[], Render],
    ) -> tuple[ProductRendering, tuple[bytes, ...]]:
        """A new rendering and the related ids it shows: the product's previous one redated, else
        made from the audience's template (a sibling), else from the view (then the new template,
        but where a failed check is only logged, ``warn``)."""
        redated = None if prior is None else self._redated(request, context, prior, product, revision, render_of)
        if redated is not None:
            return redated, pick(redated.pool, backend.related_bits())
        render = render_of()
        template = self._templates.get(audience)
        if (
            template is not None
            and template.terms == revision[1]
            and template.moment == revision[3]
            and template.zone is render.timezone
        ):
            candidates = backend.related_pool(product)
            found = filled(template, product, render, self.view, candidates, backend.related_bits(), backend.made_like)
            if found is not None:
                return found
            found = sibling(
                template,
                product,
                render,
                self.view,
                partial(self.links_from, request, product),
                candidates,
                backend.related_bits(),
                template.check,
            )
            if found is not None:
                return found
        made, drawn = self._render(request, product, render)
        if self.validation == "warn":  # a failed check is only logged: a sibling of it would not be
            return made, drawn
        if len(self._templates) >= AUDIENCE_LIMIT:
            self._templates.clear()
        check = property_check(self.version, render.context, self.validation)
        self._templates[audience] = Template(made, revision[1], revision[3], check, render.timezone)
        return made, drawn

    def _redated(
        self,
        request: RestRequest,
        context: str,
        prior: tuple[Hashable, Rendered] | None,
        product: Product,
        revision: tuple[Any, ...],
        render: Callable[[], Render],
    ) -> ProductRendering | None:
        """The kept rendering of the product's previous record, redated, when the product was only
        saved again (a PUT setting what is already there: the data store dates every save) and
        nothing else it read moved (its related candidates too: a reset puts back the cache that
        holds them); only the new date values need checking against the schema."""
        if prior is None:
            return None
        kept_revision, kept = prior
        if (
            not isinstance(kept, ProductRendering)
            or not isinstance(kept_revision, tuple)
            or kept_revision[1:] != revision[1:]
            or not same_but_modified(kept.record, product)
            or not _same_pool(backend_of(request).related_pool(product), kept)
        ):
            return None
        return kept.redated(product, self._modified(request, context, product, render))

    def _modified(
        self, request: RestRequest, context: str, product: Product, render: Callable[[], Render]
    ) -> dict[str, Any]:
        """The view's ``date_modified`` values for the product's, checked against the schema: kept
        for the last few seconds written (they read the date and the site's timezone alone, and
        every product saved in a second shows the same), so a redate needs no clock or check."""
        key = (product.date_modified, request.store.settings.timezone, context)
        dates = self._modified_dates.get(key)
        if dates is None:
            r = render()
            dates = {name: value for name, value in self.view.dates(product, r).items() if "modified" in name}
            check_response_properties(
                dates, version=self.version, kind="product", mode=self.validation, context=context
            )
            if len(self._modified_dates) >= 4:
                self._modified_dates.clear()
            self._modified_dates[key] = dates
        return dates

    def _render(
        self, request: RestRequest, product: Product, render: Render
    ) -> tuple[ProductRendering, tuple[bytes, ...]]:
        """One rendering, validated once, and the related ids it shows (as JSON text); its bytes are
        split where each answer's related ids go."""
        data = self.view.product(product, render)
        links = self.links(request, product)
        item = {**data, "_links": links}
        check_response(item, version=self.version, kind="product", mode=self.validation, context=render.context)
        raw = encode_json(item)
        drawn = as_json(data["related_ids"])
        found = around(raw, drawn)  # the view's draw, found between the two
        head, tail = found or split(data, links)
        candidates = backend_of(request).related_pool(product)
        pool = as_json(candidates)
        return ProductRendering(
            data, links, raw, product, head, tail, pool, candidates, drawn if found else None
        ), drawn

    def links_from(self, request: RestRequest, product: Product, kept: dict[str, Any]) -> dict[str, Any]:
        """``links`` of the product from ``kept``, the links of one with the same parent made for a
        caller of this audience (the site, whether it manages products): they differ in the self
        link's ``href`` alone (``tests/test_products_views.py`` holds the two ways alike)."""
        return {**kept, "self": [{**kept["self"][0], "href": self.url(request, product.id)}]}

    def links(self, request: RestRequest, product: Product) -> dict[str, Any]:
        self_link: dict[str, Any] = {"href": self.url(request, product.id)}
        if can_manage(request):
            self_link["targetHints"] = {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]}
        links: dict[str, Any] = {"self": [self_link], "collection": [{"href": self.url(request)}]}
        if product.parent_id:
            links["up"] = [{"href": self.url(request, product.parent_id)}]
        return links

    # ------------------------------------------------------------------ handlers

    def list(self, request: RestRequest) -> RestResponse:
        p = dict(request.params)
        for name in DATE_ARGS:
            if p.get(name):
                p[name] = rest_date(str(p[name]), request.store.settings.timezone)
        query = from_params(p, version=self.version)
        context = p.get("context") or "view"
        with request.store.lock:
            total, products = backend_of(request).query(query)
            shown = self.shown(request, products, context)
        # the links and page count follow `page`, even when `offset` picked the slice
        paging = Paging((query.page - 1) * query.per_page, query.per_page)
        args = self.collection.endpoints[0].args
        headers = paging.headers(total, lambda page: page_url(self.url(request), request, args, page))
        raw = b"[" + b",".join([kept.answer(related) for kept, related in shown]) + b"]"
        again = splicer([(kept.head, kept.pool, kept.tail) for kept, _ in shown], backend_of(request).related_bits())
        return RestResponse(
            None, 200, headers, raw=raw, lazy=lambda: [kept.item_with(rel) for kept, rel in shown], again=again
        )

    def _missing(self, *, status: int) -> RestError:
        if self.version == "v1":
            messages = {404: ("woocommerce_rest_invalid_product_id", "Invalid ID.")}
            code, message = messages.get(status, ("woocommerce_rest_product_invalid_id", "ID is invalid."))
            return RestError(code, message, status)
        return RestError("woocommerce_rest_product_invalid_id", "Invalid ID.", status)

    def _get(self, request: RestRequest, *, status: int) -> Product:
        product = backend_of(request).get(to_int(request.params["id"]))
        if product is None:
            raise self._missing(status=status)
        return product

    def read(self, request: RestRequest) -> RestResponse:
        with request.store.lock:
            product = self._get(request, status=404)
            return self.answer(request, product, request.params.get("context") or "view")

    def answer(
        self, request: RestRequest, product: Product, context: str, status: int = 200, **headers: Any
    ) -> RestResponse:
        """The product's kept bytes with this answer's related ids; the object only if needed (``_fields``)."""
        return self._answer(request, backend_of(request), product, context, status, headers)

    def _answer(
        self,
        request: RestRequest,
        backend: ProductsBackend,
        product: Product,
        context: str,
        status: int,
        headers: dict[str, Any],
    ) -> RestResponse:
        """``answer`` with the store's products backend at hand (a write has it)."""
        [(kept, related)] = self.shown(request, [product], context, backend)
        bits = backend.related_bits()
        return RestResponse(
            None,
            status,
            headers,
            raw=kept.answer(related),
            lazy=lambda: kept.item_with(related),
            again=lambda: kept.answer(pick(kept.pool, bits)),
        )

    def create(self, request: RestRequest) -> RestResponse:
        """The new product's answer: its rendering as ``shown`` makes it, not kept (``_fresh``), and
        no ``again``: a write's answer is never given again (``wcmock.answers`` keeps reads')."""
        with request.store.lock:
            backend = backend_of(request)
            product = self._create(request, request.params, backend)
            made, drawn = self._fresh(request, backend, product)
            return RestResponse(
                None,
                201,
                {"Location": self.url(request, product.id)},
                raw=made.answer(drawn),
                lazy=lambda: made.item_with(drawn),
            )

    def _fresh(
        self, request: RestRequest, backend: ProductsBackend, product: Product
    ) -> tuple[ProductRendering, tuple[bytes, ...]]:
        """``shown`` of a product just written, in ``edit`` context, without keeping what it makes:
        the record is new, so nothing kept is its rendering (one kept under its id is another
        product's, from before a reset: dropped, as nothing of it is read again). Its revision holds
        the product serial, which the next create moves, so it could only be given again before
        another product is written (then it is made again from the template, as cheaply as it was
        made); kept, the renderings of a run of creates are never read, held (20,000 of an
        audience), and walked by the cycle collector on each of its passes."""
        manages = can_manage(request)
        store = request.store
        render = Render(request.home, backend, store.now, store.settings.timezone, "edit", manages)
        audience = (request.home, "edit", manages)
        prior = self._renderings.audience(audience).pop(product.id, None)
        timed = self.view.placeholder_without_image or product.date_on_sale_from or product.date_on_sale_to
        moment = render.now if timed else None
        revision = (id(product), backend.terms_serial, backend.slugs_serial, moment, render.timezone)
        return self._made(request, backend, audience, "edit", prior, product, revision, lambda: render)

    def _create(self, request: RestRequest, params: dict[str, Any], backend: ProductsBackend | None = None) -> Product:
        if params.get("id"):
            raise RestError("woocommerce_rest_product_exists", "Cannot create existing product.", 400)
        if backend is None:
            backend = backend_of(request)
        return backend.create(self.view.writable(params), insert_first=self.view.inserts_first)

    def _create_one(self, request: RestRequest, params: dict[str, Any]) -> dict[str, Any]:
        return self.body(request, self._create(request, params))

    def update(self, request: RestRequest) -> RestResponse:
        with request.store.lock:
            backend = backend_of(request)
            return self._answer(request, backend, self._update(request, request.params, backend), "edit", 200, {})

    def _update(self, request: RestRequest, params: dict[str, Any], backend: ProductsBackend | None = None) -> Product:
        product_id = to_int(params.get("id"))
        if backend is None:
            backend = backend_of(request)
        if backend.get(product_id) is None:
            raise self._missing(status=400)
        return backend.update(product_id, self.view.writable(params))

    def _update_one(self, request: RestRequest, params: dict[str, Any]) -> dict[str, Any]:
        return self.body(request, self._update(request, params))

    def delete(self, request: RestRequest) -> RestResponse:
        with request.store.lock:
            return RestResponse(self._delete_one(request, to_int(request.params["id"]), bool(request.params["force"])))

    def _delete_one(self, request: RestRequest, product_id: int, force: bool) -> dict[str, Any]:
        products = backend_of(request)
        product = products.get(product_id)
        if product is None:
            if self.version == "v1":
                raise RestError("woocommerce_rest_product_invalid_id", "Invalid post ID.", 404)
            raise self._missing(status=404)
        if not force and product.status == "trash":
            raise RestError("woocommerce_rest_already_trashed", "The product has already been deleted.", 410)
        body = self.body(request, product)
        if force:
            products.delete(product_id)
        else:
            products.trash(product_id)
        self.forget_everywhere(product_id)  # a deleted product's renderings do not pile up
        return body

    def forget(self, product_id: int) -> None:
        """A deleted product's renderings go, a template made of it too (nothing of it is kept)."""
        self._renderings.forget(product_id)
        for audience in [a for a, kept in self._templates.items() if kept.rendering.record.id == product_id]:
            del self._templates[audience]

    def batch(self, request: RestRequest) -> RestResponse:
        """Creates get the schema's defaults but no argument checks; deletes are forced. Each item's
        own permission check is the batch's (a product manager's), so it is not repeated."""
        with request.store.lock:
            out = run_batch(
                request.params,
                create=lambda item: self._create_one(request, {**self.defaults, **request.query, **item}),
                update=lambda item: self._update_one(request, item),
                delete=lambda query: self._delete_one(request, to_int(query.get("id")), True),
            )
        return RestResponse(out if out else [])


def _same_pool(candidates: tuple[int, ...], kept: ProductRendering) -> bool:
    """Whether a kept rendering was drawn from these related candidates (most often the very tuple
    the backend keeps; after a reset put that cache back, perhaps equal ones, perhaps not)."""
    return candidates is kept.candidates or candidates == kept.candidates


class CategoriesResource:
    """``/wc/{version}/products/categories``: the default ``Uncategorized`` and the ones clients add."""

    def __init__(self, version: str, *, validation: str = "strict") -> None:
        self.version = version
        self.validation = validation
        namespace = f"wc/{version}"
        base = f"/wc/{version}/products/categories"
        schema = product_args.published(version, "category_schema")
        create = product_args.create_args(schema)
        create["name"]["required"] = True
        item = product_args.item_args(version, schema, force=product_args.CATEGORY_FORCE_ARG)
        self.collection = Route(
            base,
            namespace,
            [
                Endpoint(("GET",), self.list, self.can_manage, product_args.category_collection_args(version)),
                Endpoint(("POST",), self.create, self.can_manage, create),
            ],
            schema,
            allow_key=can_manage,
        )
        self.item = Route(
            base + r"/(?P<id>[\d]+)",
            namespace,
            [
                Endpoint(("GET",), self.read, self.can_manage, item["read"]),
                Endpoint(("POST", "PUT", "PATCH"), self.update, self.can_manage, item["edit"]),
                Endpoint(("DELETE",), self.delete, self.can_manage, item["delete"]),
            ],
            schema,
            allow_key=can_manage,
        )

    @property
    def routes(self) -> list[Route]:
        return [self.collection, self.item]

    def can_manage(self, request: RestRequest) -> None:
        if not can_manage(request):
            raise denied(request, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")

    def url(self, request: RestRequest, term_id: int | None = None) -> str:
        base = f"{request.api_root}/wc/{self.version}/products/categories"
        return base if term_id is None else f"{base}/{term_id}"

    def body(self, request: RestRequest, term: Term) -> dict[str, Any]:
        products = backend_of(request)
        links: dict[str, Any] = {
            "self": [
                {
                    "href": self.url(request, term.id),
                    "targetHints": {"allow": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
                }
            ],
            "collection": [{"href": self.url(request)}],
        }
        if term.parent:
            links["up"] = [{"href": self.url(request, term.parent)}]
        return {
            "id": term.id,
            "name": term.name,
            "slug": term.slug,
            "parent": term.parent,
            "description": term.description,
            "display": term.display,
            "image": None,
            "menu_order": term.menu_order,
            "count": products.term_count(term.id),
            "_links": links,
        }

    def _get(self, request: RestRequest) -> Term:
        term = backend_of(request).term(to_int(request.params["id"]))
        if term is None:
            raise RestError("woocommerce_rest_term_invalid", "Resource does not exist.", 404)
        return term

    def list(self, request: RestRequest) -> RestResponse:
        p = request.params
        terms = sorted(backend_of(request).terms(), key=lambda t: (t.name.casefold(), t.id))
        if p.get("search"):
            terms = [t for t in terms if str(p["search"]).casefold() in t.name.casefold()]
        if p.get("order") == "desc":
            terms.reverse()
        per_page, page = int(p.get("per_page") or 10), int(p.get("page") or 1)
        start = int(p.get("offset") or 0) or (page - 1) * per_page
        total = len(terms)
        data = [self.body(request, t) for t in terms[start : start + per_page]]
        return RestResponse(data, 200, {"X-WP-Total": total, "X-WP-TotalPages": math.ceil(total / per_page)})

    def create(self, request: RestRequest) -> RestResponse:
        p = request.params
        products = backend_of(request)
        name = str(p["name"]).strip()
        parent = to_int(p.get("parent") or 0)
        for term in products.terms():
            if term.name.casefold() == name.casefold() and term.parent == parent:
                raise RestError(
                    "term_exists",
                    "A term with the name provided already exists with this parent.",
                    400,
                    resource_id=term.id,
                )
        slug = sanitize_title(str(p.get("slug") or ""))
        term = products.add_term(
            name,
            slug=slug,
            parent=parent,
            description=str(p.get("description") or ""),
            display=str(p.get("display") or "default"),
            menu_order=to_int(p.get("menu_order") or 0),
        )
        return RestResponse(self.body(request, term), 201, {"Location": self.url(request, term.id)})

    def read(self, request: RestRequest) -> RestResponse:
        return RestResponse(self.body(request, self._get(request)))

    def update(self, request: RestRequest) -> RestResponse:
        term = self._get(request)
        p = request.params
        products = backend_of(request)
        changed = products.update_term(
            term.id,
            **{
                k: p[k]
                for k in ("name", "slug", "parent", "description", "display", "menu_order")
                if p.get(k) is not None
            },
        )
        return RestResponse(self.body(request, changed))

    def delete(self, request: RestRequest) -> RestResponse:
        term = self._get(request)
        if not request.params.get("force"):
            raise RestError("woocommerce_rest_trash_not_supported", "Resource does not support trashing.", 501)
        if term.id == 15:
            raise RestError("woocommerce_rest_cannot_delete", "The resource cannot be deleted.", 500)
        body = self.body(request, term)
        backend_of(request).delete_term(term.id)
        return RestResponse(body)


def mount(store: Store, context: Mount) -> Mounted:
    """The products and product-categories routes of every version, and the ``product`` webhook
    payload (the product as the webhook's version renders it, in view context)."""
    by_version = {
        version: ProductsResource(version, VIEWS[version](), validation=context.validation) for version in since("v1")
    }

    def payload(version: str, request: RestRequest, product: Any) -> Any:
        return by_version[version].body(request, product, "view")

    def forget(product_id: int) -> None:
        for resource in by_version.values():
            resource.forget(product_id)

    for resource in by_version.values():
        resource.forget_everywhere = forget
    return Mounted([route for r in by_version.values() for route in r.routes], {TOPIC: payload})
