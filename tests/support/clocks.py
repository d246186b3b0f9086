"""Clocks for the tests: ``FakeClock`` (a settable clock) and ``VirtualTime`` (one clock for client and stand-in).

``VirtualTime`` is one clock for everything: the client's retry deadlines, rate limiter, JWT ``iat`` and
``Retry-After`` dates, and the stand-in's token checks and rate window (``standin_config(clock=vt.now)``).
Sleeping advances it instead of waiting, so the tests never sleep and never assert on wall-clock time.

The root conftest imports this module for ``FakeClock``; ``heymarket`` is imported only when a ``Timing`` or
a client is made, so that the spec, auth and stand-in tests do not depend on the runtime package.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY

if TYPE_CHECKING:
    from heymarket import HeymarketClient, Timing

# 1_700_000_000 is 2023-11-14T22:13:20Z: in the past, so PyJWT's iat check passes.
T0 = 1_700_000_000.0


class FakeClock:
    """Thread-safe settable clock; with ``tick`` every call advances it by that much."""

    def __init__(self, start: float = T0, tick: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._now = start
        self._tick = tick
        self.calls = 0

    def __call__(self) -> float:
        with self._lock:
            now = self._now
            self._now += self._tick
            self.calls += 1
            return now

    def set(self, now: float) -> None:
        with self._lock:
            self._now = now


class VirtualTime:
    def __init__(self, start: float = T0) -> None:
        self._lock = threading.Lock()
        self._now = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)  # still a suspension point, as a real sleep is

    def timing(self, jitter: Any = None) -> Timing:
        """A Timing on this clock; the default jitter draws the top of the range (deterministic)."""
        from heymarket import Timing

        return Timing(
            monotonic=self.now,
            wall_clock=self.now,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            jitter=jitter if jitter is not None else (lambda upper: upper),
        )


def runtime_client(base_url: str, vt: VirtualTime, **kwargs: Any) -> HeymarketClient:
    """A create_client client on virtual time; JWT credentials unless api_key is given."""
    from heymarket import RateLimit, create_client

    if "api_key" not in kwargs and "secret_id" not in kwargs:
        kwargs.update(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY)
    kwargs.setdefault("rate_limit", RateLimit())
    return create_client(base_url=base_url, timing=vt.timing(kwargs.pop("jitter", None)), **kwargs)
