"""The Starlette application around wcmock's ASGI app (:class:`wcmock.app.App`): what ``create_app`` returns.

The app answers ``/wp-json`` itself; Starlette serves everything else: the control API, the
dashboard, plain-permalink requests (``/?rest_route=…``), WordPress's JSON 404 for any other path,
and the lifespan. ``create_app`` makes it at once (users get a Starlette app, with its ``state``,
routes and middleware); ``wcmock serve`` makes it at the first request that needs it, as Starlette's
imports (anyio, its request, response and routing modules: ~45 ms) were more than half of a cold
start's own time and a start answering ``/wp-json`` needs none of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.routing import Route as HttpRoute

from wcmock.errors import NoRoute
from wcmock.rest.wire import JSON_TYPE, encode_json

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

    from wcmock.app import App

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class StarletteApp(Starlette):
    """Starlette with wcmock's app in front: a request reaches Starlette's middleware and router
    only when the app hands it on (:meth:`behind`), so ``/wp-json`` goes straight to its endpoint.

    Starlette's routes are made by ``routes_later`` when the first request needs them (or something
    reads ``routes``), not with the app: a start answering ``/wp-json`` needs neither their patterns
    nor the dashboard's modules (~2.5 ms of a cold start).
    """

    def __init__(self, app: App, *, routes_later: Callable[[], list[BaseRoute]], **options: Any) -> None:
        super().__init__(**options)
        self.app = app
        self._routes_later: Callable[[], list[BaseRoute]] | None = routes_later
        self._routes_lock = threading.Lock()

    @property
    def routes(self) -> list[BaseRoute]:
        self._make_routes()
        return self.router.routes

    def _make_routes(self) -> None:
        if self._routes_later is not None:
            with self._routes_lock:  # in-process clients on several threads may ask at once: made once
                if self._routes_later is not None:
                    self.router.routes.extend(self._routes_later())
                    self._routes_later = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    async def behind(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Starlette's own handling of what the app does not answer itself."""
        if scope["type"] != "lifespan":  # the server's start-up message needs no route
            self._make_routes()
        await super().__call__(scope, receive, send)


def starlette_app(app: App, *, fixtures_dir: str | Path | None) -> StarletteApp:
    """The Starlette app around ``app``, with ``state`` naming its hub, answers and default store."""
    from wcmock.app import WpJson
    from wcmock.harness.control import control_endpoint
    from wcmock.harness.hub import DEFAULT

    hub, answers = app.hub, app.answers

    def routes() -> list[BaseRoute]:
        from wcmock.dashboard import dashboard_routes

        control = control_endpoint(hub, fixture_folder=fixtures_dir)
        plain = WpJson(hub, plain_permalinks=True, answers=answers)
        return [
            HttpRoute("/wp-json", app.wp_json, methods=METHODS),
            HttpRoute("/wp-json/{path:path}", app.wp_json, methods=METHODS),
            HttpRoute("/stores/{store}/wp-json", app.wp_json, methods=METHODS),
            HttpRoute("/stores/{store}/wp-json/{path:path}", app.wp_json, methods=METHODS),
            HttpRoute("/", plain, methods=METHODS),
            HttpRoute("/index.php", plain, methods=METHODS),
            *dashboard_routes(hub),
            HttpRoute("/__wcmock__/{op:path}", control, methods=METHODS),
            HttpRoute("/stores/{store}/__wcmock__/{op:path}", control, methods=METHODS),
        ]

    made = StarletteApp(
        app,
        routes_later=routes,
        # whatever no route above takes (say, a path with an encoded newline) still gets WordPress's JSON 404
        exception_handlers={404: _no_route, 405: _no_route},
    )
    made.state.hub = hub
    made.state.answers = answers
    made.state.handle = hub.get(DEFAULT)
    made.state.store = hub.get(DEFAULT).store
    made.state.server = hub.get(DEFAULT).server
    return made


async def _no_route(request: Any, exc: Exception) -> Response:
    """WordPress's answer for a path no route takes: ``[]`` to OPTIONS under ``/wp-json``, else a JSON 404."""
    if request.method == "OPTIONS" and "/wp-json" in request.url.path:
        return Response(b"[]", 200, media_type=JSON_TYPE)
    return Response(encode_json(NoRoute().body()), 404, media_type=JSON_TYPE)
