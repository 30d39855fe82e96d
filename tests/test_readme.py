"""The README's examples are tests: the Python block runs, and the quick start's keys are the real ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wcmock

pytest_plugins = ["pytester"]

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)


def block(containing: str) -> str:
    """The README's one Python block that contains ``containing`` (blocks move as the README grows)."""
    [found] = [b for b in BLOCKS if containing in b]
    return found


def test_the_in_python_example_runs() -> None:
    namespace: dict[str, object] = {}
    exec(compile(block('create_app(fixtures=["default"])'), "README.md", "exec"), namespace)
    assert namespace["john"]["id"] == 25  # type: ignore[index]


@pytest.mark.slow
def test_the_plugin_example_passes_as_a_users_test(pytester: pytest.Pytester) -> None:
    pytest.importorskip("woocommerce")
    pytester.makepyfile(test_readme_example=block("from woocommerce import API"))
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


@pytest.mark.slow
def test_the_webhooks_example_passes_as_a_users_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_readme_webhooks=block("wait_for_deliveries()"))
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_validation_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(block("validate_request("), "README.md", "exec"), {})
    assert "$.email: 5 is not of type 'string'" in capsys.readouterr().out


def test_the_curl_example_uses_the_default_keys() -> None:
    assert f"{wcmock.DEFAULT_CONSUMER_KEY}:{wcmock.DEFAULT_CONSUMER_SECRET}" in README


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    [command] = re.findall(r"```sh\n(python3 -m pip install -e .*?)\n```", README)
    assert command in ci


def test_the_products_fixture_example_loads() -> None:
    from wcmock.fixtures import check, load
    from wcmock.resources.products.backend import products_of
    from wcmock.store import Store

    section = README.split("## Products", 1)[1]
    example = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    check(example, "README")
    store = Store(setup=lambda s: load(s, example))
    products = products_of(store)
    assert len(products) == 502
    tee = products.get(11)
    assert tee is not None
    assert (tee.name, tee.category_ids, tee.stock_status) == ("Premium Quality", (16,), "instock")


def test_the_orders_example_runs() -> None:
    """A paid order moves the customer's total_spent (the example asserts it itself)."""
    [block] = [b for b in BLOCKS if "/wp-json/wc/v3/orders" in b]
    exec(compile(block, "README.md", "exec"), {})
