"""Contact export layouts of address books and CRMs, recognised from a CSV header row.

Each :class:`Layout` names the columns that give a contact's name, email and phone numbers in one
vendor's export, and the columns that identify that export (its *signature*). :func:`detect_layout`
returns the first layout whose signature the header has (names compared without case and with runs
of spaces folded); :func:`plan_layout` then reads every row of that header into a
:class:`~heymarket.bulk.records.Record`. Columns a layout does not use are ignored (and listed by the
import's summary); ``--map`` assignments apply on top.

Layouts (from the vendors' published export headers):

* **Google Contacts CSV** -- any ``Phone N - Value`` / ``E-mail N - Value`` column. Both the current
  export (``First Name``, ``Last Name``, ``Phone 1 - Label``...) and the older one (``Name``, ``Given
  Name``, ``Family Name``, ``Phone 1 - Type``...). The label column gives each number's type; one
  cell may hold several values joined by ``:::``.
* **Outlook CSV** -- ``E-mail Address`` and ``Mobile Phone`` with ``Business Phone`` or ``Home Phone``
  (Outlook.com, Outlook for Windows, and Google's "Outlook CSV"). The column gives the type.
* **Outlook CSV (German)** -- the same export from a German Outlook: ``E-Mail-Adresse``,
  ``Mobiltelefon`` with ``Telefon geschäftlich`` or ``Telefon privat`` (``Vorname``, ``Nachname``,
  ``E-Mail 2: Adresse``, ``Haupttelefon``, ``Weiteres Telefon``, ``Autotelefon``...).
* **HubSpot contacts export** -- ``Record ID`` with ``First Name`` or ``Last Name``, and ``Email``,
  ``Phone Number`` or ``Mobile Phone Number``.
* **Salesforce contacts (Data Export / Data Loader)** -- API field names: ``Id``, ``LastName`` and one
  of ``AccountId``, ``OwnerId``, ``Salutation``, ``MailingStreet``, ``CreatedDate``, ``SystemModstamp``.
  Rows with ``IsDeleted`` true (records in the recycle bin) are left out.
* **Salesforce contacts report** -- field labels: ``First Name``, ``Last Name``, ``Account Name`` and
  ``Contact ID`` or ``Contact Owner``.

Fax, pager, telex, TTY/TDD, ISDN, callback, radio, assistant's and company main numbers are never
candidates: they do not reach the person by text message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .mapping import CsvMappingError, FieldMap, fold, overrides_map
from .records import Candidate, Record, is_mobile, is_unusable, split_values

MOBILE = "mobile"
OTHER = "other"


@dataclass(frozen=True)
class ColumnRule:
    """Headers matching ``pattern`` are phone (or email) columns."""

    pattern: str
    """A regular expression matched against the whole folded header."""
    label: str | None = None
    """Template of the folded name of the column holding the value's type (``phone {0} - label``),
    ``{0}`` being the pattern's first group; None when the column name itself gives the type."""
    kind: str = OTHER
    """For columns without a label column: ``mobile`` or ``other``."""

    def match(self, folded: str) -> re.Match[str] | None:
        return re.fullmatch(self.pattern, folded)


@dataclass(frozen=True)
class Layout:
    key: str
    title: str
    signature: tuple[tuple[str, ...], ...]
    """Each entry: at least one of these folded names is in the header (a regex when it starts with ^)."""
    first: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    display_name: tuple[str, ...] = ()
    phones: tuple[ColumnRule, ...] = ()
    emails: tuple[ColumnRule, ...] = ()
    deleted: str | None = None
    """Folded name of a column that marks deleted records (``true``/``1``): those rows are left out."""

    def matches(self, folded: Sequence[str]) -> bool:
        names = set(folded)
        for options in self.signature:
            if not any(
                (any(re.fullmatch(o[1:], n) for n in names) if o.startswith("^") else o in names) for o in options
            ):
                return False
        return True


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        key="google-csv",
        title="Google Contacts CSV",
        signature=((r"^(phone|e-mail) \d+ - value",),),
        first=("first name", "given name"),
        last=("last name", "family name"),
        display_name=("name",),
        phones=(
            ColumnRule(r"phone (\d+) - value", label="phone {0} - label"),
            ColumnRule(r"phone (\d+) - value", label="phone {0} - type"),
            ColumnRule(r"phone (\d+) - value"),
        ),
        emails=(
            ColumnRule(r"e-mail (\d+) - value", label="e-mail {0} - label"),
            ColumnRule(r"e-mail (\d+) - value", label="e-mail {0} - type"),
            ColumnRule(r"e-mail (\d+) - value"),
        ),
    ),
    Layout(
        key="outlook-csv",
        title="Outlook CSV",
        signature=(("e-mail address",), ("mobile phone",), ("business phone", "home phone")),
        first=("first name",),
        last=("last name",),
        phones=(
            ColumnRule(r"mobile phone", kind=MOBILE),
            ColumnRule(r"(primary|home|business|other|car) phone( 2)?"),
        ),
        emails=(ColumnRule(r"e-mail( [23])? address"),),
    ),
    Layout(
        key="outlook-csv-de",
        title="Outlook CSV (German)",
        signature=(("e-mail-adresse",), ("mobiltelefon",), ("telefon geschäftlich", "telefon privat")),
        first=("vorname",),
        last=("nachname",),
        phones=(
            ColumnRule(r"mobiltelefon( 2)?", kind=MOBILE),
            ColumnRule(r"(haupttelefon|telefon (geschäftlich|privat)( 2)?|weiteres telefon|autotelefon)"),
        ),
        emails=(ColumnRule(r"e-mail-adresse"), ColumnRule(r"e-mail [23]: adresse")),
    ),
    Layout(
        key="hubspot",
        title="HubSpot contacts export",
        signature=(("record id",), ("first name", "last name"), ("email", "phone number", "mobile phone number")),
        first=("first name",),
        last=("last name",),
        phones=(ColumnRule(r"mobile phone number", kind=MOBILE), ColumnRule(r"phone number")),
        emails=(ColumnRule(r"email"),),
    ),
    Layout(
        key="salesforce",
        title="Salesforce contacts (Data Export)",
        signature=(
            ("id",),
            ("lastname",),
            ("accountid", "ownerid", "salutation", "mailingstreet", "createddate", "systemmodstamp"),
        ),
        first=("firstname",),
        last=("lastname",),
        phones=(ColumnRule(r"mobilephone", kind=MOBILE), ColumnRule(r"(home|other)?phone")),
        emails=(ColumnRule(r"email"),),
        deleted="isdeleted",
    ),
    Layout(
        key="salesforce-report",
        title="Salesforce contacts report",
        signature=(("first name",), ("last name",), ("account name",), ("contact id", "contact owner")),
        first=("first name",),
        last=("last name",),
        phones=(ColumnRule(r"mobile( phone)?", kind=MOBILE), ColumnRule(r"(home |other |business )?phone")),
        emails=(ColumnRule(r"email"),),
    ),
)


def detect_layout(header: Sequence[str]) -> Layout | None:
    folded = [fold(h) for h in header]
    return next((layout for layout in LAYOUTS if layout.matches(folded)), None)


@dataclass(frozen=True)
class _Slot:
    index: int
    name: str
    label_index: int | None
    kind: str


@dataclass(frozen=True)
class LayoutPlan:
    """How each row of a header in a known layout becomes a :class:`Record`."""

    layout: Layout
    header: tuple[str, ...]
    first: int | None
    last: int | None
    display_name: int | None
    phones: tuple[_Slot, ...]
    emails: tuple[_Slot, ...]
    mapped: FieldMap
    """The columns named by ``--map``."""
    assigned: tuple[tuple[int, str], ...]
    """(column index, name) of the columns named by ``--map`` with a field."""
    ignored: tuple[int, ...]
    """Indices of the columns no role and no ``--map`` entry uses."""
    roles: dict[str, str] = field(default_factory=dict)
    deleted: int | None = None
    """Index of the column that marks deleted records."""

    def is_deleted(self, row: Sequence[str]) -> bool:
        index = self.deleted
        return index is not None and index < len(row) and row[index].strip().casefold() in ("true", "1")

    @property
    def width(self) -> int:
        return len(self.header)

    def record(self, row: Sequence[str], line: int) -> Record:
        record = Record(line=line)
        for name, index in (("first", self.first), ("last", self.last), ("display_name", self.display_name)):
            if index is not None:
                setattr(record, name, row[index].strip())
        record.phones = _candidates(self.phones, row, phone=True)
        record.emails = _candidates(self.emails, row, phone=False)
        record.extra = {name: row[index] for index, name in self.assigned}
        return record

    def describe(self) -> dict[str, str]:
        """Column to role, for the journal's check that a resume reads the input the same way."""
        return {"(layout)": self.layout.key, **self.roles}


def _candidates(slots: Sequence[_Slot], row: Sequence[str], *, phone: bool) -> list[Candidate]:
    found: list[Candidate] = []
    for slot in slots:
        values = split_values(row[slot.index])
        if not values:
            continue
        labels = split_values(row[slot.label_index]) if slot.label_index is not None else []
        for position, value in enumerate(values):
            label = labels[position] if len(labels) == len(values) else " ".join(labels)
            preferred = label.startswith("*")
            label = label.lstrip("* ").strip()
            if phone and label and is_unusable(label):
                continue
            source = slot.name if len(values) == 1 else f"{slot.name} #{position + 1}"
            mobile = slot.kind == MOBILE or (bool(label) and is_mobile(label))
            found.append(Candidate(value, source, label=label, mobile=mobile, preferred=preferred))
    return found


def plan_layout(layout: Layout, header: Sequence[str], overrides: Mapping[str, str] | None = None) -> LayoutPlan:
    """The plan for ``header`` (detected as ``layout``), with ``--map`` overrides (column to field)."""
    names = tuple(h.strip() for h in header)
    folded = [fold(n) for n in names]
    overrides = dict(overrides or {})
    unused = sorted(set(overrides) - set(names))
    if unused:
        raise CsvMappingError(f"--map names column(s) not in the header: {', '.join(map(repr, unused))}")
    for column in overrides:
        if names.count(column) > 1:
            raise CsvMappingError(f"--map names column {column!r}, which the header repeats")
    position = {f: i for i, f in reversed(list(enumerate(folded)))}
    taken: set[int] = {i for i, n in enumerate(names) if n in overrides}
    roles: dict[str, str] = {}

    def single(options: tuple[str, ...], role: str) -> int | None:
        for option in options:
            index = position.get(option)
            if index is not None and index not in taken:
                taken.add(index)
                roles[names[index]] = role
                return index
        return None

    first = single(layout.first, "first")
    last = single(layout.last, "last")
    display_name = single(layout.display_name, "display_name")
    phones = _slots(layout.phones, names, folded, position, taken, roles, "phone")
    emails = _slots(layout.emails, names, folded, position, taken, roles, "email")

    mapped = overrides_map(names, overrides)
    roles.update(mapped.describe("(ignored by --map)"))
    index_of = {name: index for index, name in enumerate(names)}
    assigned = [(index_of[n], n) for n, t in zip(mapped.names, mapped.targets, strict=True) if t is not None]
    if not phones and "phone" not in mapped.fields():
        raise CsvMappingError(f"this {layout.title} file has no phone column (map one with --map 'COLUMN=phone')")
    ignored = tuple(i for i in range(len(names)) if i not in taken and names[i] not in overrides)
    return LayoutPlan(
        layout=layout,
        header=names,
        first=first,
        last=last,
        display_name=display_name,
        phones=phones,
        emails=emails,
        mapped=mapped,
        assigned=tuple(assigned),
        ignored=ignored,
        roles=roles,
        deleted=position.get(layout.deleted) if layout.deleted else None,
    )


def _slots(
    rules: tuple[ColumnRule, ...],
    names: tuple[str, ...],
    folded: list[str],
    position: dict[str, int],
    taken: set[int],
    roles: dict[str, str],
    role: str,
) -> tuple[_Slot, ...]:
    slots: list[_Slot] = []
    for index, name in enumerate(folded):
        if index in taken:
            continue
        for rule in rules:
            match = rule.match(name)
            if match is None:
                continue
            label_index: int | None = None
            if rule.label is not None:
                label_index = position.get(rule.label.format(*match.groups()))
                if label_index is None:
                    continue  # the other spelling of the label column (Label / Type)
            taken.add(index)
            roles[names[index]] = role
            if label_index is not None and label_index not in taken:
                taken.add(label_index)
                roles[names[label_index]] = f"{role} type"
            slots.append(_Slot(index, names[index], label_index, rule.kind))
            break
    return tuple(slots)
