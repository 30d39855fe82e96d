"""The webhook contract: the real store's recorded webhook exchanges and deliveries, replayed.

``golden/webhooks-recorded.json`` records the ``wc/v3/webhooks`` exchanges of a real WooCommerce
10.0.2 store and every POST it then made to a receiver, in arrival order. The store delivered
synchronously; wcmock delivers in the background, so the test waits for the queue after every
exchange and then compares the whole list: the same pings and deliveries, in the same order, with
the same headers and bodies. Signatures are checked with our own HMAC code against each webhook's
secret, and delivery ids for their shape, before both are put back to the recording's placeholders.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from starlette.applications import Starlette

from tests.conftest import CK, CS
from wcmock import LiveServer, Store
from wcmock.resources.webhooks.backend import webhooks_of

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import replay  # noqa: E402  (the recording tool, copied beside this test)

RECORDINGS = ("webhooks-recorded.json", "webhooks-store-recorded.json")  # customers; products and orders
SIGNATURE = "<base64 HMAC-SHA256 of the raw body, key = webhook secret>"
DELIVERY_ID = "<32 hex chars, one per delivery>"
DELIVERY_HEADERS = ("User-Agent", "Content-Type")  # and every X-WC-Webhook-* header


def our_signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def as_recorded(raw: Any, base: str, receiver: str) -> Any:
    """Normalise like the recording: base URL, keys, clock and meta ids, and the receiver's URL."""
    return json.loads(json.dumps(replay.normalise(raw, base, CK, CS)).replace(receiver, "{receiver}"))


def recorded_delivery(headers: dict[str, str], body: bytes, secrets: dict[str, str], base: str) -> dict[str, Any]:
    """One request the receiver got, in the recording's terms, after checking what it cannot hold."""
    kept = {name: headers[name] for name in DELIVERY_HEADERS if name in headers}
    kept |= {
        name.replace("Wc", "WC").replace("-Id", "-ID"): value
        for name, value in headers.items()
        if name.lower().startswith("x-wc-webhook-")
    }
    if "X-WC-Webhook-Signature" in kept:
        assert kept["X-WC-Webhook-Signature"] == our_signature(body, secrets[kept["X-WC-Webhook-ID"]])
        kept["X-WC-Webhook-Signature"] = SIGNATURE
    if "X-WC-Webhook-Delivery-ID" in kept:
        assert re.fullmatch(r"[0-9a-f]{32}", kept["X-WC-Webhook-Delivery-ID"])
        kept["X-WC-Webhook-Delivery-ID"] = DELIVERY_ID
    is_json = headers.get("Content-Type") == "application/json"
    payload = json.loads(body) if is_json else {"<form>": body.decode()}  # pings are form posts
    return {"headers": replay.normalise(kept, base, CK, CS), "body": replay.normalise(payload, base, CK, CS)}


@pytest.fixture
def frozen_store(store: Store) -> Iterator[Store]:
    """The recording store made its webhooks within one second, so MySQL listed them in id order: a
    frozen clock keeps that true on a loaded machine, where the exchanges may span a second."""
    store.clock.freeze()
    yield store
    store.clock.unfreeze()


@pytest.mark.parametrize("name", RECORDINGS)
def test_webhook_exchanges_and_deliveries_match_the_recording(
    name: str, live_server: LiveServer, frozen_store: Store, e2e_app: Starlette, httpserver: HTTPServer
) -> None:
    store = frozen_store
    recording = json.loads((HERE / "golden" / name).read_text())
    for path in ("/hook", "/orders", "/products"):
        httpserver.expect_request(path, method="POST").respond_with_data("ok")
    receiver = httpserver.url_for("").rstrip("/")
    env = {"receiver": receiver}
    failures: dict[str, list[str]] = {}
    secrets: dict[str, str] = {}  # webhook id -> secret, kept as they come (the last one is deleted)
    for recorded in recording["exchanges"]:
        status, _, raw = replay.send(live_server.url, CK, CS, recorded["request"], env)
        e2e_app.state.handle.wait_for_deliveries(10)
        secrets |= {str(webhook.id): webhook.secret for webhook in webhooks_of(store).all()}
        got = {"status": status, "headers": {}, "body": as_recorded(json.loads(raw), live_server.url, receiver)}
        diffs = replay.compare_exchange({**recorded, "headers": {}}, got)
        if diffs:
            failures[recorded["step"]] = diffs
    assert not failures, json.dumps(failures, indent=1)

    delivered = [
        recorded_delivery(dict(request.headers), request.get_data(), secrets, live_server.url)
        for request, _ in httpserver.log
    ]
    assert replay.differences(recording["deliveries"], delivered) == []
    assert delivered == recording["deliveries"]
