"""wcmock's ASGI application: WordPress's ``/wp-json`` for every store, and wcmock's control API.

``/wp-json/…`` is the default store, ``/stores/<name>/wp-json/…`` a named one. The REST endpoint is
a plain ASGI callable rather than a Starlette request handler: it needs to misbehave on purpose
(drop a connection, truncate a body) when a fault says so, and it is the hot path. Starlette
(``wcmock.web``) serves the rest: ``create_app`` returns its app, ``wcmock serve`` makes it when
a request first needs it.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
import time
from collections.abc import Awaitable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.types import Message, Receive, Scope, Send  # type names only: Starlette itself is imported later

from wcmock.answers import CACHED_METHODS, VERIFY, Answers, Kept, StaleAnswer, key_of, record
from wcmock.errors import HeadersTooLarge, NoRoute, RequestTooLarge, UnknownStore
from wcmock.harness.faults import HTML_NOTICE, Fault
from wcmock.harness.handle import WcmockStore
from wcmock.harness.hub import DEFAULT, DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, Hub
from wcmock.harness.journal import HEADERS_LIMIT, kept_headers
from wcmock.rest.server import Answer, RawRequest
from wcmock.rest.wire import MAX_BODY_BYTES, HeaderLines, encode_json, header_bytes, header_lines
from wcmock.store import ApiKey, Store

if TYPE_CHECKING:  # imported when first needed (see App): wcmock serve answers /wp-json without them
    from starlette.applications import Starlette

    from wcmock.harness.control import Guard
    from wcmock.web import StarletteApp

__all__ = ["DEFAULT_CONSUMER_KEY", "DEFAULT_CONSUMER_SECRET", "App", "asgi_app", "create_app"]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]  # wcmock.web's routes take the same
MAX_HEADER_BYTES = 8 * 1024  # one header line, as Apache's LimitRequestFieldSize (8,190)
MAX_HEADERS_BYTES = 64 * 1024  # all of them
CONTROL = re.compile(r"^(?:/stores/[^/]+)?/__wcmock__(?:/(?P<op>.*))?$")  # the control API and the dashboard
# the paths of the first four routes as Starlette compiles them (``{store}``: ``[^/]+``, ``{path:path}``: ``.*``)
WP_JSON = re.compile(r"^(?:/stores/(?P<store>[^/]+))?/wp-json(?:/(?P<path>.*))?$")
BODILESS_STATUSES = (204, 304)  # HTTP forbids a body: sending one corrupts a keep-alive connection
# the store's change count, the clock's moves, and its second if the answer read the time, when it was made
Stamp = tuple[int, int, int | None]


class WpJson:
    """ASGI endpoint serving one store's ``/wp-json`` (chosen by the ``store`` path parameter)."""

    def __init__(self, hub: Hub, *, plain_permalinks: bool = False, answers: Answers | None = None) -> None:
        self.hub = hub
        self.plain_permalinks = plain_permalinks
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Starlette's routes come here (the app's own take ``serve``, with the headers read)."""
        read = _REQUEST_HEADERS.read(scope["headers"])
        await self.serve(scope, receive, send, read, scope.get("path_params", {}))

    async def serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        read: tuple[dict[str, str], dict[str, str], int],
        params: dict[str, str],
    ) -> None:
        """The request, its header lines ``read`` (``RequestHeaders``), ``params`` its path's
        ``store`` and ``path``. The server's own ``send`` is the one given, unless the scope says
        otherwise (``wcmock.server_send``: Starlette's middleware wraps the one its routes get)."""
        started = time.perf_counter()
        handle = self.hub.find(params.get("store", DEFAULT))
        headers, journal_headers, journal_size = read
        query_string = scope.get("query_string", b"").decode("latin-1")
        path: str | None = params.get("path", "")
        if self.plain_permalinks:
            path = _rest_route(query_string)
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            body = message.get("body", b"")  # the whole body in one message: most requests
            too_large = len(body) > MAX_BODY_BYTES
            if too_large:
                body = b""
        else:
            read_body = await _read_body(receive, message)
            if read_body is None:
                return  # the client hung up before its body was complete: nothing to answer, nothing applied
            body, too_large = read_body
        if handle is None:
            return await _send(
                send,
                404,
                {},
                encode_json(UnknownStore(f"No store named {params.get('store')!r}.").body()),
            )
        if path is None:
            return await _send(send, 404, {}, encode_json(NoRoute().body()))
        if too_large:
            error = RequestTooLarge(f"Request bodies are limited to {MAX_BODY_BYTES} bytes.")
            return await _send(send, 413, {}, encode_json(error.body()))
        method = scope["method"]
        origin = f"{scope.get('scheme', 'http')}://{headers.get('host') or _server_host(scope)}"
        home = f"{origin}/stores/{handle.name}" if "store" in params else origin
        raw = RawRequest(
            method,
            path,
            query_string,
            headers,
            body,
            home,
            origin,
            (scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
        )
        route_path = "/" + path.strip("/")
        handle.home = home
        fault = handle.faults.pick(method, route_path, query_string)
        key = scope.get("wcmock.answer_key") if fault is None and not body and self.answers is not None else None
        # no fault and the store free (the usual case): answered here, without the coroutines around
        found = _handled_now(handle, raw, read=key is not None) if fault is None else None
        answer, stamp = found if found is not None else await self._answer(handle, raw, fault, read=key is not None)
        status, payload, lines = answer.status, answer.body, answer.lines  # its headers are read if need be
        # recorded before the answer leaves: a client that asserts on the journal right after its
        # response must find its request there
        handle.journal.add(
            method,
            route_path,
            query_string,
            journal_headers,
            body,
            status,
            payload,
            (time.perf_counter() - started) * 1000,
            fault.action if fault else None,
            journal_size,
        )
        changed: Answers | None = None
        if scope.get("wcmock.verify"):  # a kept answer checking itself: keep and forget nothing
            scope["wcmock.verified_clean"] = stamp is not None
        elif key is not None and stamp is not None and self.answers is not None and status not in BODILESS_STATUSES:
            changes, moves, second = stamp
            kept = Kept(
                handle=handle,
                store=handle.store,
                clock=handle.store.clock,
                changes=changes,
                moves=moves,
                second=second,
                status=status,
                headers=lines if lines is not None else header_lines(answer.headers),
                body=payload,
                again=answer.again,
                head=method == "HEAD",
                home=home,
                route_path=route_path,
                query_string=query_string,
                journal_headers=dict(journal_headers),  # the journal keeps the one above
            )
            self.answers.keep(key, kept)
        elif self.answers is not None and stamp is None:
            changed = self.answers  # it may have changed the store: what was kept of it goes, once it is out
        try:
            if fault is None and status not in BODILESS_STATUSES:  # as ``_deliver`` sends it, in place
                length = (b"content-length", b"%d" % len(payload))
                sent = [*lines, length] if lines is not None else [*header_lines(answer.headers), length]
                await send({"type": "http.response.start", "status": status, "headers": sent})
                await send({"type": "http.response.body", "body": payload})
            else:
                await self._deliver(send, answer, fault, scope.get("wcmock.server_send", send))
        finally:
            if changed is not None:  # already stale by the store's change count (Kept.current): this frees
                changed.forget(handle.store)  # them, ~2 µs an answer, off the write's own time

    async def _answer(
        self, handle: WcmockStore, raw: RawRequest, fault: Fault | None, *, read: bool
    ) -> tuple[Answer, Stamp | None]:
        if fault is not None and fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault is not None and fault.action in ("error", "status"):
            extra = (
                {"retry-after": str(fault.retry_after if fault.retry_after is not None else 1)}
                if fault.status in (429, 503)
                else {}
            )
            return Answer(fault.status or 500, extra, encode_json(fault.error_body())), None
        answer, stamp = await _handled(handle, raw, read=read)
        if fault is not None and fault.action == "html_notice":
            answer.body = HTML_NOTICE + answer.body
        return answer, stamp

    async def _deliver(self, send: Send, answer: Answer, fault: Fault | None, server_send: Any) -> None:
        status, wire, payload = answer.status, answer.headers, answer.body
        if fault is not None and fault.action == "drop" and _abort_connection(server_send):
            return
        if fault is not None and fault.action in ("drop", "truncate"):
            cut = b"" if fault.action == "drop" else payload[: len(payload) // 2]
            await send({"type": "http.response.start", "status": status, "headers": _headers(wire, len(payload))})
            await send({"type": "http.response.body", "body": cut, "more_body": True})
            return  # the server closes the connection on an unfinished response
        await _send(send, status, wire, payload, answer.lines)


def _abort_connection(server_send: Any) -> bool:
    """Drop the connection before a single byte of answer, as a crashed PHP worker does.

    ASGI has no message for it, so this reaches uvicorn's connection through the ``send`` it gave
    the app (a method of its request cycle) and tells the cycle the client is gone, so uvicorn adds
    no 500 of its own. Under any other server (or Starlette's TestClient) it returns False and the
    caller falls back to closing after the headers."""
    cycle: Any = getattr(server_send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(cycle, "disconnected") or not hasattr(transport, "abort"):
        return False
    transport.abort()
    cycle.disconnected = True
    return True


async def _handled(handle: WcmockStore, raw: RawRequest, *, read: bool) -> tuple[Answer, Stamp | None]:
    """The store's answer, made on the loop when the store is free (the usual case: no thread hop),
    or in a worker thread that waits for it when something else holds it (a ``load`` of thousands
    of records runs in a thread under the store's lock): the request is answered once that is done,
    with everything it added, and the loop goes on serving every other request meanwhile.

    ``read``: a GET or HEAD that may be kept (``wcmock.answers``). It takes the lock as a read, and
    the answer comes with the store's change count and the clock's moves as they were before it,
    and the clock's second if it read the time, when it changed none of them (nor the store's
    ``Random``, unless ``again`` draws it); else with None."""
    found = _handled_now(handle, raw, read=read)
    if found is not None:
        return found
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(handle.server.answer, raw), None


def _handled_now(handle: WcmockStore, raw: RawRequest, *, read: bool) -> tuple[Answer, Stamp | None] | None:
    """``_handled``'s answer when the store is free (made here, on the loop); None when it is not."""
    store = handle.store
    lock = store.lock
    if read and lock.read():
        clock, rng = store.clock, store.random
        second = clock.second()
        changes, moves, reads, drawn = lock.changes, clock.moves, clock.reads, rng.getstate()
        try:
            answer = handle.server.answer(raw)
        finally:
            lock.end_read()
        timed = clock.reads != reads  # the answer read the time: it holds for this second only
        unchanged = (changes, moves) == (lock.changes, clock.moves) and (not timed or clock.second() == second)
        clean = unchanged and (answer.again is not None or rng.getstate() == drawn)
        return answer, (changes, moves, second if timed else None) if clean else None
    if lock.acquire(blocking=False):
        try:
            return handle.server.answer(raw), None
        finally:
            lock.release()
    return None


class App:
    """wcmock's ASGI app: ``/wp-json`` taken straight to its endpoint, kept answers in front, and
    Starlette (:mod:`wcmock.web`) behind for everything else.

    A GET or HEAD whose answer is kept (``wcmock.answers``) is given again before anything else.
    Other ``/wp-json`` requests are matched here with the first four routes' own patterns (one
    regex, what Starlette's router would take first) and go straight to the endpoint, without the
    middleware and router layers in between (about 30 µs a request). Those layers do nothing for
    that endpoint: it answers every error itself. Anything else (the control API, 404s, lifespan)
    goes through Starlette's app (:attr:`starlette`), made when a request first needs it:
    ``wcmock serve`` runs this app, and answers ``/wp-json`` without Starlette's ~45 ms of imports;
    ``create_app`` returns the Starlette app, which hands every request to this one. The server's
    own ``send`` is kept in the scope (Starlette's middleware wraps the one apps get; the drop fault
    needs the server's). Absurd headers are refused first, as a web server in front of WordPress
    would (431), and only this machine's clients reach anything under ``/__wcmock__/`` (the control
    API and the dashboard).
    """

    def __init__(
        self,
        *,
        wp_json: WpJson,
        hub: Hub,
        answers: Answers | None,
        allowed_hosts: Sequence[str] = (),
        control_token: str | None = None,
        fixtures_dir: str | Path | None = None,
    ) -> None:
        self.wp_json = wp_json
        self.hub = hub
        self.answers = answers
        self._allowed_hosts = allowed_hosts
        self._control_token = control_token
        self._fixtures_dir = fixtures_dir
        self._guard: Guard | None = None
        self._starlette: StarletteApp | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        """The default store."""
        return self.hub.get(DEFAULT).store

    @property
    def starlette(self) -> StarletteApp:
        """The Starlette app around this one (made once, by the first caller on any thread)."""
        made = self._starlette
        if made is None:
            with self._lock:
                made = self._starlette
                if made is None:
                    from wcmock.web import starlette_app

                    made = self._starlette = starlette_app(self, fixtures_dir=self._fixtures_dir)
        return made

    @property
    def guard(self) -> Guard:
        """Who may use the control API (made at its first request, with the control API's module)."""
        guard = self._guard
        if guard is None:
            from wcmock.harness.control import Guard

            guard = self._guard = Guard(allowed_hosts=self._allowed_hosts, token=self._control_token)
        return guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.answers is not None:
            key = key_of(scope) if scope["method"] in CACHED_METHODS else None  # a write is never kept
            if key is not None:
                kept = self.answers.find(key, self.hub)
                if kept is not None:
                    return await self._again(kept, scope, receive, send)
            scope["wcmock.answer_key"] = key
        await self._route(scope, receive, send)

    async def _again(self, kept: Kept, scope: Scope, receive: Receive, send: Send) -> None:
        """A kept answer given again (the journal records it as the full path would)."""
        started = time.perf_counter()
        if VERIFY:
            return await self._verified(kept, scope, receive, send)
        body = kept.body_now()
        kept.handle.home = kept.home
        record(kept.handle.journal, kept, scope["method"], started, body)
        headers = [*kept.headers, (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": kept.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _verified(self, kept: Kept, scope: Scope, receive: Receive, send: Send) -> None:
        """``WCMOCK_ANSWER_CACHE=verify``: the full path answers, and must give what was kept (the
        same draws of the store's ``Random`` included)."""
        rng = kept.store.random
        before = rng.getstate()
        expected = kept.body_now()
        drawn = rng.getstate()
        rng.setstate(before)
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        scope["wcmock.answer_key"], scope["wcmock.verify"] = key_of(scope), True  # the same read, as a read
        await self._route(scope, receive, capture)
        status = messages[0]["status"]
        headers = [h for h in messages[0]["headers"] if h[0] != b"content-length"]
        body = b"".join(m.get("body", b"") for m in messages[1:])
        if not scope.get("wcmock.verified_clean"):
            raise StaleAnswer(f"{scope['method']} {scope['path']}: the read that was kept changes the store now")
        if (status, headers, body) != (kept.status, kept.headers, expected) or rng.getstate() != drawn:
            raise StaleAnswer(
                f"{scope['method']} {scope['path']}?{scope.get('query_string', b'').decode('latin-1')}: kept "
                f"{kept.status} {expected[:300]!r}, the store now answers {status} {body[:300]!r}"
                + ("" if rng.getstate() == drawn else " (and draws its Random differently)")
            )
        for message in messages:
            await send(message)

    def _route(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """What answers the request, to be awaited (one coroutine less on every request's way)."""
        if scope["type"] == "http":
            read = _REQUEST_HEADERS.checked(scope["headers"])
            if read is None:
                error = HeadersTooLarge(
                    f"Request header lines are limited to {MAX_HEADER_BYTES} bytes and {MAX_HEADERS_BYTES} in all."
                )
                return _send(send, 431, {"connection": "close"}, encode_json(error.body()))
            found = _wp_json_parts(scope["path"]) if scope["method"] in METHODS and not scope.get("root_path") else None
            if found is not None:  # what the first four routes' patterns take, one match instead of four
                store, path = found
                params = {} if store is None else {"store": store}
                if path is not None:
                    params["path"] = path
                return self.wp_json.serve(scope, receive, send, read, params)  # with the server's own send
        return self._dispatch(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Everything but ``/wp-json`` (taken in ``_route``): the control API, Starlette's routes."""
        # the drop fault's way to the connection (see _abort_connection) through Starlette's
        # middleware, for this request only: the server's send is a method of its request cycle,
        # which holds this scope, so left here it would make every request a reference cycle of a
        # dozen objects for the cycle collector
        scope["wcmock.server_send"] = send
        try:
            await self._behind(scope, receive, send)
        finally:
            scope.pop("wcmock.server_send", None)

    async def _behind(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            control = CONTROL.match(scope["path"])  # never a /wp-json path: those were answered in _route
            if control is not None:
                from starlette.requests import Request

                request = Request(scope)
                refused = self.guard.refusal(request, (control.group("op") or "").strip("/"))
                if refused is not None:
                    return await refused(scope, receive, send)
                cookie = self.guard.cookie(request)
                if cookie is not None:
                    send = _with_header(send, b"set-cookie", cookie.encode("latin-1"))
        await self.starlette.behind(scope, receive, send)


class RequestHeaders:
    """A request's header lines read once per set a client sends: as the dispatcher reads them
    (names lower-cased, latin-1 text; a name sent twice keeps its last value) and as the journal
    keeps them (``kept_headers``: secrets masked, values cut), with the journal's count of their size.

    A client sends the same lines with every request but ``Content-Length`` (its body's own), so a
    set is kept with that value blank and the value is put in its place per request (same headers,
    same order). A set is kept the second time it comes (the hashes of sets seen once are kept,
    ints the cycle collector does not walk): a client varying a header per request (a request id)
    would otherwise fill the memo with dicts, to be cleared. Every set is read as before when the
    memo has no copy of it: a header line that is not a pair of bytes (a test client's lists),
    ``Content-Length`` twice (in any spelling) or not in digits, or a set the journal cuts or might
    cut with the value in.
    What a kept set gave is also kept by the lines as they came, Content-Length's value in (a
    client's bodies come in a few lengths), once they were found within Apache's limits
    (``checked``): the same lines again are one lookup for both.
    """

    __slots__ = ("_exact", "_kept", "_seen")
    LIMIT = 512  # sets kept (clients, each sending its own user agent and accept headers)
    LENGTH = b"content-length"

    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], tuple[dict[str, str], dict[str, str], int, int]] = {}
        self._seen: set[int] = set()
        # what a kept set gave with its Content-Length as sent, by the lines as they came: a client
        # sends bodies of a few lengths (the same request again), found with one lookup
        self._exact: dict[tuple[Any, ...], tuple[dict[str, str], dict[str, str], int]] = {}

    def read(self, lines: Sequence[tuple[bytes, bytes]]) -> tuple[dict[str, str], dict[str, str], int]:
        """``(headers, journal headers, their size)``. A set given again hands out the dicts it
        gave before, shared: read them, never change them (the journal copies its own when it
        makes an entry, a kept answer when it is kept)."""
        found = self.checked(lines)
        return _read_headers(lines) if found is None else found

    def checked(self, lines: Sequence[tuple[bytes, bytes]]) -> tuple[dict[str, str], dict[str, str], int] | None:
        """``read``, or None when the lines are over Apache's limits (``_headers_too_large``): a
        set given again is one lookup for both answers (the exact memo keeps sets within them)."""
        try:
            whole = tuple(lines)
            exact = self._exact.get(whole)
        except TypeError:  # unhashable lines (lists): read each time
            return None if _headers_too_large(lines) else _read_headers(lines)
        if exact is not None:  # shared, as the docstring says: nothing on a request's way changes them
            return exact
        if _headers_too_large(lines):
            return None
        read, kept = self._read(lines)
        if kept:
            if len(self._exact) >= self.LIMIT:
                self._exact.clear()
            self._exact[whole] = read
        return read

    def _read(self, lines: Sequence[tuple[bytes, bytes]]) -> tuple[tuple[dict[str, str], dict[str, str], int], bool]:
        """``read`` by the kept sets (Content-Length blank), and whether the set was kept."""
        at = index = -1
        for pair in lines:
            index += 1
            if pair[0] == self.LENGTH:
                if at >= 0:
                    return _read_headers(lines), False
                at = index
            elif pair[0].lower() == self.LENGTH:  # another spelling: which value wins depends on the order
                return _read_headers(lines), False
        length = lines[at][1] if at >= 0 else b""
        if len(length) > 20 or (at >= 0 and not length.isdigit()):
            return _read_headers(lines), False
        try:
            if at < 0:
                key: tuple[Any, ...] = tuple(lines)
            else:
                blank = list(lines)
                blank[at] = (self.LENGTH, b"")
                key = tuple(blank)
            kept = self._kept.get(key)
            stored = kept is not None
        except TypeError:  # unhashable lines (lists): read each time
            return _read_headers(lines), False
        if kept is None:
            if at >= 0:  # read with the value blank, to be kept so
                headers, journal, size = _read_headers(key)
                if headers.get("content-length") != "" or list(journal) != list(headers):
                    return _read_headers(lines), False  # a line by another spelling came after it, or a cut set
                budget = HEADERS_LIMIT - size
            else:
                headers, journal, size = _read_headers(lines)
                budget = HEADERS_LIMIT  # nothing is put in: what was cut stays cut
            kept = (headers, journal, size, budget)
            marker = hash(key)
            if marker not in self._seen:  # a collision only keeps a set a time early
                if len(self._seen) >= self.LIMIT * 8:
                    self._seen.clear()
                self._seen.add(marker)
            else:
                if len(self._kept) >= self.LIMIT:
                    self._kept.clear()
                self._kept[key] = kept
                stored = True
        headers, journal, size, budget = kept
        if at < 0:
            return (dict(headers), dict(journal), size), stored
        length_text = length.decode("latin-1")
        if len(length_text) > budget:  # the journal might cut the set with the value in
            return _read_headers(lines), False
        headers, journal = dict(headers), dict(journal)
        headers["content-length"] = journal["content-length"] = length_text
        return (headers, journal, size + len(length_text)), stored


def _read_headers(lines: Sequence[tuple[bytes, bytes]]) -> tuple[dict[str, str], dict[str, str], int]:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in lines}
    journal = kept_headers(headers)
    return headers, journal, sum(len(k) + len(v) for k, v in journal.items())


_REQUEST_HEADERS = RequestHeaders()


def _with_header(send: Send, name: bytes, value: bytes) -> Send:
    """``send``, adding one header to the response it starts."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (name, value)]}
        await send(message)

    return sending


WP_JSON_MEMO_LIMIT = 1024  # paths whose match is kept (a client names ids and paths at will)
_WP_JSON_PARTS: dict[str, tuple[str | None, str | None] | None] = {}


def _wp_json_parts(path: str) -> tuple[str | None, str | None] | None:
    """``WP_JSON``'s ``store`` and ``path`` groups for a request path (None: not a ``/wp-json`` path),
    kept by path: a client sends the same few paths again and again, and a dict lookup is a tenth
    of the match."""
    try:
        return _WP_JSON_PARTS[path]
    except KeyError:
        pass
    found = WP_JSON.match(path)
    parts = None if found is None else (found["store"], found["path"])
    if len(path) <= 256:  # the memo stays small: ~1024 short paths
        if len(_WP_JSON_PARTS) >= WP_JSON_MEMO_LIMIT:
            _WP_JSON_PARTS.clear()
        _WP_JSON_PARTS[path] = parts
    return parts


def _headers_too_large(headers: Sequence[tuple[bytes, bytes]]) -> bool:
    """Whether a header line, or all of them, are over Apache's limits (``MAX_HEADER_BYTES``,
    ``MAX_HEADERS_BYTES``). A client's set given again is not measured again (``RequestHeaders``)."""
    if sum(map(len, itertools.chain.from_iterable(headers))) + 4 * len(headers) <= MAX_HEADER_BYTES:
        return False  # all of them within one line's limit: no line is over either
    total = 0
    for name, value in headers:
        size = len(name) + len(value) + 4  # "name: value\r\n"
        if size > MAX_HEADER_BYTES:
            return True
        total += size
    return total > MAX_HEADERS_BYTES


def _headers(wire: dict[str, str], length: int, lines: HeaderLines | None = None) -> HeaderLines:
    """The answer's header lines (``lines`` when the dispatcher made them), ``content-length`` added."""
    return [*(header_lines(wire) if lines is None else lines), (b"content-length", b"%d" % length)]


async def _send(
    send: Send, status: int, wire: dict[str, str], payload: bytes, lines: HeaderLines | None = None
) -> None:
    if status in BODILESS_STATUSES:  # a fault's status: no body, and no length of one
        headers = [(k.encode("latin-1"), header_bytes(v)) for k, v in wire.items() if k != "content-type"]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": status, "headers": _headers(wire, len(payload), lines)})
    await send({"type": "http.response.body", "body": payload})


async def _read_body(receive: Receive, message: Message | None = None) -> tuple[bytes, bool] | None:
    """The whole body, and whether it was over the limit; None when the client hung up first.
    ``message``: the first message, when the caller has received it already."""
    if message is None:
        message = await receive()
    if message["type"] != "http.request":
        return None
    body = message.get("body", b"")
    if not message.get("more_body", False):  # the whole body in one message: most requests
        return (body, False) if len(body) <= MAX_BODY_BYTES else (b"", True)
    chunks, size, more = [body] if len(body) <= MAX_BODY_BYTES else [], len(body), True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks), size > MAX_BODY_BYTES


def _rest_route(query_string: str) -> str | None:
    from urllib.parse import parse_qs

    values = parse_qs(query_string).get("rest_route")
    return values[-1] if values else None


def _server_host(scope: Scope) -> str:
    server = scope.get("server") or ("127.0.0.1", 80)
    return f"{server[0]}:{server[1]}"


def create_app(
    store: Store | None = None,
    *,
    fixtures: list[str | Path] | None = None,
    seed: int = 0,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    hub: Hub | None = None,
    validation: str = "strict",
    api_keys: Sequence[ApiKey | str | Mapping[str, Any]] = (),
    settings: Mapping[str, Any] | None = None,
    allowed_hosts: Sequence[str] = (),
    control_token: str | None = None,
    fixtures_dir: str | Path | None = None,
    answer_cache: bool = True,
) -> Starlette:
    """A fake store: ``store`` as given, or built from ``fixtures`` (default: the bundled ``default``).

    ``validation``: every answer is checked against ``schemas/``; ``strict`` turns a violation into a
    loud 500 naming the schema path and value, ``warn`` logs it and serves, ``off`` skips the check.
    ``api_keys``: keys to add (``CK:CS[:USER_ID[:PERMISSION]]``, fixture-style mappings or ``ApiKey``);
    when neither they, ``consumer_key`` nor the fixtures give one, wcmock's default key is used.
    ``settings``: fixture-style settings that override the fixtures' (``{"auth": False}``).
    The control API (``/__wcmock__/``) answers loopback names, IP addresses and ``allowed_hosts``
    only, refuses other sites' pages, and needs ``control_token`` when one is given; it builds
    stores from bundled fixtures and those in ``fixtures_dir``, by name. ``answer_cache``: a GET or
    HEAD asked again while the store and its clock stay as they were is answered from the bytes kept
    (``wcmock.answers``); False makes every request take the full path.
    """
    return asgi_app(
        store,
        fixtures=fixtures,
        seed=seed,
        consumer_key=consumer_key,
        consumer_secret=consumer_secret,
        hub=hub,
        validation=validation,
        api_keys=api_keys,
        settings=settings,
        allowed_hosts=allowed_hosts,
        control_token=control_token,
        fixtures_dir=fixtures_dir,
        answer_cache=answer_cache,
    ).starlette


def asgi_app(
    store: Store | None = None,
    *,
    fixtures: list[str | Path] | None = None,
    seed: int = 0,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    hub: Hub | None = None,
    validation: str = "strict",
    api_keys: Sequence[ApiKey | str | Mapping[str, Any]] = (),
    settings: Mapping[str, Any] | None = None,
    allowed_hosts: Sequence[str] = (),
    control_token: str | None = None,
    fixtures_dir: str | Path | None = None,
    answer_cache: bool = True,
) -> App:
    """What ``create_app`` serves, as a plain ASGI app (the same parameters): ``wcmock serve`` runs
    it, so a start answers ``/wp-json`` before Starlette is imported; its ``starlette`` is the
    Starlette app, made at the first request outside ``/wp-json`` (or when asked for)."""
    hub = hub or Hub(validation=validation)
    if hub.find(DEFAULT) is None:
        hub.create(
            DEFAULT,
            fixture_names=fixtures,
            seed=seed,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            api_keys=api_keys,
            store=store,
            overrides=settings,
        )
    answers = Answers() if answer_cache else None
    return App(
        wp_json=WpJson(hub, answers=answers),  # the /wp-json routes, taken straight to it
        hub=hub,
        answers=answers,
        allowed_hosts=allowed_hosts,
        control_token=control_token,
        fixtures_dir=fixtures_dir,
    )
