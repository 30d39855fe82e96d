"""What each API version shows of one product, in view and edit context."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.products_support import CREATE_DEFAULTS, HOME, backend, render
from wcmock.resources.products.models import Meta, Product, ProductDownload
from wcmock.resources.products.rendering import JUDGED_BY_TYPE, SIBLING_FIELDS
from wcmock.resources.products.routes import ProductsResource
from wcmock.resources.products.views import VIEWS, V1View, V2View, V3View
from wcmock.validation import load_schemas

V1_KEYS = {
    "id", "name", "slug", "permalink", "date_created", "date_modified", "type", "status", "featured",
    "catalog_visibility", "description", "short_description", "sku", "price", "regular_price", "sale_price",
    "date_on_sale_from", "date_on_sale_to", "price_html", "on_sale", "purchasable", "total_sales", "virtual",
    "downloadable", "downloads", "download_limit", "download_expiry", "download_type", "external_url",
    "button_text", "tax_status", "tax_class", "manage_stock", "stock_quantity", "in_stock", "backorders",
    "backorders_allowed", "backordered", "sold_individually", "weight", "dimensions", "shipping_required",
    "shipping_taxable", "shipping_class", "shipping_class_id", "reviews_allowed", "average_rating",
    "rating_count", "related_ids", "upsell_ids", "cross_sell_ids", "parent_id", "purchase_note", "categories",
    "tags", "images", "attributes", "default_attributes", "variations", "grouped_products", "menu_order", "brands",
}  # fmt: skip
V2_KEYS = (V1_KEYS - {"download_type"}) | {
    "date_created_gmt", "date_modified_gmt", "date_on_sale_from_gmt", "date_on_sale_to_gmt", "meta_data",
}  # fmt: skip
V3_KEYS = (V2_KEYS - {"in_stock"}) | {"low_stock_amount", "stock_status", "has_options", "post_password",
                                     "global_unique_id"}  # fmt: skip


def tee():  # type: ignore[no-untyped-def]
    products, shell = backend()
    product = products.create(
        {**CREATE_DEFAULTS, "name": "Classic Tee", "regular_price": "15.00", "description": "Cotton tee."}
    )
    return products, shell, product


def test_each_version_has_its_field_set() -> None:
    products, shell, product = tee()
    assert set(V1View().product(product, render(products, shell))) == V1_KEYS
    assert set(V2View().product(product, render(products, shell))) == V2_KEYS
    assert set(V3View().product(product, render(products, shell))) == V3_KEYS
    assert set(V3View().product(product, render(products, shell, "edit"))) == V3_KEYS | {
        "permalink_template",
        "generated_slug",
    }


def test_descriptions_are_rendered_in_view_and_raw_in_edit_from_v2_on() -> None:
    products, shell, product = tee()
    view, edit = render(products, shell), render(products, shell, "edit")
    assert V1View().product(product, edit)["description"] == "<p>Cotton tee.</p>\n"
    assert V2View().product(product, view)["description"] == "<p>Cotton tee.</p>\n"
    assert V2View().product(product, edit)["description"] == "Cotton tee."
    assert (V3View().product(product, view)["average_rating"], V3View().product(product, edit)["average_rating"]) == (
        "0.00",
        "0",
    )


def test_v1_and_v2_show_a_placeholder_image_and_v3_shows_none() -> None:
    products, shell, product = tee()
    (placeholder,) = V2View().product(product, render(products, shell))["images"]
    assert placeholder["src"] == f"{HOME}/wp-content/uploads/woocommerce-placeholder.webp"
    assert (placeholder["id"], placeholder["name"], placeholder["position"]) == (0, "Placeholder", 0)
    assert "date_created_gmt" in placeholder
    assert "date_created_gmt" not in V1View().product(product, render(products, shell))["images"][0]
    assert V3View().product(product, render(products, shell))["images"] == []


def test_sale_dates_per_version() -> None:
    products, shell, product = tee()
    product = products.update(product.id, {"sale_price": "9", "date_on_sale_to": "2030-02-01"})
    assert V1View().product(product, render(products, shell))["date_on_sale_to"] == "2030-02-01"
    v2 = V2View().product(product, render(products, shell))
    assert (v2["date_on_sale_to"], v2["date_on_sale_to_gmt"], v2["date_on_sale_from"]) == (
        "2030-02-01T00:00:00",
        "2030-02-01T00:00:00",
        None,
    )
    assert v2["on_sale"] is True


def test_permalinks_and_edit_hints() -> None:
    products, shell, product = tee()
    edit = render(products, shell, "edit")
    body = V3View().product(product, edit)
    assert body["permalink"] == f"{HOME}/product/classic-tee/"
    assert (body["permalink_template"], body["generated_slug"]) == (f"{HOME}/product/%pagename%/", "classic-tee")
    draft = products.update(product.id, {"status": "draft"})
    assert V3View().product(draft, edit)["permalink"] == f"{HOME}/?post_type=product&p=11"


def test_meta_values_read_back_as_strings() -> None:
    products, shell, product = tee()
    product = products.update(product.id, {"meta_data": [{"key": "n", "value": 5}, {"key": "on", "value": True}]})
    meta = V2View().product(product, render(products, shell))["meta_data"]
    assert [(m["key"], m["value"]) for m in meta] == [("n", "5"), ("on", "1")]


def test_categories_show_name_and_slug_in_name_order() -> None:
    products, shell, product = tee()
    zed, able = products.add_term("Zed"), products.add_term("Able")
    product = products.update(product.id, {"categories": [{"id": zed.id}, {"id": able.id}]})
    assert V3View().product(product, render(products, shell))["categories"] == [
        {"id": 17, "name": "Able", "slug": "able"},
        {"id": 16, "name": "Zed", "slug": "zed"},
    ]


def test_writable_drops_what_a_version_does_not_read() -> None:
    body = {"in_stock": False, "stock_status": "outofstock", "meta_data": [], "low_stock_amount": 3}
    assert V1View().writable(body) == {"in_stock": False}
    assert V2View().writable(body) == {"in_stock": False, "meta_data": []}
    assert V3View().writable(body) == {"stock_status": "outofstock", "meta_data": [], "low_stock_amount": 3}


def test_only_identity_and_extras_show_the_fields_a_sibling_may_differ_in() -> None:
    """A product rendered from a sibling's rendering (``rendering.sibling``) takes every part of the
    sibling's but ``identity``, ``extras``, ``_links`` and the related ids: no other part of any
    version's view may show a field the two may differ in (``rendering.SIBLING_FIELDS``)."""
    products, shell, product = tee()
    later = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    others = {
        "id": 99,
        "name": "Other tee",
        "slug": "other-tee",
        "sku": "OT-1",
        "date_created": later,
        "date_modified": later,
        "description": "Linen.",
        "short_description": "Light.",
        "global_unique_id": "123",
        "post_password": "secret",
        "meta": (Meta(7, "colour", "red"),),
    }
    assert set(others) == set(SIBLING_FIELDS)
    kinds = [
        product,
        product.evolve(sale_price="9", price="9", date_on_sale_to=later, manage_stock=True, stock_quantity=3),
        product.evolve(type="external", external_url="https://example.com/tee", button_text="Buy", virtual=True),
        product.evolve(type="variable", price="", regular_price="", children=(40, 41), image_ids=(4,)),
        product.evolve(downloadable=True, downloads=(ProductDownload("d1", "Manual", "https://example.com/m.pdf"),)),
    ]
    for view in (V1View(), V2View(), V3View()):
        for context in ("view", "edit"):
            r = render(products, shell, context)
            for kind in kinds:
                for name, value in others.items():
                    other = kind.evolve(**{name: value})
                    for part in (view.prices, view.downloads, view.stock, view.relations):
                        assert _without_related(part(kind, r)) == _without_related(part(other, r)), (view, name)
                    assert view.shipping(kind) == view.shipping(other)


def _without_related(part: dict) -> dict:  # type: ignore[type-arg]
    return {k: v for k, v in part.items() if k != "related_ids"}


TYPE_ONLY = {"description", "readOnly", "type", "items", "context"}


def test_the_values_a_sibling_is_not_checked_for_are_judged_by_their_type_alone() -> None:
    """``rendering.sibling`` checks no value of a ``JUDGED_BY_TYPE`` property that has the type of
    the template's (checked) one, and no ``_links`` that differ from the template's only in their
    ``href`` strings: every version's schema, in each context, says nothing else of them."""
    schemas = load_schemas()
    for version in ("v1", "v2", "v3"):
        for context in ("view", "edit"):
            properties = schemas[f"{version}/product.{context}.json"]["properties"]
            for name in JUDGED_BY_TYPE & properties.keys():
                rule = properties[name]
                assert set(rule) <= TYPE_ONLY, (version, context, name)
                assert isinstance(rule["type"], str), (version, context, name)
                assert set(rule.get("items", {})) <= {"type"}, (version, context, name)
            assert properties["_links"] == {"$ref": "../common/product-links.json"}
    assert schemas["common/link.json"]["properties"]["href"] == {"type": "string"}


@cache
def resource_of(version: str) -> ProductsResource:
    return ProductsResource(version, VIEWS[version]())


class Caller:
    """What ``ProductsResource.links`` reads of a request: the API's root and the caller's role."""

    def __init__(self, home: str, role: str | None) -> None:
        self.api_root = f"{home}/wp-json"
        self.user = None if role is None else SimpleNamespace(role=role)


@settings(deadline=None)  # a loaded machine's first example may take longer than the default
@given(
    st.sampled_from(["v1", "v2", "v3"]),
    st.sampled_from(["http://shop.test", "https://example.org/shop"]),
    st.sampled_from([None, "administrator", "shop_manager", "customer"]),
    st.integers(0, 3),
    st.integers(1, 50),
    st.integers(1, 50),
)
def test_a_sibling_s_links_are_the_template_s_with_its_own_self_href(
    version: str, home: str, role: str | None, parent: int, one: int, other: int
) -> None:
    """``ProductsResource.links_from``: the links of a product with the template's parent, made for
    a caller of the template's audience, are the template's but for the self link's ``href`` (the
    one part ``rendering.sibling`` takes without a check, a string judged by its type)."""
    resource = resource_of(version)
    caller: Any = Caller(home, role)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    first, second = (
        Product(id=i, name="", date_created=moment, date_modified=moment, parent_id=parent) for i in (one, other)
    )
    kept = resource.links(caller, first)
    made = resource.links_from(caller, second, kept)
    assert made == resource.links(caller, second)
    assert kept == resource.links(caller, first)  # the template's links are left as they were
    assert type(made["self"][0]["href"]) is str
