"""Many clients at once on one store, over a real socket: nothing is lost, duplicated or half-counted.

Threads (each with its own ``httpx2.Client``) and asyncio tasks (one ``httpx2.AsyncClient``) race
on the same customers; a barrier releases the threads together so their requests overlap. The
store, the journal and the fault rules must come out exactly as if the requests had been served
one after another in some order.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2 as httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import CK, CS
from wcmock import LiveServer, create_app

THREADS = 8
V3 = "/wp-json/wc/v3/customers"


@pytest.fixture(scope="module")
def shop_app() -> Starlette:
    return create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)


@pytest.fixture(scope="module")
def shop(shop_app: Starlette) -> Iterator[LiveServer]:
    with LiveServer(shop_app) as server:
        yield server


@pytest.fixture
def url(shop: LiveServer, shop_app: Starlette) -> str:
    shop_app.state.handle.reset()
    return shop.url


def in_threads(url: str, count: int, work: Callable[[httpx.Client, int], Any]) -> list[Any]:
    """Run ``work(client, index)`` in ``count`` threads, released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(index: int) -> Any:
        with httpx.Client(base_url=url, auth=(CK, CS), timeout=30) as client:
            barrier.wait()
            return work(client, index)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def create(client: httpx.Client, email: str) -> int:
    response = client.post(V3, json={"email": email})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_threads_updating_one_customer_lose_no_meta(url):
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        customer = create(client, "shared@example.org")

    def add_own_keys(client: httpx.Client, thread: int) -> list[int]:
        statuses = []
        for step in range(10):
            meta = [{"key": f"thread{thread}_step{step}", "value": step}]
            statuses.append(client.put(f"{V3}/{customer}", json={"meta_data": meta}).status_code)
        return statuses

    results = in_threads(url, THREADS, add_own_keys)

    assert all(status == 200 for statuses in results for status in statuses)
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        meta = client.get(f"{V3}/{customer}").json()["meta_data"]
    written = {m["key"]: m["value"] for m in meta if m["key"].startswith("thread")}
    assert written == {f"thread{t}_step{s}": str(s) for t in range(THREADS) for s in range(10)}
    assert len({m["id"] for m in meta}) == len(meta)  # meta ids stay unique


def test_threads_updating_different_fields_of_one_customer_keep_every_field(url):
    fields = ["first_name", "last_name", "company", "address_1", "address_2", "city", "postcode", "state"]
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        customer = create(client, "fields@example.org")

    def write_own_field(client: httpx.Client, thread: int) -> set[int]:
        name = fields[thread]
        return {
            client.put(f"{V3}/{customer}", json={"billing": {name: f"{name}-{step}"}}).status_code for step in range(10)
        }

    assert in_threads(url, len(fields), write_own_field) == [{200}] * len(fields)
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        billing = client.get(f"{V3}/{customer}").json()["billing"]
    assert {name: billing[name] for name in fields} == {name: f"{name}-9" for name in fields}


def test_racing_creates_with_one_email_make_exactly_one_customer(url):
    def sign_up(client: httpx.Client, thread: int) -> tuple[int, str]:
        response = client.post(V3, json={"email": "Race@Example.org" if thread % 2 else "race@example.org"})
        body = response.json()
        return response.status_code, body.get("code", "created")

    outcomes = Counter(in_threads(url, 16, sign_up))

    assert outcomes == {(201, "created"): 1, (400, "registration-error-email-exists"): 15}
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        listed = client.get(V3, params={"email": "race@example.org"})
    assert listed.headers["x-wp-total"] == "1"


def test_racing_creates_and_batches_give_unique_ids_emails_and_usernames(url):
    def sign_up_many(client: httpx.Client, thread: int) -> list[dict[str, Any]]:
        made = []
        for step in range(3):
            response = client.post(V3, json={"email": f"t{thread}s{step}@example.org"})
            assert response.status_code == 201, response.text
            made.append(response.json())
        batch = client.post(
            f"{V3}/batch",
            json={"create": [{"email": f"b{thread}n{n}@example.org"} for n in range(4)]},
        )
        assert batch.status_code == 200, batch.text
        made += batch.json()["create"]
        return made

    made = [c for per_thread in in_threads(url, THREADS, sign_up_many) for c in per_thread]

    assert len(made) == THREADS * 7
    assert sorted(c["id"] for c in made) == list(range(3, 3 + len(made)))  # sequential, none skipped or reused
    assert len({c["email"] for c in made}) == len(made)
    assert len({c["username"].lower() for c in made}) == len(made)
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        listed = client.get(V3, params={"per_page": 100})
    assert listed.headers["x-wp-total"] == str(len(made))
    assert sorted(c["id"] for c in listed.json()) == sorted(c["id"] for c in made)


def test_asyncio_clients_creating_and_deleting_keep_totals_consistent(url):
    async def scenario() -> tuple[list[int], list[int]]:
        async with httpx.AsyncClient(base_url=url, auth=(CK, CS), timeout=30) as client:
            created = await asyncio.gather(
                *(client.post(V3, json={"email": f"async{n}@example.org"}) for n in range(40))
            )
            ids = [r.json()["id"] for r in created if r.status_code == 201]
            deleted = await asyncio.gather(
                *(client.delete(f"{V3}/{i}", params={"force": "true"}) for i in ids[::2]),
                client.post(f"{V3}/batch", json={"delete": ids[1::4]}),
            )
            return ids, [r.status_code for r in deleted]

    ids, statuses = asyncio.run(scenario())

    assert len(ids) == 40
    assert statuses == [200] * (len(ids[::2]) + 1)
    remaining = sorted(set(ids) - set(ids[::2]) - set(ids[1::4]))
    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        listed = client.get(V3, params={"per_page": 100, "orderby": "id"})
    assert listed.headers["x-wp-total"] == str(len(remaining))
    assert [c["id"] for c in listed.json()] == remaining


def test_asyncio_updates_to_distinct_customers_all_land(url):
    async def scenario() -> list[int]:
        async with httpx.AsyncClient(base_url=url, auth=(CK, CS), timeout=30) as client:
            created = await asyncio.gather(*(client.post(V3, json={"email": f"u{n}@example.org"}) for n in range(10)))
            ids = [r.json()["id"] for r in created]
            updates = [
                client.put(f"{V3}/{i}", json={"first_name": f"Name{i}-{round_}"}) for round_ in range(5) for i in ids
            ]
            batches = [
                client.post(f"{V3}/batch", json={"update": [{"id": i, "last_name": f"Batch{i}"} for i in ids]})
                for _ in range(3)
            ]
            answers = await asyncio.gather(*updates, *batches)
            assert {r.status_code for r in answers} == {200}
            return ids

    ids = asyncio.run(scenario())

    with httpx.Client(base_url=url, auth=(CK, CS)) as client:
        customers = {c["id"]: c for c in client.get(V3, params={"per_page": 100}).json()}
    assert sorted(customers) == sorted(ids)
    for i in ids:
        assert customers[i]["first_name"].startswith(f"Name{i}-")
        assert customers[i]["last_name"] == f"Batch{i}"


def test_the_journal_records_every_concurrent_request_once(url):
    with httpx.Client(base_url=url) as control:
        assert control.delete("/__wcmock__/journal").status_code == 200

    def browse(client: httpx.Client, thread: int) -> int:
        for page in range(1, 6):
            assert client.get(V3, params={"page": page, "role": "all"}).status_code == 200
        assert client.post(V3, json={"email": f"journal{thread}@example.org"}).status_code == 201
        return 6

    sent = sum(in_threads(url, THREADS, browse))

    with httpx.Client(base_url=url) as control:
        journal = control.get("/__wcmock__/journal").json()
    assert len(journal) == sent
    assert len({entry["id"] for entry in journal}) == sent
    assert Counter(entry["method"] for entry in journal) == {"GET": THREADS * 5, "POST": THREADS}
    assert Counter(entry["status"] for entry in journal) == {200: THREADS * 5, 201: THREADS}


def test_a_fault_for_n_calls_fires_exactly_n_times_under_concurrency(url):
    with httpx.Client(base_url=url) as control:
        rule = control.post(
            "/__wcmock__/faults",
            json={"action": "status", "status": 503, "times": 7, "method": "GET", "path": "^/wc/v3/customers$"},
        )
        assert rule.status_code == 201, rule.text

    def poll(client: httpx.Client, thread: int) -> list[int]:
        return [client.get(V3).status_code for _ in range(5)]

    statuses = Counter(s for per_thread in in_threads(url, THREADS, poll) for s in per_thread)

    assert statuses == {503: 7, 200: THREADS * 5 - 7}
    with httpx.Client(base_url=url) as control:
        (fault,) = control.get("/__wcmock__/faults").json()
        journal = control.get("/__wcmock__/journal").json()
    assert (fault["matched"], fault["fired"]) == (THREADS * 5, 7)
    assert Counter(entry["fault"] for entry in journal) == {"status": 7, None: THREADS * 5 - 7}


def test_a_customer_being_updated_is_never_missing_for_a_reader_on_another_thread() -> None:
    """Reads take no lock, so every moment of an update must leave the customer findable.

    Each change is told to the users table's watchers while it is made; a watcher looking the
    customer up stands in for a GET on another thread at that moment. Removing the old record and
    then putting the new one once left a moment with neither (a 404 among concurrent 200s).
    """
    from wcmock import build_store
    from wcmock.resources.customers.backend import customers_of

    store = build_store(["wc-e2e"])
    customers = customers_of(store)
    customer = next(iter(store.users))
    seen: list[Any] = []
    store.users.watchers.append(lambda old, new: seen.append(store.users.lookup(customer.id)))

    customers.update(customer.id, {"email": "new@x.test", "first_name": "Renamed"})

    assert seen
    assert None not in seen
    assert store.users.lookup(customer.id).first_name == "Renamed"
    assert store.users.by_email("new@x.test").id == customer.id
    assert store.users.by_email(customer.email) is None  # the old address is free again


class _WatchedTable(dict):  # type: ignore[type-arg]
    """A products table that remembers every id taken out of it, even for a moment."""

    removed: list[int]

    def __delitem__(self, key: Any) -> None:
        self.removed.append(key)
        super().__delitem__(key)


def test_a_product_being_updated_never_leaves_the_table_for_a_reader_on_another_thread() -> None:
    from wcmock import build_store
    from wcmock.resources.products.backend import products_of

    products = products_of(build_store(["wc-e2e"]))
    product_id = products.create({"name": "Hoodie", "sku": "hoodie"}).id
    table = _WatchedTable(products.state.products)
    table.removed = []
    products.state.products = table

    products.update(product_id, {"name": "Renamed", "sku": "renamed-sku"})

    assert table.removed == []
    assert products.state.products[product_id].name == "Renamed"
