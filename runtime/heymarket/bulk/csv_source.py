"""A CSV file as rows of cells: the delimiter detected, the header found, the rows that are not contacts
left out, in a first pass that counts the rest; then the same rows streamed.

* **Delimiter.** With the default ``,``, a header line that splits into more cells on ``;``, a tab or
  ``|`` is read with that one (Excel in a European locale writes ``;``); Excel's ``sep=;`` first line
  says it outright. ``--delimiter`` other than ``,`` is used as given.
* **Header.** The first row with a non-blank cell; empty cells after its last name (Excel's
  ``Name,Phone,,,``) are not columns.
* **Rows that are not contacts** are not counted, read or reported: blank lines and rows whose every
  cell is empty (``,,,`` / ``;;;``), rows the layout marks deleted (Salesforce ``IsDeleted``), and a
  report's footer: the rows of a single cell after the last blank line (Salesforce's ``"Generated
  By: ..."``, ``"Copyright ..."``).
* Line numbers are those of the file (the header is line 1, or 2 after ``sep=``), counting the lines
  inside quoted values; a row is numbered by the line where it starts.

A cell is at most :func:`csv.field_size_limit` characters (128 KB) and a line at most
:data:`~heymarket.bulk.textfile.MAX_LINE`: beyond, the file is refused at once, with a short message.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .mapping import CsvMappingError, FieldMap, Target, header_map, parse_target, quote_columns
from .textfile import TextFile

__all__ = [
    "ColumnMap",
    "CsvMappingError",
    "CsvTable",
    "Target",
    "build_column_map",
    "parse_target",
    "quote_columns",
    "read_header",
]

ColumnMap = FieldMap
_CANDIDATES = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r"^sep=(.)\r?\n?$")
RowTest = Callable[[Sequence[str]], bool]


def build_column_map(
    header: Sequence[str], overrides: Mapping[str, str] | None = None, *, ignore_unknown: bool = False
) -> FieldMap:
    """The mapping of a plain CSV header (:func:`heymarket.bulk.mapping.header_map`)."""
    return header_map(header, overrides, ignore_unknown=ignore_unknown)


def blank(row: Sequence[str]) -> bool:
    """Every cell empty or white space (one join, not a generator step per cell: it runs for every row)."""
    return not "".join(row).strip()


def trim_header(row: Sequence[str]) -> list[str]:
    names = [cell.strip() for cell in row]
    while len(names) > 1 and not names[-1]:
        names.pop()
    return names


@dataclass
class Shape:
    """What the first pass found."""

    delimiter: str = ","
    sniffed: bool = False
    """The delimiter was detected (not the one asked for)."""
    header: list[str] = field(default_factory=list)
    rows: int = 0
    empty_rows: int = 0
    """Rows whose every cell is empty (``,,,``); blank lines are not counted."""
    skipped: int = 0
    """Rows the layout marks deleted."""
    footer_line: int | None = None
    footer_rows: int = 0
    filled: set[int] = field(default_factory=set)
    """Of the watched columns, those with data in at least one row."""


class CsvTable:
    """A CSV file read in two passes: :meth:`scan` (count and classify), then :meth:`rows` (stream)."""

    def __init__(
        self,
        path: Path,
        *,
        encoding: str | None = None,
        delimiter: str = ",",
        text: TextFile | None = None,
        lines: Iterator[str] | None = None,
    ) -> None:
        """``text`` and ``lines``: the file and its first pass, when already open (to tell what it is)."""
        self.path = path
        self.file = text or TextFile(path, encoding)
        self.asked = delimiter
        self.shape = Shape(delimiter=delimiter)
        self._skip: RowTest | None = None
        self._first = lines
        self._pass: Iterator[tuple[int, list[str]]] | None = None

    def header(self) -> list[str]:
        """The header row; the first pass is open and paused after it (empty list: no header)."""
        self._pass = self._lines(scan=True)
        for _, row in self._pass:
            if not blank(row):
                self.shape.header = trim_header(row)
                return self.shape.header
        self._pass = None
        return []

    def scan(self, *, skip: RowTest | None = None, watch: Collection[int] = ()) -> Shape:
        """Finish the first pass: count the data rows, find the footer, note the watched columns with data."""
        shape, self._skip = self.shape, skip
        if self._pass is None:
            return shape
        width = len(shape.header)
        watched = set(watch)
        after_blank = False
        trailer: int | None = None
        trailer_rows = 0
        for start, row in self._pass:
            if blank(row):
                shape.empty_rows += len(row) > 1
                after_blank = True
                continue
            if skip is not None and skip(row):
                shape.skipped += 1
                continue
            lone = width > 1 and len(row) == 1  # one value, no delimiter: not a row of this header
            if lone and (after_blank or trailer is not None):
                if trailer is None:
                    trailer, trailer_rows = start, 0
                trailer_rows += 1
                after_blank = False
                shape.rows += 1
                continue
            if trailer is not None and 0 in watched:
                shape.filled.add(0)  # the single-cell rows were data after all
            trailer = None
            after_blank = False
            shape.rows += 1
            for index in watched - shape.filled:
                if index < len(row) and row[index].strip():
                    shape.filled.add(index)
        if trailer is not None:
            shape.footer_line, shape.footer_rows = trailer, trailer_rows
            shape.rows -= trailer_rows
        self._pass = None
        return shape

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line where the row starts, cells) of every data row, as the first pass counted them."""
        header_seen = False
        footer = self.shape.footer_line
        skip = self._skip
        for start, row in self._lines(scan=False):
            if footer is not None and start >= footer:
                return
            if blank(row):
                continue
            if not header_seen:
                header_seen = True
                continue
            if skip is not None and skip(row):
                continue
            yield start, row

    def _lines(self, *, scan: bool) -> Iterator[tuple[int, list[str]]]:
        lines = self._first if scan and self._first is not None else self.file.lines(scan=scan)
        head: list[str] = []
        for line in lines:
            head.append(line)
            if line.strip():
                break
        offset = 0
        if head and (sep := _SEP_LINE.match(head[-1])):
            if scan:
                self.shape.delimiter, self.shape.sniffed = sep.group(1), False
            offset, head = len(head), []
        elif scan and head:
            self._sniff(head[-1])
        reader = csv.reader(itertools.chain(head, lines), delimiter=self.shape.delimiter)
        previous_end = offset
        try:
            for row in reader:
                start = previous_end + 1
                previous_end = reader.line_num + offset
                yield start, row
        except csv.Error as error:
            at = previous_end + 1  # where the row being read starts
            if "field larger than field limit" in str(error):
                raise CsvMappingError(
                    f"line {at:,}: a cell is longer than {csv.field_size_limit():,} characters, "
                    "which no file of contacts has (an unclosed quote?)"
                ) from None
            raise CsvMappingError(f"line {at:,}: {str(error)[:200]}") from None

    def _sniff(self, line: str) -> None:
        if self.asked != ",":
            return
        counts = {d: len(next(csv.reader([line], delimiter=d), [])) for d in _CANDIDATES}
        best = max(_CANDIDATES, key=lambda d: (counts[d], d == ","))
        if counts[best] > counts[","]:
            self.shape.delimiter, self.shape.sniffed = best, True


def read_header(path: Path, *, encoding: str | None = None, delimiter: str = ",") -> list[str]:
    """The header of a CSV file (its names, stripped); raises :class:`CsvMappingError` when it has none."""
    header = CsvTable(path, encoding=encoding, delimiter=delimiter).header()
    if not header:
        raise CsvMappingError(f"{path} has no header line")
    return header


def describe_delimiter(delimiter: str) -> str:
    return {"\t": "tab", ";": "';'", "|": "'|'", ",": "','"}.get(delimiter, repr(delimiter))


def delimiter_hint(shape: Shape) -> str:
    """For an error about the header: what the delimiter was, and how to give another one."""
    used = describe_delimiter(shape.delimiter)
    how = "detected" if shape.sniffed else "the default" if shape.delimiter == "," else "as given"
    return f" (read with the delimiter {used}, {how}: pass --delimiter if the file uses another one)"


def quote_header(names: Sequence[str]) -> str:
    return quote_columns(list(names))
