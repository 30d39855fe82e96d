"""The orders backend on its own: what a real store does to orders, stock and customers."""

from __future__ import annotations

import random
import string

import pytest

from tests.orders.shop import Download, Shop
from wcmock.errors import RestError
from wcmock.resources.orders.backend import KEY_ALPHABET, Actor, key_draws, key_letters, letter_table
from wcmock.resources.orders.query import OrderQuery

V3 = Actor()


def hoodie_order(shop: Shop, **extra: object) -> dict[str, object]:
    hood = shop.product("Hoodie", "45.00", sku="HOOD-1", manage_stock=True, stock_quantity=10)
    cap = shop.product("Cap", "18.00", sku="CAP-1")
    return {
        "payment_method": "bacs",
        "customer_id": 2,
        "line_items": [{"product_id": hood.id, "quantity": 2}, {"product_id": cap.id, "quantity": 1}],
        "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat Rate", "total": "10.00"}],
        "fee_lines": [{"name": "Gift wrap", "total": "2.50", "tax_status": "none"}],
        **extra,
    }


def test_an_unpaid_order_takes_the_next_post_id_and_sums_its_lines() -> None:
    shop = Shop()
    order = shop.orders.create(hoodie_order(shop), V3)
    assert order.id == 13
    assert [i.id for i in order.items] == [1, 2, 3, 4]
    assert (order.status, order.total, order.shipping_total) == ("pending", "120.5", "10")
    assert order.billing["email"] == "jane@example.com"  # the customer's account email fills the gap
    assert shop.events == [("created", 13, "pending"), ("updated", 13, "pending")]


def test_paying_reduces_stock_once_records_sales_and_writes_notes_in_order() -> None:
    shop = Shop()
    order = shop.orders.create(hoodie_order(shop), V3)
    paid = shop.orders.update(order.id, {"status": "processing", "set_paid": True}, V3)
    assert paid.status == "processing"
    assert paid.date_paid is not None
    assert shop.catalog.products[11].stock_quantity == 8
    assert shop.catalog.products[11].total_sales == 2
    assert shop.catalog.products[12].total_sales == 1
    assert [n.content for n in sorted(shop.orders.notes.values(), key=lambda n: n.id)] == [
        "Stock levels reduced: Hoodie (HOOD-1) 10&rarr;8",
        "Order status changed from Pending payment to Processing.",
    ]
    assert paid.items[0].meta_value("_reduced_stock") == "2"


def test_trash_takes_sales_back_keeps_stock_and_delete_forgets_the_order() -> None:
    shop = Shop()
    order = shop.orders.create(hoodie_order(shop, set_paid=True), V3)
    shop.orders.update(order.id, {"status": "completed"}, V3)
    assert shop.accounts.users[2].paying
    before = shop.orders.trash(order.id)
    assert before.status == "completed"
    trashed = shop.orders.get(order.id)
    assert trashed is not None
    assert trashed.status == "trash"
    assert [m["key"] for m in trashed.meta] == ["_wp_trash_meta_status", "_wp_trash_meta_time"]
    assert shop.catalog.products[11].total_sales == 0
    assert shop.catalog.products[11].stock_quantity == 8
    with pytest.raises(RestError) as again:
        shop.orders.trash(order.id)
    assert again.value.status == 410
    shop.orders.delete(order.id)
    assert shop.orders.get(order.id) is None
    assert shop.accounts.users[2].paying  # the trashed order no longer counted: 0 - 1 is not 0
    assert shop.catalog.products[11].stock_quantity == 8


def test_force_deleting_the_only_live_order_resets_the_paying_flag() -> None:
    shop = Shop()
    order = shop.orders.create(hoodie_order(shop, set_paid=True), V3)
    assert shop.accounts.users[2].paying
    shop.orders.delete(order.id)
    assert shop.accounts.users[2].paying is False


def test_a_quantity_change_keeps_the_money_and_removals_drop_lines() -> None:
    shop = Shop()
    pen, pad, ink = shop.product("Pen", "2.00"), shop.product("Pad", "4.50"), shop.product("Ink", "6.25")
    order = shop.orders.create(
        {
            "line_items": [{"product_id": pen.id, "quantity": 3}, {"product_id": pad.id, "quantity": 1}],
            "fee_lines": [{"name": "Handling", "total": "1.50"}],
        },
        V3,
    )
    order = shop.orders.update(order.id, {"line_items": [{"id": 1, "quantity": 5}]}, V3)
    assert (order.items[0].total, order.total) == ("6", "12")
    order = shop.orders.update(order.id, {"line_items": [{"product_id": ink.id, "quantity": 2}]}, V3)
    assert order.items[-1].id == 4
    assert order.total == "24.5"
    order = shop.orders.update(order.id, {"line_items": [{"id": 2, "quantity": 0}]}, V3)
    order = shop.orders.update(order.id, {"line_items": [{"id": 4, "product_id": None}]}, V3)
    order = shop.orders.update(order.id, {"fee_lines": [{"id": 3, "name": None}]}, V3)
    assert [i.id for i in order.items] == [1]
    assert order.total == "6"
    order = shop.orders.update(
        order.id, {"line_items": [{"product_id": pad.id, "quantity": 2, "total": "7.00", "subtotal": "9.00"}]}, V3
    )
    assert (order.discount_total, order.total) == ("2", "13")
    with pytest.raises(RestError) as wrong:
        shop.orders.update(order.id, {"line_items": [{"id": 99, "quantity": 1}]}, V3)
    assert wrong.value.code == "woocommerce_rest_invalid_item_id"


def test_bad_orders_fail_before_taking_an_id_and_odd_lines_are_accepted() -> None:
    shop = Shop()
    soap = shop.product("Soap", "3.00", sku="SOAP")
    for data, code in (
        ({"line_items": [{"quantity": 1}]}, "woocommerce_rest_required_product_reference"),
        ({"customer_id": 999, "line_items": [{"product_id": soap.id}]}, "woocommerce_rest_invalid_customer_id"),
        ({"shipping_lines": [{"total": "1"}]}, "woocommerce_rest_invalid_shipping_item"),
    ):
        with pytest.raises(RestError) as failed:
            shop.orders.create(data, V3)
        assert failed.value.code == code
    unknown = shop.orders.create({"line_items": [{"product_id": 999999, "quantity": 1}]}, V3)
    negative = shop.orders.create({"line_items": [{"product_id": soap.id, "quantity": -2}]}, V3)
    assert (unknown.id, negative.id) == (12, 13)
    assert (unknown.items[0].product_id, unknown.items[0].name, unknown.total) == (0, "", "0")
    assert (negative.items[0].quantity, negative.items[0].total) == (-2, "0")
    assert not shop.orders.needs_processing(unknown)


def test_batch_items_turn_an_unknown_status_into_pending() -> None:
    shop = Shop()
    candle = shop.product("Candle", "9.00", manage_stock=True, stock_quantity=50)
    order = shop.orders.create({"line_items": [{"product_id": candle.id}], "set_paid": True}, V3)
    assert shop.catalog.products[candle.id].stock_quantity == 49
    order = shop.orders.update(order.id, {"status": "bogus"}, Actor(batch=True))
    assert order.status == "pending"
    assert shop.catalog.products[candle.id].stock_quantity == 50
    shop.orders.update(order.id, {"status": "cancelled"}, Actor(batch=True))
    assert shop.catalog.products[candle.id].total_sales == 1  # cancelled from pending: sales stay


def test_refunds_gateway_partial_restock_and_the_automatic_full_refund() -> None:
    shop = Shop()
    kettle = shop.product("Kettle", "30.00", sku="KETTLE", manage_stock=True, stock_quantity=6)
    order = shop.orders.create(
        {
            "payment_method": "bacs",
            "customer_id": 2,
            "set_paid": True,
            "line_items": [{"product_id": kettle.id, "quantity": 2}],
            "shipping_lines": [{"method_id": "flat_rate", "total": "10.00"}],
        },
        V3,
    )
    with pytest.raises(RestError) as refused:
        shop.orders.create_refund(order.id, {"amount": "5.00"}, V3)
    assert refused.value.body()["data"] == 500  # a bare number, as the store answers
    refund = shop.orders.create_refund(
        order.id,
        {
            "amount": "30.00",
            "reason": "Dented",
            "api_refund": False,
            "line_items": [{"id": 1, "quantity": 1, "refund_total": 30}],
        },
        V3,
    )
    assert refund.id == 14  # 13 went to the refused refund
    assert (refund.items[0].quantity, refund.items[0].total) == (-1, "-30")
    line = shop.orders.orders[order.id].items[0]
    assert (line.meta_value("_reduced_stock"), line.meta_value("_restock_refunded_items")) == ("1", "1")
    assert shop.catalog.products[kettle.id].stock_quantity == 5
    with pytest.raises(RestError) as too_much:
        shop.orders.create_refund(order.id, {"amount": "500.00", "api_refund": False}, V3)
    assert too_much.value.message == "Invalid refund amount."
    shop.orders.delete_refund(refund.id)
    refunded = shop.orders.update(order.id, {"status": "refunded"}, V3)
    assert refunded.status == "refunded"
    [automatic] = shop.orders.refunds_of(order.id)
    assert (automatic.id, automatic.amount, automatic.reason) == (15, "70", "Order fully refunded.")


def test_customer_numbers_count_every_live_order_and_sum_the_paid_ones() -> None:
    shop = Shop()
    book = shop.product(
        "Cookbook", "15.00", virtual=True, downloadable=True, downloads=(Download("u1", "PDF", "https://x/c.pdf"),)
    )
    apron = shop.product("Apron", "20.00")
    first = shop.orders.create(
        {"customer_id": 2, "line_items": [{"product_id": book.id}, {"product_id": apron.id}]}, V3
    )
    assert shop.orders.customer_stats(2).orders_count == 1
    assert shop.orders.customer_stats(2).money_spent == "0"
    shop.orders.update(first.id, {"status": "on-hold"}, V3)
    assert shop.orders.downloads_for(2) == []
    shop.orders.update(first.id, {"status": "processing"}, V3)
    assert shop.accounts.users[2].paying is False  # a status update is not a payment
    second = shop.orders.create(
        {"customer_id": 2, "set_paid": True, "line_items": [{"product_id": book.id, "quantity": 2}]}, V3
    )
    assert second.status == "completed"
    assert second.date_completed is not None
    stats = shop.orders.customer_stats(2)
    assert (stats.orders_count, stats.money_spent, stats.last_order_id) == (2, "65.00000000", second.id)
    assert [p.order_id for p, _, _ in shop.orders.downloads_for(2)] == [first.id, second.id]
    shop.orders.update(first.id, {"status": "failed"}, V3)
    assert shop.orders.customer_stats(2).money_spent == "30.00000000"
    assert [p.order_id for p, _, _ in shop.orders.downloads_for(2)] == [second.id]


def test_lists_filter_by_status_customer_product_and_search() -> None:
    shop = Shop()
    alpha, beta = shop.product("Alpha", "10.00"), shop.product("Beta", "3.00")
    statuses = ["pending", "processing", "on-hold", "completed"]
    for n, status in enumerate(statuses):
        shop.orders.create(
            {
                "status": status,
                "customer_id": 2 if n % 2 else 0,
                "billing": {"email": f"buyer{n}@example.org", "city": "Lisboa" if n == 3 else "Porto"},
                "line_items": [{"product_id": alpha.id if n < 2 else beta.id}],
            },
            V3,
        )
    total, page = shop.orders.query(OrderQuery(statuses=["pending", "on-hold"]))
    assert total == 2
    assert [o.id for o in page] == [15, 13]
    assert [o.id for o in shop.orders.query(OrderQuery(customer=0))[1]] == [15, 13]
    assert [o.id for o in shop.orders.query(OrderQuery(product=beta.id))[1]] == [16, 15]
    assert [o.id for o in shop.orders.query(OrderQuery(search="LISBOA"))[1]] == [16]
    assert [o.id for o in shop.orders.query(OrderQuery(include=[16, 13], orderby="include"))[1]] == [16, 13]
    assert [o.id for o in shop.orders.query(OrderQuery(orderby="title"))[1]] == [13, 14, 15, 16]


def test_one_request_tells_listeners_of_each_order_once_with_its_final_state() -> None:
    shop = Shop()
    guide = shop.product("Guide", "3.00", virtual=True, downloadable=True)
    with shop.orders.command():
        order = shop.orders.create({"set_paid": True, "line_items": [{"product_id": guide.id}]}, V3)
        assert shop.events == []  # nothing is told before the request ends
    assert shop.events == [("created", order.id, "completed"), ("updated", order.id, "completed")]
    shop.events.clear()
    with shop.orders.command():
        shop.orders.trash(order.id)
    assert shop.events == [("deleted", order.id, "trash")]


def test_a_command_inside_another_tells_listeners_when_the_outer_one_ends() -> None:
    shop = Shop()
    with shop.orders.command():
        first = shop.orders.create({"fee_lines": [{"name": "Fee", "total": "1"}]}, V3)
        with shop.orders.command():  # a batch's item, a harness call made inside a request
            second = shop.orders.create({"fee_lines": [{"name": "Fee", "total": "2"}]}, V3)
        assert shop.events == []
    assert [(e, i) for e, i, _ in shop.events] == [(e, o.id) for o in (first, second) for e in ("created", "updated")]
    shop.events.clear()

    def failing() -> None:  # a request that fails still ends its command
        with shop.orders.command():
            shop.orders.trash(first.id)
            shop.orders.trash(first.id)  # already in the trash

    with pytest.raises(RestError):
        failing()
    assert shop.events == [("deleted", first.id, "trash")]
    with shop.orders.command():  # and the next one is a command of its own
        shop.orders.trash(second.id)
    assert shop.events[1:] == [("deleted", second.id, "trash")]


def test_a_quantity_change_on_a_paid_order_adjusts_the_stock_it_reduced() -> None:
    shop = Shop()
    widget = shop.product("W", "5.00", manage_stock=True, stock_quantity=10)
    order = shop.orders.create({"set_paid": True, "line_items": [{"product_id": widget.id, "quantity": 2}]}, V3)
    shop.orders.update(order.id, {"line_items": [{"id": order.items[0].id, "quantity": 3}]}, V3)
    assert shop.catalog.products[widget.id].stock_quantity == 7
    assert shop.orders.notes_of(order.id)[-1].content == "Adjusted stock: W (#11) (8&rarr;7)"


def test_an_order_moved_to_another_customer_counts_for_the_new_one() -> None:
    shop = Shop()
    order = shop.orders.create({"customer_id": 2, "fee_lines": [{"name": "Fee", "total": "10"}]}, V3)
    assert shop.orders.customer_stats(2).orders_count == 1
    shop.orders.update(order.id, {"customer_id": 1}, V3)
    assert (shop.orders.customer_stats(2).orders_count, shop.orders.customer_stats(1).orders_count) == (0, 1)
    assert shop.accounts.users[1].last_active  # wc_last_active for the new customer
    assert [o.id for o in shop.orders.query(OrderQuery(customer=1))[1]] == [order.id]


def test_list_pages_read_from_the_kept_status_lists_match_a_plain_sort() -> None:
    """The kept per-status lists follow every change (status moves, trash, deletes, restores), so a
    page read from them is the page a sort of every order gives."""
    import random

    from wcmock.resources.orders.query import _filters, _sort_key

    shop = Shop()
    rng = random.Random(7)
    backend = shop.orders
    statuses = ["pending", "processing", "on-hold", "completed", "cancelled"]

    def plain(q: OrderQuery) -> tuple[int, list[int]]:
        tests = _filters(q)
        found = sorted((o for o in backend.orders.values() if all(t(o) for t in tests)), key=_sort_key(q))
        if q.order == "desc":
            found.reverse()
        return len(found), [o.id for o in found[q.offset : q.offset + q.per_page]]

    def check() -> None:
        for status in (["any"], ["processing"], ["pending", "completed"], ["trash"]):
            for orderby in ("date", "id", "modified"):
                for order in ("asc", "desc"):
                    q = OrderQuery(statuses=status, orderby=orderby, order=order, offset=2, per_page=5)
                    total, page = backend.query(q)
                    assert (total, [o.id for o in page]) == plain(q), (status, orderby, order)
        for q in (
            OrderQuery(statuses=["any"], search="Gift", per_page=3),
            OrderQuery(statuses=["any"], customer=2, per_page=50),
            OrderQuery(statuses=["completed"], customer=1, order="asc", per_page=50),
        ):
            total, page = backend.query(q)
            assert (total, [o.id for o in page]) == plain(q)

    made = []
    for _ in range(30):
        customer = rng.choice([0, 1, 2])
        made.append(backend.create({"customer_id": customer, "fee_lines": [{"name": "Gift", "total": "2.50"}]}, V3).id)
        shop.tick(rng.choice([0, 1, 60]))
    check()
    backend.ids_of_customer(2)  # the customer index exists from here on: kept change by change
    saved = backend.capture()
    for _ in range(40):
        order_id = rng.choice([i for i in made if i in backend.orders])
        action = rng.random()
        if action < 0.45:
            backend.update(order_id, {"status": rng.choice(statuses)}, V3)
        elif action < 0.6:
            backend.update(order_id, {"customer_id": rng.choice([0, 1, 2])}, V3)
        elif action < 0.8 and backend.orders[order_id].status != "trash":
            backend.trash(order_id)
        else:
            backend.delete(order_id)
        shop.tick(rng.choice([0, 5]))
    check()
    backend.restore(saved)
    check()


def test_an_order_key_is_the_letters_random_choice_would_pick_for_the_same_seed() -> None:
    """``key_draws`` makes ``choice``'s draws without its calls: keys for a seed stay what they were."""
    for alphabet in (KEY_ALPHABET, string.digits, "ab", "abc" * 30):
        drawn, chosen = random.Random(7), random.Random(7)
        assert [alphabet[i] for i in key_draws(drawn, len(alphabet), 200)] == [
            chosen.choice(alphabet) for _ in range(200)
        ]
        assert drawn.random() == chosen.random()  # and the stream goes on from the same place


@pytest.mark.parametrize("alphabet", [KEY_ALPHABET, string.digits, "ab", "a", "abc" * 30, "x" * 255])
def test_letters_drawn_word_by_word_at_once_are_those_drawn_one_by_one(alphabet: str) -> None:
    """``key_letters`` gives ``key_draws``'s letters (``choice``'s) and leaves the stream where they do."""
    table = letter_table(alphabet)
    for seed in range(40):
        drawn, chosen = random.Random(seed), random.Random(seed)
        for count in (13, 1, 40):
            assert key_letters(drawn, alphabet, table, count) == "".join(chosen.choice(alphabet) for _ in range(count))
        assert drawn.random() == chosen.random()


def test_a_copied_order_shares_no_mutable_part_with_the_original() -> None:
    shop = Shop()
    order = shop.orders.create(hoodie_order(shop, meta_data=[{"key": "gift", "value": "yes"}]), V3)
    copy = order.copy()
    assert copy == order
    copy.billing["city"] = "Elsewhere"
    copy.shipping["city"] = "Elsewhere"
    copy.meta[0]["value"] = "no"
    copy.items[0].meta.append({"id": 99, "key": "k", "value": "v"})
    copy.items[1].quantity = 7
    copy.items.pop()
    assert (order.billing["city"], order.shipping["city"], order.meta[0]["value"]) == ("", "", "yes")
    assert (order.items[0].meta, order.items[1].quantity, len(order.items)) == ([], 1, 4)
