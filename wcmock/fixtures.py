"""Fixture files: the JSON (or YAML) that seeds a store with settings, API keys, id sequences,
faults and each resource's records.

This module reads and checks a file against ``schemas/common/fixture.json`` first (a bad one names
the file, the place and the rule broken), applies what the store shell owns (settings, keys,
sequences, faults) and hands the rest to each resource's ``load`` through the registry
(``wcmock.resources.RESOURCES``): the customers resource reads ``customers`` and ``generate``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wcmock.errors import FixtureError
from wcmock.fixture_format import problems
from wcmock.resources import RESOURCES
from wcmock.rest.auth import install_keys
from wcmock.settings import Settings, utc_offset
from wcmock.store import Store

__all__ = ["FixtureError", "build_store", "bundled_names", "check", "dump", "load", "read", "resolve", "settings_from"]

SETTING_NAMES = (
    "timezone",
    "generate_username",
    "generate_password",
    "site_name",
    "webhook_timeout",
    "auth",
    "basic_auth_over_http",
    "strip_authorization",
    "now",
)


def fixtures_dir() -> Path:
    """The bundled fixtures: inside the installed package, or the project's ``fixtures/`` folder.

    Found beside this module (wcmock reads its data as plain files, and is never imported from a
    zip): ``importlib.resources`` would add ~5 ms of imports to every start-up."""
    here = Path(__file__).resolve().parent
    bundled = here / "_fixtures"
    return bundled if bundled.is_dir() else here.parent / "fixtures"


def resolve(name: str | Path) -> Path:
    """A fixture path, or the name of a bundled one (``default``, ``wc-e2e``)."""
    path = Path(name)
    if path.exists():
        return path
    bundled = fixtures_dir() / (path.name if path.suffix else f"{path.name}.json")
    if bundled.exists():
        return bundled
    raise FixtureError(f"{name}: no such fixture file (bundled ones: {', '.join(bundled_names())})")


def bundled_names() -> list[str]:
    return sorted(p.stem for p in fixtures_dir().glob("*.json"))


def read(name: str | Path) -> dict[str, Any]:
    """A fixture file's data, checked; YAML (``.yaml``/``.yml``) needs PyYAML installed."""
    path = resolve(name)
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]  # optional: only YAML fixtures need it
        except ImportError:
            raise FixtureError(f"{path}: YAML fixtures need PyYAML (pip install pyyaml)") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise FixtureError(f"{path}: not valid YAML ({error})") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FixtureError(f"{path}: not valid JSON ({error})") from None
    check(data, str(path), parsed=True)
    checked: dict[str, Any] = data
    checked["_source"] = str(path)
    return checked


def _data(fixture: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(fixture, Mapping):
        data = dict(fixture)
        check(data, "fixture data")
        return data
    return read(fixture)


def check(data: Any, source: str = "fixture", *, parsed: bool = False) -> None:
    """Raise a ``FixtureError`` naming the file, the path inside it and the rule, if ``data`` is not a fixture.

    ``parsed``: ``data`` comes from a JSON or YAML parser (see :func:`wcmock.fixture_format.problems`)."""
    if not isinstance(data, dict):
        raise FixtureError(f"{source}: the top level must be an object")
    found = problems({k: v for k, v in data.items() if not k.startswith("_")}, parsed=parsed)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise FixtureError(f"{source}: {found[0]}{more}", [f"{source}: {problem}" for problem in found])


def settings_from(data: dict[str, Any], base: Settings | None = None) -> Settings:
    settings = base or Settings()
    for name, value in (data.get("settings") or {}).items():
        if name not in SETTING_NAMES:
            raise FixtureError(f"{data.get('_source', 'fixture')}: settings.{name}: unknown setting")
        if name == "timezone":
            try:
                value = utc_offset(value)
            except (KeyError, ValueError, TypeError, OverflowError) as error:  # ZoneInfoNotFoundError is a KeyError
                where = data.get("_source", "fixture")
                raise FixtureError(f"{where}: settings.timezone: {value!r} is not a timezone ({error})") from None
        setattr(settings, name, value)
    return settings


def load(store: Store, data: dict[str, Any], *, checked: bool = False) -> None:
    """Add a fixture's records, keys and sequences to a store (settings and faults are the caller's:
    ``build_store`` arms faults on every reset, a handle's ``load`` until the next one).

    ``checked``: ``data`` has passed :func:`check` already (``build_store`` checks each fixture once,
    before the store exists, and fills the store again at every reset)."""
    source = data.get("_source", "fixture")
    if not checked:
        check(data, source)
    for name, start in (data.get("sequences") or {}).items():  # first: records without an id draw from them
        store.ids.at_least(name, int(start))
    for resource in RESOURCES:  # a resource the fixture says nothing of loads nothing (nor its modules)
        named = not resource.fixture_properties or any(name in data for name in resource.fixture_properties)
        if resource.load is not None and named:
            resource.load(store, data, source)
    for index, key in enumerate(data.get("api_keys") or []):
        try:
            install_keys(store, [key])
        except (TypeError, ValueError) as error:
            raise FixtureError(f"{source}: api_keys[{index}]: {error}") from None


def build_store(
    fixture_names: Sequence[str | Path | Mapping[str, Any]],
    *,
    seed: int = 0,
    settings: Settings | None = None,
    setup: Callable[[Store], None] | None = None,
) -> Store:
    """A store loaded from fixture files (then ``setup``); ``reset()`` returns to exactly this state.

    ``fixture_names`` are paths, bundled names or fixture data as dicts (checked like a file)."""
    datas = [_data(name) for name in fixture_names]
    for data in datas:
        settings = settings_from(data, settings)

    def fill(store: Store) -> None:
        for data in datas:
            load(store, data, checked=True)
            store.fixture_faults.extend(dict(f) for f in data.get("faults") or [])
        if store.settings.now:
            store.clock.freeze(store.settings.now)
        if setup is not None:
            setup(store)

    return Store(settings=settings, seed=seed, setup=fill)


def dump(store: Store) -> dict[str, Any]:
    """A store's current state in the fixture format: its settings, sequences and each resource's records.

    Left out, so ``load`` of the result does not rebuild everything: API keys and passwords (secrets
    never leave wcmock in a response), webhooks, faults, and the settings other than the timezone and
    the username and password generation.
    """
    offset = store.settings.timezone.utcoffset(None)
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    timezone_name = getattr(store.settings.timezone, "key", None) or (
        f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    )
    with store.lock:
        out: dict[str, Any] = {
            "settings": {
                "timezone": timezone_name,
                "generate_username": store.settings.generate_username,
                "generate_password": store.settings.generate_password,
            },
        }
        for resource in RESOURCES:
            if resource.dump is not None:
                out.update(resource.dump(store))
        return out
