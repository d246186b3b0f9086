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
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

import httpx

from ._errors import APIConnectionError, APIStatusError, RedirectError, _one_line, status_error, transport_error
from ._logs import logger, redacted_headers
from ._operations import DELETES, find_operation
from ._rate_limit import Permit, SlidingWindowLimiter
from ._retry import NEVER_SENT_ERRORS, RetryPolicy, parse_retry_after, should_retry_error, should_retry_status
from ._timing import Timing

if TYPE_CHECKING:
    from asyncio import AbstractEventLoop

READ_BODY_EXTENSION = "read_body"
"""A request extension set by the generated operations: the caller reads the whole body."""
REDIRECTS_EXTENSION = "heymarket.redirects"
MAX_REDIRECTS = 5
ATTEMPTS_EXTENSION = "heymarket.attempts"
"""On a success response: the requests the call sent (for errors raised while it is parsed)."""

_AUTH_HEADERS = ("authorization", "proxy-authorization")

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
    """Bookkeeping for one logical request: attempts, the call's deadline, retry decisions and logs."""

    def __init__(self, request: httpx.Request, base_path: str, options: RuntimeOptions) -> None:
        self.request = request
        self.options = options
        self.method = request.method
        self.path = request.url.path
        operation = find_operation(self.method, _api_path(self.path, base_path))
        self.operation_id = operation.operation_id if operation else "unknown"
        # Unknown requests count as unsafe: only 429 and never-sent failures are retried.
        self.retry_safe = options.retry_unsafe or (operation is not None and operation.retry_safe)
        # The generated operations read the whole body: read it within the attempt (a body cut off is a
        # failed attempt, retried like any other). A caller's own request may be streamed: left alone.
        self.read_body = bool(request.extensions.get(READ_BODY_EXTENSION))
        self.started = options.timing.monotonic()
        self.deadline = self.started + options.retry.total_timeout
        self._timeouts: dict[str, float | None] = dict(request.extensions.get("timeout") or {})
        self.attempt = 0
        self.sent = 0
        """Requests put on the wire for this call: every attempt, and the auth's 401 re-send."""
        self._attempt_started = self.started
        self.maybe_processed = False
        """An attempt failed after the request may have reached the server (a 5xx, a timeout...)."""

    def permit_waited(self, seconds: float) -> None:
        logger.debug("rate limit: waiting %.3f s before %s %s", seconds, self.method, self.path)

    def remaining(self) -> float:
        return self.deadline - self.options.timing.monotonic()

    def begin(self) -> None:
        self.attempt += 1
        if self.attempt > 1:  # the first attempt starts when the request does
            self._attempt_started = self.options.timing.monotonic()
        # No single read, write or connect may outlast the call's deadline.
        remaining = max(self.remaining(), 0.001)
        timeouts = self._timeouts
        if any(value is None or value > remaining for value in timeouts.values()):
            self.request.extensions["timeout"] = {
                name: remaining if value is None else min(value, remaining) for name, value in timeouts.items()
            }

    def check_wait(self, seconds: float) -> None:
        """Refuse a rate-limit wait that would end after the call's deadline."""
        if seconds > self.remaining():
            raise httpx.PoolTimeout(
                f"waiting {seconds:.3f} s for the rate limit would pass the call's deadline "
                f"(total_timeout {self.options.retry.total_timeout:g} s)",
                request=self.request,
            )

    def deadline_stream(self, response: httpx.Response) -> None:
        """Make a body that arrives slower than the deadline allows fail with a ReadTimeout."""
        response.stream = _DeadlineStream(response.stream, self)

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
        if response.status_code != 404 or not self.maybe_processed or self.operation_id not in DELETES:
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
            secret=bearer_secret(self.request),
            attempts=self.sent,
        )

    def scrub(self, exc: httpx.TransportError) -> None:
        """Blank the credentials of the request an httpx error points at (and of this call's request)."""
        _scrub(self.request)
        try:
            _scrub(exc.request)
        except RuntimeError:  # raised by httpx's own transports, which attach no request
            exc.request = self.request

    def connection_error(self, exc: httpx.TransportError, response: httpx.Response | None = None) -> APIConnectionError:
        """The typed error for a failure on the wire; ``response`` when it came while reading its body."""
        self.scrub(exc)  # the httpx error is chained as __cause__ and points at the request
        return transport_error(
            exc,
            method=self.method,
            path=self.path,
            attempts=self.sent,
            status_code=response.status_code if response is not None else None,
            request_id=response.headers.get("x-request-id") if response is not None else None,
        )

    def _next_delay(self, reason: str, retry_after: float | None) -> float | None:
        policy, timing = self.options.retry, self.options.timing
        if self.attempt > policy.max_retries:
            return None
        delay = policy.next_delay(self.attempt, retry_after, timing, remaining=self.remaining())
        if delay is None:
            logger.debug(
                "not retrying %s %s: %s, but a retry would pass total_timeout %.3f s",
                self.method,
                self.path,
                reason,
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


class _DeadlineStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that fails with ReadTimeout once a chunk arrives after the call's deadline (each
    read itself is bounded by a read timeout no longer than what was left when the attempt began)."""

    def __init__(self, stream: Any, attempts: _Attempts) -> None:
        self._stream = stream
        self._attempts = attempts

    def _check(self) -> None:
        if self._attempts.remaining() <= 0:
            total = self._attempts.options.retry.total_timeout
            raise httpx.ReadTimeout(
                f"the body was still arriving at the call's deadline (total_timeout {total:g} s)",
                request=self._attempts.request,
            )

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            self._check()
            yield chunk

    def close(self) -> None:
        self._stream.close()

    async def aclose(self) -> None:
        await self._stream.aclose()


class _Redirects:
    """What one hop of a redirected call tells the next. httpx copies a request's extensions onto the
    redirect it builds, so this object, kept there, is shared by every hop of one call."""

    __slots__ = ("deadline", "hops", "method", "path", "request_id", "resend_unsafe", "sent", "status_code", "visited")

    def __init__(self, request: httpx.Request, attempts: _Attempts) -> None:
        self.visited = {str(request.url)}
        self.hops = 0
        self.method = request.method
        self.path = request.url.path
        self.status_code = 0
        self.request_id: str | None = None
        self.resend_unsafe = False
        self.deadline = attempts.deadline
        """The first hop's: one deadline for the whole call, redirects included."""
        self.sent = 0
        """Requests sent by the hops so far: every error counts the whole call."""

    @staticmethod
    def note(request: httpx.Request, response: httpx.Response, attempts: _Attempts) -> None:
        """Called for a final answer below 400: remember a redirect, should the client follow it."""
        if not response.has_redirect_location:
            return
        state = request.extensions.get(REDIRECTS_EXTENSION)
        if not isinstance(state, _Redirects):
            state = request.extensions[REDIRECTS_EXTENSION] = _Redirects(request, attempts)
        state.hops += 1
        state.sent = attempts.sent
        state.status_code = response.status_code
        state.request_id = response.headers.get("x-request-id")
        # 307 and 308 send the same method and body again: for a create, a second create.
        state.resend_unsafe = response.status_code in (307, 308) and not attempts.retry_safe

    @staticmethod
    def check_hop(request: httpx.Request, attempts: _Attempts) -> None:
        """Refuse, before sending, a redirect that would repeat a create or that goes round in a loop."""
        state = request.extensions.get(REDIRECTS_EXTENSION)
        if not isinstance(state, _Redirects):
            return
        attempts.sent = state.sent
        attempts.deadline = state.deadline
        url = str(request.url)
        if state.resend_unsafe:
            reason = "not followed: it would send the request again, and it is not retry-safe"
        elif url in state.visited:
            reason = "a redirect loop (this address was already asked)"
        elif state.hops > MAX_REDIRECTS:
            reason = f"more than {MAX_REDIRECTS} redirects"
        else:
            state.visited.add(url)
            return
        raise RedirectError(
            f"HTTP {state.status_code} from {state.method} {state.path} to {_one_line(url)}: {reason}",
            status_code=state.status_code,
            location=url,
            method=state.method,
            path=state.path,
            request_id=state.request_id,
            attempts=state.sent,
        )


def bearer_secret(request: httpx.Request) -> str | None:
    """The credential a request carries in its Authorization header (to blank it out of kept text)."""
    _scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value or None


def _scrub(request: httpx.Request) -> None:
    for name in _AUTH_HEADERS:
        if name in request.headers:
            request.headers[name] = "<redacted>"


class Pools:
    """The wrapped httpx transports, made on first use and shared by every view of a transport.

    ``make_sync``/``make_async`` build httpx's own transports from the client's settings; a caller's transport
    (``httpx_args["transport"]``) is used as it is for both.

    An async connection belongs to the event loop it was opened in, so there is one async transport per
    running loop: a client (and its copies) used in one ``asyncio.run()`` and then in another gets a fresh
    pool in the second and never touches a connection of the closed loop. Pools of closed loops are
    dropped when the next loop's pool is made.
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
        self._async: dict[AbstractEventLoop, httpx.AsyncBaseTransport] = {}
        self._last: tuple[AbstractEventLoop, httpx.AsyncBaseTransport] | None = None
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
        import asyncio  # loaded already in async code; `import heymarket` itself does not load it

        loop = asyncio.get_running_loop()
        last = self._last
        if last is not None and last[0] is loop:
            return last[1]
        with self._lock:
            transport = self._async.get(loop)
            if transport is None:
                for old in [old for old in self._async if old.is_closed()]:
                    del self._async[old]  # its connections died with it; nothing to close them with
                transport = self._async[loop] = self._make_async()
            self._last = (loop, transport)
        return transport

    def close(self) -> None:
        # Dropped rather than kept closed: a copy of the client that is still in use makes a new one
        # (a caller's own transport is the same object again; what closing it means is the caller's).
        with self._lock:
            transport, self._sync = self._sync, None
        if transport is not None:
            transport.close()

    async def aclose(self) -> None:
        """Close the running loop's pool (the only one whose connections can be closed from here)."""
        import asyncio

        loop = asyncio.get_running_loop()
        with self._lock:
            transport = self._async.pop(loop, None)
            if self._last is not None and self._last[0] is loop:
                self._last = None
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
        _Redirects.check_hop(request, attempts)
        if options.retry.max_retries:
            request.read()  # a generator body could be sent only once
        transport = self._pools.sync()
        while True:
            attempts.begin()
            response: httpx.Response | None = None
            try:
                response = self._send_authenticated(transport, request, attempts)
                if response.status_code >= 400 or attempts.read_body:
                    # Within the attempt: a body cut off, stalled or drip-fed past the deadline fails it
                    # like any connection error. Other success bodies stay streamable for the caller.
                    attempts.deadline_stream(response)
                    _read(response)
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    if options.raise_errors:
                        raise attempts.connection_error(exc, response) from exc
                    attempts.scrub(exc)
                    raise
                options.timing.sleep(delay)
                continue
            delay = attempts.after_response(response)
            if delay is None:
                if response.status_code < 400:
                    _Redirects.note(request, response, attempts)
                    response.extensions[ATTEMPTS_EXTENSION] = attempts.sent
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
            attempts.sent += 1
            return transport.handle_request(request)
        wait, permit = limiter.reserve_permit()
        try:
            if wait > 0:
                attempts.check_wait(wait)
                attempts.permit_waited(wait)
                self._options.timing.sleep(wait)
            attempts.sent += 1
            return transport.handle_request(request)
        finally:
            limiter.completed(permit)

    def close(self) -> None:
        self._pools.close()

    # ------------------------------------------------------------------ async

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import anyio  # httpx's own async dependency; loaded already in async code

        options = self._options
        attempts = _Attempts(request, self._base_path, options)
        _Redirects.check_hop(request, attempts)
        if options.retry.max_retries:
            await request.aread()
        transport = self._pools.async_()
        while True:
            attempts.begin()
            response: httpx.Response | None = None
            try:
                # Async code can be cancelled: the attempt, body included, ends at the call's deadline.
                with anyio.fail_after(max(attempts.remaining(), 0.0)):
                    response = await self._asend_authenticated(transport, request, attempts)
                    if response.status_code >= 400 or attempts.read_body:
                        attempts.deadline_stream(response)
                        await _aread(response)
            except TimeoutError as exc:
                error = httpx.ReadTimeout(
                    f"the call's deadline (total_timeout {options.retry.total_timeout:g} s) passed", request=request
                )
                error.__cause__ = exc
                if response is not None:
                    await response.aclose()
                attempts.after_error(error)
                if options.raise_errors:
                    raise attempts.connection_error(error, response) from exc
                attempts.scrub(error)
                raise error from exc
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    if options.raise_errors:
                        raise attempts.connection_error(exc, response) from exc
                    attempts.scrub(exc)
                    raise
                await options.timing.async_sleep(delay)
                continue
            delay = attempts.after_response(response)
            if delay is None:
                if response.status_code < 400:
                    _Redirects.note(request, response, attempts)
                    response.extensions[ATTEMPTS_EXTENSION] = attempts.sent
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
        try:
            if limiter is not None:
                wait, permit = limiter.reserve_permit()
                if wait > 0:
                    attempts.check_wait(wait)
                    attempts.permit_waited(wait)
                    await self._options.timing.async_sleep(wait)
            attempts.sent += 1
            return await transport.handle_async_request(request)
        finally:
            if limiter is not None and permit is not None:
                limiter.completed(permit)

    async def aclose(self) -> None:
        await self._pools.aclose()
