"""Write docs/dashboard.png, the README's picture of the dashboard, from a live wcmock in a real browser.

A short sync run (customers created, a 503 fault that fires once, the retry, a lookup that misses)
on the ``wc-e2e`` store, then the journal with the faulted request opened. Needs Chromium and
Playwright (the dev extra): ``python scripts/dashboard_screenshot.py [--chromium PATH] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import sync_playwright

from wcmock import LiveServer, create_app

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def sync_run(client: httpx.Client) -> None:
    """What a connector under test might send."""
    client.post("/__wcmock__/faults", json={"action": "status", "status": 503, "path": "/customers", "times": 1})
    client.post("/wp-json/wc/v3/customers", json={"email": "ada@example.com", "first_name": "Ada"})
    client.post("/wp-json/wc/v3/customers", json={"email": "ada@example.com", "first_name": "Ada"})
    client.get("/wp-json/wc/v3/customers", params={"email": "grace@example.com"})
    client.post("/wp-json/wc/v3/customers", json={"email": "grace@example.com", "first_name": "Grace"})
    client.put("/wp-json/wc/v3/customers/3", json={"billing": {"city": "London"}})
    client.get("/wp-json/wc/v3/customers/99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    options = parser.parse_args()
    app = create_app(fixtures=["wc-e2e"])
    auth = (app.state.handle.key.consumer_key, app.state.handle.key.consumer_secret)
    with LiveServer(app) as server, httpx.Client(base_url=server.url, auth=auth) as client:
        sync_run(client)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=options.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 640})
            page.goto(f"{server.url}/__wcmock__/?tab=journal")
            page.locator("details.entry", has_text="fault: status").locator("summary").click()
            page.screenshot(path=options.out)
            browser.close()
    print(f"wrote {options.out} ({options.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
