"""A WordPress REST server in miniature: routes and the dispatch pipeline (the wire format is ``wire``).

``RestServer.handle`` takes a transport-neutral :class:`RawRequest` and returns status, headers
and body bytes, so the same pipeline serves Starlette, an in-process client and tests. The order
of checks is WordPress's: authentication and key permission, OPTIONS, route match, JSON body,
required / validated / sanitised arguments, the route's permission callback, the handler; then
``Allow``, ``_fields``, ``_envelope`` and the default ``Link`` header.

Its classes are plain slotted classes with a written ``__init__``, not dataclasses: a start makes
them all, and ``@dataclass`` compiles the methods it writes at every import, where a written one
is compiled once into the bytecode cache.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Hashable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from wcmock.errors import InvalidResponse, NoRoute, RestError
from wcmock.rest.args import ArgsPlan, args_plan, check_planned, parse_php_query, plain_objects
from wcmock.rest.auth import (
    Basic,
    Credentials,
    Known,
    authenticate,
    basic_credentials,
    basic_known,
    check_key_permission,
    is_request_to_rest_api,
    still_basic,
)
from wcmock.rest.renderings import Rendered
from wcmock.rest.wire import HeaderLines, decode_body, encode_json, filter_fields, shared_headers, wire_headers
from wcmock.store import ApiKey, Store
from wcmock.users import User
from wcmock.validation import SchemaViolation, check_response, log

PUBLIC_ARG_KEYS = ("validate", "sanitize")
READS = ("GET", "HEAD", "OPTIONS")  # change nothing: the store counts any other request as a change
ARG_MEMO_LIMIT = 4096  # checked parameter sets kept per endpoint (a client varies them at will)
MATCH_MEMO_LIMIT = 8192  # paths whose route is kept (one per record a client reads)
MATCH_MEMO_PATH = 256  # characters: longer paths (ids of any length) are matched each time
ALLOW_MEMO_LIMIT = 1024  # Allow verdicts kept per route (one per caller and kind of target)
PLAN_MEMO_LIMIT = 4096  # request plans kept (one per client and path: a client updates records by id)
BODY_MEMO_LIMIT = 4096  # checked JSON bodies kept (one per plan and body: the same stock sync to each product)
BODY_MEMO_BYTES = 2048  # longer bodies are decoded and checked each time


class RawRequest:
    """An HTTP request as the transport received it; ``path`` is what follows ``/wp-json``."""

    __slots__ = ("body", "headers", "home", "method", "origin", "path", "query_string", "raw_path")
    method: str
    path: str
    query_string: str
    headers: dict[str, str]
    body: bytes
    home: str  # site URL, e.g. http://127.0.0.1:8080 or http://127.0.0.1:8080/stores/ci-1
    origin: str  # scheme and host: OAuth signs origin + raw_path
    raw_path: str  # full request path, as signed by OAuth clients

    def __init__(
        self,
        method: str,
        path: str,
        query_string: str,
        headers: dict[str, str],
        body: bytes,
        home: str,
        origin: str = "",
        raw_path: str = "",
    ) -> None:
        self.method = method
        self.path = path
        self.query_string = query_string
        self.headers = headers
        self.body = body
        self.home = home
        self.origin = origin
        self.raw_path = raw_path


class RestRequest:
    """A request as routes see it. ``home`` (the site URL) is fixed once made: ``api_root`` is
    made of it once (or given: a plan keeps it per site URL)."""

    __slots__ = (
        "_api_root",
        "body",
        "home",
        "key",
        "method",
        "params",
        "query",
        "route",
        "store",
        "url_params",
    )
    method: str
    route: str
    query: dict[str, Any]
    home: str
    store: Store
    body: dict[str, Any]
    url_params: dict[str, Any]
    params: dict[str, Any]
    key: ApiKey | None
    _api_root: str | None

    def __init__(
        self,
        method: str,
        route: str,
        query: dict[str, Any],
        home: str,
        store: Store,
        body: dict[str, Any] | None = None,
        url_params: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        key: ApiKey | None = None,
        api_root: str | None = None,
    ) -> None:
        self.method = method
        self.route = route
        self.query = query
        self.home = home
        self.store = store
        self.body = {} if body is None else body
        self.url_params = {} if url_params is None else url_params
        self.params = {} if params is None else params
        self.key = key
        self._api_root = api_root

    @property
    def user(self) -> User | None:
        """The key's user as the store has it now (a write's permission callbacks and Allow's ask
        five or six times: a lookup costs less than keeping it would)."""
        key = self.key
        return None if key is None else self.store.users.lookup(key.user_id)

    @property
    def api_root(self) -> str:
        """``{home}/wp-json``, made once (an answer's links and headers ask for it several times)."""
        root = self._api_root
        if root is None:
            root = self._api_root = f"{self.home}/wp-json"
        return root

    def merged_params(self) -> dict[str, Any]:
        """WordPress's precedence: body (JSON or form), then query, then URL parameters."""
        return {**self.url_params, **self.query, **self.body}


class Answer:
    """What the server answers: status, headers, body; ``again`` makes the body of the same answer
    given again, when it is drawn afresh each time (see ``RestResponse.again``).

    ``headers`` is made when first read: the transport sends ``lines`` when the dispatcher made
    them, and an answer made from the kept header sets (``Answer.kept``) holds those, shared."""

    __slots__ = ("_headers", "_location", "_wire", "again", "body", "lines", "status")
    status: int
    body: bytes
    again: Callable[[], bytes] | None
    lines: HeaderLines | None  # ``headers`` as the answer's lines but Content-Length (shared), if made
    _headers: dict[str, str] | None  # the answer's own, once made
    _wire: dict[str, str]  # a kept set (shared, never changed), until ``headers`` is read
    _location: str | None  # the value ``_wire`` lacks

    def __init__(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        again: Callable[[], bytes] | None = None,
        lines: HeaderLines | None = None,
    ) -> None:
        self.status = status
        self._headers = headers
        self.body = body
        self.again = again
        self.lines = lines

    @classmethod
    def kept(
        cls,
        status: int,
        wire: dict[str, str],
        location: str | None,
        body: bytes,
        again: Callable[[], bytes] | None,
        lines: HeaderLines,
    ) -> Answer:
        """An answer with a kept header set (``wire.shared_headers``): copied only if read."""
        answer = cls.__new__(cls)
        answer.status, answer.body, answer.again, answer.lines = status, body, again, lines
        answer._headers, answer._wire, answer._location = None, wire, location
        return answer

    @property
    def headers(self) -> dict[str, str]:
        """The headers (but Content-Length), the answer's own dict."""
        own = self._headers
        if own is None:
            own = self._headers = dict(self._wire)
            if self._location is not None:
                own["location"] = self._location
        return own


class RestResponse:
    __slots__ = ("again", "data", "headers", "lazy", "links", "raw", "status")
    data: Any
    status: int
    headers: dict[str, Any]
    links: dict[str, Any] | None  # a single item's links, added after ``_fields``
    raw: bytes | None  # the encoded body with links, when the handler already has it
    lazy: Callable[[], Any] | None  # makes ``data`` when an answer needs more than ``raw``
    # ``raw`` of the same answer given again, for an answer drawn afresh each time (a product's
    # related ids are shuffled per answer): what lets such an answer be kept (``wcmock.answers``)
    again: Callable[[], bytes] | None

    def __init__(
        self,
        data: Any,
        status: int = 200,
        headers: dict[str, Any] | None = None,
        links: dict[str, Any] | None = None,
        raw: bytes | None = None,
        lazy: Callable[[], Any] | None = None,
        again: Callable[[], bytes] | None = None,
    ) -> None:
        self.data = data
        self.status = status
        self.headers = {} if headers is None else headers
        self.links = links
        self.raw = raw
        self.lazy = lazy
        self.again = again

    @classmethod
    def listing(cls, items: list[Rendered], headers: dict[str, Any], status: int = 200) -> RestResponse:
        """A list answer from cached renderings: their bytes joined, the objects made only when an
        answer needs more than the bytes (``_fields``, ``_envelope``)."""
        raw = b"".join([b"[", b",".join([item.raw for item in items]), b"]"])
        return cls(None, status, headers, raw=raw, lazy=lambda: [item.item() for item in items])

    def payload(self) -> Any:
        """``data``, made by ``lazy`` the first time it is needed."""
        if self.lazy is not None:
            self.data, self.lazy = self.lazy(), None
        return self.data


Handler = Callable[[RestRequest], RestResponse]
Permission = Callable[[RestRequest], None]
AllowKey = Callable[[RestRequest], Hashable | None]


def allow_all(request: RestRequest) -> None:
    return None


class Endpoint:
    __slots__ = ("_args_plan", "_checked", "_seen", "answers", "args", "handler", "methods", "permission")
    methods: tuple[str, ...]
    handler: Handler
    permission: Permission
    args: dict[str, dict[str, Any]]
    answers: str | None  # a response kind (``index``) the dispatcher checks; resources check their own
    _checked: dict[tuple[Any, ...], tuple[dict[str, Any], tuple[str, ...]]]
    _seen: set[int]  # hashes of parameter sets checked once
    _args_plan: ArgsPlan | None  # ``args`` read for ``check_planned`` (made again if ``args`` is replaced)

    def __init__(
        self,
        methods: tuple[str, ...],
        handler: Handler,
        permission: Permission = allow_all,
        args: dict[str, dict[str, Any]] | None = None,
        answers: str | None = None,
    ) -> None:
        self.methods = methods
        self.handler = handler
        self.permission = permission
        self.args = {} if args is None else args
        self.answers = answers
        self._checked = {}
        self._seen = set()
        self._args_plan = None

    def public_args(self) -> dict[str, Any]:
        return {name: {k: v for k, v in arg.items() if k not in PUBLIC_ARG_KEYS} for name, arg in self.args.items()}

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        """``check_args`` for this endpoint, done once per distinct set of plain parameters.

        ``check_args`` is a pure function of the parameters and the endpoint's fixed arguments, and
        most requests repeat one (``GET /customers/7``, the same list query): their result is kept,
        keyed on the parameters when every value is a string (as a URL's are), an int, a boolean or
        null (as a small JSON body's: ``PUT {"manage_stock": true, "stock_quantity": 7}``), with the
        values' types beside them (``True``, ``1`` and ``1.0`` are equal keys but not equal
        arguments; floats are never kept: ``0.0`` and ``-0.0`` are equal too), and handed out as a copy. Refused
        parameters are not kept (they raise every time, with the same error). A set is kept the
        second time it comes: a create's (a new email each time) never comes again, and keeping
        each would fill the memo with objects for the cycle collector to walk, to be cleared."""
        plan = self.planned()
        plain = True  # every value a string: the parameters alone are the key
        for value in params.values():
            kind = type(value)
            if kind is not str:
                if kind is not int and kind is not bool and value is not None:
                    return check_planned(params, plan)
                plain = False
        key: tuple[Any, ...] = tuple(params.items())
        if not plain:
            key = (key, tuple(map(type, params.values())))
        cached = self._checked.get(key)
        if cached is None:
            checked = check_planned(params, plan)
            seen, marker = self._seen, hash(key)
            if marker not in seen:  # a collision only keeps a set a time early
                if len(seen) >= ARG_MEMO_LIMIT:
                    seen.clear()
                seen.add(marker)
                return checked
            mutable = tuple(name for name, value in checked.items() if isinstance(value, (list, dict)))
            if len(self._checked) >= ARG_MEMO_LIMIT:
                self._checked.clear()
            cached = self._checked[key] = (checked, mutable)
        checked, mutable = cached
        out = dict(checked)
        for name in mutable:
            out[name] = copy.deepcopy(checked[name])
        return out

    def planned(self) -> ArgsPlan:
        """``args`` read for ``check_planned``, made again if ``args`` was replaced."""
        plan = self._args_plan
        if plan is None or plan.args is not self.args:
            plan = self._args_plan = args_plan(self.args)
        return plan


class Route:
    """One WordPress route: a regex (as WordPress publishes it) and its endpoints."""

    __slots__ = (
        "_allowed",
        "_by_method",
        "_regex",
        "allow_key",
        "endpoints",
        "namespace",
        "pattern",
        "prefix",
        "schema",
    )
    pattern: str
    namespace: str
    endpoints: list[Endpoint]
    schema: dict[str, Any] | None
    prefix: str  # the pattern's literal start, lower-cased: a path must start so
    allow_key: AllowKey | None
    _regex: re.Pattern[str] | None
    _by_method: dict[str, Endpoint] | None
    _allowed: dict[Hashable, tuple[tuple[str, ...], str]]  # key -> (the methods, ``Allow``'s value)

    def __init__(
        self,
        pattern: str,
        namespace: str,
        endpoints: list[Endpoint],
        schema: dict[str, Any] | None = None,
        *,
        allow_key: AllowKey | None = None,
    ) -> None:
        """``allow_key``: what every endpoint's permission check reads of a request, as a key
        (None for a request it cannot tell): ``allowed`` is then worked out once per key."""
        self.pattern = pattern
        self.namespace = namespace
        self.endpoints = endpoints
        self.schema = schema
        self.allow_key = allow_key
        self.prefix = literal_prefix(pattern).lower()
        self._regex = None
        self._by_method = None
        self._allowed = {}

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern, compiled when a path first reaches it (not at start-up: a store has ~70
        routes and a first answer tries a few)."""
        compiled = self._regex
        if compiled is None:
            compiled = self._regex = re.compile(f"^{self.pattern}$", re.IGNORECASE | re.ASCII)  # PCRE's \\d is ASCII
        return compiled

    @property
    def methods(self) -> list[str]:
        return [m for e in self.endpoints for m in e.methods]

    def endpoint_for(self, method: str) -> Endpoint | None:
        """The first endpoint serving ``method`` (HEAD: GET's), from a table made on first use."""
        by_method = self._by_method
        if by_method is None:
            by_method = {}
            for endpoint in self.endpoints:
                for served in endpoint.methods:
                    by_method.setdefault(served, endpoint)
            self._by_method = by_method
        return by_method.get("GET" if method == "HEAD" else method)

    def allowed(self, request: RestRequest) -> list[str]:
        """The methods whose endpoint's permission check lets the request through (``Allow``).

        Every answer of the route asks, and a write's answer runs each endpoint's check again for
        it (three for a customer's item): with an ``allow_key``, the checks run once per key."""
        kept = self._kept_allowed(request)
        return self._allowed_now(request) if kept is None else list(kept[0])

    def allow_header(self, request: RestRequest) -> str:
        """``allowed`` as the ``Allow`` header's value (empty when nothing is allowed): one lookup
        for a key seen before (``_kept_allowed`` written out)."""
        key_of = self.allow_key
        if key_of is not None:
            key = key_of(request)
            if key is not None:
                found = self._allowed.get(key)
                if found is not None:
                    return found[1]
        kept = self._kept_allowed(request)
        return ", ".join(self._allowed_now(request)) if kept is None else kept[1]

    def _kept_allowed(self, request: RestRequest) -> tuple[tuple[str, ...], str] | None:
        key_of = self.allow_key
        key = key_of(request) if key_of is not None else None
        if key is None:
            return None
        kept = self._allowed.get(key)
        if kept is None:
            if len(self._allowed) >= ALLOW_MEMO_LIMIT:
                self._allowed.clear()
            methods = tuple(self._allowed_now(request))
            kept = self._allowed[key] = (methods, ", ".join(methods))
        return kept

    def _allowed_now(self, request: RestRequest) -> list[str]:
        allowed: list[str] = []
        for endpoint in self.endpoints:
            try:
                endpoint.permission(request)
            except RestError:
                continue
            allowed += endpoint.methods
        return allowed

    def describe(self, home: str, *, with_schema: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "namespace": self.namespace,
            "methods": self.methods,
            "endpoints": [{"methods": list(e.methods), "args": e.public_args()} for e in self.endpoints],
        }
        if with_schema and self.schema:
            data["schema"] = self.schema
        if "(?P<" not in self.pattern:
            data["_links"] = {"self": [{"href": f"{home}/wp-json{self.pattern}"}]}
        return data


class Mountable:
    """A group of routes made when first needed: when a request path could reach one of them (the
    path starts with one of ``prefixes``, lower-cased, which every route's literal start begins
    with) or something reads the whole table. A store serves five resources and most start-ups
    are asked about one or two: the others' modules are not imported, their routes not built."""

    __slots__ = ("_lock", "_made", "_make", "prefixes")

    def __init__(
        self,
        prefixes: tuple[str, ...],
        make: Callable[[], list[Route]],
        *,
        lock: AbstractContextManager[Any] | None = None,
    ) -> None:
        """``lock``: held while the routes are made (a store's passes its own: mounting may make
        the resource's backend under it, and one lock taken in one order cannot deadlock)."""
        self.prefixes = prefixes
        self._make = make
        self._made: list[Route] | None = None
        self._lock = lock if lock is not None else threading.Lock()

    def routes(self) -> list[Route]:
        """The routes, made once (requests on two threads may ask at the same moment)."""
        made = self._made
        if made is None:
            with self._lock:
                made = self._made
                if made is None:
                    made = self._made = self._make()
        return made


class Plan:
    """What the pipeline makes of a request before its body and the store: a function of its method,
    path, query string, site URL and the headers it reads (type, method override, authorization)
    and of the route table, which never changes once a path has reached it, so ``RestServer``
    keeps one per such request (``RestServer.plan``) and a client's next request starts from it.

    ``known``: the key ``basic`` (the request's Basic credentials, when WooCommerce would read them
    first) authenticated last time, with the secret it had (``auth.basic_known``); the store's
    keys and settings are looked at again on every request (``auth.still_basic``)."""

    __slots__ = (
        "api_root",
        "bad_jsonp",
        "basic",
        "endpoint",
        "form",
        "head",
        "json",
        "known",
        "method",
        "route",
        "route_path",
        "sent",
        "url",
        "url_params",
        "woocommerce",
    )
    method: str  # as the route sees it (``_method``, ``X-HTTP-Method-Override``)
    api_root: str  # the request's (one string for every request of the plan: its hash is made once)
    sent: str  # as the request line has it, upper-cased
    head: bool
    route_path: str
    bad_jsonp: bool  # a ``_jsonp`` WordPress refuses before dispatch
    form: bool  # a body is read as a form
    json: bool  # a body is read as JSON
    url: str | None  # what OAuth signs, for a path WooCommerce authenticates (None: it does not)
    woocommerce: bool  # WooCommerce tries its keys (``is_request_to_rest_api``)
    basic: Basic | None
    known: Known | None
    route: Route | None
    url_params: dict[str, Any]  # the route's match (a copy for each request)
    endpoint: Endpoint | None  # the route's endpoint for ``method`` (None for OPTIONS)

    def __init__(
        self,
        method: str,
        api_root: str,
        sent: str,
        route_path: str,
        bad_jsonp: bool,
        form: bool,
        json: bool,
        url: str | None,
        woocommerce: bool,
        basic: Basic | None,
        route: Route | None,
        url_params: dict[str, Any],
        endpoint: Endpoint | None,
    ) -> None:
        self.method = method
        self.api_root = api_root
        self.sent = sent
        self.head = sent == "HEAD"
        self.route_path = route_path
        self.bad_jsonp = bad_jsonp
        self.form = form
        self.json = json
        self.url = url
        self.woocommerce = woocommerce
        self.basic = basic
        self.known = None
        self.route = route
        self.url_params = url_params
        self.endpoint = endpoint


class CheckedBody:
    """What a JSON body sent to a plan came to: its object (``RestRequest.body``) and the
    parameters checked (``Endpoint.check``). Both are pure functions of the body's bytes and the
    plan (its URL parameters and query are the plan's own; the endpoint's ``args``, kept here,
    must be the very table they were checked by), so the same body sent again (an ERP's stock sync
    to each product, the same status to each order) skips decoding, merging and checking.

    Handed out as copies: ``params`` copies every list and object in the parameters (a list of
    plain objects, an order's line items, by copying each; anything else deeply), so a handler may
    change what it is given; ``sent`` is copied at the top only (nothing but the merge reads it)."""

    __slots__ = ("_checked", "_copies", "args", "sent")
    args: dict[str, dict[str, Any]]
    sent: dict[str, Any]
    _checked: dict[str, Any]
    _copies: tuple[tuple[str, bool], ...]  # (parameter, a list of plain objects) for each list and object

    def __init__(self, args: dict[str, dict[str, Any]], sent: dict[str, Any], checked: dict[str, Any]) -> None:
        self.args = args
        self.sent = copy.deepcopy(sent)
        self._copies = tuple(
            (name, plain_objects(value)) for name, value in checked.items() if isinstance(value, (list, dict))
        )
        self._checked = dict(checked)
        for name, plain in self._copies:
            value = checked[name]
            self._checked[name] = list(map(dict.copy, value)) if plain else copy.deepcopy(value)

    def params(self) -> dict[str, Any]:
        """The checked parameters, the caller's own."""
        checked = self._checked
        out = dict(checked)
        for name, plain in self._copies:
            value = checked[name]
            out[name] = list(map(dict.copy, value)) if plain else copy.deepcopy(value)
        return out


class RestServer:
    """Dispatches requests for one store over a fixed route table (some of it mounted on first use:
    :class:`Mountable`)."""

    def __init__(self, store: Store, routes: Sequence[Route | Mountable], *, validation: str = "strict") -> None:
        self.store = store
        self._table: list[Route | Mountable] = list(routes)
        self._routes: list[Route] = [route for route in self._table if isinstance(route, Route)]
        self._pending = len(self._routes) < len(self._table)
        self._matched: dict[str, tuple[Route | None, dict[str, Any]]] = {}
        self._plans: dict[tuple[Any, ...], Plan] = {}
        self._bodies: dict[tuple[Plan, bytes], CheckedBody] = {}  # a plan's JSON bodies, checked
        self._bodies_seen: set[int] = set()  # hashes of (plan, body) seen once
        self.validation = validation
        self._checked_descriptions: set[tuple[str, str]] = set()

    @property
    def routes(self) -> list[Route]:
        """The whole table in WordPress's order, every group mounted."""
        if self._pending:
            self._mount(lambda group: True)
        return self._routes

    @routes.setter
    def routes(self, routes: list[Route]) -> None:
        self._routes, self._table = routes, list(routes)
        self._pending = False
        self._matched.clear()  # what was matched and planned on the table replaced
        self._plans.clear()
        self._bodies.clear()

    def _mount(self, wanted: Callable[[Mountable], bool]) -> None:
        """Put the routes of each ``wanted`` group in its place in the table, under the store's lock
        (two threads mounting two groups at once must not each put back a table lacking the other's)."""
        if not any(isinstance(entry, Mountable) and wanted(entry) for entry in self._table):
            return  # nothing to mount: the lock is not taken (taking it counts a change)
        with self.store.lock:
            table: list[Route | Mountable] = []
            for entry in self._table:
                if isinstance(entry, Mountable) and wanted(entry):
                    table += entry.routes()
                else:
                    table.append(entry)
            self._routes = [route for route in table if isinstance(route, Route)]
            self._table = table
            self._pending = len(self._routes) < len(table)

    def handle(self, raw: RawRequest) -> tuple[int, dict[str, str], bytes]:
        answer = self.answer(raw)
        return answer.status, answer.headers, answer.body

    def answer(self, raw: RawRequest) -> Answer:
        """The answer to ``raw``, with what it takes to give it again (``Answer.again``)."""
        query = parse_php_query(raw.query_string) if raw.query_string else {}
        plan = self.plan(raw, query)
        request = RestRequest(plan.method, plan.route_path, query, raw.home, self.store, api_root=plan.api_root)
        if plan.bad_jsonp:
            invalid = {"code": "rest_callback_invalid", "message": "Invalid JSONP callback function."}
            # checked before dispatch, as WordPress does
            return Answer(400, wire_headers(request.api_root, {}), encode_json(invalid))
        try:
            response = self.dispatch(request, raw, plan)
        except SchemaViolation as violation:
            log.error("wcmock answered outside its own schema: %s", violation)
            response = RestResponse(InvalidResponse(str(violation)).body(), 500)
        finally:
            if plan.method not in READS:  # a GET may carry another method (``_method``, the override header)
                self.store.lock.changed()
        return self.serialise(request, response, head=plan.head)

    def plan(self, raw: RawRequest, query: dict[str, Any]) -> Plan:
        """What the pipeline makes of ``raw`` before its body and the store (``Plan``), kept per
        request line, site URL and the headers it reads: a client sends the same few again and again.
        ``query``: the query string parsed (the plan reads ``_method`` and ``_jsonp`` of it)."""
        headers = raw.headers
        key = (
            raw.method,
            raw.path,
            raw.query_string,
            raw.home,
            raw.origin,
            raw.raw_path,
            headers.get("content-type"),
            headers.get("x-http-method-override"),
            headers.get("authorization"),
        )
        plan = self._plans.get(key)
        if plan is None:
            plan = self._make_plan(raw, query)
            if len(raw.path) <= MATCH_MEMO_PATH and len(raw.query_string) <= MATCH_MEMO_PATH:
                if len(self._plans) >= PLAN_MEMO_LIMIT:
                    self._plans.clear()
                self._plans[key] = plan
        return plan

    def _make_plan(self, raw: RawRequest, query: dict[str, Any]) -> Plan:
        route_path = "/" + raw.path.strip("/")
        override = (query.get("_method") if query else None) or raw.headers.get("x-http-method-override")
        sent = raw.method.upper()
        method = str(override).upper() if override else sent
        jsonp = query.get("_jsonp") if query else None
        bad_jsonp = jsonp is not None and not (isinstance(jsonp, str) and re.fullmatch(r"[\w.]+", jsonp, re.ASCII))
        content_type = raw.headers.get("content-type", "").lower()
        form = content_type.startswith("application/x-www-form-urlencoded") or (
            not content_type and sent in ("PUT", "PATCH", "DELETE")
        )
        mime = content_type.split(";", 1)[0].strip()
        json = content_type == "application/json" or mime == "application/json" or mime.endswith("+json")
        url = basic = None
        woocommerce = False
        if route_path.startswith(("/wc/", "/wc-")):
            path = raw.raw_path or f"/wp-json{route_path}"
            url = (raw.origin or raw.home) + path
            woocommerce = is_request_to_rest_api(path + "?" + raw.query_string)
            basic = basic_credentials(raw.headers.get("authorization", "")) if woocommerce and not query else None
        route, match = self._match(route_path) if not bad_jsonp else (None, {})
        endpoint = route.endpoint_for(method) if route is not None and method != "OPTIONS" else None
        api_root = f"{raw.home}/wp-json"
        return Plan(
            method, api_root, sent, route_path, bad_jsonp, form, json, url, woocommerce, basic, route, match, endpoint
        )

    def dispatch(self, request: RestRequest, raw: RawRequest, plan: Plan | None = None) -> RestResponse:
        """The response to ``request`` (made of ``raw``, whose ``plan`` is made if not given), in
        WordPress's order: authentication and the key's permission, the route, the body and the
        arguments, the route's permission check, the handler; ``Allow`` for a route found."""
        if plan is None:
            plan = self.plan(raw, request.query)
        route: Route | None = None
        body = raw.body
        try:
            form = parse_php_query(body) if plan.form and body else {}
            url = plan.url
            if url is not None:
                known = plan.known  # the key its Basic credentials named last time, if they did
                if known is not None and still_basic(self.store, known, url):
                    request.key = known[1]
                else:
                    request.key = self._authenticated(plan, url, raw, request.query, form)
                check_key_permission(request.key, request.method)
            route = plan.route
            if route is None:
                if request.method == "OPTIONS":
                    return RestResponse([])
                raise NoRoute()
            request.url_params = url_params = dict(plan.url_params)
            if request.method == "OPTIONS":
                request.params = request.merged_params()
                return self._with_allow(route, request, RestResponse(self._describe(route, request.home)))
            endpoint = plan.endpoint
            if endpoint is None:
                route = None
                raise NoRoute()
            key = (plan, body) if plan.json and body and len(body) <= BODY_MEMO_BYTES else None
            kept = self._bodies.get(key) if key is not None else None
            if kept is not None and kept.args is endpoint.args:  # this body, checked before
                request.body = dict(kept.sent)
                request.params = kept.params()
            else:
                try:
                    sent: Any = None
                    if plan.json and body and not body.isspace():  # ``not body.strip()``, without the copy
                        sent = decode_body(body)
                        if not isinstance(sent, dict):
                            sent = {}  # any other JSON value: no parameters (and the form's, if any, neither)
                    request.body = sent or form
                finally:  # what Allow sees if the body or the arguments are refused (``merged_params``)
                    request.params = {**url_params, **request.query, **request.body}
                if key is None:
                    request.params = endpoint.check(request.params)
                else:  # the body memo keeps what this comes to (``_keep_body``): the endpoint's would again
                    request.params = check_planned(request.params, endpoint.planned())
                    self._keep_body(key, endpoint, request.body, request.params)
            endpoint.permission(request)
            response = endpoint.handler(request)
            if endpoint.answers:
                check_response(response.payload(), version="v3", kind=endpoint.answers, mode=self.validation)
        except RestError as error:
            response = RestResponse(error.body(), error.status)
            check_response(response.data, version="v3", kind="error", mode=self.validation)
        if route is not None:  # ``_with_allow``, written out
            allowed = route.allow_header(request)
            if allowed:
                response.headers["Allow"] = allowed
        return response

    def _keep_body(
        self, key: tuple[Plan, bytes], endpoint: Endpoint, sent: dict[str, Any], checked: dict[str, Any]
    ) -> None:
        """Keep what a JSON body came to, checked (``CheckedBody``), the second time it comes to its
        plan: a body sent once (a create's new email) is never kept, and keeping each would fill the
        memo with objects for the cycle collector to walk, to be cleared."""
        marker = hash(key)
        seen = self._bodies_seen
        if marker not in seen:  # a collision only keeps a body a time early
            if len(seen) >= BODY_MEMO_LIMIT * 8:
                seen.clear()
            seen.add(marker)
            return
        if len(self._bodies) >= BODY_MEMO_LIMIT:
            self._bodies.clear()
        self._bodies[key] = CheckedBody(endpoint.args, sent, checked)

    def _authenticated(
        self, plan: Plan, url: str, raw: RawRequest, query: dict[str, Any], form: dict[str, Any]
    ) -> ApiKey | None:
        """``authenticate``'s key for the request; when it was the key the request's Basic
        credentials named (``plan.basic``), it is kept on the plan, and the next request with them
        is let through by it while ``still_basic`` holds."""
        store = self.store
        creds = Credentials(plan.sent, url, query, form, raw.headers.get("authorization", ""))
        key = authenticate(store, creds, woocommerce=plan.woocommerce)
        if plan.basic is not None:
            plan.known = basic_known(store, plan.basic, key, url)
        return key

    def _describe(self, route: Route, home: str) -> dict[str, Any]:
        """The route's OPTIONS body, checked against ``common/route.json`` once per route and site URL."""
        body = route.describe(home)
        if (route.pattern, home) not in self._checked_descriptions:
            check_response(body, version="v3", kind="route", mode=self.validation)
            if len(self._checked_descriptions) > 4096:  # Host headers are the client's to vary
                self._checked_descriptions.clear()
            self._checked_descriptions.add((route.pattern, home))
        return body

    def _match(self, path: str) -> tuple[Route | None, dict[str, Any]]:
        """The first route whose regex takes the path, as WordPress tries them: in order. A route
        whose literal start the path lacks cannot match, so its regex is not tried. The route table
        never changes, so the result is kept per path (bounded: ids make paths many); handed out as
        a copy of the parameters."""
        kept = self._matched.get(path)
        if kept is None:
            kept = self._first_match(path)
            if len(path) <= MATCH_MEMO_PATH:
                if len(self._matched) >= MATCH_MEMO_LIMIT:
                    self._matched.clear()
                self._matched[path] = kept
        return kept[0], dict(kept[1])

    def _first_match(self, path: str) -> tuple[Route | None, dict[str, Any]]:
        lowered = path.lower()
        if self._pending:  # a group the path cannot reach stays unmounted: none of its routes would match
            self._mount(lambda group: lowered.startswith(group.prefixes))
        for route in self._routes:
            if lowered.startswith(route.prefix):
                found = route.regex.match(path)
                if found:
                    return route, found.groupdict()
        return None, {}

    def _with_allow(self, route: Route, request: RestRequest, response: RestResponse) -> RestResponse:
        allowed = route.allow_header(request)
        if allowed:
            response.headers["Allow"] = allowed
        return response

    # ------------------------------------------------------------------ wire format

    def serialise(self, request: RestRequest, response: RestResponse, *, head: bool) -> Answer:
        query = request.query
        plain = not query or not any(name in query for name in ("_fields", "_envelope", "_jsonp", "_pretty"))
        if plain and response.raw is not None:
            wire, location, lines = shared_headers(request.api_root, response.headers)
            return Answer.kept(response.status, wire, location, b"" if head else response.raw, response.again, lines)
        data = response.payload()
        if "_fields" in request.query and response.status < 400:
            data = filter_fields(data, request.query["_fields"])
        if response.links is not None and (isinstance(data, dict) or data == []):  # [] is an empty PHP array
            data = {**(data or {}), "_links": response.links}
        status, headers = response.status, response.headers
        if "_envelope" in request.query:
            data = {"body": data, "status": status, "headers": headers or []}
            status, headers = 200, {}
        wire = wire_headers(request.api_root, headers)
        body = b"" if head else encode_json(data, pretty="_pretty" in request.query)
        jsonp = request.query.get("_jsonp")
        if isinstance(jsonp, str) and not head:
            wire["content-type"] = "application/javascript; charset=UTF-8"
            body = b"/**/" + jsonp.encode() + b"(" + body + b")"
        return Answer(status, wire, body)


def literal_prefix(pattern: str) -> str:
    """The plain characters a route regex starts with (``/wc/v3/customers/`` of ``…/(?P<id>[\\d]+)``).

    It stops at the first special character; a quantifier makes the character before it optional,
    so that one is left out too."""
    for at, char in enumerate(pattern):
        if char in "\\()[]{}.|^$":
            return pattern[:at]
        if char in "*+?":
            return pattern[: max(0, at - 1)]
    return pattern
