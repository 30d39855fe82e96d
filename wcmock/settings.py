"""What a WooCommerce shop owner configures and a test may want to change: the store's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from wcmock.records import Record


@dataclass(slots=True, repr=False, eq=False)
class Settings(Record):
    """What a WooCommerce shop owner configures and a test may want to change."""

    timezone: tzinfo = UTC
    generate_username: bool = True
    generate_password: bool = True
    site_name: str = "wcmock"
    auth: bool = True  # False: every request acts as the first administrator
    basic_auth_over_http: bool = True  # False: Basic, query keys and app passwords need HTTPS, like a stock store
    strip_authorization: bool = False  # True: the Authorization header never reaches WooCommerce (a misconfigured host)
    webhook_timeout: float = 60.0  # seconds a receiver may take, as WooCommerce's delivery timeout
    now: str | None = None  # freeze the store's clock at this instant (and again on every reset)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)


def utc_offset(text: str) -> tzinfo:
    """A site timezone from ``UTC``, ``+02:00``, ``UTC-3`` or an IANA name such as ``America/Sao_Paulo``."""
    raw = text.strip()
    spec = raw.upper().removeprefix("UTC").removeprefix("GMT")
    if not spec:
        return UTC
    if spec[0] in "+-":
        sign = -1 if spec[0] == "-" else 1
        hours, _, minutes = spec[1:].partition(":")
        return timezone(sign * timedelta(hours=float(hours), minutes=int(minutes or 0)))
    from zoneinfo import ZoneInfo

    return ZoneInfo(raw)
