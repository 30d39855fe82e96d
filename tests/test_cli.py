"""The command line is a thin layer: options become keyword arguments of ``wcmock.server.serve``."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from wcmock import cli, server


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "serve", lambda **kwargs: calls.append(kwargs))
    return calls


def test_serve_defaults_to_the_bundled_default_fixture(served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli.main, ["serve"])

    assert result.exit_code == 0, result.output
    assert served == [{"host": "127.0.0.1", "port": 8080, "fixtures": ["default"], "seed": 0,
                       "consumer_key": None, "consumer_secret": None}]


def test_serve_passes_every_option_through(served: list[dict[str, Any]]) -> None:
    args = ["serve", "--host", "0.0.0.0", "--port", "9000", "--fixtures", "a.json", "--fixtures", "b.json",
            "--seed", "7", "--consumer-key", "ck_x", "--consumer-secret", "cs_y"]

    result = CliRunner().invoke(cli.main, args)

    assert result.exit_code == 0, result.output
    assert served == [{"host": "0.0.0.0", "port": 9000, "fixtures": ["a.json", "b.json"], "seed": 7,
                       "consumer_key": "ck_x", "consumer_secret": "cs_y"}]


def test_a_missing_fixture_file_is_a_clear_error_not_a_traceback() -> None:
    result = CliRunner().invoke(cli.main, ["serve", "--fixtures", "no/such/file.json", "--port", "0"])

    assert result.exit_code == 1
    assert "no/such/file.json: no such fixture file" in result.output
    assert "Traceback" not in result.output
