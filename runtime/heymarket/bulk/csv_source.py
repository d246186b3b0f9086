"""Reading contacts from a CSV file, streamed one row at a time, with a header-to-field mapping.

Header names map to ``ContactRequest`` fields by common spellings (case, spaces, dashes and
underscores ignored): ``phone``/``phone number``/``mobile``/``cell``, ``first``/``first name``,
``last``/``last name``/``surname``, ``name``/``display name``, ``email``/``e-mail``, ``tags``,
``assignee``/``assignee id``, ``avatar``, ``opted out``/``is opted out``, ``email suppressions``;
``custom:<id or title>`` (or ``custom.<...>``) is a custom field. ``COLUMN=FIELD`` overrides map any
column (``COLUMN=`` ignores it). An unmapped column is an error unless unknown columns are ignored,
so that no data is dropped without being asked for. Several columns may map to ``tags``.

Line numbers are those of the file (the header is line 1), counting the lines inside quoted values;
a row is numbered by the line where it starts. Blank lines are not rows and are not reported.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import BulkItem
from .validation import CONTACT_FIELDS, Rejection

_ALIASES: dict[str, str] = {
    "phone": "phone",
    "phonenumber": "phone",
    "phoneno": "phone",
    "mobile": "phone",
    "mobilephone": "phone",
    "mobilenumber": "phone",
    "cell": "phone",
    "cellphone": "phone",
    "telephone": "phone",
    "tel": "phone",
    "first": "first",
    "firstname": "first",
    "givenname": "first",
    "last": "last",
    "lastname": "last",
    "surname": "last",
    "familyname": "last",
    "name": "display_name",
    "fullname": "display_name",
    "displayname": "display_name",
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "tags": "tags",
    "tag": "tags",
    "tagids": "tags",
    "assignee": "assignee_id",
    "assigneeid": "assignee_id",
    "avatar": "avatar",
    "avatarurl": "avatar",
    "optedout": "is_opted_out",
    "isoptedout": "is_opted_out",
    "optout": "is_opted_out",
    "emailsuppressions": "email_suppressions",
}
_LIST_FIELDS = ("tags", "email_suppressions")
_CUSTOM = re.compile(r"^custom[:.](?P<key>.+)$", re.IGNORECASE)


class CsvMappingError(ValueError):
    """The header cannot be mapped (unknown columns, no phone column, a field given twice...)."""


@dataclass(frozen=True)
class Target:
    field: str
    """A ``ContactRequest`` field name, or ``custom``."""
    key: str = ""
    """For ``custom``: the field id or title."""


@dataclass(frozen=True)
class ColumnMap:
    header: tuple[str, ...]
    targets: tuple[Target | None, ...]
    """One per column; None for an ignored column."""

    @property
    def custom_titles(self) -> list[str]:
        """Custom keys that are titles (not numeric ids): they need ``listContactFields``."""
        return [t.key for t in self.targets if t is not None and t.field == "custom" and not t.key.isdigit()]

    def describe(self) -> dict[str, str]:
        return {
            column: ("(ignored)" if t is None else f"custom:{t.key}" if t.field == "custom" else t.field)
            for column, t in zip(self.header, self.targets, strict=True)
        }


def parse_target(text: str) -> Target | None:
    """``phone``, ``first``..., ``custom:<key>``, or empty (ignore the column)."""
    text = text.strip()
    if not text:
        return None
    custom = _CUSTOM.match(text)
    if custom:
        key = custom.group("key").strip()
        if not key:
            raise CsvMappingError(f"{text!r}: custom needs a field id or title after the colon")
        return Target("custom", key)
    field = _ALIASES.get(_squash(text), text)
    if field not in CONTACT_FIELDS or field == "custom":
        raise CsvMappingError(f"{text!r} is not a contact field (fields: {', '.join(CONTACT_FIELDS)}, custom:<key>)")
    return Target(field)


def build_column_map(
    header: Sequence[str], overrides: Mapping[str, str] | None = None, *, ignore_unknown: bool = False
) -> ColumnMap:
    overrides = dict(overrides or {})
    names = [h.strip() for h in header]
    if len(set(names)) != len(names):
        repeated = sorted(n for n, c in Counter(names).items() if c > 1)
        raise CsvMappingError(f"the header repeats column(s) {quote_columns(repeated)}")
    unused = sorted(set(overrides) - set(names))
    if unused:
        raise CsvMappingError(f"--map names column(s) not in the header: {', '.join(map(repr, unused))}")
    targets: list[Target | None] = []
    unknown: list[str] = []
    for name in names:
        if name in overrides:
            targets.append(parse_target(overrides[name]))
            continue
        try:
            targets.append(parse_target(name) if name else None)
        except CsvMappingError:
            targets.append(None)
            unknown.append(name)
    if unknown and not ignore_unknown:
        raise CsvMappingError(
            f"column(s) {quote_columns(unknown)} map to no contact field: map them with "
            "--map 'COLUMN=FIELD' (e.g. --map 'Company=custom:Company'), ignore one with --map 'COLUMN=', "
            "or pass --ignore-unknown-columns"
        )
    seen: dict[str, str] = {}
    for name, target in zip(names, targets, strict=True):
        if target is None or target.field in _LIST_FIELDS:
            continue
        key = f"custom:{target.key.casefold()}" if target.field == "custom" else target.field
        if key in seen:
            raise CsvMappingError(f"columns {seen[key]!r} and {name!r} both map to {key}")
        seen[key] = name
    if "phone" not in seen:
        raise CsvMappingError("no column maps to phone (name one phone, or use --map 'COLUMN=phone')")
    return ColumnMap(tuple(names), tuple(targets))


def read_header(path: Path, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[str]:
    with path.open(newline="", encoding=encoding) as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            if row:
                return row
    raise CsvMappingError(f"{path} has no header line")


def iter_rows(
    path: Path, column_map: ColumnMap, *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Iterator[BulkItem]:
    """One :class:`BulkItem` per data row, lazily; malformed rows come as pre-rejected items."""
    for line, row in iter_data_rows(path, encoding=encoding, delimiter=delimiter):
        yield _item(row, line, column_map)


def iter_data_rows(path: Path, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every data row: the header and blank lines are skipped."""
    with path.open(newline="", encoding=encoding) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header_seen = False
        previous_end = 0
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if not header_seen:
                header_seen = True
                continue
            yield start, row


def count_and_hash(path: Path, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> tuple[int, str]:
    """Data rows in the file (for the progress bar) and the SHA-256 of its bytes (the journal's check)."""
    digest = hashlib.sha256()
    with path.open("rb") as raw:
        for block in iter(lambda: raw.read(1 << 20), b""):
            digest.update(block)
    rows = 0
    with path.open(newline="", encoding=encoding) as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            if row and not (len(row) == 1 and not row[0].strip()):
                rows += 1
    return max(0, rows - 1), "sha256:" + digest.hexdigest()


def _item(row: list[str], line: int, column_map: ColumnMap) -> BulkItem:
    contact: dict[str, Any] = {}
    width = len(column_map.header)
    if len(row) != width:
        # Still parsed as far as possible, so that the report can show the phone.
        phone_at = [i for i, t in enumerate(column_map.targets) if t is not None and t.field == "phone"]
        if phone_at and phone_at[0] < len(row):
            contact["phone"] = row[phone_at[0]]
        rejection = Rejection("invalid_row", f"{len(row)} fields where the header has {width}")
        return BulkItem(contact, line=line, rejection=rejection)
    custom: dict[str, str] = {}
    for value, target in zip(row, column_map.targets, strict=True):
        if target is None:
            continue
        if target.field == "custom":
            custom[target.key] = value
        elif target.field in _LIST_FIELDS:
            if value.strip():
                previous = contact.get(target.field)
                contact[target.field] = f"{previous};{value}" if previous else value
        else:
            contact[target.field] = value
    if custom:
        contact["custom"] = custom
    return BulkItem(contact, line=line)


def quote_columns(names: Sequence[str], limit: int = 5, width: int = 40) -> str:
    """At most ``limit`` column names, each cut to ``width`` characters, and how many more there are."""
    shown = [repr(n if len(n) <= width else n[: width - 1] + "…") for n in names[:limit]]
    more = f" and {len(names) - limit:,} more" if len(names) > limit else ""
    return ", ".join(shown) + more


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()
