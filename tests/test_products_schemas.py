"""The products schemas, generated from what a store publishes, hold every product wcmock renders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.products_support import CREATE_DEFAULTS, backend, render
from wcmock.resources.products.schemas import files
from wcmock.resources.products.views import VIEWS

COMMON = Path(__file__).resolve().parent.parent / "schemas" / "common"


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    docs = files()
    for path in COMMON.glob("*.json"):
        doc = json.loads(path.read_text())
        docs.setdefault(doc["$id"].split("/schemas/")[1], doc)
    registry: Registry[Any] = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in docs.values()
    )
    return {name: Draft202012Validator(doc, registry=registry) for name, doc in docs.items()}


def problems(validator: Draft202012Validator, body: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


BODIES = [
    {"name": "Plain"},
    {"name": "Tee", "regular_price": "15", "sale_price": "12", "date_on_sale_to": "2031-01-01", "sku": "T"},
    {"name": "Song", "virtual": True, "downloadable": True, "downloads": [{"name": "s", "file": "https://f.x/s"}]},
    {"name": "Boxed", "manage_stock": True, "stock_quantity": 3, "weight": "2", "images": [{"id": 4}]},
    {"name": "Sized", "attributes": [{"name": "Size", "options": ["S", "M"], "visible": True}]},
    {"name": "Meta", "meta_data": [{"key": "a", "value": {"nested": [1]}}, {"key": "b", "value": 5}]},
    {"name": "Draft", "status": "draft", "regular_price": "1"},
]


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
@pytest.mark.parametrize("context", ["view", "edit"])
def test_every_rendered_product_fits_its_schema(
    validators: dict[str, Draft202012Validator], version: str, context: str
) -> None:
    products, shell = backend()
    view = VIEWS[version]()
    for body in BODIES:
        product = products.create({**CREATE_DEFAULTS, **body})
        data = view.product(product, render(products, shell, context))
        data["_links"] = {"self": [{"href": "x"}], "collection": [{"href": "y"}]}
        assert problems(validators[f"{version}/product.{context}.json"], data) == [], body
    trashed = products.trash(11)
    data = view.product(trashed, render(products, shell, context))
    data["_links"] = {"self": [{"href": "x"}], "collection": [{"href": "y"}]}
    assert problems(validators[f"{version}/product.{context}.json"], data) == []


def test_the_schemas_are_strict_about_what_wcmock_sends(validators: dict[str, Draft202012Validator]) -> None:
    products, shell = backend()
    data = VIEWS["v3"]().product(products.create({**CREATE_DEFAULTS, "name": "x"}), render(products, shell))
    data["_links"] = {"self": [{"href": "x"}], "collection": [{"href": "y"}]}
    assert problems(validators["v3/product.view.json"], {**data, "price": 5}) == [
        "['price']: 5 is not of type 'string'"
    ]
    assert problems(validators["v3/product.view.json"], {**data, "in_stock": True}) != []  # v1/v2 only
    assert "permalink_template" not in validators["v3/product.view.json"].schema["properties"]
    assert "permalink_template" in validators["v3/product.edit.json"].schema["properties"]
