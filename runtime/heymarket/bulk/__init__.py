"""Bulk contact import and export for Heymarket: validation, chunked batch creates, a resumable journal,
and the readers of address-book exports. The ``heymarket`` command that drives them is ``heymarket.cli``.

    from heymarket import create_client
    from heymarket.bulk import bulk_create_contacts

    with create_client() as client:
        report = bulk_create_contacts(client, rows, default_region="US", journal="import.journal")
    print(report.counts)
"""

from .engine import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_CONCURRENCY,
    DEFAULT_RETRY_POLICY,
    BulkItem,
    ContactInput,
    bulk_create_contacts,
)
from .fields import FieldLookupError, fetch_field_ids, resolve_field_titles
from .journal import Journal, JournalError
from .report import BulkProgress, BulkReport, ItemOutcome, Outcome
from .validation import NormalizeOptions, Rejection, normalize_contact, normalize_email, normalize_phone

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RETRY_POLICY",
    "BulkItem",
    "BulkProgress",
    "BulkReport",
    "ContactInput",
    "FieldLookupError",
    "ItemOutcome",
    "Journal",
    "JournalError",
    "NormalizeOptions",
    "Outcome",
    "Rejection",
    "bulk_create_contacts",
    "fetch_field_ids",
    "normalize_contact",
    "normalize_email",
    "normalize_phone",
    "resolve_field_titles",
]
