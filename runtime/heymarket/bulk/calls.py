"""One request through the generated client, with every way it can end reduced to an :class:`Answer`.

A client from ``create_client`` raises typed errors (``APIStatusError`` for a status >= 400,
``APIConnectionError`` when no answer came); one made with ``raise_errors=False`` (or a plain generated
client) returns error responses and lets ``httpx.TransportError`` through. Both are handled, so the
bulk helper works the same with either.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from heymarket import APIConnectionError, APIStatusError, APITimeoutError
from heymarket._retry import NEVER_SENT_ERRORS as NEVER_SENT
from heymarket._retry import parse_retry_after
from heymarket_client.errors import UnexpectedStatus
from heymarket_client.types import Response


@dataclass(frozen=True)
class Answer:
    status: int | None
    """HTTP status, or None when no answer was received."""
    body: Any = None
    """The body parsed as JSON (None when empty or not JSON)."""
    text: str = ""
    request_id: str | None = None
    retry_after: float | None = None
    attempts: int = 1
    """HTTP attempts the client made (its own retries included), where it reports them."""
    error: str | None = None
    """For no answer: what went wrong (exception type and text)."""
    never_sent: bool = False
    """No answer, and the request cannot have reached the server."""
    timed_out: bool = False

    @property
    def message(self) -> str:
        """The server's reason in one line: ``error: message`` of the JSON body, else the text."""
        if self.status is None:
            return self.error or "no answer"
        body = self.body
        if isinstance(body, dict):
            parts = [str(body[k]) for k in ("error", "error_code", "message") if isinstance(body.get(k), str | int)]
            if parts:
                return _one_line(": ".join(parts))
        if isinstance(body, str):
            return _one_line(body)
        return _one_line(self.text) or f"HTTP {self.status}"


def call(send: Callable[[], Response[Any]]) -> Answer:
    """Run one generated ``sync_detailed`` call and describe how it ended."""
    try:
        response = send()
    except APIStatusError as error:
        return Answer(
            status=error.status_code,
            body=error.body,
            text=error.text,
            request_id=error.request_id,
            retry_after=parse_retry_after(error.headers.get("retry-after"), time.time()),
            attempts=error.attempts,
        )
    except APIConnectionError as error:
        cause = error.__cause__
        return Answer(
            status=None,
            error=error.message,
            attempts=error.attempts,
            never_sent=isinstance(cause, NEVER_SENT),
            timed_out=isinstance(error, APITimeoutError),
        )
    except httpx.TransportError as error:
        return Answer(
            status=None,
            error=f"{type(error).__name__}: {_one_line(str(error))}".rstrip(": "),
            never_sent=isinstance(error, NEVER_SENT),
            timed_out=isinstance(error, httpx.TimeoutException),
        )
    except UnexpectedStatus as error:
        text = error.content.decode("utf-8", errors="replace")
        return Answer(status=error.status_code, body=_json(text), text=text)
    except ValueError as error:
        # The generated parser read an error body as JSON and it was not JSON (raise_errors=False):
        # there was an answer, but its status is lost. Counted as an answer of unknown effect.
        return Answer(status=None, error=f"unreadable answer: {type(error).__name__}")
    text = response.content.decode("utf-8", errors="replace")
    return Answer(
        status=int(response.status_code),
        body=_json(text),
        text=text,
        request_id=response.headers.get("x-request-id"),
        retry_after=parse_retry_after(response.headers.get("retry-after"), time.time()),
    )


def _json(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
