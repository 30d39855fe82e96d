"""The arguments of the products and product-categories routes, per version, from what a store publishes.

``published.json`` holds the schemas and list arguments a 10.0.2 store publishes (``OPTIONS``) and
the sanitize/validate callbacks behind them; the endpoint argument tables are derived from those
the way ``get_endpoint_args_for_item_schema`` does (every writable property, with its default on
create).
"""

from __future__ import annotations

import json
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from wcmock.rest.args import args_from_schema

ID_ARG = {"description": "Unique identifier for the resource.", "type": "integer", "required": False}
FORCE_ARG = {
    "default": False,
    "type": "boolean",
    "description": "Whether to bypass trash and force deletion.",
    "required": False,
}
CATEGORY_FORCE_ARG = {**FORCE_ARG, "description": "Required to be true, as resource does not support trashing."}


@cache
def _document() -> dict[str, Any]:
    """``published.json`` parsed once: every version and part comes from it (106 KB: ~1.3 ms a parse)."""
    text = (Path(__file__).parent / "published.json").read_text(encoding="utf-8")  # beside it, as fixtures_dir()
    document: dict[str, Any] = json.loads(text)
    return document


@cache
def _frozen(version: str, part: str) -> bytes:
    return pickle.dumps(_document()[version][part])


def published(version: str, part: str) -> dict[str, Any]:
    """A fresh copy of one published part (``product_schema``, ``collection_args``, ``category_schema`` …)."""
    data: dict[str, Any] = pickle.loads(_frozen(version, part))
    return data


def _with_rules(args: dict[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
    for name, rule in rules.items():
        args[name].update(rule)
    return args


def collection_args(version: str) -> dict[str, Any]:
    return _with_rules(published(version, "collection_args"), published(version, "collection_rules"))


def category_collection_args(version: str) -> dict[str, Any]:
    return _with_rules(published(version, "category_collection_args"), published(version, "category_collection_rules"))


def create_args(schema: dict[str, Any]) -> dict[str, Any]:
    """``CREATABLE`` arguments: the writable properties, each with the schema's default."""
    args = args_from_schema(schema)
    for name, prop in schema["properties"].items():
        if name in args and "default" in prop:
            args[name]["default"] = prop["default"]
    return args


def item_args(version: str, schema: dict[str, Any], *, force: dict[str, Any] = FORCE_ARG) -> dict[str, Any]:
    """The read, edit and delete endpoints of ``/{id}`` and the batch endpoint's arguments."""
    context = dict(published(version, "collection_args")["context"], sanitize="sanitize_key")
    return {
        "read": {"id": dict(ID_ARG), "context": context},
        "edit": {"id": dict(ID_ARG), **args_from_schema(schema)},
        "delete": {"id": dict(ID_ARG), "force": dict(force)},
        "batch": args_from_schema(schema),
    }


def create_defaults(schema: dict[str, Any]) -> dict[str, Any]:
    """What ``batch_items`` gives every create item before its own fields (the schema's defaults)."""
    return {name: prop["default"] for name, prop in schema["properties"].items() if "default" in prop}
