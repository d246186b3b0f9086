"""create_client's runtime wiring: the installed httpx clients, their settings and argument checks."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest
from loopback import LoopbackServer
from support import FAKE_API_KEY, bearer_token

from heymarket_auth import HeymarketAPIKeyAuth, HeymarketConfigError, RetryPolicy, create_client
from heymarket_auth.runtime_client import HeymarketAsyncHTTPClient, HeymarketHTTPClient


def _ssl_context(client: httpx.Client | httpx.AsyncClient) -> ssl.SSLContext:
    # httpx keeps the context on its connection pool (httpcore); read only to compare identities.
    context: ssl.SSLContext = client._transport._pool._ssl_context  # type: ignore[union-attr]
    return context


def test_runtime_clients_are_installed_for_sync_and_async() -> None:
    client = create_client(api_key=FAKE_API_KEY)
    sync, async_ = client.get_httpx_client(), client.get_async_httpx_client()
    assert type(sync) is HeymarketHTTPClient
    assert type(async_) is HeymarketAsyncHTTPClient
    assert isinstance(sync.auth, HeymarketAPIKeyAuth) and sync.auth is async_.auth
    assert "Authorization" not in sync.headers  # the auth flow sets it per request
    assert sync.headers["User-Agent"].startswith("heymarket-client/")


def test_the_default_certificate_check_is_loaded_once_and_shared() -> None:
    first = create_client(api_key=FAKE_API_KEY)
    second = create_client(api_key=FAKE_API_KEY, base_url="https://sandbox.example.test")
    contexts = {
        id(_ssl_context(c))
        for client in (first, second)
        for c in (client.get_httpx_client(), client.get_async_httpx_client())
    }
    assert len(contexts) == 1
    assert _ssl_context(first.get_httpx_client()).verify_mode == ssl.CERT_REQUIRED


def test_ssl_settings_are_passed_through() -> None:
    unverified = create_client(api_key=FAKE_API_KEY, verify_ssl=False)
    assert _ssl_context(unverified.get_httpx_client()).verify_mode == ssl.CERT_NONE
    own = ssl.create_default_context()
    custom = create_client(api_key=FAKE_API_KEY, verify_ssl=own)
    assert _ssl_context(custom.get_async_httpx_client()) is own


def test_cookies_and_follow_redirects_reach_the_runtime_clients(loopback: LoopbackServer) -> None:
    loopback.enqueue(302, None, {"Location": "/v1/contact/8"})
    client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url, cookies={"c": "1"}, follow_redirects=True)
    assert client.get_httpx_client().get("/v1/contact/7").status_code == 200
    first, second = loopback.requests
    assert second.path == "/v1/contact/8"
    assert first.header("Cookie") == "c=1"
    assert bearer_token(second) == FAKE_API_KEY


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"retries": -1}, "max_retries"),
        ({"retries": 1.5}, "retries"),
        ({"retries": True}, "retries"),
        ({"retries": RetryPolicy}, "retries"),
        ({"timing": object()}, "timing"),
    ],
)
def test_invalid_runtime_settings_are_refused(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(HeymarketConfigError, match=match):
        create_client(api_key=FAKE_API_KEY, **kwargs)


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


def test_with_headers_copies_authenticate_but_have_no_runtime(loopback: LoopbackServer) -> None:
    # Documented limitation of the generated client: evolve() copies build plain httpx clients.
    client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url)
    copy = client.with_headers({"X-Trace": "1"})
    plain = copy.get_httpx_client()
    assert type(plain) is httpx.Client
    loopback.enqueue(404)
    assert plain.get("/v1/contact/7").status_code == 404  # returned, not raised
    assert bearer_token(loopback.requests[0]) == FAKE_API_KEY
