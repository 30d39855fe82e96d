"""The dashboard at ``/__wcmock__/``: a store's records, journal, faults, webhook deliveries, clock,
snapshots and stores in a browser, updating while tests run.

Plain HTML rendered here (readable with JavaScript off), one stylesheet and one small script shipped
in ``static/`` (no CDN: CI machines are often offline). The script polls the page and swaps the
regions marked ``data-live``, and calls the control API for the buttons and forms.
"""

from __future__ import annotations

from wcmock.dashboard.routes import dashboard_routes

__all__ = ["dashboard_routes"]
