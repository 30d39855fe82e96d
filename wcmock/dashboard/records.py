"""The store's records as each API version renders them, read through the store's own REST routes.

The dashboard finds resources in the route table (every ``/wc/vN/NAME`` route whose GET takes
``page``, and the lists nested in one record, ``/wc/vN/NAME/(?P<id>…)/CHILD``), so a resource added
to the store shows up without the dashboard naming it. Reads go
straight to the store's REST server, not through the HTTP app: they are not journaled, no fault
fires on them, and each is exactly what a client of that version gets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from wcmock.harness.handle import WcmockStore
from wcmock.rest.server import RawRequest

COLLECTION = re.compile(r"^/wc/(v\d+)/([a-z_]+(?:/[a-z_]+)*)$")
NESTED = re.compile(r"^/wc/(v\d+)/([a-z_]+)/\(\?P<\w+>[^)]*\)/([a-z_]+)$")  # orders/(?P<order_id>…)/notes
PER_PAGE = 20
# the dashboard reads as a client over HTTPS would, so Basic-style keys count (``is_ssl()``)
ORIGIN = "https://wcmock.dashboard"


@dataclass(frozen=True)
class Collection:
    """A listable resource: ``customers`` served by ``v1``, ``v2`` and ``v3``; or one nested in a
    record of another, ``orders/notes`` (``parent`` ``orders``), listed for one parent id."""

    name: str
    versions: tuple[str, ...]
    searchable: bool
    everything: tuple[tuple[str, str], ...] = ()  # the query that lists every record, newest first
    parent: str = ""

    @property
    def latest(self) -> str:
        return self.versions[-1]

    @property
    def child(self) -> str:
        return self.name.removeprefix(self.parent + "/")

    def path(self, version: str, of: int | None = None) -> str:
        if self.parent:
            return f"/wc/{version}/{self.parent}/{of}/{self.child}"
        return f"/wc/{version}/{self.name}"


@dataclass
class Page:
    """One page of a collection: each record's JSON keyed by version, newest version first."""

    collection: Collection
    records: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    pages: int = 0
    error: Any = None


def collections(handle: WcmockStore) -> list[Collection]:
    """Every listable resource of the store (nested ones too), in the order its routes are registered."""
    versions: dict[str, list[str]] = {}
    args: dict[str, dict[str, Any]] = {}
    nested_in: dict[str, str] = {}
    for route in handle.server.routes:
        endpoint = route.endpoint_for("GET")
        top, nested = COLLECTION.match(route.pattern), NESTED.match(route.pattern)
        if endpoint is None or not ((top and "page" in endpoint.args) or nested):
            continue
        if top:
            version, name = top.groups()
        elif nested:
            version, parent, child = nested.groups()
            name, nested_in[f"{parent}/{child}"] = f"{parent}/{child}", parent
        versions.setdefault(name, []).append(version)
        args[name] = endpoint.args  # the latest version's, as routes are registered oldest first
    return [
        Collection(
            name,
            tuple(sorted(found, key=lambda v: int(v[1:]))),
            "search" in args[name],
            _everything(args[name]),
            parent=nested_in.get(name, ""),
        )
        for name, found in versions.items()
    ]


def _everything(args: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Lift the filters a list applies by default (customers list ``role=customer``): a filter whose
    choices include ``all`` or ``any`` is set to it; and sort by id, newest first, where the list can."""
    query = []
    for name, arg in args.items():
        choices = arg.get("enum") or []
        wide = next((c for c in ("all", "any") if c in choices), None)
        if name != "orderby" and wide and arg.get("default") != wide:
            query.append((name, wide))
    if "id" in (args.get("orderby", {}).get("enum") or []):
        query += [("orderby", "id"), ("order", "desc")]
    return tuple(query)


def count(handle: WcmockStore, collection: Collection) -> int | None:
    """How many records the latest version lists (``X-WP-Total``), or None if the store refuses."""
    query = {**dict(collection.everything), "per_page": 1}
    status, headers, _ = _get(handle, collection.path(collection.latest), query)
    return int(headers.get("x-wp-total", 0)) if status == 200 else None


def read(
    handle: WcmockStore, collection: Collection, *, search: str = "", page: int = 1, of: int | None = None
) -> Page:
    """A page of records as every version renders it (the same query in each version); ``of``: the
    parent record's id, for a nested collection."""
    query: dict[str, Any] = {**dict(collection.everything), "page": max(page, 1), "per_page": PER_PAGE}
    if search and collection.searchable:
        query["search"] = search
    result = Page(collection)
    by_id: dict[Any, dict[str, Any]] = {}
    for version in reversed(collection.versions):
        status, headers, body = _get(handle, collection.path(version, of), query)
        data = json.loads(body) if body else None
        if status != 200 or not isinstance(data, list):
            if version == collection.latest:
                result.error = data
                return result
            continue
        if version == collection.latest:
            result.total = int(headers.get("x-wp-total", len(data)))
            result.pages = int(headers.get("x-wp-totalpages", 1))
        for index, record in enumerate(data):
            key = record.get("id", index) if isinstance(record, dict) else index
            if key not in by_id:
                if version != collection.latest:
                    continue  # a record only an older version lists on this page
                by_id[key] = {}
                result.records.append(by_id[key])
            by_id[key][version] = record
    return result


def _get(handle: WcmockStore, path: str, query: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    store = handle.store
    key = next((k for k in store.keys.values() if k.permissions in ("read", "read_write")), None)
    if key is not None and store.settings.auth:
        query = {**query, "consumer_key": key.consumer_key, "consumer_secret": key.consumer_secret}
    raw = RawRequest(
        method="GET",
        path=path,
        query_string=urlencode(query),
        headers={},
        body=b"",
        home=handle.home,
        origin=ORIGIN,
        raw_path=f"/wp-json{path}",
    )
    return handle.server.handle(raw)
