"""The short ways a checkout's order takes are the long ways' answers: a new line sent as
``{"product_id": N, "quantity": Q}`` is the line ``prepare`` makes, and totals are WooCommerce's sums."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.orders.shop import Shop
from wcmock.resources.orders.backend import APPLIED_KEYS, Actor
from wcmock.resources.orders.items import LineTemplates, prepare, simple_line
from wcmock.resources.orders.models import FEE, LINE, SHIPPING, Item, Order
from wcmock.resources.orders.money import php_round, php_string, to_float
from wcmock.resources.orders.totals import calculate_totals
from wcmock.resources.orders.views import V3OrderView

SHOP = Shop()
PRICES = ["45.00", "10.005", "", "0", "7", "19.99", "3.333"]
for n, price in enumerate(PRICES):
    SHOP.product(f"Thing {n}", price, tax_class="reduced-rate" if n % 2 else "")
PARENT = SHOP.product("Shirt", "20.00")
SHOP.product("Shirt - S", "21.50", type="variation", parent_id=PARENT.id)
KNOWN = sorted(SHOP.catalog.products)


def fields(item: Item) -> tuple[object, ...]:
    return (item.kind, item.name, item.product_id, item.variation_id, item.quantity, item.tax_class, item.subtotal,
            item.total, item.meta)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    product_id=st.one_of(st.sampled_from(KNOWN), st.integers(-3, 10_000)),
    quantity=st.one_of(st.none(), st.integers(-5, 50)),
)
def test_a_simple_line_is_the_line_prepare_makes(product_id: int, quantity: int | None) -> None:
    posted: dict[str, object] = {"product_id": product_id}
    if quantity is not None:
        posted["quantity"] = quantity
    simple = simple_line(SHOP.catalog, posted)
    if not product_id or quantity == 0:
        assert simple is None  # no product (an error) or a removal: the long way decides
        return
    assert simple is not None
    expected = fields(prepare(SHOP.catalog, LINE, posted, None, lambda: 0))
    assert fields(simple) == expected
    kept: LineTemplates = {}
    first, again = simple_line(SHOP.catalog, posted, kept), simple_line(SHOP.catalog, posted, kept)
    assert first is not None
    assert again is not None
    assert first is not again
    assert fields(first) == fields(again) == expected


def test_a_kept_line_follows_its_products_changes() -> None:
    shop = Shop()
    hoodie = shop.product("Hoodie", "45.00")
    kept: LineTemplates = {}
    before = simple_line(shop.catalog, {"product_id": hoodie.id, "quantity": 2}, kept)
    assert before is not None
    assert before.total == "90"
    shop.catalog.products[hoodie.id] = replace(hoodie, name="Hood", price="40.00")
    line = simple_line(shop.catalog, {"product_id": hoodie.id, "quantity": 2}, kept)
    assert line is not None
    assert (line.name, line.total) == ("Hood", "80")


def test_anything_else_takes_the_long_way() -> None:
    for posted in ({"product_id": "11", "quantity": 1}, {"product_id": 11, "quantity": True}, {"product_id": 11.0}):
        assert simple_line(SHOP.catalog, posted) is None


AMOUNTS = st.one_of(
    st.sampled_from(["0", "-0", "10.005", "30.015", "-5", "1e3", "abc", "0.1", "0.2", "-21.25"]),
    st.floats(-1e6, 1e6, allow_nan=False).map(php_string),
)


def reference_totals(order: Order) -> tuple[str, ...]:
    """``calculate_totals`` as first written: kind by kind, sums from zero."""
    lines = [i for i in order.items if i.kind == LINE]
    cart_subtotal = 0.0
    cart_total = 0.0
    for line in lines:
        cart_subtotal += to_float(line.subtotal)
        cart_total += to_float(line.total)
    shipping_total = 0.0
    for line in order.items:
        if line.kind == SHIPPING:
            shipping_total += php_round(line.total, 2)
    fees_total = 0.0
    fees = []
    for fee in (i for i in order.items if i.kind == FEE):
        amount, total = to_float(fee.total), fee.total
        if amount < 0:
            max_discount = php_round(cart_total + fees_total + shipping_total, 2) * -1
            if amount < max_discount < 0:
                total = php_string(max_discount)
        fees.append(total)
        fees_total += to_float(total)
    return (
        php_string(shipping_total),
        php_string(php_round(cart_subtotal - cart_total, 2)),
        php_string(php_round(cart_total + fees_total + shipping_total, 2)),
        *fees,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([LINE, SHIPPING, FEE]), AMOUNTS, AMOUNTS), max_size=8))
def test_totals_are_the_item_by_item_sums(items: list[tuple[str, str, str]]) -> None:
    for _ in range(2):  # the second time, an order without fees takes the kept totals
        order = Order(1, "", SHOP.clock, SHOP.clock, items=[Item(0, kind, subtotal=a, total=b) for kind, a, b in items])
        expected = reference_totals(order)
        calculate_totals(order)
        fees = [i.total for i in order.items if i.kind == FEE]
        assert (order.shipping_total, order.discount_total, order.total, *fees) == expected
        assert (order.discount_tax, order.shipping_tax, order.cart_tax, order.total_tax) == ("0", "0", "0", "0")


def test_an_update_that_cannot_touch_the_items_shares_them_and_any_other_copies_them() -> None:
    shop = Shop()
    hoodie = shop.product("Hoodie", "45.00", manage_stock=True, stock_quantity=5)
    order = shop.orders.create({"line_items": [{"product_id": hoodie.id, "quantity": 2}]}, Actor())
    noted = shop.orders.update(order.id, {"customer_note": "Ring twice", "status": "pending"}, Actor())
    assert noted.items[0] is order.items[0]  # nothing could change it: shared, as a capture shares it
    paid = shop.orders.update(order.id, {"status": "processing"}, Actor())
    assert paid.items[0] is not noted.items[0]
    assert paid.items[0].meta_value("_reduced_stock") == "2"
    assert noted.items[0].meta == []  # the stored record before it is as it was


def test_a_kept_line_rendering_follows_its_products_changes() -> None:
    shop = Shop()
    hoodie = shop.product("Hoodie", "45.00", sku="HOOD-1")
    view = V3OrderView(shop.orders, lambda moment: moment)
    first = shop.orders.create({"line_items": [{"product_id": hoodie.id, "quantity": 2}]}, Actor())
    second = shop.orders.create({"line_items": [{"product_id": hoodie.id, "quantity": 2}]}, Actor())
    a, b = (view.order(o, dp=2, home="http://shop.test")["line_items"][0] for o in (first, second))
    assert (a["id"], b["id"]) == (first.items[0].id, second.items[0].id)
    assert {**a, "id": 0} == {**b, "id": 0}
    assert a["image"] is not b["image"]
    shop.catalog.products[hoodie.id] = replace(hoodie, sku="HOOD-2", image_id=7)
    again = view.order(second, dp=2, home="http://shop.test")["line_items"][0]
    assert (again["sku"], again["image"]["id"]) == ("HOOD-2", 7)


class _Reads(dict[str, object]):
    """A body that notes every key read of it (the way ``_apply`` reads one)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> object:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)


def test_a_body_of_none_of_the_applied_keys_is_one_apply_never_reads() -> None:
    """``_apply`` returns at once for a body sending none of ``APPLIED_KEYS`` (a status alone):
    every key it reads, in a body sending them all, is one of them."""
    shop = Shop()
    hoodie = shop.product("Hoodie", "45.00")
    order = shop.orders.create({"line_items": [{"product_id": hoodie.id, "quantity": 2}]}, Actor())
    body = _Reads(
        billing={"first_name": "Ann"}, shipping={"city": "Oslo"}, line_items=[{"product_id": hoodie.id}],
        shipping_lines=[], fee_lines=[], coupon_lines=[], meta_data=[{"key": "k", "value": "v"}],
        customer_note="Ring", currency="EUR", payment_method="bacs", payment_method_title="Bank",
        transaction_id="t1", customer_id=0, parent_id=0, status="completed", id=order.id, set_paid=False,
    )  # fmt: skip
    for version in ("v1", "v3"):
        shop.orders._apply(order.copy(), body, Actor(version=version), creating=False, removed=[])
    assert body.read <= APPLIED_KEYS
    draft = order.copy()
    shop.orders._apply(draft, {"status": "completed", "id": order.id, "set_paid": True}, Actor(), creating=False)
    assert draft == order
