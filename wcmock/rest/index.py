"""Discovery: the site index ``/wp-json/`` and the namespace indexes ``/wp-json/wc/vN``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route
from wcmock.settings import Settings
from wcmock.versions import NAMESPACES


def _routes_summary(routes: list[Route], request: RestRequest, *, with_schema: bool) -> dict[str, Any]:
    summary = {}
    for route in routes:
        data = route.describe(request.home, with_schema=with_schema)
        data.pop("_links", None)
        if "(?P<" not in route.pattern:
            data["_links"] = {"self": [{"href": f"{request.api_root}{route.pattern}"}]}
        summary[route.pattern] = data
    return summary


def index_routes(resource_routes: Callable[[], list[Route]], settings: Settings) -> list[Route]:
    """The site index and one index per namespace, over the resources' routes (``resource_routes()``,
    read when an index is asked for: resources mount their routes on first use)."""

    def site_index(request: RestRequest) -> RestResponse:
        offset = settings.timezone.utcoffset(None)
        gmt_offset = offset.total_seconds() / 3600 if offset is not None else 0
        return RestResponse(
            {
                "name": settings.site_name,
                "description": "A WooCommerce store faked by wcmock",
                "url": request.home,
                "home": request.home,
                "gmt_offset": int(gmt_offset) if float(gmt_offset).is_integer() else gmt_offset,
                "timezone_string": getattr(settings.timezone, "key", ""),
                "namespaces": ["wp/v2", *NAMESPACES],
                "authentication": [],
                "routes": _routes_summary(resource_routes(), request, with_schema=False),
                "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
            }
        )

    def namespace_index(namespace: str) -> Route:
        def handler(request: RestRequest) -> RestResponse:
            mine = [r for r in resource_routes() if r.namespace == namespace]
            return RestResponse(
                {
                    "namespace": namespace,
                    "routes": _routes_summary(mine, request, with_schema=request.params.get("context") == "help"),
                    "_links": {"up": [{"href": f"{request.api_root}/"}]},
                }
            )

        context = {"default": "view", "type": "string", "required": False}
        return Route(
            f"/{namespace}",
            namespace,
            [
                Endpoint(
                    ("GET",),
                    handler,
                    args={"namespace": {"default": namespace, "required": False}, "context": context},
                    answers="namespace",
                )
            ],
        )

    return [
        Route(
            "/",
            "",
            [Endpoint(("GET",), site_index, args={"context": {"default": "view", "required": False}}, answers="index")],
        ),
        *(namespace_index(ns) for ns in NAMESPACES),
    ]
