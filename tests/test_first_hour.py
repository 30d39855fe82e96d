"""A user's first hour, followed to the letter: the README's first screen in a project of their own.

A fresh virtual environment, wcmock installed from a wheel built from this checkout (as the README
says), the README's first test written to the user's ``tests/`` and run by the environment's pytest.
Nothing of this checkout is importable there: only what the wheel carries.
"""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIRST_SCREEN = README.split("\n## ")[1]


@pytest.mark.slow
def test_from_nothing_to_a_passing_test_in_a_project_of_ones_own(tmp_path: Path) -> None:
    assert "python3 -m pip wheel --no-deps -w dist ." in FIRST_SCREEN
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    [wheel] = dist.glob("wcmock-*.whl")
    project = tmp_path / "crm-sync"
    (project / "tests").mkdir(parents=True)
    venv.create(project / ".venv", with_pip=True)
    python = project / ".venv" / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel), "requests"]
    subprocess.run(install, check=True, cwd=project)
    [example] = re.findall(r"```python\n(.*?)```", FIRST_SCREEN, re.DOTALL)
    (project / "tests" / "test_shop.py").write_text(example, encoding="utf-8")

    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project, capture_output=True, text=True
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
