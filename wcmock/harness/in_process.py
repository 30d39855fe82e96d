"""The in-process client's transport: an httpx transport that calls the ASGI app with no socket.

Starlette's ``TestClient`` runs the app on an event loop in another thread and crosses to it
several times a request (start, each ``receive``, each ``send``), each a thread hand-off: ~2.5 ms
a GET, three times a GET over a real socket. This transport runs the app on an event loop of its
own in the caller's thread, one ``run_until_complete`` a request, so the in-process client is the
fast path (``benchmarks/harness.py`` measures both). Inside a running event loop (an async test)
a loop cannot be nested, so each request then runs on a fresh loop in a worker thread.

It behaves as a client on a socket sees a server: an answer cut short (the ``drop`` and
``truncate`` faults) is ``httpx.RemoteProtocolError``, not a short body; an exception inside the
app propagates to the test, as with ``TestClient``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote

import httpx2 as httpx

Message = dict[str, Any]
Outcome = tuple[int, list[tuple[bytes, bytes]], bytes, bool]  # status, headers, body, finished


class InProcessTransport(httpx.BaseTransport):
    """Serve each request by calling ``app`` (an ASGI application) directly."""

    def __init__(self, app: Any, *, client: tuple[str, int] = ("127.0.0.1", 50000)) -> None:
        self.app = app
        self.client = client
        self._loop: asyncio.AbstractEventLoop | None = None
        self._worker: ThreadPoolExecutor | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        status, headers, body, complete = self._run(self._exchange(_scope(request, self.client), request.read()))
        if not complete:
            reason = (
                "peer closed connection without sending complete message body"
                if body
                else "Server disconnected without sending a response."
            )
            raise httpx.RemoteProtocolError(reason, request=request)
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body), request=request)

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None
        if self._worker is not None:
            self._worker.shutdown()
            self._worker = None

    def _run(self, exchange: Coroutine[Any, Any, Outcome]) -> Outcome:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the usual case: a plain (sync) test
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
            return self._loop.run_until_complete(exchange)
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="wcmock-in-process")
        return self._worker.submit(asyncio.run, exchange).result()

    async def _exchange(self, scope: Message, body: bytes) -> Outcome:
        """One request through the app: the status, headers and body it sent, and whether it finished."""
        status, headers, chunks = 500, [], []
        sent_body, finished = False, asyncio.Event()

        async def receive() -> Message:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            await finished.wait()  # as a server does: the client is gone only once the answer is out
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    finished.set()

        await self.app(scope, receive, send)
        return status, headers, b"".join(chunks), finished.is_set()


def _scope(request: httpx.Request, client: tuple[str, int]) -> Message:
    url = request.url
    port = url.port or {"http": 80, "https": 443}.get(url.scheme, 80)
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(url.path),
        "raw_path": url.raw_path.split(b"?", 1)[0],
        "root_path": "",
        "query_string": url.query,
        "headers": [(key.lower(), value) for key, value in request.headers.raw],
        "client": client,
        "server": (url.host, port),
        "state": {},
        "extensions": {},
    }


def in_process_client(app: Any, *, base_url: str = "http://testserver", **options: Any) -> httpx.Client:
    """An ``httpx.Client`` on ``app`` through :class:`InProcessTransport` (``options`` go to the client)."""
    return httpx.Client(transport=InProcessTransport(app), base_url=base_url, follow_redirects=True, **options)
