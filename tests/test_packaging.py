"""What users get from ``pip install wcmock``: the fixtures, the route data and a stable public API."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import wcmock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    [built] = out.glob("wcmock-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_carries_the_bundled_fixtures(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for fixture in (ROOT / "fixtures").glob("*.json"):
        assert f"wcmock/_fixtures/{fixture.name}" in names


def test_the_wheel_carries_the_published_route_data(wheel: zipfile.ZipFile) -> None:
    assert "wcmock/resources/customers/wp_rest.json" in wheel.namelist()


def test_the_wheel_carries_the_dashboards_static_files(wheel: zipfile.ZipFile) -> None:
    shipped = sorted((ROOT / "wcmock").rglob("static/*.*"))
    assert {p.suffix for p in shipped} >= {".css", ".js"}
    assert {p.relative_to(ROOT).as_posix() for p in shipped} <= set(wheel.namelist())


def test_the_wheel_installs_the_command(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "wcmock = wcmock.cli:main" in wheel.read(entry_points).decode()


def test_the_public_api_is_deliberate() -> None:
    assert set(wcmock.__all__) == {
        "DEFAULT_CONSUMER_KEY", "DEFAULT_CONSUMER_SECRET", "ApiKey", "Customer", "CustomerQuery", "LiveServer",
        "RestError", "Settings", "Store", "build_store", "create_app",
    }
    for name in wcmock.__all__:
        assert hasattr(wcmock, name)
