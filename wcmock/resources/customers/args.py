"""The argument and schema definitions real stores publish, and WordPress's rules for deriving them.

``wcmock/resources/customers/wp_rest.json`` holds what WooCommerce 10.0.2 answers to ``OPTIONS`` (copied by
``scripts/extract_wp_rest.py``); the endpoints the recordings do not show are derived here with
``rest_get_endpoint_args_for_schema``'s rules, as WordPress derives them.
"""

from __future__ import annotations

import json
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from wcmock.rest.args import BATCH_SCHEMA, ID_ARG, args_from_schema

__all__ = ["BATCH_SCHEMA", "ID_ARG", "args_from_schema"]  # used by routes and schemas through this module

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
    text = (Path(__file__).parent / "wp_rest.json").read_text(encoding="utf-8")  # beside it, as fixtures_dir()
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
