"""What every input source of ``heymarket contacts import`` offers (:class:`ContactSource`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from .items import BulkItem
from .records import RecordInfo
from .textfile import TextFile


class ContactSource(ABC):
    """An input file of contacts: counted and hashed when opened, then read lazily by :meth:`records`."""

    kind: str = "CSV"
    unit: str = "rows"
    layout: str | None = None
    """What the file was read as (``Google Contacts CSV``, ``vCard 3.0``...); None for a plain CSV."""

    def __init__(self, text: TextFile, *, default_region: str | None) -> None:
        self.text = text
        self.path = text.path
        self.default_region = default_region
        self.total = 0
        self.ignored: list[str] = []
        """Ignored columns (or vCard properties, JSON keys) that hold data in at least one record."""
        self.ignored_empty = 0
        """Ignored columns that are empty in every row."""
        self.left_out: dict[str, int] = {}
        """Rows that are not contacts and were neither counted nor read (``empty rows``, ``footer lines``...)."""
        self.notes: list[str] = []
        """Lines for the summary: how the file was read (encoding, delimiter), what was left out."""

    @property
    def encoding(self) -> str:
        """The encoding the file is read in (decided by the first pass)."""
        return self.text.encoding

    @property
    def fingerprint(self) -> str:
        """``sha256:<hex>`` of the file's bytes (the journal's check that a resume reads the same file)."""
        return self.text.digest

    @property
    @abstractmethod
    def custom_titles(self) -> list[str]:
        """Custom field keys given as titles (they need ``listContactFields``)."""

    @abstractmethod
    def describe(self) -> dict[str, str]:
        """How the input is read (for the journal's check that a resume reads it the same way)."""

    @abstractmethod
    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        """Every record of the file, in order, with what the report says about it."""

    def _left_out_notes(self) -> list[str]:
        counted = [f"{what}: {count:,}" for what, count in self.left_out.items() if count]
        return [f"Left out (not contacts): {', '.join(counted)}."] if counted else []


def first_line(lines: Iterator[str]) -> tuple[list[str], str]:
    """The lines up to the first non-blank one, and that one stripped ("" when there is none)."""
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            return head, line.strip()
    return head, ""
