"""The package type-checks under ``mypy --strict`` (STYLE: strict on the package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # runs a tool in a subprocess


def test_the_package_is_strictly_typed() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "wcmock"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_immutable_records_fields_are_read_only_to_mypy(tmp_path: Path) -> None:
    """``wcmock.records.immutable`` classes are frozen where it is checked: assigning a field is a type error."""
    pytest.importorskip("mypy")
    snippet = tmp_path / "assigns.py"
    snippet.write_text(
        "from wcmock.resources.products.models import Term\n"
        "from wcmock.store import StoreState\n"
        "def change(term: Term, state: StoreState) -> None:\n"
        "    term.name = 'renamed'\n"
        "    state.keys = {}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(snippet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Property "name" defined in "Term" is read-only' in result.stdout
    assert 'Property "keys" defined in "StoreState" is read-only' in result.stdout
