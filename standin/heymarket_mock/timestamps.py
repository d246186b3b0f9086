"""Record timestamps: RFC 3339 strings with microseconds that grow strictly with every write.

List paging by `date` cursor keeps items strictly older (or newer) than the cursor, so two records sharing
one `updated` value could be skipped at a page boundary. Each write therefore takes a fresh stamp, at least
one microsecond after the previous one even when the clock stands still or goes back.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from heymarket_mock.config import Clock

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def format_micros(micros: int) -> str:
    return (_EPOCH + timedelta(microseconds=micros)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_cursor(value: str) -> int:
    """Microseconds since the epoch of an RFC 3339 / ISO 8601 time; a time without offset is taken as UTC.

    Raises ValueError when the text is not such a time.
    """
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    delta = parsed - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class StampSource:
    """Hands out strictly increasing (microseconds, RFC 3339 text) pairs taken from the clock."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last = 0

    def next(self) -> tuple[int, str]:
        with self._lock:
            now = int(self._clock() * 1_000_000)
            self._last = max(now, self._last + 1)
            return self._last, format_micros(self._last)
