"""The scheduler: reads the input in the calling thread, prepares each item (validation, duplicates, the
journal's record of it), groups valid items in chunks for the sender's pool, and hands outcomes over in
input order, reading ahead only a bounded window.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, TypeAlias

from heymarket import HeymarketError
from heymarket_client import AuthenticatedClient
from heymarket_client.models import ContactRequest

from .items import BulkItem
from .journal import Journal, JournalError
from .lookups import account_tag_ids
from .report import DUPLICATE_IN_INPUT, NOT_SENT, BulkProgress, BulkReport, ItemOutcome, Outcome
from .run_config import RunConfig
from .run_state import Pending, RunState, unsent
from .sender import Sender
from .validation import Rejection, normalize_contact

ContactInput: TypeAlias = Mapping[str, Any] | ContactRequest | BulkItem


class InputTypeError(HeymarketError, TypeError):
    """An input item is not a mapping, a ``ContactRequest`` or a ``BulkItem``."""


class InOrder:
    """Hands outcomes over in input order; holds the ones that arrive early."""

    def __init__(self, report: BulkReport, keep: bool, on_outcome: Callable[[ItemOutcome], None] | None) -> None:
        self.report = report
        self.keep = keep
        self.on_outcome = on_outcome
        self.next = 0
        self._early: dict[int, ItemOutcome] = {}

    def put(self, outcome: ItemOutcome) -> None:
        self._early[outcome.index] = outcome
        while self.next in self._early:
            ready = self._early.pop(self.next)
            self.report.add(ready, keep=self.keep)
            if self.on_outcome is not None:
                self.on_outcome(ready)
            self.next += 1


class Scheduler:
    """One run: the calling thread reads and prepares, a pool of ``concurrency`` threads sends."""

    def __init__(
        self,
        sender: Sender,
        *,
        tag_client: AuthenticatedClient,
        on_outcome: Callable[[ItemOutcome], None] | None,
        on_progress: Callable[[BulkProgress], None] | None,
    ) -> None:
        self.sender = sender
        self.config: RunConfig = sender.config
        self.state: RunState = sender.state
        self.journal: Journal | None = sender.journal
        self.tag_client = tag_client
        self.on_progress = on_progress
        self.report = BulkReport(dry_run=self.config.dry_run)
        self.in_order = InOrder(self.report, self.config.keep_outcomes, on_outcome)
        self._in_flight: dict[Future[list[ItemOutcome]], list[Pending]] = {}
        self._last_progress = 0.0
        self._tags: set[int] | None = None
        self._tags_looked_up = False
        self._executor: ThreadPoolExecutor | None = None

    def execute(self, contacts: Iterable[ContactInput]) -> BulkReport:
        clock = self.config.timing.monotonic
        started = clock()
        batch_size = self.config.batch_size
        first_line: dict[str, int] = {}  # phone -> line (or position) of its first occurrence
        pending: list[Pending] = []
        executor = ThreadPoolExecutor(max_workers=self.config.concurrency, thread_name_prefix="heymarket-bulk")
        self._executor = executor
        try:
            for index, raw in enumerate(contacts):
                item = self._prepare(index, raw, first_line)
                if item is not None:
                    pending.append(item)
                    if len(pending) >= batch_size:
                        self._submit(pending)
                        pending = []
                self._collect(block=False)
                while index + 1 - self.in_order.next > self.config.window:
                    if self._in_flight:
                        self._collect(block=True)
                    elif pending:
                        self._submit(pending)
                        pending = []
                    else:  # pragma: no cover - every waiting item is pending or in flight
                        break
                self._progress()
            if pending:
                self._submit(pending)
            while self._in_flight:
                self._collect(block=True)
        except BaseException:
            # Ctrl-C or an error: no new attempt starts, waits end; requests in flight finish and are
            # journaled before the exception goes on.
            self.state.stop.set()
            executor.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            executor.shutdown(wait=True)
        report, state = self.report, self.state
        report.requests = state.requests
        report.lookups = state.lookups
        report.http_attempts = state.http_attempts
        report.retries.update(state.retries)
        report.splits = state.splits
        report.aborted = state.fatal
        report.duration = clock() - started
        self._progress(force=True)
        return report

    def _prepare(self, index: int, raw: ContactInput, first_line: dict[str, int]) -> Pending | None:
        """Validate one input item: None when its outcome is already known (rejected, or in the journal)."""
        line: int | None = None
        rejection: Rejection | None = None
        if isinstance(raw, BulkItem):
            line, rejection, contact = raw.line, raw.rejection, raw.contact
        elif isinstance(raw, ContactRequest):
            contact = raw.to_dict()
        elif isinstance(raw, Mapping):
            contact = raw
        else:
            raise InputTypeError(
                f"item {index}: expected a mapping, ContactRequest or BulkItem, not {type(raw).__name__}"
            )
        journal = self.journal
        # Only a journal needs the hash: a run without one (a dry run, say) does not compute it per row.
        row_hash = _row_hash(contact) if journal is not None else ""
        entry = journal.entry(index) if journal is not None else None
        if entry is not None and entry.row_hash != row_hash:
            raise JournalError(
                f"item {index} (line {line}) differs from the one this journal recorded: "
                "resume with the same input, or use a new journal"
            )
        where = line if line is not None else index + 1
        try:
            if rejection is not None:
                raise rejection
            payload = normalize_contact(contact, self.config.normalize)
        except Rejection as refused:
            self._reject(index, line, _raw_phone(contact), refused.code, refused.message)
            return None
        phone: str = payload["phone"]
        first = first_line.setdefault(phone, where)
        if first != where:
            label = "line" if line is not None else "item"
            self._reject(index, line, phone, DUPLICATE_IN_INPUT, f"same phone as {label} {first}; not sent")
            return None
        if "tags" in payload and self.config.check_tags:
            self._check_tags(payload["tags"])
        if entry is not None and entry.final is not None:
            self.in_order.put(_from_journal(entry.final, line=line, phone=phone))
            return None
        pending = Pending(index, line, phone, payload, row_hash)
        if entry is not None:
            pending.sends = entry.sends
            pending.maybe_applied = entry.maybe_applied
        fatal = self.state.fatal
        if fatal is not None:
            self.in_order.put(unsent(pending, NOT_SENT, f"not sent: the run stopped after {fatal}"))
            return None
        return pending

    def _check_tags(self, tags: list[dict[str, int]]) -> None:
        """Count the rows that carry tag ids the account does not have (its tags are looked up once)."""
        if not self._tags_looked_up:
            self._tags_looked_up = True
            self._tags, why = account_tag_ids(self.tag_client)
            if self._tags is None:
                self.report.tags_unchecked = why
        if self._tags is None:
            return
        for tag in tags:
            if tag["tag_id"] not in self._tags:
                self.report.unknown_tags[tag["tag_id"]] += 1

    def _reject(self, index: int, line: int | None, phone: str | None, code: str, message: str) -> None:
        self.in_order.put(
            ItemOutcome(index=index, line=line, phone=phone, outcome=Outcome.REJECTED, reason=code, detail=message)
        )

    def _submit(self, items: list[Pending]) -> None:
        while len(self._in_flight) >= self.config.concurrency:
            self._collect(block=True)
        assert self._executor is not None
        future = self._executor.submit(self.sender.run, items)
        self._in_flight[future] = items

    def _collect(self, *, block: bool) -> None:
        if not self._in_flight:
            return
        if block:
            done, _ = wait(list(self._in_flight), return_when=FIRST_COMPLETED)
        else:  # called once per input item: no waiter objects, just a look
            done = {future for future in self._in_flight if future.done()}
        for future in done:
            del self._in_flight[future]
            for outcome in future.result():
                self.in_order.put(outcome)
        if done:
            self._progress()

    def _progress(self, *, force: bool = False) -> None:
        if self.on_progress is None:
            return
        now = self.config.timing.monotonic()
        if not force and now - self._last_progress < 0.1:
            return
        self._last_progress = now
        self.on_progress(
            BulkProgress(done=self.report.total, counts=self.report.counts.copy(), requests=self.state.requests)
        )


def _from_journal(outcome: ItemOutcome, *, line: int | None, phone: str) -> ItemOutcome:
    return dataclasses.replace(outcome, line=line, phone=phone, from_journal=True)


def _row_hash(contact: Mapping[str, Any]) -> str:
    text = json.dumps(contact, sort_keys=True, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _raw_phone(contact: Mapping[str, Any]) -> str | None:
    value = contact.get("phone")
    return None if value is None else str(value).strip()[:40] or None
