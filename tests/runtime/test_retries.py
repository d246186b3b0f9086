"""Retries: policy by operation safety, backoff with full jitter, Retry-After, bounds, re-signed JWTs.

Runs over loopback against scripted responses; all waiting goes through VirtualTime, so the sleeps
are asserted exactly and nothing waits for real.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from heymarket import (
    ALREADY_ABSENT_HEADER,
    APIConnectionError,
    APITimeoutError,
    NotFoundError,
    RateLimit,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from heymarket_client.api.contacts_v1 import create_contact, delete_contact, get_contact, list_contacts
from heymarket_client.models import ContactRequest, ListContactsRequest
from tests.support.clocks import T0, VirtualTime, runtime_client
from tests.support.loopback import LoopbackServer, ScriptedResponse
from tests.support.tokens import bearer_token, decode_token

CREATED = {"id": 1001, "rev": 1, "uuid": "0b7c2a4e-5d6f-4a8b-9c1d-2e3f4a5b6c7d"}
PHONE = "15105553344"


def _create(client: Any) -> Any:
    return create_contact.sync_detailed(client=client, body=ContactRequest(phone=PHONE))


def _statuses(server: LoopbackServer) -> list[str]:
    return [f"{r.method} {r.path_only}" for r in server.requests]


# -- policy by safety ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_a_read_is_retried_on_each_retryable_status(loopback: LoopbackServer, vt: VirtualTime, status: int) -> None:
    loopback.enqueue(status, {"error": "x"})
    client = runtime_client(loopback.base_url, vt)
    assert get_contact.sync_detailed(7, client=client).status_code == 200
    assert _statuses(loopback) == ["GET /v1/contact/7"] * 2
    assert vt.sleeps == [0.5]


@pytest.mark.parametrize("status", [400, 403, 404, 409, 422, 501, 505])
def test_a_read_is_not_retried_on_other_statuses(loopback: LoopbackServer, vt: VirtualTime, status: int) -> None:
    loopback.enqueue(status, {"error": "x"})
    client = runtime_client(loopback.base_url, vt)
    with pytest.raises(Exception) as excinfo:
        get_contact.sync_detailed(7, client=client)
    assert getattr(excinfo.value, "status_code", None) == status
    assert len(loopback.requests) == 1
    assert vt.sleeps == []


def test_reads_sent_as_post_are_retried(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503, b"gateway")
    client = runtime_client(loopback.base_url, vt)
    list_contacts.sync_detailed(client=client, body=ListContactsRequest())
    assert _statuses(loopback) == ["POST /v1/contacts"] * 2


def test_a_create_is_retried_on_429(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.default = ScriptedResponse(200, CREATED)
    loopback.enqueue(429, {"error": "rate_limited"})
    client = runtime_client(loopback.base_url, vt)
    assert _create(client).status_code == 200
    assert _statuses(loopback) == ["POST /v1/contact"] * 2
    assert loopback.requests[0].json() == loopback.requests[1].json() == {"phone": PHONE}


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_create_is_not_retried_on_5xx(loopback: LoopbackServer, vt: VirtualTime, status: int) -> None:
    loopback.enqueue(status, {"error": "boom"})
    client = runtime_client(loopback.base_url, vt)
    with pytest.raises(ServerError) as excinfo:
        _create(client)
    assert excinfo.value.status_code == status
    assert excinfo.value.attempts == 1
    assert len(loopback.requests) == 1


@pytest.mark.parametrize("status", [500, 503])
def test_a_create_is_retried_on_5xx_when_the_caller_opts_in(
    loopback: LoopbackServer, vt: VirtualTime, status: int
) -> None:
    loopback.default = ScriptedResponse(200, CREATED)
    loopback.enqueue(status, {"error": "boom"})
    client = runtime_client(loopback.base_url, vt, retry_unsafe=True)
    assert _create(client).status_code == 200
    assert len(loopback.requests) == 2


def test_an_unknown_request_counts_as_unsafe(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503)
    loopback.enqueue(429)
    client = runtime_client(loopback.base_url, vt)
    with pytest.raises(ServerError):
        client.get_httpx_client().get("/v1/team")
    assert len(loopback.requests) == 1
    assert client.get_httpx_client().get("/v1/team").status_code == 200  # the 429 is retried
    assert len(loopback.requests) == 3


def test_a_base_url_path_prefix_is_ignored_when_matching(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503)
    client = runtime_client(loopback.base_url + "/api", vt)
    list_contacts.sync_detailed(client=client, body=ListContactsRequest())
    assert _statuses(loopback) == ["POST /api/v1/contacts"] * 2


# -- bounds and backoff ---------------------------------------------------------------------


def test_attempts_are_bounded_by_max_retries(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.default = ScriptedResponse(503, {"error": "down"})
    with pytest.raises(ServerError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    assert excinfo.value.attempts == 3 == len(loopback.requests)
    assert "[after 3 attempts]" in str(excinfo.value)

    loopback.reset()
    with pytest.raises(ServerError):
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, retries=5))
    assert len(loopback.requests) == 6

    for off in (0, None):
        loopback.reset()
        with pytest.raises(ServerError):
            get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, retries=off))
        assert len(loopback.requests) == 1


def test_backoff_is_exponential_with_full_jitter_and_a_ceiling(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.default = ScriptedResponse(503)
    uppers: list[float] = []

    def jitter(upper: float) -> float:
        uppers.append(upper)
        return upper * 0.25  # a draw inside [0, upper]

    policy = RetryPolicy(max_retries=6, initial_delay=0.5, max_delay=8.0)
    client = runtime_client(loopback.base_url, vt, retries=policy, jitter=jitter)
    with pytest.raises(ServerError):
        get_contact.sync_detailed(7, client=client)
    assert uppers == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert vt.sleeps == [u * 0.25 for u in uppers]


def test_jitter_draws_outside_the_range_are_clamped(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503)
    loopback.enqueue(503)
    draws = iter([99.0, -5.0])
    client = runtime_client(loopback.base_url, vt, jitter=lambda upper: next(draws))
    get_contact.sync_detailed(7, client=client)
    assert vt.sleeps == [0.5, 0.0]


def test_no_retry_starts_after_total_timeout(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.default = ScriptedResponse(503)
    policy = RetryPolicy(max_retries=10, initial_delay=4.0, max_delay=4.0, total_timeout=10.0)
    with pytest.raises(ServerError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, retries=policy))
    # Retries at 4 s and 8 s; a third would start at 12 s > 10 s.
    assert vt.sleeps == [4.0, 4.0]
    assert excinfo.value.attempts == 3


# -- Retry-After --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("7", 7.0),  # above the 0.5 s backoff: the server's floor wins
        ("0", 0.5),  # below it: the backoff stays
        ("2.5", 2.5),
        ("3600", 60.0),  # capped by retry_after_cap
        ("soon", 0.5),  # unreadable: ignored
        ("-3", 0.5),
    ],
)
def test_retry_after_seconds_is_a_floor_with_a_cap(
    loopback: LoopbackServer, vt: VirtualTime, retry_after: str, expected: float
) -> None:
    loopback.enqueue(429, {"error": "rate_limited"}, {"Retry-After": retry_after})
    get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    assert vt.sleeps == [expected]


def test_retry_after_http_date(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503, None, {"Retry-After": formatdate(T0 + 30, usegmt=True)})
    loopback.enqueue(503, None, {"Retry-After": formatdate(T0 - 30, usegmt=True)})  # in the past: no floor
    get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    assert vt.sleeps == [30.0, 1.0]


def test_retry_after_cap_is_configurable(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(429, None, {"Retry-After": "45"})
    policy = RetryPolicy(retry_after_cap=5.0)
    get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, retries=policy))
    assert vt.sleeps == [5.0]


def test_retry_after_beyond_total_timeout_gives_up_at_once(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(429, {"error": "rate_limited"}, {"Retry-After": "30"})
    policy = RetryPolicy(total_timeout=10.0)
    with pytest.raises(RateLimitError) as excinfo:
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, retries=policy))
    assert excinfo.value.attempts == 1
    assert vt.sleeps == []


# -- the JWT of each attempt ------------------------------------------------------------------


def test_an_attempt_past_the_token_reuse_window_carries_a_new_jwt(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(429, None, {"Retry-After": "1"})  # within the reuse window: the token is reused
    loopback.enqueue(429, None, {"Retry-After": "300"})  # past it (and past the token's lifetime)
    policy = RetryPolicy(retry_after_cap=300.0, total_timeout=600.0)
    get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, retries=policy))
    tokens = [bearer_token(r) for r in loopback.requests]
    iats = [decode_token(t)["iat"] for t in tokens]
    assert tokens[0] == tokens[1] != tokens[2]
    assert iats == [int(T0), int(T0), int(T0) + 301]


def test_a_401_is_re_signed_inside_an_attempt(loopback: LoopbackServer, vt: VirtualTime) -> None:
    # 401 is the auth's business (one re-signed retry), not a retry attempt of the runtime.
    loopback.enqueue(401, {"error": "unauthorized"})
    client = runtime_client(loopback.base_url, vt)
    assert get_contact.sync_detailed(7, client=client).status_code == 200
    first, second = (bearer_token(r) for r in loopback.requests)
    assert first != second
    assert vt.sleeps == []


# -- failures without a response ----------------------------------------------------------------


class _Script:
    """A MockTransport handler: raises or answers from a list, and counts calls."""

    def __init__(self, *steps: Exception | int) -> None:
        self.steps = list(steps)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        step = self.steps.pop(0) if self.steps else 200
        if isinstance(step, Exception):
            raise step
        return httpx.Response(step, json=CREATED)


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("connect timeout"), httpx.PoolTimeout("pool timeout")],
)
def test_a_create_is_retried_when_it_was_never_sent(vt: VirtualTime, error: Exception) -> None:
    script = _Script(error)
    client = runtime_client("http://127.0.0.1:9", vt, httpx_args={"transport": httpx.MockTransport(script)})
    assert _create(client).status_code == 200
    assert script.calls == 2


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (httpx.ReadTimeout("read timeout"), APITimeoutError),
        (httpx.WriteTimeout("write timeout"), APITimeoutError),
        (httpx.ReadError("reset"), APIConnectionError),
        (httpx.RemoteProtocolError("server disconnected"), APIConnectionError),
    ],
)
def test_a_create_is_not_retried_when_it_may_have_been_sent(
    vt: VirtualTime, error: Exception, expected: type[Exception]
) -> None:
    script = _Script(error)
    client = runtime_client("http://127.0.0.1:9", vt, httpx_args={"transport": httpx.MockTransport(script)})
    with pytest.raises(expected) as excinfo:
        _create(client)
    assert type(excinfo.value) is expected
    assert script.calls == 1
    assert isinstance(excinfo.value.__cause__, type(error))

    opted_in = _Script(error)
    client = runtime_client(
        "http://127.0.0.1:9", vt, retry_unsafe=True, httpx_args={"transport": httpx.MockTransport(opted_in)}
    )
    assert _create(client).status_code == 200
    assert opted_in.calls == 2


@pytest.mark.parametrize("error", [httpx.ReadTimeout("read timeout"), httpx.RemoteProtocolError("disconnected")])
def test_a_read_is_retried_after_a_timeout_or_connection_error(vt: VirtualTime, error: Exception) -> None:
    script = _Script(error)
    client = runtime_client("http://127.0.0.1:9", vt, httpx_args={"transport": httpx.MockTransport(script)})
    assert get_contact.sync_detailed(7, client=client).status_code == 200
    assert script.calls == 2


@pytest.fixture
def silent_server() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP server on 127.0.0.1 that reads requests and never answers; yields (base URL, requests seen)."""
    seen: list[bytes] = []
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    conns: list[socket.socket] = []

    def serve() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conns.append(conn)
            conn.settimeout(5)
            with contextlib.suppress(OSError):
                seen.append(conn.recv(65536))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    stop.set()
    thread.join(5)
    for conn in conns:
        conn.close()
    listener.close()


def test_a_real_read_timeout_on_a_create_is_not_retried(
    silent_server: tuple[str, list[bytes]], vt: VirtualTime
) -> None:
    url, seen = silent_server
    client = runtime_client(url, vt, timeout=0.3)
    with pytest.raises(APITimeoutError) as excinfo:
        _create(client)
    assert isinstance(excinfo.value.__cause__, httpx.ReadTimeout)
    assert len(seen) == 1 and seen[0].startswith(b"POST /v1/contact ")


def test_a_real_read_timeout_on_a_read_is_retried(silent_server: tuple[str, list[bytes]], vt: VirtualTime) -> None:
    url, seen = silent_server
    client = runtime_client(url, vt, timeout=0.2, retries=1)
    with pytest.raises(APITimeoutError) as excinfo:
        get_contact.sync_detailed(7, client=client)
    assert excinfo.value.attempts == 2
    assert len(seen) == 2


def test_a_refused_connection_is_retried_even_for_a_create(vt: VirtualTime) -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(APIConnectionError) as excinfo:
        _create(runtime_client(f"http://127.0.0.1:{port}", vt))
    assert type(excinfo.value) is APIConnectionError
    assert isinstance(excinfo.value.__cause__, httpx.ConnectError)
    assert excinfo.value.attempts == 3
    assert vt.sleeps == [0.5, 1.0]


# -- bodies, streams, async --------------------------------------------------------------------


def test_a_streamed_request_body_is_sent_again(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503)
    client = runtime_client(loopback.base_url, vt)
    chunks = iter([b'{"limit":', b"5}"])
    client.get_httpx_client().post("/v1/contacts", content=chunks)
    assert [r.body for r in loopback.requests] == [b'{"limit":5}'] * 2


def test_a_streamed_response_is_returned_after_a_retry(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503, b"busy")
    loopback.default = ScriptedResponse(200, b"payload")
    client = runtime_client(loopback.base_url, vt)
    with client.get_httpx_client().stream("GET", "/v1/contact/7") as response:
        assert response.status_code == 200
        assert not response.is_stream_consumed
        assert response.read() == b"payload"
    assert len(loopback.requests) == 2


@pytest.mark.asyncio
async def test_async_retries_follow_the_same_policy(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.default = ScriptedResponse(200, CREATED)
    loopback.enqueue(503, None, {"Retry-After": "3"})  # read: retried, Retry-After honoured
    loopback.enqueue(200, {})
    loopback.enqueue(503)  # create: not retried
    loopback.enqueue(429)  # create: retried
    client = runtime_client(loopback.base_url, vt)
    assert (await get_contact.asyncio_detailed(7, client=client)).status_code == 200
    with pytest.raises(ServerError):
        await create_contact.asyncio_detailed(client=client, body=ContactRequest(phone=PHONE))
    assert (await create_contact.asyncio_detailed(client=client, body=ContactRequest(phone=PHONE))).status_code == 200
    assert _statuses(loopback) == ["GET /v1/contact/7"] * 2 + ["POST /v1/contact"] * 3
    assert vt.sleeps == [3.0, 0.5]
    await client.get_async_httpx_client().aclose()


@pytest.mark.asyncio
async def test_async_never_sent_failure_is_retried_for_a_create(vt: VirtualTime) -> None:
    script = _Script(httpx.ConnectError("refused"), httpx.ReadTimeout("late"))
    client = runtime_client("http://127.0.0.1:9", vt, httpx_args={"transport": httpx.MockTransport(script)})
    with pytest.raises(APITimeoutError):
        await create_contact.asyncio_detailed(client=client, body=ContactRequest(phone=PHONE))
    assert script.calls == 2


# -- the rate limiter counts attempts ------------------------------------------------------------


def test_every_attempt_takes_a_rate_limit_permit(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503)
    client = runtime_client(loopback.base_url, vt, rate_limit=RateLimit(requests=2, per_seconds=60))
    get_contact.sync_detailed(7, client=client)  # two attempts: both permits of the window
    assert vt.sleeps == [0.5]
    get_contact.sync_detailed(7, client=client)  # must wait for the first permit to leave the window
    assert vt.sleeps[1] == pytest.approx(60.001 - 0.5)
    assert len(loopback.requests) == 3


def test_retries_and_limits_can_be_switched_off(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(503)
    client = runtime_client(loopback.base_url, vt, retries=0, rate_limit=None, raise_errors=False)
    assert get_contact.sync_detailed(7, client=client).status_code == 503
    for _ in range(3):
        get_contact.sync_detailed(7, client=client)
    assert vt.sleeps == []
    assert len(loopback.requests) == 4


# -- a delete sent again after an attempt that may have been processed --------------------------


@pytest.mark.parametrize("first", [500, 502, 504])
def test_a_delete_that_answers_404_after_an_ambiguous_attempt_counts_as_done(
    loopback: LoopbackServer, vt: VirtualTime, first: int
) -> None:
    loopback.enqueue(first, {"error": "x"})
    loopback.enqueue(404, {"error": "not_found"}, {"X-Request-Id": "req-gone"})
    client = runtime_client(loopback.base_url, vt)
    response = delete_contact.sync_detailed(client=client, id=5)
    assert response.status_code == 200 and response.parsed == "ok"
    assert response.headers[ALREADY_ABSENT_HEADER] == "true"
    assert response.headers["X-Request-Id"] == "req-gone"
    assert [r.method for r in loopback.requests] == ["DELETE", "DELETE"]


@pytest.mark.parametrize("first", [None, 429])
def test_a_delete_that_answers_404_otherwise_is_not_found(
    loopback: LoopbackServer, vt: VirtualTime, first: int | None
) -> None:
    if first is not None:
        loopback.enqueue(first, {"error": "x"})
    loopback.enqueue(404, {"error": "not_found"})
    with pytest.raises(NotFoundError):
        delete_contact.sync_detailed(client=runtime_client(loopback.base_url, vt), id=5)
    assert len(loopback.requests) == (1 if first is None else 2)


def test_a_get_that_answers_404_after_a_500_is_not_found(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(500, {"error": "x"})
    loopback.enqueue(404, {"error": "not_found"})
    with pytest.raises(NotFoundError):
        get_contact.sync_detailed(client=runtime_client(loopback.base_url, vt), id=5)
    assert len(loopback.requests) == 2
