"""Everything wcmock records can be read back, and nothing secret is recorded in clear."""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import create_app
from wcmock.harness.journal import BODY_LIMIT, HELD, Journal

TOKEN = base64.b64encode(f"{CK}:{CS}".encode()).decode()
CUSTOMERS = "/wp-json/wc/v3/customers"


@pytest.fixture
def api() -> Iterator[TestClient]:
    with TestClient(create_app(), headers={"Authorization": f"Basic {TOKEN}"}) as client:
        yield client


def test_a_refused_100000_deep_body_can_be_read_back(api: TestClient) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    assert api.post(CUSTOMERS, content=deep, headers={"Content-Type": "application/json"}).status_code == 400
    for depth in (600, 990, 5_000, 30_000):
        api.post(CUSTOMERS, content=b"[" * depth + b"]" * depth, headers={"Content-Type": "application/json"})

    journal = api.get("/__wcmock__/journal")

    assert journal.status_code == 200, journal.text
    assert len(journal.json()) == 5
    assert all(isinstance(entry["body"], str) for entry in journal.json()[2:])


def test_a_deep_form_body_and_query_can_be_read_back(api: TestClient) -> None:
    deep = "a" + "[]" * 5_000 + "=1"
    api.get(f"{CUSTOMERS}?{deep}")
    api.post(CUSTOMERS, content=deep.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert api.get("/__wcmock__/journal").status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [f"Basic\t{TOKEN}", TOKEN, f"basic  {TOKEN}", f"Basic{TOKEN}", f" Basic {TOKEN}", f"Bearer\t{CS}"],
)
def test_the_journal_never_keeps_a_credential_however_it_is_spelled(api: TestClient, authorization: str) -> None:
    api.get(CUSTOMERS, headers={"Authorization": authorization})
    text = api.get("/__wcmock__/journal").text
    assert TOKEN not in text
    assert CS not in text


def test_a_form_encoded_webhook_secret_is_masked(api: TestClient) -> None:
    form = "topic=customer.created&delivery_url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&secret=form-secret-123"
    created = api.post(
        "/wp-json/wc/v3/webhooks", content=form.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert created.status_code == 201, created.text
    nested = "email=n%40example.org&meta_data[0][key]=k&meta_data[0][password]=nested-secret-456"
    api.post(CUSTOMERS, content=nested.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})

    text = api.get("/__wcmock__/journal").text

    assert "form-secret-123" not in text
    assert "nested-secret-456" not in text


# ---------------------------------------------------------------------- answers held by reference

ROUTE = "/wc/v3/products"


def _shared(journal: Journal, source: object, made: bytes | Callable[[], bytes], size: int) -> None:
    journal.add_shared("GET", ROUTE, "per_page=100", {"host": "x"}, 200, made, source, size, 1.0, 5)


def _copied(journal: Journal, response: bytes) -> None:
    journal.add("GET", ROUTE, "per_page=100", {"host": "x"}, b"", 200, response, 1.0, None, 5)


def test_an_answer_held_by_reference_is_counted_once_and_read_back_cut() -> None:
    """A kept answer given again is one object: ten entries holding it count it once, and their own
    bytes; read back, each entry's answer is cut as a copied one is, and counted so."""
    page = b"[" + b"7" * 200_000 + b"]"
    journal = Journal()
    for _ in range(10):
        _shared(journal, page, page, len(page))
    own = journal.size_bytes() - len(page)
    assert 0 < own < 10 * 2 * HELD

    entries = journal.entries()

    assert [e.response_bytes for e in entries] == [page[:BODY_LIMIT]] * 10
    assert journal.size_bytes() == sum(e.size for e in entries) == own + 10 * (BODY_LIMIT - HELD)


def test_an_answer_made_again_is_made_when_read_and_its_source_goes_with_its_last_entry() -> None:
    made: list[int] = []

    def page(n: int) -> bytes:
        made.append(n)
        return b"%d" % n * 100_000

    journal = Journal(limit=3)
    plan = object()
    for n in range(3):
        _shared(journal, plan, functools.partial(page, n), 500_000)
    assert journal.size_bytes() > 500_000
    for _ in range(3):
        _copied(journal, b"{}")
    assert journal.size_bytes() == sum(e.size for e in journal.entries()) < 3 * 1000  # the plan is not counted
    assert made == []  # its entries went unread: nothing made

    _shared(journal, plan, functools.partial(page, 7), 500_000)
    assert [e.response_bytes for e in journal.entries()][-1] == (b"7" * 100_000)[:BODY_LIMIT]
    assert made == [7]


@pytest.mark.parametrize("max_bytes", [5 * 70_000, 1, 40 * 70_000])
def test_a_journal_of_answers_held_by_reference_reads_back_as_one_of_copies(max_bytes: int) -> None:
    """Recorded by reference, the journal keeps more entries than their copies would fit, until read:
    then it holds what it would have held had it cut a copy of each as it recorded it."""
    pages = [bytes([65 + n % 26]) * (100_000 + n) for n in range(30)]
    shared, copied = Journal(max_bytes=max_bytes), Journal(max_bytes=max_bytes)
    for n, page in enumerate(pages):
        _shared(shared, pages[n - n % 3], page, len(pages[n - n % 3]))  # three entries a source
        _copied(copied, page)
    assert shared.size_bytes() <= max(max_bytes, 2 * 100_100)
    assert [(e.id, e.response_bytes, e.size) for e in shared.entries()] == [
        (e.id, e.response_bytes, e.size) for e in copied.entries()
    ]
    assert shared.size_bytes() == copied.size_bytes()
