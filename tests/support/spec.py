"""Read openapi.yaml and validate JSON values against its schemas."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support.paths import FIXTURES, SPEC_PATH

SEEDS = FIXTURES / "seeds"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_BASE = "urn:heymarket-spec"


@functools.cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


@functools.cache
def _registry() -> Registry[Any]:
    # The whole document is one 2020-12 resource, so "#/components/..." refs resolve inside it.
    resource: Resource[Any] = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_BASE, resource)
    return registry


def validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at a JSON pointer of the spec, e.g. '/components/schemas/Contact'."""
    return Draft202012Validator(
        {"$ref": f"{_BASE}#{pointer}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_pointer(name: str) -> str:
    return f"/components/schemas/{name}"


def errors_for(name: str, value: Any) -> list[str]:
    """Validation errors of `value` against components/schemas/<name> (empty when valid)."""
    return [e.message for e in validator(schema_pointer(name)).iter_errors(value)]


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve(node: Any) -> Any:
    """Follow a local $ref (one level at a time) until a non-ref node is reached."""
    while isinstance(node, dict) and "$ref" in node:
        ref: str = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = load_spec()
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the spec."""
    for path, item in load_spec()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def request_schema_name(operation_id: str) -> str:
    """The component schema name of an operation's JSON request body."""
    for _, _, op in operations():
        if op["operationId"] == operation_id:
            ref: str = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            return ref.rsplit("/", 1)[1]
    raise KeyError(operation_id)


def response_schema_name(operation_id: str, status: str = "200") -> str:
    for _, _, op in operations():
        if op["operationId"] == operation_id:
            response = resolve(op["responses"][status])
            ref: str = response["content"]["application/json"]["schema"]["$ref"]
            return ref.rsplit("/", 1)[1]
    raise KeyError(operation_id)
