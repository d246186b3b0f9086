"""Every failure on the wire is a typed error, within one deadline, and never a second create (issue 21).

Real sockets on loopback: tests/support/faults.py answers each request with a scripted fault (a body cut
off, stalled, reset or drip-fed; a body that is not JSON or not the declared shape; a redirect; a 401).
Each case runs sync and async, and checks the exception's type, its request id, ``attempts`` against the
requests the server counted, that no JWT the server received shows in the exception or anything it
chains, and that the call ended within its deadline (``total_timeout``) plus a margin. The margins are
bounds, not speed assertions: sync may overrun the deadline by one (capped) read timeout.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from typing import Any, Literal, TypeVar

import httpx
import pytest

from heymarket import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
    HeymarketClient,
    HeymarketError,
    NotFoundError,
    RedirectError,
    RetryPolicy,
    create_client,
)
from heymarket_client.api.contacts_v1 import create_contact, get_contact
from heymarket_client.models import Contact, ContactRequest, MutationResult
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY, assert_no_secret
from tests.support.faults import (
    Fault,
    FaultServer,
    drip,
    gated,
    ok,
    redirect,
    reset,
    stall,
    truncated,
    unauthorized,
)
from tests.support.tokens import bearer_token, decode_token

Mode = Literal["sync", "async"]
Op = Literal["get", "create"]
E = TypeVar("E", bound=BaseException)

TIMEOUT = 0.5
"""Each connect, read and write."""
TOTAL = 1.5
"""The call's deadline (``RetryPolicy.total_timeout``)."""
MAX_RETRIES = 2
MARGIN = 1.0
"""Scheduling slack on a loaded 2-core machine."""
SYNC_BOUND = TOTAL + TIMEOUT + MARGIN
"""Sync: a read already waiting at the deadline ends by its read timeout (capped at what remained)."""
ASYNC_BOUND = TOTAL + MARGIN
"""Async: the whole attempt runs under the deadline."""

MODES: tuple[Mode, ...] = ("sync", "async")
OPS: tuple[Op, ...] = ("get", "create")
PHONE = "14155550100"
CONTACT = {"id": 1, "phone": PHONE, "first": "Ada", "last": "Lovelace"}
MUTATION = {"id": 1, "rev": 1, "uuid": "0b6f3c1e-6a0e-4d53-9a43-6f1d2b1c9e01"}
LONG_BODY = {**CONTACT, "note": "x" * 400}
"""Longer than a drip at 1 byte / 10 ms can deliver before the deadline."""


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as fault_server:
        yield fault_server


def _client(server: FaultServer, **kwargs: Any) -> HeymarketClient:
    kwargs.setdefault("timeout", TIMEOUT)
    return create_client(
        secret_id=FAKE_SECRET_ID,
        secret_key=FAKE_SECRET_KEY,
        base_url=server.base_url,
        retries=RetryPolicy(max_retries=MAX_RETRIES, initial_delay=0.01, max_delay=0.02, total_timeout=TOTAL),
        **kwargs,
    )


def _success(op: Op) -> object:
    return CONTACT if op == "get" else MUTATION


def _sync_call(client: HeymarketClient, op: Op) -> object:
    with client:
        if op == "get":
            return client.contacts.get(1)
        return client.contacts.create(body=ContactRequest(phone=PHONE))


async def _async_call(client: HeymarketClient, op: Op) -> object:
    async with client:
        if op == "get":
            return await client.aio.contacts.get(1)
        return await client.aio.contacts.create(body=ContactRequest(phone=PHONE))


def _fails(client: HeymarketClient, mode: Mode, op: Op, expected: type[E]) -> tuple[E, float]:
    """Run the call; it must raise exactly ``expected``. Returns the error and the seconds it took."""
    started = time.monotonic()
    with pytest.raises(HeymarketError) as info:
        if mode == "sync":
            _sync_call(client, op)
        else:
            asyncio.run(_async_call(client, op))
    elapsed = time.monotonic() - started
    assert type(info.value) is expected, repr(info.value)
    assert isinstance(info.value, expected)
    return info.value, elapsed


def _bound(mode: Mode) -> float:
    return SYNC_BOUND if mode == "sync" else ASYNC_BOUND


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it chains (``__cause__`` and ``__context__``, to the end)."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [current.__cause__, current.__context__]


def _texts(exc: BaseException) -> list[str]:
    texts = [str(exc), repr(exc), repr(exc.args), *(repr(value) for value in vars(exc).values())]
    try:
        request = exc.request if isinstance(exc, httpx.RequestError) else None
    except RuntimeError:  # an httpx error that was never given its request
        request = None
    if request is not None:
        texts += [f"{name}: {value}" for name, value in request.headers.multi_items()]
    headers = getattr(exc, "headers", None)
    if isinstance(headers, httpx.Headers):
        texts += [f"{name}: {value}" for name, value in headers.multi_items()]
    return texts


def _assert_no_jwt(exc: BaseException, server: FaultServer) -> None:
    """No token the server received is in the exception, in anything it chains, or in their requests."""
    tokens = [bearer_token(request) for request in server.requests]
    assert tokens
    for token in tokens:
        decode_token(token)  # a real JWT was sent: the check below looks for something that existed
    chain = list(_chain(exc))
    for link in chain:
        texts = _texts(link)
        assert_no_secret(*texts)
        for text in texts:
            for token in tokens:
                assert token not in text, (type(link).__name__, text)
                assert token.rsplit(".", 1)[1] not in text, (type(link).__name__, text)  # the signature


def _check(exc: APIError, server: FaultServer, *, attempts: int | None = None) -> None:
    """The checks of every row: attempts as the server counted, the last answer's request id, no JWT."""
    assert exc.attempts == server.count, (exc.attempts, server.count, str(exc))
    if attempts is not None:
        assert server.count == attempts
    assert exc.request_id == server.request_ids[-1], str(exc)
    _assert_no_jwt(exc, server)


# -- a success body that fails on the way: cut off, stalled, reset ---------------------------------

BODY_FAULTS: dict[str, tuple[Fault, type[APIConnectionError]]] = {
    "truncated": (truncated(LONG_BODY, keep=5), APIConnectionError),
    "stalled": (stall(LONG_BODY, keep=5), APITimeoutError),
    "reset": (reset(LONG_BODY, keep=5), APIConnectionError),
}


@pytest.mark.parametrize("fault", sorted(BODY_FAULTS))
@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_that_fails_is_a_typed_connection_error(
    server: FaultServer, mode: Mode, op: Op, fault: str
) -> None:
    server.default, expected = BODY_FAULTS[fault]
    exc, elapsed = _fails(_client(server), mode, op, expected)
    assert exc.status_code == 200
    assert "while reading the body of HTTP 200" in str(exc)
    if op == "create":  # not retry-safe: sent once
        _check(exc, server, attempts=1)
    elif fault == "stalled":  # each attempt waits a read timeout; the deadline may cut the retries short
        _check(exc, server)
        assert server.count >= 2
    else:  # retried like any connection failure after sending
        _check(exc, server, attempts=MAX_RETRIES + 1)
    assert elapsed < _bound(mode), elapsed


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("mode", MODES)
def test_a_drip_fed_body_ends_at_the_deadline(server: FaultServer, mode: Mode, op: Op) -> None:
    # Every byte comes well within the read timeout; only the call's deadline can end it.
    server.default = drip(LONG_BODY, interval=0.01)
    exc, elapsed = _fails(_client(server), mode, op, APITimeoutError)
    assert exc.status_code == 200
    _check(exc, server, attempts=1)  # the deadline has passed: no retry can start
    assert TOTAL - 0.1 <= elapsed < _bound(mode), elapsed


# -- a success body that is not what the spec declares ---------------------------------------------


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_that_is_not_json(server: FaultServer, mode: Mode, op: Op) -> None:
    server.default = ok(b"<html>502 Bad Gateway</html>")
    exc, elapsed = _fails(_client(server), mode, op, APIResponseValidationError)
    assert exc.status_code == 200
    assert exc.text == "<html>502 Bad Gateway</html>"
    assert "is not JSON" in str(exc)
    _check(exc, server, attempts=1)
    assert elapsed < _bound(mode)


@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_that_echoes_the_token_is_blanked_in_the_error(server: FaultServer, mode: Mode) -> None:
    server.default = ok(b"<html>upstream says {authorization}</html>")  # echoes the token it was sent
    exc, _ = _fails(_client(server), mode, "get", APIResponseValidationError)
    assert exc.text == "<html>upstream says Bearer <redacted></html>"
    assert "<redacted>" in str(exc)


@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_that_echoes_the_token_is_blanked_in_the_chain(server: FaultServer, mode: Mode) -> None:
    server.default = ok(b"<html>upstream says {authorization}</html>")
    exc, _ = _fails(_client(server), mode, "get", APIResponseValidationError)
    _assert_no_jwt(exc, server)


@pytest.mark.parametrize(
    ("op", "body"),
    [("get", [1, 2, 3]), ("get", "a string"), ("create", {}), ("create", [1, 2, 3])],
    ids=["get-list", "get-string", "create-empty-object", "create-list"],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_of_the_wrong_shape(server: FaultServer, mode: Mode, op: Op, body: object) -> None:
    server.default = ok(body)
    exc, _ = _fails(_client(server), mode, op, APIResponseValidationError)
    assert exc.status_code == 200
    assert exc.text == json.dumps(body)
    assert "does not match the spec" in str(exc)
    _check(exc, server, attempts=1)


@pytest.mark.parametrize("mode", MODES)
def test_the_detailed_functions_raise_for_a_success_body_that_is_not_json(server: FaultServer, mode: Mode) -> None:
    server.default = ok(b"not json")
    client = _client(server)
    with pytest.raises(APIResponseValidationError) as info:
        if mode == "sync":
            with client:
                get_contact.sync_detailed(1, client=client)
        else:

            async def call() -> None:
                async with client:
                    await get_contact.asyncio_detailed(1, client=client)

            asyncio.run(call())
    assert info.value.text == "not json"
    _check(info.value, server, attempts=1)


# -- redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_loop_on_a_create_reaches_the_server_once(server: FaultServer, mode: Mode, status: int) -> None:
    server.default = redirect("/v1/contact", status=status)
    exc, elapsed = _fails(_client(server, follow_redirects=True), mode, "create", RedirectError)
    assert server.count == 1
    assert [r.method for r in server.requests] == ["POST"]
    assert exc.status_code == status
    assert exc.location == server.url("/v1/contact")
    assert "not retry-safe" in str(exc)
    assert exc.attempts == 1
    _assert_no_jwt(exc, server)
    assert elapsed < _bound(mode)


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_loop_on_a_create_carries_the_request_id(server: FaultServer, mode: Mode) -> None:
    server.default = redirect("/v1/contact")
    exc, _ = _fails(_client(server, follow_redirects=True), mode, "create", RedirectError)
    assert exc.request_id == "req-1"


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_loop_on_a_read_stops_before_asking_again(server: FaultServer, mode: Mode) -> None:
    server.default = redirect("/v1/contact/1")
    exc, _ = _fails(_client(server, follow_redirects=True), mode, "get", RedirectError)
    assert server.count == 1
    assert exc.status_code == 307
    assert "loop" in str(exc)
    assert exc.attempts == server.count
    _assert_no_jwt(exc, server)


@pytest.mark.parametrize("mode", MODES)
def test_a_long_redirect_chain_stops_after_five(server: FaultServer, mode: Mode) -> None:
    server.script(*(redirect(f"/v1/contact/{n}") for n in range(2, 12)))
    exc, _ = _fails(_client(server, follow_redirects=True), mode, "get", RedirectError)
    assert server.count == 6  # the first request and 5 redirects followed
    assert "more than 5 redirects" in str(exc)
    assert exc.attempts == server.count
    _assert_no_jwt(exc, server)


@pytest.mark.parametrize("mode", MODES)
def test_redirect_error_attempts_count_a_retry_before_the_redirect(server: FaultServer, mode: Mode) -> None:
    server.script(ok({"error": "unavailable"}, status=503))
    server.default = redirect("/v1/contact/1")
    exc, _ = _fails(_client(server, follow_redirects=True), mode, "get", RedirectError)
    assert server.count == 2  # the 503, retried; then the 307 to itself, not followed
    assert exc.attempts == server.count


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_does_not_restart_the_deadline(server: FaultServer, mode: Mode) -> None:
    # The 307 comes after 1 s (within the 2 s read timeout); the body it leads to is drip-fed. One
    # deadline for the call: it ends TOTAL seconds after it started, not TOTAL after the redirect.
    server.script(redirect("/v1/contact/2", delay=1.0))
    server.default = drip(LONG_BODY, interval=0.01)
    exc, elapsed = _fails(_client(server, follow_redirects=True, timeout=2.0), mode, "get", APITimeoutError)
    assert exc.status_code == 200
    assert server.count == 2
    assert elapsed < TOTAL + MARGIN / 2, elapsed


AFTER_REDIRECT: dict[str, tuple[Fault, type[APIError]]] = {
    "404": (ok({"error": "not_found"}, status=404), NotFoundError),
    "truncated": (truncated(LONG_BODY, keep=5), APIConnectionError),
    "not-json": (ok(b"not json"), APIResponseValidationError),
}


@pytest.mark.parametrize("final", sorted(AFTER_REDIRECT))
@pytest.mark.parametrize("mode", MODES)
def test_attempts_count_the_requests_before_a_followed_redirect(server: FaultServer, mode: Mode, final: str) -> None:
    server.script(redirect("/v1/contact/2"))
    server.default, expected = AFTER_REDIRECT[final]
    exc, _ = _fails(_client(server, follow_redirects=True), mode, "get", expected)
    assert exc.attempts == server.count


# -- 401, re-signed, 401 again ---------------------------------------------------------------------


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("mode", MODES)
def test_a_second_401_counts_both_requests(server: FaultServer, mode: Mode, op: Op) -> None:
    server.default = unauthorized()  # the body echoes the token it was sent
    exc, elapsed = _fails(_client(server), mode, op, AuthenticationError)
    assert exc.status_code == 401
    assert "<redacted>" in exc.text
    _check(exc, server, attempts=2)  # the first request and the auth's re-signed one
    assert "[after 2 attempts]" in str(exc)
    assert elapsed < _bound(mode)


# -- retried or not ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_read_whose_first_body_is_truncated_succeeds_on_the_retry(server: FaultServer, mode: Mode) -> None:
    server.script(truncated(CONTACT, keep=5))
    server.default = ok(CONTACT)
    client = _client(server)
    if mode == "sync":
        with client:
            contact = get_contact.sync(1, client=client)
    else:

        async def call() -> Contact:
            async with client:
                return await get_contact.asyncio(1, client=client)

        contact = asyncio.run(call())
    assert isinstance(contact, Contact)
    assert (contact.id, contact.phone) == (1, PHONE)
    assert server.count == 2
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/v1/contact/1")] * 2


@pytest.mark.parametrize("mode", MODES)
def test_a_create_whose_body_is_truncated_is_sent_once(server: FaultServer, mode: Mode) -> None:
    server.script(truncated(MUTATION, keep=5))
    server.default = ok(MUTATION)  # what a second create would get: it must not be sent
    client = _client(server)
    with pytest.raises(APIConnectionError) as info:
        if mode == "sync":
            with client:
                create_contact.sync(client=client, body=ContactRequest(phone=PHONE))
        else:

            async def call() -> MutationResult:
                async with client:
                    return await create_contact.asyncio(client=client, body=ContactRequest(phone=PHONE))

            asyncio.run(call())
    assert type(info.value) is APIConnectionError
    assert info.value.status_code == 200
    time.sleep(0.1)  # a retry, were one made, would have arrived by now
    assert server.count == 1
    _check(info.value, server, attempts=1)


# -- the caller's own streamed request -----------------------------------------------------------


def test_a_streamed_request_of_the_caller_still_streams(server: FaultServer) -> None:
    gate = threading.Event()
    server.script(gated(b"streamed body", gate))  # the head now, the body once the gate opens
    with (
        _client(server) as client,
        client.get_httpx_client().stream("GET", "/v1/contact/1") as response,
    ):
        assert response.status_code == 200
        assert response.headers["x-request-id"] == "req-1"
        gate.set()
        assert response.read() == b"streamed body"
    decode_token(bearer_token(server.requests[0]))
    assert server.count == 1


def test_a_streamed_request_of_the_caller_still_streams_async(server: FaultServer) -> None:
    gate = threading.Event()
    server.script(gated(b"streamed body", gate))

    async def call() -> bytes:
        async with (
            _client(server) as client,
            client.get_async_httpx_client().stream("GET", "/v1/contact/1") as response,
        ):
            assert response.status_code == 200
            assert response.headers["x-request-id"] == "req-1"
            gate.set()
            return await response.aread()

    assert asyncio.run(call()) == b"streamed body"
    decode_token(bearer_token(server.requests[0]))
    assert server.count == 1
