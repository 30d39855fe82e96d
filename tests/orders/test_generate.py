"""``wcmock generate --orders N``: customers with an order history, and numbers that follow from it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from wcmock import cli
from wcmock.fixtures import build_store
from wcmock.resources.customers import order_numbers
from wcmock.resources.orders.shell import orders_of


def test_generated_customers_come_with_the_same_order_history_every_time(tmp_path: Path) -> None:
    runs = [
        CliRunner().invoke(cli.main, ["generate", "--count", "3", "--orders", "2", "--seed", "7"]) for _ in range(2)
    ]
    assert runs[0].exit_code == 0, runs[0].output
    assert runs[0].output == runs[1].output
    fixture = json.loads(runs[0].output)
    assert len(fixture["orders"]) == 6
    path = tmp_path / "history.json"
    path.write_text(runs[0].output)
    store = build_store([str(path)])
    customer = next(u for u in store.users if u.role == "customer")
    shown, _ = order_numbers.for_read(store, customer, "v2")
    mine = [o for o in orders_of(store).orders.values() if o.customer_id == customer.id]
    paid = sum(float(o.total) for o in mine if o.status in ("processing", "completed"))
    assert (shown.orders_count, shown.total_spent) == (2, f"{paid:.2f}")
