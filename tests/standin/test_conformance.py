"""Every response the stand-in sends (outside injected 503s) conforms to openapi.yaml.

All 29 operations are called with valid requests, then with 400/401/404/429 (and injected 429/500) cases;
each response is checked with openapi-core's response validation against the spec: the status must be
declared for the operation, the body must match its schema, and X-Request-Id must be present.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.finders import APICallPathFinder
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.support.paths import SPEC_PATH
from tests.support.standin import StandInServer, standin_config
from tests.support.tokens import bearer, mint_jwt

SPEC = OpenAPI.from_file_path(str(SPEC_PATH))
SERVER_URL = "https://api.heymarket.com"


class SpecRequest:
    """An httpx request as openapi-core sees it, as if sent to the spec's server."""

    def __init__(self, request: httpx.Request) -> None:
        self.host_url = SERVER_URL
        self.path = request.url.path
        self.method = request.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.url.params.multi_items()),
            header=Headers(list(request.headers.items())),
        )
        self.content_type = request.headers.get("content-type", "")
        self.body = request.content or None


class SpecResponse:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(list(response.headers.items()))
        self.data = response.content


def operation_id(request: httpx.Request) -> str:
    """The operation openapi-core finds for the request (independently of the stand-in's own routing)."""
    found = APICallPathFinder(SPEC.spec).find(request.method.lower(), SERVER_URL + request.url.path)
    name: str = (found.operation / "operationId").read_str()
    return name


class Recorder:
    """Sends requests to the stand-in and validates every response against the spec."""

    def __init__(self, server: StandInServer) -> None:
        self.server = server
        self.seen: dict[str, set[int]] = {}

    def send(self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None) -> Any:
        request = self.server.client.build_request(
            method,
            path,
            json=body,
            headers=bearer(mint_jwt()) if headers is None else headers,
        )
        response = self.server.client.send(request)
        self.check(request, response)
        return response.json()

    def check(self, request: httpx.Request, response: httpx.Response) -> None:
        op = operation_id(request)
        self.seen.setdefault(op, set()).add(response.status_code)
        assert "X-Request-Id" in response.headers, f"{op}: no X-Request-Id"
        assert uuid.UUID(response.headers["X-Request-Id"]).version == 4
        assert response.headers["content-type"] == "application/json"
        errors = list(SPEC.iter_response_errors(SpecRequest(request), SpecResponse(response)))
        assert not errors, f"{op} {response.status_code}: {[repr(e.__cause__ or e) for e in errors]}: {response.text}"

    def expect(self, status: int, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        request = self.server.client.build_request(method, path, json=body, **kwargs)
        response = self.server.client.send(request)
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
        self.check(request, response)
        return response.json()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        yield Recorder(server)


def all_operation_ids() -> set[str]:
    return {
        (item / method / "operationId").read_str()
        for _, item in (SPEC.spec / "paths").str_items()
        for method in ("get", "put", "post", "delete", "patch")
        if method in item
    }


def exercise_every_operation(r: Recorder) -> dict[str, Any]:
    fields = r.send("POST", "/v1/contacts/fields", [{"title": "Plan"}, {"title": "Plan"}])
    r.send("POST", "/v1/contact-fields", {})
    tag = r.send("POST", "/v1/tag", {"tag": "VIP", "color": "#FFD700"})
    r.send("GET", f"/v1/tag/{tag['id']}")
    r.send("POST", "/v1/tags", {})
    contact = r.send(
        "POST",
        "/v1/contact",
        {
            "phone": "15105553344",
            "first": "Jordan",
            "last": "Rivera",
            "email": "jordan@example.com",
            "custom": {str(fields[0]["id"]): "Premium"},
            "tags": [{"tag_id": tag["id"]}],
            "avatar": "https://some.image.url.com/img.jpg",
            "assignee_id": 42,
            "email_suppressions": [123],
        },
    )
    r.send("GET", f"/v1/contact/{contact['id']}")
    r.send("PUT", f"/v1/contact/{contact['id']}?overwrite=true", {"phone": "15105553344", "first": "Jo"})
    r.send("POST", "/v1/contact/get", {"phone": "15105553344"})
    r.send("POST", "/v1/contact/status", {"id": contact["id"]})
    r.send("POST", "/v1/contact/set_status", {"id": contact["id"], "status": "unsubscribed"})
    r.send("POST", "/v1/contacts", {"limit": 10, "ascending": True})
    r.send("POST", "/v1/contacts/count", {})
    assert r.send("POST", "/v1/batch/contacts", [{"phone": "15105550001"}]) == "ok"
    assert r.send("POST", "/v1/batch/contacts?overwrite=true", [{"phone": "15105550001", "first": "B"}]) == "ok"
    assert r.send("POST", "/v1/batch/contacts?overwrite=false", [{"phone": "15105550001", "first": "C"}]) != "ok"
    v2 = r.send(
        "POST",
        "/v2/contact",
        {
            "contact_channels": [
                {"channel_type": "phone", "channel_id": "14155551234"},
                {"channel_type": "email", "channel_id": "alice@example.com", "channel_handle": "alice"},
            ],
            "first": "Alice",
        },
    )
    base = f"/v2/contact/{v2['uuid']}"
    r.send("GET", base)
    r.send("PUT", base, {"last": "Smith", "tags": [{"tag_id": tag["id"]}]})
    r.send("POST", "/v2/contacts/list", {"limit": 30, "page": 0, "date": "2999-01-01T00:00:00Z", "ascending": False})
    r.send(
        "POST", "/v2/contacts/search", {"contact_channels": [{"channel_ids": ["14155551234", "jordan@example.com"]}]}
    )
    r.send("POST", base + "/channel", {"channel_type": "facebook", "channel_id": "alice.fb", "info_channel": "x"})
    r.send("PUT", base + "/channel", {"channel_type": "facebook", "channel_id": "alice.fb2"})
    r.send("GET", base + "/channels")
    r.send("GET", base + "/channel/facebook")
    r.send("DELETE", base + "/channel/facebook")
    bulk = r.send(
        "POST",
        "/v2/contacts",
        {
            "contacts": [
                {"contact_channels": [{"channel_type": "phone", "channel_id": "14155550000"}], "first": "New"},
                {"contact_id": v2["uuid"], "first": "Updated"},
                {"contact_id": str(uuid.uuid4()), "first": "Missing"},
            ]
        },
    )
    assert len(bulk["contacts"]) == 2
    assert len(bulk["failed_contacts"]) == 1
    created_uuid = bulk["contacts"][0]["uuid"]
    r.send("DELETE", "/v2/contacts", {"contact_channels": [{"channel_type": "id", "channel_ids": [created_uuid]}]})
    r.send("DELETE", base)
    r.send("DELETE", f"/v1/contact/{contact['id']}")
    r.send("DELETE", f"/v1/tag/{tag['id']}")
    return {"contact": contact, "v2": v2, "tag": tag}


def test_all_29_operations_answer_valid_200s(recorder: Recorder) -> None:
    exercise_every_operation(recorder)
    assert set(recorder.seen) == all_operation_ids()
    assert len(recorder.seen) == 29
    assert all(statuses == {200} for statuses in recorder.seen.values()), recorder.seen


def test_error_answers_conform_too(recorder: Recorder) -> None:
    r = recorder
    created = r.send("POST", "/v1/contact", {"phone": "15105553344"})
    gone = str(uuid.uuid4())
    jwt_headers = bearer(mint_jwt())
    # 400
    r.expect(400, "POST", "/v1/contact", {"phone": "15105553344"}, headers=jwt_headers)
    r.expect(400, "POST", "/v1/contact", {"phone": "nope"}, headers=jwt_headers)
    r.expect(400, "GET", "/v1/contact/abc", headers=jwt_headers)
    r.expect(400, "POST", "/v2/contacts/search", {"contact_channels": []}, headers=jwt_headers)
    r.expect(400, "POST", "/v1/tags", {"date": "soon"}, headers=jwt_headers)
    r.expect(400, "DELETE", "/v2/contacts", {"contact_channels": []}, headers=jwt_headers)
    # 401
    r.expect(401, "GET", f"/v1/contact/{created['id']}")
    r.expect(401, "POST", "/v1/contacts", {}, headers=bearer("not-a-token"))
    r.expect(401, "POST", "/v2/contacts", {"contacts": []}, headers=bearer(mint_jwt(iat=0)))
    # 404
    r.expect(404, "GET", "/v1/contact/999999", headers=jwt_headers)
    r.expect(404, "GET", f"/v2/contact/{gone}", headers=jwt_headers)
    r.expect(404, "GET", f"/v2/contact/{created['uuid']}/channel/facebook", headers=jwt_headers)
    r.expect(404, "DELETE", "/v1/tag/999999", headers=jwt_headers)
    r.expect(404, "POST", "/v1/contact/status", {"phone": "15550000000"}, headers=jwt_headers)
    # 429 from the budget, then injected 429 and 500
    r.server.configure(rate_limit=1)
    r.expect(429, "POST", "/v1/contacts", {}, headers=jwt_headers)
    r.server.configure(rate_limit=10_000, fault_429=1.0)
    r.expect(429, "POST", "/v1/contact", {"phone": "15105550009"}, headers=jwt_headers)
    r.server.configure(fault_429=0.0, fault_500=1.0)
    r.expect(500, "GET", f"/v1/contact/{created['id']}", headers=jwt_headers)
    r.expect(500, "DELETE", "/v2/contacts", {}, headers=jwt_headers)
    statuses = set().union(*r.seen.values())
    assert {400, 401, 404, 429, 500} <= statuses


def test_injected_503_is_the_one_answer_outside_the_spec(recorder: Recorder) -> None:
    recorder.server.configure(fault_503=1.0)
    request = recorder.server.client.build_request("POST", "/v1/contacts", json={}, headers=bearer(mint_jwt()))
    response = recorder.server.client.send(request)
    assert response.status_code == 503
    assert "X-Request-Id" in response.headers
    errors = list(SPEC.iter_response_errors(SpecRequest(request), SpecResponse(response)))
    assert errors  # 503 is not declared: a client must cope with it anyway


def test_the_spec_response_check_can_fail() -> None:
    """Guard against a validator that accepts anything: a wrong body for a declared status is caught."""
    request = httpx.Request("POST", SERVER_URL + "/v1/contact", json={"phone": "15105553344"})
    bad = httpx.Response(200, json={"id": "not-an-integer", "rev": 1}, headers={"X-Request-Id": str(uuid.uuid4())})
    assert list(SPEC.iter_response_errors(SpecRequest(request), SpecResponse(bad)))
    undeclared = httpx.Response(418, json={"error": "teapot"})
    assert list(SPEC.iter_response_errors(SpecRequest(request), SpecResponse(undeclared)))
    assert urlsplit(SERVER_URL).scheme == "https"
