"""Copy the route definitions a real store publishes (its OPTIONS answers) into wcmock's data.

Run from the project root with the contract recordings beside it:

    python scripts/extract_wp_rest.py ../shared/contract/golden/v3-wp-rest-features.json

Writes ``wcmock/resources/customers/wp_rest.json``: per version, the customer schema, the list arguments and the
create arguments exactly as WooCommerce 10.0.2 publishes them, plus the downloads schema. wcmock
derives every other route's arguments from these the way WordPress does, so the file is the single
source of truth for OPTIONS bodies and request validation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "wcmock" / "resources" / "customers" / "wp_rest.json"
V1_DOWNLOAD_FIELDS = (
    "download_url",
    "download_id",
    "product_id",
    "download_name",
    "order_id",
    "order_key",
    "downloads_remaining",
    "access_expires",
    "file",
)


def main(recording: str) -> None:
    exchanges = {e["step"]: e["body"] for e in json.loads(Path(recording).read_text())["exchanges"]}
    data: dict = {}
    downloads = exchanges["OPTIONS downloads v3"]
    for version in ("v1", "v2", "v3"):
        body = exchanges[f"OPTIONS collection {version}"]
        get, post = body["endpoints"]
        download_schema = json.loads(json.dumps(downloads["schema"]))
        if version == "v1":
            props = download_schema["properties"]
            props["access_expires"]["description"] = "The date when download access expires, as GMT."
            download_schema["properties"] = {k: props[k] for k in V1_DOWNLOAD_FIELDS}
        data[version] = {
            "customer_schema": body["schema"],
            "collection_args": get["args"],
            "create_args": post["args"],
            "download_schema": download_schema,
            "download_args": downloads["endpoints"][0]["args"],
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
