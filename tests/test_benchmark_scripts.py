"""The benchmark scripts still run against the code they measure.

``benchmarks/breakdown.py`` times stages by replacing named functions and methods; a rename in
the pipeline left it failing on a stage that no longer existed, unnoticed until someone wanted
the breakdown. A short run of each scenario kind catches that here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # runs a script in a subprocess


def test_the_stage_breakdown_runs_and_names_its_stages() -> None:
    scenarios = ["--scenario", "one", "--scenario", "create", "--scenario", "update"]
    result = subprocess.run(
        [sys.executable, "benchmarks/breakdown.py", "--requests", "10", "--rounds", "1", *scenarios],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| POST create (status 201) |" in result.stdout
    assert "parameters: required / validate / sanitise (Endpoint.check)" in result.stdout
    assert "store: create" in result.stdout
