"""openapi.yaml as the stand-in uses it: the routing table and openapi-core request validation."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from heymarket_mock.formats import EXTRA_FORMAT_VALIDATORS
from heymarket_mock.request_errors import describe_errors

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PARAM = re.compile(r"\{([^{}/]+)\}")


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
    """Parameters cast by openapi-core (path ids as int, UUIDs as uuid.UUID, booleans as bool)."""

    path: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """`field: reason` texts; empty when the request is valid."""


class _CoreRequest:
    """The openapi-core `Request` protocol, with the path already matched (`path_pattern`)."""

    def __init__(
        self,
        *,
        host_url: str,
        path_pattern: str,
        method: str,
        parameters: RequestParameters,
        content_type: str,
        body: bytes | None,
    ) -> None:
        self.host_url = host_url
        self.path = path_pattern
        self.path_pattern = path_pattern
        self.method = method
        self.parameters = parameters
        self.content_type = content_type
        self.body = body


class ApiSpec:
    """Loaded once per spec file (see `load_spec`); immutable afterwards, so safe to share."""

    def __init__(self, path: Path) -> None:
        self.path = path
        schema = SchemaPath.from_file_path(str(path))
        self.openapi = OpenAPI(schema, config=Config(extra_format_validators=dict(EXTRA_FORMAT_VALIDATORS)))
        servers = schema / "servers"
        server_url = (servers / 0 / "url").read_str() if servers.exists() else "/"
        parts = urlsplit(server_url)
        # openapi-core matches the full URL against the spec's servers, so requests are presented as if they
        # had been sent to the first server (the stand-in itself serves the paths at its root).
        self._host_url = f"{parts.scheme}://{parts.netloc}" if parts.scheme else "http://localhost"
        self._base_path = parts.path.rstrip("/")
        self.routes = self._build_routes(schema)
        self.operation_ids = tuple(route.operation_id for route in self.routes)

    @staticmethod
    def _build_routes(schema: SchemaPath) -> tuple[Route, ...]:
        routes: list[Route] = []
        for template, item in (schema / "paths").str_items():
            names = tuple(_PARAM.findall(template))
            regex = "".join(
                f"(?P<p{index}>[^/]+)" if index % 2 else re.escape(chunk)
                for index, chunk in enumerate(_PARAM.split(template))
            )
            for method in HTTP_METHODS:
                if method in item:
                    operation_id = (item / method / "operationId").read_str()
                    routes.append(Route(operation_id, method, template, re.compile(f"^{regex}$"), names))
        # Literal paths win over templated ones (/v1/contact/get before /v1/contact/{id}).
        routes.sort(key=lambda route: len(route.param_names))
        return tuple(routes)

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
        parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(query_string, keep_blank_values=True)),
            header=Headers(list(headers.items())),
            path=match.path_params,
        )
        request = _CoreRequest(
            host_url=self._host_url,
            path_pattern=self._base_path + match.route.template,
            method=match.route.method,
            parameters=parameters,
            # RFC 9110: a body without Content-Type may be treated as application/octet-stream.
            content_type=(content_type or "application/octet-stream").lower(),
            body=body or None,
        )
        result = self.openapi.unmarshal_apicall_request(request)
        return ValidatedRequest(
            path=result.parameters.path,
            query=result.parameters.query,
            problems=describe_errors(result.errors),
        )


@functools.lru_cache(maxsize=4)
def load_spec(path: Path) -> ApiSpec:
    """Parse and check the spec once per process and path; every app built from it shares the result."""
    return ApiSpec(path.resolve())
