"""Every answer is validated before it leaves: a wcmock bug is loud in strict mode, logged in warn mode."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.testclient import TestClient

from wcmock import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, create_app
from wcmock.views import V3View


@pytest.fixture
def broken_v3_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a wcmock bug: v3 renders the billing email as a number."""
    original = V3View.customer

    def customer(self: V3View, c: Any) -> dict[str, Any]:
        body = original(self, c)
        body["billing"] = {**body["billing"], "email": 5}
        return body

    monkeypatch.setattr(V3View, "customer", customer)


def get_john(validation: str) -> Any:
    with TestClient(create_app(validation=validation), base_url="http://testserver") as client:
        return client.get("/wp-json/wc/v3/customers/25", auth=(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET))


@pytest.mark.usefixtures("broken_v3_view")
def test_strict_mode_fails_loudly_with_the_path_and_the_value() -> None:
    response = get_john("strict")

    assert response.status_code == 500
    assert response.json()["code"] == "wcmock_invalid_response"
    assert "$.billing.email: 5 is not of type 'string'" in response.json()["message"]


@pytest.mark.usefixtures("broken_v3_view")
def test_warn_mode_logs_and_serves(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="wcmock"):
        response = get_john("warn")

    assert response.status_code == 200
    assert response.json()["billing"]["email"] == 5
    assert "$.billing.email: 5 is not of type 'string'" in caplog.text


def test_correct_answers_pass_strict_mode() -> None:
    assert get_john("strict").status_code == 200


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="validation must be one of strict, warn, off"):
        create_app(validation="sometimes")
