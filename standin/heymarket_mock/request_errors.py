"""Turn jsonschema-rs validation errors into `field: reason` texts for `bad_data` answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import jsonschema_rs

MAX_REPORTED = 3


def field_name(parts: Iterable[Any], root: str = "") -> str:
    """`contact_channels[0].channel_id` style name of a location inside a JSON value."""
    name = root
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name = f"{name}.{part}" if name else str(part)
    return name or "body"


def describe_errors(errors: Iterable[jsonschema_rs.ValidationError], root: str = "") -> list[str]:
    """One `field: reason` text per problem, de-duplicated and sorted by field."""
    return sorted({_schema_error(error, root) for error in errors})


def summary(texts: Sequence[str]) -> str:
    shown = "; ".join(texts[:MAX_REPORTED])
    extra = len(texts) - MAX_REPORTED
    return f"{shown} (and {extra} more)" if extra > 0 else shown


def _plural(value: Any, one: str, many: str) -> str:
    return one if value == 1 else many


_REASONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "type": lambda k: f"must be of type {_join(k['types'])}",
    "pattern": lambda k: f"must match the pattern {k['pattern']}",
    "format": lambda k: f"must be a valid {k['format']}",
    "minimum": lambda k: f"must be >= {k['limit']}",
    "maximum": lambda k: f"must be <= {k['limit']}",
    "exclusiveMinimum": lambda k: f"must be > {k['limit']}",
    "exclusiveMaximum": lambda k: f"must be < {k['limit']}",
    "minLength": lambda k: f"must be at least {k['limit']} character(s) long",
    "maxLength": lambda k: f"must be at most {k['limit']} character(s) long",
    "minItems": lambda k: f"must have at least {k['limit']} item(s)",
    "maxItems": lambda k: f"must have at most {k['limit']} item(s)",
    "minProperties": lambda k: f"must have at least {k['limit']} {_plural(k['limit'], 'property', 'properties')}",
    "maxProperties": lambda k: f"must have at most {k['limit']} {_plural(k['limit'], 'property', 'properties')}",
    "enum": lambda k: f"must be one of {_join(k['options'])}",
    "const": lambda k: f"must be {json.dumps(k['expected_value'])}",
    "multipleOf": lambda k: f"must be a multiple of {k['multiple_of']}",
    "additionalProperties": lambda k: (
        f"unexpected propert{'y' if len(k['unexpected']) == 1 else 'ies'} " + ", ".join(k["unexpected"])
    ),
    "uniqueItems": lambda k: "must not contain the same item twice",
}


def _schema_error(error: jsonschema_rs.ValidationError, root: str) -> str:
    path = list(error.instance_path)
    kind = error.kind
    name = kind.name
    if name == "required":
        return f"{field_name([*path, kind.as_dict()['property']], root)}: is required"
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.PropertyNames):
        inner = kind.error
        reason = _REASONS.get(inner.kind.name)
        text = reason(inner.kind.as_dict()) if reason else _short(inner.message)
        return f"{field_name(path, root)}: key {_short(json.dumps(inner.instance), 60)} {text}"
    reason = _REASONS.get(name)
    if reason is not None:
        try:
            return f"{field_name(path, root)}: {reason(kind.as_dict())}"
        except (KeyError, TypeError):
            pass
    return f"{field_name(path, root)}: {_short(error.message)}"


def _join(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
