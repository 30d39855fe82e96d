"""The ``system_status`` document and the debug tools of one store, as a default 10.0.2 store reports them.

What every default WooCommerce 10.0.2 store says is data (``default_store.json``); what depends on
the host is either a plausible fixed value in that file (PHP, MySQL, the server) or computed here
from what wcmock knows: the site URL (``home_url``, ``secure_connection``, the analytics tool's link),
the site name (a ``store_id`` that is the same on every start) and the posts the store holds.

``WC_REST_System_Status_V2_Controller::get_items`` computes only the sections ``_fields`` names, and
runs its two remote tests only when ``environment`` is named whole; otherwise their four values are
``null``. A fake store is offline, so the tests fail as on the recording store (``false``).
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

SECTIONS = (
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
)
REMOTE_TESTS = ("remote_post_successful", "remote_post_response", "remote_get_successful", "remote_get_response")
TOOL_FIELDS = ("id", "name", "action", "description")


@cache
def default_store() -> dict[str, Any]:
    """The fixed parts, read once (callers get copies of what they change)."""
    data: dict[str, Any] = json.loads((Path(__file__).parent / "default_store.json").read_text(encoding="utf-8"))
    return data


def store_id(site_name: str) -> str:
    """WooCommerce makes a UUID at install; wcmock derives one from the site name, so restarts keep it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"wcmock:{site_name}"))


def requested_sections(fields: Iterable[str] | None) -> list[str]:
    """``get_fields_for_response`` then ``get_item_mappings_per_fields``: the sections to compute, in order."""
    if fields is None:
        return list(SECTIONS)
    wanted = {field.split(".", 1)[0] for field in fields}
    return [section for section in SECTIONS if section in wanted]


def system_status(
    home: str,
    *,
    site_name: str,
    fields: Iterable[str] | None = None,
    post_counts: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The document for the store at ``home``; ``fields`` are the ``_fields`` entries (``None``: all)."""
    names = None if fields is None else [f.strip() for f in fields if f.strip()]
    fixed = default_store()
    out: dict[str, Any] = {}
    for section in requested_sections(names):
        if section == "environment":
            remote = names is None or "environment" in names
            out[section] = {
                "home_url": home,
                "site_url": home,
                "store_id": store_id(site_name),
                **fixed["environment"],
                **dict.fromkeys(REMOTE_TESTS, False if remote else None),
            }
        elif section == "database":
            database = copy.deepcopy(fixed["database"])
            out[section] = {**database, "database_size": _database_size(database["database_tables"])}
        elif section == "security":
            out[section] = {"secure_connection": home.startswith("https://"), **fixed["security"]}
        elif section == "post_type_counts":
            out[section] = _post_type_counts(fixed["post_type_counts"], post_counts or {})
        else:
            out[section] = copy.deepcopy(fixed[section])
    return out


def _database_size(tables: Mapping[str, Mapping[str, Mapping[str, str]]]) -> dict[str, float]:
    """The sum MySQL's rounded sizes make, added in ``ORDER BY name`` order as PHP adds them."""
    every = {name: sizes for group in tables.values() for name, sizes in group.items()}
    data = index = 0.0
    for name in sorted(every):
        data += float(every[name]["data"])
        index += float(every[name]["index"])
    return {"data": data, "index": index}


def _post_type_counts(base: list[dict[str, str]], extra: Mapping[str, int]) -> list[dict[str, str]]:
    """``SELECT post_type, count(1) … GROUP BY post_type``: by type name, counts as strings."""
    counts = {row["type"]: int(row["count"]) for row in base}
    for post_type, count in extra.items():
        counts[post_type] = counts.get(post_type, 0) + count
    return [{"type": name, "count": str(count)} for name, count in sorted(counts.items()) if count]


def tools(home: str) -> list[dict[str, Any]]:
    """Every debug tool, in ``get_tools`` order, with its run result (``success``, ``message``)."""
    return [{k: _filled(v, home) for k, v in tool.items()} for tool in default_store()["tools"]]


def tool(home: str, tool_id: str) -> dict[str, Any] | None:
    return next((t for t in tools(home) if t["id"] == tool_id), None)


def _filled(value: Any, home: str) -> Any:
    return value.replace("{base}", home) if isinstance(value, str) else value
