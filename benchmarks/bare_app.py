"""The stack's ceiling: a bare Starlette app answering wcmock's customer routes with pre-serialised bytes.

``benchmarks/run.py`` fetches one real answer per route from wcmock, writes them to a JSON file and
serves them from here, under uvicorn with the same settings wcmock's ``serve`` uses (log level
warning, and the loop / HTTP implementation wcmock's process was seen to load). Nothing is computed
per request: the body is read (as any real endpoint would) and the stored bytes are sent.

    python benchmarks/bare_app.py --responses FILE --port PORT [--loop asyncio|uvloop] [--http h11|httptools]
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
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--loop", default="auto")
    parser.add_argument("--http", default="auto")
    args = parser.parse_args()
    app = create_app(load_answers(args.responses))
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", loop=args.loop, http=args.http)
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
