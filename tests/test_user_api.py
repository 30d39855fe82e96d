"""The test API as a new user meets it: the ``wcmock`` fixture, its faults, journal and reprs.

Each test is an example a user could copy: it takes the ``wcmock`` fixture (or runs a user's test
file with ``pytester`` where the point is what pytest reports) and uses only the documented API.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest

pytest_plugins = ["pytester"]

CUSTOMERS = "/wp-json/wc/v3/customers"


# ---------------------------------------------------------------------- faults that target a page


def test_a_fault_can_target_page_two(wcmock: Any) -> None:
    wcmock.add_fault("status", status=503, query={"page": "2"})
    with wcmock.test_client() as api:
        assert api.get(CUSTOMERS, params={"page": 1}).status_code == 200
        assert api.get(CUSTOMERS).status_code == 200
        assert api.get(CUSTOMERS, params={"page": 2}).status_code == 503
        assert api.get(CUSTOMERS, params={"page": 2, "per_page": 1}).status_code == 503  # a subset: more is fine


def test_a_fault_query_matches_numbers_and_repeated_values(wcmock: Any) -> None:
    wcmock.add_fault("status", status=503, query={"page": 2})
    with wcmock.test_client() as api:
        assert api.get(CUSTOMERS + "?page=2&page=2").status_code == 503  # OAuth over http:// sends it twice
        assert api.get(CUSTOMERS + "?page=1&page=2").status_code == 200  # values that disagree do not match


def test_after_skips_the_first_matching_calls(wcmock: Any) -> None:
    wcmock.add_fault("status", status=503, after=2, times=1)
    with wcmock.test_client() as api:
        assert [api.get(CUSTOMERS).status_code for _ in range(4)] == [200, 200, 503, 200]


def test_page_three_fails_once_after_two_good_reads_of_it(wcmock: Any) -> None:
    wcmock.add_fault("error", status=500, code="db_error", query={"page": "3"}, after=1, times=1)
    with wcmock.test_client() as api:
        statuses = [api.get(CUSTOMERS, params={"page": page}).status_code for page in (3, 1, 3, 3)]
    assert statuses == [200, 200, 500, 200]


def test_an_unknown_fault_keyword_lists_the_valid_ones(wcmock: Any) -> None:
    with pytest.raises(ValueError, match=r"unknown field 'qurey' \(did you mean 'query'\?\); valid: action, .*after"):
        wcmock.add_fault("status", qurey={"page": "2"})
    assert wcmock.faults.list() == []


def test_a_query_written_into_the_path_is_refused_with_the_way_to_say_it(wcmock: Any) -> None:
    with pytest.raises(ValueError, match=r"path: .*query=\{'page': '2'\}"):
        wcmock.add_fault("status", path="/wc/v3/customers?page=2")


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ({"query": "page=2"}, "query: must be an object"),
        ({"query": {"page": {"x": 1}}}, "query.page: must be a string, a number or a list of them"),
        ({"after": -1}, "after: must be a whole number from 0 up"),
    ],
)
def test_bad_query_and_after_are_refused(wcmock: Any, spec: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint.replace(".", r"\.")):
        wcmock.add_fault("status", **spec)


def test_faults_over_http_take_query_and_after_and_name_unknown_fields(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        created = api.post("/__wcmock__/faults", json={"action": "status", "query": {"page": "2"}, "after": 1})
        assert created.status_code == 201
        assert created.json()["query"] == {"page": "2"}
        assert created.json()["after"] == 1
        assert [api.get(CUSTOMERS, params={"page": 2}).status_code for _ in range(3)] == [200, 503, 503]
        [listed] = api.get("/__wcmock__/faults").json()
        assert (listed["matched"], listed["fired"]) == (3, 2)
        bad = api.post("/__wcmock__/faults", json={"action": "status", "qurey": {"page": "2"}})
    assert bad.status_code == 400
    assert bad.json()["code"] == "wcmock_invalid_request"
    assert "unknown field 'qurey'" in bad.json()["message"]
    assert "query" in bad.json()["message"].split("valid:")[1]


def test_a_fault_that_never_fired_is_a_warning_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        def test_arms_a_fault_but_never_calls(wcmock):
            wcmock.add_fault("status", status=503, query={"page": "2"})

        def test_a_fault_that_fires_is_not_reported(wcmock):
            wcmock.add_fault("status", status=503)
            with wcmock.test_client() as api:
                assert api.get("/wp-json/wc/v3/customers").status_code == 503
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "default")  # as in a suite of default settings
    result.assert_outcomes(passed=2, warnings=1)
    result.stdout.fnmatch_lines(
        ["*UnfiredFaultWarning: wcmock: fault #* (status 503, query {'page': '2'}) never fired*"]
    )


def test_unfired_faults_are_errors_under_the_opt_in(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        import pytest

        @pytest.mark.wcmock(assert_all_faults_fired=True)
        def test_strict(wcmock):
            wcmock.add_fault("status", status=503, after=5)
            with wcmock.test_client() as api:
                api.get("/wp-json/wc/v3/customers")

        def test_the_next_test_starts_clean(wcmock):
            assert wcmock.faults.list() == []
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*wcmock: fault #* (status 503, after 5) never fired (matched 1 time)*"])


def test_the_opt_in_for_a_whole_suite(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nwcmock_assert_all_faults_fired = true\n")
    pytester.makepyfile('''
        def test_strict(wcmock):
            wcmock.add_fault("drop", path="/wc/v3/orders")
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*fault #* (drop, path /wc/v3/orders) never fired*"])


# ---------------------------------------------------------------------- assertions on requests


def test_a_repeated_query_parameter_matches_when_its_values_agree(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.get(CUSTOMERS + "?page=2&page=2")
    wcmock.assert_requested("GET", "/wc/v3/customers", query={"page": 2})
    wcmock.assert_requested("GET", "/wc/v3/customers", query={"page": ["2", "2"]})


def test_a_repeated_query_parameter_that_disagrees_is_shown(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.get(CUSTOMERS + "?page=1&page=2")
    with pytest.raises(AssertionError, match=r'query\.page: \["1", "2"\] != expected 2'):
        wcmock.assert_requested("GET", "/wc/v3/customers", query={"page": 2})


def test_the_official_client_over_http_can_be_asserted_on_by_page(wcmock: Any) -> None:
    woocommerce = pytest.importorskip("woocommerce")
    api = woocommerce.API(
        url=wcmock.url, consumer_key=wcmock.consumer_key, consumer_secret=wcmock.consumer_secret, version="wc/v3"
    )
    assert api.get("customers", params={"page": 2}).status_code == 200
    wcmock.assert_requested("GET", "/wc/v3/customers", query={"page": 2}, times=1, status=200)


def test_assert_requested_takes_a_full_url(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.get(CUSTOMERS, params={"page": 2})
    wcmock.assert_requested("GET", wcmock.api_url("v3") + "/customers?page=2")
    wcmock.assert_requested("GET", "/wp-json/wc/v3/customers", query={"page": "2"})
    with pytest.raises(AssertionError, match="0 times"):
        wcmock.assert_requested("GET", wcmock.api_url("v3") + "/customers?page=3")


def test_a_path_without_the_api_prefix_says_where_paths_start(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.get(CUSTOMERS)
    with pytest.raises(AssertionError, match=r"paths start after /wp-json, e\.g\. /wc/v3/customers"):
        wcmock.assert_requested("GET", "/customers")


def test_assert_requested_has_a_real_signature(wcmock: Any) -> None:
    parameters = inspect.signature(type(wcmock).assert_requested).parameters
    assert [p for p in parameters if parameters[p].kind is inspect.Parameter.KEYWORD_ONLY] == [
        "times",
        "json",
        "query",
        "status",
    ]
    not_requested = inspect.signature(type(wcmock).assert_not_requested).parameters
    assert {"json", "query", "status"} <= set(not_requested)


def test_the_journal_counts_from_one_in_every_test_and_is_iterable(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.get(CUSTOMERS)
        wcmock.reset()
        api.get(CUSTOMERS + "/25")
    [entry] = list(wcmock.journal)
    assert entry.id == 1
    assert [e.path for e in wcmock.journal] == [e.path for e in wcmock.requests()] == ["/wc/v3/customers/25"]


def test_a_journal_entry_repr_shows_the_request_and_a_short_body(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.post(CUSTOMERS, json={"email": "ana@example.org", "first_name": "A" * 5000})
        api.get(CUSTOMERS, params={"page": 2, "per_page": 100})
    created, page = wcmock.requests()
    assert repr(page).startswith("<JournalEntry #2 GET /wc/v3/customers?page=2&per_page=100 -> 200")
    assert "POST /wc/v3/customers -> 400" in repr(created) or "POST /wc/v3/customers -> 201" in repr(created)
    assert '"email": "ana@example.org"' in repr(created)
    assert len(repr(created)) < 300


def test_a_delivery_repr_is_short(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        api.post(
            "/wp-json/wc/v3/webhooks",
            json={"topic": "customer.created", "delivery_url": "http://127.0.0.1:9/hook"},
        )
        api.post(CUSTOMERS, json={"email": "ana@example.org", "first_name": "A" * 5000})
    for delivery in wcmock.wait_for_deliveries():
        assert len(repr(delivery)) < 300
        assert repr(delivery).startswith(f"<Delivery {delivery.topic} -> http://127.0.0.1:9/hook")


def test_helpers_keep_their_frames_out_of_a_failure(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        def test_nothing_was_sent(wcmock):
            wcmock.assert_requested("GET", "/wc/v3/customers")

        def test_nothing_should_be_sent(wcmock):
            with wcmock.test_client() as api:
                api.get("/wp-json/wc/v3/customers")
            wcmock.assert_not_requested("GET", "/wc/v3/customers")
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider", "--tb=long")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*expected GET /wc/v3/customers at least once*", "*expected no GET*"])
    result.stdout.no_fnmatch_line("*/wcmock/*.py:*")


def test_add_customer_answers_with_the_apis_field_names(wcmock: Any) -> None:
    ana = wcmock.add_customer(email="ana@example.org", first_name="Ana", meta_data=[{"key": "crm_id", "value": "A"}])
    with wcmock.test_client() as api:
        served = api.get(f"{CUSTOMERS}/{ana.id}").json()
    assert [name for name in served if not hasattr(ana, name)] == ["_links"]
    assert ana.first_name == served["first_name"] == "Ana"
    assert [(m["key"], m["value"]) for m in ana.meta_data] == [("crm_id", "A")]
    assert ana.date_created_gmt == served["date_created_gmt"]


# ---------------------------------------------------------------------- typos are errors


def test_an_unknown_customer_field_names_the_key(wcmock: Any) -> None:
    with pytest.raises(ValueError, match=r"frist_name.*did you mean 'first_name'"):
        wcmock.add_customer(email="ana@example.org", frist_name="Ana")
    assert len(wcmock.customers()) == 3  # nothing half-added


def test_a_bad_customer_field_type_names_the_field(wcmock: Any) -> None:
    with pytest.raises(ValueError, match=r"orders_count"):
        wcmock.add_customer(email="ana@example.org", orders_count="many")


def test_marker_typos_and_bad_values_fail_the_test_with_their_name(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        import pytest

        @pytest.mark.wcmock(fixture=["wc-e2e"])
        def test_singular(wcmock):
            pass

        @pytest.mark.wcmock(seed="x")
        def test_seed(wcmock):
            pass

        @pytest.mark.wcmock(fixtures=["no-such-file.json"])
        def test_missing_file(wcmock):
            pass
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines([
        "*wcmock marker: unknown argument 'fixture' (did you mean 'fixtures'?); valid: *",
        "*wcmock marker: seed must be a whole number, not 'x'*",
        "*wcmock: cannot build the store: no-such-file.json: no such fixture file*",
    ])
    result.stdout.no_fnmatch_line("*During handling of the above exception*")
    result.stdout.no_fnmatch_line("*invalid literal for int*")


def test_the_marker_takes_inline_fixture_data(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        import pytest

        ANA = {"customers": [{"email": "ana@example.org", "first_name": "Ana"}]}

        @pytest.mark.wcmock(fixtures=["default", ANA])
        def test_inline(wcmock):
            assert [c.first_name for c in wcmock.customers()][-1] == "Ana"

        @pytest.mark.wcmock(fixtures=[{"customers": [{"id": 1, "email": "a@example.org", "role": "administrator"}]}])
        def test_only_inline(wcmock):
            assert [c.id for c in wcmock.customers()] == [1]
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_a_missing_file_given_to_load_is_one_plain_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile('''
        def test_load(wcmock):
            wcmock.load("no-such-file.json")
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no-such-file.json: no such fixture file (bundled ones: *"])
    result.stdout.no_fnmatch_line("*During handling of the above exception*")
    result.stdout.no_fnmatch_line("*/wcmock/*.py:*")


# ---------------------------------------------------------------------- the in-process client


def test_the_in_process_client_is_authenticated_and_serves_control_routes(wcmock: Any) -> None:
    with wcmock.test_client() as api:
        assert api.get(CUSTOMERS + "/25").json()["first_name"] == "John"
        assert api.post(CUSTOMERS, json={"email": "ana@example.org"}).status_code == 201
        assert api.get("/__wcmock__/health").json()["customers"] == 4
        assert api.head(CUSTOMERS).status_code == 200
    wcmock.assert_requested("POST", "/wc/v3/customers", times=1, json={"email": "ana@example.org"}, status=201)


def test_the_in_process_client_sees_a_dropped_connection_as_a_socket_client_does(wcmock: Any) -> None:
    import httpx2 as httpx

    wcmock.add_fault("drop", times=1)
    wcmock.add_fault("truncate", times=1)
    with wcmock.test_client() as api:
        with pytest.raises(httpx.RemoteProtocolError):
            api.get(CUSTOMERS)
        with pytest.raises(httpx.RemoteProtocolError):
            api.get(CUSTOMERS)
        assert api.get(CUSTOMERS).status_code == 200


def test_the_in_process_client_honours_latency(wcmock: Any) -> None:
    import time

    wcmock.add_fault("latency", latency_ms=60, times=1)
    with wcmock.test_client() as api:
        started = time.perf_counter()
        assert api.get(CUSTOMERS).status_code == 200
    assert time.perf_counter() - started >= 0.05


async def _inside_a_running_loop(wcmock: Any) -> int:
    with wcmock.test_client() as api:
        return int(api.get(CUSTOMERS + "/25").status_code)


def test_the_in_process_client_works_inside_a_running_event_loop(wcmock: Any) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    # a thread of its own: Playwright's sync API (the browser tests) may hold this thread's loop
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, _inside_a_running_loop(wcmock)).result() == 200
