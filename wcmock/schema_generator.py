"""Generate ``schemas/`` (JSON Schema Draft 2020-12): the REST server's common files, the fixture
format, and each registered resource's files (``Resource.schema_files``).

``scripts/generate_schemas.py`` and ``wcmock schemas generate`` write them; ``stale`` tells whether
the checked-in files are up to date (the tests ask it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wcmock.resources import RESOURCES
from wcmock.rest.schema import BASE_URI, common
from wcmock.versions import NAMES

__all__ = ["BASE_URI", "build", "render", "stale", "write"]


def build() -> dict[str, dict[str, Any]]:
    """Every schema file, keyed by its path under ``schemas/``."""
    from wcmock.fixture_format import FIXTURE_SCHEMA

    files = common()
    files["common/fixture.json"] = FIXTURE_SCHEMA
    for resource in RESOURCES:
        if resource.schema_files is not None:
            files.update(resource.schema_files())
    return dict(sorted(files.items()))


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(out: Path) -> list[Path]:
    """Write every schema under ``out``, removing generated files that are no longer produced."""
    files = build()
    written = []
    for folder in ("common", *NAMES):
        for stale in (out / folder).glob("*.json"):
            if f"{folder}/{stale.name}" not in files:
                stale.unlink()
    for rel, schema in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def stale(out: Path) -> list[str]:
    """The files under ``out`` that differ from what the generator produces (empty: up to date)."""
    files = build()
    wrong = [rel for rel, schema in files.items() if _read(out / rel) != render(schema)]
    extra = [
        f"{p.parent.name}/{p.name}"
        for folder in ("common", *NAMES)
        for p in (out / folder).glob("*.json")
        if f"{folder}/{p.name}" not in files
    ]
    return sorted(wrong + extra)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None
