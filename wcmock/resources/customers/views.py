"""How each API version represents a customer and a download: one class per version.

WooCommerce's v2 controller extends v1 and v3 extends v2; these views do the same, so every
difference between versions is written once, in the version that introduced it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote_plus

from wcmock.php import wp_date
from wcmock.resources.customers.fields import visible_meta
from wcmock.resources.customers.models import Customer
from wcmock.settings import Settings


class V1View:
    """``wc/v1``: dates in UTC only, ``last_order``, order totals; no role and no meta data."""

    version: ClassVar[str] = "v1"
    shipping_phone_writable: ClassVar[bool] = False
    has_meta_data: ClassVar[bool] = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def customer(self, c: Customer, *, with_meta: bool = True) -> dict[str, Any]:
        """The customer's fields; ``with_meta``: whether the caller sees ``meta_data`` (v2, v3: only
        administrators do, ``wc_current_user_has_role( 'administrator' )``)."""
        return {
            "id": c.id,
            "date_created": wp_date(c.date_created),
            "date_modified": wp_date(c.date_modified),
            "email": c.email,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "username": c.username,
            "last_order": {"id": c.last_order_id, "date": wp_date(c.last_order_date)},
            "orders_count": c.orders_count,
            "total_spent": c.total_spent,
            "avatar_url": c.avatar_url,
            "billing": dict(c.billing),
            "shipping": dict(c.shipping),
        }

    def writable(self, data: dict[str, Any]) -> dict[str, Any]:
        """Drop what this version's schema does not let a client write (``data`` itself when that is
        nothing: the store only reads it)."""
        shipping_phone = not self.shipping_phone_writable and isinstance(data.get("shipping"), dict)
        if not shipping_phone and (self.has_meta_data or "meta_data" not in data):
            return data
        data = {k: v for k, v in data.items() if k != "meta_data" or self.has_meta_data}
        shipping = data.get("shipping")
        if isinstance(shipping, dict) and not self.shipping_phone_writable:
            data["shipping"] = {k: v for k, v in shipping.items() if k != "phone"}
        return data

    def download(self, d: dict[str, Any], c: Customer, home: str) -> dict[str, Any]:
        return {
            "download_url": self.download_url(d, c, home),
            "download_id": d["download_id"],
            "product_id": d["product_id"],
            "download_name": d.get("download_name", ""),
            "order_id": d["order_id"],
            "order_key": d.get("order_key", ""),
            "downloads_remaining": d.get("downloads_remaining", "unlimited"),
            "access_expires": self.expiry(d.get("access_expires"), local=False),
            "file": dict(d.get("file") or {"name": "", "file": ""}),
            "product_url": d.get("product_url", ""),
        }

    def expiry(self, value: datetime | None, *, local: bool) -> str:
        if value is None:
            return "never"
        return wp_date(self.settings.local(value) if local else value) or "never"

    @staticmethod
    def download_url(d: dict[str, Any], c: Customer, home: str) -> str:
        return (
            f"{home}/?download_file={d['product_id']}&order={d.get('order_key', '')}"
            f"&email={quote_plus(d.get('email') or c.email)}&key={d['download_id']}"
        )


class V2View(V1View):
    """``wc/v2``: site-local and GMT dates, role, paying flag and meta data; no ``last_order``."""

    version = "v2"
    has_meta_data = True

    def customer(self, c: Customer, *, with_meta: bool = True) -> dict[str, Any]:
        local = self.settings.local
        created, created_gmt = wp_date(local(c.date_created)), wp_date(c.date_created)
        if c.date_modified is c.date_created:  # a new customer's two dates are one moment
            modified, modified_gmt = created, created_gmt
        else:
            modified = wp_date(local(c.date_modified)) if c.date_modified else None
            modified_gmt = wp_date(c.date_modified)
        body: dict[str, Any] = {
            "id": c.id,
            "date_created": created,
            "date_created_gmt": created_gmt,
            "date_modified": modified,
            "date_modified_gmt": modified_gmt,
            "email": c.email,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "role": c.role,
            "username": c.username,
            "billing": dict(c.billing),
            "shipping": dict(c.shipping),
            "is_paying_customer": c.is_paying_customer,
            "avatar_url": c.avatar_url,
        }
        if with_meta:
            body["meta_data"] = visible_meta(c)
        body.update(self.order_totals(c))
        return body

    def order_totals(self, c: Customer) -> dict[str, Any]:
        return {"orders_count": c.orders_count, "total_spent": c.total_spent}

    def download(self, d: dict[str, Any], c: Customer, home: str) -> dict[str, Any]:
        return {
            "download_id": d["download_id"],
            "download_url": self.download_url(d, c, home),
            "product_id": d["product_id"],
            "product_name": d.get("product_name", ""),
            "download_name": d.get("download_name", ""),
            "order_id": d["order_id"],
            "order_key": d.get("order_key", ""),
            "downloads_remaining": d.get("downloads_remaining", "unlimited"),
            "access_expires": self.expiry(d.get("access_expires"), local=True),
            "access_expires_gmt": self.expiry(d.get("access_expires"), local=False),
            "file": dict(d.get("file") or {"name": "", "file": ""}),
        }


class V3View(V2View):
    """``wc/v3``: v2 without order totals (so it never caches them), and a writable shipping phone."""

    version = "v3"
    shipping_phone_writable = True

    def order_totals(self, c: Customer) -> dict[str, Any]:
        return {}


VIEWS: dict[str, type[V1View]] = {view.version: view for view in (V1View, V2View, V3View)}
