"""The Starlette application: WordPress's ``/wp-json`` for one store, plus wcmock's control API."""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route as HttpRoute

from wcmock.errors import RestError, no_route
from wcmock.fixtures import build_store
from wcmock.resources.customers import customer_resources
from wcmock.resources.index import index_routes
from wcmock.routing import RawRequest, RestServer, Route, encode_json
from wcmock.store import ApiKey, Store

MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_CONSUMER_KEY = "ck_" + hashlib.sha1(b"wcmock consumer key").hexdigest()
DEFAULT_CONSUMER_SECRET = "cs_" + hashlib.sha1(b"wcmock consumer secret").hexdigest()


def rest_routes(store: Store) -> list[Route]:
    settings = store.settings
    resources = customer_resources(
        settings, username_required=not settings.generate_username, password_required=not settings.generate_password
    )
    routes = [route for resource in resources for route in resource.routes]
    return index_routes(routes, settings) + routes


def ensure_key(store: Store, consumer_key: str | None, consumer_secret: str | None) -> ApiKey:
    """The key clients use: the given one, else the fixture's first, else wcmock's documented default."""
    if consumer_key or consumer_secret or not store.keys:
        owner = next((c.id for c in store if c.role == "administrator"), None)
        if owner is None:
            raise ValueError("an API key needs an owner: add an administrator to the fixtures")
        key = store.add_key(
            ApiKey(consumer_key or DEFAULT_CONSUMER_KEY, consumer_secret or DEFAULT_CONSUMER_SECRET, owner)
        )
        store.mark_initial()
        return key
    return next(iter(store.keys.values()))


def create_app(
    store: Store | None = None,
    *,
    fixtures: list[str | Path] | None = None,
    seed: int = 0,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
) -> Starlette:
    """A fake store: ``store`` as given, or built from ``fixtures`` (default: the bundled ``default``)."""
    if store is None:
        store = build_store(list(fixtures or ["default"]), seed=seed)
    ensure_key(store, consumer_key, consumer_secret)
    server = RestServer(store, rest_routes(store))

    async def wp_json(request: Request) -> Response:
        body = await request.body()
        path = request.path_params.get("path", "")
        return _respond(server, request, path, body)

    async def plain_permalinks(request: Request) -> Response:
        rest_route = request.query_params.get("rest_route")
        if rest_route is None:
            return _error(no_route())
        return _respond(server, request, rest_route, await request.body())

    async def reset(request: Request) -> Response:
        store.reset()
        return JSONResponse({"reset": True, "customers": len(store)})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "customers": len(store)})

    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    app = Starlette(
        routes=[
            HttpRoute("/wp-json", wp_json, methods=methods),
            HttpRoute("/wp-json/{path:path}", wp_json, methods=methods),
            HttpRoute("/", plain_permalinks, methods=methods),
            HttpRoute("/__wcmock__/reset", reset, methods=["POST"]),
            HttpRoute("/__wcmock__/health", health, methods=["GET"]),
        ]
    )
    app.state.store = store
    app.state.server = server
    return app


def _respond(server: RestServer, request: Request, path: str, body: bytes) -> Response:
    if len(body) > MAX_BODY_BYTES:
        return _error(
            RestError("wcmock_request_too_large", f"Request bodies are limited to {MAX_BODY_BYTES} bytes.", 413)
        )
    host = request.headers.get("host") or f"{request.url.hostname}:{request.url.port}"
    raw = RawRequest(
        method=request.method,
        path=path,
        query_string=request.url.query,
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
        home=f"{request.url.scheme}://{host}",
        raw_path=request.scope.get("raw_path", b"").decode("latin-1") or request.url.path,
    )
    status, headers, payload = server.handle(raw)
    return Response(payload, status, headers=headers)


def _error(error: RestError) -> Response:
    return Response(encode_json(error.body()), error.status, media_type="application/json; charset=UTF-8")
