"""Counts of the API requests the stand-in answered, per operationId and status (for test assertions)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

UNMATCHED = "(unmatched)"
"""The operationId under which requests for no operation of the spec are counted."""


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, Counter[int]] = {}

    def record(self, operation_id: str, status: int) -> None:
        with self._lock:
            self._counts.setdefault(operation_id, Counter())[status] += 1

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            by_operation = {
                op: {str(status): n for status, n in sorted(counts.items())}
                for op, counts in sorted(self._counts.items())
            }
            by_status: Counter[int] = Counter()
            for counts in self._counts.values():
                by_status.update(counts)
        return {
            "total": sum(by_status.values()),
            "by_status": {str(status): n for status, n in sorted(by_status.items())},
            "by_operation": by_operation,
        }
