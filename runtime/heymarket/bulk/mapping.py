"""The one mapping model of the import: which input column (or vCard property) gives which contact field.

Every reader maps its names through here: a plain CSV maps every header name (aliases below, or
``--map``), a known export layout maps the columns named by ``--map`` on top of its own roles, and a
vCard file maps the properties named by ``--map``. So the aliases, the list fields, the custom-field
keys (a title is folded once, here, with :func:`fold`) and the strings that describe a mapping to the
journal are written once.

Header names map to ``ContactRequest`` fields by common spellings (case, spaces, dashes and
underscores ignored): ``phone``/``phone number``/``mobile``/``cell``, ``first``/``first name``,
``last``/``last name``/``surname``, ``name``/``display name``, ``email``/``e-mail``, ``tags``,
``assignee``/``assignee id``, ``avatar``, ``opted out``/``is opted out``, ``email suppressions``;
``custom:<id or title>`` (or ``custom.<...>``) is a custom field. Several columns may map to ``tags``
(or ``email_suppressions``): their values add up. Several columns may map to ``phone``: the first
valid mobile one (``Mobile``, ``Cell``...) is used, else the first valid one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from heymarket_auth.errors import HeymarketError

CONTACT_FIELDS = (
    "phone",
    "first",
    "last",
    "display_name",
    "email",
    "custom",
    "avatar",
    "assignee_id",
    "tags",
    "is_opted_out",
    "email_suppressions",
)
LIST_FIELDS = frozenset({"tags", "email_suppressions"})
"""Fields whose values add up over several columns (or properties)."""

_PHONE = ("phone", "phonenumber", "phoneno", "telephone", "tel", "workphone", "businessphone", "homephone")
_MOBILE = ("mobile", "mobilephone", "mobilenumber", "cell", "cellphone", "cellular")
ALIASES: dict[str, str] = {
    **dict.fromkeys(_PHONE, "phone"),
    **dict.fromkeys(_MOBILE, "phone"),
    **dict.fromkeys(("first", "firstname", "givenname"), "first"),
    **dict.fromkeys(("last", "lastname", "surname", "familyname"), "last"),
    **dict.fromkeys(("name", "fullname", "displayname"), "display_name"),
    **dict.fromkeys(("email", "emailaddress", "mail"), "email"),
    **dict.fromkeys(("tags", "tag", "tagids"), "tags"),
    **dict.fromkeys(("assignee", "assigneeid"), "assignee_id"),
    **dict.fromkeys(("avatar", "avatarurl"), "avatar"),
    **dict.fromkeys(("optedout", "isoptedout", "optout"), "is_opted_out"),
    "emailsuppressions": "email_suppressions",
}
MOBILE_NAMES = frozenset(_MOBILE)
"""Squashed header names of mobile numbers: preferred when several columns map to the phone."""
_CUSTOM = re.compile(r"^custom[:.](?P<key>.+)$", re.IGNORECASE)
_SQUASH = re.compile(r"[\s_\-]+")


class CsvMappingError(HeymarketError, ValueError):
    """The input cannot be mapped or read (unknown columns, no phone column, an undecodable file...)."""


def fold(title: str) -> str:
    """A name compared without case and with runs of spaces folded: custom-field titles, layout headers."""
    return " ".join(str(title).split()).casefold()


def squash(text: str) -> str:
    """A header name without case, spaces, dashes and underscores: how aliases are looked up."""
    return _SQUASH.sub("", text).casefold()


def quote_columns(names: Sequence[str], limit: int = 5, width: int = 40) -> str:
    """At most ``limit`` column names, each cut to ``width`` characters, and how many more there are."""
    shown = [repr(n if len(n) <= width else n[: width - 1] + "…") for n in names[:limit]]
    more = f" and {len(names) - limit:,} more" if len(names) > limit else ""
    return ", ".join(shown) + more


@dataclass(frozen=True, slots=True)
class Target:
    field: str
    """A ``ContactRequest`` field name, or ``custom``."""
    key: str = ""
    """For ``custom``: the field id or title, as written."""
    folded: str = ""
    """For ``custom``: the key folded once (:func:`fold`); an id is kept as its digits."""
    mobile: bool = False
    """For ``phone``: the column's name says it is a mobile number."""

    @property
    def slot(self) -> str:
        """What two targets must not share: ``first``..., ``custom:<folded key>``."""
        return f"custom:{self.folded}" if self.field == "custom" else self.field

    def describe(self) -> str:
        return f"custom:{self.key}" if self.field == "custom" else self.field


def parse_target(text: str) -> Target | None:
    """``phone``, ``first``..., ``custom:<key>``, an alias, or empty (ignore the column)."""
    text = text.strip()
    if not text:
        return None
    custom = _CUSTOM.match(text)
    if custom:
        key = custom.group("key").strip()
        if not key:
            raise CsvMappingError(f"{text!r}: custom needs a field id or title after the colon")
        return Target("custom", key, str(int(key)) if key.isdigit() else fold(key))
    squashed = squash(text)
    field = ALIASES.get(squashed, text)
    if field not in CONTACT_FIELDS or field == "custom":
        raise CsvMappingError(f"{text!r} is not a contact field (fields: {', '.join(CONTACT_FIELDS)}, custom:<key>)")
    return Target(field, mobile=field == "phone" and squashed in MOBILE_NAMES)


@dataclass(frozen=True)
class FieldMap:
    """Names (columns or vCard properties) and the target of each; None for an ignored name."""

    names: tuple[str, ...]
    targets: tuple[Target | None, ...]

    @property
    def custom_titles(self) -> list[str]:
        """Custom keys that are titles (not numeric ids): they need ``listContactFields``."""
        return [t.key for t in self.targets if t is not None and t.field == "custom" and not t.key.isdigit()]

    def describe(self, ignored: str = "(ignored)") -> dict[str, str]:
        return {n: ignored if t is None else t.describe() for n, t in zip(self.names, self.targets, strict=True)}

    def fields(self) -> set[str]:
        return {t.field for t in self.targets if t is not None}


def check_once(pairs: Iterable[tuple[str, Target | None]], what: str = "columns") -> None:
    """Refuse two names that give the same single-valued field (phone and list fields may repeat)."""
    seen: dict[str, str] = {}
    for name, target in pairs:
        if target is None or target.field in LIST_FIELDS or target.field == "phone":
            continue
        if target.slot in seen:
            raise CsvMappingError(f"{what} {seen[target.slot]!r} and {name!r} both map to {target.slot}")
        seen[target.slot] = name


def overrides_map(names: Sequence[str], overrides: Mapping[str, str], what: str = "column(s)") -> FieldMap:
    """The ``--map`` entries over ``names`` (the header, or the vCard properties found)."""
    unused = sorted(set(overrides) - set(names))
    if unused:
        raise CsvMappingError(f"--map names {what} not in the header: {quote_columns(unused)}")
    chosen = tuple(name for name in overrides)
    targets = tuple(parse_target(overrides[name]) for name in chosen)
    check_once(zip(chosen, targets, strict=True))
    return FieldMap(chosen, targets)


def header_map(
    header: Sequence[str], overrides: Mapping[str, str] | None = None, *, ignore_unknown: bool = False
) -> FieldMap:
    """Every column of a plain CSV header: ``--map`` first, then the aliases."""
    overrides = dict(overrides or {})
    names = [h.strip() for h in header]
    while len(names) > 1 and not names[-1]:
        names.pop()  # Excel writes empty header cells after the last column (Name,Phone,,,)
    repeated = sorted(n for n, c in Counter(names).items() if c > 1 and n)
    if repeated:
        raise CsvMappingError(f"the header repeats column(s) {quote_columns(repeated)}")
    unused = sorted(set(overrides) - set(names))
    if unused:
        raise CsvMappingError(f"--map names column(s) not in the header: {quote_columns(unused)}")
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
    field_map = FieldMap(tuple(names), tuple(targets))
    check_once(zip(names, targets, strict=True))
    if "phone" not in field_map.fields():
        raise CsvMappingError("no column maps to phone (name one phone, or use --map 'COLUMN=phone')")
    return field_map
