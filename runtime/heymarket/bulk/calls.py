"""One request, and every way it can end reduced to an :class:`Answer`, read with the runtime's error helpers.

Every failure is first made the runtime's typed error (``heymarket.APIError``): a client from
``create_client`` raises those already; a plain generated client raises its own ``StatusError`` /
``ResponseValidationError`` / ``UnexpectedStatus`` or lets ``httpx.TransportError`` through, and
:func:`as_api_error` builds the runtime's error for them with the runtime's own helpers
(``error_of_status``, ``error_of_body``, ``transport_error``: the ones ``create_client``'s client uses). An :class:`Answer` is then read
from that one error type. A success answer's status and request id come from a :class:`ResponseTap`, a
response hook of the client's httpx client (the resource methods return only the parsed result).

:func:`attempt` runs one call of the typed resource surface (``client.contacts.batch_create(body=...)``,
which returns the success type) and reads how it ended as an :class:`Answer`; :func:`expect` runs one whose
failure ends the job, raising the runtime's typed error whatever the client.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

import httpx

from heymarket import APIConnectionError, APIError, APIResponseValidationError, APIStatusError, APITimeoutError
from heymarket._client import error_of_body, error_of_status
from heymarket._errors import error_detail, one_line, status_error, transport_error
from heymarket._retry import NEVER_SENT_ERRORS, parse_retry_after
from heymarket._timing import DEFAULT_TIMING, Timing
from heymarket._transport import ATTEMPTS_EXTENSION
from heymarket_client import AuthenticatedClient, errors

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Answer:
    status: int | None
    """HTTP status, or None when no answer was received."""
    body: Any = None
    """The parsed body: the operation's typed result for a success of :func:`attempt`, else JSON (or None)."""
    text: str = ""
    request_id: str | None = None
    retry_after: float | None = None
    attempts: int = 1
    """HTTP attempts the client made (its own retries included), where it reports them."""
    error: str | None = None
    """For no answer, or an answer that cannot be read: what went wrong."""
    never_sent: bool = False
    """No answer, and the request cannot have reached the server."""
    timed_out: bool = False
    unreadable: bool = False
    """A success status whose body is not JSON, or not the shape the spec declares."""

    @property
    def message(self) -> str:
        """The server's reason in one line: ``error: message`` of the JSON body, else the text."""
        if self.status is None or self.unreadable:
            return self.error or "no answer"
        return error_detail(self.body, self.text) or f"HTTP {self.status}"

    def describe(self) -> str:
        """``HTTP 401: unauthorized: bad token (request id r-1)``, or ``no answer: ... (request id None)``."""
        where = f"HTTP {self.status}" if self.status else "no answer"
        return f"{where}: {self.message} (request id {self.request_id})"

    @classmethod
    def of_error(cls, error: APIError, timing: Timing = DEFAULT_TIMING) -> Answer:
        """The answer an error of the runtime describes."""
        if isinstance(error, APIStatusError):
            return cls(
                status=error.status_code,
                body=error.body,
                text=error.text,
                request_id=error.request_id,
                retry_after=parse_retry_after(error.headers.get("retry-after"), timing.wall_clock()),
                attempts=error.attempts,
            )
        if isinstance(error, APIResponseValidationError):
            return cls(
                status=error.status_code,
                text=error.text,
                request_id=error.request_id,
                attempts=error.attempts,
                error=f"unreadable answer: {error.message}",
                unreadable=True,
            )
        if isinstance(error, APIConnectionError):
            return cls(
                status=None,
                error=error.message,
                attempts=error.attempts,
                never_sent=isinstance(error.__cause__, NEVER_SENT_ERRORS),
                timed_out=isinstance(error, APITimeoutError),
            )
        status = getattr(error, "status_code", None)  # RedirectError: an answer, not followed
        return cls(status=status, error=error.message, request_id=error.request_id, attempts=error.attempts)


class Verdict(StrEnum):
    OK = "ok"
    RETRY = "retry"
    SPLIT = "split"
    FAIL = "fail"
    FATAL = "fatal"


def verdict(answer: Answer) -> tuple[Verdict, bool, str]:
    """What to do with an answer: (verdict, whether the attempt may have been applied, cause code)."""
    status = answer.status
    if answer.unreadable:
        return Verdict.RETRY, True, "unexpected_response"
    if status is None:
        return Verdict.RETRY, not answer.never_sent, "timeout" if answer.timed_out else "connection_error"
    cause = f"http_{status}"
    if 200 <= status < 300:
        return Verdict.OK, False, cause
    if status in (429, 503):  # refused before processing (the stand-in injects them before any change)
        return Verdict.RETRY, False, cause
    if status >= 500 or status == 408:
        return Verdict.RETRY, True, cause
    if status == 413:
        return Verdict.SPLIT, False, cause
    if status in (400, 422):
        # Refused, but a server might have applied part of the batch before finding the bad item.
        return Verdict.SPLIT, True, cause
    if status in (401, 403, 404):
        return Verdict.FATAL, False, cause
    return Verdict.FAIL, False, cause


class ResponseTap:
    """A response hook on a client's httpx client: the last response each thread received (headers only)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _record(self, response: httpx.Response) -> None:
        self._local.last = response

    def clear(self) -> None:
        self._local.last = None

    def last(self) -> httpx.Response | None:
        last: httpx.Response | None = getattr(self._local, "last", None)
        return last

    @contextmanager
    def installed(self, client: AuthenticatedClient) -> Iterator[ResponseTap]:
        """Hook into ``client``'s httpx client while the block runs."""
        http = client.get_httpx_client()
        before = http.event_hooks
        http.event_hooks = {**before, "response": [*before.get("response", []), self._record]}
        try:
            yield self
        finally:
            http.event_hooks = before


def as_api_error(exc: Exception, last: httpx.Response | None = None) -> APIError | None:
    """The runtime's typed error for how a call failed, or None for an exception that is not a call's."""
    if isinstance(exc, APIError):
        return exc
    if isinstance(exc, errors.StatusError):
        return error_of_status(exc.response)
    if isinstance(exc, errors.ResponseValidationError):
        return error_of_body(exc.response, exc.__cause__ or exc)
    if isinstance(exc, errors.UnexpectedStatus):
        headers = last.headers if last is not None else httpx.Headers()
        method, path = _where(last.request if last is not None else None)
        return status_error(status_code=exc.status_code, content=exc.content, headers=headers, method=method, path=path)
    if isinstance(exc, httpx.TransportError):
        try:
            sent: httpx.Request | None = exc.request
        except RuntimeError:
            sent = None
        method, path = _where(sent)
        error = transport_error(exc, method=method, path=path)
        error.__cause__ = exc
        return error
    return None


def attempt(send: Callable[[], T], tap: ResponseTap, timing: Timing = DEFAULT_TIMING) -> tuple[T | None, Answer]:
    """Run one typed call (a resource method): its result (None when it failed) and its :class:`Answer`."""
    tap.clear()
    try:
        result = send()
    except Exception as exc:
        error = as_api_error(exc, tap.last())
        if error is None:
            raise
        return None, Answer.of_error(error, timing)
    last = tap.last()
    if last is None:
        return result, Answer(status=200, body=result)
    return result, Answer(
        status=last.status_code,
        body=result,
        request_id=last.headers.get("x-request-id"),
        attempts=last.extensions.get(ATTEMPTS_EXTENSION, 1),
    )


def expect(send: Callable[[], T]) -> T:
    """Run one typed call whose failure ends the job: whatever the client, a failed request raises the
    runtime's typed error (``heymarket.APIStatusError``, ``APIConnectionError``...)."""
    try:
        return send()
    except Exception as exc:
        error = as_api_error(exc)
        if error is None or error is exc:
            raise
        raise error from exc


def _where(request: httpx.Request | None) -> tuple[str, str]:
    return ("?", "?") if request is None else (request.method, request.url.path)


__all__ = ["Answer", "ResponseTap", "Verdict", "as_api_error", "attempt", "expect", "one_line", "verdict"]
