"""The argument and schema definitions real stores publish, and WordPress's rules for deriving them.

``wcmock/resources/customers/wp_rest.json`` holds what WooCommerce 10.0.2 answers to ``OPTIONS`` (copied by
``scripts/extract_wp_rest.py``); the endpoints the recordings do not show are derived here with
``rest_get_endpoint_args_for_schema``'s rules, as WordPress derives them.
"""

from __future__ import annotations

import json
import pickle
from functools import cache
from importlib import resources
from typing import Any

MIXED = ["null", "object", "string", "number", "boolean", "integer", "array"]
ARG_KEYWORDS = (
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "additionalProperties",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
)
ID_ARG = {"description": "Unique identifier for the resource.", "type": "integer", "required": False}
BATCH_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "batch",
    "type": "object",
    "properties": {
        "create": {
            "description": "List of created resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "object"},
        },
        "update": {
            "description": "List of updated resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "object"},
        },
        "delete": {
            "description": "List of delete resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "integer"},
        },
    },
}
# How each list argument is checked and cleaned (WooCommerce's validate/sanitize callbacks).
COLLECTION_RULES: dict[str, dict[str, Any]] = {
    "context": {"sanitize": "sanitize_key"},
    "page": {"sanitize": "absint"},
    "per_page": {"sanitize": "absint"},
    "search": {"sanitize": "sanitize_text_field"},
    "exclude": {"sanitize": "wp_parse_id_list", "validate": False},
    "include": {"sanitize": "wp_parse_id_list", "validate": False},
    "offset": {"sanitize": "absint"},
    "order": {"sanitize": "sanitize_key"},
    "orderby": {"sanitize": "sanitize_key"},
}


@cache
def published() -> dict[str, Any]:
    text = resources.files("wcmock.resources.customers").joinpath("wp_rest.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _frozen_part(version: str, part: str) -> bytes:
    return pickle.dumps(published()[version][part])


def version_data(version: str, part: str) -> dict[str, Any]:
    """A fresh copy of one part (``create_args``, ``customer_schema`` …) of what the store publishes.

    Every store builds its own route table from these; unpickling is ten times faster than
    ``copy.deepcopy``, which made creating a store cost 13 ms."""
    data: dict[str, Any] = pickle.loads(_frozen_part(version, part))
    return data


def _arg_types(schema: Any) -> Any:
    """WooCommerce's v3 base controller publishes ``mixed`` and ``date-time`` as JSON types."""
    if isinstance(schema, dict):
        out = {k: _arg_types(v) for k, v in schema.items()}
        if out.get("type") == "mixed":
            out["type"] = list(MIXED)
        elif out.get("type") == "date-time":
            out["type"] = ["null", "string"]
        return out
    if isinstance(schema, list):
        return [_arg_types(v) for v in schema]
    return schema


def args_from_schema(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``rest_get_endpoint_args_for_schema`` for an editable endpoint: every writable property."""
    args: dict[str, dict[str, Any]] = {}
    for name, prop in schema["properties"].items():
        if prop.get("readonly"):
            continue
        arg: dict[str, Any] = {}
        if "description" in prop:
            arg["description"] = prop["description"]
        arg.update({k: _arg_types(prop[k]) for k in ARG_KEYWORDS if k in prop})
        arg["required"] = False
        args[name] = arg
    return args


def collection_args(version: str) -> dict[str, dict[str, Any]]:
    args = version_data(version, "collection_args")
    for name, rules in COLLECTION_RULES.items():
        args[name].update(rules)
    return args


def create_args(version: str, *, username_required: bool, password_required: bool) -> dict[str, dict[str, Any]]:
    """Create replaces ``email``, ``username`` and ``password`` with bare string arguments."""
    args = version_data(version, "create_args")
    for name in ("email", "username", "password"):
        args[name]["validate"] = False
    args["username"]["required"] = username_required
    args["password"]["required"] = password_required
    return args


def item_args(version: str) -> dict[str, dict[str, dict[str, Any]]]:
    schema = version_data(version, "customer_schema")
    context = dict(version_data(version, "collection_args")["context"])
    context["sanitize"] = "sanitize_key"
    return {
        "read": {"id": dict(ID_ARG), "context": context},
        "edit": {"id": dict(ID_ARG), **args_from_schema(schema)},
        "delete": {
            "id": dict(ID_ARG),
            "force": {
                "default": False,
                "type": "boolean",
                "description": "Required to be true, as resource does not support trashing.",
                "required": False,
            },
            "reassign": {"default": 0, "type": "integer", "description": "ID to reassign posts to.", "required": False},
        },
        "batch": args_from_schema(schema),
    }


def downloads_args(version: str) -> dict[str, dict[str, Any]]:
    args = version_data(version, "download_args")
    args["context"]["sanitize"] = "sanitize_key"
    return args


def customer_schema(version: str) -> dict[str, Any]:
    return version_data(version, "customer_schema")


def download_schema(version: str) -> dict[str, Any]:
    return version_data(version, "download_schema")
