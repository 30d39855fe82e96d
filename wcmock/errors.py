"""WordPress and WooCommerce errors, as data.

Every failure a client can see is a :class:`RestError`: a WordPress error code, a human message,
an HTTP status and optional extra ``data``. Code that detects a problem raises one; only the
router turns it into a response, so the wire shape (``{"code", "message", "data"}``) lives in one
place.

Exception tree::

    RestError                 any error a real store answers with
    └── InvalidParams         ``rest_invalid_param`` with ``params`` and ``details``
"""

from __future__ import annotations

from typing import Any


class RestError(Exception):
    """An error a real store answers with: ``{"code", "message", "data": {"status", ...}}``."""

    def __init__(self, code: str, message: str, status: int = 400, **data: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.data = data

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "data": {"status": self.status, **self.data}}


class InvalidParams(RestError):
    """WordPress's ``rest_invalid_param``: each bad argument keeps its own message and detail."""

    def __init__(self, details: dict[str, dict[str, Any]]) -> None:
        params = {name: detail["message"] for name, detail in details.items()}
        super().__init__(
            "rest_invalid_param",
            "Invalid parameter(s): " + ", ".join(details),
            400,
            params=params,
            details=details,
        )


def no_route() -> RestError:
    return RestError("rest_no_route", "No route was found matching the URL and request method.", 404)


def invalid_user_id() -> RestError:
    return RestError("wc_user_invalid_id", "Invalid user ID.", 404)


class FixtureError(ValueError):
    """A fixture file that cannot be loaded; the message names the file and the place inside it."""
