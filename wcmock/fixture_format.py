"""The fixture file format, as a JSON Schema (written to ``schemas/common/fixture.json``).

Fixtures are checked against it before anything is loaded, so a typo or a wrong type is reported
with the file, the path inside it and the rule broken, never as a traceback or a half-loaded store.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from wcmock.harness.faults import ACTIONS
from wcmock.resources import RESOURCES

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

FIXTURE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://wcmock.example/schemas/common/fixture.json",
    "title": "wcmock fixture file",
    "description": "Settings, API keys, id sequences, faults and each resource's records that seed a wcmock store.",
    "type": "object",
    "properties": {
        "$schema": {"type": "string"},
        "description": {"type": "string"},
        "settings": {
            "type": "object",
            "properties": {
                "timezone": {"type": "string", "description": "UTC, +02:00, UTC-3 or an IANA name"},
                "generate_username": {"type": "boolean"},
                "generate_password": {"type": "boolean"},
                "site_name": {"type": "string"},
                "webhook_timeout": {"type": "number", "exclusiveMinimum": 0},
                "now": {"type": "string", "description": "freeze the store's clock at this instant (UTC if naive)"},
                "auth": {"type": "boolean"},
                "basic_auth_over_http": {"type": "boolean"},
                "strip_authorization": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "api_keys": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "consumer_key": {"type": "string", "minLength": 1},
                    "consumer_secret": {"type": "string", "minLength": 1},
                    "user_id": {"type": "integer", "minimum": 1},
                    "permissions": {"enum": ["read", "write", "read_write"]},
                    "description": {"type": "string"},
                },
                "required": ["consumer_key", "consumer_secret"],
                "additionalProperties": False,
            },
        },
        "faults": {
            "type": "array",
            "items": {"type": "object", "properties": {"action": {"enum": list(ACTIONS)}}, "required": ["action"]},
        },
        "sequences": {
            "type": "object",
            "description": "Where id sequences start: posts (products, orders, refunds), terms, comments, …",
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        **{name: prop for r in RESOURCES for name, prop in r.fixture_properties.items()},
    },
    "additionalProperties": False,
    "$defs": {name: schema for r in RESOURCES for name, schema in r.fixture_defs.items()},
}


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # at the first fixture with a problem: ~80 ms to import

    return Draft202012Validator(FIXTURE_SCHEMA)


@cache
def _fast() -> Any:
    """The same schema compiled by ``jsonschema_rs`` (when installed), to accept a valid fixture
    without importing the pure-Python validator: ``wcmock serve`` checks its fixture before its
    first answer. What it accepts, jsonschema accepts (its ``\\d`` and ``$`` are stricter, never
    looser, as a set of cases in ``tests/test_fixtures.py`` checks); a fixture it refuses is checked again by
    jsonschema, whose verdict and messages are the ones reported."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the accelerator is optional
        return None
    return jsonschema_rs.Draft202012Validator(FIXTURE_SCHEMA, validate_formats=False)


def problems(data: Any, *, parsed: bool = False) -> list[str]:
    """Every rule the data breaks, as ``path: message`` (empty when the fixture is valid).

    ``parsed``: the data was read from a JSON or YAML file, so holds nothing but what those parsers make."""
    fast = _fast() if parsed else None
    try:
        if fast is not None and fast.is_valid(data):
            return []
    except ValueError:  # values JSON has no type for (a fixture built in Python): jsonschema decides
        pass
    found = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{_path(list(error.absolute_path))}: {error.message}" for error in found]


def _path(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
