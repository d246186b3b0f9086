"""HeymarketJWTAuth, sign_token and HeymarketAPIKeyAuth, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import math
import pickle
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from heymarket_auth import (
    HeymarketAPIKeyAuth,
    HeymarketConfigError,
    HeymarketJWTAuth,
    sign_token,
)
from tests.support.clocks import T0, FakeClock
from tests.support.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY, assert_no_secret
from tests.support.loopback import LoopbackServer
from tests.support.tokens import bearer_token, decode_token

# Fixed test vector (made-up credentials).
VECTOR_SECRET_ID = "3f2c9a1e-7b4d-4e8a-9c61-5d0f2b7a8e43"
VECTOR_SECRET_KEY = "FAKEsecretKEYcanary7Q2wX9"
VECTOR_IAT = 1_700_000_000
VECTOR_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJpc3MiOiIzZjJjOWExZS03YjRkLTRlOGEtOWM2MS01ZDBmMmI3YThlNDMiLCJpYXQiOjE3MDAwMDAwMDB9"
    ".7IuhuD2IMJEANajn3w5fsW9pubo_QhgVfZsS1SA5VqM"
)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@pytest.fixture
def sign_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the iat of every token the auth signs."""
    calls: list[int] = []
    real = sign_token

    def counting(secret_id: str, secret_key: str, iat: int) -> str:
        calls.append(iat)
        # A slow signer widens the check-then-sign window, so that an unlocked
        # cache would let several threads sign at once and the count would show it.
        time.sleep(0.005)
        return real(secret_id, secret_key, iat)

    monkeypatch.setattr("heymarket_auth.jwt_auth.sign_token", counting)
    return calls


def _auth(clock: Callable[[], float], **kwargs: float) -> HeymarketJWTAuth:
    return HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, clock=clock, **kwargs)


@pytest.fixture
def http(loopback: LoopbackServer, clock: FakeClock) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=loopback.base_url, auth=_auth(clock)) as client:
        yield client


def _tokens(server: LoopbackServer) -> list[str]:
    return [bearer_token(r) for r in server.requests]


# -- sign_token ------------------------------------------------------------


def test_fixed_vector_gives_exact_token() -> None:
    assert sign_token(VECTOR_SECRET_ID, VECTOR_SECRET_KEY, VECTOR_IAT) == VECTOR_TOKEN


def test_fixed_vector_is_standard_hs256_jws_encoding() -> None:
    # Recomputed with the stdlib only: base64url without padding over compact
    # JSON, HMAC-SHA256 keyed with the UTF-8 bytes of "id||key".
    header = _b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = _b64url(b'{"iss":"3f2c9a1e-7b4d-4e8a-9c61-5d0f2b7a8e43","iat":1700000000}')
    key = b"3f2c9a1e-7b4d-4e8a-9c61-5d0f2b7a8e43||FAKEsecretKEYcanary7Q2wX9"
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert f"{header}.{payload}.{_b64url(signature)}" == VECTOR_TOKEN


def test_fixed_vector_decodes_with_pyjwt() -> None:
    claims = decode_token(VECTOR_TOKEN, VECTOR_SECRET_ID, VECTOR_SECRET_KEY)
    assert claims == {"iss": VECTOR_SECRET_ID, "iat": VECTOR_IAT}


def test_signing_key_is_utf8_of_id_pipes_key() -> None:
    secret_key = "FAKE-clé-ünïcödé-κλειδί"
    token = sign_token(FAKE_SECRET_ID, secret_key, VECTOR_IAT)
    assert decode_token(token, FAKE_SECRET_ID, secret_key)["iat"] == VECTOR_IAT


@pytest.mark.parametrize("iat", [True, 1.5, "1700000000", None])
def test_sign_token_rejects_non_int_iat(iat: object) -> None:
    with pytest.raises(TypeError, match="iat"):
        sign_token(FAKE_SECRET_ID, FAKE_SECRET_KEY, iat)  # type: ignore[arg-type]


def test_sign_token_rejects_negative_iat() -> None:
    with pytest.raises(ValueError, match="iat"):
        sign_token(FAKE_SECRET_ID, FAKE_SECRET_KEY, -1)


# -- constructor validation -------------------------------------------------

BAD_TEXT = ["", None, 123, FAKE_SECRET_KEY.encode(), f" {FAKE_SECRET_KEY}\n"]


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("field", ["secret_id", "secret_key"])
def test_invalid_secret_is_rejected_without_echoing_it(field: str, bad: object) -> None:
    args: dict[str, object] = {
        "secret_id": FAKE_SECRET_ID,
        "secret_key": FAKE_SECRET_KEY,
        field: bad,
    }
    with pytest.raises(HeymarketConfigError, match=field) as excinfo:
        HeymarketJWTAuth(**args)  # type: ignore[arg-type]
    assert isinstance(excinfo.value, ValueError)
    assert_no_secret(str(excinfo.value) + repr(excinfo.value))


@pytest.mark.parametrize("reuse", [0, 0.0, -1, 300, 300.0, 301, math.nan, math.inf, True, "240", None])
def test_invalid_reuse_seconds_is_rejected(reuse: object) -> None:
    with pytest.raises(ValueError, match="reuse_seconds"):
        HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, reuse_seconds=reuse)  # type: ignore[arg-type]


@pytest.mark.parametrize("reuse", [0.001, 1, 240.0, 299.999])
def test_valid_reuse_seconds_is_accepted(reuse: float) -> None:
    assert f"reuse_seconds={float(reuse)!r}" in repr(
        HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, reuse_seconds=reuse)
    )


# -- tokens on the wire -----------------------------------------------------


def test_request_carries_one_valid_bearer_jwt(http: httpx.Client, loopback: LoopbackServer) -> None:
    assert http.get("/v1/inboxes").status_code == 200
    (request,) = loopback.requests
    assert request.method == "GET"
    assert request.path == "/v1/inboxes"
    assert decode_token(bearer_token(request)) == {
        "iss": FAKE_SECRET_ID,
        "iat": int(T0),
    }


def test_token_reused_within_window_and_resigned_after(
    http: httpx.Client, loopback: LoopbackServer, clock: FakeClock
) -> None:
    clock.set(T0 + 0.5)
    http.get("/a")
    http.get("/a")
    clock.set(T0 + 239.999)  # age < 240 s: still reused
    http.get("/a")
    clock.set(T0 + 240.0)  # age == 240 s: re-signed
    http.get("/a")
    clock.set(T0 + 479.999)
    http.get("/a")

    tokens = _tokens(loopback)
    assert tokens[0] == tokens[1] == tokens[2]
    assert tokens[3] != tokens[2]
    assert tokens[4] == tokens[3]
    assert [decode_token(t)["iat"] for t in tokens] == [int(T0)] * 3 + [int(T0) + 240] * 2


def test_custom_reuse_seconds(loopback: LoopbackServer, clock: FakeClock) -> None:
    auth = HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, reuse_seconds=10, clock=clock)
    with httpx.Client(auth=auth) as client:
        for offset in (0, 9, 10, 19, 20):
            clock.set(T0 + offset)
            client.get(loopback.url())
    iats = [decode_token(t)["iat"] for t in _tokens(loopback)]
    assert iats == [int(T0), int(T0), int(T0) + 10, int(T0) + 10, int(T0) + 20]


def test_clock_going_backwards_resigns(http: httpx.Client, loopback: LoopbackServer, clock: FakeClock) -> None:
    clock.set(T0 + 100)
    http.get("/a")
    clock.set(T0)
    http.get("/a")
    iats = [decode_token(t)["iat"] for t in _tokens(loopback)]
    assert iats == [int(T0) + 100, int(T0)]


# -- 401 handling -------------------------------------------------------------


def test_401_is_retried_once_with_a_new_token(
    http: httpx.Client, loopback: LoopbackServer, sign_calls: list[int]
) -> None:
    loopback.enqueue(401, {"error": "unauthorized"})
    response = http.get("/v1/team")

    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [401]
    first, second = _tokens(loopback)
    assert first != second
    decode_token(first)
    decode_token(second)
    assert len(sign_calls) == 2

    # The replacement is cached: the rejected token is never sent again.
    http.get("/v1/team")
    assert _tokens(loopback)[2] == second
    assert len(sign_calls) == 2


def test_second_401_reaches_the_caller(http: httpx.Client, loopback: LoopbackServer) -> None:
    loopback.enqueue(401, {"error": "first"})
    loopback.enqueue(401, {"error": "second"})
    response = http.get("/v1/team")

    assert response.status_code == 401
    assert response.json() == {"error": "second"}
    assert len(loopback.requests) == 2
    first, second = _tokens(loopback)
    assert first != second


@pytest.mark.parametrize("status", [400, 403, 404, 429, 500])
def test_other_errors_are_not_retried(http: httpx.Client, loopback: LoopbackServer, status: int) -> None:
    loopback.enqueue(status, {"error": "nope"})
    assert http.get("/v1/team").status_code == status
    assert len(loopback.requests) == 1


def test_401_retry_resends_the_json_body(http: httpx.Client, loopback: LoopbackServer) -> None:
    loopback.enqueue(401)
    body = {"phone": "15105553344", "first": "Ada"}
    assert http.post("/v1/contact", json=body).status_code == 200
    first, second = loopback.requests
    assert first.json() == second.json() == body
    assert first.method == second.method == "POST"


def test_401_retry_resends_a_streamed_body(http: httpx.Client, loopback: LoopbackServer) -> None:
    # A generator body can be read only once; the auth buffers it so the retry works.
    loopback.enqueue(401)
    chunks = iter([b'{"part":', b"1}"])
    assert http.post("/v1/contact", content=chunks).status_code == 200
    assert [r.body for r in loopback.requests] == [b'{"part":1}', b'{"part":1}']


def test_response_body_is_left_for_the_caller_to_stream(http: httpx.Client, loopback: LoopbackServer) -> None:
    with http.stream("GET", "/v1/inboxes") as response:
        assert response.status_code == 200
        assert not response.is_stream_consumed
        assert response.read() == b"{}"


def test_concurrent_401s_share_one_replacement_token(clock: FakeClock, sign_calls: list[int]) -> None:
    # Two requests fail with the same token; the second retry reuses the token the
    # first retry signed instead of signing a third. Driven by hand for a fixed order.
    auth = _auth(clock)
    unauthorized = httpx.Response(401)
    flow_a = auth.auth_flow(httpx.Request("GET", "http://127.0.0.1/a"))
    flow_b = auth.auth_flow(httpx.Request("GET", "http://127.0.0.1/b"))
    rejected = next(flow_a).headers["Authorization"]
    assert next(flow_b).headers["Authorization"] == rejected

    replacement = flow_a.send(unauthorized).headers["Authorization"]
    assert replacement != rejected
    assert flow_b.send(unauthorized).headers["Authorization"] == replacement
    assert len(sign_calls) == 2
    for flow in (flow_a, flow_b):
        with pytest.raises(StopIteration):
            flow.send(unauthorized)


# -- concurrency ------------------------------------------------------------


def _expected_sign_iats(times: list[float], reuse: float) -> list[int]:
    """The iats a correct cache signs when the clock reads ``times`` in order."""
    iats: list[int] = []
    for now in times:
        if not iats or not 0 <= now - iats[-1] < reuse:
            iats.append(int(now))
    return iats


THREADS = 8
PER_THREAD = 12
TICK = 10.0  # clock seconds per request: with reuse 240, a new token every 24 requests


def test_threads_sign_exactly_what_the_clock_dictates(loopback: LoopbackServer, sign_calls: list[int]) -> None:
    clock = FakeClock(tick=TICK)
    auth = _auth(clock)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with httpx.Client(auth=auth) as client:
                start.wait()
                for _ in range(PER_THREAD):
                    assert client.get(loopback.url()).status_code == 200
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors

    total = THREADS * PER_THREAD
    expected = _expected_sign_iats([T0 + TICK * k for k in range(total)], 240.0)
    assert len(expected) == 4
    assert clock.calls == total
    assert sign_calls == expected
    tokens = _tokens(loopback)
    assert len(tokens) == total
    assert len(set(tokens)) == len(expected)
    assert sorted({decode_token(t)["iat"] for t in tokens}) == expected


def test_threads_with_a_frozen_clock_sign_once(loopback: LoopbackServer, sign_calls: list[int]) -> None:
    auth = _auth(FakeClock())
    start = threading.Barrier(THREADS)

    def worker() -> None:
        with httpx.Client(auth=auth) as client:
            start.wait()
            for _ in range(PER_THREAD):
                client.get(loopback.url())

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(loopback.requests) == THREADS * PER_THREAD
    assert sign_calls == [int(T0)]
    assert len(set(_tokens(loopback))) == 1


@pytest.mark.asyncio
async def test_asyncio_tasks_sign_exactly_what_the_clock_dictates(
    loopback: LoopbackServer, sign_calls: list[int]
) -> None:
    clock = FakeClock(tick=TICK)
    auth = _auth(clock)

    async with httpx.AsyncClient(auth=auth) as client:

        async def task() -> None:
            for _ in range(PER_THREAD):
                response = await client.get(loopback.url())
                assert response.status_code == 200

        await asyncio.gather(*(task() for _ in range(THREADS)))

    total = THREADS * PER_THREAD
    expected = _expected_sign_iats([T0 + TICK * k for k in range(total)], 240.0)
    assert sign_calls == expected
    tokens = _tokens(loopback)
    assert len(tokens) == total
    assert sorted({decode_token(t)["iat"] for t in tokens}) == expected


@pytest.mark.asyncio
async def test_one_auth_shared_by_sync_threads_and_asyncio(
    loopback: LoopbackServer, clock: FakeClock, sign_calls: list[int]
) -> None:
    auth = _auth(clock)

    def sync_worker() -> None:
        with httpx.Client(auth=auth) as client:
            for _ in range(PER_THREAD):
                client.get(loopback.url("/sync"))

    async with httpx.AsyncClient(auth=auth) as client:

        async def async_worker() -> None:
            for _ in range(PER_THREAD):
                await client.get(loopback.url("/async"))

        await asyncio.gather(
            *(asyncio.to_thread(sync_worker) for _ in range(4)),
            *(async_worker() for _ in range(4)),
        )

    requests = loopback.requests
    assert len(requests) == 8 * PER_THREAD
    assert {r.path for r in requests} == {"/sync", "/async"}
    assert sign_calls == [int(T0)]
    (token,) = set(_tokens(loopback))
    decode_token(token)


@pytest.mark.asyncio
async def test_async_401_is_retried_once_with_a_new_token(loopback: LoopbackServer, clock: FakeClock) -> None:
    loopback.enqueue(401)
    loopback.enqueue(401)
    async with httpx.AsyncClient(auth=_auth(clock)) as client:
        assert (await client.get(loopback.url())).status_code == 401
        assert (await client.get(loopback.url())).status_code == 200
    first, second, third = _tokens(loopback)
    assert first != second
    assert third == second


# -- secrets stay out of reprs, errors and logs -------------------------------


def test_repr_str_and_vars_do_not_show_secrets(http: httpx.Client, loopback: LoopbackServer) -> None:
    http.get("/")  # fill the cache, so a cached token would show up too
    token = bearer_token(loopback.requests[0])
    auth = http.auth
    assert isinstance(auth, HeymarketJWTAuth)
    text = repr(auth) + str(auth) + repr(vars(auth)) + f"{auth}"
    assert_no_secret(text)
    assert token not in text
    assert repr(auth) == "HeymarketJWTAuth(secret_id='7d1e…', reuse_seconds=240.0)"


def test_short_secret_id_is_masked_completely() -> None:
    auth = HeymarketJWTAuth("FAKEid7", FAKE_SECRET_KEY)
    assert "FAKE" not in repr(auth)
    assert repr(auth) == "HeymarketJWTAuth(secret_id='…', reuse_seconds=240.0)"


def test_auth_cannot_be_pickled() -> None:
    auth = HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY)
    with pytest.raises(TypeError) as excinfo:
        pickle.dumps(auth)
    assert_no_secret(str(excinfo.value))


def test_logs_do_not_show_secrets_or_tokens(
    http: httpx.Client, loopback: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    loopback.enqueue(401)
    with caplog.at_level(logging.DEBUG):
        http.get("/v1/team")
    assert caplog.records  # httpx and httpcore did log the exchange
    tokens = _tokens(loopback)
    assert_no_secret(caplog.text)
    for token in tokens:
        assert token not in caplog.text


# -- legacy API key -----------------------------------------------------------


def test_api_key_is_sent_as_bearer(loopback: LoopbackServer) -> None:
    with httpx.Client(auth=HeymarketAPIKeyAuth(FAKE_API_KEY)) as client:
        client.get(loopback.url("/v1/team"))
    (request,) = loopback.requests
    assert bearer_token(request) == FAKE_API_KEY


def test_api_key_401_is_not_retried(loopback: LoopbackServer) -> None:
    loopback.enqueue(401)
    with httpx.Client(auth=HeymarketAPIKeyAuth(FAKE_API_KEY)) as client:
        assert client.get(loopback.url()).status_code == 401
    assert len(loopback.requests) == 1


def test_api_key_auth_repr_is_masked() -> None:
    auth = HeymarketAPIKeyAuth(FAKE_API_KEY)
    assert repr(auth) == "HeymarketAPIKeyAuth(api_key=<redacted>)"
    assert_no_secret(repr(auth) + str(auth) + repr(vars(auth)))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        None,
        FAKE_API_KEY.encode(),
        f"{FAKE_API_KEY}\n",
        f"{FAKE_API_KEY} x",
        f"{FAKE_API_KEY}\u00e9",
        f"{FAKE_API_KEY}\x00",
    ],
)
def test_invalid_api_key_is_rejected_without_echoing_it(bad: object) -> None:
    with pytest.raises(HeymarketConfigError, match="api_key") as excinfo:
        HeymarketAPIKeyAuth(bad)  # type: ignore[arg-type]
    assert_no_secret(str(excinfo.value) + repr(excinfo.value))
