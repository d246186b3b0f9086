"""Typed errors raised by clients from ``create_client`` (unless ``raise_errors=False``).

Hierarchy::

    HeymarketError                      the root of every error the packages raise: a message only
    ├── HeymarketConfigError            credentials or settings missing or invalid (a ValueError too)
    ├── (heymarket.bulk)                CsvMappingError, Rejection, FieldLookupError, ExportError,
    │                                   JournalError (JournalWriteError is an OSError too)
    └── APIError                        a request failed: method, path, request_id, attempts
        ├── APIStatusError              any status >= 400 (other 4xx codes use this class itself)
        │   ├── BadRequestError         400
        │   ├── AuthenticationError     401 (after the JWT auth's re-sign and retry)
        │   ├── PermissionDeniedError   403
        │   ├── NotFoundError           404
        │   ├── RateLimitError          429 (after the retries)
        │   └── ServerError             5xx (after the retries that the operation allows)
        ├── APIConnectionError          no response: refused, reset, protocol error
        │   └── APITimeoutError         connect, read, write or pool timeout
        ├── APIResponseValidationError  a success status whose body is not JSON or not the declared shape
        ├── RedirectError               a redirect not followed: it would repeat a create, or it loops
        └── PagingError                 a list endpoint's pages do not advance

Errors keep copies of what they need (status, body, headers, request id, method, path) and never
the ``httpx.Request``, whose headers hold the bearer token.
"""

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import NotRequired, TypedDict, Unpack

import httpx

from heymarket_auth.errors import HeymarketError

# Response headers that are credentials in some deployments; never kept on an error.
_DROPPED_HEADERS = frozenset({"set-cookie", "authorization", "proxy-authorization", "www-authenticate"})
_MAX_DETAIL = 300


class APIError(HeymarketError):
    """A request failed: the parent of every error that carries the request's fields."""

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        """The URL path only: the query string is left out."""
        self.request_id = request_id
        """The ``X-Request-Id`` of the response, to quote to Heymarket support."""
        self.attempts = attempts
        """How many requests the call sent: every attempt, and the auth's 401 re-send."""


class _Answer(TypedDict):
    status_code: int
    text: str
    headers: httpx.Headers
    method: str
    path: str
    request_id: str | None
    attempts: NotRequired[int]


class _AnsweredError(APIError):
    """A request that got an answer whose status, text and headers the error keeps."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        text: str,
        headers: httpx.Headers,
        method: str,
        path: str,
        request_id: str | None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id, attempts=attempts)
        self.status_code = status_code
        self.text = text
        """The body as text (the credential blanked out)."""
        self.headers = headers


class APIStatusError(_AnsweredError):
    """The server answered with a status of 400 or above."""

    def __init__(self, message: str, *, body: object, **answer: Unpack[_Answer]) -> None:
        super().__init__(message, **answer)
        self.body = body
        """The body parsed as JSON, or None when it is not JSON."""


class BadRequestError(APIStatusError):
    """400: the request body or a field is invalid (Heymarket's ``bad_data``)."""


class AuthenticationError(APIStatusError):
    """401: the credentials are missing or invalid (a JWT was re-signed and sent once more first)."""


class PermissionDeniedError(APIStatusError):
    """403: valid credentials, but the action is not allowed."""


class NotFoundError(APIStatusError):
    """404: no such contact, channel or tag."""


class RateLimitError(APIStatusError):
    """429: still rate limited after the retries."""


class ServerError(APIStatusError):
    """5xx: a fault on the server side (or on a gateway in front of it)."""


class APIConnectionError(APIError):
    """No complete response was received: no answer, or its body was cut off, reset or stalled."""

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        attempts: int = 1,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id, attempts=attempts)
        self.status_code = status_code
        """The status of an answer whose body failed to arrive; None when no answer came."""


class APITimeoutError(APIConnectionError):
    """The connect, write, read or connection-pool timeout expired."""


class APIResponseValidationError(_AnsweredError):
    """A success status whose body is not JSON, or not the shape the spec declares for it."""


class RedirectError(APIError):
    """A redirect that was not followed: it would send a create again (307/308), or it loops."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        location: str,
        method: str,
        path: str,
        request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id, attempts=attempts)
        self.status_code = status_code
        self.location = location


class PagingError(APIError):
    """A list endpoint returned pages that do not advance, so iterating would never end."""


_BY_STATUS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def status_error(
    *,
    status_code: int,
    content: bytes,
    headers: httpx.Headers,
    method: str,
    path: str,
    secret: str | None = None,
    attempts: int = 1,
) -> APIStatusError:
    """Build the typed error for an answered request. ``secret`` (the bearer token sent) is blanked
    out of the kept text in case a server or proxy echoes it."""
    text = _kept_text(content, secret)
    try:
        body: object = json.loads(text) if text else None
    except ValueError:
        body = None
    request_id = headers.get("x-request-id")
    kept = httpx.Headers([(k, v) for k, v in headers.multi_items() if k.lower() not in _DROPPED_HEADERS])
    reason = _reason(status_code)
    message = f"HTTP {status_code}{reason} from {method} {path} (request id {request_id or 'none'})"
    detail = error_detail(body, text)
    if detail:
        message += f": {detail}"
    if attempts > 1:
        message += f" [after {attempts} attempts]"
    cls = status_error_class(status_code)
    return cls(
        message,
        status_code=status_code,
        body=body,
        text=text,
        headers=kept,
        method=method,
        path=path,
        request_id=request_id,
        attempts=attempts,
    )


def response_validation_error(
    *,
    status_code: int,
    content: bytes,
    headers: httpx.Headers,
    method: str,
    path: str,
    cause: BaseException,
    secret: str | None = None,
    attempts: int = 1,
) -> APIResponseValidationError:
    text = _kept_text(content, secret)
    if secret and isinstance(cause, json.JSONDecodeError):  # chained as __cause__, with the whole body in .doc
        cause.doc = cause.doc.replace(secret, "<redacted>")
    request_id = headers.get("x-request-id")
    kept = httpx.Headers([(k, v) for k, v in headers.multi_items() if k.lower() not in _DROPPED_HEADERS])
    what = "is not JSON" if isinstance(cause, json.JSONDecodeError) else "does not match the spec"
    message = (
        f"HTTP {status_code} from {method} {path} (request id {request_id or 'none'}): the body {what} "
        f"({type(cause).__name__}); body: {_one_line(text) or '(empty)'}"
    )
    if attempts > 1:
        message += f" [after {attempts} attempts]"
    return APIResponseValidationError(
        message,
        status_code=status_code,
        text=text,
        headers=kept,
        method=method,
        path=path,
        request_id=request_id,
        attempts=attempts,
    )


def transport_error(
    exc: httpx.TransportError,
    *,
    method: str,
    path: str,
    attempts: int = 1,
    status_code: int | None = None,
    request_id: str | None = None,
) -> APIConnectionError:
    """Wrap an httpx transport error (kept as ``__cause__`` by the caller's ``raise ... from``);
    ``status_code``/``request_id`` when it happened while reading an answer's body."""
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if cls is APITimeoutError else "failed"
    message = f"{method} {path} {what}: {type(exc).__name__}"
    detail = _one_line(str(exc))
    if detail:
        message += f": {detail}"
    if status_code is not None:
        message += f" (while reading the body of HTTP {status_code}, request id {request_id or 'none'})"
    if attempts > 1:
        message += f" [after {attempts} attempts]"
    return cls(message, method=method, path=path, attempts=attempts, status_code=status_code, request_id=request_id)


def _kept_text(content: bytes, secret: str | None) -> str:
    """The body as text, with ``secret`` (the bearer token sent) blanked out in case it is echoed."""
    text = content.decode("utf-8", errors="replace")
    return text.replace(secret, "<redacted>") if secret else text


def _reason(status_code: int) -> str:
    try:
        return " " + HTTPStatus(status_code).phrase
    except ValueError:
        return ""


def error_detail(body: object, text: str) -> str:
    """The server's reason in one line: ``error: message`` of a JSON error body, else the text."""
    if isinstance(body, dict):
        code = body.get("error") or body.get("error_code")
        message = body.get("message")
        parts = [str(p) for p in (code, message) if isinstance(p, str | int) and str(p)]
        if parts:
            return _one_line(": ".join(parts))
    if isinstance(body, str):
        return _one_line(body)
    return _one_line(text)


def one_line(text: str, limit: int = _MAX_DETAIL) -> str:
    """``text`` on one line (runs of white space as one space), cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_one_line = one_line
