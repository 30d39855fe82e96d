"""What a resource package gives the generic machinery: the :class:`Resource` record.

Each ``wcmock/resources/<name>/__init__.py`` exports ``RESOURCE``; ``wcmock/resources/__init__.py``
lists them. The hub mounts routes with ``mount``, fixtures load and dump through ``load``/``dump``,
the fixture format, schema generator, validation and OpenAPI document read the rest, so none of them
names a resource.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wcmock.records import immutable
from wcmock.rest.server import RestRequest, Route
from wcmock.store import Store

Payload = Callable[[str, RestRequest, Any], Any]  # (version, request, record) -> the REST body a webhook carries


@immutable
class Mount:
    """What a resource's routes are built with, for one store."""

    validation: str  # strict, warn or off: how answers are checked against schemas/
    deliveries: Any  # the store's WebhookDeliveries (``ping`` when a webhook is made)


@dataclass(slots=True, repr=False, eq=False)
class Mounted:
    """A resource's routes for one store, and the webhook payload renderer of each topic it fires."""

    routes: list[Route]
    payloads: dict[str, Payload] = field(default_factory=dict)


@immutable
class Resource:
    name: str  # the folder name, and its backend's key in the store (``store.backend(name, ...)``)
    mount: Callable[[Store, Mount], Mounted]
    # what its route patterns start with after the namespace (``customers``): its routes are mounted
    # when a request path first could reach them (none: at the first request)
    paths: tuple[str, ...] = ()
    since: str = "v1"  # the first API version that serves it (webhooks: v2)
    # fixture files: the top-level properties it reads (JSON Schema), loading and dumping them
    fixture_properties: Mapping[str, Any] = field(default_factory=dict)
    fixture_defs: Mapping[str, Any] = field(default_factory=dict)
    load: Callable[[Store, Mapping[str, Any], str], None] | None = None
    dump: Callable[[Store], dict[str, Any]] | None = None
    # schemas/: the files it generates, and the names validation knows them by ({version}, {context})
    schema_files: Callable[[], dict[str, dict[str, Any]]] | None = None
    response_kinds: Mapping[str, str] = field(default_factory=dict)
    request_kinds: Mapping[str, str] = field(default_factory=dict)
    # the OpenAPI document: its paths in one version, and schemas it adds to components
    openapi_paths: Callable[[str], dict[str, Any]] | None = None
    openapi_schemas: Callable[[], dict[str, Any]] | None = None


def later(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported at its first call: a resource's routes, seed, schemas and OpenAPI
    paths load when they are first used, not when the registry is read (``wcmock serve`` answering
    customers needs neither the orders' modules nor anyone's OpenAPI paths)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__qualname__ = call.__name__ = name
    return call
