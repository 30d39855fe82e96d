"""The dashboard's routes: the page at ``/__wcmock__/`` (``/stores/NAME/__wcmock__/`` per store) and
its static files, served with Starlette's own ``StaticFiles``.

Every URL in the page is relative (``static/…``, ``?tab=…``, the control API's ``faults``), so the
same page works for the default store, any named store and behind a mount prefix.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from wcmock.dashboard import records
from wcmock.dashboard.html import esc, layout, link, live, query
from wcmock.dashboard.views import View, faults_tab, journal_tab, overview, records_tab, webhooks_tab
from wcmock.errors import RestError
from wcmock.harness.hub import DEFAULT, Hub

STATIC = Path(__file__).parent / "static"


@lru_cache(maxsize=8)
def api_tab(base_url: str) -> str:
    """The API tab, once per server URL: the document is the same for every store, and the page polls."""
    from wcmock.dashboard.openapi_view import render as render_openapi
    from wcmock.openapi import openapi_document

    return render_openapi(openapi_document(base_url))


TABS: dict[str, tuple[str, Callable[[View], str]]] = {
    "store": ("Store", overview),
    "records": ("Records", records_tab),
    "journal": ("Journal", journal_tab),
    "faults": ("Faults", faults_tab),
    "webhooks": ("Webhook deliveries", webhooks_tab),
    "api": ("API", lambda view: api_tab(view.base_url)),
}
# the page loads nothing from elsewhere, and runs no inline script
POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'"


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


def render(view: View) -> str:
    tab = view.text("tab") or "store"
    if tab not in TABS:
        raise RestError("wcmock_not_found", f"Not found: no tab named {tab!r} (have: {', '.join(TABS)})", 404)
    title, draw = TABS[tab]
    main = draw(view)
    handle = view.handle
    state = handle.clock.state()
    clock = f"<time>{esc(state['now'])}</time>" + (" (frozen)" if state["frozen"] else "")
    header = f"""<a class="brand" href="?">wcmock</a> <span>store <b>{esc(handle.name)}</b></span>
{live("clock", clock, tag="span")}
<label class="js-only"><input type="checkbox" id="live" checked> live</label>
<span id="updated" class="js-only"></span>"""
    return layout(title=f"wcmock · {handle.name} · {title}", header=header, nav=_nav(view, tab), main=main)


def _nav(view: View, current: str) -> str:
    handle = view.handle
    counts = {
        "records": sum(
            n for c in records.collections(handle) if not c.parent and (n := records.count(handle, c)) is not None
        ),
        "journal": len(handle.journal),
        "faults": len(handle.faults.list()),
        "webhooks": len(handle.deliveries()),
    }
    items = []
    for key, (label, _) in TABS.items():
        badge = f' <span class="badge">{counts[key]}</span>' if key in counts else ""
        items.append(link(query(tab=key), esc(label) + badge, current=key == current))
    return live("tabs", "".join(items), tag="nav")
