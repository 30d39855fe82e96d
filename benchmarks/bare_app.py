"""The stack's ceilings: wcmock's answers as pre-serialised bytes, from bare Starlette or a raw ASGI callable.

``benchmarks/run.py`` fetches one real answer per route from wcmock, writes them to a JSON file and
serves them from here, under uvicorn with the same settings wcmock's ``serve`` uses (log level
warning, and the loop / HTTP implementation wcmock's process was seen to load). Nothing is computed
per request: the body is read (as any real endpoint would) and the stored bytes are sent.

- default: a bare Starlette app (async handlers, ``Route`` per path, ``Response`` per answer), what
  the targets are measured against;
- ``--raw``: a plain ASGI callable that picks the answer by method and path and sends pre-built
  header lists: nothing but uvicorn, the event loop and the socket, the ceiling of the whole stack.

    python benchmarks/bare_app.py --responses FILE --port PORT [--raw] [--loop asyncio|uvloop] [--http h11|httptools]
"""

from __future__ import annotations

import argparse
import base64
import json
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SKIPPED_HEADERS = {"content-length", "date", "server", "transfer-encoding", "connection"}


def load_answers(path: Path) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """``{name: (status, headers, body)}`` from the file run.py wrote."""
    data = json.loads(path.read_text())
    answers = {}
    for name, answer in data.items():
        headers = {k: v for k, v in answer["headers"] if k.lower() not in SKIPPED_HEADERS}
        answers[name] = (int(answer["status"]), headers, base64.b64decode(answer["body"]))
    return answers


# (path, {method: answer name}): the routes both ceilings serve, each with the answers it was given
ROUTES: tuple[tuple[str, dict[str, str]], ...] = (
    ("/wp-json/wc/v3/customers/batch", {"POST": "batch"}),
    ("/wp-json/wc/v3/customers/{id:int}", {"GET": "one", "PUT": "update"}),
    ("/wp-json/wc/v3/customers", {"GET": "page", "POST": "create"}),
    ("/wp-json/wc/v3/products/{id:int}", {"GET": "product_one", "PUT": "product_update"}),
    ("/wp-json/wc/v3/products", {"GET": "product_page", "POST": "product_create"}),
    ("/wp-json/wc/v3/orders/{id:int}", {"GET": "order_one", "PUT": "order_update"}),
    ("/wp-json/wc/v3/orders", {"GET": "order_page", "POST": "order_create"}),
)
ITEM = "/{id:int}"


def served(answers: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """The routes with the methods whose answers were captured (a caller may capture only some)."""
    found = []
    for path, methods in ROUTES:
        kept = {method: name for method, name in methods.items() if name in answers}
        if kept:
            found.append((path, kept))
    return found


def create_app(answers: dict[str, tuple[int, dict[str, str], bytes]]) -> Starlette:
    def endpoint(methods: dict[str, str]) -> Any:
        by_method = {method: answers[name] for method, name in methods.items()}

        async def answer(request: Request) -> Response:
            status, headers, body = by_method[request.method]
            if request.method != "GET":
                await request.body()
            return Response(body, status_code=status, headers=headers)

        return answer

    return Starlette(
        routes=[Route(path, endpoint(methods), methods=list(methods)) for path, methods in served(answers)]
    )


def create_raw_app(answers: dict[str, tuple[int, dict[str, str], bytes]]) -> Any:
    """The same answers from a raw ASGI callable: a dict lookup or two and two messages a request."""
    messages = {}
    for name, (status, headers, body) in answers.items():
        start = {
            "type": "http.response.start",
            "status": status,
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
            + [(b"content-length", str(len(body)).encode())],
        }
        messages[name] = (start, {"type": "http.response.body", "body": body})
    exact: dict[tuple[str, str], Any] = {}  # (method, path)
    items: dict[tuple[str, str], Any] = {}  # (method, path before the numeric id)
    for path, methods in served(answers):
        for method, name in methods.items():
            if path.endswith(ITEM):
                items[(method, path.removesuffix(ITEM))] = messages[name]
            else:
                exact[(method, path)] = messages[name]
    not_found = (
        {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]},
        {"type": "http.response.body", "body": b""},
    )

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # lifespan: nothing to set up
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
                message = await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        more = True
        while more:  # read the body, as any real endpoint would
            message = await receive()
            more = message.get("more_body", False)
        method, path = scope["method"], scope["path"]
        found = exact.get((method, path))
        if found is None:
            parent, _, tail = path.rpartition("/")
            found = items.get((method, parent), not_found) if tail.isdigit() else not_found
        start, body = found
        await send(start)
        await send(body)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--loop", default="auto")
    parser.add_argument("--http", default="auto")
    parser.add_argument("--raw", action="store_true", help="a raw ASGI callable instead of Starlette")
    args = parser.parse_args()
    answers = load_answers(args.responses)
    app = create_raw_app(answers) if args.raw else create_app(answers)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", loop=args.loop, http=args.http)
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
