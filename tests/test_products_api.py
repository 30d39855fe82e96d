"""Behaviour of the products endpoints over HTTP, beyond the recorded exchanges.

The store starts as the recording store: no products, the next post id 11, the default category
15 "Uncategorized" and the next term id 16. Each test runs in-process and against a live server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wcmock.resources.products import routes
from wcmock.rest.wire import encode_json

V3 = "/wp-json/wc/v3/products"


def products(version: str = "v3", suffix: str = "") -> str:
    return f"/wp-json/wc/{version}/products{suffix}"


def create(client: Any, version: str = "v3", **fields: Any) -> dict[str, Any]:
    response = client.post(products(version), json={"type": "simple", **fields})
    assert response.status_code == 201, response.text
    return response.json()


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def test_create_answers_201_with_location_and_the_edit_context(client: Any) -> None:
    response = client.post(V3, json={"name": "Widget", "regular_price": "10"})
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"].endswith("/wp-json/wc/v3/products/11")
    assert (body["id"], body["slug"], body["average_rating"], body["generated_slug"]) == (11, "widget", "0", "widget")
    assert body["categories"] == [{"id": 15, "name": "Uncategorized", "slug": "uncategorized"}]
    read = client.get(products(suffix="/11")).json()
    assert read["average_rating"] == "0.00"
    assert "generated_slug" not in read


def test_unknown_ids_per_version(client: Any) -> None:
    assert error(client.get(products("v3", "/999"))) == (404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
    assert error(client.get(products("v1", "/999"))) == (404, "woocommerce_rest_invalid_product_id", "Invalid ID.")
    assert error(client.put(products("v1", "/999"), json={})) == (
        400,
        "woocommerce_rest_product_invalid_id",
        "ID is invalid.",
    )
    assert error(client.delete(products("v1", "/999"))) == (
        404,
        "woocommerce_rest_product_invalid_id",
        "Invalid post ID.",
    )
    assert error(client.delete(products("v2", "/999"), params={"force": "true"})) == (
        404,
        "woocommerce_rest_product_invalid_id",
        "Invalid ID.",
    )


def test_trash_twice_is_gone_and_force_must_be_a_boolean(client: Any) -> None:
    mug = create(client, name="Mug")
    assert client.delete(products(suffix=f"/{mug['id']}")).json()["status"] == "publish"
    assert error(client.delete(products(suffix=f"/{mug['id']}"))) == (
        410,
        "woocommerce_rest_already_trashed",
        "The product has already been deleted.",
    )
    response = client.delete(products(suffix=f"/{mug['id']}"), params={"force": "yes"})
    assert response.status_code == 400
    assert response.json()["data"]["params"] == {"force": "force is not of type boolean."}


def test_an_existing_id_in_a_create_body_is_refused(client: Any) -> None:
    assert error(client.post(V3, json={"id": 5, "name": "x"})) == (
        400,
        "woocommerce_rest_product_exists",
        "Cannot create existing product.",
    )


def test_dates_in_list_filters_must_be_full_date_times(client: Any) -> None:
    response = client.get(V3, params={"before": "2099-01-01"})
    assert response.status_code == 400
    assert response.json()["data"]["params"] == {"before": "Invalid date."}
    assert client.get(V3, params={"before": "2099-01-01T00:00:00"}).status_code == 200


def test_a_page_past_the_end_keeps_the_total_and_links_back(client: Any) -> None:
    for name in ("A", "B", "C"):
        create(client, name=name)
    response = client.get(V3, params={"per_page": 2, "page": 5, "orderby": "id"})
    assert response.json() == []
    assert (response.headers["x-wp-total"], response.headers["x-wp-totalpages"]) == ("3", "2")
    base = str(client.base_url).rstrip("/")
    assert response.headers["link"] == f'<{base}{V3}?per_page=2&page=2&orderby=id>; rel="prev"'  # page kept in place


def test_nobody_may_list_without_credentials_but_unknown_ids_show(anonymous: Any) -> None:
    assert error(anonymous.get(V3)) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    assert error(anonymous.get(products(suffix="/999"))) == (404, "woocommerce_rest_product_invalid_id", "Invalid ID.")


def test_categories_start_with_uncategorized_and_count_published_products(client: Any) -> None:
    (uncategorized,) = client.get(products(suffix="/categories")).json()
    assert (uncategorized["id"], uncategorized["slug"], uncategorized["count"]) == (15, "uncategorized", 0)
    clothing = client.post(products(suffix="/categories"), json={"name": "Clothing"})
    assert clothing.status_code == 201
    assert clothing.json()["id"] == 16
    create(client, name="Tee", categories=[{"id": 16}])
    create(client, name="Draft tee", categories=[{"id": 16}], status="draft")
    assert client.get(products(suffix="/categories/16")).json()["count"] == 1
    again = client.post(products(suffix="/categories"), json={"name": "Clothing"})
    assert (again.status_code, again.json()["code"], again.json()["data"]["resource_id"]) == (400, "term_exists", 16)


def test_batch_creates_skip_argument_checks_and_get_the_defaults(client: Any) -> None:
    response = client.post(products(suffix="/batch"), json={"create": [{"type": "bogus", "regular_price": 12}]})
    (made,) = response.json()["create"]
    assert (made["type"], made["regular_price"], made["name"], made["status"]) == ("simple", "12", "Product", "publish")


def test_a_kept_rendering_follows_its_category_s_new_name(client: Any) -> None:
    """Renderings are kept per product, but a product shows its categories' names: renaming one
    shows in the next answer about each product in it, single or listed."""
    category = client.post(products(suffix="/categories"), json={"name": "Hats"}).json()
    product = create(client, name="Cap", regular_price="5", categories=[{"id": category["id"]}])
    url = products(suffix=f"/{product['id']}")
    assert client.get(url).json()["categories"][0]["name"] == "Hats"
    client.put(products(suffix=f"/categories/{category['id']}"), json={"name": "Caps"})
    assert client.get(url).json()["categories"][0]["name"] == "Caps"
    assert client.get(V3).json()[0]["categories"][0]["name"] == "Caps"


def test_answers_are_the_kept_bytes_with_each_answer_s_own_related_ids(client: Any) -> None:
    """The same read twice: every field alike but ``related_ids``, which the store draws per answer
    (five of up to fifteen candidates, kept since the product's first answer, in random order)."""
    made = [create(client, name=f"Shirt {n}", regular_price="9") for n in range(8)]
    url = products(suffix=f"/{made[-1]['id']}")  # its candidates: the seven made before it
    answers = [client.get(url).json() for _ in range(12)]
    others = {p["id"] for p in made[:-1]}
    for body in answers:
        assert len(body["related_ids"]) == 5
        assert set(body["related_ids"]) <= others
        assert {k: v for k, v in body.items() if k != "related_ids"} == {
            k: v for k, v in answers[0].items() if k != "related_ids"
        }
    assert len({tuple(body["related_ids"]) for body in answers}) > 1
    assert list(answers[0]).index("related_ids") == list(answers[0]).index("rating_count") + 1
    picked = client.get(url, params={"_fields": "id,related_ids"}).json()
    assert list(picked) == ["id", "related_ids"]
    assert set(picked["related_ids"]) <= others
    listed = client.get(V3, params={"per_page": 100}).json()
    assert {k: v for k, v in next(p for p in listed if p["id"] == made[-1]["id"]).items() if k != "related_ids"} == {
        k: v for k, v in client.get(url, params={"context": "view"}).json().items() if k != "related_ids"
    }


def test_a_product_whose_meta_holds_related_ids_keys_still_gets_its_own_drawn(client: Any) -> None:
    """The kept bytes are split at the product's own ``related_ids``, not at a meta value's key of that
    name or a description quoting it."""
    made = [create(client, name=f"Cup {n}", regular_price="3") for n in range(7)]
    tricky = {"a": 1, "related_ids": [999], "nested": {"related_ids": "x"}}  # the key twice more
    product = create(
        client,
        name="Cup with notes",
        description='see ,"related_ids":[1] here',
        meta_data=[{"key": "notes", "value": tricky}],
    )
    others = {p["id"] for p in made}
    for body in [product] + [client.get(products(suffix=f"/{product['id']}")).json() for _ in range(6)]:
        assert set(body["related_ids"]) <= others
        assert len(body["related_ids"]) == 5
        assert body["meta_data"][0]["value"] == tricky
        assert 'see ,"related_ids":[1] here' in body["description"]  # raw in edit, a paragraph in view


def test_a_snapshot_restored_brings_back_the_answers_of_its_time(client: Any) -> None:
    product = create(client, name="Mug", regular_price="4")
    url = products(suffix=f"/{product['id']}")
    assert client.post("/__wcmock__/snapshots/before").status_code in (200, 201)
    client.put(url, json={"name": "Big mug"})
    assert client.get(url).json()["name"] == "Big mug"
    assert client.post("/__wcmock__/snapshots/before/restore").status_code == 200
    assert client.get(url).json()["name"] == "Mug"


def test_a_put_after_a_restore_answers_as_a_fresh_rendering_would(client: Any, e2e_app: Any) -> None:
    """A store put back with its terms and slugs as they were keeps the renderings that read them:
    the same stock sync after each restore is its kept rendering redated. Its related candidates
    are the restored store's (the cache holding them is put back too), not those of before."""
    client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    hats = client.post(products(suffix="/categories"), json={"name": "Hats"}).json()["id"]
    cup, cap = create(client, name="Cup", regular_price="3"), create(client, name="Cap", regular_price="5")
    lamp = e2e_app.state.handle.add_product(name="Lamp", slug="first-lamp", regular_price="7")  # never shown yet
    assert client.post("/__wcmock__/snapshots/start").status_code in (200, 201)
    url, sync = products(suffix=f"/{lamp.id}"), {"manage_stock": True, "stock_quantity": 7}

    def restored(seconds: int = 1) -> None:
        assert client.post("/__wcmock__/snapshots/start/restore").status_code == 200
        client.post("/__wcmock__/clock", json={"advance": seconds})

    def synced() -> dict[str, Any]:
        answer: dict[str, Any] = client.put(url, json=sync).json()
        return answer

    restored()
    client.put(products(suffix=f"/{cap['id']}"), json={"categories": [{"id": hats}]})
    alone = synced()
    assert (alone["manage_stock"], alone["stock_quantity"], alone["related_ids"]) == (True, 7, [cup["id"]])
    restored()
    first = synced()
    assert set(first["related_ids"]) == {cup["id"], cap["id"]}  # the restored store's candidates
    restored()
    again = synced()
    assert again == {**first, "related_ids": again["related_ids"], **{k: again[k] for k in MODIFIED}}
    assert again["date_modified"] == "2030-01-02T03:04:08"
    client.put(products(suffix="/categories/15"), json={"name": "Misc"})
    assert synced()["categories"][0]["name"] == "Misc"
    restored()
    assert synced()["categories"][0]["name"] == "Uncategorized"
    client.put(products(suffix=f"/{cup['id']}"), json={"slug": "lamp"})
    assert synced()["generated_slug"] == "lamp-2"
    restored()
    assert synced()["generated_slug"] == "lamp"


def test_the_handle_hands_out_copies_of_products(client: Any, e2e_app: Any) -> None:
    """What a test holds of a product is its own: changing it leaves the store's answers alone."""
    handle = e2e_app.state.handle
    made = handle.add_product(name="Mug", regular_price="9.50")
    for held in (made, handle.get_product(made.id), handle.products()[0]):
        held.name = "Changed in the test"
        held.category_ids = ()

    answer = client.get(products(suffix=f"/{made.id}")).json()
    assert (answer["name"], [c["name"] for c in answer["categories"]]) == ("Mug", ["Uncategorized"])
    assert handle.get_product(made.id).name == "Mug"


def test_a_put_setting_what_is_there_answers_as_a_fresh_rendering_would(client: Any) -> None:
    """A save that changes nothing still dates the product (the data store writes post_modified on
    every save): within the same second the answer is the one before, a second later the same one
    with the new ``date_modified``; either equals what a first rendering of that state shows."""
    client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    made = [create(client, name=f"Lamp {n}", regular_price="7") for n in range(3)]
    url = products(suffix=f"/{made[-1]['id']}")
    first = client.put(url, json={"manage_stock": True, "stock_quantity": 7}).json()
    again = client.put(url, json={"manage_stock": True, "stock_quantity": 7}).json()
    client.post("/__wcmock__/clock", json={"advance": 61})
    later = client.put(url, json={"manage_stock": True, "stock_quantity": 7}).json()
    assert again == {**first, "related_ids": again["related_ids"]}
    assert (later["date_modified"], later["date_modified_gmt"]) == ("2030-01-02T03:05:06", "2030-01-02T03:05:06")
    assert later == {**first, "related_ids": later["related_ids"], **{k: later[k] for k in MODIFIED}}
    client.post("/__wcmock__/clock", json={"advance": 1})
    client.put(products(suffix=f"/categories/{15}"), json={"name": "Uncategorised"})  # every rendering is made anew
    fresh = client.put(url, json={"manage_stock": True, "stock_quantity": 7}).json()
    assert fresh["categories"][0]["name"] == "Uncategorised"
    assert fresh["date_modified"] == "2030-01-02T03:05:07"
    for version in ("v1", "v2"):  # their own date fields, and a placeholder image dated now
        url = products(version, f"/{made[0]['id']}")
        before = client.put(url, json={"sku": "lamp-0"}).json()
        client.post("/__wcmock__/clock", json={"advance": 2})
        after = client.put(url, json={"sku": "lamp-0"}).json()
        changed = {k for k in after if k != "related_ids" and after[k] != before[k]}
        dates = {"date_modified"} if version == "v1" else set(MODIFIED)
        assert changed == {*dates, "images"}, changed  # v1's and v2's placeholder image is dated now


MODIFIED = ("date_modified", "date_modified_gmt")


def test_an_edit_answer_s_generated_slug_follows_the_slugs_other_products_take(client: Any) -> None:
    """``generated_slug`` (edit context) reads every product's slug: another product taking the one
    a product's name makes shows in that product's next answer, kept renderings or not."""
    lamp = create(client, name="Lamp", regular_price="7")
    url = products(suffix=f"/{lamp['id']}")
    assert client.put(url, json={"slug": "first-lamp"}).json()["generated_slug"] == "lamp"
    create(client, name="Other", slug="lamp", regular_price="7")
    assert client.put(url, json={"slug": "first-lamp"}).json()["generated_slug"] == "lamp-2"


def test_products_made_like_the_one_before_answer_as_fresh_renderings_would(client: Any) -> None:
    """A run of creates of one shape (a client's names, SKUs, prices) renders each product from the
    one before's rendering: the answers are those the view gives (the same run again, with the
    terms' serial moved before each create, so that every rendering is made from the view)."""

    def run(version: str, *, fresh: bool, ticking: bool) -> list[dict[str, Any]]:
        assert client.post("/__wcmock__/reset").status_code == 200
        client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
        made = []
        for n in range(5):
            if fresh:
                client.put(products(suffix="/categories/15"), json={"name": "Uncategorized"})
            body = {
                "name": f'Bench «{n}» "/"',
                "regular_price": "9.99",
                "sku": f"b-{n}",
                "description": f"<b>{n}</b>",
                # a float the fast encoder writes its own way (``2e-05``): the standard encoder's bytes
                "meta_data": [{"key": "n", "value": n}, {"key": "f", "value": [n * 1e-05]}],
            }
            fields = {"_fields": "id,name,slug,sku,date_modified,description,meta_data,_links"} if n == 3 else None
            response = client.post(products(version), params=fields, json={"type": "simple", **body})
            assert response.status_code == 201, response.text
            made.append(response.json())  # the fourth as an object, not the kept bytes (``_fields``)
            assert response.content == encode_json(made[-1])  # the bytes the encoder writes of it
            if ticking:
                client.post("/__wcmock__/clock", json={"advance": 1})
        again = client.put(products(version, f"/{made[2]['id']}"), json={"regular_price": "9.99"})
        made.append(again.json())  # saved again: the kept rendering redated (its body read), or kept
        return made

    for version, ticking in (("v1", False), ("v2", False), ("v3", False), ("v3", True)):
        kept = run(version, fresh=False, ticking=ticking)
        assert kept == run(version, fresh=True, ticking=ticking), version
        assert len({p["id"] for p in kept}) == len({p["slug"] for p in kept}) == 5
        saved, first = ({k: v for k, v in p.items() if k != "related_ids"} for p in (kept[-1], kept[2]))
        assert saved["date_modified"] != first["date_modified"] if ticking else saved == first


def test_a_run_of_creates_has_each_new_value_checked_once(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A product rendered from the one before's rendering has the values its schema judges by more
    than their type checked where they differ from the template's and from the last such product's:
    a run within one second checks none, the next second's dates are checked once."""
    real = routes.property_check
    asked: list[list[str]] = []

    def recording(version: str, context: str, mode: str) -> Callable[[dict[str, Any]], None]:
        check = real(version, context, mode)

        def checked(values: dict[str, Any]) -> None:
            asked.append(sorted(values))
            check(values)

        return checked

    monkeypatch.setattr(routes, "property_check", recording)
    client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    client.put(products(suffix="/categories/15"), json={"name": "Uncategorized"})  # the next create: from the view
    for n in range(3):
        create(client, name=f"Lamp {n}", regular_price="7", sku=f"l-{n}")
    assert asked == []
    client.post("/__wcmock__/clock", json={"advance": 1})
    made = [create(client, name=f"Lamp {n}", regular_price="7", sku=f"l-{n}") for n in range(3, 6)]
    assert asked == [["date_created", "date_created_gmt", "date_modified", "date_modified_gmt"]]
    assert [p["date_created"] for p in made] == ["2030-01-02T03:04:06"] * 3


def test_allow_names_what_the_caller_may_do_with_the_product_asked_about(client: Any, anonymous: Any) -> None:
    """``Allow`` runs every endpoint's check, once per kind of caller and whether the product exists
    (what the checks read): a manager may do everything, anybody may ask about an unknown id."""
    every = "GET, POST, PUT, PATCH, DELETE"
    product = create(client, name="Lamp", regular_price="7")
    mine, unknown = products(suffix=f"/{product['id']}"), products(suffix="/999")
    for _ in range(2):  # the second round from kept verdicts
        assert client.get(mine).headers["allow"] == every
        assert client.put(mine, json={"sku": "lamp"}).headers["allow"] == every
        assert anonymous.get(unknown).headers["allow"] == every  # each check lets an unknown id through
        assert "allow" not in anonymous.get(mine).headers
        assert client.get(V3).headers["allow"] == "GET, POST"
        assert "allow" not in anonymous.get(V3).headers
        assert client.get(products(suffix="/categories")).headers["allow"] == "GET, POST"
