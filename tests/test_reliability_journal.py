"""Everything wcmock records can be read back, and nothing secret is recorded in clear."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY as CK
from wcmock import DEFAULT_CONSUMER_SECRET as CS
from wcmock import create_app

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
