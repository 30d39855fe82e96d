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

_Shown = tuple[datetime | None, Any, str | None, str | None]


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

    def redated(self, c: Customer) -> dict[str, Any]:
        """The members of ``customer``'s body that show ``date_modified``, as ``customer`` writes them."""
        return {"date_modified": wp_date(c.date_modified)}

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

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        # (moment, site zone, local text, GMT text) of the last date_created and date_modified shown
        self._created: _Shown = (None, None, None, None)
        self._modified: _Shown = (None, None, None, None)

    def customer(self, c: Customer, *, with_meta: bool = True) -> dict[str, Any]:
        created, created_gmt = self._dates(c.date_created, "_created")
        if c.date_modified is c.date_created:  # a new customer's two dates are one moment
            modified, modified_gmt = created, created_gmt
        elif c.date_modified:
            modified, modified_gmt = self._dates(c.date_modified, "_modified")
        else:
            modified = modified_gmt = None
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

    def redated(self, c: Customer) -> dict[str, Any]:
        modified, modified_gmt = self._dates(c.date_modified, "_modified") if c.date_modified else (None, None)
        return {"date_modified": modified, "date_modified_gmt": modified_gmt}

    def _dates(self, moment: datetime, slot: str) -> tuple[str | None, str | None]:
        """A date in the site's zone and in GMT, as the API writes them. The last moment shown in
        ``slot`` is kept with its texts: the store's clock hands out one datetime per second, so a
        batch's creates (and the writes of one second) show the same moment object again."""
        kept: _Shown = getattr(self, slot)
        zone = self.settings.timezone
        if kept[0] is moment and kept[1] is zone:
            return kept[2], kept[3]
        local, gmt = wp_date(self.settings.local(moment)), wp_date(moment)
        setattr(self, slot, (moment, zone, local, gmt))
        return local, gmt

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
