"""openapi.yaml as the stand-in uses it: the routing table and request validation compiled once per operation.

Schemas are checked with jsonschema-rs (compiled Rust, JSON Schema 2020-12, the dialect of OpenAPI 3.1). When
the spec loads, every operation gets one compiled validator per parameter and one for its JSON request body,
each a `$ref` into the whole document (registered as one resource), so nested `$ref`s resolve as they are
written. Formats are asserted (`email`, `uuid`, and `uri` per `formats.py`); unknown ones such as `phone` are
annotations.

Parameters are cast from their text before validation as OpenAPI's simple (path, header) and form (query)
styles define for primitive schemas: `integer`, `number`, `boolean` (`true`/`false`, any case) and `string`;
a `uuid` string is handed to the handler as `uuid.UUID`. A spec with a parameter of another shape (an array or
object, a cookie) is refused when it loads rather than validated wrongly.
"""

from __future__ import annotations

import fnmatch
import functools
import math
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import jsonschema_rs
import yaml

from heymarket_mock.formats import EXTRA_FORMAT_VALIDATORS
from heymarket_mock.json_body import BodyError, parse_json
from heymarket_mock.request_errors import describe_errors

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SPEC_URI = "urn:heymarket-mock:openapi"
DEFAULT_MAX_JSON_DEPTH = 64
_FRAGMENT_SAFE = "/~!$&'()*+,;=:@"
_PARAM = re.compile(r"\{([^{}/]+)\}")
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Route:
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    param_names: tuple[str, ...]


@dataclass(frozen=True)
class RouteMatch:
    route: Route
    path_params: dict[str, str]

    @property
    def operation_id(self) -> str:
        return self.route.operation_id


@dataclass
class ValidatedRequest:
    """Parameters cast per their schema (path ids as int, UUIDs as uuid.UUID, booleans as bool), and the body."""

    path: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    """The parsed JSON body; None when the operation takes none or none was sent."""
    problems: list[str] = field(default_factory=list)
    """`field: reason` texts; empty when the request is valid."""


class _SpecLoader(yaml.SafeLoader):
    """YAML as JSON: an unquoted 2024-01-15 stays a string rather than becoming a date."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


class _Document:
    """The spec as plain JSON data, with local `$ref` resolution that keeps track of JSON pointers."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.registry = jsonschema_rs.Registry([(SPEC_URI, data)], draft=jsonschema_rs.Draft202012)

    def at(self, pointer: str) -> Any:
        node: Any = self.data
        for raw in pointer.split("/")[1:]:
            part = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow `$ref`s (local ones only, as in this spec) to the node they name and its pointer."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if not ref.startswith("#") or ref in seen:
                raise ValueError(f"{pointer}: unsupported $ref {ref!r}")
            seen.add(ref)
            pointer = unquote(ref[1:])
            node = self.at(pointer)
        return node, pointer

    def validator(self, pointer: str) -> jsonschema_rs.Validator:
        return jsonschema_rs.validator_for(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": f"{SPEC_URI}#{quote(pointer, safe=_FRAGMENT_SAFE)}",
            },
            registry=self.registry,
            validate_formats=True,
            ignore_unknown_formats=True,
            formats=dict(EXTRA_FORMAT_VALIDATORS),
        )


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str
    required: bool
    kind: str
    """The schema's `type`: integer, number, boolean or string."""
    validator: jsonschema_rs.Validator
    unmarshal: Callable[[Any], Any]
    default: Any
    has_default: bool

    def cast(self, raw: str) -> tuple[Any, str | None]:
        """The typed value, or None and the reason it cannot be cast."""
        if self.kind == "integer" and _INTEGER.fullmatch(raw):
            return int(raw), None
        if self.kind == "number" and _NUMBER.fullmatch(raw) and math.isfinite(float(raw)):
            return float(raw), None
        if self.kind == "boolean" and raw.lower() in ("true", "false"):
            return raw.lower() == "true", None
        if self.kind == "string":
            return raw, None
        return None, f"{self.name}: {self.location} parameter must be of type {self.kind}"


@dataclass(frozen=True)
class _Body:
    required: bool
    media_types: dict[str, jsonschema_rs.Validator | None]
    """Lower-case media type (may be a wildcard such as `application/*`) -> its schema's validator."""


@dataclass(frozen=True)
class _Operation:
    parameters: tuple[_Parameter, ...]
    body: _Body | None


def _identity(value: Any) -> Any:
    return value


def _uuid(value: Any) -> Any:
    return uuid.UUID(value) if isinstance(value, str) else value


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


class ApiSpec:
    """Loaded once per spec file (see `load_spec`); immutable afterwards, so safe to share."""

    def __init__(self, path: Path, *, max_json_depth: int = DEFAULT_MAX_JSON_DEPTH) -> None:
        self.path = path
        self.max_json_depth = max_json_depth
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=_SpecLoader)  # a SafeLoader subclass
        if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
            raise ValueError(f"{path}: not an OpenAPI document with paths")
        document = _Document(data)
        self._document = document
        self._schemas: dict[str, jsonschema_rs.Validator] = {}
        routes: list[Route] = []
        self._operations: dict[str, _Operation] = {}
        for template, item in data["paths"].items():
            names = tuple(_PARAM.findall(template))
            regex = "".join(
                f"(?P<p{index}>[^/]+)" if index % 2 else re.escape(chunk)
                for index, chunk in enumerate(_PARAM.split(template))
            )
            item_pointer = _pointer("paths", template)
            item, item_pointer = document.resolve(item, item_pointer)
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = item[method]
                operation_id: str = operation["operationId"]
                routes.append(Route(operation_id, method, template, re.compile(f"^{regex}$"), names))
                self._operations[operation_id] = self._compile(document, item, item_pointer, method)
        # Literal paths win over templated ones (/v1/contact/get before /v1/contact/{id}).
        routes.sort(key=lambda route: len(route.param_names))
        self.routes = tuple(routes)
        self.operation_ids = tuple(route.operation_id for route in self.routes)

    @staticmethod
    def _compile(document: _Document, item: dict[str, Any], item_pointer: str, method: str) -> _Operation:
        operation = item[method]
        operation_pointer = f"{item_pointer}/{method}"
        by_key: dict[tuple[str, str], _Parameter] = {}
        declared = [(p, f"{item_pointer}/parameters/{i}") for i, p in enumerate(item.get("parameters", []))]
        declared += [(p, f"{operation_pointer}/parameters/{i}") for i, p in enumerate(operation.get("parameters", []))]
        for raw, raw_pointer in declared:  # operation-level parameters override path-level ones
            parameter, pointer = document.resolve(raw, raw_pointer)
            by_key[(parameter["name"], parameter["in"])] = ApiSpec._parameter(document, parameter, pointer)
        body: _Body | None = None
        if "requestBody" in operation:
            request_body, pointer = document.resolve(operation["requestBody"], f"{operation_pointer}/requestBody")
            media_types: dict[str, jsonschema_rs.Validator | None] = {}
            for media_type, content in request_body.get("content", {}).items():
                if not _is_json(media_type.lower()):
                    raise ValueError(f"{pointer}: only JSON request bodies are supported, not {media_type}")
                schema_pointer = f"{pointer}/content/{_pointer(media_type)[1:]}/schema"
                media_types[media_type.lower()] = document.validator(schema_pointer) if "schema" in content else None
            body = _Body(required=bool(request_body.get("required", False)), media_types=media_types)
        return _Operation(parameters=tuple(by_key.values()), body=body)

    @staticmethod
    def _parameter(document: _Document, parameter: dict[str, Any], pointer: str) -> _Parameter:
        name, location = parameter["name"], parameter["in"]
        schema, schema_pointer = document.resolve(parameter.get("schema", {}), f"{pointer}/schema")
        kind = schema.get("type")
        if location not in ("path", "query", "header") or kind not in ("integer", "number", "boolean", "string"):
            raise ValueError(
                f"{pointer}: the stand-in validates path, query and header parameters of a primitive type only"
            )
        return _Parameter(
            name=name,
            location=location,
            required=bool(parameter.get("required", location == "path")),
            kind=kind,
            validator=document.validator(schema_pointer),
            unmarshal=_uuid if schema.get("format") == "uuid" else _identity,
            default=schema.get("default"),
            has_default="default" in schema,
        )

    def schema_problems(self, name: str, value: Any, root: str = "") -> list[str]:
        """`field: reason` texts of `value` against `#/components/schemas/<name>` (compiled once per name)."""
        validator = self._schemas.get(name)
        if validator is None:
            validator = self._document.validator(_pointer("components", "schemas", name))
            self._schemas[name] = validator
        return describe_errors(validator.iter_errors(value), root=root)

    def match(self, method: str, raw_path: str) -> RouteMatch | None:
        """The operation for a request line; `raw_path` is still percent-encoded, so `%2F` stays in its segment."""
        method = method.lower()
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(raw_path)
            if found:
                values = [unquote(found.group(f"p{2 * i + 1}")) for i in range(len(route.param_names))]
                return RouteMatch(route, dict(zip(route.param_names, values, strict=True)))
        return None

    def validate(
        self,
        match: RouteMatch,
        *,
        query_string: str,
        headers: Mapping[str, str],
        content_type: str | None,
        body: bytes,
    ) -> ValidatedRequest:
        operation = self._operations[match.operation_id]
        result = ValidatedRequest(path={}, query={})
        query: dict[str, str] = {}
        for key, value in parse_qsl(query_string, keep_blank_values=True):
            query.setdefault(key, value)  # a repeated primitive parameter: the first value counts
        sources: dict[str, Mapping[str, str]] = {"path": match.path_params, "query": query, "header": headers}
        problems: list[str] = []
        for parameter in operation.parameters:
            target = result.path if parameter.location == "path" else result.query
            raw = sources[parameter.location].get(parameter.name)
            if raw is None:
                if parameter.required:
                    problems.append(f"{parameter.name}: required {parameter.location} parameter is missing")
                elif parameter.has_default and parameter.location != "header":
                    target[parameter.name] = parameter.default  # type: ignore[index]
                continue
            value, failure = parameter.cast(raw)
            if failure is not None:
                problems.append(failure)
                continue
            errors = describe_errors(parameter.validator.iter_errors(value), root=parameter.name)
            if errors:
                problems.extend(errors)
            elif parameter.location != "header":
                target[parameter.name] = parameter.unmarshal(value)  # type: ignore[index]
        if operation.body is not None:
            parsed, body_problems = self._body(operation.body, content_type, body)
            result.body = parsed
            problems.extend(body_problems)
        result.problems = sorted(set(problems))
        return result

    def _body(self, spec: _Body, content_type: str | None, body: bytes) -> tuple[Any, list[str]]:
        if not body:
            return None, ["body: a JSON request body is required"] if spec.required else []
        # RFC 9110: a body without Content-Type may be treated as application/octet-stream.
        media_type = (content_type or "application/octet-stream").split(";", 1)[0].strip().lower()
        accepted = media_type if media_type in spec.media_types else None
        if accepted is None:
            accepted = next((key for key in spec.media_types if fnmatch.fnmatchcase(media_type, key)), None)
        if accepted is None:
            return None, [f"body: Content-Type must be {' or '.join(spec.media_types)}"]
        validator = spec.media_types[accepted]
        try:
            parsed = parse_json(body, max_depth=self.max_json_depth)
        except BodyError as error:
            return None, [str(error)]
        if validator is None:
            return parsed, []
        return parsed, describe_errors(validator.iter_errors(parsed))


@functools.lru_cache(maxsize=4)
def load_spec(path: Path, max_json_depth: int = DEFAULT_MAX_JSON_DEPTH) -> ApiSpec:
    """Parse the spec and compile its validators once per process and path; apps built from it share the result."""
    return ApiSpec(path.resolve(), max_json_depth=max_json_depth)
