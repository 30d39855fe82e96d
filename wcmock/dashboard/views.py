"""The dashboard's tabs, each rendered from one store's handle into HTML.

Every tab reads what the control API serves (journal entries, faults and deliveries as their
``as_dict()``, so secrets are masked exactly as there); the buttons and forms call the control API
from the page's script. Read-only content is plain HTML: it works with JavaScript off.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from wcmock.dashboard import records
from wcmock.dashboard.html import esc, json_block, link, live, method_badge, pager, query, status_badge, table
from wcmock.errors import RestError
from wcmock.harness.faults import ACTIONS, Fault
from wcmock.harness.handle import WcmockStore
from wcmock.harness.hub import DEFAULT, Hub
from wcmock.harness.journal import JournalEntry

PER_PAGE = 50
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")
LABEL_KEYS = ("name", "title", "number", "email", "username", "first_name", "last_name", "role", "status", "topic")


@dataclass
class View:
    """What a tab renders from: the hub, the store shown and the page's query parameters."""

    hub: Hub
    handle: WcmockStore
    params: Mapping[str, str]
    base_url: str = "http://127.0.0.1"  # the server's, for the API tab's document
    root_path: str = ""  # a mount prefix, for links to other stores' dashboards

    def dashboard_url(self, name: str) -> str:
        return f"{self.root_path}/__wcmock__/" if name == DEFAULT else f"{self.root_path}/stores/{name}/__wcmock__/"

    def text(self, name: str) -> str:
        return self.params.get(name, "").strip()

    def number(self, name: str, default: int = 1) -> int:
        value = self.text(name) or str(default)
        if not value.isdigit() or int(value) < 1:
            raise RestError("wcmock_invalid_request", f"{name}: must be a whole number from 1 up", 400)
        return int(value)


# ---------------------------------------------------------------------- overview


def overview(view: View) -> str:
    handle = view.handle
    counts = [(c, records.count(handle, c)) for c in records.collections(handle) if not c.parent]
    resource_rows = [
        (
            link(query(tab="records", resource=c.name), esc(c.name)),
            esc("—" if n is None else n),
            esc(", ".join(c.versions)),
        )
        for c, n in counts
    ]
    faults = handle.faults.list()
    attempts = handle.deliveries()
    activity = [
        ("requests in the journal", len(handle.journal)),
        ("faults armed", len(faults)),
        ("faults fired", sum(f.fired for f in faults)),
        ("webhook deliveries", len(attempts)),
        ("failed deliveries", sum(not d.ok for d in attempts)),
    ]
    resources = table(["resource", "records", "versions"], resource_rows)
    numbers = table(None, [(esc(k), esc(v)) for k, v in activity])
    return f"""<div class="cards">
<section class="card"><h2>Records</h2>{live("ov-records", resources)}</section>
<section class="card"><h2>Activity</h2>{live("ov-activity", numbers)}</section>
<section class="card"><h2>Clock</h2>{live("ov-clock", _clock(handle))}{_clock_forms()}</section>
<section class="card"><h2>Snapshots</h2>{live("ov-snapshots", _snapshots(handle))}
<form class="js-only" data-call="snapshots/{{name}}">
<input name="name" required pattern="[^/]+" placeholder="snapshot name">
<button>Take snapshot</button><output></output></form></section>
<section class="card"><h2>Stores</h2>{live("ov-stores", _stores(view))}{_new_store(view)}</section>
<section class="card"><h2>Reset</h2><p>Back to the loaded state: data, journal, faults, clock and snapshots.</p>
<button class="js-only danger" data-call="reset" data-confirm="Reset store {esc(handle.name)}?">Reset store</button>
<p class="no-js-only">Needs JavaScript, or <code>curl -X POST …/__wcmock__/reset</code>.</p></section>
</div>"""


def _clock(handle: WcmockStore) -> str:
    state = handle.clock.state()
    return f'<p class="now"><time>{esc(state["now"])}</time> {"(frozen)" if state["frozen"] else "(running)"}</p>'


def _clock_forms() -> str:
    return """<div class="js-only">
<form data-call="clock"><input name="advance" type="number" step="any" placeholder="seconds">
<button>Advance</button><output></output></form>
<form data-call="clock"><input name="set" placeholder="2026-01-01T00:00:00Z">
<button>Set</button><output></output></form>
<button data-call="clock" data-body='{"freeze": true}'>Freeze</button>
<button data-call="clock" data-body='{"unfreeze": true}'>Unfreeze</button>
</div>"""


def _snapshots(handle: WcmockStore) -> str:
    rows = [
        (
            esc(name),
            f'<button class="js-only" data-call="snapshots/{esc(name)}/restore">Restore</button>',
        )
        for name in sorted(handle.snapshots)
    ]
    return table(["snapshot", ""], rows, empty="No snapshots.")


def _stores(view: View) -> str:
    stores = view.dashboard_url(DEFAULT) + "stores"  # the control API lists stores at the root only
    rows = []
    for name in view.hub.names():
        found = view.hub.find(name)
        if found is None:
            continue  # dropped while we list
        drop = (
            f'<button class="js-only danger" data-call="{esc(stores)}/{esc(name)}" data-method="DELETE" '
            f'data-confirm="Drop store {esc(name)}?">Drop</button>'
            if name != DEFAULT
            else ""
        )
        current = name == view.handle.name
        rows.append((link(view.dashboard_url(name), esc(name), current=current), esc(len(found.store)), drop))
    return table(["store", "users", ""], rows)


def _new_store(view: View) -> str:
    sources = "".join(
        f"<option{' selected' if name == view.handle.name else ''}>{esc(name)}</option>" for name in view.hub.names()
    )
    return f"""<form class="js-only" data-call="{esc(view.dashboard_url(DEFAULT))}stores">
<input name="name" required placeholder="new store">
<select name="from" aria-label="copy of">{sources}</select> <button>Create</button><output></output></form>"""


# ---------------------------------------------------------------------- records


def records_tab(view: View) -> str:
    found = records.collections(view.handle)
    top = [c for c in found if not c.parent]
    if not top:
        return '<p class="empty">This store lists no resources.</p>'
    name = view.text("resource") or top[0].name
    collection = next((c for c in found if c.name == name), None)
    if collection is None:
        raise RestError("wcmock_not_found", f"Not found: no resource named {name!r}", 404)
    if collection.parent and not view.text("of"):
        raise RestError("wcmock_invalid_request", f"of: the id of the {collection.parent} record to list", 400)
    of = view.number("of") if collection.parent else None
    search, page = view.text("search"), view.number("page")
    result = records.read(view.handle, collection, search=search, page=page, of=of)
    current = collection.parent or collection.name
    tabs = " ".join(link(query(tab="records", resource=c.name), esc(c.name), current=c.name == current) for c in top)
    heading = ""
    if collection.parent:
        back = link(query(tab="records", resource=collection.parent), esc(collection.parent))
        heading = f'<h2 class="nested">{back} #{of} &rsaquo; {esc(collection.child)}</h2>'
    form = ""
    if collection.searchable:
        form = f"""<form method="get" class="filters"><input type="hidden" name="tab" value="records">
<input type="hidden" name="resource" value="{esc(collection.name)}">
<input type="search" name="search" value="{esc(search)}" placeholder="search {esc(collection.name)}">
<button>Search</button></form>"""
    if result.error is not None:
        body = f'<p class="error">The store refused to list {esc(name)}:</p>{json_block(result.error)}'
    else:
        children = [c for c in found if c.parent == collection.name]
        params = {"tab": "records", "resource": collection.name, "search": search, "of": of}
        shown = "".join(_record(collection, r, children) for r in result.records) or '<p class="empty">No records.</p>'
        body = f'<p class="count">{result.total} {esc(collection.child)}</p>{pager(page, result.pages, params)}{shown}'
    return f'<nav class="subtabs">{tabs}</nav>{heading}{form}{live("records", body)}'


def _record(collection: records.Collection, by_version: dict[str, Any], children: list[records.Collection]) -> str:
    latest = next(iter(by_version.values()))
    ident = latest.get("id", "") if isinstance(latest, dict) else ""
    labels = [
        str(latest[k])
        for k in LABEL_KEYS
        if isinstance(latest, dict) and isinstance(latest.get(k), str | int) and latest[k]
    ][:4]
    versions = "".join(f"<section><h4>wc/{esc(v)}</h4>{json_block(data)}</section>" for v, data in by_version.items())
    nested = " · ".join(
        link(query(tab="records", resource=c.name, of=ident), esc(c.child)) for c in children if ident != ""
    )
    return f"""<details class="record" id="r-{esc(collection.name)}-{esc(ident)}">
<summary><b>#{esc(ident)}</b> {" ".join(f"<span>{esc(label)}</span>" for label in labels)}</summary>
{f'<p class="children">{nested}</p>' if nested else ""}<div class="versions">{versions}</div></details>"""


# ---------------------------------------------------------------------- journal


def journal_tab(view: View) -> str:
    method, path, status = view.text("method").upper(), view.text("path"), view.text("status")
    only_faults, page = view.text("fault") == "1", view.number("page")
    if method and method not in METHODS:
        raise RestError("wcmock_invalid_request", f"method: must be one of {', '.join(METHODS)}", 400)
    wanted = _status_filter(status)
    entries = [
        e
        for e in reversed(view.handle.journal.entries())
        if (not method or e.method == method)
        and path.lower() in e.path.lower()
        and wanted(e.status)
        and (e.fault is not None or not only_faults)
    ]
    pages = max(1, math.ceil(len(entries) / PER_PAGE))
    shown = entries[(page - 1) * PER_PAGE : page * PER_PAGE]
    options = "".join(f"<option{' selected' if m == method else ''}>{m}</option>" for m in METHODS)
    form = f"""<form method="get" class="filters"><input type="hidden" name="tab" value="journal">
<select name="method" aria-label="method"><option value="">any method</option>{options}</select>
<input name="path" value="{esc(path)}" placeholder="path contains" aria-label="path">
<input name="status" value="{esc(status)}" placeholder="status: 201, 4xx" size="10" aria-label="status">
<label><input type="checkbox" name="fault" value="1"{" checked" if only_faults else ""}> fault fired</label>
<button>Filter</button> {link("?tab=journal", "clear filters")}
<button type="button" class="js-only danger" data-call="journal" data-method="DELETE">Forget requests</button>
</form>"""
    params = {"tab": "journal", "method": method, "path": path, "status": status, "fault": only_faults}
    body = (
        f'<p class="count">{len(entries)} of {len(view.handle.journal)} requests, newest first</p>'
        + pager(page, pages, params, labels=("← newer", "older →"))
        + ("".join(_entry(e) for e in shown) or '<p class="empty">No requests.</p>')
    )
    return form + live("journal", body)


def _status_filter(text: str) -> Callable[[int], bool]:
    if not text:
        return lambda status: True
    if len(text) == 3 and text[0] in "12345" and text[1:].lower() == "xx":
        return lambda status: status // 100 == int(text[0])
    if text.isdigit() and len(text) == 3:
        return lambda status: status == int(text)
    raise RestError("wcmock_invalid_request", "status: give a status (201) or a class (4xx)", 400)


def _entry(entry: JournalEntry) -> str:
    data = entry.as_dict()
    shown_query = "?" + esc(urlencode(data["query"], doseq=True, safe="@:/,[]*")) if data["query"] else ""
    fault = f' <span class="fault">fault: {esc(entry.fault)}</span>' if entry.fault else ""
    query_block = f"<h5>query</h5>{json_block(data['query'])}" if data["query"] else ""
    body_block = f"<h5>body</h5>{json_block(data['body'])}" if data["body"] is not None else ""
    return f"""<details class="entry" id="j-{entry.id}">
<summary>{method_badge(entry.method)} <code class="path">{esc(entry.path)}{shown_query}</code>
{status_badge(entry.status)} <span class="ms">{data["duration_ms"]:.1f} ms</span>{fault}
<span class="id">#{entry.id}</span></summary>
<div class="exchange">
<section><h4>Request</h4>{query_block}<h5>headers</h5>{json_block(data["headers"])}{body_block}</section>
<section><h4>Answer ({entry.status})</h4>{json_block(data["response"])}</section>
</div></details>"""


# ---------------------------------------------------------------------- faults


def faults_tab(view: View) -> str:
    rows = [_fault_row(f) for f in view.handle.faults.list()]
    headers = ["id", "state", "action", "method", "path", "version", "status", "when", "latency", "matched", "fired"]
    actions = "".join(f"<option>{a}</option>" for a in ACTIONS)
    methods = "".join(f"<option>{m}</option>" for m in METHODS)
    arm = f"""<form class="js-only arm" data-call="faults" id="arm-fault"><h2>Arm a fault</h2>
<label>action <select name="action">{actions}</select></label>
<label>method <select name="method"><option value="">any</option>{methods}</select></label>
<label>path (regex) <input name="path" placeholder="/customers"></label>
<label>version <select name="version"><option value="">any</option><option>v1</option><option>v2</option>
<option>v3</option></select></label>
<label>status <input name="status" type="number" min="200" max="599"></label>
<label>code <input name="code"></label>
<label>message <input name="message"></label>
<label>times <input name="times" type="number" min="0"></label>
<label>every <input name="every" type="number" min="1"></label>
<label>probability <input name="probability" type="number" min="0" max="1" step="any"></label>
<label>latency ms <input name="latency_ms" type="number" min="0" step="any"></label>
<button>Arm</button> <output></output></form>
<button class="js-only danger" data-call="faults" data-method="DELETE">Clear all faults</button>"""
    return live("faults", table(headers, rows, empty="No faults armed.")) + arm


def _fault_row(fault: Fault) -> list[str]:
    spent = fault.times is not None and fault.matched >= fault.times
    when = "; ".join(
        f"{name} {value}" for name in ("times", "every", "probability") if (value := getattr(fault, name)) is not None
    )
    cells: list[Any] = [
        fault.id,
        "spent" if spent else "armed",
        fault.action,
        fault.method or "any",
        fault.path or "any",
        fault.version or "any",
        fault.status or "",
        when or "always",
        f"{fault.latency_ms:g} ms" if fault.latency_ms else "",
        fault.matched,
        fault.fired,
    ]
    return [esc(c) for c in cells]


# ---------------------------------------------------------------------- webhook deliveries


def webhooks_tab(view: View) -> str:
    attempts = list(reversed(view.handle.deliveries()))
    page = view.number("page")
    pages = max(1, math.ceil(len(attempts) / PER_PAGE))
    shown = "".join(_delivery(d.as_dict()) for d in attempts[(page - 1) * PER_PAGE : page * PER_PAGE])
    body = (
        f'<p class="count">{len(attempts)} delivery attempts, newest first</p>'
        + pager(page, pages, {"tab": "webhooks"}, labels=("← newer", "older →"))
        + (shown or '<p class="empty">No deliveries yet: create a webhook and change a record.</p>')
    )
    return live("deliveries", body)


def _delivery(data: dict[str, Any]) -> str:
    outcome = f'<span class="error">{esc(data["error"])}</span>' if data["error"] else ""
    signature = data["headers"].get("X-WC-Webhook-Signature", "")
    return f"""<details class="delivery" id="d-{esc(data["delivery_id"])}">
<summary>{status_badge(data["status"])} <b>{esc(data["topic"])}</b> → <code>{esc(data["url"])}</code>
<span class="ms">{data["duration_ms"]:.1f} ms</span> {outcome}
<span class="id">webhook {esc(data["webhook_id"])}</span></summary>
<div class="exchange">
<section><h4>Headers</h4>{json_block(data["headers"])}</section>
<section><h4>Payload</h4>{json_block(_parsed(data["body"]))}</section>
<section><h4>Receiver answered</h4>{json_block(data["response"] or "(nothing)")}</section>
<section><h4>Signature</h4><code>{esc(signature or "(none)")}</code></section>
</div></details>"""


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
