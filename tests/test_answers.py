"""Answers kept whole: a GET asked again while nothing changed is answered from memory, and any change
(over REST, the control API, the handle, the clock, a webhook) is seen by the next request at once.

Each test drives a fresh app in process and compares it with an app that keeps nothing
(``create_app(answer_cache=False)``): what a client sees must not depend on the cache.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time
from collections.abc import Iterator
from urllib.parse import quote

import httpx2 as httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import answers, create_app
from wcmock.answers import Answers, key_of
from wcmock.harness.in_process import in_process_client
from wcmock.harness.journal import BODY_LIMIT

AUTH = {"Authorization": "Basic " + base64.b64encode(f"{CK}:{CS}".encode()).decode()}
CUSTOMER = "/wp-json/wc/v3/customers/25"


@pytest.fixture
def app() -> Starlette:
    return create_app()


@pytest.fixture
def api(app: Starlette) -> Iterator[httpx.Client]:
    with in_process_client(app, headers=AUTH) as client:
        yield client


def kept(app: Starlette) -> int:
    found: Answers | None = app.state.answers
    return len(found) if found is not None else 0


def test_a_repeated_get_is_answered_from_memory_with_the_same_bytes_and_headers(
    app: Starlette, api: httpx.Client
) -> None:
    if answers.VERIFY:
        pytest.skip("WCMOCK_ANSWER_CACHE=verify takes the full path on every hit, to compare")
    first = api.get(CUSTOMER)
    assert kept(app) == 1
    app.state.handle.server.answer = None  # the full path is not taken again: it would fail now

    second = api.get(CUSTOMER)

    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    assert [(k, v) for k, v in second.headers.items() if k != "date"] == [
        (k, v) for k, v in first.headers.items() if k != "date"
    ]
    assert [entry.path for entry in app.state.handle.requests()] == ["/wc/v3/customers/25"] * 2  # both journaled


def test_an_update_over_rest_is_seen_by_the_next_get(api: httpx.Client) -> None:
    assert api.get(CUSTOMER).json()["first_name"] != "Zoe"

    assert api.put(CUSTOMER, json={"first_name": "Zoe"}).status_code == 200

    assert api.get(CUSTOMER).json()["first_name"] == "Zoe"
    listed = api.get("/wp-json/wc/v3/customers", params={"role": "all"}).json()
    assert [c["first_name"] for c in listed if c["id"] == 25] == ["Zoe"]


def test_changes_through_the_handle_and_the_control_api_are_seen(app: Starlette, api: httpx.Client) -> None:
    listed = api.get("/wp-json/wc/v3/customers", params={"role": "all"})
    handle = app.state.handle

    added = handle.add_customer(email="new@example.org")
    assert api.get("/wp-json/wc/v3/customers", params={"role": "all"}).headers["x-wp-total"] == str(
        int(listed.headers["x-wp-total"]) + 1
    )

    assert api.post("/__wcmock__/reset").status_code == 200
    assert api.get(f"/wp-json/wc/v3/customers/{added.id}").status_code == 404


def test_a_write_is_answered_before_what_was_kept_of_its_store_is_freed(app: Starlette, api: httpx.Client) -> None:
    """Freeing thousands of kept answers takes milliseconds: the write's client does not wait for it
    (the kept answers are stale from the write on by the store's change count, freed or not)."""
    for customer_id in (1, 25, 26):
        api.get(f"/wp-json/wc/v3/customers/{customer_id}")
    seen_when_answered = []

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.body":
            seen_when_answered.append(kept(app))

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b'{"first_name":"Ann"}', "more_body": False}

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": CUSTOMER,
        "raw_path": CUSTOMER.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"localhost"),
            (b"authorization", AUTH["Authorization"].encode()),
            (b"content-type", b"application/json"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))

    assert seen_when_answered == [3]  # the answer went out first
    assert kept(app) == 0  # then they were freed
    assert api.get(CUSTOMER).json()["first_name"] == "Ann"


def test_a_clock_move_is_seen_even_where_nothing_else_changed(app: Starlette, api: httpx.Client) -> None:
    handle = app.state.handle
    handle.clock.freeze("2030-01-01T00:00:00")
    product = handle.add_product(name="Lamp", regular_price="10", sale_price="5", date_on_sale_to="2030-06-01T00:00:00")
    path = f"/wp-json/wc/v3/products/{product.id}"
    assert api.get(path).json()["on_sale"] is True
    assert api.get(path).json()["on_sale"] is True  # given again

    handle.clock.set("2031-01-01T00:00:00")  # the store's lock is not taken: the clock counts its own moves

    assert api.get(path).json()["on_sale"] is False


def test_an_answer_that_shows_the_time_holds_for_its_second_only(app: Starlette, api: httpx.Client) -> None:
    handle = app.state.handle
    handle.clock.freeze("2030-01-01T00:00:00")  # a second ticking between two lines must not decide it
    sale = handle.add_product(name="Lamp", regular_price="10", sale_price="5", date_on_sale_to="2099-01-01T00:00:00")
    api.get(CUSTOMER)  # a customer's answer never reads the clock
    api.get(f"/wp-json/wc/v3/products/{sale.id}")  # a sale's does: it ends at a given time
    found: Answers = app.state.answers
    seconds = sorted(str(entry.second) for entry in found._kept.values())
    assert seconds == sorted(["None", str(app.state.store.clock.second())])

    for entry in found._kept.values():
        if entry.second is not None:
            entry.second -= 1  # as if made in the second before this one
    api.get(CUSTOMER)
    api.get(f"/wp-json/wc/v3/products/{sale.id}")

    assert kept(app) == 2
    assert all(entry.second in (None, app.state.store.clock.second()) for entry in found._kept.values())


def test_an_armed_fault_always_takes_the_full_path(app: Starlette, api: httpx.Client) -> None:
    assert api.get(CUSTOMER).status_code == 200
    app.state.handle.add_fault("status", path="/wc/v3/customers/25", status=503)

    assert api.get(CUSTOMER).status_code == 503


def test_oauth_nonces_are_refused_the_second_time(app: Starlette) -> None:
    url = "http://testserver/wp-json/wc/v3/customers/25"
    params = {
        "oauth_consumer_key": CK,
        "oauth_nonce": "abc123",
        "oauth_signature_method": "HMAC-SHA256",
        "oauth_timestamp": str(int(time.time())),
    }
    base = "GET&" + quote(url, safe="") + "&" + quote("&".join(f"{k}={v}" for k, v in sorted(params.items())), safe="")
    signature = base64.b64encode(hmac.new(f"{CS}&".encode(), base.encode(), hashlib.sha256).digest()).decode()
    with in_process_client(app) as client:
        first = client.get(url, params={**params, "oauth_signature": signature})
        second = client.get(url, params={**params, "oauth_signature": signature})

    assert first.status_code == 200
    assert second.status_code == 401
    assert "nonce" in second.json()["message"]


def test_a_get_that_carries_delete_is_a_delete_each_time(api: httpx.Client) -> None:
    first = api.get(CUSTOMER, params={"_method": "DELETE", "force": "true"})
    second = api.get(CUSTOMER, params={"_method": "DELETE", "force": "true"})

    assert first.status_code == 200
    assert second.status_code == 404


def test_a_product_answer_given_again_draws_its_related_ids_as_the_full_path_would() -> None:
    cached, plain = create_app(), create_app(answer_cache=False)
    category = {"categories": [{"id": 9}]}
    for app in (cached, plain):
        handle = app.state.handle
        handle.clock.freeze("2030-01-01T00:00:00")  # both write the same dates
        for n in range(12):
            handle.add_product(name=f"Mug {n}", regular_price="5", **category)
    product = cached.state.handle.products()[-1].id
    seen: dict[str, list[bytes]] = {}
    for name, app in (("cached", cached), ("plain", plain)):
        with in_process_client(app, headers=AUTH) as client:
            seen[name] = [client.get(f"/wp-json/wc/v3/products/{product}").content for _ in range(8)]
            seen[name] += [client.get("/wp-json/wc/v3/products", params={"per_page": 20}).content for _ in range(3)]
            assert kept(app) == (2 if app is cached else 0)
            seen[name].append(client.post("/wp-json/wc/v3/customers", json={"email": "r@example.org"}).content)

    assert len(set(seen["cached"][:8])) > 1  # shuffled per answer, kept or not
    assert seen["cached"] == seen["plain"]  # the same draws of the store's Random (the password), in the same order


def test_a_request_with_a_body_or_another_method_is_never_kept() -> None:
    scope = {"method": "GET", "path": "/wp-json/", "headers": [(b"content-length", b"2")], "server": ("h", 1)}
    assert key_of(scope) is None
    assert key_of({**scope, "method": "POST", "headers": []}) is None
    assert key_of({**scope, "headers": [(b"content-length", b"0")]}) is not None


def test_a_dropped_store_made_again_under_its_name_answers_for_itself(api: httpx.Client) -> None:
    assert api.post("/__wcmock__/stores", json={"name": "ci-1"}).status_code == 201
    path = "/stores/ci-1/wp-json/wc/v3/customers"
    api.post(path, json={"email": "only-in-first@example.org"})
    assert len(api.get(path, params={"email": "only-in-first@example.org"}).json()) == 1

    assert api.delete("/__wcmock__/stores/ci-1").status_code in (200, 204)
    assert api.post("/__wcmock__/stores", json={"name": "ci-1"}).status_code == 201

    assert api.get(path, params={"email": "only-in-first@example.org"}).json() == []


def test_kept_answers_are_bounded_in_count_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "ENTRY_LIMIT", 3)
    app = create_app()
    app.state.handle.clock.freeze("2030-01-01T00:00:00")  # products' page reads the clock: it holds for its second
    with in_process_client(app, headers=AUTH) as client:
        for path in ("customers/1", "customers/25", "customers/26", "products", "customers"):
            client.get(f"/wp-json/wc/v3/{path}")
        assert kept(app) == 3  # the oldest went first
        client.put("/wp-json/wc/v3/customers/25", json={"first_name": "Ann"})
        assert kept(app) == 0  # a write drops what was kept of its store at once

        monkeypatch.setattr(answers, "BYTE_LIMIT", 600)
        small = create_app()
        with in_process_client(small, headers=AUTH) as other:
            other.get("/wp-json/wc/v3/customers", params={"role": "all"})  # a page is over 600 bytes
        assert kept(small) == 0


# ---------------------------------------------------------------------- cached and plain, side by side

READS = [
    ("GET", "/wp-json/wc/v3/customers/25", {}),
    ("GET", "/wp-json/wc/v3/customers", {"role": "all", "orderby": "id"}),
    ("GET", "/wp-json/wc/v1/customers/25", {}),  # a v1 read caches order numbers in user meta
    ("GET", "/wp-json/wc/v3/products/87", {}),
    ("GET", "/wp-json/wc/v3/products", {"per_page": 5}),
    ("GET", "/wp-json/wc/v3/orders", {}),
    ("HEAD", "/wp-json/wc/v3/customers/26", {}),
    ("GET", "/wp-json/wc/v3/customers/26", {"_fields": "id,first_name"}),
    ("GET", "/wp-json/wc/v3/webhooks", {}),
]
WRITES = [
    ("PUT", "/wp-json/wc/v3/customers/25", {"first_name": "Ana"}),
    ("PUT", "/wp-json/wc/v3/customers/25", {"first_name": "Bea"}),
    ("POST", "/wp-json/wc/v3/customers", {"email": "c@example.org"}),
    ("DELETE", "/wp-json/wc/v3/customers/26?force=true", None),
    ("PUT", "/wp-json/wc/v3/products/87", {"regular_price": "3.50"}),
    ("POST", "/wp-json/wc/v3/orders", {"customer_id": 25, "status": "completed", "line_items": [{"product_id": 87}]}),
    ("POST", "/wp-json/wc/v3/webhooks", {"topic": "customer.updated", "delivery_url": "http://127.0.0.1:9/hook"}),
    ("POST", "/__wcmock__/reset", None),
]
MOVES = ["advance the clock a day", "add a customer through the handle", "freeze the clock"]
FROZEN_AT = "2030-01-01T00:00:00"


def _apply(app: Starlette, client: httpx.Client, step: tuple[str, str, object] | str) -> tuple[object, ...]:
    handle = app.state.handle
    if step == "advance the clock a day":
        handle.clock.advance(86_400)
        return ()
    if step == "freeze the clock":
        handle.clock.freeze("2031-03-04T05:06:07")
        return ()
    if step == "add a customer through the handle":  # an email no customer has: ids only grow
        handle.add_customer(email=f"h{max(c.id for c in handle.customers()) + 1}@example.org")
        return ()
    assert isinstance(step, tuple)
    method, path, data = step
    if method in ("GET", "HEAD"):
        response = client.request(method, path, params=data)  # type: ignore[arg-type]
    else:
        response = client.request(method, path, json=data)
    if path == "/__wcmock__/reset":  # a reset sets the clock going again: both apps' clocks stop at once
        handle.clock.freeze(FROZEN_AT)
    headers = [(k, v) for k, v in response.headers.items() if k != "date"]
    return response.status_code, headers, response.content


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(READS * 3 + WRITES + MOVES), min_size=1, max_size=25))
def test_what_a_client_sees_does_not_depend_on_the_cache(steps: list[tuple[str, str, object] | str]) -> None:
    cached, plain = create_app(), create_app(answer_cache=False)
    for app in (cached, plain):
        app.state.handle.clock.freeze(FROZEN_AT)  # both apps write the same dates
    with in_process_client(cached, headers=AUTH) as one, in_process_client(plain, headers=AUTH) as other:
        for step in steps:
            assert _apply(cached, one, step) == _apply(plain, other, step), step
            for app in (cached, plain):  # webhook deliveries change the webhook (its failures), off the loop
                app.state.handle.wait_for_deliveries(timeout=10)


def test_a_dropped_store_is_not_held_by_what_was_kept_of_it(api: httpx.Client, app: Starlette) -> None:
    import gc
    import weakref

    assert api.post("/__wcmock__/stores", json={"name": "ci-2"}).status_code == 201
    store = weakref.ref(app.state.hub.get("ci-2").store)
    assert api.get("/stores/ci-2/wp-json/wc/v3/customers/25").status_code == 200
    assert api.delete("/__wcmock__/stores/ci-2").status_code == 200

    assert api.get("/stores/ci-2/wp-json/wc/v3/customers/25").status_code == 404  # its kept answer is stale
    gc.collect()
    assert store() is None


def test_in_process_clients_on_many_threads_share_the_kept_answers(app: Starlette) -> None:
    from concurrent.futures import ThreadPoolExecutor

    paths = [f"/wp-json/wc/v3/customers/{n}" for n in (1, 25, 26)] + ["/wp-json/wc/v3/products"]

    def client_run(n: int) -> set[int]:
        with in_process_client(app, headers=AUTH) as client:
            statuses = set()
            for step in range(60):
                if step % 7 == n % 7:
                    statuses.add(client.put("/wp-json/wc/v3/customers/26", json={"first_name": f"T{n}"}).status_code)
                statuses.add(client.get(paths[(n + step) % len(paths)]).status_code)
            return statuses

    with ThreadPoolExecutor(4) as pool:
        assert set().union(*pool.map(client_run, range(8))) == {200}


def test_a_record_changed_in_place_through_editable_is_seen(app: Starlette, api: httpx.Client) -> None:
    from wcmock.resources.customers.backend import customers_of

    assert api.get(CUSTOMER).json()["first_name"] != "Inés"
    record = customers_of(app.state.store).editable(25)
    assert api.get(CUSTOMER).json()["first_name"] != "Inés"

    record.first_name = "Inés"  # assigned after the lock was let go: no change counted

    assert api.get(CUSTOMER).json()["first_name"] == "Inés"


def test_big_answers_given_again_are_journaled_as_they_were_sent() -> None:
    """The journal holds a big answer given again by reference (the kept bytes, or what makes a page
    drawn afresh again), not as a copy it cuts: read back, each entry's answer is what was sent, cut
    as the journal cuts every answer."""
    app = create_app()
    handle = app.state.handle
    for n in range(60):
        handle.add_product(name=f"Mug {n}", regular_price="5", categories=[{"id": 9}])
        handle.add_customer(email=f"c{n}@example.org", first_name="C" * 1000)
    with in_process_client(app, headers=AUTH) as client:
        sent = [
            client.get(f"/wp-json/wc/v3/{path}", params={"per_page": 100, **query}).content
            for path, query in (("products", {"category": "9"}), ("products", {}), ("customers", {}))
            for _ in range(4)
        ]
    assert all(len(body) > BODY_LIMIT for body in sent)
    assert len(set(sent[:4])) == len(set(sent[4:8])) == 4  # the pages' related ids drawn afresh for each answer
    assert [entry.response_bytes for entry in handle.requests()[-12:]] == [body[:BODY_LIMIT] for body in sent]
