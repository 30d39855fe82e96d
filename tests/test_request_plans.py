"""Request plans (``RestServer.plan``): what the pipeline makes of a request before its body and the
store (route, endpoint, method, body kind, the key its Basic credentials named) is kept per client
and path, and every answer is the one the full path gives, byte for byte, also right after a key is
revoked or changed, a setting changed, a user demoted or deleted, or the route table replaced.

Each comparison drives two apps built alike, one of which forgets its plans before every request.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from starlette.applications import Starlette

from wcmock import create_app
from wcmock.harness.in_process import in_process_client
from wcmock.rest.server import Endpoint, RestResponse, RestServer, Route
from wcmock.store import ApiKey, Store

CK, CS = "ck_" + "1" * 40, "cs_" + "2" * 40
MANAGER = ("ck_" + "3" * 40, "cs_" + "4" * 40)
SHOPPER = ("ck_" + "5" * 40, "cs_" + "6" * 40)
BASE = "/wp-json/wc/v3/customers"
PEOPLE = [
    {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator"},
    {"id": 2, "username": "manager", "email": "manager@example.com", "role": "shop_manager"},
    {"id": 3, "username": "shopper", "email": "shopper@example.com", "role": "customer"},
    {"id": 4, "username": "other", "email": "other@example.com", "role": "customer"},
]


def basic(ck: str, cs: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{ck}:{cs}".encode()).decode()}


ADMIN = basic(CK, CS)
MERGE = {**ADMIN, "Content-Type": "application/merge+json"}


def make_app(tmp_path: Path, name: str) -> Starlette:
    fixture = tmp_path / f"{name}.json"
    fixture.write_text(json.dumps({"customers": PEOPLE, "settings": {"now": "2026-01-02T03:04:05"}}))
    return create_app(
        fixtures=[fixture],
        consumer_key=CK,
        consumer_secret=CS,
        api_keys=[f"{MANAGER[0]}:{MANAGER[1]}:2", f"{SHOPPER[0]}:{SHOPPER[1]}:3"],
        answer_cache=False,  # every GET takes the full path (and its plan)
    )


def server_of(app: Starlette) -> RestServer:
    server: RestServer = app.state.server
    return server


def store_of(app: Starlette) -> Store:
    store: Store = app.state.store
    return store


@pytest.fixture
def app(tmp_path: Path) -> Starlette:
    return make_app(tmp_path, "planned")


@pytest.fixture
def api(app: Starlette) -> Iterator[httpx.Client]:
    with in_process_client(app) as client:
        yield client


def answer(client: httpx.Client, method: str, url: str, **options: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    response = client.request(method, url, **options)
    return response.status_code, list(response.headers.multi_items()), response.content


REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", f"{BASE}/3", {"headers": ADMIN}),
    ("GET", f"{BASE}?per_page=2&_fields=id,email", {"headers": ADMIN}),
    ("GET", f"{BASE}?consumer_key={CK}&consumer_secret={CS}", {}),
    ("GET", f"{BASE}?consumer_key={CK}&consumer_secret=wrong", {}),
    ("POST", BASE, {"headers": ADMIN, "json": {"email": "new@example.com"}}),
    ("POST", BASE, {"headers": ADMIN, "json": {"email": "new@example.com"}}),  # taken now: an error
    ("POST", BASE, {"headers": ADMIN, "json": {"email": "not an email"}}),
    ("PUT", f"{BASE}/3", {"headers": ADMIN, "json": {"first_name": "Ann"}}),
    ("PUT", f"{BASE}/3", {"headers": MERGE, "content": b'{"last_name": "B"}'}),
    ("PUT", f"{BASE}/3", {"headers": {**ADMIN, "Content-Type": "application/json"}, "content": b"[1]"}),
    ("PUT", f"{BASE}/3", {"headers": {**ADMIN, "Content-Type": "application/json"}, "content": b"{"}),
    ("PUT", f"{BASE}/3", {"headers": ADMIN, "data": {"first_name": "Form"}}),
    ("PUT", f"{BASE}/3", {"headers": {**ADMIN, "Content-Type": ""}, "content": b"first_name=Bare"}),
    ("POST", f"{BASE}/3?_method=PUT", {"headers": ADMIN, "json": {"first_name": "Over"}}),
    ("POST", f"{BASE}/3", {"headers": {**ADMIN, "X-HTTP-Method-Override": "PUT"}, "json": {"first_name": "Head"}}),
    ("GET", f"{BASE}/3?_jsonp=bad(", {"headers": ADMIN}),
    ("GET", f"{BASE}/3?_jsonp=callback", {"headers": ADMIN}),
    ("HEAD", f"{BASE}/3", {"headers": ADMIN}),
    ("OPTIONS", BASE, {"headers": ADMIN}),
    ("OPTIONS", "/wp-json/wc/v3/nothing", {"headers": ADMIN}),
    ("GET", "/wp-json/wc/v3/nothing", {"headers": ADMIN}),
    ("DELETE", f"{BASE}/4", {"headers": ADMIN}),
    ("PATCH", f"{BASE}/3", {"headers": ADMIN, "json": {"first_name": "Patched"}}),
    ("GET", f"{BASE}/3", {}),
    ("GET", f"{BASE}/3", {"headers": basic(CK, "wrong")}),
    ("GET", f"{BASE}/3", {"headers": basic(*SHOPPER)}),
    ("GET", f"{BASE}/3", {"headers": basic(*MANAGER)}),
    ("GET", "/wp-json/", {"headers": ADMIN}),
    ("GET", "/wp-json/wc/v3", {"headers": ADMIN}),
    ("DELETE", f"{BASE}/4?force=true", {"headers": ADMIN}),
]


def test_every_answer_is_the_full_paths_byte_for_byte(tmp_path: Path) -> None:
    planned, fresh = make_app(tmp_path, "planned"), make_app(tmp_path, "fresh")
    with in_process_client(planned) as fast, in_process_client(fresh) as slow:
        for _ in range(3):  # later rounds start from the plans (and the bodies checked) kept before
            for method, url, options in REQUESTS:
                server_of(fresh)._plans.clear()
                server_of(fresh)._bodies.clear()
                assert answer(fast, method, url, **options) == answer(slow, method, url, **options), (method, url)
    assert server_of(planned)._plans
    assert server_of(planned)._bodies  # the PUTs' bodies, sent three times
    assert not server_of(fresh)._plans or len(server_of(fresh)._plans) == 1


def planned_then(api: httpx.Client, app: Starlette, method: str, url: str, **options: Any) -> httpx.Response:
    """The request twice (its plan kept, its key known), the second answer."""
    api.request(method, url, **options)
    response = api.request(method, url, **options)
    assert any(plan.known is not None for plan in server_of(app)._plans.values())
    return response


def test_a_revoked_key_is_refused_at_the_next_request(api: httpx.Client, app: Starlette) -> None:
    assert planned_then(api, app, "GET", f"{BASE}/3", headers=ADMIN).status_code == 200
    del store_of(app).keys[CK]
    response = api.get(f"{BASE}/3", headers=ADMIN)
    assert (response.status_code, response.json()["code"]) == (401, "woocommerce_rest_cannot_view")


def test_a_key_given_another_secret_refuses_the_old_one(api: httpx.Client, app: Starlette) -> None:
    assert planned_then(api, app, "GET", f"{BASE}/3", headers=ADMIN).status_code == 200
    store_of(app).keys[CK].consumer_secret = "cs_" + "9" * 40
    response = api.get(f"{BASE}/3", headers=ADMIN)
    assert (response.status_code, response.json()["message"]) == (401, "Consumer secret is invalid.")


def test_a_key_replaced_acts_as_its_new_user(api: httpx.Client, app: Starlette) -> None:
    assert planned_then(api, app, "GET", BASE, headers=ADMIN).status_code == 200
    store_of(app).add_key(ApiKey(CK, CS, 3))  # the same credentials, now the shopper's
    response = api.get(BASE, headers=ADMIN)
    assert (response.status_code, response.json()["code"]) == (403, "woocommerce_rest_cannot_view")


def test_a_key_limited_to_reading_refuses_the_next_write(api: httpx.Client, app: Starlette) -> None:
    body = {"first_name": "Ann"}
    assert planned_then(api, app, "PUT", f"{BASE}/3", headers=ADMIN, json=body).status_code == 200
    store_of(app).keys[CK].permissions = "read"
    response = api.put(f"{BASE}/3", headers=ADMIN, json=body)
    assert (response.status_code, response.json()["message"]) == (
        401,
        "The API key provided does not have write permissions.",
    )


@pytest.mark.parametrize("setting", ["strip_authorization", "basic_auth_over_http"])
def test_a_setting_that_keeps_basic_keys_out_takes_effect_at_the_next_request(
    api: httpx.Client, app: Starlette, setting: str
) -> None:
    assert planned_then(api, app, "GET", f"{BASE}/3", headers=ADMIN).status_code == 200
    settings = store_of(app).settings
    setattr(settings, setting, not getattr(settings, setting))
    response = api.get(f"{BASE}/3", headers=ADMIN)
    assert (response.status_code, response.json()["code"]) == (401, "woocommerce_rest_cannot_view")


def test_auth_turned_off_acts_as_the_administrator_at_the_next_request(api: httpx.Client, app: Starlette) -> None:
    shopper = basic(*SHOPPER)
    assert planned_then(api, app, "GET", BASE, headers=shopper).status_code == 403
    store_of(app).settings.auth = False
    assert api.get(BASE, headers=shopper).status_code == 200


def test_a_demoted_user_is_refused_at_the_next_request(api: httpx.Client, app: Starlette) -> None:
    manager = basic(*MANAGER)
    assert planned_then(api, app, "GET", BASE, headers=manager).status_code == 200
    store = store_of(app)
    with store.lock:  # as a site admin would, in WordPress (REST leaves a shop manager's role alone)
        current = store.users.lookup(2)
        demoted = current.copy()
        demoted.role = "customer"
        store.users.replace(current, demoted)
    response = api.get(BASE, headers=manager)
    assert (response.status_code, response.json()["code"]) == (403, "woocommerce_rest_cannot_view")


def test_a_deleted_user_is_refused_at_the_next_request(api: httpx.Client, app: Starlette) -> None:
    shopper = basic(*SHOPPER)
    assert planned_then(api, app, "GET", BASE, headers=shopper).status_code == 403  # a customer lists none
    assert api.delete(f"{BASE}/3?force=true", headers=ADMIN).status_code == 200  # and their keys with them
    response = api.get(BASE, headers=shopper)
    assert (response.status_code, response.json()["code"]) == (401, "woocommerce_rest_cannot_view")


def test_a_route_table_replaced_is_what_the_next_request_reaches() -> None:
    from wcmock.rest.server import RawRequest

    def route(text: str) -> Route:
        return Route("/demo/things", "demo", [Endpoint(("GET",), lambda request: RestResponse({"said": text}))])

    server = RestServer(Store(), [route("before")])
    raw = RawRequest("GET", "demo/things", "", {}, b"", "http://demo")
    assert server.answer(raw).body == server.answer(raw).body == b'{"said":"before"}'
    server.routes = [route("after")]
    assert server.answer(raw).body == b'{"said":"after"}'


def demo_server(args: dict[str, dict[str, Any]]) -> tuple[RestServer, Endpoint]:
    """A route whose handler changes the parameters it is given and answers them."""

    def handler(request: Any) -> RestResponse:
        params = request.params
        params["items"][0]["n"] += 1
        params["tags"].append("seen")
        params["nested"]["deep"]["n"] += 1
        return RestResponse(params)

    endpoint = Endpoint(("POST",), handler, args=args)
    return RestServer(Store(), [Route("/demo/things", "demo", [endpoint])]), endpoint


def post(server: RestServer, body: bytes) -> bytes:
    from wcmock.rest.server import RawRequest

    headers = {"content-type": "application/json"}
    return server.answer(RawRequest("POST", "demo/things", "", headers, body, "http://demo")).body


BODY = b'{"items": [{"n": 1}], "tags": ["a"], "nested": {"deep": {"n": 1}}}'


def test_a_body_checked_before_is_handed_out_as_the_handlers_own() -> None:
    server, _ = demo_server({"kind": {"type": "string", "default": "plain"}})
    answers = [post(server, BODY) for _ in range(5)]
    assert server._bodies  # kept from the second
    assert answers == [answers[0]] * 5
    assert b'"tags":["a","seen"]' in answers[0]
    assert b'"kind":"plain"' in answers[0]


def test_an_endpoints_arguments_replaced_are_what_the_next_body_is_checked_by() -> None:
    server, endpoint = demo_server({"kind": {"type": "string", "default": "plain"}})
    for _ in range(3):
        assert b'"kind":"plain"' in post(server, BODY)
    endpoint.args = {"kind": {"type": "string", "default": "fancy"}}
    assert b'"kind":"fancy"' in post(server, BODY)


def test_a_body_refused_is_refused_every_time() -> None:
    server, _ = demo_server({"kind": {"type": "string", "enum": ["plain"]}})
    refused = b'{"kind": "odd", "items": [{"n": 1}], "tags": [], "nested": {"deep": {"n": 1}}}'
    answers = [post(server, refused) for _ in range(3)]
    assert answers == [answers[0]] * 3
    assert b"rest_invalid_param" in answers[0]
    assert not server._bodies
