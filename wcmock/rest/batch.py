"""``WC_REST_Controller::batch_items``, once for every resource: the limit, the order, per-item checks and errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wcmock.errors import BatchTooLarge, RestError
from wcmock.php import to_int
from wcmock.records import immutable
from wcmock.rest.renderings import Rendered
from wcmock.rest.server import Handler, Permission, RestRequest, RestResponse
from wcmock.rest.wire import encode_json

BATCH_LIMIT = 100  # woocommerce_rest_batch_items_limit

Item = dict[str, Any]
Result = Item | Rendered  # an item's answer: an object, or the item's own validated, encoded answer


@immutable  # compared by identity: only isinstance() looks at it
class Later:
    """An item written now and answered with the rest of its list: ``record``, as the write left it.

    For a resource whose answer is a pure function of the record (nothing read from elsewhere,
    nothing written by rendering it), rendering a list's records together after all its writes is
    what rendering each after its own write gives, and cheaper: each step (view, validation,
    encoding) runs over the list at once instead of all of them in turn per item."""

    record: Any


Outcome = Result | Later


def run_batch(
    params: dict[str, Any],
    *,
    create: Callable[[Item], Outcome],
    update: Callable[[Item], Outcome],
    delete: Callable[[Item], Outcome],
    settle: Callable[[list[Any]], Sequence[Result]] | None = None,
) -> dict[str, list[Result]]:
    """Creates, then updates, then deletes; each item fails on its own with WooCommerce's error entry.

    More than ``BATCH_LIMIT`` items in all is refused whole (413) before anything is done. Each
    action gets the parameters of its sub-request: a create or update item as it came, a delete its
    query, ``{"id": id, "force": true}``. A delete item is cast with PHP's ``(int)`` and ``0`` (or
    junk) is skipped without an entry, but 10.0.2 keeps an array item whole as the query (so
    ``{"id": 25}`` deletes 25) and names the entry by it. Only lists that had work appear.

    An action may answer ``Later(record)``: ``settle`` renders a list's records in one go when
    the list's writes are done (creates before the updates run, updates before the deletes), so
    each is rendered as its own write left it.
    """
    items = {name: _as_list(params.get(name)) for name in ("create", "update", "delete")}
    if sum(len(v) for v in items.values()) > BATCH_LIMIT:
        raise BatchTooLarge(f"Unable to accept more than {BATCH_LIMIT} items for this request.")
    out: dict[str, list[Outcome]] = {}
    if items["create"]:
        created = out["create"] = []
        for item in items["create"]:
            created.append(_attempt(0, create, item if isinstance(item, dict) else {}))
    _settle(out, "create", settle)
    for item in items["update"]:
        data = item if isinstance(item, dict) else {}
        out.setdefault("update", []).append(_attempt(data.get("id"), update, data))
    _settle(out, "update", settle)
    for raw_id in items["delete"]:
        if isinstance(raw_id, (dict, list)):
            query = {**(raw_id if isinstance(raw_id, dict) else {str(i): v for i, v in enumerate(raw_id)})}
            query["force"] = True
            out.setdefault("delete", []).append(_attempt(dict(query), delete, query))
        elif item_id := to_int(raw_id):
            out.setdefault("delete", []).append(_attempt(item_id, delete, {"id": item_id, "force": True}))
    _settle(out, "delete", settle)
    return out  # type: ignore[return-value]  # every Later settled above


def _settle(out: dict[str, list[Outcome]], name: str, settle: Callable[[list[Any]], Sequence[Result]] | None) -> None:
    """Replace the list's ``Later`` entries by their answers, in order."""
    entries = out.get(name)
    if not entries:
        return
    records = [entry.record for entry in entries if isinstance(entry, Later)]
    if not records:
        return
    if settle is None:
        raise TypeError("a batch action answered Later without a settle")
    answers = iter(settle(records))
    out[name] = [next(answers) if isinstance(entry, Later) else entry for entry in entries]


def sub_request(request: RestRequest, method: str, params: Item) -> RestRequest:
    """An item's own request, as ``batch_items`` makes it: the batch's caller, site and store."""
    return RestRequest(
        method=method,
        route=request.route,
        query={},
        home=request.home,
        store=request.store,
        params=params,
        key=request.key,
    )


def run_item(request: RestRequest, method: str, params: Item, permission: Permission, handler: Handler) -> Result:
    """One item as its own request: the route's permission check first, then the handler, as
    ``batch_items`` calls them (no argument validation); the answer as ``response_to_data`` gives it:
    a ``Rendered`` when the handler answered with the item's encoded bytes (answer the batch with
    ``batch_response``, which joins them), else the object."""
    sub = sub_request(request, method, params)
    permission(sub)
    response = handler(sub)
    if response.raw is not None and response.links is not None and response.lazy is None:
        return Rendered(response.data, response.links, response.raw)  # the item's own (validated) answer
    return {**response.data, "_links": response.links}


def batch_response(out: dict[str, list[Result]], check: Callable[[Any], None]) -> RestResponse:
    """The batch answer (``[]`` when nothing was asked), validated and encoded without redoing work.

    An item's own answer (a ``Rendered``) was validated against its schema before it could be
    answered on its own, and carries its bytes; so ``check`` (the resource's batch schema) sees the
    envelope with every other entry (error entries, plain objects), and the answer's bytes are the
    items' own, joined."""
    if not out:
        return RestResponse([])
    check({name: [item for item in items if not isinstance(item, Rendered)] for name, items in out.items()})
    raw = b"{%s}" % b",".join(
        b'"%s":[%s]' % (name.encode(), b",".join([i.raw if isinstance(i, Rendered) else encode_json(i) for i in items]))
        for name, items in out.items()
    )
    data = lambda: {name: [_item(i) for i in items] for name, items in out.items()}  # noqa: E731
    return RestResponse(None, raw=raw, lazy=data)


def _item(item: Result) -> Item:
    return item.item() if isinstance(item, Rendered) else item


def _attempt(item_id: Any, action: Callable[[Item], Outcome], argument: Item) -> Outcome:
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
