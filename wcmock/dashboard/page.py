"""The dashboard's page: its tabs and navigation around one store's view, rendered to HTML.

Imported by the page's endpoint at its first request: a server that is never looked at in a
browser does not load the dashboard at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from wcmock.dashboard import records
from wcmock.dashboard.html import esc, layout, link, live, query
from wcmock.dashboard.views import View, faults_tab, journal_tab, overview, records_tab, webhooks_tab
from wcmock.errors import RestError


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
