"""A client-side request budget per credential: by default 500 requests per 60 s, as the vendor allows.

It is a sliding window: a request may start once fewer than ``requests`` requests started in the
``per_seconds`` before it. That is what a server counting requests per minute (sliding or fixed
window, or a token bucket of the same size) accepts, whereas a client token bucket could let
twice the budget through in one window.

Permits are reserved in FIFO order under a ``threading.Lock``: a caller gets the earliest free
start time and sleeps until then outside the lock (``time.sleep`` or ``asyncio.sleep``, so the
event loop is never blocked). One limiter is shared by every client of the process with the same
credential, base URL and settings; a cancelled waiter just leaves its slot unused.
"""

import hashlib
import math
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from .errors import HeymarketConfigError
from .timing import Timing

# Credentials are keyed by a keyed hash, so the registry never holds a secret and the key cannot
# be checked offline against a guessed credential; it only needs to be stable within the process.
_PROCESS_SALT = os.urandom(32)

# Added to the earliest start: a server may count a request sent exactly `per_seconds` later as
# still inside its window, and 1 ms also absorbs float rounding of the sleep.
_BOUNDARY_MARGIN = 0.001


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` request starts in any ``per_seconds`` interval, per credential."""

    requests: int = 500
    per_seconds: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.requests, bool) or not isinstance(self.requests, int) or self.requests < 1:
            raise HeymarketConfigError(f"requests must be an int >= 1, got {self.requests!r}")
        per = self.per_seconds
        if isinstance(per, bool) or not isinstance(per, int | float) or not math.isfinite(per) or per <= 0:
            raise HeymarketConfigError(f"per_seconds must be a finite number > 0, got {per!r}")


class SlidingWindowLimiter:
    """Hands out start times so that no ``per_seconds`` interval holds more than ``requests`` starts."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        # Start times of the latest `requests` permits (some may lie in the future), oldest first.
        self._starts: deque[float] = deque(maxlen=limit.requests)

    def __repr__(self) -> str:
        return f"SlidingWindowLimiter({self.limit.requests} per {self.limit.per_seconds:g} s)"

    def reserve(self) -> float:
        """Reserve the next permit; returns how many seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            start = now
            if len(self._starts) == self.limit.requests:
                # The oldest of the last `requests` starts must have left the window.
                start = max(now, self._starts[0] + self.limit.per_seconds + _BOUNDARY_MARGIN)
            if self._starts and start < self._starts[-1]:
                start = self._starts[-1]  # keep the log ordered if the clock stepped back
            self._starts.append(start)
            return start - now

    def acquire(self, timing: Timing) -> float:
        """Wait (blocking the thread) until a permit is free; returns the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            timing.sleep(wait)
        return wait

    async def acquire_async(self, timing: Timing) -> float:
        """Wait (without blocking the event loop) until a permit is free; returns the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            await timing.async_sleep(wait)
        return wait


_registry: dict[tuple[str, str, RateLimit, Callable[[], float]], SlidingWindowLimiter] = {}
_registry_lock = threading.Lock()


def credential_key(kind: str, value: str) -> str:
    """A process-local fingerprint of a credential (``kind`` is e.g. ``jwt`` or ``api_key``)."""
    return hashlib.blake2b(f"{kind}\0{value}".encode(), key=_PROCESS_SALT, digest_size=16).hexdigest()


def shared_limiter(credential: str, origin: str, limit: RateLimit, timing: Timing) -> SlidingWindowLimiter:
    """The process-wide limiter for a credential fingerprint at a server origin.

    The origin is part of the key because budgets belong to a server (production and a sandbox or a
    local stand-in do not share one); the settings and clock are, so that clients configured
    differently never silently share a window of the wrong size.
    """
    key = (credential, origin, limit, timing.monotonic)
    with _registry_lock:
        limiter = _registry.get(key)
        if limiter is None:
            limiter = _registry[key] = SlidingWindowLimiter(limit, timing.monotonic)
        return limiter
