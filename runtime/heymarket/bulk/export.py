"""``heymarket contacts export FILE``: every contact of the team, streamed through the pagers.

The format follows the file name: ``.csv`` writes the columns ``heymarket contacts import`` reads back
(:data:`CSV_COLUMNS`, then one ``custom:<title>`` column per custom field of the team); ``.jsonl``
(or ``.ndjson``) writes one JSON object per line, each contact as the API returned it.

* CSV goes through ``iter_contacts`` (``listContacts``, v1): the fields the importer sends are the
  v1 fields. Phones are written ``+<E.164 digits>`` so that reading them back never depends on
  ``--default-region``. A custom field whose title is all digits, or shared by several fields
  (ignoring case), gets a ``custom:<id>`` column instead, which the importer reads as an id. Values
  of fields that are not in the team's field list any more are left out (and counted).
* JSON Lines goes through ``iter_contacts_v2`` (``listContactsV2``): v2 records also carry ``uuid``
  and ``contact_channels``.

Memory stays flat whatever the number of contacts: one page is held at a time, each contact is
written as it comes, and the pager writes a contact that a page shift repeats once by keeping only the
last ``updated`` value it yielded (the lists are newest first; see ``heymarket._paging``). The file is written as ``FILE.part`` and renamed
to ``FILE`` only when every page was read, so an interrupted export never leaves a file that looks
complete.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from heymarket import APIError, iter_contacts, iter_contacts_v2
from heymarket_auth.errors import HeymarketError
from heymarket_client import AuthenticatedClient
from heymarket_client.models import Contact, ListContactFieldsRequest, ListContactsRequest

from .calls import expect
from .fields import field_pairs
from .mapping import fold

CSV_COLUMNS = ("phone", "first", "last", "display_name", "email", "tags", "assignee_id", "avatar", "is_opted_out")
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


class ExportError(HeymarketError):
    """The file name has no export format (a failed request raises the runtime's typed error)."""


@dataclass
class ExportReport:
    path: Path
    format: str
    contacts: int = 0
    columns: list[str] = field(default_factory=list)
    """CSV only: the header written."""
    dropped_custom: int = 0
    """CSV only: custom values of fields missing from the team's field list (not written)."""
    duration: float = 0.0


def export_format(path: Path) -> str:
    """``csv`` or ``jsonl``, from the file name."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise ExportError(f"{path.name}: the file name must end in .csv or .jsonl (or .ndjson)")
    return found


def count_all(client: AuthenticatedClient) -> int | None:
    """The number of contacts (``countContacts``), for the progress bar; None when it is not known."""
    try:
        count = expect(lambda: client.contacts.count(body=ListContactsRequest()))
    except APIError:
        return None  # the bar shows no total; the pagers meet any real fault and report it
    text = str(count).strip()
    return int(text) if text.isdigit() else None


def custom_columns(client: AuthenticatedClient) -> list[tuple[str, str]]:
    """(field id, column name) for every custom field of the team, in the server's order."""
    fields = field_pairs(expect(lambda: client.contact_fields.list(body=ListContactFieldsRequest())))
    shared = Counter(fold(title) for title, _ in fields)
    columns: list[tuple[str, str]] = []
    for title, field_id in fields:
        clean = " ".join(title.split())
        by_title = clean and not clean.isdigit() and shared[fold(title)] == 1
        columns.append((field_id, f"custom:{clean}" if by_title else f"custom:{field_id}"))
    return columns


def export_contacts(
    client: AuthenticatedClient,
    path: Path,
    *,
    page_size: int = 30,
    on_contact: Callable[[int], None] | None = None,
) -> ExportReport:
    """Write every contact to ``path`` (CSV or JSON Lines by its extension); ``on_contact`` gets the
    running count after each contact. Typed errors of the pagers (``heymarket.APIStatusError``...)
    go through; the partial file is removed then."""
    started = time.monotonic()
    report = ExportReport(path=path, format=export_format(path))
    partial = path.with_name(path.name + ".part")
    customs = custom_columns(client) if report.format == "csv" else []
    try:
        with partial.open("w", newline="", encoding="utf-8") as handle:
            if report.format == "csv":
                _write_csv(handle, iter_contacts(client, page_size=page_size), customs, report, on_contact)
            else:
                _write_jsonl(handle, iter_contacts_v2(client, page_size=page_size), report, on_contact)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    report.duration = time.monotonic() - started
    return report


def _write_csv(
    handle: TextIO,
    contacts: Iterator[Contact],
    customs: list[tuple[str, str]],
    report: ExportReport,
    on_contact: Callable[[int], None] | None,
) -> None:
    writer = csv.writer(handle)
    report.columns = [*CSV_COLUMNS, *(name for _, name in customs)]
    writer.writerow(report.columns)
    known = {field_id for field_id, _ in customs}
    for contact in contacts:
        values = contact.to_dict()
        custom = values.get("custom") if isinstance(values.get("custom"), dict) else {}
        assert isinstance(custom, dict)
        report.dropped_custom += sum(1 for key, value in custom.items() if key not in known and not _blank(value))
        writer.writerow([*_csv_fields(values), *(_text(custom.get(field_id)) for field_id, _ in customs)])
        report.contacts += 1
        if on_contact is not None:
            on_contact(report.contacts)


def _write_jsonl(
    handle: TextIO, contacts: Iterator[Contact], report: ExportReport, on_contact: Callable[[int], None] | None
) -> None:
    for contact in contacts:
        handle.write(json.dumps(contact.to_dict(), ensure_ascii=False, separators=(",", ":")))
        handle.write("\n")
        report.contacts += 1
        if on_contact is not None:
            on_contact(report.contacts)


def _csv_fields(values: dict[str, Any]) -> list[str]:
    phone = _text(values.get("phone"))
    digits = "".join(c for c in phone if c.isdigit())
    tags = values.get("tags")
    tag_ids: list[str] = []
    if isinstance(tags, list):
        for tag in tags:
            tag_id = tag.get("tag_id", tag.get("id")) if isinstance(tag, dict) else tag
            if isinstance(tag_id, int | str) and str(tag_id).strip():
                tag_ids.append(str(tag_id).strip())
    return [
        f"+{digits}" if digits else phone,
        _text(values.get("first")),
        _text(values.get("last")),
        _text(values.get("display_name")),
        _text(values.get("email")),
        ";".join(tag_ids),
        _text(values.get("assigned_user_id")),
        _text(values.get("avatar")),
        _text(values.get("is_opted_out")),
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
