"""One contact of an address-book export, and the choice of its phone and email.

Exports hold several numbers and addresses per person (several columns, several values in one cell,
several ``TEL`` lines); a Heymarket contact has one phone and one email. A :class:`Record` keeps every
candidate with where it came from and the type the export gave it; :func:`record_contact` turns it
into the input contact of ``bulk_create_contacts`` and says, in a :class:`RecordInfo`, which number
was used and why:

* Phone: the first valid *mobile* number when the export marks types (a preferred one first among
  several mobiles), else the first valid number, in the export's order. Numbers typed as fax or pager
  are never candidates (they cannot receive text messages). When no candidate is valid, the first one
  is sent on, so that validation rejects the record with ``invalid_phone`` and shows the number.
* Email: the first valid address; when none is valid, the first one (rejected with ``invalid_email``).

"Valid" is :func:`heymarket.bulk.validation.normalize_phone` / ``normalize_email``, the same rules the
import applies afterwards.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .validation import Rejection, normalize_email, normalize_phone

_MULTI = re.compile(r"\s*:::\s*")
"""Google Contacts writes several values of one label in one cell: ``a ::: b``."""
_MOBILE_WORDS = frozenset({"mobile", "cell", "cellular", "iphone", "mobilephone", "cellphone", "text", "sms"})
_UNUSABLE_WORDS = frozenset({"fax", "pager", "telex", "tty", "ttytdd", "isdn", "modem"})
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phone number or email address of a record."""

    value: str
    """As written in the export."""
    source: str
    """Where it was: a column name (``Phone 2 - Value``) or a vCard property (``TEL, line 12``)."""
    label: str = ""
    """The type as the export wrote it (``Mobile``, ``CELL,VOICE``...), if any."""
    mobile: bool = False
    preferred: bool = False

    def describe(self) -> str:
        return f"{self.source} [{self.label}]" if self.label else self.source


@dataclass(frozen=True, slots=True)
class RecordInfo:
    """What the report says about an input record besides its outcome."""

    name: str
    """Who the record is: its name, else its email, else ``(no name)``."""
    phone_source: str
    """Which number was used and why, e.g. ``Phone 2 - Value [Mobile]: the mobile number (2 numbers)``."""
    several: bool = False
    """True when the record had several usable numbers to choose from."""
    chose_mobile: bool = False


@dataclass
class Record:
    """A contact of an export, before the choice of one phone and one email."""

    line: int
    first: str = ""
    last: str = ""
    display_name: str = ""
    phones: list[Candidate] = field(default_factory=list)
    emails: list[Candidate] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    """Values of the columns (or vCard properties) named by ``--map``, by that name."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """A ``--map`` entry: which field a column (or vCard property) goes to."""

    name: str
    field: str
    key: str = ""
    """For ``custom``: the field id or title."""


_LIST_FIELDS = ("tags", "email_suppressions")


def split_values(cell: str) -> list[str]:
    """The values of one cell: Google's ``a ::: b`` gives two; blanks are dropped."""
    return [part for part in _MULTI.split(cell.strip()) if part] if cell and cell.strip() else []


def words(text: str) -> set[str]:
    """Lower-case words of a type label, with the words of two-word forms joined (``mobile phone``)."""
    found = _WORD.findall(text.casefold())
    return set(found) | {a + b for a, b in itertools.pairwise(found)}


def is_mobile(label: str) -> bool:
    return bool(words(label) & _MOBILE_WORDS)


def is_unusable(label: str) -> bool:
    """A fax or pager number (and not also marked mobile): it cannot receive a text message."""
    found = words(label)
    return bool(found & _UNUSABLE_WORDS) and not found & _MOBILE_WORDS


def choose_phone(candidates: list[Candidate], default_region: str | None) -> tuple[Candidate | None, str, bool]:
    """(the number to use, why, whether a mobile was chosen among typed numbers)."""
    if not candidates:
        return None, "", False
    valid: list[Candidate] = []
    for candidate in candidates:
        try:
            normalize_phone(candidate.value, default_region)
        except Rejection:
            continue
        valid.append(candidate)
    count = len(candidates)
    plural = f"{count} numbers"
    invalid = count - len(valid)
    skipped = f", {invalid} not valid" if invalid and valid else ""
    if not valid:
        why = "not a valid number" if count == 1 else f"none of the {plural} is valid; the first is shown"
        return candidates[0], f"{candidates[0].describe()}: {why}", False
    mobiles = [c for c in valid if c.mobile]
    if mobiles:
        chosen = next((c for c in mobiles if c.preferred), mobiles[0])
        if count == 1:
            return chosen, chosen.describe(), True
        return chosen, f"{chosen.describe()}: the mobile number ({plural}{skipped})", True
    chosen = valid[0]
    if count == 1:
        return chosen, chosen.describe(), False
    return chosen, f"{chosen.describe()}: the first valid number ({plural}{skipped})", False


def choose_email(candidates: list[Candidate]) -> Candidate | None:
    for candidate in candidates:
        try:
            normalize_email(candidate.value)
        except Rejection:
            continue
        return candidate
    return candidates[0] if candidates else None


def record_contact(
    record: Record, assignments: Mapping[str, Assignment], default_region: str | None
) -> tuple[dict[str, Any], RecordInfo]:
    """The input contact (``ContactRequest`` field names) of ``record``, and what the report says of it.

    ``assignments`` (from ``--map``) put the values of ``record.extra`` into fields; a column mapped to
    ``phone``, ``email`` or a name field takes that field over from the layout.
    """
    contact: dict[str, Any] = {}
    explicit = {a.field for a in assignments.values() if a.field != "custom" and a.field not in _LIST_FIELDS}
    for name in ("first", "last", "display_name"):
        value = getattr(record, name)
        if name not in explicit and value:
            contact[name] = value
    phones = record.phones
    emails = record.emails
    custom: dict[str, str] = {}
    for assignment in assignments.values():
        value = record.extra.get(assignment.name, "")
        if assignment.field == "phone":
            phones = [Candidate(v, assignment.name) for v in split_values(value)]
        elif assignment.field == "email":
            emails = [Candidate(v, assignment.name) for v in split_values(value)]
        elif assignment.field == "custom":
            custom[assignment.key] = value
        elif assignment.field in _LIST_FIELDS:
            if value.strip():
                previous = contact.get(assignment.field)
                contact[assignment.field] = f"{previous};{value}" if previous else value
        else:
            contact[assignment.field] = value
    if custom:
        contact["custom"] = custom
    email = choose_email(emails)
    if email is not None:
        contact["email"] = email.value
    phone, why, chose_mobile = choose_phone(phones, default_region)
    if phone is not None:
        contact["phone"] = phone.value
    usable = len(phones)
    info = RecordInfo(
        name=record_name(contact),
        phone_source=why,
        several=usable > 1,
        chose_mobile=chose_mobile and usable > 1,
    )
    return contact, info


def record_name(contact: Mapping[str, Any]) -> str:
    """Who an input contact is, for the report: its name, else its email, else ``(no name)``."""

    def text(key: str) -> str:
        value = contact.get(key)
        return " ".join(value.split()) if isinstance(value, str) else ""

    name = " ".join(part for part in (text("first"), text("last")) if part) or text("display_name")
    return name or text("email") or "(no name)"
