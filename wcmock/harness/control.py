"""The control API under ``/__wcmock__/`` (and ``/stores/<name>/__wcmock__/``): the same operations
as :class:`wcmock.harness.handle.WcmockStore`, for clients in any language.

========================================  =====================================================
``GET  health``                           liveness, store name and size
``POST reset``                            back to the loaded state (data, journal, faults, clock)
``POST load``                             add a fixture (the JSON body) to the current state
``GET  state``                            the current state as a fixture file
``GET  snapshots`` / ``POST snapshots/N``  list / take a named snapshot
``POST snapshots/N/restore``              restore it
``GET  journal`` / ``DELETE journal``      recorded requests / forget them
``GET  faults`` / ``POST faults`` / ``DELETE faults``
``GET  webhooks/deliveries``              every delivery attempt (status, duration, response)
``POST webhooks/wait``                    ``{"timeout": s}``: return once queued deliveries are attempted
``GET  clock`` / ``POST clock``            read / ``{"set": iso}``, ``{"advance": s}``, ``{"freeze": true|iso}``,
                                          ``{"unfreeze": true}``
``GET  stores`` / ``POST stores`` / ``DELETE stores/N``   (default store only) list / create / drop
========================================  =====================================================

Errors are WordPress-style JSON (``code``, ``message``, ``data.status``) like the rest of wcmock.

The control API is for the tests of this machine, not for web pages: :class:`Guard` refuses a
request a browser sends for another site (a foreign ``Origin``), one for a foreign ``Host`` (DNS
rebinding: ``evil.example`` resolving to 127.0.0.1) and, when a token is set, one without it.
Stores are built from fixture *names* (bundled, or in the folder given at start-up), never from
paths, so no caller learns what files the machine has. Waits and loads run off the event loop.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from wcmock.errors import InvalidJson, RequestTooLarge, RestError
from wcmock.fixtures import FixtureError, bundled_names, fixtures_dir
from wcmock.harness.faults import FaultError
from wcmock.harness.handle import WcmockStore
from wcmock.harness.hub import DEFAULT, Hub
from wcmock.patterns import LazyPattern
from wcmock.rest.wire import MAX_BODY_BYTES, decode_problem

log = logging.getLogger("wcmock")
FIXTURE_NAME = LazyPattern(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
FIXTURE_SUFFIXES = (".json", ".yaml", ".yml")
IN_PROCESS_CLIENT = "testclient"  # Starlette's TestClient: no socket, so no browser and nothing to rebind
TOKEN_COOKIE = "wcmock_token"  # the control token, as the dashboard's browser keeps it
TOKEN_PARAM = "token"  # ?token=… on the dashboard's first visit
IN_PROCESS_HOST = "testserver"  # the host in-process clients (wcmock.test_client(), TestClient) send


class Guard:
    """Who may use the control API: this machine's clients, not pages of other sites.

    ``allowed_hosts``: more ``Host`` names to accept besides loopback names and IP addresses (say,
    a CI service's name). ``token``: when set, every operation but ``GET health`` needs it, as
    ``Authorization: Bearer TOKEN`` or ``X-Wcmock-Token: TOKEN``; a browser opens the dashboard once
    with ``?token=TOKEN``, which sets it as an HttpOnly, SameSite=Strict cookie that the page's own
    requests (its script, its styles, its buttons' control calls) then carry.
    """

    def __init__(self, *, allowed_hosts: Iterable[str] = (), token: str | None = None) -> None:
        self.allowed_hosts = {host.lower() for host in allowed_hosts}
        self.token = token

    def refusal(self, request: Request, op: str) -> Response | None:
        if self.token is None and request.client is not None and request.client.host == IN_PROCESS_CLIENT:
            return None
        host = request.headers.get("host", "")
        if host and not self._host_allowed(_hostname(host)):
            return _error("wcmock_forbidden_host", "The control API answers only this machine's host names.", 403)
        origin = request.headers.get("origin")
        if origin is not None and not self._origin_allowed(origin, host):
            return _error("wcmock_cross_origin", "The control API refuses requests from other sites' pages.", 403)
        if self.token and not (op == "health" and request.method == "GET") and not self._has_token(request):
            return _error(
                "wcmock_unauthorized",
                "The control API needs its token (Authorization: Bearer …; the dashboard: open it with ?token=…).",
                401,
            )
        return None

    def cookie(self, request: Request) -> str | None:
        """The ``Set-Cookie`` value for a request that brought the token in its query (the dashboard's
        first visit), so the page's later requests need not; ``None`` for any other request."""
        if not self.token or not self._matches(request.query_params.get(TOKEN_PARAM, "")):
            return None
        return f"{TOKEN_COOKIE}={quote(self.token, safe='')}; Path=/; HttpOnly; SameSite=Strict"

    def _host_allowed(self, name: str) -> bool:
        return _loopback(name) or _is_ip(name) or name == IN_PROCESS_HOST or name in self.allowed_hosts

    def _origin_allowed(self, origin: str, host: str) -> bool:
        """Same origin as the request, or a page this machine serves (any loopback name and port)."""
        try:
            parts = urlsplit(origin)
            name = (parts.hostname or "").lower()
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not name:
            return False  # "null": sandboxed frames, file:// pages
        return _loopback(name) or parts.netloc.lower() == host.lower()

    def _has_token(self, request: Request) -> bool:
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            presented = request.headers.get("x-wcmock-token", "")
        return (
            self._matches(presented.strip())
            or self._matches(unquote(request.cookies.get(TOKEN_COOKIE, "")))
            or self._matches(request.query_params.get(TOKEN_PARAM, ""))
        )

    def _matches(self, presented: str) -> bool:
        assert self.token is not None
        return bool(presented) and hmac.compare_digest(presented.encode(), self.token.encode())


def _hostname(host: str) -> str:
    """The name in a ``Host`` header, without its port (``[::1]:8080`` is ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _loopback(name: str) -> bool:
    if name == "localhost" or name.endswith(".localhost"):
        return True
    return _is_ip(name) and ipaddress.ip_address(name).is_loopback


def _error(code: str, message: str, status: int) -> Response:
    return JSONResponse(RestError(code, message, status).body(), status)


async def _json(request: Request) -> Any:
    """The body as JSON, under the REST API's limits on size and depth."""
    raw = bytearray()
    async for chunk in request.stream():  # a client gone mid-body raises ClientDisconnect: nothing is done
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise RequestTooLarge(f"Request bodies are limited to {MAX_BODY_BYTES} bytes.")
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError):
        raise InvalidJson() from None
    if decode_problem(parsed, bytes(raw)) is not None:  # too deep, or a lone surrogate no text can hold
        raise InvalidJson()
    return parsed


async def _object(request: Request, what: str) -> dict[str, Any]:
    spec = await _json(request)
    if not isinstance(spec, dict):
        raise ValueError(f"{what} must be a JSON object")
    return spec


def control_endpoint(hub: Hub, *, fixture_folder: str | Path | None = None) -> Callable[[Request], Awaitable[Response]]:
    """The control API's endpoint (the app puts :class:`Guard` in front of it and of the dashboard);
    ``fixture_folder``: where ``POST stores`` finds fixtures by name besides the bundled ones."""
    names = FixtureNames(fixture_folder)

    async def endpoint(request: Request) -> Response:
        op = request.path_params.get("op", "").strip("/")
        name = request.path_params.get("store", DEFAULT)
        handle = hub.find(name)
        if handle is None:
            return _error("wcmock_unknown_store", f"No store named {name!r}.", 404)
        try:
            is_root = name == DEFAULT and "store" not in request.path_params
            return await _dispatch(hub, handle, request, op, is_root, names)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more; nothing was applied
        except RestError as error:
            return JSONResponse(error.body(), error.status)
        except (FixtureError, FaultError, ValueError, TypeError, OverflowError) as error:
            return _error("wcmock_invalid_request", str(error), 400)
        except TimeoutError as error:
            return _error("wcmock_timeout", str(error), 504)
        except KeyError as error:
            return _error("wcmock_not_found", f"Not found: {error.args[0]}", 404)
        except Exception:  # a bug in wcmock: still a JSON answer, and the traceback in the log
            log.exception("wcmock: control request %s %s failed", request.method, request.url.path)
            return _error("wcmock_internal_error", "wcmock failed on this request; its log has the traceback.", 500)

    return endpoint


class FixtureNames:
    """Fixture names a caller over HTTP may ask for: the bundled ones and those in one folder."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folders = [Path(folder)] if folder else []
        self.folders.append(fixtures_dir())

    def path(self, name: Any) -> Path:
        """The file of fixture ``name``; one answer for every other string, so nothing about the
        machine's files can be learnt from it."""
        if isinstance(name, str) and FIXTURE_NAME.match(name):
            for folder in self.folders:
                for suffix in FIXTURE_SUFFIXES:
                    if (folder / (name + suffix)).is_file():
                        return folder / (name + suffix)
        raise ValueError(f"fixtures: {name!r} is not the name of a fixture (names: {', '.join(self.names())})")

    def names(self) -> list[str]:
        found = {p.stem for folder in self.folders[:-1] for s in FIXTURE_SUFFIXES for p in folder.glob("*" + s)}
        return sorted(found | set(bundled_names()))


async def _dispatch(
    hub: Hub, handle: WcmockStore, request: Request, op: str, is_root: bool, names: FixtureNames
) -> Response:
    method = request.method
    parts = op.split("/") if op else []
    if parts == ["health"] and method == "GET":
        return JSONResponse({"status": "ok", "store": handle.name, "customers": len(handle.store)})
    if parts == ["reset"] and method == "POST":
        handle.reset()
        return JSONResponse({"reset": True, "customers": len(handle.store)})
    if parts == ["load"] and method == "POST":
        document = await _object(request, "the fixture")
        return JSONResponse({"customers": await run_in_threadpool(handle.load, document)})
    if parts == ["openapi.json"] and method == "GET":
        from wcmock.openapi import openapi_document

        return JSONResponse(openapi_document(str(request.base_url).rstrip("/")))
    if parts == ["state"] and method == "GET":
        return JSONResponse(handle.dump())
    if parts and parts[0] == "snapshots":
        return _snapshots(handle, method, parts[1:])
    if parts == ["journal"]:
        if method == "DELETE":
            handle.journal.clear()
            return JSONResponse({"cleared": True})
        if method == "GET":
            return JSONResponse([e.as_dict() for e in handle.journal.entries()])
    if parts == ["faults"]:
        if method == "GET":
            return JSONResponse([f.as_dict() for f in handle.faults.list()])
        if method == "POST":
            spec = await _object(request, "a fault")
            return JSONResponse(handle.faults.add(**spec).as_dict(), 201)
        if method == "DELETE":
            handle.faults.clear()
            return JSONResponse({"cleared": True})
    if parts == ["webhooks", "deliveries"] and method == "GET":
        return JSONResponse([d.as_dict() for d in handle.deliveries()])
    if parts == ["webhooks", "wait"] and method == "POST":
        spec = await _json(request)
        timeout = float(spec.get("timeout", 10)) if isinstance(spec, dict) else 10.0
        attempts = await run_in_threadpool(handle.wait_for_deliveries, timeout)
        return JSONResponse({"delivered": len(attempts)})
    if parts == ["clock"]:
        if method == "POST":
            _move_clock(handle, await _object(request, "the clock body"))
        if method in ("GET", "POST"):
            return JSONResponse(handle.clock.state())
    if parts and parts[0] == "stores" and is_root:
        return await _stores(hub, request, method, parts[1:], names)
    return _error("rest_no_route", "No route was found matching the URL and request method.", 404)


def _snapshots(handle: WcmockStore, method: str, rest: list[str]) -> Response:
    if not rest and method == "GET":
        return JSONResponse(sorted(handle.snapshots))
    if len(rest) == 1 and method == "POST":
        handle.snapshot(rest[0])
        return JSONResponse({"snapshot": rest[0]}, 201)
    if len(rest) == 2 and rest[1] == "restore" and method == "POST":
        handle.restore(rest[0])
        return JSONResponse({"restored": rest[0], "customers": len(handle.store)})
    return _error("rest_no_route", "No route was found matching the URL and request method.", 404)


def _move_clock(handle: WcmockStore, spec: dict[str, Any]) -> None:
    """Every move of the body, on a copy first: one that fails leaves the clock where it was."""
    trial = handle.clock.copy()
    if "set" in spec:
        trial.set(str(spec["set"]))
    if "advance" in spec:
        if isinstance(spec["advance"], bool) or not isinstance(spec["advance"], int | float):
            raise ValueError("advance: must be a number of seconds")
        trial.advance(spec["advance"])
    if spec.get("freeze"):
        trial.freeze(spec["freeze"] if isinstance(spec["freeze"], str) else None)
    if spec.get("unfreeze"):
        trial.unfreeze()
    handle.clock.adopt(trial)


async def _stores(hub: Hub, request: Request, method: str, rest: list[str], names: FixtureNames) -> Response:
    if not rest and method == "GET":
        return JSONResponse(hub.names())
    if not rest and method == "POST":
        spec = await _object(request, "a store")
        name = str(spec.get("name", ""))
        if spec.get("fixtures"):
            if not isinstance(spec["fixtures"], list):
                raise ValueError("fixtures: must be a list of fixture names")
            files: list[str | Path] = [names.path(fixture) for fixture in spec["fixtures"]]
            seed = int(spec.get("seed", 0))
            handle = await run_in_threadpool(lambda: hub.create(name, fixture_names=files, seed=seed))
        else:
            handle = hub.clone(name, str(spec.get("from", DEFAULT)))
        base = str(request.base_url).rstrip("/")
        return JSONResponse(
            {"name": handle.name, "url": f"{base}/stores/{handle.name}", "customers": len(handle.store)}, 201
        )
    if len(rest) == 1 and method == "DELETE":
        hub.drop(rest[0])
        return JSONResponse({"dropped": rest[0]})
    return _error("rest_no_route", "No route was found matching the URL and request method.", 404)
