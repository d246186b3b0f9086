"""``bulk_create_contacts``: stream contacts into ``batchCreateContacts`` chunks, one outcome per item.

How a run goes:

1. The calling thread reads the input one item at a time, validates and normalises it
   (``validation.py``); an invalid item, or a phone already seen earlier in the input, is *rejected*
   and never sent. Phones repeated in the input: the first occurrence is sent, every later one is
   rejected with ``duplicate_in_input`` naming the first one's line (a later row may carry other data,
   so it is an error to look at, not a silent skip).
2. Valid items are grouped in chunks of ``batch_size`` and sent by a pool of ``concurrency`` threads.
   The pacing comes from the client: ``create_client``'s rate limiter is shared by every thread (and
   every client of the process with the same credential), so no second limiter is added here.
3. Outcomes are handed to ``on_outcome`` and stored in the report *in input order*. The input is read
   ahead only while fewer than ``window`` items wait for their outcome, so memory stays bounded
   whatever the input size (plus one small entry per distinct phone for the duplicate check, and the
   journal's index of one small record per item sent).

Retries of a chunk: one layer only. Chunks go through ``client.with_options(retries=0)``, so the client
sends each one once, and this loop re-sends it under a ``RetryPolicy`` (the runtime's own class, with
its backoff, ``Retry-After`` handling and ``total_timeout``): a chunk reaches the server at most
``max_retries + 1`` times, and the attempts the report shows are the requests the server received.
Batch create dedupes by phone on the server, so sending a chunk again can never duplicate a contact. A
chunk is sent again, with exponential backoff and full jitter, ``Retry-After`` as a floor, on 429, 503 and
failures where nothing was sent; also after an *ambiguous* failure (500 and other 5xx, a timeout or a
connection dropped after sending), where the first attempt may have been applied: the items are then
marked, and one that the re-send finds existing is reported with the reason
``exists_after_ambiguous_attempt`` rather than a plain ``exists``. A 400/413/422 answer for a chunk of
several items splits it in halves until the refused items are singled out, so one bad item does not
fail its neighbours. 401, 403 and 404 stop the run: the remaining items are reported ``failed`` with
``not_sent`` (a journal lets a later run send them).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from heymarket import HeymarketClient, RetryPolicy, Timing
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import batch_create_contacts
from heymarket_client.api.contacts_v2 import search_contacts_v2
from heymarket_client.models import ChannelSearch, ContactRequest, SearchContactsV2Request

from .calls import Answer, call
from .journal import Journal, JournalError
from .report import (
    DUPLICATE_IN_INPUT,
    EXISTS,
    EXISTS_AFTER_AMBIGUOUS,
    INTERRUPTED,
    NEW,
    NOT_CREATED,
    NOT_SENT,
    BulkProgress,
    BulkReport,
    ItemOutcome,
    Outcome,
)
from .validation import NormalizeOptions, Rejection, normalize_contact

DEFAULT_BATCH_SIZE = 100
"""Items per ``batchCreateContacts`` request. The vendor documents no maximum, so the default is
conservative: 100 contacts make a body of about 20-50 KB, far below any gateway's body limit, and at
the vendor's 500 requests a minute still allow 50,000 contacts a minute. A chunk that fails costs at
most 100 re-sends, and a 413 answer halves it anyway."""
DEFAULT_CONCURRENCY = 4
"""Chunks in flight at once: enough to hide latency; the client's rate limiter sets the pace."""
MAX_CONCURRENCY = 32


# A long import facing 429s should wait its turn rather than fail rows: more and longer retries than
# the client's default policy for one call.
DEFAULT_RETRY_POLICY = RetryPolicy(
    max_retries=7, initial_delay=0.5, max_delay=30.0, retry_after_cap=120.0, total_timeout=600.0
)


@dataclass(frozen=True, slots=True)
class BulkItem:
    """An input contact with where it came from. Plain mappings and ``ContactRequest`` work too."""

    contact: Mapping[str, Any]
    line: int | None = None
    """Line number in the source file, shown in outcomes and reports."""
    rejection: Rejection | None = None
    """Set by a reader that already knows the item is unusable (for example a malformed CSV row)."""


ContactInput: TypeAlias = Mapping[str, Any] | ContactRequest | BulkItem


@dataclass(slots=True)
class _Pending:
    index: int
    line: int | None
    phone: str
    payload: dict[str, Any]
    row_hash: str
    sends: int = 0
    maybe_applied: bool = False


@dataclass
class _Shared:
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

    def retried(self, cause: str) -> None:
        with self.lock:
            self.retries[cause] = self.retries.get(cause, 0) + 1

    def split(self) -> None:
        with self.lock:
            self.splits += 1

    def set_fatal(self, reason: str) -> None:
        with self.lock:
            if self.fatal is None:
                self.fatal = reason


# Verdicts on one answer.
_OK, _RETRY, _SPLIT, _FAIL, _FATAL = "ok", "retry", "split", "fail", "fatal"


def _verdict(answer: Answer) -> tuple[str, bool, str]:
    """(what to do, whether the attempt may have been applied, cause code)."""
    status = answer.status
    if status is None:
        cause = "timeout" if answer.timed_out else "connection_error"
        if answer.error and answer.error.startswith("unreadable answer"):
            cause = "unexpected_response"
        return _RETRY, not answer.never_sent, cause
    cause = f"http_{status}"
    if 200 <= status < 300:
        return _OK, False, cause
    if status in (429, 503):  # refused before processing (the stand-in injects them before any change)
        return _RETRY, False, cause
    if status >= 500 or status == 408:
        return _RETRY, True, cause
    if status == 413:
        return _SPLIT, False, cause
    if status in (400, 422):
        # Refused, but a server might have applied part of the batch before finding the bad item.
        return _SPLIT, True, cause
    if status in (401, 403, 404):
        return _FATAL, False, cause
    return _FAIL, False, cause


class _Sender:
    """Sends one chunk (retrying, splitting) and turns the answer into outcomes. Runs in pool threads."""

    def __init__(
        self,
        client: AuthenticatedClient,
        *,
        overwrite: bool,
        retry: RetryPolicy,
        timing: Timing,
        journal: Journal | None,
        shared: _Shared,
        dry_run: bool,
    ) -> None:
        self.client = client
        self.overwrite = overwrite
        self.retry = retry
        self.timing = timing
        self.journal = journal
        self.shared = shared
        self.dry_run = dry_run

    def run(self, items: list[_Pending]) -> list[ItemOutcome]:
        return self._lookup(items) if self.dry_run else self._send(items)

    # ------------------------------------------------------------------ real run

    def _send(self, items: list[_Pending]) -> list[ItemOutcome]:
        chunk = self.journal.next_chunk_id() if self.journal is not None else ""
        body = [ContactRequest.from_dict(item.payload) for item in items]
        attempt = 0
        started = self.timing.monotonic()
        while True:
            attempt += 1
            stopped = self._stopped(items)
            if stopped is not None:
                return stopped
            existed: dict[str, dict[str, Any]] | None = None
            if self.overwrite:
                # The answer does not tell an overwrite from a create, so look first (before every
                # attempt: an earlier attempt of unknown effect may have created some of them).
                existed, lookup = self._existing(items)
                if existed is None:
                    return self._stopped(items) or [
                        self._unsent(i, NOT_SENT, f"not sent: looking up which phones exist failed: {lookup.message}")
                        for i in items
                    ]
            if self.journal is not None:
                self.journal.record_send(
                    chunk, attempt, [(i.index, i.row_hash) for i in items], overwrite=self.overwrite
                )
            for item in items:
                item.sends += 1
            answer = call(
                lambda: batch_create_contacts.sync_detailed(client=self.client, body=body, overwrite=self.overwrite)
            )
            self.shared.count(answer)
            verdict, ambiguous, cause = _verdict(answer)
            if verdict == _OK:
                outcomes = self._read_answer(items, answer, existed)
                if outcomes is not None:
                    self._journal_done(chunk, items, outcomes)
                    return outcomes
                verdict, ambiguous, cause = _RETRY, True, "unexpected_response"
            if ambiguous:
                for item in items:
                    item.maybe_applied = True
            if verdict == _SPLIT and len(items) > 1:
                self.shared.split()
                half = len(items) // 2
                return self._send(items[:half]) + self._send(items[half:])
            if verdict == _RETRY and self._wait_to_retry(attempt, started, answer, cause):
                continue
            if verdict == _FATAL:
                self.shared.set_fatal(f"HTTP {answer.status}: {answer.message}")
            outcomes = [self._failed(item, answer, cause, attempt) for item in items]
            self._journal_done(chunk, items, outcomes)
            return outcomes

    def _wait_to_retry(self, attempt: int, started: float, answer: Answer, cause: str) -> bool:
        """Wait before attempt ``attempt + 1`` if the policy allows one; False when it does not."""
        if attempt > self.retry.max_retries:
            return False
        delay = self.retry.delay(attempt, answer.retry_after, self.timing)
        if self.timing.monotonic() - started + delay > self.retry.total_timeout:
            return False
        self.shared.retried(cause)
        # Event.wait, not sleep: Ctrl-C ends the wait at once.
        self.shared.stop.wait(delay)
        return True

    def _stopped(self, items: list[_Pending]) -> list[ItemOutcome] | None:
        """Outcomes for a chunk that must not be sent (Ctrl-C or a fatal answer), else None."""
        if self.shared.stop.is_set():
            return [self._unsent(i, INTERRUPTED, "not sent: the run was interrupted") for i in items]
        fatal = self.shared.fatal
        if fatal is not None:
            return [self._unsent(i, NOT_SENT, f"not sent: the run stopped after {fatal}") for i in items]
        return None

    @staticmethod
    def _unsent(item: _Pending, reason: str, detail: str) -> ItemOutcome:
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

    def _read_answer(
        self, items: list[_Pending], answer: Answer, existed: dict[str, dict[str, Any]] | None
    ) -> list[ItemOutcome] | None:
        """Outcomes from a 200 answer, or None if it cannot be read.

        The vendor's answer is ``"ok"`` or the contacts that failed: neither created nor overwritten.
        What it does not say is told apart by a read-only look-up, never by what a server puts in
        the listed entries: with ``overwrite``, ``existed`` (looked up before sending) splits the
        unlisted items into overwritten and created; without it, the unlisted items were created and
        the listed ones are looked up after, to split them into skipped (the phone exists) and failed.
        """
        body = answer.body
        if body == "ok":
            listed: dict[str, dict[str, Any]] = {}
        elif isinstance(body, list) and all(isinstance(c, dict) for c in body):
            listed = {_digits(c.get("phone")): c for c in body}
        else:
            return None
        unmatched = set(listed) - {item.phone for item in items}
        if unmatched:
            # The answer names contacts whose phone matches no item: it cannot be read reliably, so
            # no item is claimed as created.
            detail = f"the answer listed {len(unmatched)} contact(s) matching no item of the chunk"
            for item in items:
                item.maybe_applied = True
            return [self._outcome(item, answer, Outcome.FAILED, "unexpected_response", detail) for item in items]
        lookup_error = ""
        if existed is None:
            not_created = [item for item in items if item.phone in listed]
            existed = {}
            if not_created:
                found, lookup = self._existing(not_created)
                if found is None:
                    lookup_error = lookup.message
                else:
                    existed = found
        outcomes: list[ItemOutcome] = []
        for item in items:
            contact = existed.get(item.phone)
            contact_id = contact.get("id") if contact is not None and isinstance(contact.get("id"), int) else None
            if item.phone in listed and (self.overwrite or contact is None):
                if lookup_error:
                    detail = f"not created (an existing contact, or refused); looking up which failed: {lookup_error}"
                else:
                    detail = "the server listed it as " + (
                        "neither created nor overwritten" if self.overwrite else "not created"
                    )
                outcomes.append(self._outcome(item, answer, Outcome.FAILED, NOT_CREATED, detail))
            elif contact is None:
                outcomes.append(self._outcome(item, answer, Outcome.CREATED, NEW, ""))
            else:
                result = Outcome.OVERWRITTEN if self.overwrite else Outcome.SKIPPED
                if item.maybe_applied:
                    detail = (
                        f"the phone existed (contact {contact_id}, created {contact.get('created', '?')}) when the "
                        "item was sent again after an attempt of unknown effect, which may itself have created it"
                    )
                    outcomes.append(self._outcome(item, answer, result, EXISTS_AFTER_AMBIGUOUS, detail, contact_id))
                else:
                    detail = f"a contact with this phone exists (contact {contact_id})"
                    outcomes.append(self._outcome(item, answer, result, EXISTS, detail, contact_id))
        return outcomes

    def _outcome(
        self,
        item: _Pending,
        answer: Answer,
        outcome: Outcome,
        reason: str,
        detail: str,
        contact_id: int | None = None,
    ) -> ItemOutcome:
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

    def _failed(self, item: _Pending, answer: Answer, cause: str, attempt: int) -> ItemOutcome:
        detail = answer.message
        if attempt > 1:
            detail += f" (after {attempt} attempts)"
        if item.maybe_applied:
            detail += "; an attempt had an unknown effect, so the contact may have been created"
        return self._outcome(item, answer, Outcome.FAILED, cause, detail)

    def _journal_done(self, chunk: str, items: list[_Pending], outcomes: list[ItemOutcome]) -> None:
        if self.journal is not None:
            self.journal.record_outcomes(
                chunk, [(o, i.row_hash, i.maybe_applied) for o, i in zip(outcomes, items, strict=True)]
            )

    # ------------------------------------------------------------------ dry run

    def _existing(self, items: list[_Pending]) -> tuple[dict[str, dict[str, Any]] | None, Answer]:
        """The contacts that have the items' phones, by phone, from the read-only searchContactsV2,
        retried under the policy; None (and the last answer) when the look-up failed or the run stopped."""
        body = SearchContactsV2Request(
            contact_channels=[ChannelSearch(channel_type="phone", channel_ids=[i.phone for i in items])]
        )
        attempt = 0
        started = self.timing.monotonic()
        while True:
            attempt += 1
            answer = call(lambda: search_contacts_v2.sync_detailed(client=self.client, body=body))
            # A dry run's requests are its look-ups; a real run's are its batches.
            self.shared.count(answer, lookup=not self.dry_run)
            verdict, _ambiguous, cause = _verdict(answer)
            if verdict == _OK and isinstance(answer.body, list):
                return {_digits(c.get("phone")): c for c in answer.body if isinstance(c, dict)}, answer
            # A search is a read: any failure but a refusal can be retried.
            if (
                verdict in (_RETRY, _OK)
                and self._stopped(items) is None
                and self._wait_to_retry(attempt, started, answer, cause)
            ):
                continue
            if verdict == _FATAL:
                self.shared.set_fatal(f"HTTP {answer.status}: {answer.message}")
            return None, answer

    def _lookup(self, items: list[_Pending]) -> list[ItemOutcome]:
        """Dry run: a read-only searchContactsV2 tells which phones exist; nothing is written."""
        stopped = self._stopped(items)
        if stopped is not None:
            return stopped
        existing, answer = self._existing(items)
        if existing is None:
            stopped = self._stopped(items)
            if stopped is not None and self.shared.stop.is_set():
                return stopped
            cause = _verdict(answer)[2]
            return [self._outcome(i, answer, Outcome.FAILED, cause, f"lookup failed: {answer.message}") for i in items]
        return [self._predict(item, answer, existing.get(item.phone)) for item in items]

    def _predict(self, item: _Pending, answer: Answer, contact: dict[str, Any] | None) -> ItemOutcome:
        if contact is None:
            return self._outcome(item, answer, Outcome.WOULD_CREATE, NEW, "dry run: no contact has this phone")
        result = Outcome.WOULD_OVERWRITE if self.overwrite else Outcome.WOULD_SKIP
        contact_id = contact.get("id") if isinstance(contact.get("id"), int) else None
        return self._outcome(item, answer, result, EXISTS, f"dry run: contact {contact_id} has this phone", contact_id)


class _InOrder:
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


def bulk_create_contacts(
    client: AuthenticatedClient,
    contacts: Iterable[ContactInput],
    *,
    overwrite: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    concurrency: int = DEFAULT_CONCURRENCY,
    journal: str | os.PathLike[str] | None = None,
    default_region: str | None = None,
    field_ids: Mapping[str, int | str] | None = None,
    dry_run: bool = False,
    retry: RetryPolicy | None = None,
    input_fingerprint: str | None = None,
    on_outcome: Callable[[ItemOutcome], None] | None = None,
    on_progress: Callable[[BulkProgress], None] | None = None,
    keep_outcomes: bool = True,
) -> BulkReport:
    """Create the contacts of ``contacts`` with ``batchCreateContacts`` and report one outcome per item.

    ``contacts`` is any iterable (read once, lazily) of mappings with ``ContactRequest`` field names,
    ``ContactRequest`` objects, or :class:`BulkItem` (a mapping plus its source line). Items are
    validated and normalised first (``default_region`` for phones without a country code,
    ``field_ids`` to map custom field titles to ids; see ``heymarket.bulk.fields``); invalid ones
    are *rejected* and never sent.

    ``overwrite`` is the batch's query flag: existing phones are skipped (False) or overwritten (True).
    ``batch_size`` items go in each request, ``concurrency`` requests at once, paced by the client's
    rate limiter. ``retry`` is the policy for re-sending a chunk (default ``DEFAULT_RETRY_POLICY``, more
    patient than a single call's); it replaces the client's own retries, which are turned off for
    the import, so each attempt is one request.

    ``journal``: path of a journal file. With it, a run stopped at any point (Ctrl-C, kill, crash) and
    started again with the same journal and the same input sends no item twice that had an outcome and
    loses none; items of a chunk in flight at the stop are sent again (safe: the server dedupes by
    phone). ``input_fingerprint`` (for example the input file's SHA-256) is stored in it so that a
    resume over other input is refused; the items are also checked one by one (:class:`JournalError`).

    ``dry_run``: validate, and look the phones up with the read-only ``searchContactsV2`` to report
    ``would_create`` / ``would_skip`` / ``would_overwrite``; no write is sent. No journal.

    Outcomes go to ``on_outcome`` in input order as they are known, and into the report's
    ``outcomes`` unless ``keep_outcomes=False`` (constant memory for very large inputs).
    ``on_progress`` gets running totals. Both are called in the calling thread.

    Ctrl-C (``KeyboardInterrupt``) stops sending, waits for the requests in flight, records them in
    the journal and re-raises.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be an int from 1 to {MAX_CONCURRENCY}, got {concurrency!r}")
    for name, flag in (("overwrite", overwrite), ("dry_run", dry_run), ("keep_outcomes", keep_outcomes)):
        if not isinstance(flag, bool):
            raise ValueError(f"{name} must be True or False, not {type(flag).__name__}")
    if dry_run and journal is not None:
        raise ValueError("a dry run sends no write, so it takes no journal")
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise ValueError(f"retry must be a RetryPolicy, not {type(retry).__name__}")
    options = NormalizeOptions(default_region=default_region, field_ids=dict(field_ids or {}))
    timing = Timing()
    if isinstance(client, HeymarketClient):
        # One retry layer: the loop in _Sender is it, so the client sends each attempt once.
        timing = client.runtime.timing
        client = client.with_options(retries=0)
    # Built once here: the sending threads would each build one on first use.
    client.get_httpx_client()
    run = _Run(
        client,
        overwrite=overwrite,
        batch_size=batch_size,
        concurrency=concurrency,
        options=options,
        dry_run=dry_run,
        retry=retry or DEFAULT_RETRY_POLICY,
        timing=timing,
        on_outcome=on_outcome,
        on_progress=on_progress,
        keep_outcomes=keep_outcomes,
    )
    if journal is None:
        return run.execute(contacts, None)
    settings = {
        "overwrite": bool(overwrite),
        "default_region": options.default_region,
        "field_ids": sorted(options.folded_ids.items()),
        "input": input_fingerprint,
    }
    with Journal(journal) as opened:
        opened.open(settings)
        return run.execute(contacts, opened)


class _Run:
    def __init__(
        self,
        client: AuthenticatedClient,
        *,
        overwrite: bool,
        batch_size: int,
        concurrency: int,
        options: NormalizeOptions,
        dry_run: bool,
        retry: RetryPolicy,
        timing: Timing,
        on_outcome: Callable[[ItemOutcome], None] | None,
        on_progress: Callable[[BulkProgress], None] | None,
        keep_outcomes: bool,
    ) -> None:
        self.client = client
        self.overwrite = overwrite
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.options = options
        self.dry_run = dry_run
        self.retry = retry
        self.timing = timing
        self.on_progress = on_progress
        self.report = BulkReport(dry_run=dry_run)
        self.in_order = _InOrder(self.report, keep_outcomes, on_outcome)
        self.shared = _Shared()
        # Read-ahead bound: items whose outcome is not handed over yet.
        self.window = batch_size * (2 * concurrency + 2)
        self._in_flight: dict[Future[list[ItemOutcome]], list[_Pending]] = {}
        self._last_progress = 0.0
        self._executor: ThreadPoolExecutor | None = None
        self._sender: _Sender | None = None

    def execute(self, contacts: Iterable[ContactInput], journal: Journal | None) -> BulkReport:
        started = time.monotonic()
        sender = _Sender(
            self.client,
            overwrite=self.overwrite,
            retry=self.retry,
            timing=self.timing,
            journal=journal,
            shared=self.shared,
            dry_run=self.dry_run,
        )
        first_line: dict[str, int] = {}  # phone -> line (or position) of its first occurrence
        pending: list[_Pending] = []
        executor = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="heymarket-bulk")
        self._executor = executor
        self._sender = sender
        try:
            for index, raw in enumerate(contacts):
                item = self._prepare(index, raw, journal, first_line)
                if item is not None:
                    pending.append(item)
                    if len(pending) >= self.batch_size:
                        self._submit(pending)
                        pending = []
                self._collect(block=False)
                while index + 1 - self.in_order.next > self.window:
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
            self.shared.stop.set()
            executor.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            executor.shutdown(wait=True)
        self.report.requests = self.shared.requests
        self.report.lookups = self.shared.lookups
        self.report.http_attempts = self.shared.http_attempts
        self.report.retries.update(self.shared.retries)
        self.report.splits = self.shared.splits
        self.report.aborted = self.shared.fatal
        self.report.duration = time.monotonic() - started
        self._progress(force=True)
        return self.report

    def _prepare(
        self, index: int, raw: ContactInput, journal: Journal | None, first_line: dict[str, int]
    ) -> _Pending | None:
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
            raise TypeError(f"item {index}: expected a mapping, ContactRequest or BulkItem, not {type(raw).__name__}")
        row_hash = _row_hash(contact)
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
            payload = normalize_contact(contact, self.options)
        except Rejection as refused:
            self._reject(index, line, _raw_phone(contact), refused.code, refused.message)
            return None
        phone: str = payload["phone"]
        first = first_line.setdefault(phone, where)
        if first != where:
            label = "line" if line is not None else "item"
            self._reject(index, line, phone, DUPLICATE_IN_INPUT, f"same phone as {label} {first}; not sent")
            return None
        if entry is not None and entry.final is not None:
            self.in_order.put(_with(entry.final, line=line, phone=phone))
            return None
        fatal = self.shared.fatal
        pending = _Pending(index, line, phone, payload, row_hash)
        if entry is not None:
            pending.sends = entry.sends
            pending.maybe_applied = entry.maybe_applied
        if fatal is not None:
            self.in_order.put(_Sender._unsent(pending, NOT_SENT, f"not sent: the run stopped after {fatal}"))
            return None
        return pending

    def _reject(self, index: int, line: int | None, phone: str | None, code: str, message: str) -> None:
        self.in_order.put(
            ItemOutcome(index=index, line=line, phone=phone, outcome=Outcome.REJECTED, reason=code, detail=message)
        )

    def _submit(self, items: list[_Pending]) -> None:
        while len(self._in_flight) >= self.concurrency:
            self._collect(block=True)
        assert self._executor is not None and self._sender is not None
        future = self._executor.submit(self._sender.run, items)
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
        now = time.monotonic()
        if not force and now - self._last_progress < 0.1:
            return
        self._last_progress = now
        self.on_progress(
            BulkProgress(done=self.report.total, counts=self.report.counts.copy(), requests=self.shared.requests)
        )


def _with(outcome: ItemOutcome, *, line: int | None, phone: str) -> ItemOutcome:
    return ItemOutcome(
        index=outcome.index,
        outcome=outcome.outcome,
        reason=outcome.reason,
        detail=outcome.detail,
        line=line,
        phone=phone,
        contact_id=outcome.contact_id,
        status=outcome.status,
        request_id=outcome.request_id,
        attempts=outcome.attempts,
        from_journal=True,
    )


def _row_hash(contact: Mapping[str, Any]) -> str:
    text = json.dumps(contact, sort_keys=True, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _raw_phone(contact: Mapping[str, Any]) -> str | None:
    value = contact.get("phone")
    return None if value is None else str(value).strip()[:40] or None


def _digits(value: object) -> str:
    return "".join(c for c in str(value) if c.isdigit()) if value is not None else ""
