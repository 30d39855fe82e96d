"""Secrets stay secret, and wcmock's own limits answer clearly.

After a session of varied requests (Basic, query-string and OAuth 1.0a authentication, right and
wrong secrets, passwords in JSON, form and query bodies, in batches and in broken JSON), no
consumer secret, password or Authorization header value appears in any response, in the server's
logs, in the journal, in an error message or in the state dump.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator

import httpx2 as httpx
import pytest
from starlette.applications import Starlette
from woocommerce import API

from wcmock import LiveServer, create_app
from wcmock.app import MAX_BODY_BYTES

KEY = "ck_" + "5" * 40
SECRET = "cs_" + "5ec2e7" * 6 + "5ec2"
WRONG_SECRET = "cs_" + "bad5ec2e7" * 4 + "bad5"
PASSWORDS = {
    place: f"Pw-{place}-Hunter2"
    for place in (
        "create",
        "update",
        "admin",
        "batch-create",
        "batch-update",
        "form",
        "query",
        "broken-json",
        "no-type",
    )
}
CLIENT_LOGGERS = ("httpx", "httpcore", "urllib3", "requests")  # the test's own HTTP clients log their URLs
V3 = "/wp-json/wc/v3/customers"


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


SECRETS = [
    SECRET,
    WRONG_SECRET,
    *PASSWORDS.values(),
    basic(KEY, SECRET).split()[1],
    basic(KEY, WRONG_SECRET).split()[1],
]


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture(scope="module")
def secret_app() -> Starlette:
    return create_app(fixtures=["wc-e2e"], consumer_key=KEY, consumer_secret=SECRET)


@pytest.fixture
def server(secret_app: Starlette) -> Iterator[LiveServer]:
    with LiveServer(secret_app) as live:
        secret_app.state.handle.reset()
        yield live


@pytest.fixture
def server_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything wcmock and uvicorn log, down to uvicorn's TRACE level.

    uvicorn's loggers do not propagate to the root, so the capture is attached to ``uvicorn`` (which
    ``uvicorn.error`` reaches). Not to ``uvicorn.access``: uvicorn writes access lines whenever that
    logger has a handler, and wcmock serves with the access log off.
    """
    uvicorn = logging.getLogger("uvicorn")
    error = logging.getLogger("uvicorn.error")
    levels = (uvicorn.level, error.level)
    uvicorn.addHandler(caplog.handler)
    uvicorn.setLevel(1)
    error.setLevel(1)
    caplog.set_level(1)
    yield caplog
    uvicorn.removeHandler(caplog.handler)
    uvicorn.setLevel(levels[0])
    error.setLevel(levels[1])


def varied_session(url: str) -> list[httpx.Response]:
    """What a busy, sloppy integration sends in an afternoon."""
    answers = []
    with httpx.Client(base_url=url, headers={"Authorization": basic(KEY, SECRET)}) as client:
        answers += [
            client.get(V3, params={"role": "all"}),
            client.get(f"{V3}/1"),
            client.post(V3, json={"email": "ana@example.org", "password": PASSWORDS["create"]}),
            client.put(f"{V3}/3", json={"password": PASSWORDS["update"], "first_name": "Ana"}),
            client.put(f"{V3}/1", json={"password": PASSWORDS["admin"]}),  # 403: admins' passwords are locked
            client.post(V3, json={"email": "ana@example.org", "password": PASSWORDS["create"]}),  # 400: taken
            client.post(
                f"{V3}/batch",
                json={
                    "create": [{"email": "bea@example.org", "password": PASSWORDS["batch-create"]}],
                    "update": [{"id": 3, "password": PASSWORDS["batch-update"]}, {"id": 99, "password": "x"}],
                },
            ),
            client.post(V3, data={"email": "caio@example.org", "password": PASSWORDS["form"]}),
            client.post(V3, params={"email": "dora@example.org", "password": PASSWORDS["query"]}),
            client.post(
                V3,
                content=f'{{"email": "eli@example.org", "password": "{PASSWORDS["broken-json"]}"',
                headers={"Content-Type": "application/json"},
            ),
            client.put(f"{V3}/3", content=f"password={PASSWORDS['no-type']}&last_name=Silva"),
        ]
    with httpx.Client(base_url=url, headers={"Authorization": basic(KEY, WRONG_SECRET)}) as client:
        answers.append(client.get(V3))
    with httpx.Client(base_url=url) as client:
        answers += [
            client.get(V3, params={"consumer_key": KEY, "consumer_secret": SECRET}),
            client.get(V3, params={"consumer_key": KEY, "consumer_secret": WRONG_SECRET}),
            client.get(f"{V3}/1", params={"consumer_key": KEY, "consumer_secret": SECRET, "_envelope": "1"}),
        ]
    for secret in (SECRET, WRONG_SECRET):
        api = API(url=url, consumer_key=KEY, consumer_secret=secret, version="wc/v3", timeout=10)
        for response in (api.get("customers"), api.post("customers", {"email": f"oauth{len(secret)}@example.org"})):
            answers.append(
                httpx.Response(response.status_code, headers=dict(response.headers), content=response.content)
            )
    return answers


def test_a_varied_session_leaks_no_secret(server, server_logs, capfd):
    answers = varied_session(server.url)

    statuses = [a.status_code for a in answers]
    assert statuses == [200, 200, 201, 200, 403, 400, 200, 201, 201, 400, 200, 401, 200, 401, 200, 200, 201, 401, 401]
    assert answers[11].json()["code"] == "woocommerce_rest_authentication_error"  # wrong Basic secret
    assert answers[-1].json()["message"] == "Invalid signature - provided signature does not match."
    with httpx.Client(base_url=server.url) as control:
        journal = control.get("/__wcmock__/journal")
        state = control.get("/__wcmock__/state")
    assert len(journal.json()) == len(answers)
    assert {c["email"] for c in state.json()["customers"]} >= {"ana@example.org", "bea@example.org"}
    server_records = [r for r in server_logs.records if not r.name.startswith(CLIENT_LOGGERS)]
    assert server_records, "the server logged nothing: the log capture is not wired"
    captured = capfd.readouterr()

    leaks = {
        "responses": leaked(
            "\n".join(
                a.text + json.dumps({name: value for name, value in a.headers.items() if name != "link"})  # next test
                for a in answers
            )
        ),
        "journal": leaked(journal.text),
        "state": leaked(state.text),
        "logs": leaked("\n".join(f"{r.name} {r.getMessage()}" for r in server_records)),
        "stderr": leaked(captured.out + captured.err),
    }
    assert leaks == {place: [] for place in leaks}


def test_paging_links_repeat_query_string_credentials(server):
    # A real store copies every query parameter into the paging `Link` header, consumer_secret
    # included (the reference's quirk 17); callers who put their secret in the URL get it back.
    with httpx.Client(base_url=server.url) as client:
        response = client.get(V3, params={"consumer_key": KEY, "consumer_secret": SECRET, "per_page": 1, "role": "all"})
    assert response.status_code == 200
    assert f"consumer_secret={SECRET}" in response.headers["link"]
    assert leaked(response.text) == []


def test_a_malformed_json_body_keeps_its_password_out_of_the_journal(server):
    with httpx.Client(base_url=server.url, headers={"Authorization": basic(KEY, SECRET)}) as client:
        response = client.post(
            V3, content=f'{{"password": "{PASSWORDS["broken-json"]}", ', headers={"Content-Type": "application/json"}
        )
        journal = client.get("/__wcmock__/journal")
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_json"
    assert leaked(journal.text) == []


def test_a_form_body_without_content_type_keeps_its_password_out_of_the_journal(server):
    # WordPress parses a PUT body without Content-Type as a form, so the password is applied; the
    # journal must mask it as it does for a declared form body.
    with httpx.Client(base_url=server.url, headers={"Authorization": basic(KEY, SECRET)}) as client:
        assert client.post(V3, json={"email": "ana@example.org"}).status_code == 201
        response = client.put(f"{V3}/3", content=f"password={PASSWORDS['no-type']}&last_name=Silva")
        journal = client.get("/__wcmock__/journal")
    assert response.status_code == 200
    assert response.json()["last_name"] == "Silva"
    assert leaked(journal.text) == []


# ---------------------------------------------------------------------- limits


def test_a_body_over_8_mib_is_refused_whole(client, store):
    before = len(store)
    body = b'{"email": "big@example.org"}' + b" " * (MAX_BODY_BYTES - 27)
    assert len(body) == MAX_BODY_BYTES + 1

    response = client.post(V3, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.json() == {
        "code": "wcmock_request_too_large",
        "message": f"Request bodies are limited to {MAX_BODY_BYTES} bytes.",
        "data": {"status": 413},
    }
    assert len(store) == before


def test_a_body_of_exactly_8_mib_is_served(client, store):
    body = b'{"email": "big@example.org"}' + b" " * (MAX_BODY_BYTES - 28)

    response = client.post(V3, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 201
    assert response.json()["email"] == "big@example.org"


def test_the_journal_keeps_only_the_newest_entries(e2e_app: Starlette, client, store):
    journal = e2e_app.state.handle.journal
    for n in range(journal.limit + 5):
        client.get("/wp-json/wc/v3/customers/1", params={"n": n})

    entries = client.get("/__wcmock__/journal").json()

    assert len(entries) == journal.limit
    assert [e["query"]["n"] for e in entries] == [str(n) for n in range(5, journal.limit + 5)]
    assert [e["id"] for e in entries] == list(range(entries[0]["id"], entries[0]["id"] + journal.limit))
