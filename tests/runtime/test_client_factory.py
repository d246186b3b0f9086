"""create_client's wiring: the runtime transport, its settings, argument checks, and the copies.

The runtime (auth, retries, rate limiter, typed errors) lives in the transport that create_client puts
in the generated client's ``httpx_args``; the copies made by the generated client's own
``with_headers``/``with_cookies``/``with_timeout`` and by ``with_options`` must all keep it, sync and
async. Every check runs over real HTTP on loopback against a recording server.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from heymarket import (
    HeymarketClient,
    HeymarketConfigError,
    NotFoundError,
    RateLimit,
    RateLimitError,
    RetryPolicy,
    create_client,
)
from heymarket._transport import HeymarketTransport
from heymarket_client.api.contacts_v1 import get_contact
from tests.support.clocks import T0, VirtualTime, runtime_client
from tests.support.fakes import FAKE_API_KEY, FAKE_SECRET_ID
from tests.support.loopback import LoopbackServer
from tests.support.tokens import bearer_token, decode_token

CONTACT = {"id": 7, "phone": "15105553344"}

# The three copies the generated client offers, each with what it adds to a request.
COPIES: dict[str, Callable[[HeymarketClient], HeymarketClient]] = {
    "with_headers": lambda c: c.with_headers({"X-Trace": "abc"}),
    "with_cookies": lambda c: c.with_cookies({"session": "s1"}),
    "with_timeout": lambda c: c.with_timeout(httpx.Timeout(7.0)),
}


@pytest.fixture(params=["sync", "async"])
def get(request: pytest.FixtureRequest) -> Iterator[Callable[[HeymarketClient, int], Any]]:
    """``get(client, id)``: get_contact through the sync or the async API (one event loop per test,
    as an application keeps one)."""
    if request.param == "sync":
        yield lambda client, contact_id: get_contact.sync_detailed(client=client, id=contact_id)
        return
    loop = asyncio.new_event_loop()
    try:
        yield lambda client, contact_id: loop.run_until_complete(
            get_contact.asyncio_detailed(client=client, id=contact_id)
        )
    finally:
        loop.close()


def _added(kind: str, request: Any, copy: HeymarketClient) -> bool:
    if kind == "with_headers":
        return bool(request.header("X-Trace") == "abc")
    if kind == "with_cookies":
        return "session=s1" in (request.header("Cookie") or "")
    # A timeout is not visible on the wire: the copy's httpx clients must carry it.
    return bool(copy.get_httpx_client().timeout == copy.get_async_httpx_client().timeout == httpx.Timeout(7.0))


def _ssl_context(client: HeymarketClient) -> ssl.SSLContext:
    # httpx keeps the context on its connection pool (httpcore); read only to compare identities.
    transport = client._httpx_args["transport"]
    context: ssl.SSLContext = transport._pools.sync()._pool._ssl_context
    return context


def test_the_runtime_is_one_transport_in_httpx_args() -> None:
    client = create_client(api_key=FAKE_API_KEY)
    assert isinstance(client, HeymarketClient)
    transport = client._httpx_args["transport"]
    assert isinstance(transport, HeymarketTransport)
    sync, async_ = client.get_httpx_client(), client.get_async_httpx_client()
    assert type(sync) is httpx.Client and type(async_) is httpx.AsyncClient
    assert sync._transport is transport and async_._transport is transport
    assert sync.headers["User-Agent"].startswith("heymarket-client/")
    assert FAKE_API_KEY not in repr(client) and FAKE_API_KEY not in repr(transport)


def test_the_default_certificate_check_is_loaded_once_and_shared() -> None:
    first = create_client(api_key=FAKE_API_KEY)
    second = create_client(api_key=FAKE_API_KEY, base_url="https://sandbox.example.test")
    assert _ssl_context(first) is _ssl_context(second)
    assert _ssl_context(first).verify_mode == ssl.CERT_REQUIRED


def test_ssl_settings_are_passed_through() -> None:
    unverified = create_client(api_key=FAKE_API_KEY, verify_ssl=False)
    assert _ssl_context(unverified).verify_mode == ssl.CERT_NONE
    own = ssl.create_default_context()
    custom = create_client(api_key=FAKE_API_KEY, verify_ssl=own)
    assert _ssl_context(custom) is own


def test_cookies_and_follow_redirects_reach_the_runtime(loopback: LoopbackServer) -> None:
    loopback.enqueue(302, None, {"Location": "/v1/contact/8"})
    client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url, cookies={"c": "1"}, follow_redirects=True)
    assert client.get_httpx_client().get("/v1/contact/7").status_code == 200
    first, second = loopback.requests
    assert second.path == "/v1/contact/8"
    assert first.header("Cookie") == "c=1"
    assert bearer_token(second) == FAKE_API_KEY


def test_environment_proxy_is_used_unless_no_proxy_or_trust_env_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    def proxied(client: HeymarketClient) -> bool:
        pool = client._httpx_args["transport"]._pools.sync()._pool
        return type(pool).__name__ == "HTTPProxy"

    assert proxied(create_client(api_key=FAKE_API_KEY))
    assert not proxied(create_client(api_key=FAKE_API_KEY, httpx_args={"trust_env": False}))
    monkeypatch.setenv("NO_PROXY", "api.heymarket.com")
    assert not proxied(create_client(api_key=FAKE_API_KEY))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"retries": -1}, "max_retries"),
        ({"retries": 1.5}, "retries"),
        ({"retries": True}, "retries"),
        ({"retries": RetryPolicy}, "retries"),
        ({"timing": object()}, "timing"),
        ({"retry_unsafe": "yes"}, "retry_unsafe"),
        ({"httpx_args": {"transport": httpx.HTTPTransport()}}, "both the sync and the async"),
    ],
)
def test_invalid_runtime_settings_are_refused(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(HeymarketConfigError, match=match):
        create_client(api_key=FAKE_API_KEY, **kwargs)


@pytest.mark.parametrize("name", ["auth", "mounts"])
def test_httpx_args_that_would_bypass_the_runtime_are_refused(name: str) -> None:
    with pytest.raises(TypeError, match="bypass"):
        create_client(api_key=FAKE_API_KEY, httpx_args={name: None})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"initial_delay": -1},
        {"max_delay": float("nan")},
        {"retry_after_cap": float("inf")},
        {"total_timeout": "60"},
        {"max_retries": 2.0},
    ],
)
def test_invalid_retry_policies_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(HeymarketConfigError):
        RetryPolicy(**kwargs)


# -- copies keep the runtime -----------------------------------------------------------------


@pytest.mark.parametrize("kind", COPIES)
def test_copies_raise_typed_errors_retry_and_sign(
    loopback: LoopbackServer, kind: str, get: Callable[[HeymarketClient, int], Any]
) -> None:
    vt = VirtualTime()
    client = runtime_client(loopback.base_url, vt)
    copy = COPIES[kind](client)
    assert type(copy) is HeymarketClient

    loopback.enqueue(404, {"error": "not found"}, {"X-Request-Id": "req-404"})
    loopback.enqueue(429, {"error": "slow down"}, {"Retry-After": "2"})
    loopback.enqueue(200, CONTACT)

    with pytest.raises(NotFoundError) as raised:
        get(copy, 404)
    assert raised.value.request_id == "req-404"
    assert get(copy, 7).status_code == 200  # the 429 was retried after its Retry-After
    assert vt.sleeps == [2.0]

    requests = loopback.requests
    assert [r.path_only for r in requests] == ["/v1/contact/404", "/v1/contact/7", "/v1/contact/7"]
    for request in requests:
        assert decode_token(bearer_token(request))["iat"] == int(T0)
        assert _added(kind, request, copy)


@pytest.mark.parametrize("kind", COPIES)
def test_copies_count_against_the_same_rate_budget(
    loopback: LoopbackServer, kind: str, get: Callable[[HeymarketClient, int], Any]
) -> None:
    vt = VirtualTime()
    client = runtime_client(loopback.base_url, vt, rate_limit=RateLimit(requests=2, per_seconds=60))
    copy = COPIES[kind](client)

    get(client, 7)
    get(copy, 7)
    assert vt.sleeps == []
    get(copy, 7)  # the third request in the window waits for the first to age out
    assert len(vt.sleeps) == 1 and vt.sleeps[0] > 59
    assert len(loopback.requests) == 3


def test_with_timeout_sets_the_timeout_of_the_copy_only() -> None:
    client = create_client(api_key=FAKE_API_KEY, timeout=30)
    copy = client.with_timeout(httpx.Timeout(7.0))
    assert copy.get_httpx_client().timeout == httpx.Timeout(7.0)
    assert copy.get_async_httpx_client().timeout == httpx.Timeout(7.0)
    assert client.get_httpx_client().timeout == httpx.Timeout(30.0)


# -- with_options -----------------------------------------------------------------------------


def test_with_options_retries_0_raises_after_one_request_while_the_original_retries(
    loopback: LoopbackServer, get: Callable[[HeymarketClient, int], Any]
) -> None:
    vt = VirtualTime()
    client = runtime_client(loopback.base_url, vt)
    once = client.with_options(retries=0)

    loopback.enqueue(429, {"error": "slow down"})
    with pytest.raises(RateLimitError) as raised:
        get(once, 7)
    assert raised.value.attempts == 1
    assert len(loopback.requests) == 1

    loopback.enqueue(429, {"error": "slow down"})
    assert get(client, 7).status_code == 200
    assert len(loopback.requests) == 3
    assert client.runtime.retry == RetryPolicy()
    assert once.runtime.retry == RetryPolicy(max_retries=0)


def test_with_options_shares_the_pool_and_the_budget_and_leaves_the_original(loopback: LoopbackServer) -> None:
    client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url)
    copy = client.with_options(retries=5, timeout=3, retry_unsafe=True, raise_errors=False)
    original, changed = client._httpx_args["transport"], copy._httpx_args["transport"]
    assert changed is not original
    assert changed._pools is original._pools
    assert changed.options.limiter is original.options.limiter is not None
    assert (changed.options.retry.max_retries, changed.options.retry_unsafe, changed.options.raise_errors) == (
        5,
        True,
        False,
    )
    assert (original.options.retry.max_retries, original.options.retry_unsafe, original.options.raise_errors) == (
        2,
        False,
        True,
    )
    assert copy.get_httpx_client().timeout == httpx.Timeout(3.0)
    assert client.get_httpx_client().timeout == httpx.Timeout(30.0)

    loopback.enqueue(404, {"error": "not found"})
    assert get_contact.sync_detailed(client=copy, id=1).status_code == 404  # raise_errors=False: returned
    # A copy of a copy keeps what it was not told to change.
    again = copy.with_options(retries=1)
    assert again.runtime.raise_errors is False and again.runtime.retry.max_retries == 1


def test_with_options_checks_its_arguments() -> None:
    client = create_client(api_key=FAKE_API_KEY)
    with pytest.raises(HeymarketConfigError, match="retries"):
        client.with_options(retries=-1)
    with pytest.raises(HeymarketConfigError, match="raise_errors"):
        client.with_options(raise_errors="no")  # type: ignore[arg-type]
    with pytest.raises(HeymarketConfigError, match="timeout"):
        client.with_options(timeout=0)


def test_closing_one_copy_does_not_break_another(loopback: LoopbackServer) -> None:
    client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url)
    copy = client.with_headers({"X-Trace": "1"})
    with client:
        assert get_contact.sync_detailed(client=client, id=1).status_code == 200
    assert get_contact.sync_detailed(client=copy, id=2).status_code == 200
    assert [r.path_only for r in loopback.requests] == ["/v1/contact/1", "/v1/contact/2"]


def test_api_key_copies_send_the_key(loopback: LoopbackServer) -> None:
    client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url)
    get_contact.sync_detailed(client=client.with_headers({"X-Trace": "1"}), id=1)
    assert bearer_token(loopback.requests[0]) == FAKE_API_KEY
    assert FAKE_SECRET_ID not in str(loopback.requests[0].headers)


def test_a_redirect_to_another_origin_carries_no_credential(loopback: LoopbackServer) -> None:
    with LoopbackServer() as other:
        loopback.enqueue(302, None, {"Location": other.url("/elsewhere")})
        client = runtime_client(loopback.base_url, VirtualTime(), follow_redirects=True)
        assert client.get_httpx_client().get("/v1/contact/7").status_code == 200
        (first,) = loopback.requests
        (moved,) = other.requests
    assert decode_token(bearer_token(first))
    assert moved.path == "/elsewhere" and moved.header_values("Authorization") == []


@pytest.mark.parametrize("name", ["verify", "headers", "timeout", "follow_redirects"])
def test_httpx_args_the_generated_client_sets_itself_are_refused(name: str) -> None:
    with pytest.raises(TypeError, match="pass it as an argument"):
        create_client(api_key=FAKE_API_KEY, httpx_args={name: None})


def test_connection_settings_with_a_given_transport_are_refused() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(HeymarketConfigError, match="'http2'"):
        create_client(api_key=FAKE_API_KEY, httpx_args={"transport": transport, "http2": False})
