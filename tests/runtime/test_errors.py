"""Typed errors: one class per status family, with status, body, text, headers, request id, method and
path, and never a secret (API key, Secret ID or key, or a bearer JWT)."""

from __future__ import annotations

import json
import pickle
import socket
import traceback
from typing import Any

import httpx
import pytest

import heymarket
from heymarket import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HeymarketError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from heymarket_client.api.contacts_v1 import get_contact
from tests.support.clocks import VirtualTime, runtime_client
from tests.support.fakes import FAKE_API_KEY, assert_no_secret
from tests.support.loopback import LoopbackServer
from tests.support.tokens import bearer_token

REQUEST_ID = "5b1f0c2e-8d3a-4f6b-9e7c-1a2b3c4d5e6f"


def _leak_free(error: BaseException, *tokens: str) -> None:
    """No secret in the message, repr, attributes or the whole formatted traceback (causes included)."""
    text = "\n".join(
        [str(error), repr(error), repr(vars(error)), "".join(traceback.format_exception(error))]
        + ([repr(error.__cause__.request.headers)] if isinstance(error.__cause__, httpx.RequestError) else [])
    )
    assert_no_secret(text)
    for token in tokens:
        assert token not in text


def _tokens(server: LoopbackServer) -> list[str]:
    return [bearer_token(r) for r in server.requests]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, APIStatusError),
        (422, APIStatusError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_each_status_raises_its_class(
    loopback: LoopbackServer, vt: VirtualTime, status: int, cls: type[APIStatusError]
) -> None:
    body = {"error": "some_code", "message": f"status {status} happened"}
    headers = {"X-Request-Id": REQUEST_ID, "Set-Cookie": "session=abc"}
    for _ in range(3):  # enough for the 401 re-sign and every retry
        loopback.enqueue(status, body, headers)
    client = runtime_client(loopback.base_url, vt, retries=0)
    with pytest.raises(HeymarketError) as excinfo:
        get_contact.sync_detailed(7, client=client)
    error = excinfo.value
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert error.body == body
    assert json.loads(error.text) == body
    assert error.headers["content-type"] == "application/json"
    assert "set-cookie" not in error.headers
    assert error.request_id == REQUEST_ID
    assert (error.method, error.path) == ("GET", "/v1/contact/7")
    message = str(error)
    assert REQUEST_ID in message
    assert f"HTTP {status}" in message and "GET /v1/contact/7" in message
    assert f"some_code: status {status} happened" in message
    _leak_free(error, *_tokens(loopback))


def test_authentication_error_comes_after_the_jwt_re_sign(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(401, {"error": "unauthorized"}, {"X-Request-Id": "first"})
    loopback.enqueue(401, {"error": "unauthorized"}, {"X-Request-Id": "second"})
    with pytest.raises(AuthenticationError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    first, second = _tokens(loopback)
    assert first != second
    assert excinfo.value.request_id == "second"
    assert excinfo.value.attempts == 2 == len(loopback.requests)  # the auth's re-send went on the wire too
    _leak_free(excinfo.value, first, second)


def test_api_key_never_appears_in_errors(loopback: LoopbackServer, vt: VirtualTime) -> None:
    # Even when a server echoes the credential back in its error body.
    loopback.enqueue(401, {"error": "unauthorized", "message": f"bad key Bearer {FAKE_API_KEY}"})
    with pytest.raises(AuthenticationError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, api_key=FAKE_API_KEY))
    assert "<redacted>" in excinfo.value.text
    _leak_free(excinfo.value)


def test_a_body_that_is_not_json_is_kept_as_text(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503, b"<html>503 Service Unavailable</html>", {"X-Request-Id": REQUEST_ID})
    client = runtime_client(loopback.base_url, vt, retries=0)
    with pytest.raises(ServerError) as excinfo:
        get_contact.sync_detailed(7, client=client)
    assert excinfo.value.body is None
    assert excinfo.value.text == "<html>503 Service Unavailable</html>"
    assert "503 Service Unavailable</html>" in str(excinfo.value)


def test_a_json_string_body_is_parsed(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(400, "phone is invalid")
    with pytest.raises(BadRequestError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    assert excinfo.value.body == "phone is invalid"
    assert "(request id none): phone is invalid" in str(excinfo.value)


def test_a_long_error_text_is_shortened_in_the_message(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(400, {"error": "bad_data", "message": "x" * 5000})
    with pytest.raises(BadRequestError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    assert len(str(excinfo.value)) < 500
    assert len(excinfo.value.text) > 5000


def test_connection_error(vt: VirtualTime) -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(APIConnectionError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(f"http://127.0.0.1:{port}", vt, retries=0))
    error = excinfo.value
    assert type(error) is APIConnectionError
    assert (error.method, error.path, error.request_id) == ("GET", "/v1/contact/7", None)
    assert "GET /v1/contact/7 failed: ConnectError" in str(error)
    _leak_free(error)


def test_timeout_error_and_its_cause_hold_no_token(vt: VirtualTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = runtime_client(
        "http://127.0.0.1:9", vt, api_key=FAKE_API_KEY, httpx_args={"transport": httpx.MockTransport(handler)}
    )
    with pytest.raises(APITimeoutError) as excinfo:
        get_contact.sync_detailed(7, client=client)
    error = excinfo.value
    assert isinstance(error, APIConnectionError)
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert error.__cause__.request.headers["Authorization"] == "<redacted>"
    assert "[after 3 attempts]" in str(error)
    _leak_free(error)


def test_raise_errors_false_keeps_the_generated_behaviour(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(404, {"error": "not_found"})
    client = runtime_client(loopback.base_url, vt, raise_errors=False)
    response = get_contact.sync_detailed(7, client=client)
    assert response.status_code == 404
    assert response.parsed is not None

    bad = runtime_client("http://127.0.0.1:9", vt, raise_errors=False, retries=0)
    with pytest.raises(httpx.ConnectError):
        get_contact.sync_detailed(7, client=bad)


@pytest.mark.asyncio
async def test_async_errors_are_typed_too(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(404, {"error": "not_found"}, {"X-Request-Id": REQUEST_ID})
    client = runtime_client(loopback.base_url, vt)
    with pytest.raises(NotFoundError) as excinfo:
        await get_contact.asyncio_detailed(7, client=client)
    assert REQUEST_ID in str(excinfo.value)
    _leak_free(excinfo.value, *_tokens(loopback))
    await client.get_async_httpx_client().aclose()


def test_a_streamed_error_response_is_read_for_the_error(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(403, {"error": "forbidden"})
    client = runtime_client(loopback.base_url, vt)
    with pytest.raises(PermissionDeniedError) as excinfo, client.get_httpx_client().stream("GET", "/v1/contact/7"):
        pass
    assert excinfo.value.body == {"error": "forbidden"}


def test_errors_are_exported_beside_create_client() -> None:
    names = {
        "HeymarketError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "RateLimitError",
        "ServerError",
        "APIConnectionError",
        "APITimeoutError",
        "create_client",
    }
    assert names <= set(heymarket.__all__)
    for name in names - {"create_client"}:
        assert issubclass(getattr(heymarket, name), heymarket.HeymarketError)


def test_errors_survive_pickling(loopback: LoopbackServer, vt: VirtualTime) -> None:
    # Errors cross process boundaries (multiprocessing, task queues); they hold no Redacted values.
    loopback.enqueue(404, {"error": "not_found"}, {"X-Request-Id": REQUEST_ID})
    with pytest.raises(NotFoundError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    copy: Any = pickle.loads(pickle.dumps(excinfo.value))
    assert type(copy) is NotFoundError
    assert str(copy) == str(excinfo.value)


def test_one_error_root_and_request_fields_only_on_api_errors() -> None:
    from heymarket.bulk import FieldLookupError, JournalError, Rejection
    from heymarket.bulk.export import ExportError
    from heymarket.bulk.journal import JournalWriteError
    from heymarket.bulk.mapping import CsvMappingError

    for cls in (CsvMappingError, Rejection, FieldLookupError, ExportError, JournalError, JournalWriteError):
        assert issubclass(cls, heymarket.HeymarketError), cls
    assert issubclass(heymarket.HeymarketConfigError, heymarket.HeymarketError)
    assert issubclass(heymarket.HeymarketConfigError, ValueError)
    for name in ("APIStatusError", "APIConnectionError", "APIResponseValidationError", "RedirectError", "PagingError"):
        assert issubclass(getattr(heymarket, name), heymarket.APIError), name
    root = heymarket.HeymarketError("plain")
    assert root.message == "plain" and not hasattr(root, "request_id") and not hasattr(root, "attempts")
    api = heymarket.APIError("x", method="GET", path="/v1/contact/7", request_id="r", attempts=2)
    assert (api.method, api.path, api.request_id, api.attempts) == ("GET", "/v1/contact/7", "r", 2)
    copy: Any = pickle.loads(pickle.dumps(api))
    assert (copy.message, copy.request_id, copy.attempts) == ("x", "r", 2)
