"""One contact of an input file, the choice of its phone and email, and its request body.

Every reader (plain CSV, a known export layout, vCard, JSON Lines) turns its rows into a
:class:`Record`: the names, every phone and email *candidate* with where it came from and the type the
file gave it, and the other fields mapped by :mod:`heymarket.bulk.mapping`. :func:`record_item` then
chooses one phone and one email, normalises the record once and yields the finished body (a
:class:`~heymarket.bulk.validation.PreparedContact`), or the raw fields with their rejection, and a
:class:`RecordInfo` that says which number was used and why:

* Phone: the first valid *mobile* number when the file marks types (a preferred one first among
  several mobiles), else the first valid number, in the file's order. Numbers typed as fax or pager
  are never candidates (they cannot receive text messages). When no candidate is valid, the record is
  rejected with the first one's ``invalid_phone`` (and its number is shown).
* Email: the first valid address; when none is valid, the record is rejected with the first one's
  ``invalid_email``. An Exchange address (``/o=ExchangeLabs/ou=...``, what Outlook exports for a
  colleague) is no email at all: it is left out with a warning, and the record keeps its phone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .items import BulkItem
from .mapping import LIST_FIELDS, FieldMap, Target
from .validation import Rejection, normalize_email, normalize_phone, prepare_contact

_MULTI = re.compile(r"\s*:::\s*")
"""Google Contacts writes several values of one label in one cell: ``a ::: b``."""
_MOBILE_WORDS = frozenset({"mobile", "cell", "cellular", "iphone", "mobilephone", "cellphone", "text", "sms"})
_UNUSABLE_WORDS = frozenset({"fax", "pager", "telex", "tty", "ttytdd", "isdn", "modem"})
_WORD = re.compile(r"[a-z0-9]+")
_EXCHANGE = re.compile(r"^/o=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phone number or email address of a record."""

    value: str
    """As written in the file."""
    source: str
    """Where it was: a column name (``Phone 2 - Value``) or a vCard property (``TEL, line 12``)."""
    label: str = ""
    """The type as the file wrote it (``Mobile``, ``CELL,VOICE``...), if any."""
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
    warnings: tuple[str, ...] = ()
    """Values left out of an imported record (an Exchange address in place of an email)."""


@dataclass
class Record:
    """A contact of a file, before the choice of one phone and one email."""

    line: int
    first: str = ""
    last: str = ""
    display_name: str = ""
    phones: list[Candidate] = field(default_factory=list)
    emails: list[Candidate] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    """Values of the columns (or vCard properties) named by a :class:`FieldMap`, by that name."""
    values: dict[str, Any] = field(default_factory=dict)
    """Other fields, already typed (``tags`` a list, ``custom`` a mapping...)."""


@dataclass(frozen=True, slots=True)
class Choice:
    candidate: Candidate | None
    normalized: str | Rejection | None
    why: str = ""
    mobile: bool = False


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


def pick_phone(candidates: list[Candidate], default_region: str | None) -> Choice:
    """The number to use (normalised once here), why, and whether a mobile was chosen among typed ones."""
    if not candidates:
        return Choice(None, None)
    valid: list[tuple[Candidate, str]] = []
    first_error: Rejection | None = None
    for candidate in candidates:
        try:
            valid.append((candidate, normalize_phone(candidate.value, default_region)))
        except Rejection as error:
            first_error = first_error or error
    count = len(candidates)
    if count == 1:  # the usual case: no counts to tell
        if not valid:
            return Choice(candidates[0], first_error, f"{candidates[0].describe()}: not a valid number")
        chosen, number = valid[0]
        return Choice(chosen, number, chosen.describe(), chosen.mobile)
    plural = f"{count} numbers"
    invalid = count - len(valid)
    skipped = f", {invalid} not valid" if invalid and valid else ""
    if not valid:
        why = "not a valid number" if count == 1 else f"none of the {plural} is valid; the first is shown"
        return Choice(candidates[0], first_error, f"{candidates[0].describe()}: {why}")
    mobiles = [pair for pair in valid if pair[0].mobile]
    if mobiles:
        chosen, number = next((pair for pair in mobiles if pair[0].preferred), mobiles[0])
        why = chosen.describe() if count == 1 else f"{chosen.describe()}: the mobile number ({plural}{skipped})"
        return Choice(chosen, number, why, True)
    chosen, number = valid[0]
    why = chosen.describe() if count == 1 else f"{chosen.describe()}: the first valid number ({plural}{skipped})"
    return Choice(chosen, number, why)


def choose_phone(candidates: list[Candidate], default_region: str | None) -> tuple[Candidate | None, str, bool]:
    """(the number to use, why, whether a mobile was chosen among typed numbers)."""
    choice = pick_phone(candidates, default_region)
    return choice.candidate, choice.why, choice.mobile


def pick_email(candidates: list[Candidate]) -> tuple[Choice, list[str]]:
    """The first valid address (normalised), else the first one's rejection; Exchange addresses left out."""
    warnings: list[str] = []
    first: Choice | None = None
    for candidate in candidates:
        if _EXCHANGE.match(candidate.value.strip()):
            text = candidate.value.strip()
            shown = text if len(text) <= 40 else text[:39] + "…"
            warnings.append(f"{candidate.source}: {shown!r} is an Exchange address, not an email: left out")
            continue
        try:
            return Choice(candidate, normalize_email(candidate.value)), warnings
        except Rejection as error:
            first = first or Choice(candidate, error)
    return first or Choice(None, None), warnings


def apply_map(record: Record, field_map: FieldMap) -> None:
    """Put the values of ``record.extra`` into the fields ``field_map`` gives their names.

    A name mapped to ``phone``, ``email`` or a name field takes that field over from the layout."""
    phones: list[Candidate] | None = None
    emails: list[Candidate] | None = None
    for name, target in zip(field_map.names, field_map.targets, strict=True):
        if target is None:
            continue
        value = record.extra.get(name, "")
        if target.field == "phone":
            phones = phones or []
            phones += [Candidate(v, name, mobile=target.mobile) for v in split_values(value)]
        elif target.field == "email":
            emails = (emails or []) + [Candidate(v, name) for v in split_values(value)]
        else:
            put(record, target, value)
    if phones is not None:
        record.phones = phones
    if emails is not None:
        record.emails = emails


def put(record: Record, target: Target, value: str) -> None:
    """One mapped value of a field other than the phone and the email."""
    if target.field in ("first", "last", "display_name"):
        setattr(record, target.field, value)
    elif target.field == "custom":
        record.values.setdefault("custom", {})[target.key] = value
    elif target.field in LIST_FIELDS:
        if value.strip():
            record.values.setdefault(target.field, []).append(value)
    else:
        record.values[target.field] = value


def record_item(
    record: Record, default_region: str | None, rejection: Rejection | None = None, *, column_only: bool = False
) -> tuple[BulkItem, RecordInfo]:
    """The item of ``record`` (its finished body, or its fields and rejection) and what the report says.

    ``rejection``: the reader already knows the record is unusable (a malformed row): it is not built.
    ``column_only``: a record with one number (or none) names it by its column alone (a plain CSV)."""
    fields: dict[str, Any] = {name: getattr(record, name) for name in ("first", "last", "display_name")}
    fields = {k: v for k, v in fields.items() if v}
    fields.update(record.values)
    email, warnings = pick_email(record.emails)
    if email.candidate is not None:
        fields["email"] = email.candidate.value
    phone = pick_phone(record.phones, default_region)
    if phone.candidate is not None:
        fields["phone"] = phone.candidate.value
    usable = len(record.phones)
    why = phone.why
    if column_only and usable <= 1:
        why = record.phones[0].source if usable else ""
    info = RecordInfo(
        name=record_name(fields),
        phone_source=why,
        several=usable > 1,
        chose_mobile=phone.mobile and usable > 1,
        warnings=tuple(warnings),
    )
    if rejection is not None:
        return BulkItem(fields, line=record.line, rejection=rejection), info
    try:
        body = prepare_contact(fields, default_region, phone=phone.normalized, email=email.normalized)
    except Rejection as error:
        return BulkItem(fields, line=record.line, rejection=error), info
    return BulkItem(body, line=record.line), info


def record_name(contact: Mapping[str, Any]) -> str:
    """Who an input contact is, for the report: its name, else its email, else ``(no name)``."""

    def text(key: str) -> str:
        value = contact.get(key)
        return " ".join(value.split()) if isinstance(value, str) else ""

    name = " ".join(part for part in (text("first"), text("last")) if part) or text("display_name")
    return name or text("email") or "(no name)"
