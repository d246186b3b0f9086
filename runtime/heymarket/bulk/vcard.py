"""A small streaming vCard reader (RFC 2426 vCard 3.0, RFC 6350 vCard 4.0, and the 2.1 forms phones
still write), for the contacts of ``.vcf`` exports: Apple/iCloud Contacts, Google Contacts, phones.

Why not a library: the import needs the name, the phone numbers and the email addresses with their
types, one card at a time and with the line each card starts on (for the report). The vCard libraries
on PyPI read a whole file into objects (``vobject`` builds a component tree, parses every value type
and raises on the first malformed card), which costs memory on large address books and gives no line
numbers. The parts of the format used here are small and fully specified:

* Folded lines: a line starting with a space or a tab continues the previous one (RFC 6350 3.2);
  quoted-printable values (vCard 2.1) also continue after a line ending with ``=``.
* ``[group.]NAME;PARAM=a,b;PARAM="x":value``; 2.1 bare parameters (``TEL;CELL;PREF:``) are types.
* ``TYPE`` and ``PREF`` parameters (``TYPE=CELL,VOICE``, ``TYPE=cell;TYPE=pref``, ``PREF=1``),
  and Apple's ``itemN.X-ABLabel`` labels for the property of the same group.
* ``ENCODING=QUOTED-PRINTABLE`` with ``CHARSET=...`` (default UTF-8); ``ENCODING=b``/``BASE64`` values
  (photos) are skipped unread.
* Text escapes (``\\,`` ``\\;`` ``\\\\`` ``\\n``); ``N`` components (family; given; ...).
* vCard 4.0 ``tel:`` URIs (``tel:+1-555-0100;ext=5`` reads as ``+1-555-0100 ext. 5``).

Cards are yielded as they end; anything outside ``BEGIN:VCARD``/``END:VCARD`` is skipped. A card the
file ends inside of is yielded with ``complete=False``.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .records import Candidate, Record, is_mobile, is_unusable

USED = frozenset({"BEGIN", "END", "VERSION", "N", "FN", "TEL", "EMAIL", "X-ABLABEL"})
"""Properties the import reads (or that frame a card); every other one is listed as ignored."""
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Property:
    name: str
    """Upper case, without the group."""
    group: str
    """Lower case; empty when the property has none."""
    params: dict[str, list[str]]
    """Parameter names in upper case; 2.1 bare parameters under ``TYPE`` (or ``ENCODING``)."""
    value: str
    """The value as written (escapes kept), quoted-printable decoded."""
    line: int

    def types(self) -> list[str]:
        return [t.lower() for value in self.params.get("TYPE", []) for t in value.split(",") if t]


@dataclass
class VCard:
    line: int
    """Line of ``BEGIN:VCARD``."""
    version: str = ""
    properties: list[Property] = field(default_factory=list)
    complete: bool = True


def iter_vcards(lines: Iterable[str]) -> Iterator[VCard]:
    """The cards of a vCard file, read lazily from its lines (with or without line ends)."""
    card: VCard | None = None
    nested = 0  # depth of cards inside the card (2.1 AGENT): neither contacts nor part of this one
    for number, text in _logical_lines(lines):
        parsed = parse_property(text, number)
        if parsed is None:
            continue
        if parsed.name == "BEGIN" and parsed.value.strip().upper() == "VCARD":
            if card is not None:
                nested += 1
                continue
            card = VCard(line=number)
            continue
        if card is None:
            continue
        if parsed.name == "END" and parsed.value.strip().upper() == "VCARD":
            if nested:
                nested -= 1
                continue
            yield card
            card = None
            continue
        if nested:
            continue
        if parsed.name == "VERSION":
            card.version = parsed.value.strip()
        card.properties.append(parsed)
    if card is not None:
        card.complete = False
        yield card


def count_vcards(lines: Iterable[str]) -> tuple[int, set[str], set[str]]:
    """(number of cards, names of the properties they hold, their versions), in one pass."""
    cards = 0
    names: set[str] = set()
    versions: set[str] = set()
    for card in iter_vcards(lines):
        cards += 1
        names.update(p.name for p in card.properties)
        if card.version:
            versions.add(card.version)
    return cards, names, versions


def looks_like_vcard(head: str) -> bool:
    """True when the first non-blank line of ``head`` is ``BEGIN:VCARD``."""
    for line in head.splitlines():
        if line.strip():
            return line.strip().lstrip("\ufeff").upper() == "BEGIN:VCARD"
    return False


def _logical_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(number of the first physical line, unfolded line)."""
    pending: str | None = None
    start = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if pending is not None:
            if line[:1] in (" ", "\t"):
                pending += line[1:]
                continue
            if pending.endswith("=") and _is_quoted_printable(pending):
                pending = pending[:-1] + line
                continue
            if pending.strip():
                yield start, pending
        pending, start = line, number
    if pending is not None and pending.strip():
        yield start, pending


def _is_quoted_printable(line: str) -> bool:
    head = _split_quoted(line, ":", 1)[0]
    return "QUOTED-PRINTABLE" in head.upper()


def parse_property(text: str, line: int = 0) -> Property | None:
    """One unfolded content line; None when it has no ``:`` (not a property)."""
    parts = _split_quoted(text, ":", 1)
    if len(parts) != 2:
        return None
    head, value = parts
    items = _split_quoted(head, ";")
    group, _, name = items[0].strip().rpartition(".")
    params: dict[str, list[str]] = {}
    for item in items[1:]:
        key, sep, raw = item.partition("=")
        if sep:
            values = [v.strip().strip('"') for v in _split_quoted(raw, ",")]
            params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
        elif item.strip():
            bare = item.strip()
            kind = "ENCODING" if bare.upper() in _BARE_ENCODINGS else "TYPE"
            params.setdefault(kind, []).append(bare)
    encoding = " ".join(params.get("ENCODING", [])).upper()
    if "QUOTED-PRINTABLE" in encoding:
        value = _decode_quoted_printable(value, (params.get("CHARSET") or ["utf-8"])[0])
    elif encoding in ("B", "BASE64"):
        value = ""  # binary (a photo): never used
    return Property(name=name.strip().upper(), group=group.strip().lower(), params=params, value=value, line=line)


def _decode_quoted_printable(value: str, charset: str) -> str:
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return quopri.decodestring(value.encode("utf-8")).decode(charset, errors="replace")


def _split_quoted(text: str, separator: str, limit: int = -1) -> list[str]:
    """``text`` split on ``separator`` outside double quotes (names and parameters of a content line)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for position, char in enumerate(text):
        if len(parts) == limit:
            return [*parts, text[position:]]
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _split_escaped(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` where it is not escaped by a backslash (escapes kept)."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def unescape(text: str) -> str:
    """A text value without its escapes (``\\n`` is a line break)."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def components(value: str) -> list[str]:
    """The ``;``-separated components of a structured value, unescaped (a ``,`` list joined by spaces)."""
    return [" ".join(unescape(v).strip() for v in _split_escaped(c, ",")).strip() for c in _split_escaped(value, ";")]


def text_value(prop: Property) -> str:
    """A property's value as text: components of structured values joined with ``, ``."""
    return ", ".join(c for c in components(prop.value) if c)


def phone_value(value: str) -> str:
    """The number of a ``TEL`` value: a vCard 4.0 ``tel:`` URI made plain, an extension kept visible."""
    text = unescape(value).strip()
    if text[:4].lower() == "tel:":
        number, *params = text[4:].split(";")
        extension = next((p.split("=", 1)[1] for p in params if p.lower().startswith("ext=")), "")
        text = f"{number} ext. {extension}" if extension else number
    return text


def _label(types: list[str], apple: str | None) -> str:
    words = [t.upper() for t in types if t not in ("internet", "x400")]
    if apple:
        words.append(apple)
    return ",".join(words)


def card_record(card: VCard, extra_names: Iterable[str] = ()) -> Record:
    """The :class:`Record` of a card: ``FN``, ``N``, every ``TEL`` and ``EMAIL`` with its types.

    ``extra_names``: properties (upper case) whose first value goes to ``Record.extra`` (``--map``).
    """
    record = Record(line=card.line)
    labels: dict[str, str] = {}
    for prop in card.properties:
        if prop.name == "X-ABLABEL" and prop.group:
            text = unescape(prop.value).strip()
            match = _APPLE_LABEL.match(text)
            labels[prop.group] = match.group(1) if match else text
    wanted = set(extra_names)
    for prop in card.properties:
        if prop.name in wanted and prop.name not in record.extra:
            record.extra[prop.name] = text_value(prop)
        if prop.name == "FN" and not record.display_name:
            record.display_name = unescape(prop.value).strip()
        elif prop.name == "N" and not (record.first or record.last):
            parts = components(prop.value) + [""] * 5
            record.last, record.first = parts[0], parts[1]
        elif prop.name in ("TEL", "EMAIL"):
            types = prop.types()
            apple = labels.get(prop.group) if prop.group else None
            label = _label(types, apple)
            preferred = "pref" in types or "PREF" in prop.params
            where = f"{prop.name}, line {prop.line}"
            if prop.name == "EMAIL":
                value = unescape(prop.value).strip()
                if value:
                    record.emails.append(Candidate(value, where, label=label, preferred=preferred))
                continue
            if is_unusable(label):
                continue
            value = phone_value(prop.value)
            if value:
                mobile = is_mobile(label)
                record.phones.append(Candidate(value, where, label=label, mobile=mobile, preferred=preferred))
    return record
