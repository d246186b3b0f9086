"""httpx clients that add retries, the rate limiter, typed errors and logging around ``send``.

Why ``send`` and not a transport: ``httpx.Client.send`` runs the auth flow, and the transport sits
below it. Retrying in a transport would resend the Authorization header of the first attempt, and
a typed error raised from a response hook would fire before HeymarketJWTAuth's 401 re-sign and
retry. Each pass of the loop below calls ``super().send``, so every attempt goes through the auth
flow again: HeymarketJWTAuth reuses a token younger than its reuse window and signs a new one for
an attempt made later, and the 401 retry has happened before any error is raised.

One attempt is: wait for a rate-limit permit, send (auth flow included), then decide from the
status or the exception whether to retry (retry_policy.py). The sync and async clients share
that bookkeeping in ``_Attempts`` and differ only in how they wait and send.
"""

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import httpx

# Only for the signature of the overridden send(), which must match httpx's own; httpx exports
# the USE_CLIENT_DEFAULT value but not these two types.
from httpx._client import UseClientDefault
from httpx._types import AuthTypes

from .api_errors import APIConnectionError, APIStatusError, status_error, transport_error
from .logs import logger, redacted_headers
from .operations import find_operation
from .rate_limit import SlidingWindowLimiter
from .retry_policy import RetryPolicy, parse_retry_after, should_retry_error, should_retry_status
from .timing import Timing

_AUTH_HEADERS = ("authorization", "proxy-authorization")


@dataclass(frozen=True)
class RuntimeOptions:
    retry: RetryPolicy
    retry_unsafe: bool
    raise_errors: bool
    limiter: SlidingWindowLimiter | None
    timing: Timing


class _Attempts:
    """Bookkeeping for one logical request: attempt count, deadline, retry decisions and logs."""

    def __init__(self, request: httpx.Request, base_url: httpx.URL, options: RuntimeOptions) -> None:
        self.request = request
        self.options = options
        self.method = request.method
        self.path = request.url.path
        operation = find_operation(self.method, _api_path(self.path, base_url))
        self.operation_id = operation.operation_id if operation else "unknown"
        # Unknown requests count as unsafe: only 429 and never-sent failures are retried.
        self.retry_safe = options.retry_unsafe or (operation is not None and operation.retry_safe)
        self.started = options.timing.monotonic()
        self.attempt = 0
        self._attempt_started = self.started

    def permit_waited(self, seconds: float) -> None:
        if seconds > 0:
            logger.debug("rate limit: waited %.3f s before %s %s", seconds, self.method, self.path)

    def begin(self) -> None:
        self.attempt += 1
        self._attempt_started = self.options.timing.monotonic()

    def after_response(self, response: httpx.Response) -> float | None:
        """The delay before the next attempt, or None when this response is final."""
        request_id = response.headers.get("x-request-id")
        self._log(str(response.status_code), request_id)
        if not should_retry_status(response.status_code, retry_safe=self.retry_safe):
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"), self.options.timing.wall_clock())
        return self._next_delay(f"HTTP {response.status_code}", retry_after)

    def after_error(self, exc: httpx.TransportError) -> float | None:
        self._log(type(exc).__name__, None)
        if not should_retry_error(exc, retry_safe=self.retry_safe):
            return None
        return self._next_delay(type(exc).__name__, None)

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
        with contextlib.suppress(RuntimeError):  # raised when no request is attached
            _scrub(exc.request)
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


def _api_path(path: str, base_url: httpx.URL) -> str:
    """The request path relative to the base URL's path (httpx gives base_url a trailing slash)."""
    base = base_url.path
    if base != "/" and path.startswith(base):
        return path[len(base) - 1 :]
    return path


def _scrub(request: httpx.Request) -> None:
    for name in _AUTH_HEADERS:
        if name in request.headers:
            request.headers[name] = "<redacted>"


class HeymarketHTTPClient(httpx.Client):
    """``httpx.Client`` whose ``send`` retries, rate-limits and raises typed errors."""

    def __init__(self, *, runtime: RuntimeOptions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._runtime = runtime

    def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: AuthTypes | UseClientDefault | None = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: bool | UseClientDefault = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        options = self._runtime
        attempts = _Attempts(request, self.base_url, options)
        if options.retry.max_retries:
            request.read()  # a generator body could be sent only once
        while True:
            permit = None
            if options.limiter is not None:
                waited, permit = options.limiter.acquire(options.timing)
                attempts.permit_waited(waited)
            attempts.begin()
            try:
                response = super().send(request, stream=stream, auth=auth, follow_redirects=follow_redirects)
            except httpx.TransportError as exc:
                if permit is not None and options.limiter is not None:
                    options.limiter.completed(permit)
                delay = attempts.after_error(exc)
                if delay is None:
                    if options.raise_errors:
                        raise attempts.connection_error(exc) from exc
                    raise
                options.timing.sleep(delay)
                continue
            if permit is not None and options.limiter is not None:
                options.limiter.completed(permit)
            delay = attempts.after_response(response)
            if delay is None:
                if options.raise_errors and response.status_code >= 400:
                    try:
                        response.read()
                    finally:
                        response.close()
                    raise attempts.status_error(response)
                return response
            response.close()
            options.timing.sleep(delay)


class HeymarketAsyncHTTPClient(httpx.AsyncClient):
    """``httpx.AsyncClient`` whose ``send`` retries, rate-limits and raises typed errors."""

    def __init__(self, *, runtime: RuntimeOptions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._runtime = runtime

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: AuthTypes | UseClientDefault | None = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: bool | UseClientDefault = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        options = self._runtime
        attempts = _Attempts(request, self.base_url, options)
        if options.retry.max_retries:
            await request.aread()
        while True:
            permit = None
            if options.limiter is not None:
                waited, permit = await options.limiter.acquire_async(options.timing)
                attempts.permit_waited(waited)
            attempts.begin()
            try:
                response = await super().send(request, stream=stream, auth=auth, follow_redirects=follow_redirects)
            except httpx.TransportError as exc:
                if permit is not None and options.limiter is not None:
                    options.limiter.completed(permit)
                delay = attempts.after_error(exc)
                if delay is None:
                    if options.raise_errors:
                        raise attempts.connection_error(exc) from exc
                    raise
                await options.timing.async_sleep(delay)
                continue
            if permit is not None and options.limiter is not None:
                options.limiter.completed(permit)
            delay = attempts.after_response(response)
            if delay is None:
                if options.raise_errors and response.status_code >= 400:
                    try:
                        await response.aread()
                    finally:
                        await response.aclose()
                    raise attempts.status_error(response)
                return response
            await response.aclose()
            await options.timing.async_sleep(delay)
