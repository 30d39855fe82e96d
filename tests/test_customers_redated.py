"""An update that only moves a customer's ``date_modified`` re-dates its kept rendering instead of
rendering it again: the answer is, byte for byte, the one a fresh rendering gives, its new dates are
checked against the schema, and anything else changed (through the API or in place) renders afresh."""

from __future__ import annotations

import httpx2 as httpx
import pytest

from wcmock import Store
from wcmock.resources.customers.backend import customers_of
from wcmock.resources.customers.routes import CustomersResource
from wcmock.resources.customers.views import VIEWS, V1View
from wcmock.validation import _document

V3 = "/wp-json/wc/v3"
DATE_RULE = {"type", "description", "pattern", "readOnly"}  # what the schema says of a date: checked on its own


def _saves(client: httpx.Client, store: Store) -> list[bytes]:
    """A customer made, then the same change saved again in the same second, a minute on, after
    a change in place to the record the store holds, and after a real change: the answers' bytes."""
    store.clock.freeze("2026-03-01T10:00:00")
    made = client.post(f"{V3}/customers", json={"email": "redate@example.org", "first_name": "Ann"}).json()
    url = f"{V3}/customers/{made['id']}"
    out = [client.put(url, json={"first_name": "X"}).content, client.put(url, json={"first_name": "X"}).content]
    store.clock.advance(61)
    out.append(client.put(url, json={"first_name": "X"}).content)
    customers_of(store).get(made["id"]).last_name = "Changed in place"
    store.clock.advance(61)
    out.append(client.put(url, json={"first_name": "X"}).content)
    out.append(client.put(url, json={"last_name": "Sent"}).content)
    store.clock.advance(61)
    out.append(client.put(url, json={"first_name": "X"}).content)
    return out


def test_a_save_that_moves_only_the_date_is_the_fresh_rendering(
    client: httpx.Client, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    view_customer = VIEWS["v3"].customer
    monkeypatch.setattr(
        VIEWS["v3"], "customer", lambda self, c, **kw: rendered.append(c.last_name) or view_customer(self, c, **kw)
    )
    fast = _saves(client, store)
    # the create, the first change, the change in place and the real change: the rest re-dated
    assert rendered == ["", "", "Changed in place", "Sent"]

    store.reset()
    monkeypatch.setattr(CustomersResource, "_redated", lambda self, kept, customer: None)
    slow = _saves(client, store)
    assert fast == slow
    assert b'"last_name":"Changed in place"' in fast[3]


def test_a_redated_date_is_checked(client: httpx.Client, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[dict[str, object]] = []
    monkeypatch.setattr(
        "wcmock.resources.customers.routes.check_response_properties", lambda values, **kw: checked.append(values)
    )
    store.clock.freeze("2026-03-01T10:00:00")
    made = client.post(f"{V3}/customers", json={"email": "checked@example.org"}).json()
    client.put(f"{V3}/customers/{made['id']}", json={"first_name": "X"})
    store.clock.advance(61)
    client.put(f"{V3}/customers/{made['id']}", json={"first_name": "X"})
    assert checked == [{"date_modified": "2026-03-01T10:01:01", "date_modified_gmt": "2026-03-01T10:01:01"}]


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_every_version_redates_its_own_keys(version: str, store: Store) -> None:
    customer = customers_of(store).create({"email": f"{version}@example.org"})
    view: V1View = VIEWS[version](store.settings)
    body = view.customer(customer)
    redated = view.redated(customer)
    assert set(redated) == {k for k in body if k.startswith("date_modified")}
    assert redated == {k: body[k] for k in redated}
    schema = _document(f"{version}/customer.edit.json")
    for key in redated:
        assert set(schema["properties"][key]) <= DATE_RULE, key
