"""``WC_REST_Controller::batch_items``, once for every resource: the limit, the order, per-item errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wcmock.errors import BatchTooLarge, RestError
from wcmock.php import to_int

BATCH_LIMIT = 100  # woocommerce_rest_batch_items_limit

Item = dict[str, Any]


def run_batch(
    params: dict[str, Any],
    *,
    create: Callable[[Item], Item],
    update: Callable[[Item], Item],
    delete: Callable[[int], Item],
) -> dict[str, list[Item]]:
    """Creates, then updates, then deletes; each item fails on its own with WooCommerce's error entry.

    More than ``BATCH_LIMIT`` items in all is refused whole (413) before anything is done. Delete ids
    are cast to integers and ``0`` (or junk) is skipped without an entry. Only lists that had work
    appear in the answer.
    """
    items = {name: _as_list(params.get(name)) for name in ("create", "update", "delete")}
    if sum(len(v) for v in items.values()) > BATCH_LIMIT:
        raise BatchTooLarge(f"Unable to accept more than {BATCH_LIMIT} items for this request.")
    out: dict[str, list[Item]] = {}
    for item in items["create"]:
        out.setdefault("create", []).append(_attempt(0, create, item if isinstance(item, dict) else {}))
    for item in items["update"]:
        data = item if isinstance(item, dict) else {}
        out.setdefault("update", []).append(_attempt(data.get("id"), update, data))
    for raw_id in items["delete"]:
        # PHP's (int): an array is 1 when it has anything in it, so {"id": 25} deletes user 1
        item_id = (1 if raw_id else 0) if isinstance(raw_id, (dict, list)) else to_int(raw_id)
        if item_id:
            out.setdefault("delete", []).append(_attempt(item_id, delete, item_id))
    return out


def _attempt(item_id: Any, action: Callable[[Any], Item], argument: Any) -> Item:
    try:
        return action(argument)
    except RestError as error:
        return {"id": item_id, "error": error.body()}


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return []
