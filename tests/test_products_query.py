"""Which products a list keeps and in which order, with the catalogue the list recording builds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.products_support import CREATE_DEFAULTS, backend
from wcmock.resources.products.backend import ProductsBackend
from wcmock.resources.products.query import ProductQuery, from_params, select


@pytest.fixture
def catalogue() -> ProductsBackend:
    """Hardware (16) and Books (17), ten products made on ten consecutive days (ids 11-20)."""
    products, _ = backend()
    hardware, books = products.add_term("Hardware").id, products.add_term("Books").id
    items = [
        {"name": "Hammer", "regular_price": "12.00", "sku": "HW-HAMMER", "categories": [{"id": hardware}],
         "manage_stock": True, "stock_quantity": 8},
        {"name": "Anvil", "regular_price": "150.00", "sale_price": "120.00", "categories": [{"id": hardware}]},
        {"name": "Chisel", "regular_price": "7.50", "stock_status": "outofstock", "categories": [{"id": hardware}]},
        {"name": "Drill (prototype)", "regular_price": "89.00", "status": "draft", "categories": [{"id": hardware}]},
        {"name": "Zen Garden", "regular_price": "5.00", "sku": "BK-ZEN", "virtual": True, "downloadable": True,
         "categories": [{"id": books}]},
        {"name": "Bread Baking", "regular_price": "18.00", "sale_price": "9.00", "categories": [{"id": books}],
         "description": "Sourdough and more."},
        {"name": "Atlas (hardcover)", "regular_price": "35.00", "stock_status": "onbackorder",
         "categories": [{"id": books}]},
        {"name": "Internal Manual", "regular_price": "0.00", "status": "private", "categories": [{"id": books}]},
        {"name": "Gift Card", "regular_price": "25.00", "virtual": True},
        {"name": "Mystery Box", "regular_price": "40.00"},
    ]  # fmt: skip
    for day, item in enumerate(items, start=1):
        products.create({**CREATE_DEFAULTS, **item, "date_created_gmt": f"2024-03-{day:02d}T10:00:00"})
    return products


def ids(products: ProductsBackend, **params: object) -> list[int]:
    return [p.id for p in products.query(from_params(params, version="v3"))[1]]


def test_the_default_list_is_newest_first_and_leaves_out_nothing_but_trash(catalogue: ProductsBackend) -> None:
    assert ids(catalogue) == [20, 19, 18, 17, 16, 15, 14, 13, 12, 11]
    catalogue.trash(20)
    assert ids(catalogue)[0] == 19
    assert ids(catalogue, status="trash") == [20]


def test_paging_and_offset(catalogue: ProductsBackend) -> None:
    total, page = catalogue.query(ProductQuery(per_page=3, page=2))
    assert (total, [p.id for p in page]) == (10, [17, 16, 15])
    assert ids(catalogue, offset=8, per_page=5) == [12, 11]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "bread"}, [16]),
        ({"search": "sourdough"}, [16]),  # descriptions are searched too
        ({"search": "hammer -anvil"}, [11]),
        ({"sku": "HW-HAMMER,bk-zen"}, [15, 11]),
        ({"status": "draft"}, [14]),
        ({"category": "16"}, [14, 13, 12, 11]),
        ({"category": "17,16", "per_page": 3}, [18, 17, 16]),
        ({"on_sale": True}, [16, 12]),
        ({"on_sale": False}, [20, 19, 18, 17, 15, 14, 13, 11]),
        ({"min_price": "10", "max_price": "40"}, [20, 19, 17, 11]),
        ({"max_price": "5"}, [18, 15]),
        ({"stock_status": "outofstock"}, [13]),
        ({"include": [19, 11, 15]}, [19, 15, 11]),
        ({"include": [15, 11, 19], "orderby": "include"}, [15, 11, 19]),
        ({"include": [15], "exclude": [15]}, [15]),  # include wins
        ({"exclude": [11, 12, 13, 14, 15]}, [20, 19, 18, 17, 16]),
        ({"virtual": True}, [19, 15]),
        ({"search_name_or_sku": "zen"}, [15]),
        ({"search_sku": "hw-"}, [11]),
    ],
)
def test_filters(catalogue: ProductsBackend, params: dict[str, object], expected: list[int]) -> None:
    assert ids(catalogue, **params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"orderby": "id", "order": "asc", "per_page": 4}, [11, 12, 13, 14]),
        ({"orderby": "title", "order": "asc"}, [12, 17, 16, 13, 14, 19, 11, 18, 20, 15]),
        ({"orderby": "price", "order": "asc"}, [18, 15, 13, 16, 11, 19, 17, 20, 14, 12]),
        ({"orderby": "popularity", "order": "asc", "per_page": 4}, [20, 19, 18, 17]),  # always descending
        ({"orderby": "slug", "order": "desc"}, [15, 20, 18, 11, 19, 13, 16, 17, 12, 14]),
        ({"orderby": "date", "order": "asc", "per_page": 4}, [11, 12, 13, 14]),
    ],
)
def test_orders(catalogue: ProductsBackend, params: dict[str, object], expected: list[int]) -> None:
    assert ids(catalogue, **params) == expected


def test_v2_does_not_sort_by_price(catalogue: ProductsBackend) -> None:
    query = from_params({"orderby": "price", "order": "asc"}, version="v2")
    assert query.orderby == "date"


def test_popularity_follows_sales(catalogue: ProductsBackend) -> None:
    catalogue.record_sales(13, 5)
    assert ids(catalogue, orderby="popularity", per_page=2) == [13, 20]


def test_dates_filter_on_creation(catalogue: ProductsBackend) -> None:
    after = datetime(2024, 3, 8, 12, tzinfo=UTC)
    assert ids(catalogue, after=after) == [20, 19]


PARAMS = [
    {},
    {"orderby": "title", "order": "asc"},
    {"orderby": "price", "order": "desc", "category": "16"},
    {"search": "a", "orderby": "slug"},
    {"status": "trash"},
    {"on_sale": True, "orderby": "id"},
    {"stock_status": "instock", "orderby": "modified", "order": "asc"},
    {"include": [12, 11, 99], "orderby": "include"},
    {"exclude": [11], "type": "simple", "per_page": 3, "page": 2},
]


def plain(products: ProductsBackend, params: dict[str, object]) -> tuple[int, list[int]]:
    """The same query with no kept index: sorted and filtered from scratch."""
    total, page = select(products.state.products, from_params(params, version="v3"), on_sale_ids=products.on_sale_ids)
    return total, [p.id for p in page]


def kept(products: ProductsBackend, params: dict[str, object]) -> tuple[int, list[int]]:
    total, page = products.query(from_params(params, version="v3"))
    return total, [p.id for p in page]


def test_kept_indexes_answer_like_a_fresh_sort_before_and_after_changes(catalogue: ProductsBackend) -> None:
    for params in PARAMS:
        assert kept(catalogue, params) == plain(catalogue, params), params
    catalogue.update(11, {"name": "Zebra", "regular_price": "1", "sale_price": "0.5", "categories": [{"id": 17}]})
    catalogue.update(12, {"stock_status": "outofstock", "status": "draft"})
    catalogue.trash(13)
    catalogue.delete(14)
    catalogue.create({**CREATE_DEFAULTS, "name": "Late", "regular_price": "3", "categories": [{"id": 16}]})
    for params in PARAMS:
        assert kept(catalogue, params) == plain(catalogue, params), params
    saved = catalogue.capture()
    catalogue.delete(15)
    catalogue.restore(saved)
    for params in PARAMS:
        assert kept(catalogue, params) == plain(catalogue, params), params
