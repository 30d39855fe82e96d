"""WooCommerce's customer field rules: how names, addresses and meta are cleaned and set, and
which meta rows are published.

Used by the customers backend on a draft copy, so a refused change leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from wcmock.php import php_array
from wcmock.resources.customers.errors import InvalidBillingEmail
from wcmock.resources.customers.models import BILLING_FIELDS, SHIPPING_FIELDS, Customer
from wcmock.wordpress import is_email, is_protected_meta, sanitize_text_field

HIDDEN_META_PREFIXES = ("_woocommerce_persistent_cart", "closedpostboxes_", "metaboxhidden_", "manageedit-")
TABLE_PREFIX = "wp_"
# WC_Customer_Data_Store::$internal_meta_keys: stored as user meta, never published as meta_data.
INTERNAL_META_KEYS = frozenset(
    {
        "locale",
        "billing_postcode",
        "billing_city",
        "billing_address_1",
        "billing_address_2",
        "billing_state",
        "billing_country",
        "shipping_postcode",
        "shipping_city",
        "shipping_address_1",
        "shipping_address_2",
        "shipping_state",
        "shipping_country",
        "paying_customer",
        "last_update",
        "first_name",
        "last_name",
        "display_name",
        "show_admin_bar_front",
        "use_ssl",
        "admin_color",
        "rich_editing",
        "comment_shortcuts",
        "dismissed_wp_pointers",
        "show_welcome_panel",
        "session_tokens",
        "nickname",
        "description",
        "billing_first_name",
        "billing_last_name",
        "billing_company",
        "billing_phone",
        "billing_email",
        "shipping_first_name",
        "shipping_last_name",
        "shipping_company",
        "shipping_phone",
        "wptests_capabilities",
        "wptests_user_level",
        "syntax_highlighting",
        "_order_count",
        "_money_spent",
        "_last_order",
        "_woocommerce_tracks_anon_id",
    }
)
NAME_SETTERS = ("first_name", "last_name", "display_name")


def clean(value: Any) -> str:
    """``wc_clean`` of a scalar; anything else becomes an empty string rather than PHP's ``Array``."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (int, float)):
        return str(value)
    return sanitize_text_field(value) if isinstance(value, str) else ""


def meta_string(value: Any) -> Any:
    """How user meta reads back from the database: scalars as strings, arrays as PHP arrays (an
    empty object is ``[]``, an object keyed ``0, 1, …`` a list; nested values keep their types)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (int, float)):
        return str(value)
    return _php_value(value)


def _php_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_php_value(v) for v in value]
    if isinstance(value, dict):
        return php_array({str(k): _php_value(v) for k, v in value.items()})
    return value


# what ``apply_fields`` sets: a body disjoint from them has nothing to set (a create with an email only)
FIELD_KEYS = frozenset({"first_name", "last_name", "billing", "shipping", "meta_data"})


def apply_fields(draft: Customer, data: dict[str, Any]) -> None:
    """Names, addresses and meta as ``update_customer_meta_fields`` sets them; meta rows without a
    value go (deleted by key or id, or loaded so)."""
    if not FIELD_KEYS.isdisjoint(data):  # a create with an email only, say, has nothing to set
        _set_fields(draft, data)
    if draft.meta and any(m["value"] is None for m in draft.meta):  # a new list: a new revision
        draft.meta = [m for m in draft.meta if m["value"] is not None]


def _set_fields(draft: Customer, data: dict[str, Any]) -> None:
    for name in ("first_name", "last_name"):
        if data.get(name) is not None:
            setattr(draft, name, clean(data[name]))
    for group, fields in (("billing", BILLING_FIELDS), ("shipping", SHIPPING_FIELDS)):
        values = data.get(group)
        if not isinstance(values, dict):
            continue
        for key in fields:
            if values.get(key) is not None:
                _set_address(draft, group, key, values[key])
    meta_items = data.get("meta_data")
    if isinstance(meta_items, list):
        for item in meta_items:  # protected keys are skipped, silently (WooCommerce 9.5.2)
            if isinstance(item, dict) and isinstance(item.get("key"), str) and not is_protected_meta(item["key"]):
                _update_meta(draft, item["key"], item.get("value"), item.get("id"))


def _set_address(draft: Customer, group: str, key: str, value: Any) -> None:
    """The customer's setter: strings exactly as sent (no trim, no tag stripping), other scalars as
    PHP casts them; a billing email must pass ``is_email``."""
    value = value if isinstance(value, str) else clean(value)
    if group == "billing" and key == "email" and value and not is_email(value):
        raise InvalidBillingEmail()
    getattr(draft, group)[key] = value


def _update_meta(draft: Customer, key: str, value: Any, meta_id: Any) -> None:
    """``WC_Data::update_meta_data``: by id, else by key; internal keys set their field instead."""
    if key in NAME_SETTERS:
        setattr(draft, key, clean(value))
        return
    group, _, field_name = key.partition("_")
    fields = {"billing": BILLING_FIELDS, "shipping": SHIPPING_FIELDS}.get(group, ())
    if field_name in fields:
        _set_address(draft, group, field_name, value)
        return
    value = meta_string(value)
    matches = [m for m in draft.meta if meta_id and m["id"] == meta_id]
    if not meta_id:
        matches = [m for m in draft.meta if m["key"] == key]
        for m in matches:
            m["value"] = None
    if matches:
        matches[0]["key"], matches[0]["value"] = key, value
        return
    for m in draft.meta:
        if m["key"] == key:
            m["value"] = None
    draft.meta.append({"id": 0, "key": key, "value": value})


def visible_meta(customer: Customer) -> list[dict[str, Any]]:
    """The meta rows WooCommerce publishes (``exclude_internal_meta_keys``); a loop, not a
    comprehension: every rendering makes this list, and on Python 3.11 a comprehension is a call."""
    shown = []
    for m in customer.meta:
        if published_meta_key(m["key"]):
            shown.append(dict(m))
    return shown


PUBLISHED_MEMO_LIMIT = 4096  # meta keys whose verdict is kept (a client names keys at will)
_PUBLISHED: dict[str, bool] = {}


def published_meta_key(key: str) -> bool:
    """Whether ``visible_meta`` shows a row with this key; kept per key, a rendering asks per row."""
    shown = _PUBLISHED.get(key)
    if shown is None:
        if len(_PUBLISHED) >= PUBLISHED_MEMO_LIMIT:
            _PUBLISHED.clear()
        shown = _PUBLISHED[key] = _published(key)
    return shown


def _published(key: str) -> bool:
    return not (
        is_protected_meta(key)
        or key in INTERNAL_META_KEYS
        or key.startswith(HIDDEN_META_PREFIXES)
        or TABLE_PREFIX in key
        or key.lower().startswith(TABLE_PREFIX)
    )
