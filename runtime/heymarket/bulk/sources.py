"""The input of ``heymarket contacts import FILE``, read lazily as ``(BulkItem, RecordInfo)`` pairs.

The pipeline, for every kind of file: :class:`~heymarket.bulk.textfile.TextFile` (bytes to lines: the
encoding, the digest) -> a reader (CSV rows, vCard cards, JSON lines) -> a
:class:`~heymarket.bulk.records.Record` (names, phone and email candidates, the fields mapped by
:mod:`heymarket.bulk.mapping`) -> :func:`~heymarket.bulk.records.record_item` (the phone and email
chosen, the record normalised once into its request body). The file is opened twice: the first pass
decides what the file is, checks its mapping, counts its records and takes its digest; the second
streams the records.

:func:`open_source` decides what the file is, in this order:

1. **vCard** when the file name ends in ``.vcf``/``.vcard`` or its first line is ``BEGIN:VCARD``
   (:mod:`heymarket.bulk.vcard`). Each card is a record, numbered by the line of its ``BEGIN:VCARD``.
2. **JSON Lines** when the name ends in ``.jsonl``/``.ndjson`` or its first line starts with ``{``:
   what ``heymarket contacts export FILE.jsonl`` writes (:mod:`heymarket.bulk.jsonl_source`).
3. **A known export layout** when the CSV header has a layout's signature
   (:mod:`heymarket.bulk.layouts`): name, email and phone columns are mapped by the layout; other
   columns are ignored and listed in the summary; ``--map`` applies on top.
4. **Any other CSV**: the strict header mapping (:mod:`heymarket.bulk.mapping`), where a column that
   maps to no field is an error unless ``--map`` or ``--ignore-unknown-columns`` says what to do.

A file with no records (empty, a header only, no card) is not an error: it has nothing to import.
For vCard files, ``--map`` names properties (``--map ORG=custom:Company``, ``--map NOTE=``); for JSON
Lines, keys.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path

from .csv_source import CsvTable, Shape, blank, delimiter_hint
from .items import BulkItem
from .layouts import LayoutPlan, detect_layout, plan_layout
from .mapping import CsvMappingError, FieldMap, header_map, overrides_map
from .records import Candidate, Record, RecordInfo, apply_map, put, record_item
from .source_base import ContactSource, first_line
from .textfile import TextFile, encoding_title
from .validation import NormalizeOptions, Rejection
from .vcard import USED, VCard, card_record, count_vcards, iter_vcards

__all__ = [
    "ContactSource",
    "EmptySource",
    "LayoutCsvSource",
    "PlainCsvSource",
    "VCardSource",
    "open_source",
]

VCARD_SUFFIXES = (".vcf", ".vcard")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def open_source(
    path: Path,
    *,
    encoding: str | None = "auto",
    delimiter: str = ",",
    overrides: Mapping[str, str] | None = None,
    ignore_unknown: bool = False,
    default_region: str | None = None,
) -> ContactSource:
    """The source for ``path``; raises :class:`CsvMappingError` when the input cannot be mapped or read.

    ``encoding``: ``auto`` (the default), None or ``utf-8-sig`` reads a byte-order mark, UTF-16, else
    UTF-8, else Windows-1252 (:mod:`heymarket.bulk.textfile`); any other is used as given.
    ``delimiter``: ``,`` (the default) detects ``;``, tab and ``|`` from the header
    (:mod:`heymarket.bulk.csv_source`)."""
    from .jsonl_source import JsonlSource

    overrides = dict(overrides or {})
    region = NormalizeOptions(default_region=default_region).default_region
    text = TextFile(path, encoding)
    lines = text.lines(scan=True)
    head, first = first_line(lines)
    stream = itertools.chain(head, lines)
    suffix = path.suffix.lower()
    if suffix in VCARD_SUFFIXES or first.lstrip("\ufeff").upper() == "BEGIN:VCARD":
        return VCardSource(text, stream, overrides=overrides, default_region=region)
    if suffix in JSONL_SUFFIXES or first.startswith("{"):
        return JsonlSource(text, stream, overrides=overrides, default_region=region)
    if first.startswith("[") and first[1:].lstrip()[:1] in ("{", "]", ""):
        raise CsvMappingError(
            "the file is a JSON array, not CSV: import reads JSON Lines (one contact object per line, "
            "as `heymarket contacts export FILE.jsonl` writes them)"
        )
    table = CsvTable(path, text=text, lines=stream, delimiter=delimiter)
    header = table.header()
    if not header:
        table.scan()
        return EmptySource(text, table.shape)
    layout = detect_layout(header)
    if layout is not None:
        plan = plan_layout(layout, header, overrides)
        return LayoutCsvSource(table, plan, default_region=region)
    try:
        field_map = header_map(header, overrides, ignore_unknown=ignore_unknown)
    except CsvMappingError as error:
        if len(header) > 1 and not table.shape.sniffed:
            raise
        raise CsvMappingError(f"{error}{delimiter_hint(table.shape)}") from None
    return PlainCsvSource(table, field_map, default_region=region)


# ---------------------------------------------------------------------------------- CSV


class _CsvSource(ContactSource):
    def __init__(self, table: CsvTable, *, default_region: str | None) -> None:
        super().__init__(table.file, default_region=default_region)
        self.table = table
        self.shape: Shape = table.shape

    @property
    def delimiter(self) -> str:
        return self.shape.delimiter

    def _finish_scan(self) -> None:
        shape = self.shape
        self.total = shape.rows
        self.left_out = {
            "empty rows": shape.empty_rows,
            "rows marked deleted": shape.skipped,
            "footer lines": shape.footer_rows,
        }
        self.notes = [n for n in (self._read_note(), *self._left_out_notes()) if n]

    def _read_note(self) -> str:
        parts = []
        if self.text.encoding not in ("utf-8", "ascii"):
            parts.append(f"as {encoding_title(self.text.encoding)}")
        if self.shape.sniffed:
            parts.append(f"with the delimiter {self.shape.delimiter!r} (detected)")
        return f"Read {' '.join(parts)}." if parts else ""

    def _fit(self, row: list[str], width: int) -> list[str] | Rejection:
        """The row at the header's width: cells Excel left off are empty; extra empty cells are dropped."""
        if len(row) < width:
            return row + [""] * (width - len(row))
        if len(row) > width:
            if not blank(row[width:]):
                return Rejection("invalid_row", f"{len(row)} fields where the header has {width}")
            return row[:width]
        return row


class EmptySource(ContactSource):
    """A file with nothing to import (empty, or blank lines only)."""

    def __init__(self, text: TextFile, shape: Shape) -> None:
        super().__init__(text, default_region=None)

    @property
    def custom_titles(self) -> list[str]:
        return []

    def describe(self) -> dict[str, str]:
        return {}

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        return iter(())


class PlainCsvSource(_CsvSource):
    """A CSV in no known layout: every column mapped by its header name (or ``--map``)."""

    def __init__(self, table: CsvTable, column_map: FieldMap, *, default_region: str | None) -> None:
        super().__init__(table, default_region=default_region)
        self.column_map = column_map
        table.scan()
        self._finish_scan()

    @property
    def custom_titles(self) -> list[str]:
        return self.column_map.custom_titles

    def describe(self) -> dict[str, str]:
        return self.column_map.describe()

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        names, targets = self.column_map.names, self.column_map.targets
        width = len(names)
        for line, cells in self.table.rows():
            row = self._fit(cells, width)
            record = Record(line=line)
            for name, target, value in zip(names, targets, cells if isinstance(row, Rejection) else row, strict=False):
                if target is None:
                    continue
                if target.field == "phone":
                    if value.strip():
                        record.phones.append(Candidate(value, name, mobile=target.mobile))
                elif target.field == "email":
                    if value.strip():
                        record.emails.append(Candidate(value, name))
                else:
                    put(record, target, value)
            yield record_item(
                record, self.default_region, row if isinstance(row, Rejection) else None, column_only=True
            )


class LayoutCsvSource(_CsvSource):
    """A CSV export of a known address book or CRM (:mod:`heymarket.bulk.layouts`)."""

    def __init__(self, table: CsvTable, plan: LayoutPlan, *, default_region: str | None) -> None:
        super().__init__(table, default_region=default_region)
        self.plan = plan
        self.layout = plan.layout.title
        skip = plan.is_deleted if plan.deleted is not None else None
        shape = table.scan(skip=skip, watch=plan.ignored)
        self.ignored = [plan.header[i] for i in plan.ignored if i in shape.filled]
        self.ignored_empty = len(plan.ignored) - len(self.ignored)
        self._finish_scan()

    @property
    def custom_titles(self) -> list[str]:
        return self.plan.mapped.custom_titles

    def describe(self) -> dict[str, str]:
        return self.plan.describe()

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        width = self.plan.width
        for line, cells in self.table.rows():
            row = self._fit(cells, width)
            if isinstance(row, Rejection):
                yield BulkItem({}, line=line, rejection=row), RecordInfo("(malformed row)", "")
                continue
            record = self.plan.record(row, line)
            apply_map(record, self.plan.mapped)
            yield record_item(record, self.default_region)


# ---------------------------------------------------------------------------------- vCard


class VCardSource(ContactSource):
    """A ``.vcf`` file (vCard 2.1, 3.0 or 4.0): one record per card."""

    kind = "vCard"
    unit = "cards"

    def __init__(
        self, text: TextFile, lines: Iterator[str], *, overrides: Mapping[str, str], default_region: str | None
    ) -> None:
        super().__init__(text, default_region=default_region)
        self.total, names, versions = count_vcards(lines)
        self.layout = "vCard " + ", ".join(sorted(versions)) if versions else "vCard"
        wanted = {name.strip().upper(): target for name, target in overrides.items()}
        absent = sorted(set(wanted) - names)
        if absent:
            raise CsvMappingError(f"--map names vCard properties that no card has: {', '.join(absent)}")
        self.mapped = overrides_map(list(wanted), wanted, "vCard properties")
        self.dropped = set(wanted)
        self._describe = {"(layout)": "vcard", **self.mapped.describe("(ignored by --map)")}
        self.ignored = sorted(names - USED - set(wanted))

    @property
    def custom_titles(self) -> list[str]:
        return self.mapped.custom_titles

    def describe(self) -> dict[str, str]:
        return dict(self._describe)

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        for card in iter_vcards(self.text.lines()):
            yield self._item(card)

    def _item(self, card: VCard) -> tuple[BulkItem, RecordInfo]:
        record = card_record(card, self.mapped.names)
        if "FN" in self.dropped:
            record.display_name = ""
        if "N" in self.dropped:
            record.first = record.last = ""
        if "TEL" in self.dropped:
            record.phones = []
        if "EMAIL" in self.dropped:
            record.emails = []
        apply_map(record, self.mapped)
        rejection = None
        if not card.complete:
            rejection = Rejection("invalid_row", "the file ends inside this card (no END:VCARD): it may be cut short")
        return record_item(record, self.default_region, rejection)
