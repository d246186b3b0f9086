"""One httpx transport, sync and async, that carries the whole runtime: auth, rate limit, retries,
typed errors and logging.

It is installed through the generated client's ``httpx_args``, the one setting that every copy
(``with_headers``, ``with_cookies``, ``with_timeout``, ``with_options``) hands to the httpx client it
builds, so no copy can lose it. It wraps httpx's own ``HTTPTransport``/``AsyncHTTPTransport``
(created on first use and shared by every copy: one connection pool).

Why the auth runs here and not as the httpx client's ``auth``: the client runs its auth flow
above the transport, so a retry made down here would resend the first attempt's token. Each
attempt below drives the auth flow itself: HeymarketJWTAuth reuses a token younger than its reuse
window and signs a new one for an attempt made later, and its 401 re-sign and resend happens
inside the attempt, before any error is raised.

One attempt is: the auth flow's request(s), each after a rate-limit permit, then a decision from
the status or the exception (_retry.py). The sync and async paths share that bookkeeping in
``_Attempts`` and differ only in how they wait and send.
"""

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

import httpx

from ._errors import APIConnectionError, APIStatusError, status_error, transport_error
from ._logs import logger, redacted_headers
from ._operations import find_operation
from ._rate_limit import Permit, SlidingWindowLimiter
from ._retry import NEVER_SENT_ERRORS, RetryPolicy, parse_retry_after, should_retry_error, should_retry_status
from ._timing import Timing

_AUTH_HEADERS = ("authorization", "proxy-authorization")

# Deletes whose 404, after an earlier attempt that may have been processed, means done (the spec's
# Choice: the record is gone, which is what the caller asked for).
_DELETES = frozenset({"deleteContact", "deleteContactV2", "deleteContactChannel", "deleteTag"})
ALREADY_ABSENT_HEADER = "X-Heymarket-Already-Absent"
"""Set (``true``) on the success answer made of such a 404, so a caller can tell who removed it."""


@dataclass(frozen=True)
class RuntimeOptions:
    retry: RetryPolicy
    retry_unsafe: bool
    raise_errors: bool
    limiter: SlidingWindowLimiter | None
    timing: Timing


class _Attempts:
    """Bookkeeping for one logical request: attempt count, deadline, retry decisions and logs."""

    def __init__(self, request: httpx.Request, base_path: str, options: RuntimeOptions) -> None:
        self.request = request
        self.options = options
        self.method = request.method
        self.path = request.url.path
        operation = find_operation(self.method, _api_path(self.path, base_path))
        self.operation_id = operation.operation_id if operation else "unknown"
        # Unknown requests count as unsafe: only 429 and never-sent failures are retried.
        self.retry_safe = options.retry_unsafe or (operation is not None and operation.retry_safe)
        self.started = options.timing.monotonic()
        self.attempt = 0
        self._attempt_started = self.started
        self.maybe_processed = False
        """An attempt failed after the request may have reached the server (a 5xx, a timeout...)."""

    def permit_waited(self, seconds: float) -> None:
        logger.debug("rate limit: waiting %.3f s before %s %s", seconds, self.method, self.path)

    def begin(self) -> None:
        self.attempt += 1
        if self.attempt > 1:  # the first attempt starts when the request does
            self._attempt_started = self.options.timing.monotonic()

    def after_response(self, response: httpx.Response) -> float | None:
        """The delay before the next attempt, or None when this response is final."""
        if logger.isEnabledFor(logging.DEBUG):
            self._log(str(response.status_code), response.headers.get("x-request-id"))
        if response.status_code >= 500:
            self.maybe_processed = True
        if not should_retry_status(response.status_code, retry_safe=self.retry_safe):
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"), self.options.timing.wall_clock())
        return self._next_delay(f"HTTP {response.status_code}", retry_after)

    def after_error(self, exc: httpx.TransportError) -> float | None:
        self._log(type(exc).__name__, None)
        if not isinstance(exc, NEVER_SENT_ERRORS):
            self.maybe_processed = True
        if not should_retry_error(exc, retry_safe=self.retry_safe):
            return None
        return self._next_delay(type(exc).__name__, None)

    def already_absent(self, response: httpx.Response) -> httpx.Response | None:
        """For a 404 to a delete sent again after an attempt that may have been processed, the success
        answer to return instead; else None."""
        if response.status_code != 404 or not self.maybe_processed or self.operation_id not in _DELETES:
            return None
        request_id = response.headers.get("x-request-id")
        logger.info(
            "%s %s: 404 after an earlier attempt that may have been processed: the record is gone, "
            "counted as done (request id %s)",
            self.method,
            self.path,
            request_id or "-",
        )
        headers = {"Content-Type": "application/json", ALREADY_ABSENT_HEADER: "true"}
        if request_id:
            headers["X-Request-Id"] = request_id
        return httpx.Response(200, headers=headers, content=b'"ok"')

    def status_error(self, response: httpx.Response) -> APIStatusError:
        return status_error(
            status_code=response.status_code,
            content=response.content,
            headers=response.headers,
            method=self.method,
            path=self.path,
            secret=self._bearer_secret(),
            attempts=self.attempt,
        )

    def connection_error(self, exc: httpx.TransportError) -> APIConnectionError:
        # The httpx error is chained as __cause__ and points at the request: strip its credentials.
        _scrub(self.request)
        try:
            _scrub(exc.request)
        except RuntimeError:  # raised by httpx's own transports, which attach no request
            exc.request = self.request
        return transport_error(exc, method=self.method, path=self.path, attempts=self.attempt)

    def _next_delay(self, reason: str, retry_after: float | None) -> float | None:
        policy, timing = self.options.retry, self.options.timing
        if self.attempt > policy.max_retries:
            return None
        delay = policy.delay(self.attempt, retry_after, timing)
        elapsed = timing.monotonic() - self.started
        if elapsed + delay > policy.total_timeout:
            logger.debug(
                "not retrying %s %s: %s, but a retry in %.3f s would pass total_timeout %.3f s",
                self.method,
                self.path,
                reason,
                delay,
                policy.total_timeout,
            )
            return None
        logger.debug(
            "retrying %s %s in %.3f s after %s (attempt %d of %d)",
            self.method,
            self.path,
            delay,
            reason,
            self.attempt + 1,
            policy.max_retries + 1,
        )
        return delay

    def _log(self, outcome: str, request_id: str | None) -> None:
        if not logger.isEnabledFor(logging.DEBUG):  # skip building the header dict
            return
        elapsed = self.options.timing.monotonic() - self._attempt_started
        logger.debug(
            "%s %s -> %s (%s, attempt %d, %.3f s, request id %s) headers=%s",
            self.method,
            self.path,
            outcome,
            self.operation_id,
            self.attempt,
            elapsed,
            request_id or "-",
            redacted_headers(self.request.headers),
        )

    def _bearer_secret(self) -> str | None:
        _scheme, _, value = self.request.headers.get("authorization", "").partition(" ")
        return value or None


def _api_path(path: str, base_path: str) -> str:
    """The request path relative to the base URL's path (which ends with a slash)."""
    if base_path != "/" and path.startswith(base_path):
        return path[len(base_path) - 1 :]
    return path


def _read(response: httpx.Response) -> None:
    try:
        response.read()
    except BaseException:
        response.close()
        raise


async def _aread(response: httpx.Response) -> None:
    try:
        await response.aread()
    except BaseException:
        await response.aclose()
        raise


def _scrub(request: httpx.Request) -> None:
    for name in _AUTH_HEADERS:
        if name in request.headers:
            request.headers[name] = "<redacted>"


class Pools:
    """The wrapped httpx transports, made on first use and shared by every view of a transport.

    ``make_sync``/``make_async`` build httpx's own transports from the client's settings; a caller's transport
    (``httpx_args["transport"]``) is used as it is for both.
    """

    def __init__(
        self,
        *,
        make_sync: Callable[[], httpx.BaseTransport],
        make_async: Callable[[], httpx.AsyncBaseTransport],
    ) -> None:
        self._make_sync = make_sync
        self._make_async = make_async
        self._sync: httpx.BaseTransport | None = None
        self._async: httpx.AsyncBaseTransport | None = None
        self._lock = threading.Lock()

    def sync(self) -> httpx.BaseTransport:
        transport = self._sync
        if transport is None:
            with self._lock:
                if self._sync is None:
                    self._sync = self._make_sync()
                transport = self._sync
        return transport

    def async_(self) -> httpx.AsyncBaseTransport:
        transport = self._async
        if transport is None:
            with self._lock:
                if self._async is None:
                    self._async = self._make_async()
                transport = self._async
        return transport

    def close(self) -> None:
        # Dropped rather than kept closed: a copy of the client that is still in use makes a new one
        # (a caller's own transport is the same object again; what closing it means is the caller's).
        with self._lock:
            transport, self._sync = self._sync, None
        if transport is not None:
            transport.close()

    async def aclose(self) -> None:
        with self._lock:
            transport, self._async = self._async, None
        if transport is not None:
            await transport.aclose()


class HeymarketTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Auth, rate limit, retries, typed errors and logging around httpx's transports."""

    def __init__(self, *, auth: httpx.Auth, options: RuntimeOptions, base_url: str, pools: Pools) -> None:
        self._auth = auth
        self._options = options
        self._base_url = base_url
        url = httpx.URL(base_url)
        self._base_path = url.path if url.path.endswith("/") else url.path + "/"
        # The credential goes only to the API's own origin, never to a host a redirect points at.
        self._origin = (url.scheme, url.host, url.port)
        self._pools = pools

    @property
    def options(self) -> RuntimeOptions:
        return self._options

    def __repr__(self) -> str:
        options = self._options
        return (
            f"HeymarketTransport(auth={self._auth!r}, retries={options.retry.max_retries}, "
            f"retry_unsafe={options.retry_unsafe}, raise_errors={options.raise_errors}, "
            f"rate_limited={options.limiter is not None})"
        )

    def with_options(self, **changes: Any) -> Self:
        """A view with other runtime options and the same auth, pools and rate-limit budget."""
        return type(self)(
            auth=self._auth,
            options=dataclasses.replace(self._options, **changes),
            base_url=self._base_url,
            pools=self._pools,
        )

    # ------------------------------------------------------------------ sync

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        options = self._options
        attempts = _Attempts(request, self._base_path, options)
        if options.retry.max_retries:
            request.read()  # a generator body could be sent only once
        transport = self._pools.sync()
        while True:
            attempts.begin()
            try:
                response = self._send_authenticated(transport, request, attempts)
                if response.status_code >= 400:  # success bodies stay streamable for the caller
                    _read(response)  # within the attempt: a body cut off or timed out fails it like any error
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    if options.raise_errors:
                        raise attempts.connection_error(exc) from exc
                    raise
                options.timing.sleep(delay)
                continue
            delay = attempts.after_response(response)
            if delay is None:
                if response.status_code < 400:
                    return response
                try:
                    response.read()
                finally:
                    response.close()
                done = attempts.already_absent(response)
                if done is not None:
                    return done
                if options.raise_errors:
                    raise attempts.status_error(response)
                return response
            response.close()
            options.timing.sleep(delay)

    def _send_authenticated(
        self, transport: httpx.BaseTransport, request: httpx.Request, attempts: _Attempts
    ) -> httpx.Response:
        if (request.url.scheme, request.url.host, request.url.port) != self._origin:
            return self._send_counted(transport, request, attempts)
        # What httpx.Auth.sync_auth_flow does, without its extra generator layer on every request.
        auth = self._auth
        if auth.requires_request_body:
            request.read()
        flow = auth.auth_flow(request)
        try:
            outgoing = next(flow)
            while True:
                response = self._send_counted(transport, outgoing, attempts)
                if auth.requires_response_body:
                    response.read()
                try:
                    outgoing = flow.send(response)
                except StopIteration:
                    return response
                response.read()  # the auth sends again (a 401 re-sign): free the connection
                response.close()
        finally:
            flow.close()

    def _send_counted(
        self, transport: httpx.BaseTransport, request: httpx.Request, attempts: _Attempts
    ) -> httpx.Response:
        limiter = self._options.limiter
        if limiter is None:
            return transport.handle_request(request)
        wait, permit = limiter.reserve_permit()
        if wait > 0:
            attempts.permit_waited(wait)
            self._options.timing.sleep(wait)
        try:
            return transport.handle_request(request)
        finally:
            limiter.completed(permit)

    def close(self) -> None:
        self._pools.close()

    # ------------------------------------------------------------------ async

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        options = self._options
        attempts = _Attempts(request, self._base_path, options)
        if options.retry.max_retries:
            await request.aread()
        transport = self._pools.async_()
        while True:
            attempts.begin()
            try:
                response = await self._asend_authenticated(transport, request, attempts)
                if response.status_code >= 400:
                    await _aread(response)
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    if options.raise_errors:
                        raise attempts.connection_error(exc) from exc
                    raise
                await options.timing.async_sleep(delay)
                continue
            delay = attempts.after_response(response)
            if delay is None:
                if response.status_code < 400:
                    return response
                try:
                    await response.aread()
                finally:
                    await response.aclose()
                done = attempts.already_absent(response)
                if done is not None:
                    return done
                if options.raise_errors:
                    raise attempts.status_error(response)
                return response
            await response.aclose()
            await options.timing.async_sleep(delay)

    async def _asend_authenticated(
        self, transport: httpx.AsyncBaseTransport, request: httpx.Request, attempts: _Attempts
    ) -> httpx.Response:
        if (request.url.scheme, request.url.host, request.url.port) != self._origin:
            return await self._asend_counted(transport, request, attempts)
        # What httpx.Auth.async_auth_flow does: the auth's own flow is a plain generator.
        auth = self._auth
        if auth.requires_request_body:
            await request.aread()
        flow = auth.auth_flow(request)
        try:
            outgoing = next(flow)
            while True:
                response = await self._asend_counted(transport, outgoing, attempts)
                if auth.requires_response_body:
                    await response.aread()
                try:
                    outgoing = flow.send(response)
                except StopIteration:
                    return response
                await response.aread()
                await response.aclose()
        finally:
            flow.close()

    async def _asend_counted(
        self, transport: httpx.AsyncBaseTransport, request: httpx.Request, attempts: _Attempts
    ) -> httpx.Response:
        limiter = self._options.limiter
        permit: Permit | None = None
        if limiter is not None:
            wait, permit = limiter.reserve_permit()
            if wait > 0:
                attempts.permit_waited(wait)
                await self._options.timing.async_sleep(wait)
        try:
            return await transport.handle_async_request(request)
        finally:
            if limiter is not None and permit is not None:
                limiter.completed(permit)

    async def aclose(self) -> None:
        await self._pools.aclose()
