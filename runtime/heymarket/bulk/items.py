"""The unit the readers hand to ``bulk_create_contacts``: an input contact with where it came from.

Neutral ground between the readers (``sources.py`` and the modules it uses), which make them, and the
engine, which consumes them: neither imports the other for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .validation import Rejection


@dataclass(frozen=True, slots=True)
class BulkItem:
    """An input contact with where it came from. Plain mappings and ``ContactRequest`` work too.

    The readers of ``heymarket contacts import`` put a
    :class:`~heymarket.bulk.validation.PreparedContact` (the finished request body) in ``contact``, or
    the raw fields with a ``rejection``."""

    contact: Mapping[str, Any]
    line: int | None = None
    """Line number in the source file, shown in outcomes and reports."""
    rejection: Rejection | None = None
    """Set by a reader that already knows the item is unusable (for example a malformed CSV row)."""
