"""The sender: one chunk through ``client.contacts.batch_create``, re-sent and split as its answers say, and
each item's outcome read from the answer. Runs in the scheduler's pool threads.

Retries: one layer only. The client sends each attempt once (``with_options(retries=0)``) and the sender
re-sends under the run's ``RetryPolicy`` (``RetryPolicy.next_delay``: backoff with full jitter,
``Retry-After`` as a floor, ``total_timeout``), so the attempts the report shows are the requests the
server received. See ``heymarket.bulk.engine`` for which answers are retried, split or fatal.
"""

from __future__ import annotations

from heymarket_client import AuthenticatedClient
from heymarket_client.models import ContactRequest

from .calls import Answer, ResponseTap, Verdict, attempt, verdict
from .journal import Journal
from .lookups import Existing, Lookups, contacts_by_phone
from .report import EXISTS, EXISTS_AFTER_AMBIGUOUS, NEW, NOT_CREATED, NOT_SENT, ItemOutcome, Outcome
from .run_config import RunConfig
from .run_state import Pending, RunState, outcome_of, unsent


class Sender:
    """Sends one chunk (retrying, splitting) and turns the answers into outcomes."""

    def __init__(
        self,
        client: AuthenticatedClient,
        config: RunConfig,
        state: RunState,
        journal: Journal | None,
        tap: ResponseTap,
    ) -> None:
        self.client = client
        self.config = config
        self.state = state
        self.journal = journal
        self.tap = tap
        self.lookups = Lookups(client, config, state, tap)

    def run(self, items: list[Pending]) -> list[ItemOutcome]:
        return self.lookups.predict(items) if self.config.dry_run else self.send(items)

    def send(self, items: list[Pending]) -> list[ItemOutcome]:
        overwrite = self.config.overwrite
        chunk = self.journal.next_chunk_id() if self.journal is not None else ""
        body = [ContactRequest.from_dict(item.body) for item in items]
        number = 0
        started = self.config.timing.monotonic()
        while True:
            number += 1
            stopped = self.state.stopped(items)
            if stopped is not None:
                return stopped
            existed: dict[str, Existing] | None = None
            if overwrite:
                # The answer does not tell an overwrite from a create, so look first (before every
                # attempt: an earlier attempt of unknown effect may have created some of them).
                existed, lookup = self.lookups.existing(items)
                if existed is None:
                    return self.state.stopped(items) or [
                        unsent(i, NOT_SENT, f"not sent: looking up which phones exist failed: {lookup.message}")
                        for i in items
                    ]
            if self.journal is not None:
                self.journal.record_send(chunk, number, [(i.index, i.row_hash) for i in items], overwrite=overwrite)
            for item in items:
                item.sends += 1
            _result, answer = attempt(
                lambda: self.client.contacts.batch_create(body=body, overwrite=overwrite), self.tap, self.config.timing
            )
            self.state.count(answer)
            what, ambiguous, cause = verdict(answer)
            if what is Verdict.OK:
                outcomes = self._read_answer(items, answer, existed)
                if outcomes is not None:
                    self._journal_done(chunk, items, outcomes)
                    return outcomes
                what, ambiguous, cause = Verdict.RETRY, True, "unexpected_response"
            if ambiguous:
                for item in items:
                    item.maybe_applied = True
            if what is Verdict.SPLIT and len(items) > 1:
                self.state.split()
                half = len(items) // 2
                return self.send(items[:half]) + self.send(items[half:])
            if what is Verdict.RETRY and self.state.wait_to_retry(self.config, number, started, answer, cause):
                continue
            if what is Verdict.FATAL:
                self.state.set_fatal(answer)
            outcomes = [self._failed(item, answer, cause, number) for item in items]
            self._journal_done(chunk, items, outcomes)
            return outcomes

    def _read_answer(
        self, items: list[Pending], answer: Answer, existed: dict[str, Existing] | None
    ) -> list[ItemOutcome] | None:
        """Outcomes from a 200 answer, or None if it cannot be read.

        The vendor's answer is ``"ok"`` or the contacts that failed: neither created nor overwritten.
        What it does not say is told apart by a read-only look-up, never by what a server puts in
        the listed entries: with ``overwrite``, ``existed`` (looked up before sending) splits the
        unlisted items into overwritten and created; without it, the unlisted items were created and
        the listed ones are looked up after, to split them into skipped (the phone exists) and failed.
        """
        overwrite = self.config.overwrite
        listed = {} if answer.body == "ok" else contacts_by_phone(answer.body)
        if listed is None:
            return None
        unmatched = set(listed) - {item.phone for item in items}
        if unmatched:
            # The answer names contacts whose phone matches no item: it cannot be read reliably, so
            # no item is claimed as created.
            detail = f"the answer listed {len(unmatched)} contact(s) matching no item of the chunk"
            for item in items:
                item.maybe_applied = True
            return [outcome_of(item, answer, Outcome.FAILED, "unexpected_response", detail) for item in items]
        lookup_error = ""
        if existed is None:
            not_created = [item for item in items if item.phone in listed]
            existed = {}
            if not_created:
                found, lookup = self.lookups.existing(not_created)
                if found is None:
                    lookup_error = lookup.message
                else:
                    existed = found
        outcomes: list[ItemOutcome] = []
        for item in items:
            contact = existed.get(item.phone)
            if item.phone in listed and (overwrite or contact is None):
                if lookup_error:
                    detail = f"not created (an existing contact, or refused); looking up which failed: {lookup_error}"
                else:
                    detail = "the server listed it as " + (
                        "neither created nor overwritten" if overwrite else "not created"
                    )
                outcomes.append(outcome_of(item, answer, Outcome.FAILED, NOT_CREATED, detail))
            elif contact is None:
                outcomes.append(outcome_of(item, answer, Outcome.CREATED, NEW, ""))
            else:
                result = Outcome.OVERWRITTEN if overwrite else Outcome.SKIPPED
                contact_id = contact.contact_id
                if item.maybe_applied:
                    detail = (
                        f"the phone existed (contact {contact_id}, created {contact.created or '?'}) when the "
                        "item was sent again after an attempt of unknown effect, which may itself have created it"
                    )
                    outcomes.append(outcome_of(item, answer, result, EXISTS_AFTER_AMBIGUOUS, detail, contact_id))
                else:
                    detail = f"a contact with this phone exists (contact {contact_id})"
                    outcomes.append(outcome_of(item, answer, result, EXISTS, detail, contact_id))
        return outcomes

    @staticmethod
    def _failed(item: Pending, answer: Answer, cause: str, attempts: int) -> ItemOutcome:
        detail = answer.message
        if attempts > 1:
            detail += f" (after {attempts} attempts)"
        if item.maybe_applied:
            detail += "; an attempt had an unknown effect, so the contact may have been created"
        return outcome_of(item, answer, Outcome.FAILED, cause, detail)

    def _journal_done(self, chunk: str, items: list[Pending], outcomes: list[ItemOutcome]) -> None:
        if self.journal is not None:
            self.journal.record_outcomes(
                chunk, [(o, i.row_hash, i.maybe_applied) for o, i in zip(outcomes, items, strict=True)]
            )
