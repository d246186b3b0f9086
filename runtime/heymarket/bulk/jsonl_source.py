"""JSON Lines input: what ``heymarket contacts export FILE.jsonl`` writes, so that an export imports back.

Each non-blank line is one contact object as the API returns it (v2 ``listContactsV2`` records). The
fields a create takes are read: ``phone`` (E.164 digits, read as such whatever ``--default-region``),
``first``, ``last``, ``display_name``, ``email``, ``avatar``, ``custom`` (keyed by field id, or title),
``tags`` (``[{"tag_id": n}]``, ``[{"id": n}]`` or ids), ``assigned_user_id`` (or ``assignee_id``) and
``is_opted_out``. The server's own keys (``id``, ``uuid``, ``created``, ``contact_channels``...) are
ignored and listed in the summary. ``--map`` names keys (``--map note=custom:Note``). A line that is not
a JSON object is rejected ``invalid_row``; records are numbered by their line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from .items import BulkItem
from .mapping import CsvMappingError, overrides_map
from .records import Candidate, Record, RecordInfo, apply_map, record_item
from .source_base import ContactSource
from .textfile import TextFile
from .validation import Rejection

_READ = frozenset(
    {"phone", "first", "last", "display_name", "email", "avatar", "custom", "tags", "is_opted_out"}
    | {"assigned_user_id", "assignee_id"}
)
_SERVER_KEYS = frozenset({"id", "uuid", "team_id", "creator_id", "created", "updated", "rev", "op", "shared"})


class JsonlSource(ContactSource):
    """A ``.jsonl`` file: one contact object per line."""

    kind = "JSON Lines"
    unit = "records"
    layout = "JSON Lines"

    def __init__(
        self, text: TextFile, lines: Iterator[str], *, overrides: Mapping[str, str], default_region: str | None
    ) -> None:
        super().__init__(text, default_region=default_region)
        keys: set[str] = set()
        self._titles: dict[str, None] = {}
        for line in lines:
            if not line.strip():
                continue
            self.total += 1
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                keys.update(k for k, v in value.items() if v not in (None, "", [], {}))
                custom = value.get("custom")
                if isinstance(custom, dict):
                    self._titles.update((str(k).strip(), None) for k in custom if not str(k).strip().isdigit())
        absent = sorted(set(overrides) - keys)
        if absent:
            raise CsvMappingError(f"--map names keys that no record has: {', '.join(map(repr, absent))}")
        self.mapped = overrides_map(list(overrides), overrides, "keys")
        self.ignored = sorted(keys - _READ - _SERVER_KEYS - set(overrides))
        self.ignored_empty = 0
        self.notes = self._left_out_notes()

    @property
    def custom_titles(self) -> list[str]:
        return [*self._titles, *self.mapped.custom_titles]

    def describe(self) -> dict[str, str]:
        return {"(layout)": "jsonl", **self.mapped.describe("(ignored by --map)")}

    def records(self) -> Iterator[tuple[BulkItem, RecordInfo]]:
        number = 0
        for line in self.text.lines():
            number += 1
            if not line.strip():
                continue
            try:
                value: Any = json.loads(line)
            except ValueError as error:
                value, why = None, f"not JSON: {str(error)[:80]}"
            else:
                why = f"a JSON {type(value).__name__}, not an object"
            if not isinstance(value, dict):
                rejection = Rejection("invalid_row", why)
                yield BulkItem({}, line=number, rejection=rejection), RecordInfo("(malformed line)", "")
                continue
            yield record_item(self._record(value, number), self.default_region)

    def _record(self, value: dict[str, Any], line: int) -> Record:
        record = Record(line=line)
        skip = set(self.mapped.names)
        for key in ("first", "last", "display_name"):
            if key not in skip and isinstance(value.get(key), str):
                setattr(record, key, value[key])
        phone = value.get("phone")
        if "phone" not in skip and isinstance(phone, str | int) and str(phone).strip():
            digits = str(phone).strip()
            record.phones = [Candidate("+" + digits if digits.isdigit() else digits, "phone")]
        email = value.get("email")
        if "email" not in skip and isinstance(email, str) and email.strip():
            record.emails = [Candidate(email, "email")]
        for key in ("avatar", "is_opted_out"):
            if key not in skip and value.get(key) is not None:
                record.values[key] = value[key]
        assignee = value.get("assignee_id", value.get("assigned_user_id"))
        if assignee is not None and not skip & {"assignee_id", "assigned_user_id"}:
            record.values["assignee_id"] = assignee
        custom = value.get("custom")
        if "custom" not in skip and isinstance(custom, dict) and custom:
            record.values["custom"] = dict(custom)
        tags = value.get("tags")
        if "tags" not in skip and isinstance(tags, list) and tags:
            record.values["tags"] = [_tag_id(tag) for tag in tags]
        record.extra = {
            name: v if isinstance(v := value.get(name), str) else json.dumps(v) if v is not None else ""
            for name in self.mapped.names
        }
        apply_map(record, self.mapped)
        return record


def _tag_id(tag: object) -> object:
    if isinstance(tag, dict):
        return tag.get("tag_id", tag.get("id"))
    return tag
