"""The dashboard in a real browser: the system's Chromium driven by Playwright, against the plugin's
``wcmock`` store on a live server, while the test changes that store over REST.

Playwright cannot download browsers here, so it launches the installed one (``WCMOCK_CHROMIUM``, else
``chromium`` on the PATH). Without one these tests skip and say why; CI sets ``WCMOCK_REQUIRE_BROWSER=1``
(and installs Chromium) so there they fail instead. Each test keeps a screenshot in its ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from wcmock.harness.handle import WcmockStore

pytestmark = pytest.mark.slow  # a Chromium process, driven by Playwright

V3 = "/wp-json/wc/v3/customers"
# no sandbox (containers run as root), and nothing that reaches out to the network on its own
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    if os.environ.get("WCMOCK_REQUIRE_BROWSER"):
        pytest.fail(f"WCMOCK_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = os.environ.get("WCMOCK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        _missing("no Chromium installed (apt-get install chromium, or set WCMOCK_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    opened.screenshot(path=tmp_path / "dashboard.png", full_page=True)
    context.close()


@pytest.fixture
def http(wcmock: WcmockStore) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=wcmock.url, auth=wcmock.auth) as client:
        yield client


def dashboard(wcmock: WcmockStore, tab: str = "store") -> str:
    return f"{wcmock.dashboard_url}?tab={tab}"


def test_a_customer_created_over_rest_appears_on_the_open_page(
    page: Any, wcmock: WcmockStore, http: httpx.Client
) -> None:
    from playwright.sync_api import expect

    page.goto(dashboard(wcmock, "records"))
    records = page.locator("#records")
    expect(records).to_contain_text("customers")
    expect(records).not_to_contain_text("ada@example.com")
    assert http.post(V3, json={"email": "ada@example.com", "first_name": "Ada"}).status_code == 201
    expect(records).to_contain_text("ada@example.com")  # no reload: the page polls
    expect(page.locator("#tabs")).to_contain_text("Journal 1")
    page.locator("details.record", has_text="ada@example.com").locator("summary").click()
    expect(page.locator("details.record[open] .versions h4")).to_have_text(["wc/v3", "wc/v2", "wc/v1"])


def test_a_fault_armed_from_the_page_fires_and_shows_in_the_journal(
    page: Any, wcmock: WcmockStore, http: httpx.Client, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page.goto(dashboard(wcmock, "faults"))
    expect(page.locator("#faults")).to_contain_text("No faults armed.")
    form = page.locator("#arm-fault")
    form.locator("select[name=action]").select_option("status")
    form.locator("input[name=status]").fill("503")
    form.locator("input[name=path]").fill("/customers")
    form.locator("input[name=times]").fill("1")
    form.get_by_role("button", name="Arm").click()
    expect(form.locator("output")).to_have_text("done")
    assert [(f.action, f.status, f.times) for f in wcmock.faults.list()] == [("status", 503, 1)]

    assert http.get(V3).status_code == 503
    assert http.get(V3).status_code == 200
    expect(page.locator("#faults tbody td").nth(1)).to_have_text("spent")

    page.goto(dashboard(wcmock, "journal"))
    entries = page.locator("#journal details.entry")
    expect(entries).to_have_count(2)
    fired = entries.nth(1)  # newest first: the faulted request is the older one
    expect(fired.locator("summary")).to_contain_text("503")
    expect(fired.locator("summary .fault")).to_have_text("fault: status")
    fired.locator("summary").click()
    expect(fired).to_contain_text("service_unavailable")
    expect(fired).to_contain_text("Basic ***")  # the journal's masking, not the key
    page.screenshot(path=tmp_path / "journal.png")

    page.goto(dashboard(wcmock, "faults"))
    page.get_by_role("button", name="Clear all faults").click()
    expect(page.locator("#faults")).to_contain_text("No faults armed.")
    assert wcmock.faults.list() == []


def test_the_journal_filters_and_keeps_an_opened_request_open(
    page: Any, wcmock: WcmockStore, http: httpx.Client
) -> None:
    from playwright.sync_api import expect

    http.get(f"{V3}/999")
    page.goto(dashboard(wcmock, "journal"))
    page.locator("#journal details.entry summary").first.click()
    http.get(V3)  # the page refreshes with a new request on top
    expect(page.locator("#journal details.entry")).to_have_count(2)
    expect(page.locator("#journal details.entry[open]")).to_contain_text("/wc/v3/customers/999")
    page.locator("input[name=status]").fill("4xx")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#journal details.entry")).to_have_count(1)
    expect(page.locator("#journal")).to_contain_text("1 of 2 requests")


def test_snapshots_and_the_clock_from_the_page(page: Any, wcmock: WcmockStore, http: httpx.Client) -> None:
    from playwright.sync_api import expect

    page.goto(dashboard(wcmock))
    page.get_by_placeholder("snapshot name").fill("clean")
    page.get_by_role("button", name="Take snapshot").click()
    expect(page.locator("#ov-snapshots")).to_contain_text("clean")
    assert http.post(V3, json={"email": "temp@example.com"}).status_code == 201
    with page.expect_response(lambda response: response.url.endswith("/snapshots/clean/restore")):
        page.locator("#ov-snapshots").get_by_role("button", name="Restore").click()
    assert "temp@example.com" not in [c.email for c in wcmock.customers()]
    page.get_by_role("button", name="Freeze", exact=True).click()
    expect(page.locator("#ov-clock")).to_contain_text("(frozen)")
    assert wcmock.clock.state()["frozen"]


def test_stores_are_created_and_dropped_from_the_page(page: Any, wcmock: WcmockStore, wcmock_server: Any) -> None:
    from playwright.sync_api import expect

    def stores() -> list[str]:
        return list(httpx.get(f"{wcmock_server.url}/__wcmock__/stores").json())

    name = f"{wcmock.name}-copy"
    page.on("dialog", lambda dialog: dialog.accept())  # the drop button asks first
    page.goto(dashboard(wcmock))
    page.get_by_placeholder("new store").fill(name)
    page.get_by_role("button", name="Create").click()
    row = page.locator("#ov-stores tr", has_text=name)
    expect(row).to_contain_text(name)
    assert name in stores()
    row.get_by_role("button", name="Drop").click()
    expect(row).to_have_count(0)
    assert name not in stores()


def test_pausing_live_updates_holds_across_tabs(page: Any, wcmock: WcmockStore, http: httpx.Client) -> None:
    from playwright.sync_api import expect

    page.goto(dashboard(wcmock, "journal"))
    page.locator("#live").uncheck()
    page.get_by_role("link", name="Journal").click()
    expect(page.locator("#live")).not_to_be_checked()
    http.get(V3)
    page.wait_for_timeout(2_000)  # longer than a poll
    expect(page.locator("#journal")).to_contain_text("0 of 0 requests")
    page.locator("#live").check()
    expect(page.locator("#journal")).to_contain_text("1 of 1 requests")


def test_without_javascript_the_pages_still_read(
    browser: Any, wcmock: WcmockStore, http: httpx.Client, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    http.post(V3, json={"email": "nojs@example.com"})
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(dashboard(wcmock, "journal"))
        expect(page.locator("#journal")).to_contain_text("/wc/v3/customers")
        expect(page.get_by_role("button", name="Forget requests")).to_be_hidden()
        page.get_by_role("link", name="Records").click()
        expect(page.locator("#records")).to_contain_text("nojs@example.com")
        page.screenshot(path=tmp_path / "no-javascript.png")
    finally:
        context.close()
