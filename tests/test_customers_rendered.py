"""A customer's kept rendering is its bytes: the objects read back from them are the ones encoded."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

from wcmock.resources.customers.rendered import CustomerRendering, customer_links
from wcmock.rest.wire import encode_json

SELF, COLLECTION = "http://127.0.0.1:8080/wp-json/wc/v3/customers/7", "http://127.0.0.1:8080/wp-json/wc/v3/customers"
ALLOWED = ("GET", "POST", "PUT", "PATCH", "DELETE")


def item(**fields: Any) -> dict[str, Any]:
    body = {
        "id": 7,
        "email": "zoë@example.org",
        "first_name": "Zoë",
        "billing": {"first_name": "Zoë", "city": "Zürich"},
        "meta_data": [{"id": 3, "key": "k", "value": {"nested": [1, 2.5, None, True, "a/b"]}}],
        **fields,
    }
    return {**body, "_links": customer_links(SELF, COLLECTION, ALLOWED)}


@pytest.mark.parametrize(
    "answer",
    [
        item(),
        item(meta_data=[{"id": 1, "key": "f", "value": 1.5e-05}, {"id": 2, "key": "big", "value": 2**70}]),
        item(last_name="\u007f\u2028 \\ \" '", avatar_url="https://secure.gravatar.com/avatar/x?s=96&d=mm&r=g"),
    ],
)
def test_the_objects_read_back_are_the_ones_encoded(answer):
    kept = CustomerRendering(encode_json(answer), SELF, COLLECTION, ALLOWED)
    assert kept.raw == encode_json(answer)
    assert kept.item() == answer
    assert kept.links == answer["_links"]
    assert kept.body == {k: v for k, v in answer.items() if k != "_links"}
    assert kept.item() is not kept.item()  # each caller gets its own objects to change


def test_links_without_target_hints_when_the_caller_may_do_nothing():
    assert customer_links(SELF, COLLECTION, ()) == {"self": [{"href": SELF}], "collection": [{"href": COLLECTION}]}


def test_a_kept_rendering_leaves_the_cycle_collector_nothing_to_walk():
    kept = CustomerRendering(encode_json(item()), SELF, COLLECTION, ALLOWED)
    gc.collect()  # tuples of strings stop being tracked at their first collection
    walked = [part for part in gc.get_referents(kept) if gc.is_tracked(part) and part is not CustomerRendering]
    assert walked == []


def resource() -> Any:
    from wcmock.resources.customers.routes import CustomersResource
    from wcmock.resources.customers.views import V3View
    from wcmock.settings import Settings

    return CustomersResource("v3", V3View(Settings()), username_required=False, password_required=False)


@pytest.mark.parametrize(
    "items",
    [
        [item(id=7), item(id=8, last_name="\u2028 \" '"), item(id=9)],
        [item(id=7, meta_data=[{"id": 1, "key": "f", "value": 1.5e-05}]), item(id=8)],
        # a meta value holding where two items meet: the list is cut into too many pieces, so each
        # item is encoded on its own
        [item(id=7, meta_data=[{"id": 1, "key": "k", "value": [{"c": {"a": [{"b": "x"}]}}, {"id": 2}]}]), item(id=8)],
        [item(id=7)],
    ],
)
def test_a_lists_items_encoded_together_are_each_item_encoded_alone(items):
    customers = resource()
    assert customers.encoded_each(items) == [customers.encoded(one) for one in items]
    assert [json.loads(raw) for raw in customers.encoded_each(items)] == items
