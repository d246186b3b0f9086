"""What happened to each input item, and the totals of a run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    CREATED = "created"
    """The contact did not exist and was created."""
    SKIPPED = "skipped"
    """A contact with this phone existed and was left alone (``overwrite=False``)."""
    OVERWRITTEN = "overwritten"
    """A contact with this phone existed and was overwritten (``overwrite=True``)."""
    REJECTED = "rejected"
    """Refused on the client (validation, or a phone repeated in the input); never sent."""
    FAILED = "failed"
    """Sent (or due to be sent) but not applied as far as the server told: its status and reason are kept."""
    WOULD_CREATE = "would_create"
    """Dry run: the phone does not exist yet."""
    WOULD_SKIP = "would_skip"
    """Dry run: the phone exists and ``overwrite`` is off."""
    WOULD_OVERWRITE = "would_overwrite"
    """Dry run: the phone exists and ``overwrite`` is on."""


SUCCESS = frozenset(
    {
        Outcome.CREATED,
        Outcome.SKIPPED,
        Outcome.OVERWRITTEN,
        Outcome.WOULD_CREATE,
        Outcome.WOULD_SKIP,
        Outcome.WOULD_OVERWRITE,
    }
)

# Reason codes that are not validation codes (those come from heymarket.bulk.validation).
NEW = "new"
EXISTS = "exists"
EXISTS_AFTER_AMBIGUOUS = "exists_after_ambiguous_attempt"
"""The phone existed when the item was sent again after an attempt whose effect is unknown (HTTP 500,
a timeout or a dropped connection after sending, or a run killed while the chunk was in flight). That
earlier attempt of this run may itself have created (or overwritten) the contact."""
DUPLICATE_IN_INPUT = "duplicate_in_input"
NOT_SENT = "not_sent"
NOT_CREATED = "not_created"
"""The batch answer listed the item as failed: neither created nor (with overwrite) overwritten."""
INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """The outcome of one input item. ``index`` is its 0-based position; ``line`` its CSV line, if any."""

    index: int
    outcome: Outcome
    reason: str
    """A stable code: ``new``, ``exists``, ``exists_after_ambiguous_attempt``, a validation code such as
    ``invalid_phone``, ``duplicate_in_input``, or for failures ``http_<status>``, ``connection_error``,
    ``timeout``, ``unexpected_response``, ``not_created``, ``not_sent``, ``interrupted``."""
    detail: str = ""
    line: int | None = None
    phone: str | None = None
    """The normalised phone (E.164 digits); for a rejected item, the phone as written (if any)."""
    contact_id: int | None = None
    """The existing contact's id for skipped/overwritten items (the batch answer carries no ids for
    created ones)."""
    status: int | None = None
    """HTTP status of the answer that decided the outcome (failures: the last one)."""
    request_id: str | None = None
    """``X-Request-Id`` of that answer, to quote to Heymarket support."""
    attempts: int = 0
    """How many times the item was sent, by this run and earlier runs of the same journal."""
    from_journal: bool = False
    """True when the outcome was read from the journal of an earlier run, without sending."""

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESS


@dataclass
class BulkProgress:
    """Running totals, given to ``on_progress`` in the calling thread."""

    done: int = 0
    counts: Counter[Outcome] = field(default_factory=Counter)
    requests: int = 0


@dataclass
class BulkReport:
    total: int = 0
    counts: Counter[Outcome] = field(default_factory=Counter)
    reasons: Counter[tuple[Outcome, str]] = field(default_factory=Counter)
    outcomes: list[ItemOutcome] = field(default_factory=list)
    """Every outcome in input order (empty when ``keep_outcomes=False``)."""
    requests: int = 0
    """Requests sent by this run (batch creates, or the lookups of a dry run)."""
    lookups: int = 0
    """Read-only searchContactsV2 requests of a real run, made where the batch answer does not tell an
    outcome apart (with overwrite, and for the contacts a batch lists as not created)."""
    http_attempts: int = 0
    """Every HTTP request of the run, batches and look-ups (the client's own retries are off for them)."""
    retries: Counter[str] = field(default_factory=Counter)
    """Chunk re-sends by cause (``http_429``, ``http_503``, ``http_500``, ``connection_error``...)."""
    splits: int = 0
    """Chunks halved after a 400/413/422 answer, to single out the items the server refused."""
    from_journal: int = 0
    dry_run: bool = False
    duration: float = 0.0
    aborted: str | None = None
    """Why the run stopped sending (for instance HTTP 401), or None."""
    unknown_tags: Counter[int] = field(default_factory=Counter)
    """Tag id -> items that carry it although the account has no such tag (looked up once with
    ``listTags``, when the first item with tags came). The ids are sent as given."""
    tags_unchecked: str | None = None
    """Why the account's tags could not be listed (so ``unknown_tags`` is empty), or None."""

    @property
    def ok(self) -> bool:
        """True when no item was rejected and none failed."""
        return self.counts[Outcome.REJECTED] == 0 and self.counts[Outcome.FAILED] == 0

    def add(self, outcome: ItemOutcome, *, keep: bool) -> None:
        self.total += 1
        self.counts[outcome.outcome] += 1
        self.reasons[(outcome.outcome, outcome.reason)] += 1
        if outcome.from_journal:
            self.from_journal += 1
        if keep:
            self.outcomes.append(outcome)
