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


def test_with_a_catalogue_the_generated_orders_buy_its_products(tmp_path: Path) -> None:
    args = ["generate", "--count", "4", "--orders", "3", "--products", "12", "--seed", "5"]
    first, again = CliRunner().invoke(cli.main, args), CliRunner().invoke(cli.main, args)
    assert first.exit_code == 0, first.output
    assert first.output == again.output  # the same seed, the same file
    fixture = json.loads(first.output)
    catalogue = {p["id"]: p for p in fixture["products"]}
    for order in fixture["orders"]:
        assert 1 <= len(order["line_items"]) <= 3
        assert not order.get("fee_lines")
        assert {line["product_id"] for line in order["line_items"]} <= set(catalogue)

    path = tmp_path / "shop.json"
    path.write_text(first.output)
    store = build_store([str(path)])
    order = min(orders_of(store).orders.values(), key=lambda o: o.id)
    line = next(item for item in order.items if item.product_id)
    assert line.name == catalogue[line.product_id]["name"]  # priced and named from the product, as on load
    assert float(order.total) > 0


def test_without_a_catalogue_each_generated_order_has_one_fee_line() -> None:
    result = CliRunner().invoke(cli.main, ["generate", "--count", "2", "--orders", "2", "--seed", "5"])
    assert result.exit_code == 0, result.output
    orders = json.loads(result.output)["orders"]
    assert [len(o["fee_lines"]) for o in orders] == [1, 1, 1, 1]
    assert not any(o.get("line_items") for o in orders)
