"""The pytest plugin as a user meets it: a test file in their project, run by pytest (``pytester``)."""

from __future__ import annotations

import pytest

from wcmock.resources.customers.backend import customers_of

pytest_plugins = ["pytester"]

USER_TESTS = '''
import pytest
from woocommerce import API


def client(wcmock):
    return API(url=wcmock.url, consumer_key=wcmock.consumer_key, consumer_secret=wcmock.consumer_secret,
               version="wc/v3", timeout=10)


def test_create_a_customer(wcmock):
    response = client(wcmock).post("customers", {"email": "ana@example.org", "first_name": "Ana"})
    assert response.status_code == 201
    assert wcmock.get_customer(response.json()["id"]).first_name == "Ana"
    wcmock.assert_requested("POST", "/wc/v3/customers", times=1, json={"email": "ana@example.org"})


def test_the_previous_customer_is_gone(wcmock):
    found = client(wcmock).get("customers", params={"email": "ana@example.org"}).json()
    assert found == []
    assert client(wcmock).get("customers/25").json()["first_name"] == "John"


@pytest.mark.wcmock(fixtures=["wc-e2e"])
def test_a_marker_chooses_the_fixtures(wcmock):
    assert [c.username for c in wcmock.customers()] == ["admin", "customer"]


def test_the_in_process_client(wcmock_client):
    assert wcmock_client.get("/wp-json/wc/v3/customers/26").json()["first_name"] == "Jo\\u00e3o"
'''


@pytest.fixture
def user_project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_users_code=USER_TESTS)
    return pytester


@pytest.mark.slow
def test_a_users_suite_passes_with_only_the_plugin_installed(user_project: pytest.Pytester) -> None:
    pytest.importorskip("woocommerce")
    result = user_project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


@pytest.mark.slow
def test_the_same_suite_passes_under_xdist(user_project: pytest.Pytester) -> None:
    pytest.importorskip("woocommerce")
    pytest.importorskip("xdist")
    result = user_project.runpytest_subprocess("-n", "4", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


@pytest.mark.slow
def test_a_failed_journal_assertion_shows_the_near_miss(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        def test_wrong_email(wcmock, wcmock_client):
            wcmock_client.post("/wp-json/wc/v3/customers", json={"email": "ana@example.org"})
            wcmock.assert_requested("POST", "/wc/v3/customers", json={"email": "bea@example.org"})
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*expected POST /wc/v3/customers at least once, it was requested 0 times*",
        "*closest requests:*",
        "*POST /wc/v3/customers -> 201*",
        '*$.email: "ana@example.org" != expected "bea@example.org"*',
    ])


@pytest.mark.slow
def test_suite_wide_options_choose_fixtures_and_seed(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nwcmock_fixtures = wc-e2e\n")
    pytester.makepyfile('''
        def test_e2e(wcmock):
            assert len(wcmock.customers()) == 2
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


@pytest.mark.slow
def test_a_broken_fixture_file_fails_the_tests_with_its_message_not_a_traceback(pytester: pytest.Pytester) -> None:
    pytester.makefile(".json", bad='{"customers": [{"email": 7}]}')
    pytester.makepyfile('''
        def test_uses_the_store(wcmock):
            pass
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--wcmock-fixtures", "bad.json")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*wcmock: cannot build the store: *customers[[]0[]].email*"])
    result.stdout.no_fnmatch_line("*Traceback*")
    result.stdout.no_fnmatch_line("*fixtures.py:*")


def test_the_consumer_key_outlives_its_owner(wcmock):
    key = wcmock.consumer_key
    customers_of(wcmock.store).delete(1)  # its keys go with it, as on a real store
    with wcmock.test_client() as http:
        assert http.get("/wp-json/wc/v3/customers").status_code == 401
    assert wcmock.consumer_key == key


@pytest.mark.slow
def test_suite_wide_settings_with_a_marker_laid_over_them(pytester: pytest.Pytester) -> None:
    pytester.makeini('[pytest]\nwcmock_settings = {"auth": false, "timezone": "Europe/Lisbon"}\n')
    pytester.makepyfile('''
        import httpx2 as httpx
        import pytest

        def test_anonymous_is_let_in(wcmock):
            assert httpx.get(wcmock.api_url() + "/customers").status_code == 200

        @pytest.mark.wcmock(settings={"auth": True})
        def test_the_marker_wins(wcmock):
            assert httpx.get(wcmock.api_url() + "/customers").status_code == 401
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    bad = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--wcmock-settings", "[1]")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*wcmock settings must be a JSON object*"])
