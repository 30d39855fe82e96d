"""The system status resource: ``/wc/v2|v3/system_status`` and its debug tools, what connectors probe.

report (the document and the tools, from ``default_store.json`` and the store), schemas (a tool's
published schema and arguments), routes (the table and thin handlers).
"""

from __future__ import annotations

from wcmock.resources.base import Resource, later

RESOURCE = Resource(
    name="system_status",
    mount=later(f"{__name__}.routes", "mount"),  # imported when a path first reaches its routes
    paths=("system_status",),
    since="v2",  # routes.SINCE: wc/v1 has no system status controller
)
