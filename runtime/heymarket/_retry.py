"""When to retry a request, and how long to wait first.

Policy by safety (the operation's ``x-heymarket-retry-safe`` in the spec, see _operations.py):

* every operation is retried on 429 and on failures where the request was never sent
  (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``: no connection was established);
* retry-safe operations (reads, reads sent as POST, PUT and DELETE writes) are also retried on
  500, 502, 503, 504, on the other timeouts and on connection errors after sending;
* creates get those retries only when the caller opts in (``retry_unsafe=True``), since the API
  has no idempotency key and a create may have been applied before the failure.

The wait is exponential backoff with full jitter, ``Retry-After`` (seconds or an HTTP date) is a
floor on it and ``retry_after_cap`` a ceiling; a retry that could not start before
``total_timeout`` is not made.
"""

import math
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

import httpx

from heymarket_auth import HeymarketConfigError

from ._timing import Timing

RETRY_SAFE_STATUSES = frozenset({500, 502, 503, 504})
ALWAYS_RETRIED_STATUS = 429
# No connection was established, so the server cannot have seen the request.
NEVER_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Failures after (part of) the request may have reached the server.
MAYBE_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry. ``RetryPolicy(max_retries=0)`` turns retries off."""

    max_retries: int = 2
    """Retries after the first attempt (so at most ``max_retries + 1`` attempts)."""
    initial_delay: float = 0.5
    """Upper bound of the first backoff draw, in seconds; it doubles with every retry."""
    max_delay: float = 8.0
    """Upper bound of any backoff draw, in seconds."""
    retry_after_cap: float = 60.0
    """Longest wait, in seconds, even when ``Retry-After`` asks for more."""
    total_timeout: float = 120.0
    """No retry starts later than this many seconds after the first attempt did."""

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise HeymarketConfigError(f"max_retries must be an int >= 0, got {self.max_retries!r}")
        for name in ("initial_delay", "max_delay", "retry_after_cap", "total_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise HeymarketConfigError(f"{name} must be a finite number of seconds >= 0, got {value!r}")

    def backoff(self, retry_number: int, timing: Timing) -> float:
        """The full-jitter delay before retry ``retry_number`` (1 for the first retry)."""
        # The exponent is clamped so that many retries cannot overflow a float.
        upper = min(self.max_delay, self.initial_delay * 2.0 ** min(retry_number - 1, 60))
        draw = timing.jitter(upper)
        return min(upper, max(0.0, draw))

    def delay(self, retry_number: int, retry_after: float | None, timing: Timing) -> float:
        """Backoff, raised to ``Retry-After`` when the server sent one, capped by ``retry_after_cap``."""
        delay = self.backoff(retry_number, timing)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.retry_after_cap)

    def next_delay(
        self, retry_number: int, retry_after: float | None, timing: Timing, *, remaining: float
    ) -> float | None:
        """The wait before retry ``retry_number`` (1 for the first), or None when none may be made: the
        retries are used up, or the retry would not start before ``total_timeout`` (``remaining`` is
        what is left of it). The one rule for the client's retries and for a bulk import's re-sends."""
        if retry_number > self.max_retries:
            return None
        delay = self.delay(retry_number, retry_after, timing)
        return delay if delay < remaining else None


def should_retry_status(status_code: int, *, retry_safe: bool) -> bool:
    if status_code == ALWAYS_RETRIED_STATUS:
        return True
    return retry_safe and status_code in RETRY_SAFE_STATUSES


def should_retry_error(exc: httpx.TransportError, *, retry_safe: bool) -> bool:
    if isinstance(exc, NEVER_SENT_ERRORS):
        return True
    return retry_safe and isinstance(exc, MAYBE_SENT_ERRORS)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or an HTTP date), or None if
    absent or unreadable. ``now`` is the current Unix time, for dates."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)
