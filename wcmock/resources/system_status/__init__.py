"""The system status resource: ``/wc/v2|v3/system_status`` and its debug tools, what connectors probe.

report (the document and the tools, from ``default_store.json`` and the store), schemas (a tool's
published schema and arguments), routes (the table and thin handlers).
"""

from __future__ import annotations

from wcmock.resources.base import Resource
from wcmock.resources.system_status import routes

RESOURCE = Resource(name="system_status", mount=routes.mount, since=routes.SINCE)
