"""The input of ``heymarket contacts import FILE``: a vCard file, a CSV export in a known layout, or
any other CSV, read lazily as ``(BulkItem, RecordInfo)`` pairs.

:func:`open_source` decides which, in this order:

1. **vCard** when the file name ends in ``.vcf``/``.vcard`` or its first line is ``BEGIN:VCARD``
   (:mod:`heymarket.bulk.vcard`). Each card is a record, numbered by the line of its ``BEGIN:VCARD``.
2. **A known export layout** when the CSV header has a layout's signature
   (:mod:`heymarket.bulk.layouts`): name, email and phone columns are mapped by the layout; other
   columns are ignored and listed in the summary; ``--map`` applies on top.
3. **Any other CSV**: today's strict mapping (:mod:`heymarket.bulk.csv_source`), where a column that
   maps to no field is an error unless ``--map`` or ``--ignore-unknown-columns`` says what to do.

For vCard files, ``--map`` names properties (``--map ORG=custom:Company``, ``--map NOTE=``).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path

from .csv_source import (
    ColumnMap,
    CsvMappingError,
    build_column_map,
    iter_data_rows,
    iter_rows,
    parse_target,
    read_header,
)
from .engine import BulkItem
from .layouts import LayoutPlan, detect_layout, plan_layout
from .records import Assignment, RecordInfo, record_contact, record_name
from .validation import Rejection
from .vcard import USED, VCard, card_record, count_vcards, iter_vcards, looks_like_vcard

VCARD_SUFFIXES = (".vcf", ".vcard")


class ContactSource(ABC):
    """An input file of contacts: counted and hashed when opened, then read lazily by :meth:`records`."""

    kind: str = "CSV"
    unit: str = "rows"
    layout: str | None = None
    """What the file was read as (``Google Contacts CSV``, ``vCard 3.0``...); None for a plain CSV."""

    def __init__(self, path: Path, *, encoding: str, default_region: str | None) -> None:
        self.path = path
        self.encoding = encoding
        self.default_region = default_region
        self.total = 0
        self.fingerprint = ""
        self.ignored: list[str] = []
        """Ignored columns (or vCard properties) that hold data in at least one record."""
        self.ignored_empty = 0
        """Ignored columns that are empty in every row."""

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


def open_source(
    path: Path,
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    overrides: Mapping[str, str] | None = None,
    ignore_unknown: bool = False,
    default_region: str | None = None,
) -> ContactSource:
    """The source for ``path``; raises :class:`CsvMappingError` when the input cannot be mapped."""
    overrides = dict(overrides or {})
    with path.open(encoding=encoding, newline="") as handle:
        head = handle.read(4096)
    if path.suffix.lower() in VCARD_SUFFIXES or looks_like_vcard(head):
        return VCardSource(path, encoding=encoding, overrides=overrides, default_region=default_region)
    header = read_header(path, encoding=encoding, delimiter=delimiter)
    layout = detect_layout(header)
    if layout is not None:
        plan = plan_layout(layout, header, overrides)
        return LayoutCsvSource(path, plan, encoding=encoding, delimiter=delimiter, default_region=default_region)
    column_map = build_column_map(header, overrides, ignore_unknown=ignore_unknown)
    return PlainCsvSource(path, column_map, encoding=encoding, delimiter=delimiter, default_region=default_region)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as raw:
        for block in iter(lambda: raw.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


# ---------------------------------------------------------------------------------- plain CSV


class PlainCsvSource(ContactSource):
    """A CSV in no known layout: the strict header mapping of :mod:`heymarket.bulk.csv_source`."""

    def __init__(
        self, path: Path, column_map: ColumnMap, *, encoding: str, delimiter: str, default_region: str | None
    ) -> None:
        super().__init__(path, encoding=encoding, default_region=default_region)
        self.column_map = column_map
        self.delimiter = delimiter
        self.fingerprint = file_digest(path)
        self.total = sum(1 for _ in iter_data_rows(path, encoding=encoding, delimiter=delimiter))
        self._phone_column = next(
            (name for name, t in zip(column_map.header, column_map.targets, strict=True) if t and t.field == "phone"),
            "",
        )

    @property
    def custom_titles(self) -> list[str]:
        return self.column_map.custom_titles

    def describe(self) -> dict[str, str]:
        return self.column_map.describe()

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        for item in iter_rows(self.path, self.column_map, encoding=self.encoding, delimiter=self.delimiter):
            has_phone = bool(str(item.contact.get("phone") or "").strip())
            yield item, RecordInfo(record_name(item.contact), self._phone_column if has_phone else "")


# ---------------------------------------------------------------------------------- known CSV layouts


class LayoutCsvSource(ContactSource):
    """A CSV export of a known address book or CRM (:mod:`heymarket.bulk.layouts`)."""

    def __init__(
        self, path: Path, plan: LayoutPlan, *, encoding: str, delimiter: str, default_region: str | None
    ) -> None:
        super().__init__(path, encoding=encoding, default_region=default_region)
        self.plan = plan
        self.delimiter = delimiter
        self.layout = plan.layout.title
        self.fingerprint = file_digest(path)
        filled: set[int] = set()
        watched = set(plan.ignored)
        for _, row in iter_data_rows(path, encoding=encoding, delimiter=delimiter):
            self.total += 1
            for index in watched - filled:
                if index < len(row) and row[index].strip():
                    filled.add(index)
        self.ignored = [plan.header[i] for i in plan.ignored if i in filled]
        self.ignored_empty = len(plan.ignored) - len(self.ignored)

    @property
    def custom_titles(self) -> list[str]:
        return [a.key for a in self.plan.assignments.values() if a.field == "custom" and not a.key.isdigit()]

    def describe(self) -> dict[str, str]:
        return self.plan.describe()

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        width = self.plan.width
        for line, row in iter_data_rows(self.path, encoding=self.encoding, delimiter=self.delimiter):
            if len(row) != width:
                rejection = Rejection("invalid_row", f"{len(row)} fields where the header has {width}")
                yield BulkItem({}, line=line, rejection=rejection), RecordInfo("(malformed row)", "")
                continue
            record = self.plan.record(row, line)
            contact, info = record_contact(record, self.plan.assignments, self.default_region)
            yield BulkItem(contact, line=line), info


# ---------------------------------------------------------------------------------- vCard


class VCardSource(ContactSource):
    """A ``.vcf`` file (vCard 2.1, 3.0 or 4.0): one record per card."""

    kind = "vCard"
    unit = "cards"

    def __init__(self, path: Path, *, encoding: str, overrides: Mapping[str, str], default_region: str | None) -> None:
        super().__init__(path, encoding=encoding, default_region=default_region)
        self.fingerprint = file_digest(path)
        self.assignments: dict[str, Assignment] = {}
        self.dropped: set[str] = set()
        self._describe: dict[str, str] = {"(layout)": "vcard"}
        with path.open(encoding=encoding, newline="") as handle:
            self.total, names, versions = count_vcards(handle)
        self.layout = "vCard " + ", ".join(sorted(versions)) if versions else "vCard"
        wanted = {name.strip().upper(): target for name, target in overrides.items()}
        absent = sorted(set(wanted) - names)
        if absent:
            raise CsvMappingError(f"--map names vCard properties that no card has: {', '.join(absent)}")
        seen: dict[str, str] = {}
        for name, text in wanted.items():
            target = parse_target(text)
            self.dropped.add(name)
            if target is None:
                self._describe[name] = "(ignored by --map)"
                continue
            key = f"custom:{target.key.casefold()}" if target.field == "custom" else target.field
            if target.field not in ("tags", "email_suppressions"):
                if key in seen:
                    raise CsvMappingError(f"--map gives {key} twice: properties {seen[key]} and {name}")
                seen[key] = name
            self.assignments[name] = Assignment(name, target.field, target.key)
            self._describe[name] = f"custom:{target.key}" if target.field == "custom" else target.field
        self.ignored = sorted(names - USED - set(wanted))

    @property
    def custom_titles(self) -> list[str]:
        return [a.key for a in self.assignments.values() if a.field == "custom" and not a.key.isdigit()]

    def describe(self) -> dict[str, str]:
        return dict(self._describe)

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for card in iter_vcards(handle):
                yield self._item(card)

    def _item(self, card: VCard) -> tuple[BulkItem, RecordInfo]:
        record = card_record(card, self.assignments)
        if "FN" in self.dropped:
            record.display_name = ""
        if "N" in self.dropped:
            record.first = record.last = ""
        if "TEL" in self.dropped:
            record.phones = []
        if "EMAIL" in self.dropped:
            record.emails = []
        contact, info = record_contact(record, self.assignments, self.default_region)
        if not card.complete:
            rejection = Rejection("invalid_row", "the file ends inside this card (no END:VCARD): it may be cut short")
            return BulkItem(contact, line=card.line, rejection=rejection), info
        return BulkItem(contact, line=card.line), info
