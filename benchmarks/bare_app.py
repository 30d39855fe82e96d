"""The stack's ceilings: wcmock's customer answers as pre-serialised bytes, from bare Starlette or raw ASGI.

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


def create_app(answers: dict[str, tuple[int, dict[str, str], bytes]]) -> Starlette:
    def endpoint(get: str, post: str | None = None, put: str | None = None) -> Any:
        by_method = {"GET": answers[get]}
        if post:
            by_method["POST"] = answers[post]
        if put:
            by_method["PUT"] = answers[put]

        async def answer(request: Request) -> Response:
            status, headers, body = by_method[request.method]
            if request.method != "GET":
                await request.body()
            return Response(body, status_code=status, headers=headers)

        return answer

    return Starlette(
        routes=[
            Route("/wp-json/wc/v3/customers/batch", endpoint("batch", post="batch"), methods=["POST"]),
            Route("/wp-json/wc/v3/customers/{id:int}", endpoint("one", put="update"), methods=["GET", "PUT"]),
            Route("/wp-json/wc/v3/customers", endpoint("page", post="create"), methods=["GET", "POST"]),
            Route("/wp-json/wc/v3/products/{id:int}", endpoint("product_one"), methods=["GET"]),
            Route("/wp-json/wc/v3/products", endpoint("product_page", post="product_create"), methods=["GET", "POST"]),
        ]
    )


def create_raw_app(answers: dict[str, tuple[int, dict[str, str], bytes]]) -> Any:
    """The same answers from a raw ASGI callable: one dict lookup and two messages a request."""
    prefix = "/wp-json/wc/v3/customers"
    messages = {}
    for name, (status, headers, body) in answers.items():
        start = {
            "type": "http.response.start",
            "status": status,
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
            + [(b"content-length", str(len(body)).encode())],
        }
        messages[name] = (start, {"type": "http.response.body", "body": body})
    by_route = {
        ("POST", "batch"): messages["batch"],
        ("GET", "one"): messages["one"],
        ("PUT", "one"): messages["update"],
        ("GET", "collection"): messages["page"],
        ("POST", "collection"): messages["create"],
        ("GET", "product"): messages["product_one"],
        ("GET", "products"): messages["product_page"],
        ("POST", "products"): messages["product_create"],
    }
    products = "/wp-json/wc/v3/products"
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
        path = scope["path"]
        rest = path[len(prefix) :] if path.startswith(prefix) else None
        if path == products:
            route = "products"
        elif path.startswith(products + "/") and path[len(products) + 1 :].isdigit():
            route = "product"
        elif rest is None:
            route = ""
        elif rest == "":
            route = "collection"
        elif rest == "/batch":
            route = "batch"
        else:
            route = "one" if rest[1:].isdigit() else ""
        start, body = by_route.get((scope["method"], route), not_found)
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
