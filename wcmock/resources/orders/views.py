"""How each API version shows an order, its notes and its refunds: one class per version.

v2 and v3 render orders alike (v3 extends v2); v1 has its own shapes (``price`` a string, ``meta``
without underscore keys, no ``_gmt`` dates). Views read the backend and never change it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from wcmock.php import wp_date  # kept per instant and zone
from wcmock.resources.orders.models import COUPON, FEE, LINE, SHIPPING, Item, Note, Order, Refund
from wcmock.resources.orders.money import format_decimal, format_decimals, line_price
from wcmock.resources.orders.vocabulary import BILLING_FIELDS, EDITABLE_STATUSES, SHIPPING_FIELDS

if TYPE_CHECKING:
    from wcmock.resources.orders.backend import OrdersBackend

LINE_MEMO_LIMIT = 4096  # lines kept rendered per view
_READ: Any = object()  # ``products_shown``'s serial not given: read from the catalog
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "$", "AUD": "$", "BRL": "R$"}


def _address(address: dict[str, str], fields: tuple[str, ...]) -> dict[str, str]:
    """The address's fields in their order, ``""`` for any missing (a record made so is copied whole)."""
    if tuple(address) == fields:
        return dict(address)
    return {k: address.get(k, "") for k in fields}


class V2OrderView:
    """``wc/v2`` (and v3): site-local dates with ``_gmt`` companions, meta data, links."""

    version: ClassVar[str] = "v2"
    siblings: ClassVar[bool] = True  # whether ``identity`` names every leaf a sibling differs in (``rendering``)

    def __init__(self, backend: OrdersBackend, local: Any) -> None:
        self.backend = backend
        self.local = local  # UTC datetime -> site-local datetime
        # a line without meta as rendered but its id, per what it shows and the product records it
        # read (records are replaced on every change): a checkout's lines are alike from order to order
        self._lines: dict[tuple[Any, ...], tuple[Any, Any, dict[str, Any]]] = {}
        # the lines' (product id, variation id) -> (the catalog's serial then, ``products_shown``)
        self._shown: dict[tuple[tuple[int, int], ...], tuple[Any, tuple[Any, ...]]] = {}

    def _local(self, moment: datetime | None) -> str | None:
        return wp_date(self.local(moment)) if moment else None

    def dates(self, moment: datetime) -> tuple[str | None, str | None]:
        """A moment as ``identity`` shows it: in the site's zone, and in UTC (the ``_gmt`` keys)."""
        return self._local(moment), wp_date(moment)

    # ------------------------------------------------------------------ orders

    def identity(self, o: Order, home: str) -> dict[str, Any]:
        """The members of ``order``'s body that show the fields two orders created alike differ in
        (``rendering.SIBLING_FIELDS`` but the items), as ``order`` shows them."""
        created, modified = o.date_created, o.date_modified
        local, gmt = self._local(created), wp_date(created)
        if modified is created:  # a new order's are one and the same
            modified_local, modified_gmt = local, gmt
        else:
            modified_local, modified_gmt = self._local(modified), wp_date(modified)
        return {
            "id": o.id,
            "date_created": local,
            "date_modified": modified_local,
            "customer_id": o.customer_id,
            "order_key": o.order_key,
            "billing": _address(o.billing, BILLING_FIELDS),
            "number": str(o.id),
            "payment_url": f"{home}/checkout/order-pay/{o.id}/?pay_for_order=true&key={o.order_key}",
            "date_created_gmt": gmt,
            "date_modified_gmt": modified_gmt,
        }

    def order(self, o: Order, *, dp: int, home: str) -> dict[str, Any]:
        own = self.identity(o, home)
        kinds: dict[str, list[Item]] = {LINE: [], SHIPPING: [], FEE: [], COUPON: []}
        for item in o.items:
            group = kinds.get(item.kind)
            if group is not None:
                group.append(item)
        amounts = format_decimals((o.discount_total, o.discount_tax, o.shipping_total, o.shipping_tax, o.cart_tax,
                                   o.total, o.total_tax), dp)  # fmt: skip
        # a status change dates the order, its completion and its payment with one moment (the
        # command's reading): those are rendered once
        modified, completed, paid = o.date_modified, o.date_completed, o.date_paid
        if completed is modified:
            completed_local, completed_gmt = own["date_modified"], own["date_modified_gmt"]
        else:
            completed_local, completed_gmt = self._local(completed), wp_date(completed)
        if paid is modified:
            paid_local, paid_gmt = own["date_modified"], own["date_modified_gmt"]
        else:
            paid_local, paid_gmt = self._local(paid), wp_date(paid)
        return {
            "id": own["id"],
            "parent_id": o.parent_id,
            "status": o.status,
            "currency": o.currency,
            "version": o.version,
            "prices_include_tax": o.prices_include_tax,
            "date_created": own["date_created"],
            "date_modified": own["date_modified"],
            "discount_total": amounts[0],
            "discount_tax": amounts[1],
            "shipping_total": amounts[2],
            "shipping_tax": amounts[3],
            "cart_tax": amounts[4],
            "total": amounts[5],
            "total_tax": amounts[6],
            "customer_id": own["customer_id"],
            "order_key": own["order_key"],
            "billing": own["billing"],
            "shipping": _address(o.shipping, SHIPPING_FIELDS),
            "payment_method": o.payment_method,
            "payment_method_title": o.payment_method_title,
            "transaction_id": o.transaction_id,
            "customer_ip_address": o.customer_ip_address,
            "customer_user_agent": o.customer_user_agent,
            "created_via": o.created_via,
            "customer_note": o.customer_note,
            "date_completed": completed_local,
            "date_paid": paid_local,
            "cart_hash": o.cart_hash,
            "number": own["number"],
            "meta_data": [dict(m) for m in o.meta],
            "line_items": [self.line(i, dp) for i in kinds[LINE]],
            "tax_lines": [],
            "shipping_lines": [self.shipping_line(i, dp) for i in kinds[SHIPPING]],
            "fee_lines": [self.fee_line(i, dp) for i in kinds[FEE]],
            "coupon_lines": [self.coupon_line(i) for i in kinds[COUPON]],
            "refunds": [
                {"id": r.id, "reason": r.reason, "total": "-" + format_decimal(r.amount, dp)}
                for r in self.backend.refunds_of(o.id)
            ],
            "payment_url": own["payment_url"],
            "is_editable": o.status in EDITABLE_STATUSES,
            "needs_payment": self.backend.needs_payment(o),
            # ``transitions.needs_processing`` from the facts the order shows (``shown``), kept per serial
            "needs_processing": any(f is not None and not f[4] for f in self.products_shown(o)),
            "date_created_gmt": own["date_created_gmt"],
            "date_modified_gmt": own["date_modified_gmt"],
            "date_completed_gmt": completed_gmt,
            "date_paid_gmt": paid_gmt,
            "currency_symbol": CURRENCY_SYMBOLS.get(o.currency, o.currency),
        }

    def redated(self, o: Order) -> dict[str, Any]:
        """The keys of ``order``'s body that show ``date_modified``, as ``order`` renders them."""
        return {"date_modified": self._local(o.date_modified), "date_modified_gmt": wp_date(o.date_modified)}

    def restamped(self, o: Order) -> dict[str, Any]:
        """The keys of ``order``'s body that show ``date_completed`` and ``date_paid``, as ``order``
        renders them."""
        completed, paid = o.date_completed, o.date_paid
        return {
            "date_completed": self._local(completed),
            "date_paid": self._local(paid),
            "date_completed_gmt": wp_date(completed) if completed else None,
            "date_paid_gmt": wp_date(paid) if paid else None,
        }

    @staticmethod
    def item_meta(item: Item) -> list[dict[str, Any]]:
        return [
            {"id": m["id"], "key": m["key"], "value": m["value"], "display_key": m["key"], "display_value": m["value"]}
            for m in item.meta
        ]

    def products_shown(self, o: Order, serial: Any = _READ) -> tuple[Any, ...]:
        """What ``o``'s answer shows of products, line by line (``shown``): a rendering kept for an
        order holds while this is equal, however else the catalog moved (stock, sales, prices).
        Kept per the lines' products and the catalog's serial (it moves on every product change;
        ``serial``: the caller read it already, None if the catalog has none)."""
        catalog = self.backend.catalog
        if serial is _READ:
            serial = getattr(catalog, "serial", None)
        ids = tuple([(i.product_id, i.variation_id) for i in o.items if i.kind == LINE])
        kept = self._shown.get(ids)
        if kept is not None and serial is not None and kept[0] == serial:
            return kept[1]
        shown = []
        for product_id, variation_id in ids:
            product = catalog.get(variation_id or product_id) if product_id else None
            parent = catalog.get(product_id) if product is not None and variation_id else None
            shown.append(self.shown(product, parent))
        if len(self._shown) >= LINE_MEMO_LIMIT:
            self._shown.clear()
        facts = tuple(shown)
        self._shown[ids] = (serial, facts)
        return facts

    @staticmethod
    def shown(product: Any, parent: Any) -> tuple[Any, ...] | None:
        """Every fact of a line's product (and a variation's parent) an order's answer shows, as
        shown: ``line``'s SKU, image and parent name, ``needs_processing``'s virtual and downloadable."""
        if product is None:
            return None
        image_id = getattr(product, "image_id", None)
        return (
            product.sku,
            image_id if image_id else "",
            getattr(product, "image_src", "") or "",
            parent.name if parent is not None else None,
            bool(product.virtual and product.downloadable),
        )

    def line(self, i: Item, dp: int) -> dict[str, Any]:
        catalog = self.backend.catalog
        product = catalog.get(i.variation_id or i.product_id) if i.product_id else None
        parent = catalog.get(i.product_id) if product is not None and i.variation_id else None
        key = (i.name, i.product_id, i.variation_id, i.quantity, i.tax_class, i.subtotal, i.total, dp)
        kept = self._lines.get(key) if not i.meta else None
        if kept is not None and kept[0] is product and kept[1] is parent:
            body = {"id": i.id, **kept[2]}
            body["taxes"], body["meta_data"], body["image"] = [], [], dict(body["image"])
            return body
        image: dict[str, Any] = {"id": 0, "src": ""}
        if product is not None:
            image_id = getattr(product, "image_id", None)
            image = {"id": image_id if image_id else "", "src": getattr(product, "image_src", "") or ""}
        no_tax = format_decimal(0, dp)
        body = {
            "id": i.id,
            "name": i.name,
            "product_id": i.product_id if product is not None or i.product_id else 0,
            "variation_id": i.variation_id,
            "quantity": i.quantity,
            "tax_class": i.tax_class,
            "subtotal": format_decimal(i.subtotal, dp),
            "subtotal_tax": no_tax,
            "total": format_decimal(i.total, dp),
            "total_tax": no_tax,
            "taxes": [],
            "meta_data": self.item_meta(i),
            "sku": product.sku if product is not None else None,
            "price": line_price(i.total, i.quantity),
            "image": image,
            "parent_name": parent.name if parent is not None else None,
        }
        if not i.meta:
            if len(self._lines) >= LINE_MEMO_LIMIT:
                self._lines.clear()
            kept_body = {k: v for k, v in body.items() if k != "id"}
            kept_body["image"] = dict(image)  # nothing of it shared with an answer
            self._lines[key] = (product, parent, kept_body)
        return body

    def shipping_line(self, i: Item, dp: int) -> dict[str, Any]:
        return {
            "id": i.id,
            "method_title": i.name,
            "method_id": i.method_id,
            "instance_id": i.instance_id,
            "total": format_decimal(i.total, dp),
            "total_tax": format_decimal(0, dp),
            "taxes": [],
            "tax_status": "taxable",
            "meta_data": self.item_meta(i),
        }

    def fee_line(self, i: Item, dp: int) -> dict[str, Any]:
        return {
            "id": i.id,
            "name": i.name,
            "tax_class": i.tax_class,
            "tax_status": i.tax_status,
            "amount": "",
            "total": format_decimal(i.total, dp),
            "total_tax": format_decimal(0, dp),
            "taxes": [],
            "meta_data": self.item_meta(i),
        }

    def coupon_line(self, i: Item) -> dict[str, Any]:
        return {
            "id": i.id,
            "code": i.code,
            "discount": i.discount,
            "discount_tax": "0",
            "meta_data": self.item_meta(i),
            "discount_type": "fixed_cart",
            "nominal_amount": 0,
            "free_shipping": False,
        }

    def order_links(self, o: Order, base: str, allowed: list[str]) -> dict[str, Any]:
        """``_links``: ``base`` is ``{api_root}/wc/{version}``."""
        self_link: dict[str, Any] = {"href": f"{base}/orders/{o.id}"}
        if allowed:
            self_link["targetHints"] = {"allow": allowed}
        links: dict[str, Any] = {"self": [self_link], "collection": [{"href": f"{base}/orders"}]}
        if self.version != "v1":
            links["email_templates"] = [{"embeddable": True, "href": f"{base}/orders/{o.id}/actions/email_templates"}]
        if o.customer_id:
            links["customer"] = [{"href": f"{base}/customers/{o.customer_id}"}]
        if o.parent_id:
            links["up"] = [{"href": f"{base}/orders/{o.parent_id}"}]
        return links

    # ------------------------------------------------------------------ notes

    def note(self, n: Note) -> dict[str, Any]:
        return {
            "id": n.id,
            "date_created": self._local(n.date_created),
            "date_created_gmt": wp_date(n.date_created),
            "note": n.content,
            "customer_note": n.customer_note,
        }

    # ------------------------------------------------------------------ refunds

    def refund(self, r: Refund, *, dp: int) -> dict[str, Any]:
        return {
            "id": r.id,
            "date_created": self._local(r.date_created),
            "date_created_gmt": wp_date(r.date_created),
            "amount": format_decimal(r.amount, dp),
            "reason": r.reason,
            "refunded_by": r.refunded_by,
            "refunded_payment": r.refunded_payment,
            "meta_data": [dict(m) for m in r.meta],
            "line_items": [self.line(i, dp) for i in r.items if i.kind == LINE],
            "shipping_lines": [self.shipping_line(i, dp) for i in r.items if i.kind == SHIPPING],
            "tax_lines": [],
            "fee_lines": [self.fee_line(i, dp) for i in r.items if i.kind == FEE],
        }


class V3OrderView(V2OrderView):
    """``wc/v3``: orders as v2; notes name their author."""

    version = "v3"

    def note(self, n: Note) -> dict[str, Any]:
        body = super().note(n)
        return {"id": body.pop("id"), "author": n.author, **body}


class V1OrderView(V2OrderView):
    """``wc/v1``: UTC dates without ``_gmt``, ``price`` as a string, ``meta`` without underscore keys."""

    version = "v1"
    siblings = False  # its body is v2's reshaped: no ``identity`` of its own

    def _local(self, moment: datetime | None) -> str | None:
        return wp_date(moment)

    def order(self, o: Order, *, dp: int, home: str) -> dict[str, Any]:
        full = super().order(o, dp=dp, home=home)
        keys = (
            "id", "parent_id", "status", "order_key", "number", "currency", "version", "prices_include_tax",
            "date_created", "date_modified", "customer_id", "discount_total", "discount_tax", "shipping_total",
            "shipping_tax", "cart_tax", "total", "total_tax", "billing", "shipping", "payment_method",
            "payment_method_title", "transaction_id", "customer_ip_address", "customer_user_agent", "created_via",
            "customer_note", "date_completed", "date_paid", "cart_hash",
        )  # fmt: skip
        body = {k: full[k] for k in keys}
        body.update(self.restamped(o))
        body["line_items"] = [self.line(i, dp) for i in o.of_kind(LINE)]
        body["tax_lines"] = []
        body["shipping_lines"] = [self.shipping_line(i, dp) for i in o.of_kind(SHIPPING)]
        body["fee_lines"] = [self.fee_line(i, dp) for i in o.of_kind(FEE)]
        body["coupon_lines"] = [
            {
                "id": i.id,
                "code": i.code,
                "discount": format_decimal(i.discount, dp),
                "discount_tax": format_decimal(0, dp),
            }
            for i in o.of_kind(COUPON)
        ]
        body["refunds"] = [{"id": r["id"], "refund": r["reason"], "total": r["total"]} for r in full["refunds"]]
        return body

    def redated(self, o: Order) -> dict[str, Any]:
        return {"date_modified": wp_date(o.date_modified)}

    def restamped(self, o: Order) -> dict[str, Any]:
        """v1 shows completion and payment in the site's time, unlike its other dates."""
        completed, paid = o.date_completed, o.date_paid
        return {
            "date_completed": wp_date(self.local(completed)) if completed else None,
            "date_paid": wp_date(self.local(paid)) if paid else None,
        }

    def line(self, i: Item, dp: int) -> dict[str, Any]:
        full = super().line(i, dp)
        return {
            "id": i.id,
            "name": i.name,
            "sku": full["sku"],
            "product_id": full["product_id"],
            "variation_id": i.variation_id,
            "quantity": i.quantity,
            "tax_class": i.tax_class,
            "price": format_decimal(full["price"], dp),
            "subtotal": full["subtotal"],
            "subtotal_tax": full["subtotal_tax"],
            "total": full["total"],
            "total_tax": full["total_tax"],
            "taxes": [],
            "meta": [
                {"key": m["key"], "label": m["key"], "value": m["value"]}
                for m in i.meta
                if not m["key"].startswith("_")
            ],
        }

    def shipping_line(self, i: Item, dp: int) -> dict[str, Any]:
        full = super().shipping_line(i, dp)
        return {k: full[k] for k in ("id", "method_title", "method_id", "total", "total_tax", "taxes")}

    def fee_line(self, i: Item, dp: int) -> dict[str, Any]:
        full = super().fee_line(i, dp)
        return {k: full[k] for k in ("id", "name", "tax_class", "tax_status", "total", "total_tax", "taxes")}

    def note(self, n: Note) -> dict[str, Any]:
        return {
            "id": n.id,
            "date_created": wp_date(n.date_created),
            "note": n.content,
            "customer_note": n.customer_note,
        }

    def refund(self, r: Refund, *, dp: int) -> dict[str, Any]:
        return {
            "id": r.id,
            "date_created": wp_date(r.date_created),
            "amount": format_decimal(r.amount, dp),
            "reason": r.reason,
            "line_items": [self.line(i, dp) for i in r.items if i.kind == LINE],
        }


ORDER_VIEWS: dict[str, type[V2OrderView]] = {"v1": V1OrderView, "v2": V2OrderView, "v3": V3OrderView}
