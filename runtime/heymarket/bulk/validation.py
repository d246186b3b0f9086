"""Client-side validation and normalisation of v1 contacts, before anything is sent.

``normalize_contact`` turns one input contact (a mapping with ``ContactRequest`` field names, as read
from a CSV row or built in code) into the JSON body of a ``ContactRequest``, or raises
:class:`Rejection` with a reason code and a message. Rules:

* ``phone`` (required) is parsed with ``phonenumbers`` (Google's libphonenumber metadata), must be a
  valid number and is sent as E.164 digits without ``+``. A number without ``+`` is read in the default
  region when one is given; a bare digit string that is not valid there is also tried as E.164 without
  ``+`` (the API's own format, e.g. ``15105553344``). Without a default region, numbers must be
  international. Extensions are refused: E.164 has no place for them, so they would be lost silently.
* ``email``: syntax only (``email-validator``, no DNS query), sent in its normalised form.
* ``tags``: tag ids (integers >= 1; a string ``"1;2 3,4"``, a list of ints/strings or of
  ``{"tag_id": n}``); repeated ids count once; at most 5 (the spec's ``maxItems``).
* ``custom``: keys must be numeric field ids; a non-numeric key is looked up as a field *title* in
  ``field_ids`` (see ``heymarket.bulk.fields``), because the server silently drops unknown keys.
  Values are strings (numbers are written as text); empty values are left out.
* ``assignee_id`` integer >= -1, ``avatar`` an absolute http(s) URL, ``is_opted_out`` a boolean (or
  true/false/yes/no/1/0), ``email_suppressions`` integers.
* Blank optional values are left out rather than sent empty, so they never erase stored values.
* Unknown keys are refused rather than dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from .mapping import CONTACT_FIELDS, fold

__all__ = [
    "CONTACT_FIELDS",
    "MAX_TAGS",
    "NormalizeOptions",
    "PreparedContact",
    "Rejection",
    "normalize_contact",
    "normalize_custom",
    "normalize_email",
    "normalize_phone",
    "normalize_tags",
    "prepare_contact",
]

from heymarket_auth.errors import HeymarketError

# Keep the metadata's compiled patterns (bounded: they come from the fixed metadata) instead of looking each
# one up in the re module's cache again on every call: parsing and validating a number uses about 15.
phonenumbers.enable_pattern_cache()

MAX_TAGS = 5
"""The spec's ``TagRefList.maxItems``."""

_TEXT_FIELDS = ("first", "last", "display_name")
_LIST_SEPARATORS = re.compile(r"[\s,;|]+")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")
_INTEGER = re.compile(r"-?\d{1,18}")
_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})
_MAX_TEXT = 1000


class Rejection(HeymarketError, ValueError):
    """An input contact that is refused before sending: ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class NormalizeOptions:
    default_region: str | None = None
    """ISO 3166 region (``US``, ``GB``...) for numbers written without ``+`` and a country code."""
    field_ids: Mapping[str, str | int] = field(default_factory=dict)
    """Custom field title (any case) to numeric field id, for ``custom`` keys that are titles."""
    folded_ids: dict[str, str] = field(init=False, repr=False, compare=False)
    """``field_ids`` keyed by folded title (case and runs of spaces ignored), ids as digit strings."""

    def __post_init__(self) -> None:
        region = self.default_region
        if region is not None:
            region = region.strip().upper()
            if region not in phonenumbers.SUPPORTED_REGIONS:
                raise ValueError(f"default_region {self.default_region!r} is not a known ISO 3166 region code")
            object.__setattr__(self, "default_region", region)
        folded: dict[str, str] = {}
        for title, field_id in self.field_ids.items():
            text = str(field_id).strip()
            if not text.isdigit():
                raise ValueError(f"field id for {title!r} must be numeric, got {field_id!r}")
            folded[fold(title)] = text
        object.__setattr__(self, "folded_ids", folded)


class PreparedContact(dict[str, Any]):
    """A request body a reader built (:func:`prepare_contact`): complete, but for custom fields given by
    title, which :meth:`finish` turns into field ids. Its items are what the journal hashes."""

    __slots__ = ("titles",)

    def __init__(self, body: dict[str, Any], titles: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(body)
        self.titles = titles
        """(key in ``custom``, folded title) for the custom keys that are titles."""

    def finish(self, options: NormalizeOptions) -> dict[str, Any]:
        """The body to send: custom titles looked up in ``options.folded_ids``."""
        if not self.titles:
            return dict(self)
        custom: dict[str, str] = self["custom"]
        result = {key: value for key, value in custom.items() if key.isdigit()}
        for key, folded in self.titles:
            field_id = options.folded_ids.get(folded)
            if field_id is None:
                raise Rejection(
                    "unknown_custom_field",
                    f"custom field {_quote(key)} is neither a numeric field id nor a known field title",
                )
            if field_id in result:
                raise Rejection("invalid_custom_field", f"custom field {field_id} is given twice")
            result[field_id] = custom[key]
        return {**self, "custom": result}


def normalize_contact(data: Mapping[str, Any], options: NormalizeOptions | None = None) -> dict[str, Any]:
    """The ``ContactRequest`` JSON body for ``data``; raises :class:`Rejection` when it cannot be sent.

    A :class:`PreparedContact` (what the import's readers yield) is already normalised: only its custom
    titles are looked up."""
    options = options or NormalizeOptions()
    if isinstance(data, PreparedContact):
        return data.finish(options)
    unknown = sorted(str(k) for k in data if k not in CONTACT_FIELDS)
    if unknown:
        raise Rejection("unknown_field", f"unknown field(s) {', '.join(unknown)}")
    return _body(data, options.default_region, lambda raw: _custom(raw, options.folded_ids))


def prepare_contact(
    data: Mapping[str, Any],
    default_region: str | None,
    *,
    phone: str | Rejection | None = None,
    email: str | Rejection | None = None,
) -> PreparedContact:
    """The body of ``data`` (``ContactRequest`` field names; ``tags`` and ``email_suppressions`` may be
    lists of cells), normalised once; custom keys that are titles stay titles until
    :meth:`PreparedContact.finish`. ``phone``/``email``: the value already normalised (or its rejection)
    by a reader that chose it among several."""
    titles: list[tuple[str, str]] = []

    def custom(raw: object) -> dict[str, str]:
        result: dict[str, str] = {}
        for name, value in _custom_entries(raw):
            text = _custom_value(value, name)
            if text is None:
                continue
            if name.isdigit():
                name = str(int(name))
                if name in result:
                    raise Rejection("invalid_custom_field", f"custom field {name} is given twice")
            else:
                titles.append((name, fold(name)))
            result[name] = text
        return result

    body = _body(data, default_region, custom, phone=phone, email=email)
    return PreparedContact(body, tuple(titles))


def _body(
    data: Mapping[str, Any],
    region: str | None,
    custom_of: Callable[[object], dict[str, str]],
    *,
    phone: str | Rejection | None = None,
    email: str | Rejection | None = None,
) -> dict[str, Any]:
    if isinstance(phone, Rejection):
        raise phone
    body: dict[str, Any] = {"phone": phone or normalize_phone(data.get("phone"), region)}
    for name in _TEXT_FIELDS:
        text = _text(data.get(name), name)
        if text is not None:
            body[name] = text
    if isinstance(email, Rejection):
        raise email
    if email is not None:
        body["email"] = email
    elif not _blank(data.get("email")):
        body["email"] = normalize_email(data.get("email"))
    values = custom_of(data.get("custom"))
    if values:
        body["custom"] = values
    avatar = data.get("avatar")
    if not _blank(avatar):
        body["avatar"] = _url(avatar)
    assignee = data.get("assignee_id")
    if not _blank(assignee):
        body["assignee_id"] = _integer(assignee, "assignee_id", "invalid_assignee_id", minimum=-1)
    tags = normalize_tags(data.get("tags"))
    if tags:
        body["tags"] = [{"tag_id": tag_id} for tag_id in tags]
    opted_out = data.get("is_opted_out")
    if not _blank(opted_out):
        body["is_opted_out"] = _boolean(opted_out)
    suppressions = data.get("email_suppressions")
    if not _blank(suppressions):
        body["email_suppressions"] = [
            _integer(v, "email_suppressions", "invalid_email_suppressions", minimum=0) for v in _items(suppressions)
        ]
    return body


def normalize_phone(raw: object, default_region: str | None = None) -> str:
    """E.164 digits without ``+`` (``15105553344``) for a phone written in any common way."""
    if _blank(raw):
        raise Rejection("missing_phone", "phone is required")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise Rejection("invalid_phone", f"phone must be text, not {type(raw).__name__}")
    text = raw.strip()
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    else:
        if default_region:
            candidates.append((text, default_region))
        digits = _PHONE_PUNCTUATION.sub("", text)
        if digits.isdigit():
            # The API's own format (E.164 without +); also what a spreadsheet makes of "+1 510...".
            candidates.append(("+" + digits, None))
    for candidate, region in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if number.extension:
            raise Rejection("invalid_phone", f"{_quote(text)} has an extension, which E.164 cannot carry")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).removeprefix("+")
    where = (
        f" (default region {default_region})" if default_region else " (no default region: add + and the country code)"
    )
    raise Rejection("invalid_phone", f"{_quote(text)} is not a valid phone number{where}")


def normalize_email(raw: object) -> str:
    if not isinstance(raw, str):
        raise Rejection("invalid_email", f"email must be text, not {type(raw).__name__}")
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise Rejection("invalid_email", f"{_quote(raw.strip())}: {error}") from None


def normalize_tags(raw: object) -> list[int]:
    if _blank(raw):
        return []
    tags: list[int] = []
    for item in _items(raw):
        value = item.get("tag_id") if isinstance(item, Mapping) else item
        tag_id = _integer(value, "tags", "invalid_tag", minimum=1)
        if tag_id not in tags:
            tags.append(tag_id)
    if len(tags) > MAX_TAGS:
        raise Rejection("too_many_tags", f"{len(tags)} tags; a contact takes at most {MAX_TAGS}")
    return tags


def normalize_custom(raw: object, field_ids: Mapping[str, str] | None = None) -> dict[str, str]:
    """``custom`` keyed by numeric field id; titles are mapped through ``field_ids`` (title to id)."""
    return _custom(raw, {fold(title): str(field_id) for title, field_id in (field_ids or {}).items()})


def _custom(raw: object, folded_ids: Mapping[str, str]) -> dict[str, str]:
    """``custom`` keyed by numeric field id, through ``folded_ids`` (folded title to id)."""
    result: dict[str, str] = {}
    for name, value in _custom_entries(raw):
        if name.isdigit():
            field_id = str(int(name))
        else:
            found = folded_ids.get(fold(name))
            if found is None:
                raise Rejection(
                    "unknown_custom_field",
                    f"custom field {_quote(name)} is neither a numeric field id nor a known field title",
                )
            field_id = found
        text = _custom_value(value, name)
        if text is None:
            continue
        if field_id in result:
            raise Rejection("invalid_custom_field", f"custom field {field_id} is given twice")
        result[field_id] = text
    return result


def _custom_entries(raw: object) -> list[tuple[str, object]]:
    """The (key without surrounding spaces, value) pairs of a ``custom`` value: none when it is blank."""
    if _blank(raw):
        return []
    if not isinstance(raw, Mapping):
        raise Rejection("invalid_custom_field", f"custom must be a mapping, not {type(raw).__name__}")
    return [(str(key).strip(), value) for key, value in raw.items()]


def _custom_value(value: object, name: str) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    raise Rejection(
        "invalid_custom_field", f"custom field {_quote(name)}: value must be text, not {type(value).__name__}"
    )


def _text(value: object, name: str) -> str | None:
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise Rejection(f"invalid_{name}", f"{name} must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > _MAX_TEXT:
        raise Rejection(f"invalid_{name}", f"{name} is longer than {_MAX_TEXT} characters")
    return text


def _url(value: object) -> str:
    if not isinstance(value, str):
        raise Rejection("invalid_avatar", f"avatar must be text, not {type(value).__name__}")
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise Rejection("invalid_avatar", f"avatar {_quote(text)} is not an absolute http(s) URL")
    return text


def _integer(value: object, name: str, code: str, *, minimum: int) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or number < minimum:
        raise Rejection(code, f"{name}: {_quote(str(value))} is not an integer >= {minimum}")
    return number


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Rejection("invalid_is_opted_out", f"is_opted_out: {_quote(str(value))} is not true or false")


def _items(value: object) -> Iterable[object]:
    if isinstance(value, str):
        return [part for part in _LIST_SEPARATORS.split(value.strip()) if part]
    if isinstance(value, list | tuple | set | frozenset):
        # Cells of several columns (``["1;2", "3"]``) are split as one string is.
        return [part for item in value for part in (_items(item) if isinstance(item, str) else [item])]
    return [value]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
