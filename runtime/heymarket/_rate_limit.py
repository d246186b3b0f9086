"""A client-side request budget per credential: by default 500 requests per 60 s, as the vendor allows.

It is a sliding window: a request may start once fewer than ``requests`` requests were counted in the
``per_seconds`` before it. A request counts from the later of its start and the moment its answer came
back: the server counts it on arrival, which is later than the start by a network delay that varies,
so stamping by start alone let a request arrive inside a server window that already held the budget
(measured: 1 answer 429 in a 601-request run at the budget, none with completion stamps). That is what a server counting requests per minute (sliding or fixed
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

from heymarket_auth import HeymarketConfigError

from ._timing import Timing

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


class Permit:
    """One reserved request; its time moves from the planned start to when its answer came back."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class SlidingWindowLimiter:
    """Hands out start times so that no ``per_seconds`` interval holds more than ``requests`` permits."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        # The latest `requests` permits in reservation order (some may start in the future).
        self._permits: deque[Permit] = deque()
        # The latest time of any permit that left the log: completions can reorder times.
        self._floor = -math.inf

    def __repr__(self) -> str:
        return f"SlidingWindowLimiter({self.limit.requests} per {self.limit.per_seconds:g} s)"

    def reserve_permit(self) -> tuple[float, Permit]:
        """Reserve the next permit; returns how many seconds to wait before using it, and the permit."""
        with self._lock:
            now = self._clock()
            start = now
            if len(self._permits) == self.limit.requests:
                # The `requests`-th latest permit (or any older one) must have left the window.
                oldest = max(self._permits[0].at, self._floor)
                start = max(now, oldest + self.limit.per_seconds + _BOUNDARY_MARGIN)
            if self._permits and start < self._permits[-1].at:
                start = self._permits[-1].at  # keep starts ordered if the clock stepped back
            permit = Permit(start)
            self._permits.append(permit)
            if len(self._permits) > self.limit.requests:
                self._floor = max(self._floor, self._permits.popleft().at)
            return start - now, permit

    def reserve(self) -> float:
        """Reserve the next permit; returns how many seconds to wait before using it."""
        return self.reserve_permit()[0]

    def completed(self, permit: Permit) -> None:
        """The permit's request got its answer (or failed): count it from now if that is later."""
        now = self._clock()
        with self._lock:
            if now > permit.at:
                permit.at = now

    def acquire(self, timing: Timing) -> tuple[float, Permit]:
        """Wait (blocking the thread) until a permit is free; returns the seconds waited and the permit."""
        wait, permit = self.reserve_permit()
        if wait > 0:
            timing.sleep(wait)
        return wait, permit

    async def acquire_async(self, timing: Timing) -> tuple[float, Permit]:
        """Wait (without blocking the event loop) until a permit is free; returns the wait and the permit."""
        wait, permit = self.reserve_permit()
        if wait > 0:
            await timing.async_sleep(wait)
        return wait, permit


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
