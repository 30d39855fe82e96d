"""What users get from ``pip install wcmock``: the fixtures, the route data and a stable public API."""

from __future__ import annotations

import re
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


@pytest.mark.slow
def test_the_wheel_carries_the_bundled_fixtures(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for fixture in (ROOT / "fixtures").glob("*.json"):
        assert f"wcmock/_fixtures/{fixture.name}" in names


@pytest.mark.slow
def test_the_wheel_carries_the_published_route_data(wheel: zipfile.ZipFile) -> None:
    assert "wcmock/resources/customers/wp_rest.json" in wheel.namelist()


@pytest.mark.slow
def test_the_wheel_carries_the_dashboards_static_files(wheel: zipfile.ZipFile) -> None:
    shipped = sorted((ROOT / "wcmock").rglob("static/*.*"))
    assert {p.suffix for p in shipped} >= {".css", ".js"}
    assert {p.relative_to(ROOT).as_posix() for p in shipped} <= set(wheel.namelist())


@pytest.mark.slow
def test_the_wheel_installs_the_command(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "wcmock = wcmock.cli:main" in wheel.read(entry_points).decode()


@pytest.mark.slow
def test_the_wheel_says_the_package_is_typed(wheel: zipfile.ZipFile) -> None:
    assert "wcmock/py.typed" in wheel.namelist()


def test_the_public_api_is_deliberate() -> None:
    """A name that appears in or disappears from ``wcmock`` must be added or removed here too."""
    assert set(wcmock.__all__) == {
        "DEFAULT_CONSUMER_KEY", "DEFAULT_CONSUMER_SECRET", "ApiKey", "Customer", "CustomerQuery", "FixtureError",
        "LiveServer", "RestError", "SchemaViolation", "Settings", "Store", "WcmockStore", "build_store",
        "create_app", "install_keys", "validate_customer", "validate_request", "validate_response",
    }
    assert sorted(dir(wcmock)) == sorted(wcmock.__all__)
    for name in wcmock.__all__:
        assert getattr(wcmock, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'Hub'"):
        wcmock.Hub  # noqa: B018  (internal: reached through wcmock.harness.hub)


def test_the_names_the_readme_teaches_are_exported() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    taught = {
        name.strip().split(" as ")[0]
        for names in re.findall(r"^from wcmock import (.+)$", readme, re.MULTILINE)
        for name in names.split(",")
    }
    taught |= set(re.findall(r"\bwcmock\.([A-Z][A-Za-z_]+)", readme))  # `wcmock.LiveServer(app)`
    taught |= set(re.findall(r"\bwcmock\.([a-z_]+)\(store\b", readme))  # `wcmock.install_keys(store, ...)`
    assert {"create_app", "LiveServer", "WcmockStore", "install_keys"} <= taught
    assert taught <= set(wcmock.__all__)


@pytest.mark.slow
def test_importing_the_plugin_loads_no_server_or_schema_library() -> None:
    """pytest imports the plugin in every run of every project with wcmock installed: it stays light."""
    heavy = "{'starlette', 'uvicorn', 'jsonschema', 'faker', 'click'}"
    code = f"import wcmock.pytest_plugin, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_serving_the_default_fixture_imports_no_pure_python_validator_or_http_client() -> None:
    """``wcmock serve`` answers its first request before jsonschema (~80 ms to import) or the HTTP
    client is loaded: the accelerator accepts the fixture and validates the answers."""
    code = """
import asyncio, base64, sys
import wcmock.cli, wcmock.server
from wcmock.app import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app

app = create_app(fixtures=["default"])
token = base64.b64encode(f"{DEFAULT_CONSUMER_KEY}:{DEFAULT_CONSUMER_SECRET}".encode())
scope = {
    "type": "http", "method": "GET", "path": "/wp-json/wc/v3/customers", "query_string": b"",
    "headers": [(b"host", b"127.0.0.1:8080"), (b"authorization", b"Basic " + token)],
    "scheme": "http", "server": ("127.0.0.1", 8080), "client": ("127.0.0.1", 5000), "root_path": "",
}
sent = []

async def receive():
    return {"type": "http.request", "body": b"", "more_body": False}

async def send(message):
    sent.append(message)

asyncio.run(app(scope, receive, send))
print(sent[0]["status"], sorted(m for m in sys.modules if m.split(".")[0] in {"jsonschema", "httpx2"}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "200 []"


@pytest.mark.slow
def test_wcmock_serve_answers_wp_json_before_starlette_is_imported() -> None:
    """``wcmock serve`` runs ``asgi_app``'s plain ASGI app: ``/wp-json`` needs none of Starlette's
    ~45 ms of imports; the first request outside it (a 404, the control API) makes the Starlette app
    and gets its answer, as ``create_app``'s app gives it."""
    code = """
import asyncio, base64, json, sys
import wcmock.cli, wcmock.server
from wcmock.app import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, asgi_app

app = asgi_app(fixtures=["default"])
token = base64.b64encode(f"{DEFAULT_CONSUMER_KEY}:{DEFAULT_CONSUMER_SECRET}".encode())

def call(path):
    scope = {
        "type": "http", "method": "GET", "path": path, "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8080"), (b"authorization", b"Basic " + token)],
        "scheme": "http", "server": ("127.0.0.1", 8080), "client": ("127.0.0.1", 5000), "root_path": "",
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))

def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in {"anyio", "starlette"} and m != "starlette.types")

status, body = call("/wp-json/wc/v3/customers/1")
print(status, body["id"], loaded())
print(call("/no/such/page"), call("/__wcmock__/health")[1], "starlette.applications" in loaded())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    first, then = out.stdout.strip().splitlines()
    assert first == "200 1 ['starlette']"  # the package's __init__ (a version string), for its type names
    no_route = "{'code': 'rest_no_route', 'message': 'No route was found matching the URL and request method.', "
    assert then.startswith(f"(404, {no_route}")
    assert then.endswith("{'status': 'ok', 'store': 'default', 'customers': 3} True")
