"""Paging as WordPress's list controllers do it, written once: offset, totals and ``Link`` headers."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from wcmock.php import build_query
from wcmock.records import immutable
from wcmock.rest.server import RestRequest


@immutable
class Paging:
    """Which slice of a list a request asks for: ``offset`` wins over ``page``."""

    offset: int
    per_page: int

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> Paging:
        per_page = int(params["per_page"])
        return cls(params.get("offset") or (params["page"] - 1) * per_page, per_page)

    @property
    def page(self) -> int:
        return math.ceil(self.offset / self.per_page + 1)

    def headers(
        self, total: int, page_url: Callable[[int], str] | None = None, *, pages: int | None = None
    ) -> dict[str, Any]:
        """``X-WP-Total``, ``X-WP-TotalPages`` and, given ``page_url``, the ``prev``/``next`` ``Link``;
        ``pages`` when the controller counts them its own way."""
        pages = math.ceil(total / self.per_page) if pages is None else pages
        headers: dict[str, Any] = {"X-WP-Total": total, "X-WP-TotalPages": pages}
        if page_url is None:
            return headers
        links = []
        if self.page > 1:
            links.append(f'<{page_url(min(self.page - 1, pages))}>; rel="prev"')
        if pages > self.page:
            links.append(f'<{page_url(self.page + 1)}>; rel="next"')
        if links:
            headers["Link"] = ", ".join(links)
        return headers


def page_url(collection_url: str, request: RestRequest, args: Mapping[str, Any], page: int) -> str:
    """The collection URL with the caller's (sanitised) query and ``page``, as ``add_query_arg`` builds it."""
    query: dict[str, Any] = {}
    for name in request.query:
        query[name] = request.params.get(name) if name in args else request.query[name]
    query["page"] = page
    return collection_url + "?" + build_query(query)
