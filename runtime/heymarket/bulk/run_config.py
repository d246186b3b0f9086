"""The settings of one bulk run, checked once and frozen: every role (scheduler, sender, look-ups) reads them here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from heymarket import HeymarketConfigError, RetryPolicy, Timing

from .validation import NormalizeOptions

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
class RunConfig:
    """What a run sends and how; built by :meth:`check`, which refuses bad arguments."""

    overwrite: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    concurrency: int = DEFAULT_CONCURRENCY
    dry_run: bool = False
    retry: RetryPolicy = DEFAULT_RETRY_POLICY
    timing: Timing = field(default_factory=Timing)
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)
    keep_outcomes: bool = True
    check_tags: bool = True
    """Look the account's tags up once (when the first item with tags comes) and count unknown tag ids."""
    input_fingerprint: str | None = None

    @classmethod
    def check(
        cls,
        *,
        overwrite: object,
        batch_size: object,
        concurrency: object,
        dry_run: object,
        keep_outcomes: object,
        check_tags: object,
        journal: object,
        retry: object,
        default_region: str | None,
        field_ids: Mapping[str, int | str] | None,
        timing: Timing,
        input_fingerprint: str | None,
    ) -> RunConfig:
        """The configuration, or :class:`heymarket.HeymarketConfigError` (a ``ValueError``) naming the argument."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise HeymarketConfigError(f"batch_size must be an int >= 1, got {batch_size!r}")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= MAX_CONCURRENCY:
            raise HeymarketConfigError(f"concurrency must be an int from 1 to {MAX_CONCURRENCY}, got {concurrency!r}")
        flags = {"overwrite": overwrite, "dry_run": dry_run, "keep_outcomes": keep_outcomes, "check_tags": check_tags}
        for name, flag in flags.items():
            if not isinstance(flag, bool):
                raise HeymarketConfigError(f"{name} must be True or False, not {type(flag).__name__}")
        if dry_run and journal is not None:
            raise HeymarketConfigError("a dry run sends no write, so it takes no journal")
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise HeymarketConfigError(f"retry must be a RetryPolicy, not {type(retry).__name__}")
        try:
            normalize = NormalizeOptions(default_region=default_region, field_ids=dict(field_ids or {}))
        except HeymarketConfigError:
            raise
        except ValueError as error:
            raise HeymarketConfigError(str(error)) from error
        return cls(
            overwrite=bool(overwrite),
            batch_size=batch_size,
            concurrency=concurrency,
            dry_run=bool(dry_run),
            retry=retry or DEFAULT_RETRY_POLICY,
            timing=timing,
            normalize=normalize,
            keep_outcomes=bool(keep_outcomes),
            check_tags=bool(check_tags),
            input_fingerprint=input_fingerprint,
        )

    @property
    def window(self) -> int:
        """Read-ahead bound: items whose outcome is not handed over yet."""
        return self.batch_size * (2 * self.concurrency + 2)

    def journal_settings(self) -> dict[str, Any]:
        """What a journal records and a resume must match: the settings that change what is sent."""
        return {
            "overwrite": self.overwrite,
            "default_region": self.normalize.default_region,
            "field_ids": sorted(self.normalize.folded_ids.items()),
            "input": self.input_fingerprint,
        }
