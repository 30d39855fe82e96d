"""The dashboard at ``/__wcmock__/`` as plain HTML (what a browser with JavaScript off sees).

tests/test_dashboard_browser.py drives the same page in a real browser.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from pytest_httpserver import HTTPServer
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
from wcmock.rest.server import Endpoint, RestRequest, RestResponse, Route

V3 = "/wp-json/wc/v3/customers"


@pytest.fixture
def app() -> Any:
    return create_app(fixtures=["wc-e2e"])


@pytest.fixture
def api(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://shop.test") as client:
        client.auth = (DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET)
        yield client


def page(api: TestClient, tab: str = "", url: str = "/__wcmock__/", **params: Any) -> str:
    response = api.get(url, params={"tab": tab, **params} if tab else params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def section(html: str, section_id: str) -> str:
    """The inside of one live region (what the page's script swaps), nested tags and all."""
    opening = re.search(rf'<(\w+) id="{section_id}" data-live>', html)
    assert opening, f"no live region {section_id!r}"
    tag, depth = opening.group(1), 1
    for tag_match in re.finditer(rf"<(/?){tag}[\s>]", html[opening.end() :]):
        depth += -1 if tag_match.group(1) else 1
        if depth == 0:
            return html[opening.end() : opening.end() + tag_match.start()]
    raise AssertionError(f"live region {section_id!r} is not closed")


# ---------------------------------------------------------------------- the page


def test_the_page_is_the_control_apis_root_and_loads_nothing_from_elsewhere(api: TestClient) -> None:
    response = api.get("/__wcmock__/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    urls = re.findall(r'(?:href|src)="([^"]*)"', response.text)
    assert urls
    assert not [url for url in urls if "//" in url]
    assert api.get("/__wcmock__/static/dashboard.js").status_code == 200
    assert api.get("/__wcmock__/static/dashboard.css").headers["content-type"].startswith("text/css")
    assert api.get("/__wcmock__", follow_redirects=False).headers["location"].endswith("/__wcmock__/")


def test_the_control_api_beside_it_is_unchanged(api: TestClient) -> None:
    assert api.get("/__wcmock__/health").json()["status"] == "ok"
    assert api.post("/__wcmock__/").json()["code"] == "rest_no_route"
    assert api.get("/__wcmock__/static/nothing.js").status_code == 404


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"tab": "nope"}, 404, "wcmock_not_found"),
        ({"tab": "journal", "page": "0"}, 400, "wcmock_invalid_request"),
        ({"tab": "journal", "status": "teapot"}, 400, "wcmock_invalid_request"),
        ({"tab": "journal", "method": "BREW"}, 400, "wcmock_invalid_request"),
        ({"tab": "records", "resource": "unicorns"}, 404, "wcmock_not_found"),
    ],
)
def test_bad_parameters_get_a_json_error(api: TestClient, params: dict[str, str], status: int, code: str) -> None:
    response = api.get("/__wcmock__/", params=params)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_every_store_has_its_own_dashboard(app: Any, api: TestClient) -> None:
    app.state.hub.create("ci-1", fixture_names=["wc-e2e"])
    html = page(api, url="/stores/ci-1/__wcmock__/")
    assert "store <b>ci-1</b>" in html
    assert 'href="/__wcmock__/"' in section(html, "ov-stores")  # back to the default store's
    assert api.get("/stores/ci-1/__wcmock__/static/dashboard.js").status_code == 200
    assert api.get("/stores/nope/__wcmock__/").json()["code"] == "wcmock_unknown_store"


# ---------------------------------------------------------------------- records


def test_resources_are_found_in_the_route_table_with_their_versions(api: TestClient) -> None:
    records = section(page(api), "ov-records")
    assert re.search(r"customers</a></td><td>2</td><td>v1, v2, v3", records)
    assert re.search(r"webhooks</a></td><td>0</td><td>v2, v3", records)


def test_a_resource_a_store_adds_shows_up_without_the_dashboard_naming_it(app: Any, api: TestClient) -> None:
    def widgets(request: RestRequest) -> RestResponse:
        return RestResponse([{"id": 7, "name": "sprocket"}], headers={"X-WP-Total": 1, "X-WP-TotalPages": 1})

    endpoint = Endpoint(("GET",), widgets, args={"page": {"type": "integer", "default": 1}})
    app.state.server.routes.append(Route("/wc/v3/widgets", "wc/v3", [endpoint]))
    html = page(api, "records", resource="widgets")
    assert "<b>#7</b> <span>sprocket</span>" in section(html, "records")


def test_lists_nested_in_a_record_are_linked_from_it(app: Any, api: TestClient) -> None:
    def widgets(request: RestRequest) -> RestResponse:
        return RestResponse([{"id": 7, "name": "sprocket"}], headers={"X-WP-Total": 1, "X-WP-TotalPages": 1})

    def parts(request: RestRequest) -> RestResponse:
        return RestResponse([{"id": 1, "name": f"cog of {request.url_params['widget_id']}"}])

    app.state.server.routes += [
        Route("/wc/v3/widgets", "wc/v3", [Endpoint(("GET",), widgets, args={"page": {"type": "integer"}})]),
        Route("/wc/v3/widgets/(?P<widget_id>[\\d]+)/parts", "wc/v3", [Endpoint(("GET",), parts)]),
    ]
    assert "widgets/parts" not in section(page(api), "ov-records")  # only top-level lists are counted
    record = section(page(api, "records", resource="widgets"), "records")
    assert '<a href="?tab=records&amp;resource=widgets%2Fparts&amp;of=7">parts</a>' in record
    nested = page(api, "records", resource="widgets/parts", of="7")
    assert "cog of 7" in section(nested, "records")
    assert '<h2 class="nested"><a href="?tab=records&amp;resource=widgets">widgets</a> #7' in nested
    assert api.get("/__wcmock__/", params={"tab": "records", "resource": "widgets/parts"}).status_code == 400


def test_a_customers_downloads_are_one_click_away(api: TestClient) -> None:
    record = section(page(api, "records", resource="customers"), "records")
    assert '<a href="?tab=records&amp;resource=customers%2Fdownloads&amp;of=2">downloads</a>' in record
    downloads = section(page(api, "records", resource="customers/downloads", of="2"), "records")
    assert "0 downloads" in downloads


def test_records_show_each_versions_rendering(api: TestClient) -> None:
    created = api.post(V3, json={"email": "ada@example.com", "first_name": "Ada"}).json()
    records = section(page(api, "records", resource="customers"), "records")
    assert records.index(f"#{created['id']}") < records.index("#2")  # the store's own order: newest first
    record = records[records.index(f'id="r-customers-{created["id"]}"') :].split("</details>")[0]
    assert [v for v in ("wc/v3", "wc/v2", "wc/v1") if v in record] == ["wc/v3", "wc/v2", "wc/v1"]
    v3, v1 = record.split("wc/v3")[1].split("wc/v2")[0], record.split("wc/v1")[1]
    assert "&quot;role&quot;" in v3
    assert "&quot;role&quot;" not in v1
    assert "&quot;last_order&quot;" in v1
    assert "&quot;last_order&quot;" not in v3


def test_records_are_searched_and_paged_by_the_store(api: TestClient) -> None:
    for n in range(25):
        assert api.post(V3, json={"email": f"bulk{n}@example.com"}).status_code == 201
    first = section(page(api, "records", resource="customers"), "records")
    assert "27 customers" in first
    assert "page 1 of 2" in first
    assert "bulk24@example.com" in first
    second = section(page(api, "records", resource="customers", page="2"), "records")
    assert "page 2 of 2" in second
    assert "bulk24@example.com" not in second
    found = section(page(api, "records", resource="customers", search="bulk7"), "records")
    assert "1 customers" in found
    assert "bulk7@example.com" in found


def test_reading_records_is_not_journaled_and_fires_no_fault(app: Any, api: TestClient) -> None:
    app.state.handle.faults.add(action="error")  # every request
    assert "&quot;email&quot;" in section(page(api, "records"), "records")
    assert len(app.state.handle.journal) == 0
    assert app.state.handle.faults.list()[0].matched == 0


def test_what_clients_sent_is_shown_never_run(api: TestClient) -> None:
    api.post(V3, json={"email": "x@example.com", "first_name": "<script>alert(1)</script>"})
    html = page(api, "journal", path="<b>")
    assert "<script>alert" not in html
    assert "<b>" not in html.split("</header>")[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(api, "journal")


# ---------------------------------------------------------------------- journal


def test_the_journal_is_newest_first_with_secrets_masked(api: TestClient) -> None:
    api.get(V3, params={"consumer_key": DEFAULT_CONSUMER_KEY, "consumer_secret": DEFAULT_CONSUMER_SECRET})
    api.post(V3, json={"email": "pw@example.com", "password": "hunter2"})
    journal = section(page(api, "journal"), "journal")
    assert "2 of 2 requests" in journal
    assert journal.index("POST") < journal.index("consumer_secret")
    assert DEFAULT_CONSUMER_SECRET not in journal
    assert "hunter2" not in journal
    assert "consumer_secret=***" in journal  # the journal's own mask
    assert "&quot;authorization&quot;: &quot;Basic ***&quot;" in journal


def test_the_journal_filters_by_method_path_status_and_fault(app: Any, api: TestClient) -> None:
    api.get(V3)
    api.get("/wp-json/wc/v3/customers/999")
    api.post(V3, json={"email": "new@example.com"})
    app.state.handle.faults.add(action="status", status=503, path="/webhooks", times=1)
    api.get("/wp-json/wc/v3/webhooks")

    def shown(**filters: str) -> list[str]:
        return re.findall(r'<code class="path">([^<]*)</code>', section(page(api, "journal", **filters), "journal"))

    assert shown(method="post") == ["/wc/v3/customers"]
    assert shown(status="4xx") == ["/wc/v3/customers/999"]
    assert shown(status="200") == ["/wc/v3/customers"]
    assert shown(path="999") == ["/wc/v3/customers/999"]
    assert shown(fault="1") == ["/wc/v3/webhooks"]
    assert "fault: status" in section(page(api, "journal", fault="1"), "journal")


def test_the_journal_pages_fifty_at_a_time(api: TestClient) -> None:
    for _ in range(51):
        api.get("/wp-json/wc/v3/customers/1")
    api.get("/wp-json/wc/v3/customers/2")
    first, second = (section(page(api, "journal", page=n), "journal") for n in ("1", "2"))
    assert first.count("<details") == 50
    assert second.count("<details") == 2
    assert "/wc/v3/customers/2<" in first
    assert "page 1 of 2" in first
    assert "older" in first


# ---------------------------------------------------------------------- faults, deliveries, clock, snapshots


def test_faults_show_how_often_they_matched_and_fired(app: Any, api: TestClient) -> None:
    app.state.handle.faults.add(action="status", status=429, path="/customers", times=1)
    api.get(V3)
    api.get(V3)
    row = section(page(api, "faults"), "faults").split("<tbody>")[1]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[1:3] == ["spent", "status"]
    assert cells[-2:] == ["2", "1"]
    assert "times 1" in cells


def test_webhook_deliveries_show_status_signature_and_payload(
    app: Any, api: TestClient, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks", status=202)
    hook = {"topic": "customer.created", "delivery_url": httpserver.url_for("/hook"), "secret": "s3"}
    assert api.post("/wp-json/wc/v3/webhooks", json=hook).status_code == 201
    assert api.post(V3, json={"email": "hooked@example.com"}).status_code == 201
    attempts = app.state.handle.wait_for_deliveries(10)
    deliveries = section(page(api, "webhooks"), "deliveries")
    assert f"{len(attempts)} delivery attempts" in deliveries
    assert '<span class="status s2">202</span> <b>customer.created</b>' in deliveries
    assert "hooked@example.com" in deliveries
    assert "thanks" in deliveries
    signature = next(a for a in attempts if a.topic == "customer.created").headers["X-WC-Webhook-Signature"]
    assert f"<code>{signature}</code>" in deliveries


def test_clock_snapshots_and_stores_are_on_the_first_tab(app: Any, api: TestClient) -> None:
    handle = app.state.handle
    handle.clock.freeze("2030-01-02T03:04:05Z")
    handle.snapshot("before-sync")
    html = page(api)
    assert "2030-01-02T03:04:05Z</time> (frozen)" in section(html, "ov-clock")
    assert 'data-call="snapshots/before-sync/restore"' in section(html, "ov-snapshots")
    assert re.search(r'href="/__wcmock__/"[^>]*>default</a></td><td>2</td>', section(html, "ov-stores"))


def test_the_api_tab_reads_the_openapi_document(api: TestClient) -> None:
    html = page(api, "api")
    assert 'id="op-v3_list_customers"' in html
    assert '<a href="#schema-v3.customers">v3.customers</a>' in html
    assert 'href="openapi.json"' in html
    assert api.get("/__wcmock__/openapi.json").status_code == 200


# ---------------------------------------------------------------------- wcmock serve


def test_the_serve_banner_links_to_the_dashboard() -> None:
    command = [sys.executable, "-c", "from wcmock.cli import main; main()", "serve", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline()]
            while lines[-1] and "reset:" not in lines[-1]:
                lines.append(process.stdout.readline())
            found = re.search(r"dashboard: +(\S+)", "".join(lines))
            assert found, "".join(lines)
            response = httpx.get(found.group(1))
            assert response.status_code == 200
            assert "store <b>default</b>" in response.text
        finally:
            process.terminate()
            process.wait(timeout=10)
