"""Helpers for the runtime tests: virtual time shared by the client and the stand-in, and clients.

``VirtualTime`` is one clock for everything: the client's retry deadlines, rate limiter, JWT
``iat`` and ``Retry-After`` dates, and the stand-in's token checks and rate window. Sleeping
advances it instead of waiting, so the tests never sleep and never assert on wall-clock time.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from support import FAKE_SECRET_ID, FAKE_SECRET_KEY, T0

from heymarket import HeymarketClient, RateLimit, Timing, create_client


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
        return Timing(
            monotonic=self.now,
            wall_clock=self.now,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            jitter=jitter if jitter is not None else (lambda upper: upper),
        )


def runtime_client(base_url: str, vt: VirtualTime, **kwargs: Any) -> HeymarketClient:
    """A create_client client on virtual time; JWT credentials unless api_key is given."""
    if "api_key" not in kwargs and "secret_id" not in kwargs:
        kwargs.update(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY)
    kwargs.setdefault("rate_limit", RateLimit())
    return create_client(base_url=base_url, timing=vt.timing(kwargs.pop("jitter", None)), **kwargs)


def test_virtual_time_sleep_advances_and_records() -> None:
    vt = VirtualTime(start=100.0)
    vt.sleep(2.5)
    asyncio.run(vt.async_sleep(1.0))
    assert vt.now() == 103.5
    assert vt.sleeps == [2.5, 1.0]
