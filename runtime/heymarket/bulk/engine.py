"""``bulk_create_contacts``: stream contacts into ``batchCreateContacts`` chunks, one outcome per item.

The run is split by role, over one frozen :class:`~heymarket.bulk.run_config.RunConfig`:

* ``scheduler.py`` (calling thread): reads the input one item at a time, validates and normalises it
  (``validation.py``); an invalid item, or a phone already seen earlier in the input, is *rejected*
  and never sent. Phones repeated in the input: the first occurrence is sent, every later one is
  rejected with ``duplicate_in_input`` naming the first one's line (a later row may carry other data,
  so it is an error to look at, not a silent skip). Valid items are grouped in chunks of
  ``batch_size`` for a pool of ``concurrency`` threads. Outcomes are handed to ``on_outcome`` and
  stored in the report *in input order*; the input is read ahead only while fewer than ``window``
  items wait for their outcome, so memory stays bounded whatever the input size (plus one small entry
  per distinct phone for the duplicate check, and the journal's index of one small record per item
  sent). The pacing comes from the client: ``create_client``'s rate limiter is shared by every thread
  (and every client of the process with the same credential), so no second limiter is added here.
* ``sender.py`` (pool threads): sends a chunk's finished bodies with ``client.contacts.batch_create``,
  re-sends and splits it as the answers say, and reads each item's outcome from the answer.
* ``lookups.py``: the read-only look-ups (``searchContactsV2``: which phones exist; a dry run's
  predictions) and the account's tag ids (``listTags``, once, when the first item with tags comes).
* ``calls.py``: one call's :class:`~heymarket.bulk.calls.Answer`, read from the runtime's typed errors,
  and its verdict.

Retries of a chunk: one layer only. Chunks go through ``client.with_options(retries=0)``, so the client
sends each one once, and the sender re-sends it under a ``RetryPolicy`` (the runtime's own class:
``RetryPolicy.next_delay`` is the one rule, with its backoff, ``Retry-After`` handling and
``total_timeout``): a chunk reaches the server at most ``max_retries + 1`` times, and the attempts the
report shows are the requests the server received. Batch create dedupes by phone on the server, so
sending a chunk again can never duplicate a contact. A chunk is sent again, with exponential backoff and
full jitter, ``Retry-After`` as a floor, on 429, 503 and failures where nothing was sent; also after an
*ambiguous* failure (500 and other 5xx, a timeout or a connection dropped after sending), where the first
attempt may have been applied: the items are then marked, and one that the re-send finds existing is
reported with the reason ``exists_after_ambiguous_attempt`` rather than a plain ``exists``. A
400/413/422 answer for a chunk of several items splits it in halves until the refused items are singled
out, so one bad item does not fail its neighbours. 401, 403 and 404 stop the run: the remaining items are
reported ``failed`` with ``not_sent`` (a journal lets a later run send them).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping

from heymarket import HeymarketClient, RetryPolicy, Timing
from heymarket_client import AuthenticatedClient

from .calls import ResponseTap
from .items import BulkItem
from .journal import Journal
from .report import BulkProgress, BulkReport, ItemOutcome
from .run_config import DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, DEFAULT_RETRY_POLICY, MAX_CONCURRENCY, RunConfig
from .run_state import RunState
from .scheduler import ContactInput, InputTypeError, Scheduler
from .sender import Sender

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RETRY_POLICY",
    "MAX_CONCURRENCY",
    "BulkItem",
    "ContactInput",
    "InputTypeError",
    "bulk_create_contacts",
]


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
    check_tags: bool = True,
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

    ``check_tags``: when the first item with tag ids comes, the account's tags are listed once
    (``listTags``); the report's ``unknown_tags`` counts the items that carry ids the account does not
    have (they are still sent as given), and ``tags_unchecked`` says why the list could not be read.

    Outcomes go to ``on_outcome`` in input order as they are known, and into the report's
    ``outcomes`` unless ``keep_outcomes=False`` (constant memory for very large inputs).
    ``on_progress`` gets running totals. Both are called in the calling thread.

    Bad arguments raise :class:`heymarket.HeymarketConfigError` (a ``ValueError``). Ctrl-C
    (``KeyboardInterrupt``) stops sending, waits for the requests in flight, records them in the
    journal and re-raises.
    """
    timing = client.runtime.timing if isinstance(client, HeymarketClient) else Timing()
    config = RunConfig.check(
        overwrite=overwrite,
        batch_size=batch_size,
        concurrency=concurrency,
        dry_run=dry_run,
        keep_outcomes=keep_outcomes,
        check_tags=check_tags,
        journal=journal,
        retry=retry,
        default_region=default_region,
        field_ids=field_ids,
        timing=timing,
        input_fingerprint=input_fingerprint,
    )
    # One retry layer: the sender's loop is it, so the client sends each attempt once. The tag look-up
    # is a single read and keeps the client's own retries.
    sending = client.with_options(retries=0) if isinstance(client, HeymarketClient) else client
    tap = ResponseTap()
    with tap.installed(sending):  # also builds the httpx client once, before the threads start
        if journal is None:
            return _run(sending, client, config, None, tap, on_outcome, on_progress, contacts)
        with Journal(journal, wall_clock=timing.wall_clock) as opened:
            opened.open(config.journal_settings())
            return _run(sending, client, config, opened, tap, on_outcome, on_progress, contacts)


def _run(
    sending: AuthenticatedClient,
    client: AuthenticatedClient,
    config: RunConfig,
    journal: Journal | None,
    tap: ResponseTap,
    on_outcome: Callable[[ItemOutcome], None] | None,
    on_progress: Callable[[BulkProgress], None] | None,
    contacts: Iterable[ContactInput],
) -> BulkReport:
    sender = Sender(sending, config, RunState(), journal, tap)
    scheduler = Scheduler(sender, tag_client=client, on_outcome=on_outcome, on_progress=on_progress)
    return scheduler.execute(contacts)
