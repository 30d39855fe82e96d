"""Fuzzing wcmock with schemathesis against its own OpenAPI document.

Every operation of ``wcmock.openapi.openapi_document`` (the site index, and every route and method
of wc/v1, wc/v2 and wc/v3, webhooks included) gets positive and negative cases, each answered by a fresh store (the
e2e fixture, Basic auth with the store's key, in-process), and every answer must pass
schemathesis's ``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance`` and
``response_schema_conformance`` checks. The run is bounded and deterministic, so CI is stable.

The nightly run is longer and random, against a live server, with schemathesis's CLI (``st``)::

    wcmock serve --port 8080 --fixtures wc-e2e &
    st run http://127.0.0.1:8080/__wcmock__/openapi.json \\
        --auth ck_a4503c29712b22f914b6d9cabeacb544fb56b6ba:cs_d9df5dc8616f8f0cede382a55d960844e9aee563 \\
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \\
        --mode all --phases examples,coverage,fuzzing,stateful --max-time 600 \\
        --generation-with-security-parameters false --workers 4

``--max-time 600`` is the ten-minute run. That server is never reset, so the run also explores
accumulated state (nothing can delete the administrator, so the key keeps working). Expect
``not_a_server_error`` to report the documented 501 of a DELETE without ``force=true`` and the
refund routes' 500s (a real store's refund errors); this module's ``no_server_error`` is the same
check without them.

The focused tests below pin down, one by one, what the fuzzer found.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.conftest import CK, CS
from wcmock.openapi import openapi_document

EXAMPLES_PER_OPERATION = 6
V3 = "/wp-json/wc/v3/customers"
CONFIG = schemathesis.Config.from_dict(
    {"generation": {"with-security-parameters": False, "database": "none", "deterministic": True}}
)
SCHEMA = schemathesis.openapi.from_dict(openapi_document("http://testserver"), config=CONFIG)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


def _has_inputs(operation: Any) -> bool:
    return bool(list(operation.iter_parameters())) or bool(list(operation.body))


CASES = [
    pytest.param(label, mode, id=f"{label} {mode.value}")
    for label, operation in OPERATIONS.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or _has_inputs(operation)
]


def documented_delete_without_force(case: Any, response: Any) -> bool:
    """501 ``woocommerce_rest_trash_not_supported``: WooCommerce's answer by design, declared in the document."""
    return (
        case.method == "DELETE"
        and response.status_code == 501
        and response.json().get("code") == "woocommerce_rest_trash_not_supported"
    )


def documented_refund_error(case: Any, response: Any) -> bool:
    """A refund route's error: WooCommerce answers HTTP 500 with the intended status as bare ``data``
    (``{"code": "woocommerce_rest_invalid_order", …, "data": 400}``), as the recordings show."""
    return "/refunds" in case.path and response.status_code == 500 and isinstance(response.json().get("data"), int)


def no_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """``not_a_server_error``, except for the 5xx answers a real store gives on purpose."""
    if documented_delete_without_force(case, response) or documented_refund_error(case, response):
        return None
    return not_a_server_error(ctx, response, case)


CHECKS = [no_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_every_operation_answers_as_documented(label: str, mode: GenerationMode, e2e_app: Starlette) -> None:
    operation = OPERATIONS[label]

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def answers_as_documented(case: Any) -> None:
        e2e_app.state.handle.reset()
        case.call_and_validate(app=e2e_app, auth=(CK, CS), checks=CHECKS)

    answers_as_documented()


# ---------------------------------------------------------------------- what the fuzzer found


def validate(label: str, response: Any) -> None:
    """Check one recorded answer against the operation's declared responses, as the fuzzer does."""
    OPERATIONS[label].validate_response(response)


def test_the_document_offers_no_parameter_that_reshapes_answers():
    # `_envelope` (always 200, wrapped) and `_fields` (partial bodies) work on every route, but
    # declaring them would make every response schema wrong, so the document leaves them out.
    document = openapi_document("http://testserver")
    reshaping = {"_envelope", "_fields", "_jsonp", "_pretty"}
    declared = {
        parameter.get("name")
        for path in document["paths"].values()
        for operation in [path, *(op for op in path.values() if isinstance(op, dict))]
        for parameter in operation.get("parameters", [])
        if isinstance(parameter, dict)
    }
    assert not declared & reshaping
    assert not reshaping & set(document["components"].get("parameters", {}))


def test_options_on_a_path_no_route_matches_is_described_by_the_document(client):
    # `/customers/-1` fits the template `/customers/{id}`; WordPress answers OPTIONS with 200 `[]`.
    response = client.options(f"{V3}/-1")
    assert response.status_code == 200
    assert response.json() == []
    validate("OPTIONS /wp-json/wc/v3/customers/{id}", response)


def test_an_unknown_non_latin1_query_parameter_on_a_paged_list(client):
    # The `Link` header copies every query parameter; a name outside Latin-1 must not crash it.
    response = client.get(V3, params={"role": "all", "per_page": 1, "Ā": "x"})
    assert response.status_code == 200, response.text
    assert response.headers["x-wp-total"] == "2"
    assert 'rel="next"' in response.headers["link"]
    validate("GET /wp-json/wc/v3/customers", response)


def test_an_encoded_newline_inside_the_path_is_a_wordpress_404(client):
    # Starlette's `{path:path}` does not match a newline; the answer must still be WordPress's JSON.
    response = client.get("/wp-json/wc/v3/customers/1%0A/downloads")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert response.json()["code"] == "rest_no_route"


def test_the_documented_delete_without_force_is_the_only_tolerated_5xx(client):
    response = client.delete(f"{V3}/2")
    assert response.status_code == 501
    assert response.json()["code"] == "woocommerce_rest_trash_not_supported"
    validate("DELETE /wp-json/wc/v3/customers/{id}", response)


def test_the_served_document_is_the_fuzzed_one(e2e_app: Starlette) -> None:
    with TestClient(e2e_app) as client:
        served = client.get("/__wcmock__/openapi.json").json()
    assert served == openapi_document("http://testserver")
    # the site index, customers, products and orders (with notes and refunds) of v1-v3, webhooks of
    # v2-v3, and v3's list of every order's refunds
    assert len(OPERATIONS) == 1 + 3 * 16 + 3 * 22 + 3 * 25 + 2 * 13 + 2


def test_options_on_a_path_with_an_encoded_newline_is_wordpress_empty_answer(client):
    # found by the ten-minute run: a newline keeps the path out of wcmock's routes altogether
    response = client.options("/wp-json/wc/v1/customers/%1F%C3%8F3b%0A/downloads")
    assert (response.status_code, response.json()) == (200, [])
    assert client.get("/wp-json/wc/v1/customers/%0A/downloads").json()["code"] == "rest_no_route"
