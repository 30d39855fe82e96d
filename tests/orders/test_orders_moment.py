"""An order command reads the store's clock once: its status change, its notes and its
``date_modified`` take one moment; outside a command every read is the clock's own. An answer's
``needs_processing`` (made from the facts the order shows) is the status rules' own."""

from __future__ import annotations

from datetime import timedelta

import httpx2 as httpx
import pytest

from wcmock import Store
from wcmock.resources.orders import transitions
from wcmock.resources.orders.shell import orders_of

V3 = "/wp-json/wc/v3"


def test_one_command_reads_the_clock_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = orders_of(store)
    reads: list[int] = []
    clock = backend._now
    monkeypatch.setattr(backend, "_now", lambda: reads.append(1) or clock())
    store.clock.freeze("2026-01-02T03:04:05")
    with backend.command():
        first = backend.now()
        store.clock.advance(5)
        assert backend.now() == first  # the command's moment holds
    assert len(reads) == 1
    assert backend.now() == first + timedelta(seconds=5)  # a new reading after the command


def test_a_status_change_dates_its_notes_and_the_order_alike(client: httpx.Client, store: Store) -> None:
    product = client.post(
        f"{V3}/products", json={"name": "Mug", "regular_price": "9.50", "manage_stock": True, "stock_quantity": 5}
    ).json()
    order = client.post(f"{V3}/orders", json={"line_items": [{"product_id": product["id"], "quantity": 2}]}).json()

    done = client.put(f"{V3}/orders/{order['id']}", json={"status": "completed"}).json()
    notes = client.get(f"{V3}/orders/{order['id']}/notes").json()

    assert {n["date_created_gmt"] for n in notes} == {done["date_modified_gmt"]}
    assert done["date_completed_gmt"] == done["date_paid_gmt"] == done["date_modified_gmt"]
    assert len(notes) == 2  # stock reduced, status changed


def test_needs_processing_is_the_status_rules_own(client: httpx.Client, store: Store) -> None:
    plain = client.post(f"{V3}/products", json={"name": "Mug", "regular_price": "9"}).json()
    files = client.post(
        f"{V3}/products", json={"name": "Song", "regular_price": "1", "virtual": True, "downloadable": True}
    ).json()
    backend = orders_of(store)
    for lines in ([plain], [files], [plain, files], []):
        body = {"line_items": [{"product_id": p["id"], "quantity": 1} for p in lines]}
        answer = client.post(f"{V3}/orders", json=body).json()
        expected = transitions.needs_processing(backend, backend.require(answer["id"]))
        assert answer["needs_processing"] is expected
    client.delete(f"{V3}/products/{plain['id']}", params={"force": "true"})
    again = client.get(f"{V3}/orders/{answer['id'] - 1}").json()  # its plain product is gone
    assert again["needs_processing"] is transitions.needs_processing(backend, backend.require(again["id"]))


def test_dates_of_one_moment_render_alike_and_later_ones_apart(client: httpx.Client, store: Store) -> None:
    product = client.post(f"{V3}/products", json={"name": "Mug", "regular_price": "9.50"}).json()
    order = client.post(f"{V3}/orders", json={"line_items": [{"product_id": product["id"], "quantity": 1}]}).json()
    done = client.put(f"{V3}/orders/{order['id']}", json={"status": "completed"}).json()
    assert done["date_completed"] == done["date_paid"] == done["date_modified"]

    store.clock.advance(3600)
    later = client.put(f"{V3}/orders/{order['id']}", json={"customer_note": "later"}).json()

    assert later["date_modified_gmt"] != done["date_modified_gmt"]
    assert (later["date_completed"], later["date_paid"]) == (done["date_completed"], done["date_paid"])
    assert (later["date_completed_gmt"], later["date_paid_gmt"]) == (done["date_completed_gmt"], done["date_paid_gmt"])
