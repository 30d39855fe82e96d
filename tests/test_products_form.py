"""A product's answer made by filling in its template's form (``products.form``, ``rendering.filled``):
byte for byte the answer the view gives, across what must stop a form from being used."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.products_support import backend, render
from wcmock import Store, create_app
from wcmock.harness.in_process import in_process_client
from wcmock.resources.products import rendering, routes
from wcmock.resources.products.form import form_of, values_of
from wcmock.resources.products.models import Product
from wcmock.resources.products.rendering import JUDGED_BY_TYPE
from wcmock.resources.products.views import VARYING, V1View, V2View, V3View
from wcmock.rest.wire import encode_json, quoted_texts


def products(version: str, suffix: str = "") -> str:
    return f"/wp-json/wc/{version}/products{suffix}"


def run(client: Any, store: Store, version: str) -> list[tuple[int, bytes]]:
    """A client's run of creates, and the changes between them that a form must follow."""
    assert client.post("/__wcmock__/reset").status_code == 200
    store.settings.timezone = UTC
    client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    out: list[tuple[int, bytes]] = []
    category = {"name": "Misc"}

    def send(method: str, url: str, **kwargs: Any) -> None:
        response = client.request(method, url, **kwargs)
        out.append((response.status_code, response.content))

    def create(**body: Any) -> None:
        send("POST", products(version), json=body)

    for n in range(3):
        create(name=f"Lamp {n}", regular_price="7", sku=f"l-{n}")
    client.post("/__wcmock__/clock", json={"advance": 1})  # the next second's dates
    for n in range(3, 5):
        create(name=f"Lamp {n}", regular_price="7", sku=f"l-{n}")
    create(name="Lamp 1", regular_price="7", sku="again")  # the slug ``lamp-1-2``
    create(name='Lämp «6» / "x"', regular_price="7", sku="l-6")  # text a hole does not take
    create(name="Lamp 7", regular_price="7", sale_price="5", sku="l-7")  # another price
    create(name="Lamp 8", regular_price="7", sku="l-8")
    client.put(products("v3", "/categories/15"), json=category)  # a category's name shows
    create(name="Lamp 11", regular_price="7", sku="l-11")
    create(name="Lamp 9", regular_price="7", sku="l-9", status="draft")  # no slug, another permalink
    create(name="Lamp 10", regular_price="7", sku="l-10", status="draft")
    create(name="Lamp 12", regular_price="7", sku="l-12")
    for n in range(13, 15):  # a placeholder image, dated in the site's timezone
        create(name=f"Lamp {n}", regular_price="7", sku=f"l-{n}", images=[{"id": 4}])
    store.settings.timezone = timezone(timedelta(hours=2))
    for n in range(15, 17):
        create(name=f"Lamp {n}", regular_price="7", sku=f"l-{n}", images=[{"id": 4}])
    batch = [{"name": f"Lamp {n}", "sku": f"b-{n}"} for n in (17, 18, 19)]
    send("POST", products(version, "/batch"), json={"create": batch})
    send("POST", products(version), params={"_fields": "id,name,_links"}, json={"name": "Lamp 20", "sku": "l-20"})
    send("POST", products(version), json={"name": "Lamp 21", "sku": "l-21"})
    created = [json.loads(raw)["id"] for status, raw in out if status == 201]
    send("DELETE", products(version, f"/{created[-1]}"), params={"force": "true"})
    create(name="Lamp 22", sku="l-22")
    for product_id in created[:-1]:  # each kept rendering read again
        send("GET", products(version, f"/{product_id}"), params={"context": "edit"})
    return out


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_a_run_of_creates_answers_as_the_view_would(
    client: Any, store: Store, version: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every answer filled from a form is the view's, bytes and all: within a second and the next,
    a slug made unique, a draft, a category renamed, the site's timezone moved, a batch, ``_fields``,
    a deleted template; and most creates are filled (the form is used)."""
    monkeypatch.setattr(store.settings, "timezone", UTC)  # put back after the test
    real = rendering.filled
    used: list[bool] = []

    def counting(*args: Any) -> Any:
        found = real(*args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(routes, "filled", counting)
    made = run(client, store, version)
    assert sum(used) >= 12, used
    monkeypatch.setattr(routes, "filled", lambda *args: None)
    monkeypatch.setattr(routes, "sibling", lambda *args: None)  # every rendering the view's
    assert made == run(client, store, version)
    assert all(status in (200, 201) for status, _ in made)


def test_the_next_second_s_dates_are_checked_once(client: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A filled answer's dates (judged by their format) are checked where they differ from the last
    checked: a value a schema refuses is an error, not an answer."""
    client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    for n in range(2):
        assert client.post(products("v3"), json={"name": f"Lamp {n}", "sku": f"l-{n}"}).status_code == 201
    real = V3View.dates

    def wrong(self: V1View, p: Product, r: Any) -> dict[str, Any]:
        return {name: value.replace("T", " ") for name, value in real(self, p, r).items()}

    monkeypatch.setattr(V3View, "dates", wrong)
    client.post("/__wcmock__/clock", json={"advance": 1})
    response = client.post(products("v3"), json={"name": "Lamp 2", "sku": "l-2"})
    assert (response.status_code, response.json()["code"]) == (500, "wcmock_invalid_response")


def test_texts_are_what_the_encoder_writes_of_plain_strings() -> None:
    values = ("a/b", "", "Lamp 1", "%pagename%")
    assert quoted_texts(values) == [encode_json(v)[1:-1] for v in values]
    for odd in ('a"b', "a\\b", "ä", "a\x7f", "a\nb", 5, None):
        assert quoted_texts(("x", odd)) is None


@pytest.mark.parametrize("view", [V1View(), V2View(), V3View()])
@pytest.mark.parametrize("context", ["view", "edit"])
def test_a_form_is_the_template_s_bytes_with_holes(view: V1View, context: str) -> None:
    """Filled with the template's own values, a form gives its bytes back; filled with another's
    the bytes of that one's ``identity``, ``extras`` and links in the template's place."""
    products, shell = backend()
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    first, second = (
        Product(id=i, name=f"Lamp {i}", slug=f"lamp-{i}", sku=f"l-{i}", date_created=moment, date_modified=moment)
        for i in (7, 1234)
    )
    r = render(products, shell, context)
    href = "http://shop.test/wp-json/wc/v3/products/%d"

    def parts(p: Product) -> tuple[bytes, bytes]:
        data = {**view.product(p, r), "related_ids": [], "_links": {"self": [{"href": href % p.id}]}}
        return rendering.split(data, data.pop("_links"))

    head, tail = parts(first)
    shown = (view.identity(first, r), view.extras(first, r), {"self": [{"href": href % first.id}]})
    form = form_of(head, tail, shown, view.varying(first, r), JUDGED_BY_TYPE)
    assert form is not None

    def fill(values: dict[str, Any]) -> tuple[bytes, bytes] | None:  # the head and the tail, filled
        texts = form.texts(values)
        if texts is None:
            return None
        raw, at = form.whole_with(values["id"], texts, b"")
        return raw[: len(raw) - at], raw[len(raw) - at :]

    assert fill(view.varying(first, r)) == (head, tail)
    assert fill(view.varying(second, r)) == parts(second)
    assert fill({**view.varying(second, r), "name": "Lämp"}) is None
    assert set(form.judged) == set(view.dates(first, r))
    assert form_of(head.replace(b"Lamp 7", b"Lamp 8"), tail, shown, view.varying(first, r), JUDGED_BY_TYPE) is None


def test_only_varying_shows_the_fields_a_run_of_creates_differs_in() -> None:
    """Of two products equal but in ``VARYING``, ``identity`` and ``extras`` differ in ``varying``'s
    members alone, and ``varying`` holds their values as those two show them."""
    products, shell = backend()
    moment, later = datetime(2030, 1, 2, tzinfo=UTC), datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    base = Product(id=7, name="Lamp", slug="lamp", sku="l", date_created=moment, date_modified=moment)
    others = {"id": 99, "name": "Other", "slug": "other", "sku": "o", "date_created": later, "date_modified": later}
    assert set(others) == set(VARYING)
    kinds: list[Callable[[Product], Product]] = [
        lambda p: p,
        lambda p: p.evolve(status="draft"),
        lambda p: p.evolve(description="<b>x</b>", post_password="pw", global_unique_id="12"),
    ]
    for view in (V1View(), V2View(), V3View()):
        for context in ("view", "edit"):
            r = render(products, shell, context)
            for kind in kinds:
                one = kind(base)
                for name, value in others.items():
                    other = one.evolve(**{name: value})
                    for p in (one, other):
                        shown = {**view.identity(p, r), **view.extras(p, r)}
                        assert view.varying(p, r).items() <= shown.items()
                    a, b = ({**view.identity(p, r), **view.extras(p, r)} for p in (one, other))
                    keys = view.varying(one, r).keys()
                    assert {k: v for k, v in a.items() if k not in keys} == {
                        k: v for k, v in b.items() if k not in keys
                    }, (view, context, name)


def test_in_warn_mode_every_answer_is_the_view_s_and_checked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Where a failed check is only logged (``warn``) no template is kept: a sibling of an answer
    that failed would be served unlogged, its values being the template's."""
    real = V3View.dates

    def wrong(self: V1View, p: Product, r: Any) -> dict[str, Any]:
        return {name: value.replace("T", " ") for name, value in real(self, p, r).items()}

    monkeypatch.setattr(V3View, "dates", wrong)
    key, secret = "ck_" + "3" * 40, "cs_" + "4" * 40
    app = create_app(fixtures=["wc-e2e"], consumer_key=key, consumer_secret=secret, validation="warn")
    with in_process_client(app, auth=(key, secret)) as client, caplog.at_level(logging.WARNING, logger="wcmock"):
        for n in range(3):
            assert client.post(products("v3"), json={"name": f"Lamp {n}", "sku": f"l-{n}"}).status_code == 201
    assert sum("outside its own schema" in record.getMessage() for record in caplog.records) == 3


def test_a_kept_rendering_follows_the_site_s_timezone(
    client: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A product read again after the site's timezone moved shows its dates in the new zone (its
    kept rendering, made in the old one, is not served), in a read and in a save alike. (The read
    asks with a query of its own: the whole answer kept for the first, ``wcmock.answers``, does
    not follow a change made to the settings in place.)"""
    monkeypatch.setattr(store.settings, "timezone", UTC)
    client.post("/__wcmock__/clock", json={"freeze": "2030-01-02T03:04:05Z"})
    made = client.post(products("v3"), json={"name": "Lamp", "regular_price": "7"}).json()
    url = products("v3", f"/{made['id']}")
    assert client.get(url).json()["date_created"] == "2030-01-02T03:04:05"
    store.settings.timezone = timezone(timedelta(hours=2))
    assert client.get(url, params={"context": "view"}).json()["date_created"] == "2030-01-02T05:04:05"
    assert client.put(url, json={"regular_price": "7"}).json()["date_modified"] == "2030-01-02T05:04:05"


def test_a_form_reads_its_members_values_as_a_tuple_however_many_they_are() -> None:
    values = {"id": 7, "name": "Lamp", "sku": "l-7"}
    for names in [(), ("name",), ("name", "sku"), ("sku", "id", "name")]:
        assert values_of(names)(values) == tuple(values[name] for name in names)
