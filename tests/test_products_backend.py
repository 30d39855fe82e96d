"""The products backend without a server: WooCommerce's write rules, ids, trash, stock and snapshots.

Ids come from the store shell (``products_support.Shell``): the first product is 11, as on the
recording store, and a failed create takes no id unless WooCommerce had already written the post.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.products_support import CREATE_DEFAULTS, backend
from wcmock.errors import RestError
from wcmock.resources.products import rules
from wcmock.resources.products.backend import ProductsBackend
from wcmock.resources.products.models import Meta, Product


def create(products: ProductsBackend, **fields: object) -> Product:
    return products.create({**CREATE_DEFAULTS, **fields})


def error_of(excinfo: pytest.ExceptionInfo[RestError]) -> dict[str, object]:
    return excinfo.value.body()


def test_a_new_product_gets_the_next_post_id_and_the_default_category() -> None:
    products, shell = backend()
    widget = create(products, name="Widget", regular_price="10")
    assert (widget.id, widget.slug, widget.status, widget.price) == (11, "widget", "publish", "10")
    assert widget.category_ids == (15,)
    assert create(products, name="Gadget").id == 12
    assert shell.post_id == 13


def test_a_product_without_a_name_is_called_product() -> None:
    products, _ = backend()
    assert (create(products).name, products.get(11).slug) == ("Product", "product")  # type: ignore[union-attr]


def test_slugs_are_unique_among_products() -> None:
    products, _ = backend()
    assert [create(products, name="Mug").slug for _ in range(3)] == ["mug", "mug-2", "mug-3"]
    assert create(products, name="x", slug="Custom Slug!").slug == "custom-slug"


def test_a_draft_has_no_slug_until_it_is_published_and_keeps_it_afterwards() -> None:
    products, _ = backend()
    drill = create(products, name="Drill (prototype)", status="draft")
    assert drill.slug == ""
    published = products.update(drill.id, {"status": "publish"})
    assert published.slug == "drill-prototype"
    assert products.update(drill.id, {"status": "draft"}).slug == "drill-prototype"


def test_a_duplicate_sku_is_refused_before_an_id_is_taken() -> None:
    products, shell = backend()
    create(products, name="Mug", sku="MUG-1")
    with pytest.raises(RestError) as excinfo:
        create(products, name="Mug 2", sku="mug-1")  # SKUs clash whatever their case
    assert error_of(excinfo) == {
        "code": "product_invalid_sku",
        "message": "Invalid or duplicated SKU.",
        "data": {"status": 400, "resource_id": 11, "unique_sku": "mug-1-1"},
    }
    assert shell.post_id == 12


def test_the_suggested_sku_skips_suffixes_already_taken() -> None:
    products, _ = backend()
    create(products, sku="A")
    create(products, sku="A-1")
    with pytest.raises(RestError) as excinfo:
        create(products, sku="A")
    assert error_of(excinfo)["data"] == {"status": 400, "resource_id": 11, "unique_sku": "A-2"}


def test_v1_writes_the_post_first_so_a_duplicate_sku_still_uses_an_id() -> None:
    products, shell = backend()
    create(products, sku="TEE")
    with pytest.raises(RestError):
        products.create({**CREATE_DEFAULTS, "sku": "TEE"}, insert_first=True)
    assert (len(products), shell.post_id) == (1, 13)


def test_a_sku_held_by_a_trashed_product_fails_after_the_insert() -> None:
    products, shell = backend()
    products.trash(create(products, sku="DEL").id)
    with pytest.raises(RestError) as excinfo:
        create(products, sku="DEL")
    assert error_of(excinfo) == {
        "code": "woocommerce_rest_product_not_created",
        "message": "The product with SKU (DEL) you are trying to insert is already present in the lookup table",
        "data": {"status": 400},
    }
    assert (len(products), shell.post_id) == (1, 13)
    other = create(products, sku="OTHER")
    assert products.update(other.id, {"sku": "DEL"}).sku == "DEL"  # an update may take it


def test_prices_and_sales() -> None:
    products, _ = backend()
    tee = create(products, regular_price="15.00")
    assert products.update(tee.id, {"sale_price": "12.00"}).price == "12.00"
    too_high = products.update(tee.id, {"sale_price": "20"})
    assert (too_high.sale_price, too_high.price) == ("", "15.00")
    ended = products.update(tee.id, {"sale_price": "9", "date_on_sale_to": "2020-01-01"})
    assert (ended.sale_price, ended.price) == ("9", "15.00")
    assert products.update(tee.id, {"regular_price": "1,5"}).regular_price == "15"


def test_a_scheduled_sale_starts_later() -> None:
    products, shell = backend()
    later = (shell.now() + timedelta(days=2)).strftime("%Y-%m-%d")
    tee = create(products, regular_price="15", sale_price="10", date_on_sale_from=later)
    assert tee.price == "15"
    assert tee.date_on_sale_from is not None
    assert tee.date_on_sale_from.hour == 0


def test_stock_status_follows_the_quantity_when_stock_is_managed() -> None:
    products, _ = backend()
    hoodie = create(products, manage_stock=True, stock_quantity=2, stock_status="outofstock")
    assert (hoodie.stock_quantity, hoodie.stock_status) == (2, "instock")
    assert products.update(hoodie.id, {"stock_quantity": 0}).stock_status == "outofstock"
    backorder = products.update(hoodie.id, {"backorders": "notify"})
    assert (backorder.stock_status, backorder.backordered) == ("onbackorder", True)
    plain = products.update(hoodie.id, {"manage_stock": False, "stock_status": "instock"})
    assert (plain.stock_quantity, plain.backorders, plain.stock_status) == (None, "no", "instock")


def test_external_products_cannot_manage_stock() -> None:
    products, _ = backend()
    with pytest.raises(RestError) as excinfo:
        create(products, type="external", manage_stock=True)
    assert error_of(excinfo)["code"] == "product_external_invalid_manage_stock"


def test_virtual_clears_weight_and_dimensions() -> None:
    products, _ = backend()
    box = create(products, weight="2", dimensions={"length": "1", "width": "2", "height": "3"})
    assert (box.weight, box.length) == ("2", "1")
    service = products.update(box.id, {"virtual": True})
    assert (service.weight, service.length, service.width, service.height) == ("", "", "", "")


def test_downloads_get_uuids_and_names_from_their_files() -> None:
    products, _ = backend()
    song = create(products, downloadable=True, downloads=[{"name": "", "file": "https://f.example/a/song.mp3"}, {}])
    (download,) = song.downloads
    assert (download.name, download.file, len(download.id)) == ("song.mp3", "https://f.example/a/song.mp3", 36)
    ignored = create(products, downloads=[{"name": "x", "file": "https://f.example/x"}])
    assert ignored.downloads == ()


def test_unknown_categories_are_dropped_and_leave_the_default() -> None:
    products, _ = backend()
    clothing = products.add_term("Clothing")
    assert clothing.id == 16
    mug = create(products, categories=[{"id": 9999}])
    assert mug.category_ids == (15,)
    assert products.update(mug.id, {"categories": [{"id": str(clothing.id)}]}).category_ids == (16,)


def test_trash_renames_the_slug_and_restoring_by_status_gives_it_back() -> None:
    products, _ = backend()
    svc = create(products, name="Setup Service", sku="SVC")
    trashed = products.trash(svc.id)
    assert (trashed.status, trashed.slug) == ("trash", "setup-service__trashed")
    assert [m.key for m in trashed.meta] == ["_wp_trash_meta_status", "_wp_trash_meta_time", "_wp_desired_post_slug"]
    with pytest.raises(RestError) as excinfo:
        products.trash(svc.id)
    assert (excinfo.value.code, excinfo.value.status) == ("woocommerce_rest_already_trashed", 410)
    restored = products.update(svc.id, {"status": "publish"})
    assert restored.slug == "setup-service"
    assert [m.key for m in restored.meta] == ["_wp_trash_meta_status", "_wp_trash_meta_time"]


def test_a_deleted_product_is_gone_and_its_id_is_not_reused() -> None:
    products, _ = backend()
    create(products)
    gone = create(products, sku="GONE")
    products.delete(gone.id)
    assert products.get(gone.id) is None
    assert products.by_sku("GONE") is None
    assert create(products, sku="GONE").id == 13
    with pytest.raises(RestError) as excinfo:
        products.delete(99)
    assert (excinfo.value.code, excinfo.value.status) == ("woocommerce_rest_product_invalid_id", 404)


def test_every_save_refreshes_date_modified_and_tells_the_listeners() -> None:
    products, shell = backend()
    mug = create(products)
    shell.tick(5)
    assert products.update(mug.id, {}).date_modified == mug.date_modified + timedelta(seconds=5)
    products.trash(mug.id)
    products.delete(mug.id)
    assert shell.events == [("created", 11), ("updated", 11), ("deleted", 11)]  # a force delete fires nothing


def test_orders_move_stock_and_sales() -> None:
    products, shell = backend()
    hoodie = create(products, name="Hoodie", sku="HOOD-1", manage_stock=True, stock_quantity=10)
    change = products.change_stock(hoodie.id, -2)
    assert change is not None
    assert (change.formatted_name, change.old, change.new) == ("Hoodie (HOOD-1)", 10, 8)
    assert products.change_stock(create(products, name="Cap").id, -1) is None  # stock not managed
    products.record_sales(hoodie.id, 2)
    products.record_sales(hoodie.id, -3)
    after = products.get(hoodie.id)
    assert after is not None
    assert (after.stock_quantity, after.total_sales) == (8, -1)
    assert [event for event, _ in shell.events] == ["created", "updated", "created"]


def test_a_product_without_a_sku_is_named_by_its_id() -> None:
    products, _ = backend()
    assert create(products, name="Cap").formatted_name == "Cap (#11)"


def test_related_ids_are_computed_once_from_published_products_sharing_a_term() -> None:
    products, _ = backend()
    first = create(products, name="A")
    assert products.related_ids(first) == []
    create(products, name="B")
    create(products, name="Hidden", catalog_visibility="hidden")
    create(products, name="Draft", status="draft")
    third = create(products, name="C")
    assert sorted(products.related_ids(third)) == [11, 12]
    assert products.related_ids(first) == []  # cached at its first read, never refreshed


def test_capture_and_restore_give_back_the_state_exactly() -> None:
    products, _ = backend()
    create(products, sku="KEEP")
    saved = products.capture()
    products.update(11, {"sku": "CHANGED"})
    create(products, name="Extra")
    products.add_term("New")
    products.restore(saved)
    assert [p.sku for p in products] == ["KEEP"]
    assert products.by_sku("keep") is not None
    assert products.by_sku("CHANGED") is None
    assert [t.name for t in products.terms()] == ["Uncategorized"]


def test_meta_data_is_added_updated_and_deleted() -> None:
    products, _ = backend()
    mug = create(products, meta_data=[{"key": "colour", "value": "blue"}, {"key": "size", "value": 5}])
    assert [(m.key, m.value) for m in mug.meta] == [("colour", "blue"), ("size", 5)]
    changed = products.update(
        mug.id, {"meta_data": [{"key": "colour", "value": "red"}, {"key": "size", "value": None}]}
    )
    assert [(m.id, m.key, m.value) for m in changed.meta] == [(1, "colour", "red")]


def test_images_must_be_attachments_that_exist() -> None:
    products, _ = backend()
    with pytest.raises(RestError) as excinfo:
        create(products, images=[{"id": 11}])
    assert error_of(excinfo)["message"] == "#11 is an invalid image ID."
    assert create(products, images=[{"id": 4}]).image_ids == (4,)


@settings(deadline=None)  # a loaded machine's first example may take longer than the default
@given(st.sets(st.sampled_from([f.name for f in dataclasses.fields(Product)])), st.integers(0, 2**16))
def test_evolve_is_dataclasses_replace(names: set[str], seed: int) -> None:
    """Whatever fields change (a few: copied then set; many: looked up field by field), a product's
    ``evolve`` makes what ``dataclasses.replace`` makes, and leaves the original as it was."""
    moment = datetime(2026, 1, 2, tzinfo=UTC)
    product = Product(
        id=7, name="Lamp", date_created=moment, date_modified=moment, sku="L-7", meta=(Meta(1, "k", "v"),)
    )
    before = dataclasses.replace(product)
    changes = {name: f"{name}-{seed}" for name in names}
    evolved = product.evolve(**changes)
    assert evolved == dataclasses.replace(product, **changes)
    assert evolved is not product
    assert product == before


@settings(max_examples=150, deadline=None)
@given(
    status=st.sampled_from(["publish", "draft", "pending", "private", "trash"]),
    slug=st.sampled_from(["", "hoodie", "Hoodie Deluxe!", "hoodie-2"]),
    backorders=st.sampled_from(["no", "notify", "yes"]),
    kind=st.sampled_from(["simple", "variable"]),
    stock=st.integers(-3, 3),
    delta=st.integers(-4, 4),
)
def test_an_orders_stock_change_is_the_rules_update_of_the_stock_quantity(
    status: str, slug: str, backorders: str, kind: str, stock: int, delta: int
) -> None:
    """``change_stock`` takes a short way for a simple product: the record is the one the write
    rules make of ``{"stock_quantity": n}``, whatever the product's status, slug and backorders."""
    products, shell = backend()
    create(products, name="Taken", slug="hoodie")  # a slug another product holds
    made = create(products, name="Hoodie", type=kind, regular_price="5", manage_stock=True, stock_quantity=stock)
    old = products.update(made.id, {"backorders": backorders, "status": status})
    if slug:
        old = old.evolve(slug=slug)  # as a fixture may hold it, not as the rules would make it
        products.add(old)
    shell.tick(3)
    now = products.services.now()
    expected = rules.apply_changes(old, {"stock_quantity": stock + delta}, products, now=now)
    change = products.change_stock(old.id, delta)
    assert change is not None
    assert (change.old, change.new) == (stock, stock + delta)
    assert products.get(old.id) == expected


def test_a_create_body_s_key_tells_bodies_apart_by_all_but_their_name_and_sku() -> None:
    """Two bodies alike but in their name and SKU (text both) have one key; a value of another
    type, even an equal one (``true`` and ``1``), or a name that is not text, makes another or none."""
    body = {**CREATE_DEFAULTS, "name": "Lamp 1", "regular_price": "7", "sku": "l-1"}
    key = rules.create_key(body)
    assert key is not None
    assert rules.create_key({**body, "name": "Lamp 2", "sku": "l-2"}) == key
    assert rules.create_key({**body, "regular_price": "8"}) != key
    assert rules.create_key({**body, "featured": 0}) != rules.create_key({**body, "featured": False})
    assert rules.create_key({**body, "name": 5}) is None
    assert rules.create_key({**body, "images": []}) is None
    assert rules.create_key({"name": "Lamp", "sku": "l"}) == rules.create_key({"name": "Lid", "sku": "m"})
    assert rules.create_key({"name": "Lamp", "featured": True}) != rules.create_key({"name": "Lamp", "featured": 1})
