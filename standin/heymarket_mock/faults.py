"""Seeded fault injection: the same seed and the same request sequence give the same faults."""

from __future__ import annotations

import random
import threading

from heymarket_mock.config import RuntimeSettings


class FaultInjector:
    def __init__(self, seed: int) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._rng = random.Random(seed)

    def draw(self, settings: RuntimeSettings) -> int | None:
        """The status to inject for this request (429, 500 or 503), or None.

        One draw per request whatever the rates, so request N of a run meets the same draw every time.
        """
        with self._lock:
            roll = self._rng.random()
        threshold = 0.0
        for status, rate in ((429, settings.fault_429), (500, settings.fault_500), (503, settings.fault_503)):
            threshold += rate
            if roll < threshold:
                return status
        return None
