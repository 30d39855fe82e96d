"""The command line at its edges: bad ports and hosts, half-given keys, signals, exit codes.

``serve`` is patched where the point is the option parsing (as ``tests/test_cli.py`` does); the
signal tests start the real command, because what a CI script sees is the process's exit status.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wcmock import cli, server


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "serve", lambda **kwargs: calls.append(kwargs))
    return calls


def run(*args: str) -> Any:
    return CliRunner().invoke(cli.main, list(args))


@pytest.mark.parametrize("port", ["70000", "-1", "65536"])
def test_a_port_out_of_range_is_a_usage_error(served: list[dict[str, Any]], port: str) -> None:
    result = run("serve", "--port", port)
    assert result.exit_code == 2
    assert "--port" in result.output
    assert "0<=x<=65535" in result.output
    assert served == []


@pytest.mark.parametrize("port", ["0", "65535"])
def test_the_ends_of_the_port_range_are_accepted(served: list[dict[str, Any]], port: str) -> None:
    assert run("serve", "--port", port).exit_code == 0
    assert served[0]["port"] == int(port)


@pytest.mark.parametrize("host", ["999.1.1.1", "1.2.3", "bad host", "-x"])
def test_a_host_that_is_not_an_address_names_the_option(served: list[dict[str, Any]], host: str) -> None:
    result = run("serve", "--host", host)
    assert result.exit_code == 2
    assert "--host" in result.output
    assert served == []


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::1", "::", "localhost", "wcmock.internal"])
def test_hosts_and_addresses_are_accepted(served: list[dict[str, Any]], host: str) -> None:
    assert run("serve", "--host", host).exit_code == 0
    assert served[0]["host"] == host


@pytest.mark.parametrize(
    "given", [["--consumer-key", "ck_x"], ["--consumer-secret", "cs_x"]], ids=["key-alone", "secret-alone"]
)
def test_a_key_without_its_secret_is_a_usage_error(served: list[dict[str, Any]], given: list[str]) -> None:
    result = run("serve", *given)
    assert result.exit_code == 2
    assert "--consumer-key and --consumer-secret go together" in result.output
    assert served == []


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"wcmock {version('wcmock')}"


def test_validate_fixture_prints_every_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"customers": [{"email": 7}, {"email": "a@example.org", "role": "king"}]}))
    result = run("validate-fixture", str(bad))
    assert result.exit_code == 1
    assert "customers[0].email" in result.output
    assert "customers[1].role" in result.output
    assert "more)" not in result.output


def test_validate_fixture_rejects_an_email_the_api_would_refuse(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"customers": [{"email": "not-an-email"}]}))
    result = run("validate-fixture", str(bad))
    assert result.exit_code == 1
    assert "customers[0].email: 'not-an-email' is not a valid email address" in result.output


def test_validate_fixture_accepts_the_bundled_fixtures() -> None:
    result = run("validate-fixture", "default", "wc-e2e")
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == 2


def test_schemas_generate_is_kept_out_of_a_users_help() -> None:
    assert "schemas" not in run("--help").output


def test_schemas_generate_refuses_outside_a_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "checkout_root", lambda: None)
    monkeypatch.chdir(tmp_path)
    result = run("schemas", "generate")
    assert result.exit_code == 1
    assert "a contributor command" in result.output
    assert list(tmp_path.iterdir()) == []


def test_every_command_and_option_in_help_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    serve_help = run("serve", "--help").output
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", serve_help)) - {"--help"}
    assert "--tls-ca-file" in options
    assert [option for option in sorted(options) if option not in readme] == []
    for command in ("serve", "validate-fixture", "generate", "openapi"):
        assert f"wcmock {command}" in readme


# ---------------------------------------------------------------------- the real process


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    """``wcmock serve --port 0`` in a process of its own, once it announces its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "wcmock", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("wcmock serving"), first
    return process, first.split()[-1]


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_stops_the_server_with_exit_status_zero(sent: signal.Signals) -> None:
    process, _ = _start()
    process.send_signal(sent)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "Traceback" not in output


def test_a_port_in_use_is_exit_status_one_and_says_so() -> None:
    first, url = _start()
    port = url.rsplit(":", 1)[1]
    try:
        second = subprocess.run(
            [sys.executable, "-m", "wcmock", "serve", "--port", port], capture_output=True, text=True, timeout=30
        )
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=20)
    assert second.returncode == 1
    assert f"port {port} is in use" in second.stdout + second.stderr
