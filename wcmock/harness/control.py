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
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wcmock.errors import InvalidJson, RequestTooLarge, RestError
from wcmock.fixtures import FixtureError
from wcmock.harness.faults import FaultError
from wcmock.harness.handle import WcmockStore
from wcmock.harness.hub import DEFAULT, Hub
from wcmock.rest.wire import MAX_BODY_BYTES, MAX_JSON_DEPTH, nesting_depth

log = logging.getLogger("wcmock")


def _error(code: str, message: str, status: int) -> Response:
    return JSONResponse(RestError(code, message, status).body(), status)


async def _json(request: Request) -> Any:
    """The body as JSON, under the REST API's limits on size and depth."""
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise RequestTooLarge(f"Request bodies are limited to {MAX_BODY_BYTES} bytes.")
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError):
        raise InvalidJson() from None
    if nesting_depth(parsed) > MAX_JSON_DEPTH:
        raise InvalidJson()
    return parsed


async def _object(request: Request, what: str) -> dict[str, Any]:
    spec = await _json(request)
    if not isinstance(spec, dict):
        raise ValueError(f"{what} must be a JSON object")
    return spec


def control_endpoint(hub: Hub) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        name = request.path_params.get("store", DEFAULT)
        handle = hub.find(name)
        if handle is None:
            return _error("wcmock_unknown_store", f"No store named {name!r}.", 404)
        op = request.path_params.get("op", "").strip("/")
        try:
            return await _dispatch(hub, handle, request, op, name == DEFAULT and "store" not in request.path_params)
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


async def _dispatch(hub: Hub, handle: WcmockStore, request: Request, op: str, is_root: bool) -> Response:
    method = request.method
    parts = op.split("/") if op else []
    if parts == ["health"] and method == "GET":
        return JSONResponse({"status": "ok", "store": handle.name, "customers": len(handle.store)})
    if parts == ["reset"] and method == "POST":
        handle.reset()
        return JSONResponse({"reset": True, "customers": len(handle.store)})
    if parts == ["load"] and method == "POST":
        return JSONResponse({"customers": handle.load(await _object(request, "the fixture"))})
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
        attempts = handle.wait_for_deliveries(timeout)
        return JSONResponse({"delivered": len(attempts)})
    if parts == ["clock"]:
        if method == "POST":
            _move_clock(handle, await _object(request, "the clock body"))
        if method in ("GET", "POST"):
            return JSONResponse(handle.clock.state())
    if parts and parts[0] == "stores" and is_root:
        return await _stores(hub, request, method, parts[1:])
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
    clock = handle.clock
    if "set" in spec:
        clock.set(str(spec["set"]))
    if "advance" in spec:
        clock.advance(float(spec["advance"]))
    if spec.get("freeze"):
        clock.freeze(spec["freeze"] if isinstance(spec["freeze"], str) else None)
    if spec.get("unfreeze"):
        clock.unfreeze()


async def _stores(hub: Hub, request: Request, method: str, rest: list[str]) -> Response:
    if not rest and method == "GET":
        return JSONResponse(hub.names())
    if not rest and method == "POST":
        spec = await _object(request, "a store")
        name = str(spec.get("name", ""))
        if spec.get("fixtures"):
            handle = hub.create(name, fixture_names=list(spec["fixtures"]), seed=int(spec.get("seed", 0)))
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
