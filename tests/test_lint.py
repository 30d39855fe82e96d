"""The tree passes the README's lint command, so a commit that skips it still fails CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # runs a tool in a subprocess


@pytest.mark.parametrize("arguments", [["check", "."], ["format", "--check", "wcmock"]], ids=" ".join)
def test_ruff_passes(arguments: list[str]) -> None:
    pytest.importorskip("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
