"""Many stores, one server: each store with its own route table, journal, faults and snapshots.

A store is reached at ``/stores/<name>/wp-json/…`` (the default one also at ``/wp-json/…``), so
parallel CI jobs can share one standalone server without seeing each other's data.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wcmock import fixtures
from wcmock.harness.handle import WcmockStore
from wcmock.rest.auth import install_keys
from wcmock.settings import Settings
from wcmock.store import ApiKey, Store
from wcmock.validation import VALIDATION_MODES

DEFAULT = "default"
STORE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # a plain name: never "." or ".."
MAX_STORES = 1000


class Hub:
    """Named stores; creating one from already-loaded fixture data shares its records (no copying)."""

    def __init__(self, *, validation: str = "strict", max_stores: int = MAX_STORES) -> None:
        """``max_stores``: how many stores (the default one included) may exist at once."""
        if validation not in VALIDATION_MODES:
            raise ValueError(f"validation must be one of {', '.join(VALIDATION_MODES)}")
        self.validation = validation
        self.max_stores = max_stores
        self._handles: dict[str, WcmockStore] = {}
        self._lock = threading.Lock()

    def add(self, name: str, store: Store) -> WcmockStore:
        if not STORE_NAME.match(name):
            raise ValueError(
                f"store name {name!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        handle = WcmockStore(name, store, validation=self.validation)
        with self._lock:
            if name in self._handles:
                raise ValueError(f"a store named {name!r} already exists")
            if len(self._handles) >= self.max_stores:
                raise ValueError(f"there are already {self.max_stores} stores: drop one first (DELETE stores/NAME)")
            self._handles[name] = handle
        return handle

    def create(
        self,
        name: str,
        *,
        fixture_names: Sequence[str | Path | Mapping[str, Any]] | None = None,
        seed: int = 0,
        settings: Settings | None = None,
        consumer_key: str | None = None,
        consumer_secret: str | None = None,
        api_keys: Sequence[ApiKey | str | Mapping[str, Any]] = (),
        store: Store | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> WcmockStore:
        """A new store from fixture files (or ``store`` as given), with its keys, under ``name``."""
        return self.add(
            name,
            build(
                fixture_names=fixture_names,
                seed=seed,
                settings=settings,
                consumer_key=consumer_key,
                consumer_secret=consumer_secret,
                api_keys=api_keys,
                store=store,
                overrides=overrides,
            ),
        )

    def clone(self, name: str, source: str) -> WcmockStore:
        """A new store starting from ``source``'s loaded state, in O(1) record copies."""
        template = self.get(source).store
        store = Store(settings=copy.copy(template.settings), seed=template.seed, initial=template.initial)
        store.fixture_faults = [dict(spec) for spec in template.fixture_faults]  # part of the loaded state
        return self.add(name, store)

    def get(self, name: str) -> WcmockStore:
        handle = self._handles.get(name)
        if handle is None:
            raise KeyError(name)
        return handle

    def find(self, name: str) -> WcmockStore | None:
        return self._handles.get(name)

    def drop(self, name: str) -> None:
        if name == DEFAULT:
            raise ValueError("the default store cannot be dropped")
        with self._lock:
            if self._handles.pop(name, None) is None:
                raise KeyError(name)

    def names(self) -> list[str]:
        return list(self._handles)


DEFAULT_CONSUMER_KEY = "ck_a4503c29712b22f914b6d9cabeacb544fb56b6ba"
DEFAULT_CONSUMER_SECRET = "cs_d9df5dc8616f8f0cede382a55d960844e9aee563"


def build(
    *,
    fixture_names: Sequence[str | Path | Mapping[str, Any]] | None = None,
    seed: int = 0,
    settings: Settings | None = None,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    api_keys: Sequence[ApiKey | str | Mapping[str, Any]] = (),
    store: Store | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Store:
    """A store as the hub and ``create_app`` make one: from fixtures (default: the bundled ``default``)
    or as given, fixture-style setting ``overrides`` applied, keys installed; all part of the state
    ``reset()`` returns to."""

    def keys(store: Store) -> None:
        if overrides:
            fixtures.settings_from({"settings": dict(overrides)}, store.settings)
        if api_keys:
            install_keys(store, api_keys)
        ensure_key(store, consumer_key, consumer_secret)

    if store is None:
        return fixtures.build_store(list(fixture_names or ["default"]), seed=seed, settings=settings, setup=keys)
    store.amend_initial(keys)
    return store


def ensure_key(store: Store, consumer_key: str | None, consumer_secret: str | None) -> ApiKey:
    """The key clients use: the given one, else the fixture's first, else wcmock's documented default."""
    if consumer_key or consumer_secret or not store.keys:
        owner = store.users.first_administrator()
        if owner is None:
            raise ValueError("an API key needs an owner: add an administrator to the fixtures")
        return store.add_key(
            ApiKey(consumer_key or DEFAULT_CONSUMER_KEY, consumer_secret or DEFAULT_CONSUMER_SECRET, owner.id)
        )
    return next(iter(store.keys.values()))
