"""The README's examples are tests: the Python block runs, and the quick start's keys are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

import wcmock

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs() -> None:
    [block] = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["john"]["id"] == 25  # type: ignore[index]


def test_the_curl_example_uses_the_default_keys() -> None:
    assert f"{wcmock.DEFAULT_CONSUMER_KEY}:{wcmock.DEFAULT_CONSUMER_SECRET}" in README


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    [command] = re.findall(r"```sh\n(python3 -m pip install -e .*?)\n```", README)
    assert command in ci
