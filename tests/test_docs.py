"""The documents a user reads agree with the code: the README's first screen, ``docs/api.md``, the
changelog and the licence. A public name without a line in the reference fails here.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import wcmock

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
API = (ROOT / "docs" / "api.md").read_text(encoding="utf-8") if (ROOT / "docs" / "api.md").exists() else ""


def first_python_block(text: str) -> str:
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)[0]


def test_the_first_screen_says_how_to_install_into_your_own_project() -> None:
    install = README.split("\n## ")[1]
    assert install.startswith("Install into your project")
    for step in (
        "python3 -m venv .venv",  # Debian's and Ubuntu's Python refuse pip outside a venv
        "pip install /path/to/wcmock",  # from a checkout
        "pip wheel --no-deps -w dist",  # a wheel to hand around
        "pip install wcmock",  # once it is published
    ):
        assert step in install, step


def test_the_first_screens_test_is_short_and_passes_as_a_users_test(pytester: pytest.Pytester) -> None:
    pytest.importorskip("requests")
    example = first_python_block(README.split("\n## ")[1])
    assert len(example.strip().splitlines()) <= 12
    pytester.makepyfile(test_first_screen=example)
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_readme_has_a_table_of_contents_that_matches_its_sections() -> None:
    sections = re.findall(r"^## (.+)$", README, re.MULTILINE)
    assert sections[1] == "Contents"
    toc = README.split("\n## ")[2]
    for section in sections[2:]:
        anchor = re.sub(r"[^\w\- ]", "", section.lower()).replace(" ", "-")
        assert f"(#{anchor})" in toc, section


@pytest.mark.parametrize(
    "needle",
    [
        "## Exit codes",
        "wcmock serve --port 0",  # the CI recipe for other languages
        "runs-on: ubuntu-latest",
        "/__wcmock__/health",
        "## How it compares",
        "WireMock",
        "pytest-httpserver",
        "responses",
        "Docker",
    ],
)
def test_the_readme_covers(needle: str) -> None:
    assert needle in README


def test_the_development_commands_work_in_a_plain_clone() -> None:
    development = README.split("\n## Development")[1]
    assert "../shared" not in development


def test_the_licence_and_changelog_exist() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    from importlib.metadata import version

    assert f"## {version('wcmock')}" in changelog or "## Unreleased" in changelog


def _public_members(cls: type) -> list[str]:
    return [name for name in vars(cls) if not name.startswith("_")]


def test_every_public_name_is_in_the_api_reference() -> None:
    missing = [name for name in wcmock.__all__ if f"`{name}" not in API]
    assert missing == []


def test_every_member_of_the_test_handle_is_documented(wcmock: Any) -> None:
    cls = type(wcmock)
    assert f"{cls.__name__}`" in API
    undocumented = [name for name in _public_members(cls) if f"`{name}" not in API and f".{name}" not in API]
    assert undocumented == []
    no_docstring = [name for name in _public_members(cls) if not inspect.getdoc(getattr(cls, name))]
    assert no_docstring == []


@pytest.mark.parametrize("fixture", ["wcmock", "wcmock_server", "wcmock_tls_server", "wcmock_client"])
def test_every_fixture_is_in_the_readme_and_the_reference(fixture: str) -> None:
    assert f"`{fixture}`" in README
    assert f"`{fixture}`" in API


@pytest.mark.parametrize(
    "argument", ["fixtures", "seed", "settings", "api_keys", "tls", "assert_all_faults_fired"]
)
def test_every_marker_argument_is_in_the_reference(argument: str) -> None:
    assert f"`{argument}" in API


def test_the_fault_fields_are_documented(wcmock: Any) -> None:
    import dataclasses

    fault = wcmock.add_fault("latency")
    wcmock.faults.clear()  # armed only to be looked at
    names = [field.name for field in dataclasses.fields(fault) if not field.name.startswith("_")]
    assert [name for name in names if f"`{name}`" not in API] == []


def test_the_cookbook_recipes_are_tests(pytester: pytest.Pytester) -> None:
    cookbook = API.split("## Cookbook", 1)[1]
    blocks = re.findall(r"```python\n(.*?)```", cookbook, re.DOTALL)
    assert len(blocks) >= 4
    pytest.importorskip("pytest_httpserver")
    for index, block in enumerate(blocks):
        pytester.makepyfile(**{f"test_recipe_{index}": block})
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(re.findall(r"^def test_", "\n".join(blocks), re.MULTILINE)))
