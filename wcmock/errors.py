"""WordPress and WooCommerce errors, as data.

Every failure a client can see is a :class:`RestError`: a WordPress error code, a human message,
an HTTP status and optional extra ``data``. Code that detects a problem raises one; only the
router turns it into a response, so the wire shape (``{"code", "message", "data"}``) lives in one
place. An error a real store always words the same way is a named :class:`KnownError` class whose
code, message and status are class data; a resource keeps its own in ``resources/<name>/errors.py``.

Exception tree::

    RestError                    any error a real store answers with
    ├── InvalidParams            ``rest_invalid_param`` with ``params`` and ``details``
    └── KnownError               code, message and status as class data
        ├── NoRoute              ``rest_no_route`` (404)
        ├── InvalidJson          ``rest_invalid_json`` (400)
        ├── InvalidUserId        ``wc_user_invalid_id`` (404)
        ├── InvalidResourceId    ``woocommerce_rest_invalid_id`` (400)
        ├── TrashNotSupported    ``woocommerce_rest_trash_not_supported`` (501)
        ├── AuthenticationError  ``woocommerce_rest_authentication_error`` (401)
        ├── BatchTooLarge        ``woocommerce_rest_request_entity_too_large`` (413)
        ├── RequestTooLarge      ``wcmock_request_too_large`` (413)
        ├── HeadersTooLarge      ``wcmock_request_headers_too_large`` (431)
        ├── UnknownStore         ``wcmock_unknown_store`` (404)
        └── InvalidResponse      ``wcmock_invalid_response`` (500): wcmock broke its own schema
    FixtureError (ValueError)    a fixture file that cannot be loaded
"""

from __future__ import annotations

from typing import Any, ClassVar


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


class KnownError(RestError):
    """An error whose code, status and (default) message are the class's: ``raise NoRoute()``."""

    CODE: ClassVar[str]
    MESSAGE: ClassVar[str] = ""
    STATUS: ClassVar[int] = 400

    def __init__(self, message: str | None = None, **data: Any) -> None:
        super().__init__(self.CODE, self.MESSAGE if message is None else message, self.STATUS, **data)


class NoRoute(KnownError):
    CODE, MESSAGE, STATUS = "rest_no_route", "No route was found matching the URL and request method.", 404


class InvalidJson(KnownError):
    CODE, MESSAGE = "rest_invalid_json", "Invalid JSON body passed."


class InvalidUserId(KnownError):
    CODE, MESSAGE, STATUS = "wc_user_invalid_id", "Invalid user ID.", 404


class InvalidResourceId(KnownError):
    CODE, MESSAGE = "woocommerce_rest_invalid_id", "Invalid resource id."


class TrashNotSupported(KnownError):
    """The message names the resource: ``TrashNotSupported("Customers do not support trashing.")``."""

    CODE, STATUS = "woocommerce_rest_trash_not_supported", 501


class AuthenticationError(KnownError):
    CODE, STATUS = "woocommerce_rest_authentication_error", 401


class BatchTooLarge(KnownError):
    CODE, STATUS = "woocommerce_rest_request_entity_too_large", 413


class RequestTooLarge(KnownError):
    CODE, STATUS = "wcmock_request_too_large", 413


class HeadersTooLarge(KnownError):
    CODE, STATUS = "wcmock_request_headers_too_large", 431


class UnknownStore(KnownError):
    CODE, STATUS = "wcmock_unknown_store", 404


class InvalidResponse(KnownError):
    CODE, STATUS = "wcmock_invalid_response", 500


class FixtureError(ValueError):
    """A fixture file that cannot be loaded; the message names the file and the place inside it.

    ``problems`` lists every problem found (the message shows the first), so ``wcmock
    validate-fixture`` can print them all."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]
