"""create_client(): credential resolution, settings and the generated client over real HTTP."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from heymarket import (
    HeymarketAPIKeyAuth,
    HeymarketConfigError,
    HeymarketJWTAuth,
    create_client,
)
from heymarket_client import AuthenticatedClient
from tests.support.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY, assert_no_secret
from tests.support.loopback import LoopbackServer
from tests.support.tokens import bearer_token, decode_token

ENV_VARS = (
    "HEYMARKET_SECRET_ID",
    "HEYMARKET_SECRET_KEY",
    "HEYMARKET_API_KEY",
)


def _jwt_client(server: LoopbackServer, **kwargs: Any) -> AuthenticatedClient:
    return create_client(
        secret_id=FAKE_SECRET_ID,
        secret_key=FAKE_SECRET_KEY,
        base_url=server.base_url,
        **kwargs,
    )


def _only_token(server: LoopbackServer) -> str:
    (request,) = server.requests
    return bearer_token(request)


# -- the generated client over real HTTP ----------------------------------------


def test_returns_generated_authenticated_client(loopback: LoopbackServer) -> None:
    assert isinstance(_jwt_client(loopback), AuthenticatedClient)


def test_sync_requests_carry_a_valid_jwt_not_the_placeholder(
    loopback: LoopbackServer,
) -> None:
    with _jwt_client(loopback) as client:
        assert client.get_httpx_client().get("/v1/inboxes").status_code == 200
    # Exactly one Authorization header: the auth flow replaced the static one.
    claims = decode_token(_only_token(loopback))
    assert claims["iss"] == FAKE_SECRET_ID


@pytest.mark.asyncio
async def test_async_requests_carry_a_valid_jwt(loopback: LoopbackServer) -> None:
    async with _jwt_client(loopback) as client:
        response = await client.get_async_httpx_client().get("/v1/inboxes")
        assert response.status_code == 200
    decode_token(_only_token(loopback))


def test_generated_client_retries_a_401_once(loopback: LoopbackServer) -> None:
    loopback.enqueue(401, {"error": "unauthorized"})
    with _jwt_client(loopback) as client:
        assert client.get_httpx_client().get("/v1/team").status_code == 200
    first, second = (bearer_token(r) for r in loopback.requests)
    assert first != second
    decode_token(second)


def test_kwargs_reach_the_client(loopback: LoopbackServer) -> None:
    with _jwt_client(
        loopback,
        headers={"X-Trace": "t-1"},
        raise_on_unexpected_status=True,
        httpx_args={"params": {"from": "httpx_args"}},
    ) as client:
        assert client.raise_on_unexpected_status is True
        client.get_httpx_client().get("/v1/team")
    (request,) = loopback.requests
    assert request.header("X-Trace") == "t-1"
    assert request.query == {"from": ["httpx_args"]}
    decode_token(bearer_token(request))


# -- credential sources and precedence --------------------------------------------


def test_env_vars_are_the_fallback(loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYMARKET_SECRET_ID", FAKE_SECRET_ID)
    monkeypatch.setenv("HEYMARKET_SECRET_KEY", FAKE_SECRET_KEY)
    monkeypatch.setenv("HEYMARKET_BASE_URL", loopback.base_url)
    with create_client() as client:
        client.get_httpx_client().get("/v1/team")
    assert decode_token(_only_token(loopback))["iss"] == FAKE_SECRET_ID


def test_env_api_key(loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYMARKET_API_KEY", FAKE_API_KEY)
    with create_client(base_url=loopback.base_url) as client:
        client.get_httpx_client().get("/v1/team")
    assert _only_token(loopback) == FAKE_API_KEY


def test_explicit_api_key(loopback: LoopbackServer) -> None:
    with create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url) as client:
        client.get_httpx_client().get("/v1/team")
    assert _only_token(loopback) == FAKE_API_KEY


def test_jwt_wins_over_api_key_in_arguments(loopback: LoopbackServer) -> None:
    with _jwt_client(loopback, api_key=FAKE_API_KEY) as client:
        client.get_httpx_client().get("/v1/team")
    token = _only_token(loopback)
    assert token != FAKE_API_KEY
    decode_token(token)


def test_jwt_wins_over_api_key_in_env(loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYMARKET_API_KEY", FAKE_API_KEY)
    monkeypatch.setenv("HEYMARKET_SECRET_ID", FAKE_SECRET_ID)
    monkeypatch.setenv("HEYMARKET_SECRET_KEY", FAKE_SECRET_KEY)
    with create_client(base_url=loopback.base_url) as client:
        client.get_httpx_client().get("/v1/team")
    decode_token(_only_token(loopback))


def test_credential_arguments_shadow_all_credential_env_vars(
    loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEYMARKET_SECRET_ID", FAKE_SECRET_ID)
    monkeypatch.setenv("HEYMARKET_SECRET_KEY", FAKE_SECRET_KEY)
    with create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url) as client:
        client.get_httpx_client().get("/v1/team")
    assert _only_token(loopback) == FAKE_API_KEY


def test_base_url_argument_beats_env(loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYMARKET_BASE_URL", "https://env.invalid")
    client = _jwt_client(loopback)
    assert str(client.get_httpx_client().base_url).rstrip("/") == loopback.base_url


# -- configuration errors ---------------------------------------------------------


def test_nothing_configured_names_the_env_vars() -> None:
    with pytest.raises(HeymarketConfigError) as excinfo:
        create_client()
    assert isinstance(excinfo.value, ValueError)
    for name in ENV_VARS:
        assert name in str(excinfo.value)


def test_empty_env_vars_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.setenv(name, "")
    with pytest.raises(HeymarketConfigError, match="No Heymarket credentials"):
        create_client()


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"HEYMARKET_SECRET_ID": FAKE_SECRET_ID}, "HEYMARKET_SECRET_KEY"),
        ({"HEYMARKET_SECRET_KEY": FAKE_SECRET_KEY}, "HEYMARKET_SECRET_ID"),
        (
            {"HEYMARKET_SECRET_ID": FAKE_SECRET_ID, "HEYMARKET_API_KEY": FAKE_API_KEY},
            "HEYMARKET_SECRET_KEY",
        ),
    ],
)
def test_half_a_jwt_pair_in_env_names_the_missing_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], missing: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(HeymarketConfigError) as excinfo:
        create_client()
    assert str(excinfo.value).startswith(f"{missing} is missing")
    assert_no_secret(str(excinfo.value))


@pytest.mark.parametrize(
    ("kwargs", "missing"),
    [
        ({"secret_id": FAKE_SECRET_ID}, "secret_key"),
        ({"secret_key": FAKE_SECRET_KEY}, "secret_id"),
    ],
)
def test_half_a_jwt_pair_in_arguments_names_the_missing_one(
    monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], missing: str
) -> None:
    # The env has the other half, but arguments and env are never mixed.
    monkeypatch.setenv("HEYMARKET_SECRET_ID", FAKE_SECRET_ID)
    monkeypatch.setenv("HEYMARKET_SECRET_KEY", FAKE_SECRET_KEY)
    with pytest.raises(HeymarketConfigError) as excinfo:
        create_client(**kwargs)
    assert str(excinfo.value).startswith(f"{missing} is missing")
    assert "environment variables are not read" in str(excinfo.value)
    assert_no_secret(str(excinfo.value))


def test_malformed_env_value_names_the_variable_not_the_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HEYMARKET_SECRET_ID", FAKE_SECRET_ID)
    monkeypatch.setenv("HEYMARKET_SECRET_KEY", FAKE_SECRET_KEY + "\n")
    with pytest.raises(HeymarketConfigError, match="HEYMARKET_SECRET_KEY") as excinfo:
        create_client()
    assert_no_secret(str(excinfo.value) + repr(excinfo.value))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret_id": "", "secret_key": FAKE_SECRET_KEY},
        {"secret_id": FAKE_SECRET_ID, "secret_key": f" {FAKE_SECRET_KEY}"},
        {"api_key": f"{FAKE_API_KEY} "},
        {"api_key": f"{FAKE_API_KEY}\r\nX-Injected: 1"},
        {"api_key": FAKE_API_KEY, "base_url": f"ftp://user:{FAKE_SECRET_KEY}@host"},
        {"api_key": FAKE_API_KEY, "base_url": f"user:{FAKE_SECRET_KEY}@host/path"},
    ],
)
def test_invalid_settings_raise_without_leaking_secrets(kwargs: dict[str, Any]) -> None:
    with pytest.raises(HeymarketConfigError) as excinfo:
        create_client(**kwargs)
    assert_no_secret(str(excinfo.value) + repr(excinfo.value))


@pytest.mark.parametrize("name", ["token", "prefix", "auth_header_name"])
def test_static_token_fields_are_refused(name: str) -> None:
    with pytest.raises(TypeError, match=name):
        reserved: dict[str, Any] = {name: "x"}
        create_client(api_key=FAKE_API_KEY, **reserved)


def test_auth_in_httpx_args_is_refused() -> None:
    with pytest.raises(TypeError, match="auth"):
        create_client(api_key=FAKE_API_KEY, httpx_args={"auth": ("u", "p")})


# -- base URL and timeout -----------------------------------------------------------


def test_default_base_url_and_timeout() -> None:
    client = create_client(api_key=FAKE_API_KEY)
    httpx_client = client.get_httpx_client()  # building it does no I/O
    assert str(httpx_client.base_url).rstrip("/") == "https://api.heymarket.com"
    assert httpx_client.timeout == httpx.Timeout(30.0)
    assert isinstance(client._httpx_args["transport"]._auth, HeymarketAPIKeyAuth)


def test_base_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYMARKET_BASE_URL", "https://sandbox.example.test/api")
    client = create_client(api_key=FAKE_API_KEY)
    assert str(client.get_httpx_client().base_url).rstrip("/") == "https://sandbox.example.test/api"


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (5, httpx.Timeout(5.0)),
        (2.5, httpx.Timeout(2.5)),
        (httpx.Timeout(1.0, connect=3.0), httpx.Timeout(1.0, connect=3.0)),
    ],
)
def test_timeout_accepts_seconds_or_httpx_timeout(timeout: float | httpx.Timeout, expected: httpx.Timeout) -> None:
    client = create_client(api_key=FAKE_API_KEY, timeout=timeout)
    assert client.get_httpx_client().timeout == expected
    assert client.get_async_httpx_client().timeout == expected


@pytest.mark.parametrize("timeout", [0, -1, math.inf, math.nan, None, "30", True])
def test_invalid_timeout_is_refused(timeout: object) -> None:
    with pytest.raises(HeymarketConfigError, match="timeout"):
        create_client(api_key=FAKE_API_KEY, timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize("base_url", ["api.heymarket.com", "ftp://api.heymarket.com", "https://", ""])
def test_invalid_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(HeymarketConfigError, match="base_url"):
        create_client(api_key=FAKE_API_KEY, base_url=base_url)


# -- transports (httpx_args feed both the sync and the async client) -------------------


def test_sync_only_transport_is_refused() -> None:
    with pytest.raises(HeymarketConfigError, match="support both"):
        create_client(api_key=FAKE_API_KEY, httpx_args={"transport": httpx.HTTPTransport()})


def test_mounts_are_refused_since_they_would_bypass_the_runtime() -> None:
    with pytest.raises(TypeError, match="bypass"):
        create_client(
            api_key=FAKE_API_KEY,
            httpx_args={"mounts": {"https://": httpx.AsyncHTTPTransport()}},
        )


@pytest.mark.asyncio
async def test_mock_transport_serves_sync_and_async_with_jwt() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    client = create_client(
        secret_id=FAKE_SECRET_ID,
        secret_key=FAKE_SECRET_KEY,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    client.get_httpx_client().get("/v1/team")
    await client.get_async_httpx_client().get("/v1/team")
    assert len(seen) == 2
    for request in seen:
        assert request.headers.get_list("Authorization") == [request.headers["Authorization"]]
        scheme, token = request.headers["Authorization"].split(" ")
        assert scheme == "Bearer"
        decode_token(token)
    assert isinstance(client._httpx_args["transport"]._auth, HeymarketJWTAuth)


# -- no secrets in reprs --------------------------------------------------------------


@pytest.mark.asyncio
async def test_client_repr_shows_no_secret(loopback: LoopbackServer) -> None:
    jwt_client = _jwt_client(loopback, api_key=FAKE_API_KEY)
    key_client = create_client(api_key=FAKE_API_KEY, base_url=loopback.base_url)
    for client in (jwt_client, key_client):
        assert_no_secret(repr(client) + str(client))
        # Building the httpx clients writes the static token into the headers...
        client.get_httpx_client().get("/")
        await client.get_async_httpx_client().get("/")
        assert_no_secret(repr(client) + str(client))
        # ...and that token is a placeholder, not a secret.
        assert "placeholder" in repr(client)
        assert_no_secret(repr(vars(client.get_httpx_client())))
        assert_no_secret(repr(vars(client.get_async_httpx_client())))
        client.get_httpx_client().close()
        await client.get_async_httpx_client().aclose()
    assert "HeymarketJWTAuth(secret_id='7d1e…'" in repr(jwt_client)
    assert "HeymarketAPIKeyAuth(api_key=<redacted>)" in repr(key_client)
    assert len(loopback.requests) == 4
