"""The dashboard's routes: the page at ``/__wcmock__/`` (``/stores/NAME/__wcmock__/`` per store) and
its static files, served with Starlette's own ``StaticFiles``.

Every URL in the page is relative (``static/…``, ``?tab=…``, the control API's ``faults``), so the
same page works for the default store, any named store and behind a mount prefix. The page itself
(``page.py``, ``views.py``, ``records.py``) is imported by its first request, not at start-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from wcmock.errors import RestError
from wcmock.harness.hub import DEFAULT, Hub

STATIC = Path(__file__).parent / "static"


def dashboard_routes(hub: Hub) -> list[BaseRoute]:
    """The routes to put before the control API's (which would otherwise answer ``/__wcmock__/``)."""
    page = dashboard_endpoint(hub)
    static = StaticFiles(directory=STATIC)
    return [
        Route("/__wcmock__/", page, methods=["GET"]),
        Route("/stores/{store}/__wcmock__/", page, methods=["GET"]),
        Mount("/__wcmock__/static", static),
        Mount("/stores/{store}/__wcmock__/static", static),
    ]


def dashboard_endpoint(hub: Hub) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        from wcmock.dashboard.page import POLICY, render
        from wcmock.dashboard.views import View

        name = request.path_params.get("store", DEFAULT)
        handle = hub.find(name)
        if handle is None:
            error = RestError("wcmock_unknown_store", f"No store named {name!r}.", 404)
            return JSONResponse(error.body(), error.status)
        base_url = str(request.base_url).rstrip("/")
        view = View(hub, handle, request.query_params, base_url=base_url, root_path=request.scope.get("root_path", ""))
        try:
            return HTMLResponse(render(view), headers={"content-security-policy": POLICY, "cache-control": "no-store"})
        except RestError as error:
            return JSONResponse(error.body(), error.status)

    return endpoint
