"""The published schema of a system status tool and the arguments it gives the run endpoint."""

from __future__ import annotations

from typing import Any

_PROPERTIES: dict[str, tuple[str, str, list[str], str | None]] = {
    # name: (description, type, context, sanitize callback)
    "id": ("A unique identifier for the tool.", "string", ["view", "edit"], None),
    "name": ("Tool name.", "string", ["view", "edit"], "sanitize_text_field"),
    "action": ("What running the tool will do.", "string", ["view", "edit"], "sanitize_text_field"),
    "description": ("Tool description.", "string", ["view", "edit"], "sanitize_text_field"),
    "success": ("Did the tool run successfully?", "boolean", ["edit"], None),
    "message": ("Tool return message.", "string", ["edit"], "sanitize_text_field"),
}

TOOL_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "system_status_tool",
    "type": "object",
    "properties": {
        name: {"description": description, "type": type_name, "context": context}
        for name, (description, type_name, context, _) in _PROPERTIES.items()
    },
}


def tool_edit_args() -> dict[str, dict[str, Any]]:
    """``get_endpoint_args_for_item_schema( EDITABLE )``: every property, typed, none required.

    ``id`` is ``sanitize_title``-d by the handler (the server's sanitisers are WordPress's generic ones).
    """
    args: dict[str, dict[str, Any]] = {}
    for name, (description, type_name, _, sanitize) in _PROPERTIES.items():
        arg: dict[str, Any] = {"description": description, "type": type_name, "required": False}
        if sanitize:
            arg["sanitize"] = sanitize
        args[name] = arg
    return args
