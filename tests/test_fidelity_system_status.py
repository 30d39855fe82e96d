"""What connectors probe before they sync: ``system_status`` and its tools, as a default 10.0.2 store answers."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import create_app

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
MANAGER = ("ck_" + "c" * 40, "cs_" + "d" * 40)
SHOPPER = ("ck_" + "e" * 40, "cs_" + "f" * 40)
BASE = "http://shop.test"
TOOL_IDS = [
    "clear_transients",
    "clear_expired_transients",
    "delete_orphaned_variations",
    "clear_expired_download_permissions",
    "regenerate_product_lookup_tables",
    "recount_terms",
    "reset_roles",
    "clear_sessions",
    "clear_template_cache",
    "clear_system_status_theme_info_cache",
    "install_pages",
    "delete_taxes",
    "regenerate_thumbnails",
    "db_update_routine",
    "recreate_order_address_fts_index",
    "verify_db_tables",
    "regenerate_product_attributes_lookup_table",
    "clear_woocommerce_analytics_cache",
    "refresh_remote_inbox_notifications",
    "delete_inbox_notification",
    "hpos_legacy_cleanup",
    "delete_custom_orders_table",
    "schedule_expired_transient_files_cleanup",
]
SECTIONS = [
    "environment",
    "database",
    "active_plugins",
    "inactive_plugins",
    "dropins_mu_plugins",
    "theme",
    "settings",
    "security",
    "pages",
    "post_type_counts",
    "logging",
]
CLEAR_TRANSIENTS = {
    "id": "clear_transients",
    "name": "WooCommerce transients",
    "action": "Clear transients",
    "description": "This tool will clear the product/shop transients cache.",
}


@pytest.fixture
def app(tmp_path: Path) -> Any:
    path = tmp_path / "shop.json"
    people = [
        {"id": 1, "username": "admin", "email": "admin@example.com", "role": "administrator"},
        {"id": 2, "username": "manager", "email": "manager@example.com", "role": "shop_manager"},
        {"id": 3, "username": "shopper", "email": "shopper@example.com", "role": "customer"},
    ]
    keys = [
        {"consumer_key": CK, "consumer_secret": CS, "user_id": 1},
        {"consumer_key": MANAGER[0], "consumer_secret": MANAGER[1], "user_id": 2},
        {"consumer_key": SHOPPER[0], "consumer_secret": SHOPPER[1], "user_id": 3},
    ]
    path.write_text(json.dumps({"customers": people, "api_keys": keys}), encoding="utf-8")
    return create_app(fixtures=[path])


@pytest.fixture
def api(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as client:
        client.auth = (CK, CS)
        yield client


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_the_tools_list_a_connector_reads_to_check_its_connection(api: TestClient, version: str) -> None:
    answer = api.get(f"/wp-json/wc/{version}/system_status/tools?orderby=id&order=asc&per_page=100")
    assert answer.status_code == 200
    tools = answer.json()
    assert [t["id"] for t in tools] == TOOL_IDS
    assert {k: tools[0][k] for k in CLEAR_TRANSIENTS} == CLEAR_TRANSIENTS
    assert tools[0]["_links"] == {
        "item": [{"embeddable": True, "href": f"{BASE}/wp-json/wc/{version}/system_status/tools/clear_transients"}]
    }
    assert all(set(t) == {"id", "name", "action", "description", "_links"} for t in tools)
    assert "x-wp-total" not in answer.headers
    analytics = next(t for t in tools if t["id"] == "clear_woocommerce_analytics_cache")
    assert f'href="{BASE}/wp-admin/admin.php?page=wc-admin&#038;path=/analytics/settings"' in analytics["description"]
    assert next(t for t in tools if t["id"] == "hpos_legacy_cleanup")["action"] == "No orders in need of cleanup"


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_one_tool_and_running_it(api: TestClient, version: str) -> None:
    url = f"/wp-json/wc/{version}/system_status/tools/clear_transients"
    read = api.get(url)
    assert read.status_code == 200
    assert read.headers["allow"] == "GET, POST, PUT, PATCH"
    assert {k: v for k, v in read.json().items() if k != "_links"} == CLEAR_TRANSIENTS
    for method in ("PUT", "POST", "PATCH"):
        ran = api.request(method, url, json={"ignored": True})
        assert ran.status_code == 200
        body = ran.json()
        assert {k: v for k, v in body.items() if k != "_links"} == {
            **CLEAR_TRANSIENTS,
            "success": True,
            "message": "Product transients cleared",
        }
        assert body["_links"]["item"][0]["href"] == f"{BASE}{url}"


def test_other_tools_answer_with_their_own_messages(api: TestClient) -> None:
    def run(tool: str) -> tuple[bool, str]:
        body = api.put(f"/wp-json/wc/v3/system_status/tools/{tool}").json()
        return body["success"], body["message"]

    assert run("recount_terms") == (True, "Terms successfully recounted")
    assert run("clear_template_cache") == (True, "Template cache cleared.")
    assert run("verify_db_tables") == (True, "Database verified successfully.")
    assert run("reset_roles") == (True, "Roles successfully reset")
    assert run("clear_expired_transients") == (True, "0 transients rows cleared")
    assert run("hpos_legacy_cleanup") == (False, "There was an error calling this tool. There is no callback present.")


def test_running_clear_transients_changes_nothing_a_response_shows(api: TestClient) -> None:
    before = api.get("/wp-json/wc/v3/customers", params={"role": "all"}).json()
    api.put("/wp-json/wc/v3/system_status/tools/clear_transients")
    assert api.get("/wp-json/wc/v3/customers", params={"role": "all"}).json() == before


def test_a_path_id_is_sanitised_like_a_title_when_running(api: TestClient) -> None:
    """``sanitize_title`` runs on the PUT's ``id`` (GET has no such argument)."""
    assert api.put("/wp-json/wc/v3/system_status/tools/Clear_Transients").json()["id"] == "clear_transients"
    assert error(api.get("/wp-json/wc/v3/system_status/tools/Clear_Transients"))[0] == 404


def test_tool_errors(api: TestClient) -> None:
    unknown = (404, "woocommerce_rest_system_status_tool_invalid_id", "Invalid tool ID.")
    assert error(api.get("/wp-json/wc/v3/system_status/tools/nope")) == unknown
    assert error(api.put("/wp-json/wc/v3/system_status/tools/nope")) == unknown
    no_route = (404, "rest_no_route", "No route was found matching the URL and request method.")
    assert error(api.delete("/wp-json/wc/v3/system_status/tools/clear_transients")) == no_route
    assert error(api.get("/wp-json/wc/v3/system_status/tools/a.b")) == no_route
    assert error(api.get("/wp-json/wc/v1/system_status")) == no_route
    assert error(api.get("/wp-json/wc/v1/system_status/tools")) == no_route
    bad = api.put("/wp-json/wc/v3/system_status/tools/clear_transients", json={"success": "maybe"})
    assert error(bad) == (400, "rest_invalid_param", "Invalid parameter(s): success")


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_the_system_status_document(api: TestClient, version: str) -> None:
    answer = api.get(f"/wp-json/wc/{version}/system_status")
    assert answer.status_code == 200
    assert answer.headers["allow"] == "GET"
    status = answer.json()
    assert list(status) == SECTIONS
    env = status["environment"]
    assert (env["version"], env["wp_version"], env["home_url"], env["site_url"]) == ("10.0.2", "6.8.8", BASE, BASE)
    assert env["default_timezone"] == "UTC"
    uuid.UUID(env["store_id"])
    assert status["database"]["wc_database_version"] == "10.0.2"
    assert "wp_wc_orders" in status["database"]["database_tables"]["other"]
    assert status["active_plugins"][0]["plugin"] == "woocommerce/woocommerce.php"
    settings = status["settings"]
    assert (settings["currency"], settings["currency_symbol"], settings["HPOS_enabled"]) == ("USD", "&#36;", True)
    assert status["security"] == {"secure_connection": False, "hide_errors": True}
    assert [p["page_id"] for p in status["pages"]] == ["5", "6", "7", "8", ""]
    assert status["post_type_counts"][0] == {"type": "attachment", "count": "1"}
    assert api.get(f"/wp-json/wc/{version}/system_status").json() == status  # deterministic


def test_the_store_id_is_the_same_on_every_start(app: Any) -> None:
    other = create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)
    ids = []
    for each in (app, other, create_app(fixtures=["wc-e2e"], consumer_key=CK, consumer_secret=CS)):
        with TestClient(each, base_url=BASE) as client:
            client.auth = (CK, CS)
            ids.append(client.get("/wp-json/wc/v3/system_status").json()["environment"]["store_id"])
    assert ids[1] == ids[2]


def test_fields_pick_sections_and_remote_tests_need_the_whole_environment(api: TestClient) -> None:
    picked = api.get("/wp-json/wc/v3/system_status", params={"_fields": "environment.version,settings.currency"})
    assert picked.json() == {"environment": {"version": "10.0.2"}, "settings": {"currency": "USD"}}
    remote = api.get("/wp-json/wc/v3/system_status", params={"_fields": "environment.remote_post_successful"})
    assert remote.json() == {"environment": {"remote_post_successful": None}}
    whole = api.get("/wp-json/wc/v3/system_status", params={"_fields": "environment"}).json()
    assert whole["environment"]["remote_post_successful"] is False


def test_context_is_view_only(api: TestClient) -> None:
    answer = api.get("/wp-json/wc/v3/system_status", params={"context": "edit"})
    assert error(answer) == (400, "rest_invalid_param", "Invalid parameter(s): context")
    assert answer.json()["data"]["params"] == {"context": "context is not view."}
    assert api.get("/wp-json/wc/v3/system_status/tools", params={"context": "edit"}).status_code == 200


def test_who_may_look(app: Any) -> None:
    with TestClient(app, base_url=BASE) as client:
        assert error(client.get("/wp-json/wc/v3/system_status")) == (
            401,
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot list resources.",
        )
        assert error(client.get("/wp-json/wc/v3/system_status/tools/clear_transients")) == (
            401,
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot view this resource.",
        )
        assert error(client.put("/wp-json/wc/v3/system_status/tools/clear_transients")) == (
            401,
            "woocommerce_rest_cannot_update",
            "Sorry, you cannot update resource.",
        )
        assert client.get("/wp-json/wc/v3/system_status", auth=MANAGER).status_code == 200
        assert client.put("/wp-json/wc/v3/system_status/tools/clear_transients", auth=MANAGER).status_code == 200
        shopper = client.get("/wp-json/wc/v3/system_status/tools", auth=SHOPPER)
        assert error(shopper) == (403, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")


def test_https_stores_report_a_secure_connection(app: Any) -> None:
    with TestClient(app, base_url="https://shop.test") as client:
        client.auth = (CK, CS)
        status = client.get("/wp-json/wc/v3/system_status").json()
    assert status["security"]["secure_connection"] is True
    assert status["environment"]["home_url"] == "https://shop.test"
