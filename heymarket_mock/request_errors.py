"""Turn openapi-core request validation errors into `field: reason` texts for `bad_data` answers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeGuard

from openapi_core.casting.schemas.exceptions import CastError
from openapi_core.deserializing.media_types.exceptions import MediaTypeDeserializeError
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.validation.request.exceptions import (
    MissingRequiredParameter,
    MissingRequiredRequestBody,
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

MAX_REPORTED = 3


class SchemaError(Protocol):
    """The parts of a jsonschema ValidationError used here (jsonschema ships no type information)."""

    message: str
    validator: object
    validator_value: Any
    instance: Any
    absolute_path: Iterable[str | int]
    schema_path: Iterable[str | int]


def _is_schema_error(error: object) -> TypeGuard[SchemaError]:
    return all(hasattr(error, name) for name in ("validator", "validator_value", "absolute_path", "schema_path"))


def field_name(parts: Iterable[Any], root: str = "") -> str:
    """`contact_channels[0].channel_id` style name of a location inside a JSON value."""
    name = root
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name = f"{name}.{part}" if name else str(part)
    return name or "body"


def describe_errors(errors: Iterable[Exception]) -> list[str]:
    """One `field: reason` text per problem, de-duplicated and sorted by field."""
    found: list[str] = []
    for error in errors:
        for text in _describe(error):
            if text not in found:
                found.append(text)
    return sorted(found)


def summary(texts: Sequence[str]) -> str:
    shown = "; ".join(texts[:MAX_REPORTED])
    extra = len(texts) - MAX_REPORTED
    return f"{shown} (and {extra} more)" if extra > 0 else shown


def _describe(error: Exception) -> list[str]:
    cause = error.__cause__
    if isinstance(error, MissingRequiredRequestBody):
        return ["body: a JSON request body is required"]
    if isinstance(error, RequestBodyValidationError):
        if isinstance(cause, InvalidSchemaValue):
            return [_schema_error(e, "") for e in cause.schema_errors if _is_schema_error(e)]
        if isinstance(cause, MediaTypeNotFound):
            return ["body: Content-Type must be application/json"]
        if isinstance(cause, MediaTypeDeserializeError):
            return ["body: is not valid JSON"]
        return ["body: is not valid"]
    if isinstance(error, MissingRequiredParameter):
        return [f"{error.name}: required {error.location} parameter is missing"]
    if isinstance(error, ParameterValidationError):
        if isinstance(cause, InvalidSchemaValue):
            return [_schema_error(e, error.name) for e in cause.schema_errors if _is_schema_error(e)]
        if isinstance(cause, CastError):
            return [f"{error.name}: {error.location} parameter must be of type {cause.type}"]
        return [f"{error.name}: invalid {error.location} parameter"]
    if isinstance(error, SecurityValidationError):
        return ["Authorization: missing or malformed"]
    return [f"request: {type(error).__name__}"]


def _schema_error(error: SchemaError, root: str) -> str:
    path = list(error.absolute_path)
    value = error.validator_value
    keyword = str(error.validator)
    if keyword == "required" and isinstance(error.instance, dict) and isinstance(value, list):
        missing = [name for name in value if name not in error.instance]
        return f"{field_name([*path, missing[0] if missing else '?'], root)}: is required"
    if "propertyNames" in list(error.schema_path):
        return f"{field_name(path, root)}: key {json.dumps(error.instance)} must match the pattern {value}"
    reasons = {
        "type": lambda: f"must be of type {_join(value)}",
        "pattern": lambda: f"must match the pattern {value}",
        "format": lambda: f"must be a valid {value}",
        "minimum": lambda: f"must be >= {value}",
        "maximum": lambda: f"must be <= {value}",
        "exclusiveMinimum": lambda: f"must be > {value}",
        "exclusiveMaximum": lambda: f"must be < {value}",
        "minLength": lambda: f"must be at least {value} character(s) long",
        "maxLength": lambda: f"must be at most {value} character(s) long",
        "minItems": lambda: f"must have at least {value} item(s)",
        "maxItems": lambda: f"must have at most {value} item(s)",
        "minProperties": lambda: f"must have at least {value} propert{'y' if value == 1 else 'ies'}",
        "enum": lambda: f"must be one of {_join(value)}",
        "const": lambda: f"must be {json.dumps(value)}",
    }
    reason = reasons[keyword]() if keyword in reasons else _short(error.message)
    return f"{field_name(path, root)}: {reason}"


def _join(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
