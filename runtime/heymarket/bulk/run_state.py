"""What the roles of a run share while it goes: the items in flight and the counters, stop and fatal flags."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from .calls import Answer
from .report import INTERRUPTED, NOT_SENT, ItemOutcome, Outcome
from .run_config import RunConfig


@dataclass(slots=True)
class Pending:
    """A valid item on its way: its finished request body and what the journal knows of it."""

    index: int
    line: int | None
    phone: str
    body: dict[str, Any]
    """The JSON body (``ContactRequest`` field names); the sender builds the model only when it sends."""
    row_hash: str
    sends: int = 0
    maybe_applied: bool = False


@dataclass
class RunState:
    """State shared by the sending threads, under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    """Set on Ctrl-C: backoff waits end and no new attempt starts."""
    fatal: str | None = None
    """Why the run stopped sending (401/403/404), once it did."""
    requests: int = 0
    lookups: int = 0
    http_attempts: int = 0
    retries: dict[str, int] = field(default_factory=dict)
    splits: int = 0

    def count(self, answer: Answer, *, lookup: bool = False) -> None:
        with self.lock:
            if lookup:
                self.lookups += 1
            else:
                self.requests += 1
            self.http_attempts += answer.attempts

    def split(self) -> None:
        with self.lock:
            self.splits += 1

    def set_fatal(self, answer: Answer) -> None:
        with self.lock:
            if self.fatal is None:
                self.fatal = f"HTTP {answer.status}: {answer.message}"

    def wait_to_retry(self, config: RunConfig, attempt: int, started: float, answer: Answer, cause: str) -> bool:
        """Wait before attempt ``attempt + 1`` if the policy allows one (``RetryPolicy.next_delay``)."""
        elapsed = config.timing.monotonic() - started
        delay = config.retry.next_delay(
            attempt, answer.retry_after, config.timing, remaining=config.retry.total_timeout - elapsed
        )
        if delay is None:
            return False
        with self.lock:
            self.retries[cause] = self.retries.get(cause, 0) + 1
        # Event.wait, not sleep: Ctrl-C ends the wait at once.
        self.stop.wait(delay)
        return True

    def stopped(self, items: list[Pending]) -> list[ItemOutcome] | None:
        """Outcomes for a chunk that must not be sent (Ctrl-C or a fatal answer), else None."""
        if self.stop.is_set():
            return [unsent(i, INTERRUPTED, "not sent: the run was interrupted") for i in items]
        fatal = self.fatal
        if fatal is not None:
            return [unsent(i, NOT_SENT, f"not sent: the run stopped after {fatal}") for i in items]
        return None


def unsent(item: Pending, reason: str, detail: str) -> ItemOutcome:
    # Not journaled: with no outcome recorded, the next run of the journal sends the item.
    return ItemOutcome(
        index=item.index,
        line=item.line,
        phone=item.phone,
        outcome=Outcome.FAILED,
        reason=reason,
        detail=detail,
        attempts=item.sends,
    )


def outcome_of(
    item: Pending, answer: Answer, outcome: Outcome, reason: str, detail: str, contact_id: int | None = None
) -> ItemOutcome:
    """An item's outcome as ``answer`` decided it."""
    return ItemOutcome(
        index=item.index,
        line=item.line,
        phone=item.phone,
        outcome=outcome,
        reason=reason,
        detail=detail,
        contact_id=contact_id,
        status=answer.status,
        request_id=answer.request_id,
        attempts=item.sends,
    )
