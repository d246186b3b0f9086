"""Per-credential request budget over a sliding window (the vendor's 500 requests per minute)."""

from __future__ import annotations

import math
import threading
from collections import deque

from heymarket_mock.config import Clock


class SlidingWindowLimiter:
    def __init__(self, clock: Clock, window: float) -> None:
        self._clock = clock
        self._window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str, limit: int) -> int | None:
        """Count one request for `key`; None when it is within budget, else the seconds to wait (>= 1).

        A refused request is not counted, so a client that waits `Retry-After` seconds gets through.
        """
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self._window:
                hits.popleft()
            if len(hits) >= limit:
                # The budget frees up when the oldest hit still in the window leaves it.
                return max(1, math.ceil(hits[len(hits) - limit] + self._window - now))
            hits.append(now)
            return None

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
