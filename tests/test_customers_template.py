"""A customer's rendering made from the last one's (``template``) is the one the view makes.

A batch's creates (and a client's run of creates) differ from the customer rendered before them
in their id, email, username and meta ids alone: their renderings are made from that customer's
bytes, with only those values put in. These tests hold the shortcut to the full path: every byte
the same, for any record, in every version and audience, and the schema's word on what it skips.
"""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import create_app
from wcmock.harness.in_process import in_process_client
from wcmock.resources.customers.models import Customer, empty_billing, empty_shipping
from wcmock.resources.customers.routes import CustomersResource
from wcmock.resources.customers.template import DATES, HOLES, SHOWN, Template
from wcmock.resources.customers.views import VIEWS
from wcmock.rest.wire import PLAIN, quoted_texts
from wcmock.settings import Settings
from wcmock.validation import load_schemas

AUTH = {"Authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()}
MOMENT = datetime(2026, 12, 2, 4, 0, 0, tzinfo=UTC)
SAME_MOMENT = MOMENT + timedelta(0)  # equal, another object (as a second read of the clock could give)
ZONED = MOMENT.astimezone(timezone(timedelta(hours=2)))  # equal, written otherwise
LATER = MOMENT + timedelta(seconds=1)
ALL = ("GET", "POST", "PUT", "PATCH", "DELETE")
UNSHOWN = ("password", "display_name", "downloads", "application_passwords", "revision")  # read by no view


class Request:
    """What a rendering reads of its request: the API's root."""

    def __init__(self, home: str) -> None:
        self.api_root = f"{home}/wp-json"


def resource(version: str, shop: Settings) -> CustomersResource:
    # "off": the odd records below (a flag of 1, an id of True) render as the view writes them
    return CustomersResource(
        version, VIEWS[version](shop), username_required=False, password_required=False, validation="off"
    )


texts_ = st.sampled_from(["", "ana", "ana@example.org", "zoë@example.org", 'q"t@x.test', "a/b@x.test", "b\\s", "5%s%%"])
moments = st.sampled_from([MOMENT, SAME_MOMENT, ZONED, LATER])
rows = st.builds(
    lambda meta_id, key, value: {"id": meta_id, "key": key, "value": value},
    st.sampled_from([3, 4, 40, True]),
    st.sampled_from(["nag", "_hidden", "wc_last_active"]),
    st.sampled_from(["1", "1", "a/b", "ü", 1, [1]]),
)
reordered = st.builds(lambda row: {"key": row["key"], "id": row["id"], "value": row["value"]}, rows)


@st.composite
def customers(draw: st.DrawFn) -> Customer:
    """Customers alike in most fields (so that many are siblings), odd in some."""
    email = draw(texts_)
    billing = {**empty_billing(), "email": draw(st.sampled_from(["", email, "x@y.test"]))}
    created = draw(moments)
    meta = draw(st.lists(st.one_of(rows, rows, reordered), max_size=3))
    record = Customer(
        id=draw(st.sampled_from([7, 8, 123456789012, True])),
        email=email,
        username=draw(texts_),
        date_created=created,
        date_modified=draw(st.sampled_from([created, None, LATER])),
        first_name=draw(st.sampled_from(["", "Zoë", 'O"Neil'])),
        role=draw(st.sampled_from(["customer", "subscriber"])),
        billing=billing,
        shipping=empty_shipping(),
        is_paying_customer=draw(st.sampled_from([False, True, 0])),
        orders_count=draw(st.sampled_from([0, 3, False])),
        total_spent=draw(st.sampled_from(["0.00", "12.50"])),
        last_order_id=draw(st.sampled_from([None, 5, 5.0])),
        last_order_date=draw(st.sampled_from([None, MOMENT, ZONED])),
        meta=meta,
        display_name=draw(texts_),
        password=draw(texts_),
    )
    return record


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    version=st.sampled_from(["v1", "v2", "v3"]),
    runs=st.lists(
        st.tuples(
            st.lists(customers(), min_size=1, max_size=5),
            st.sampled_from([ALL, ("GET",), ()]),
            st.booleans(),  # meta shown (an administrator)
            st.sampled_from(["http://shop.test", "https://other.test:8443/sub"]),
            st.sampled_from([UTC, timezone(timedelta(hours=-3))]),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_a_rendering_made_from_the_last_ones_is_the_views(version: str, runs: list[Any]) -> None:
    shop, fresh_shop = Settings(), Settings()
    kept, fresh = resource(version, shop), resource(version, fresh_shop)
    for records, allowed, with_meta, home, zone in runs:
        shop.timezone = fresh_shop.timezone = zone
        request: Any = Request(home)
        made = kept._render_all(request, [(record, allowed) for record in records], with_meta=with_meta)
        for record, rendering in zip(records, made, strict=True):
            fresh._template = None
            expected = fresh._render(request, record, allowed, with_meta=with_meta)
            assert rendering.raw == expected.raw
            assert rendering.links == expected.links
        one = kept._render(request, records[-1], allowed, with_meta=with_meta)
        assert one.raw == made[-1].raw


def test_a_run_of_new_customers_is_made_from_the_template() -> None:
    """The case it is for: the customers a batch creates differ in their id, email, username and
    meta ids alone."""
    customers = resource("v3", Settings())
    request: Any = Request("http://shop.test")
    new = [
        Customer(
            id=n,
            email=f"c{n}@x.test",
            username=f"c{n}",
            date_created=MOMENT,
            date_modified=MOMENT,
            meta=[{"id": 100 + n, "key": "default_password_nag", "value": "1"}, {"id": 0, "key": "_x", "value": "2"}],
        )
        for n in range(10, 15)
    ]
    first = customers._render(request, new[0], ALL, with_meta=True)
    kept = customers._template
    assert kept is not None
    made = [kept.sibling(record) for record in new[1:]]
    assert made[0] is not None
    assert made[0].startswith(b'{"id":11,')
    assert b'"meta_data":[{"id":111,"key":"default_password_nag","value":"1"}]' in made[0]
    assert b'"href":"http:\\/\\/shop.test\\/wp-json\\/wc\\/v3\\/customers\\/11"' in made[0]
    assert all(made)
    assert first.raw.startswith(b'{"id":10,')
    assert customers._template is kept  # a sibling does not become the template


def test_what_a_template_cannot_hold_is_rendered_by_the_view() -> None:
    customers = resource("v3", Settings())
    request: Any = Request("http://shop.test")
    base = Customer(id=7, email="a@x.test", username="a", date_created=MOMENT, date_modified=MOMENT)
    customers._render(request, base, ALL, with_meta=True)
    kept = customers._template
    assert kept is not None
    for other in (
        dataclasses.replace(base, id=8, email="zoë@x.test"),  # non-ASCII: written as \u escapes
        dataclasses.replace(base, id=8, first_name="Ana"),
        dataclasses.replace(base, id=8, date_modified=SAME_MOMENT),
        dataclasses.replace(base, id=8, meta=[{"id": 1, "key": "k", "value": "v"}]),
        dataclasses.replace(base, id=8, is_paying_customer=0),  # type: ignore[arg-type]  # written as 0
    ):
        assert kept.sibling(other) is None
    assert kept.sibling(dataclasses.replace(base, id=8, password="p", display_name="d")) is not None


def test_a_template_is_kept_only_where_a_failed_check_raises() -> None:
    """In ``warn`` mode an answer that fails its schema is logged and served: a sibling of it,
    not checked, would not be logged."""
    for mode, keeps in (("strict", True), ("off", True), ("warn", False)):
        customers = CustomersResource("v3", VIEWS["v3"](Settings()), username_required=False,
                                      password_required=False, validation=mode)  # fmt: skip
        record = Customer(id=7, email="a@x.test", username="a", date_created=MOMENT, date_modified=MOMENT)
        request: Any = Request("http://shop.test")
        customers._render(request, record, ALL, with_meta=True)
        assert (customers._template is not None) is keeps


def test_every_field_of_a_customer_is_either_compared_filled_in_or_read_by_no_view() -> None:
    names = {f.name for f in dataclasses.fields(Customer)}
    assert names == set(SHOWN) | set(DATES) | (set(HOLES) - {"avatar_url"}) | {"meta"} | set(UNSHOWN)
    record = Customer(id=7, email="a@x.test", username="a", date_created=MOMENT, date_modified=MOMENT)
    other = dataclasses.replace(
        record, password="x", display_name="y", downloads=[{"download_id": "d"}], application_passwords=("z",)
    )
    for version, view in VIEWS.items():
        shown = view(Settings())
        assert shown.customer(record) == shown.customer(other), version


TYPE_ONLY = {"description", "readOnly", "type"}


def test_the_values_a_sibling_puts_in_are_judged_by_their_type_alone() -> None:
    """``Template.sibling`` checks no value it puts in: every version's schema, in each context,
    says nothing of an id, email, username, avatar URL, meta id or link ``href`` but its type."""
    schemas = load_schemas()
    for version in ("v1", "v2", "v3"):
        for context in ("view", "edit"):
            properties = schemas[f"{version}/customer.{context}.json"]["properties"]
            types = {name: properties[name]["type"] for name in HOLES}
            assert types == {"id": "integer", "email": "string", "username": "string", "avatar_url": "string"}
            assert all(set(properties[name]) <= TYPE_ONLY for name in HOLES), (version, context)
            assert properties["_links"] == {"$ref": "../common/customer-links.json"}
            if "meta_data" in properties:
                assert properties["meta_data"]["items"] == {"$ref": "meta-data.json"}
        if f"{version}/meta-data.json" in schemas:
            row = schemas[f"{version}/meta-data.json"]["properties"]
            assert row["id"] == {"description": "Meta ID.", "readOnly": True, "type": "integer"}
    assert schemas["common/link.json"]["properties"]["href"] == {"type": "string"}


@pytest.mark.parametrize(
    ("values", "written"),
    [
        (("a@x.test", "a/b"), [b"a@x.test", b"a\\/b"]),
        (("", "%", " ~"), [b"", b"%", b" ~"]),
        (("zoë",), None),
        (('a"b',), None),
        (("a\\b",), None),
        (("\x7f",), None),
        (("\n",), None),
        ((5,), None),
    ],
)
def test_texts_are_what_the_encoder_writes_between_the_quotes(values: tuple[Any, ...], written: Any) -> None:
    assert quoted_texts(values) == written


def batch_answers(monkeypatch: pytest.MonkeyPatch, *, siblings: bool) -> list[bytes]:
    if not siblings:
        monkeypatch.setattr(Template, "sibling", lambda self, record: None)
    app = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    app.state.handle.clock.freeze("2030-01-01T00:00:00")  # both write the same dates
    items: list[dict[str, Any]] = [{"email": f"b{n}@x.test"} for n in range(6)]
    items += [
        {"email": "b6@x.test", "first_name": "Ana"},  # a name: the view, then a template of its own
        {"email": "b7@x.test", "first_name": "Ana", "billing": {"email": "b7@x.test"}},
        {"email": "b8@x.test", "meta_data": [{"key": "source", "value": "batch"}]},
        {"email": "b9@x.test", "meta_data": [{"key": "source", "value": "batch"}]},
        {"email": "b1@x.test"},  # taken: an error entry
        {"email": "b10@x.test", "username": "b10/x"},
    ]
    with in_process_client(app, headers=AUTH) as client:
        out = [client.post("/wp-json/wc/v3/customers/batch", json={"create": items}).content]
        for version in ("v1", "v2"):
            out.append(client.post(f"/wp-json/wc/{version}/customers/batch", json={"create": items[:3]}).content)
        out += [client.post("/wp-json/wc/v3/customers", json={"email": f"s{n}@x.test"}).content for n in range(3)]
        out.append(client.get("/wp-json/wc/v3/customers", params={"per_page": 30}).content)
    monkeypatch.undo()
    return out


def test_a_batch_of_creates_is_answered_as_without_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    made = batch_answers(monkeypatch, siblings=True)
    assert made == batch_answers(monkeypatch, siblings=False)
    assert made[0].count(b'"id":') > 10
    assert b"registration-error-email-exists" in made[0]


def test_plain_bytes_are_printable_ascii_but_the_quote_and_the_backslash() -> None:
    assert bytes(c for c in range(0x20, 0x7F) if c not in b'"\\') == PLAIN


def test_a_template_whose_record_was_changed_in_place_makes_no_sibling() -> None:
    """``Users.editable`` hands out the stored record itself, to change by assigning attributes:
    the template's bytes show it as it was."""
    customers = resource("v3", Settings())
    request: Any = Request("http://shop.test")
    base = Customer(id=7, email="a@x.test", username="a", date_created=MOMENT, date_modified=MOMENT)
    customers._render(request, base, ALL, with_meta=True)
    kept = customers._template
    assert kept is not None
    base.first_name = "Ana"
    assert kept.sibling(dataclasses.replace(base, id=8, email="b@x.test")) is None
