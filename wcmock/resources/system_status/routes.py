"""``/wc/v2|v3/system_status`` and its tools: what data connectors read before they sync.

The permission is ``manage_woocommerce`` (administrators and shop managers) for everything, with
the three messages of the two controllers. A tool's id is a string (``[\\w-]+``); running one
(POST, PUT or PATCH, body ignored but typed) answers the tool with ``success`` and ``message``.
"""

from __future__ import annotations

from typing import Any

from wcmock.resources.base import Mount, Mounted
from wcmock.resources.system_status import report
from wcmock.resources.system_status.errors import InvalidToolId
from wcmock.resources.system_status.schemas import TOOL_SCHEMA, tool_edit_args
from wcmock.rest import permissions
from wcmock.rest.args import parse_list
from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route
from wcmock.store import Store
from wcmock.versions import since
from wcmock.wordpress import sanitize_title

CONTEXT = {
    "description": "Scope under which the request is made; determines fields present in response.",
    "type": "string",
    "sanitize": "sanitize_key",
    "required": False,
}
TOOL_ID = {"description": "Unique identifier for the resource.", "type": "string", "required": False}


def _denied(code: str, message: str) -> Any:
    def check(request: RestRequest) -> None:
        if not permissions.can(request.user, "manage_woocommerce"):
            raise permissions.denied(request.user, code, message)

    return check


can_list = _denied("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
can_view = _denied("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
can_update = _denied("woocommerce_rest_cannot_update", "Sorry, you cannot update resource.")


class SystemStatusResource:
    """One version's ``system_status`` routes (v2 and v3 are the same controller in two namespaces)."""

    def __init__(self, version: str) -> None:
        self.version = version
        namespace = f"wc/{version}"
        base = f"/wc/{version}/system_status"
        self.routes = [
            Route(
                base,
                namespace,
                [
                    Endpoint(
                        ("GET",),
                        self.status,
                        can_list,
                        {"context": {**CONTEXT, "enum": ["view"], "default": "view"}},
                    )
                ],
            ),
            Route(
                base + "/tools",
                namespace,
                [
                    Endpoint(
                        ("GET",),
                        self.list_tools,
                        can_list,
                        {"context": {**CONTEXT, "enum": ["view", "edit"], "default": "view"}},
                    )
                ],
                TOOL_SCHEMA,
            ),
            Route(
                base + r"/tools/(?P<id>[\w-]+)",
                namespace,
                [
                    Endpoint(("GET",), self.read_tool, can_view, {"id": TOOL_ID}),
                    Endpoint(("POST", "PUT", "PATCH"), self.run_tool, can_update, tool_edit_args()),
                ],
                TOOL_SCHEMA,
            ),
        ]

    def links(self, request: RestRequest, tool_id: str) -> dict[str, Any]:
        href = f"{request.api_root}/wc/{self.version}/system_status/tools/{tool_id}"
        return {"item": [{"embeddable": True, "href": href}]}

    def status(self, request: RestRequest) -> RestResponse:
        fields = request.query.get("_fields")
        return RestResponse(
            report.system_status(
                request.home,
                site_name=request.store.settings.site_name,
                fields=None if fields is None else [str(f) for f in parse_list(fields)],
            )
        )

    def list_tools(self, request: RestRequest) -> RestResponse:
        return RestResponse(
            [
                {**{k: tool[k] for k in report.TOOL_FIELDS}, "_links": self.links(request, tool["id"])}
                for tool in report.tools(request.home)
            ]
        )

    def read_tool(self, request: RestRequest) -> RestResponse:
        tool = report.tool(request.home, str(request.params.get("id")))
        if tool is None:
            raise InvalidToolId()
        body = {k: tool[k] for k in report.TOOL_FIELDS}
        return RestResponse(body, links=self.links(request, tool["id"]))

    def run_tool(self, request: RestRequest) -> RestResponse:
        """``update_item``: the (sanitised) ``id`` parameter, which a body ``id`` outranks, picks the tool."""
        tool = report.tool(request.home, sanitize_title(str(request.params.get("id"))))
        if tool is None:
            raise InvalidToolId()
        return RestResponse(dict(tool), links=self.links(request, tool["id"]))


SINCE = "v2"  # wc/v1 has no system status controller


def mount(store: Store, context: Mount) -> Mounted:
    """The system status routes of every version that serves them (the same in each)."""
    return Mounted([route for version in since(SINCE) for route in SystemStatusResource(version).routes])
