"""An update that only moves ``date_modified`` re-dates the order's kept rendering instead of
rendering it again: the answer is the one a fresh rendering gives, and stays validated."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
import pytest

from wcmock import Store
from wcmock.resources.orders.backend import Actor
from wcmock.resources.orders.shell import orders_of
from wcmock.resources.orders.views import ORDER_VIEWS, V2OrderView, V3OrderView
from wcmock.rest.renderings import replaced, respliced
from wcmock.rest.wire import encode_json
from wcmock.validation import _document

V3 = "/wp-json/wc/v3"
GIFT_WRAP = {"fee_lines": [{"name": "Gift wrap", "total": "21.25"}], "customer_id": 2}
# what an order schema may say around a top-level value for ``replaced`` to keep a rendering valid:
# nothing that relates one property to another, and of the replaced value nothing but its type
TOP_LEVEL = {"$id", "$schema", "title", "description", "type", "properties", "required", "additionalProperties"}
TYPE_ONLY = {"type", "description"}


def fresh(store: Store, answer: dict[str, Any]) -> dict[str, Any]:
    """The order as the v3 view renders it now, with nothing kept."""
    home = answer["payment_url"].split("/checkout/")[0]
    backend = orders_of(store)
    return V3OrderView(backend, store.settings.local).order(backend.require(answer["id"]), dp=2, home=home)


def test_setting_the_same_status_again_moves_only_the_dates_of_the_kept_rendering(
    client: httpx.Client, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.clock.freeze("2026-03-01T10:00:00")
    order = client.post(f"{V3}/orders", json=GIFT_WRAP).json()
    first = client.put(f"{V3}/orders/{order['id']}", json={"status": "completed"}).json()
    views: list[int] = []
    view_order = V2OrderView.order
    monkeypatch.setattr(V2OrderView, "order", lambda self, o, **kw: views.append(o.id) or view_order(self, o, **kw))

    same_second = client.put(f"{V3}/orders/{order['id']}", json={"status": "completed"})
    store.clock.advance(61)
    later = client.put(f"{V3}/orders/{order['id']}", json={"status": "completed"}).json()

    assert same_second.json() == first
    assert views == []  # neither was rendered again
    assert later["date_modified_gmt"] > first["date_modified_gmt"]
    assert {k: v for k, v in later.items() if k != "_links"} == fresh(store, later)
    assert later["_links"] == first["_links"]
    views.clear()
    noted = client.put(f"{V3}/orders/{order['id']}", json={"status": "completed", "customer_note": "Leave it"})
    assert views == [order["id"]]  # anything else changed: rendered (and validated) afresh
    assert noted.json()["customer_note"] == "Leave it"


def test_v1_and_v2_redate_their_own_keys(store: Store) -> None:
    backend = orders_of(store)
    order = backend.create(dict(GIFT_WRAP), Actor())
    for version, view_class in ORDER_VIEWS.items():
        view = view_class(backend, store.settings.local)
        body = view.order(order, dp=2, home="http://shop.test")
        assert set(view.redated(order)) == {k for k in body if k.startswith("date_modified")}, version


def test_a_change_of_type_is_not_a_redating() -> None:
    body = {"date_modified": "2026-03-01T10:00:00", "total": "1.00", "lines": []}
    assert replaced(body, {"date_modified": "2026-03-01T10:01:00"}) == {**body, "date_modified": "2026-03-01T10:01:00"}
    assert replaced(body, {"date_modified": None}) is None
    assert replaced(body, {"total": 1.0}) is None
    assert replaced(body, {"lines": []}) is None  # only scalars: a list's items have rules of their own
    assert replaced(body, {"number": "7"}) is None  # a key the body did not have


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_the_redated_values_are_judged_by_their_type_alone(version: str, store: Store) -> None:
    schema = _document(f"{version}/order.json")
    backend = orders_of(store)
    order = backend.create(dict(GIFT_WRAP), Actor())
    assert set(schema) <= TOP_LEVEL
    for key in ORDER_VIEWS[version](backend, store.settings.local).redated(order):
        assert set(schema["properties"][key]) <= TYPE_ONLY, key


def test_a_member_found_once_is_respliced_in_place() -> None:
    body = {
        "id": 7,
        "date_modified": "2026-03-01T10:00:00",
        "meta_data": [{"key": "k", "value": {"x": '"date_modified":'}}],
    }
    raw = encode_json({**body, "_links": {}})
    changes = {"date_modified": "2026-03-01T10:01:00"}
    assert respliced(raw, body, changes) == encode_json({**body, **changes, "_links": {}})
    twice = {**body, "meta_data": [{"key": "k", "value": {"date_modified": "2026-03-01T10:00:00"}}]}
    assert respliced(encode_json(twice), twice, changes) is None  # which one is the order's? not told
