"""``run_batch`` with actions that answer ``Later``: a list's records are rendered once its writes are done."""

from __future__ import annotations

from typing import Any

import pytest

from wcmock.errors import InvalidUserId
from wcmock.rest.batch import Later, run_batch


def test_a_lists_records_are_settled_in_order_before_the_next_list_runs():
    log: list[Any] = []

    def write(kind: str) -> Any:
        def action(item: dict[str, Any]) -> Any:
            log.append((kind, item["n"]))
            if item["n"] == 0:
                raise InvalidUserId()
            return Later(item["n"]) if item["n"] % 2 else {"plain": item["n"]}

        return action

    def settle(records: list[Any]) -> list[Any]:
        log.append(("settle", records))
        return [{"rendered": record} for record in records]

    out = run_batch(
        {"create": [{"n": 1}, {"n": 2}, {"n": 3}], "update": [{"n": 0, "id": 9}, {"n": 5}]},
        create=write("create"),
        update=write("update"),
        delete=write("delete"),
        settle=settle,
    )
    assert log == [
        ("create", 1),
        ("create", 2),
        ("create", 3),
        ("settle", [1, 3]),
        ("update", 0),
        ("update", 5),
        ("settle", [5]),
    ]
    assert out["create"] == [{"rendered": 1}, {"plain": 2}, {"rendered": 3}]
    assert out["update"][0]["error"]["code"] == "wc_user_invalid_id"
    assert out["update"][1] == {"rendered": 5}


def test_later_needs_a_settle():
    with pytest.raises(TypeError, match="settle"):
        run_batch({"create": [{}]}, create=Later, update=Later, delete=Later)
