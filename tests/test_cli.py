"""The command line is a thin layer: options become keyword arguments of ``wcmock.server.serve``."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from wcmock import cli, server

AUTH_DEFAULTS = {
    "api_keys": [],
    "auth": True,
    "basic_auth_over_http": True,
    "strip_authorization": False,
    "tls": False,
    "tls_ca_file": None,
    "control_token": None,
    "allowed_hosts": [],
    "fixtures_dir": None,
}


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "serve", lambda **kwargs: calls.append(kwargs))
    return calls


def test_serve_defaults_to_the_bundled_default_fixture(served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli.main, ["serve"])

    assert result.exit_code == 0, result.output
    assert served == [
        {
            "host": "127.0.0.1",
            "port": 8080,
            "fixtures": ["default"],
            "seed": 0,
            "consumer_key": None,
            "consumer_secret": None,
            "validation": "strict",
            **AUTH_DEFAULTS,
        }
    ]


def test_serve_passes_every_option_through(served: list[dict[str, Any]]) -> None:
    args = [
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "9000",
        "--fixtures",
        "a.json",
        "--fixtures",
        "b.json",
        "--seed",
        "7",
        "--consumer-key",
        "ck_x",
        "--consumer-secret",
        "cs_y",
    ]

    result = CliRunner().invoke(cli.main, args)

    assert result.exit_code == 0, result.output
    assert served == [
        {
            "host": "0.0.0.0",
            "port": 9000,
            "fixtures": ["a.json", "b.json"],
            "seed": 7,
            "consumer_key": "ck_x",
            "consumer_secret": "cs_y",
            "validation": "strict",
            **AUTH_DEFAULTS,
        }
    ]


def test_serve_passes_keys_auth_switches_and_tls_through(served: list[dict[str, Any]]) -> None:
    args = [
        "serve",
        "--api-key", "ck_a:cs_a",
        "--api-key", "ck_r:cs_r:1:read",
        "--auth", "off",
        "--no-basic-auth-over-http",
        "--strip-authorization",
        "--tls",
        "--tls-ca-file", "ca.pem",
    ]  # fmt: skip

    result = CliRunner().invoke(cli.main, args)

    assert result.exit_code == 0, result.output
    [call] = served
    assert {name: call[name] for name in AUTH_DEFAULTS} == {
        **AUTH_DEFAULTS,
        "api_keys": ["ck_a:cs_a", "ck_r:cs_r:1:read"],
        "auth": False,
        "basic_auth_over_http": False,
        "strip_authorization": True,
        "tls": True,
        "tls_ca_file": "ca.pem",
    }


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ("ck_only", "use CK:CS[:USER_ID[:PERMISSION]]"),
        ("ck:cs:admin", "the user id must be a number"),
        ("ck:cs:1:admin", "permissions must be one of read, write, read_write"),
    ],
)
def test_a_malformed_api_key_is_a_usage_error(served: list[dict[str, Any]], spec: str, complaint: str) -> None:
    result = CliRunner().invoke(cli.main, ["serve", "--api-key", spec])

    assert result.exit_code == 2
    assert complaint in result.output
    assert served == []


def test_a_key_for_a_user_that_does_not_exist_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli.main, ["serve", "--api-key", "ck_a:cs_a:999", "--port", "0"])

    assert result.exit_code == 1
    assert "no user with id 999" in result.output


def test_a_missing_fixture_file_is_a_clear_error_not_a_traceback() -> None:
    result = CliRunner().invoke(cli.main, ["serve", "--fixtures", "no/such/file.json", "--port", "0"])

    assert result.exit_code == 1
    assert "no/such/file.json: no such fixture file" in result.output
    assert "Traceback" not in result.output


def test_openapi_prints_the_document() -> None:
    import json

    result = CliRunner().invoke(cli.main, ["openapi", "--base-url", "http://ci:9000"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["openapi"].startswith("3.1")
    assert document["servers"][0]["url"] == "http://ci:9000"


def test_schemas_generate_check_accepts_the_committed_schemas() -> None:
    from pathlib import Path

    committed = Path(__file__).resolve().parent.parent / "schemas"
    result = CliRunner().invoke(cli.main, ["schemas", "generate", "--check", "--out", str(committed)])

    assert result.exit_code == 0, result.output


def test_schemas_generate_check_catches_a_hand_edit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli.main, ["schemas", "generate", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    edited = next(tmp_path.glob("v3/customer.view.json"))
    edited.write_text(edited.read_text().replace('"email"', '"e-mail"', 1))

    result = CliRunner().invoke(cli.main, ["schemas", "generate", "--check", "--out", str(tmp_path)])

    assert result.exit_code == 1
    assert "customer.view.json: not what the generator produces" in result.output


def test_serve_passes_the_control_api_options_through(served: list[dict[str, Any]], tmp_path: Any) -> None:
    args = ["serve", "--control-token", "t0ken", "--allow-host", "ci.internal", "--fixtures-dir", str(tmp_path)]

    result = CliRunner().invoke(cli.main, args)

    assert result.exit_code == 0, result.output
    [call] = served
    assert (call["control_token"], call["allowed_hosts"], call["fixtures_dir"]) == (
        "t0ken",
        ["ci.internal"],
        str(tmp_path),
    )
    CliRunner().invoke(cli.main, ["serve"], env={"WCMOCK_CONTROL_TOKEN": "from-env"})
    assert served[-1]["control_token"] == "from-env"
