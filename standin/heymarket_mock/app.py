"""The ASGI app: spec-driven routing, then auth, rate limit, fault injection, validation and the handler.

Order of the checks for an API request (a request for no operation of the spec is a 404 before all this):

1. Auth (401) comes before request validation, so an anonymous caller learns nothing about the schema.
2. Rate limit (429 with Retry-After), counted per credential; refused and unauthenticated requests cost nothing.
3. Injected faults (429/500/503) come before validation and before any state change, so a faulted write is
   never half-applied.
4. The body is read, up to `MockConfig.max_body_bytes` (413 `too_large` beyond, outside the spec like a
   proxy's answer), then the request is validated against openapi.yaml with validators compiled once per
   operation (400 `bad_data` naming the field; `spec.py`, `json_body.py`), then the handler runs.

Nothing but an injected fault is answered 500: an exception in a handler is logged and answered 500
`internal_error`, which the tests treat as a bug.

Every response, control endpoints and errors included, carries a fresh `X-Request-Id`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heymarket_mock.auth import AuthError
from heymarket_mock.config import MockConfig
from heymarket_mock.control import control_routes
from heymarket_mock.errors import ApiError, error_body
from heymarket_mock.operations import Call
from heymarket_mock.request_errors import summary
from heymarket_mock.spec import RouteMatch
from heymarket_mock.standin_state import StandInState
from heymarket_mock.stats import UNMATCHED

log = logging.getLogger("heymarket_mock")

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]


def create_app(config: MockConfig) -> Starlette:
    """Build the stand-in. The spec is read once (per process and path); `app.state.standin` holds the state."""
    standin = StandInState(config)

    async def api(request: Request) -> Response:
        return await _dispatch(standin, request)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        code = "not_found" if status == 404 else "bad_request" if status < 500 else "internal_error"
        return JSONResponse(error_body(code, f"{request.method} {request.url.path}: HTTP {status}"), status)

    app = Starlette(
        routes=[
            Mount("/__mock__", routes=control_routes(standin)),
            Route("/{path:path}", api, methods=ALL_METHODS),
        ],
        middleware=[Middleware(RequestIdMiddleware)],
        exception_handlers={HTTPException: http_error},
    )
    app.state.standin = standin
    return app


class RequestIdMiddleware:
    """Adds a fresh uuid4 `X-Request-Id` to every response and keeps it in the scope for logging."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Request-Id"] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


async def _dispatch(standin: StandInState, request: Request) -> Response:
    raw_path: bytes = request.scope.get("raw_path") or request.url.path.encode()
    match = standin.spec.match(request.method, raw_path.decode("latin-1"))
    operation_id = match.operation_id if match else UNMATCHED
    try:
        response = await _answer(standin, request, match)
    except Exception:
        log.exception("unexpected error in %s", operation_id)
        response = _json(500, error_body("internal_error", "internal server error"))
    standin.stats.record(operation_id, response.status_code)
    log.info(
        "%s %s -> %d %s request_id=%s",
        request.method,
        request.url.path,
        response.status_code,
        operation_id,
        request.scope.get("state", {}).get("request_id", "-"),
    )
    return response


async def _answer(standin: StandInState, request: Request, match: RouteMatch | None) -> Response:
    settings = standin.settings
    if settings.latency_ms:
        await asyncio.sleep(settings.latency_ms / 1000)
    if match is None:
        return _json(404, error_body("not_found", f"no operation {request.method} {request.url.path[:200]}"))
    try:
        principal = standin.authenticator.authenticate(request.headers.get("authorization"))
    except AuthError as error:
        return _json(401, error_body("unauthorized", str(error)))

    retry_after = standin.limiter.acquire(principal.key, settings.rate_limit)
    if retry_after is not None:
        message = f"more than {settings.rate_limit} requests in {standin.config.rate_window:g} s"
        return _json(429, error_body("rate_limited", message), {"Retry-After": str(retry_after)})

    fault = standin.faults.draw(settings)
    if fault == 429:
        return _json(429, error_body("rate_limited", "too many requests (injected)"), {"Retry-After": "1"})
    if fault == 500:
        return _json(500, error_body("internal_error", "internal server error (injected)"))
    if fault == 503:
        # Gateway-style and deliberately outside the spec: plain text, as a proxy in front of the API would send.
        return PlainTextResponse("503 Service Unavailable (injected)", 503, {"Retry-After": "1"})

    body = await _read_body(request, standin.config.max_body_bytes)
    if body is None:
        message = f"the request body is larger than {standin.config.max_body_bytes} bytes"
        return _json(413, error_body("too_large", message), {"Connection": "close"})
    checked = standin.spec.validate(
        match,
        query_string=request.url.query,
        headers=request.headers,
        content_type=request.headers.get("content-type"),
        body=body,
    )
    if checked.problems:
        return _json(400, error_body("bad_data", summary(checked.problems)))
    call = Call(path=checked.path, query=checked.query, body=checked.body)
    try:
        result = standin.operations.handlers[match.operation_id](call)
    except ApiError as error:
        return _json(error.status, error.body())
    return _json(200, result)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None when it is over `limit` bytes (then only what arrived so far has been read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(payload, status_code=status, headers=headers)
