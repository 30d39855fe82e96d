"""Products in fixture files: loaded through the write rules, dumped back, generated from a seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.products_support import backend
from wcmock.errors import RestError
from wcmock.resources.products.seed import dump_product, generate_products, load_categories, load_products


def test_fixture_products_go_through_the_write_rules() -> None:
    products, _ = backend()
    load_categories(products, [{"id": 20, "name": "Clothing"}])
    (tee, mug) = load_products(
        products,
        [
            {"id": 30, "name": "Tee", "regular_price": "15", "sale_price": "20", "categories": [{"id": 20}],
             "total_sales": 4, "date_created_gmt": "2025-05-01T10:00:00"},
            {"name": "Mug", "sku": "MUG"},
        ],
    )  # fmt: skip
    assert (tee.id, tee.slug, tee.sale_price, tee.price, tee.total_sales) == (30, "tee", "", "15", 4)
    assert tee.category_ids == (20,)
    assert tee.date_created.isoformat() == "2025-05-01T10:00:00+00:00"
    assert (mug.id, mug.category_ids) == (31, (15,))  # the post sequence moved past the explicit 30


def test_a_fixture_breaking_a_rule_is_refused() -> None:
    products, _ = backend()
    with pytest.raises(RestError, match="product_invalid_sku"):
        load_products(products, [{"sku": "A"}, {"sku": "a"}])
    with pytest.raises(ValueError, match="used twice"):
        load_products(products, [{"id": 40}, {"id": 40}])


def test_a_dumped_product_loads_back_the_same() -> None:
    products, _ = backend()
    (original,) = load_products(
        products,
        [{"name": "Song", "regular_price": "1.99", "virtual": True, "downloadable": True,
          "downloads": [{"name": "Song", "file": "https://f.example/song.mp3"}], "manage_stock": True,
          "stock_quantity": 3, "meta_data": [{"key": "colour", "value": "red"}]}],
    )  # fmt: skip
    again, _ = backend()
    (copy,) = load_products(again, [dump_product(original)])
    assert dump_product(copy) == dump_product(original)


def test_a_generated_catalogue_is_the_same_for_the_same_seed() -> None:
    first, _ = backend()
    second, _ = backend()
    made = generate_products(first, count=30, seed=7)
    assert [dump_product(p) for p in made] == [dump_product(p) for p in generate_products(second, count=30, seed=7)]
    assert len({p.sku for p in made}) == 30
    assert all(p.price for p in made)
    assert {t.name for t in first.terms()} >= {"Uncategorized", "Clothing", "Accessories"}


def test_wcmock_generate_products_writes_a_catalogue_that_loads_back(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wcmock import cli
    from wcmock.fixtures import build_store
    from wcmock.resources.products.backend import products_of

    args = ["generate", "--count", "2", "--products", "25", "--seed", "3"]
    first, again = CliRunner().invoke(cli.main, args), CliRunner().invoke(cli.main, args)
    assert first.exit_code == 0, first.output
    assert first.output == again.output  # the same seed, the same file
    fixture = json.loads(first.output)
    assert len(fixture["products"]) == 25
    assert {p["sku"] for p in fixture["products"]} == {f"SKU-3-{n:05d}" for n in range(1, 26)}
    path = tmp_path / "shop.json"
    path.write_text(first.output)
    loaded = products_of(build_store([str(path)]))
    assert sorted(p.sku for p in loaded) == sorted(p["sku"] for p in fixture["products"])
