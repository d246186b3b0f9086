"""Run the Heymarket stand-in (heymarket_mock) for tests and talk to it.

``MockServer`` serves ``create_app(config)`` with uvicorn in a background thread on a free 127.0.0.1 port::

    with MockServer(mock_config(clock=clock)) as server:
        response = httpx.post(server.url + "/v1/contact", json={...}, headers=server.auth_headers())
        assert server.stats()["by_operation"]["createContact"] == {"200": 1}

The credentials are made up; ``mint_jwt`` signs tokens exactly as the vendor documents.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
import jwt

from heymarket_mock import MockConfig, RuntimeSettings, create_app
from heymarket_mock.mock_state import MockState
from heymarket_mock.server import base_url, bind, make_server, serve

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"

# Made-up, distinctive values: the leak checks look for them in output.
MOCK_SECRET_ID = "7d1e4c2a-5b9f-4e3d-8a6c-0f2b9e8d7c61"
MOCK_SECRET_KEY = "MOCKsecretKEYcanaryR4t8Lq2Zp6Wn3Xv"
MOCK_API_KEY = "MOCKapiKEYcanaryJ7d3Hs9Qe1"
MOCK_SECRETS = (MOCK_SECRET_ID, MOCK_SECRET_KEY, MOCK_API_KEY)


def mock_config(
    *,
    clock: Callable[[], float] = time.time,
    api_key: str | None = None,
    **runtime: Any,
) -> MockConfig:
    """A config with the made-up credentials; keyword arguments set RuntimeSettings fields."""
    return MockConfig(
        secret_id=MOCK_SECRET_ID,
        secret_key=MOCK_SECRET_KEY,
        api_key=api_key,
        runtime=RuntimeSettings(**runtime),
        spec_path=SPEC_PATH,
        clock=clock,
    )


def mint_jwt(
    *,
    iat: float | None = None,
    secret_id: str = MOCK_SECRET_ID,
    secret_key: str = MOCK_SECRET_KEY,
    iss: str | None = None,
    algorithm: str = "HS256",
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """A JWT signed as the vendor documents: iss = Secret ID, iat = whole seconds, key `ID||KEY`."""
    claims: dict[str, Any] = {"iss": secret_id if iss is None else iss, "iat": int(time.time() if iat is None else iat)}
    claims.update(extra_claims or {})
    return jwt.encode(claims, f"{secret_id}||{secret_key}".encode(), algorithm=algorithm)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class MockServer:
    """The stand-in on a free 127.0.0.1 port, served by uvicorn in a daemon thread."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.app = create_app(config)
        self._sock = bind("127.0.0.1", 0)
        self.port: int = self._sock.getsockname()[1]
        self.url = base_url("127.0.0.1", self.port)
        self._server = make_server(self.app)
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heymarket-mock-{self.port}", daemon=True)
        self.client = httpx.Client(base_url=self.url, timeout=10.0)

    @property
    def mock(self) -> MockState:
        state: MockState = self.app.state.mock
        return state

    def _run(self) -> None:
        asyncio.run(serve(self._server, self._sock, self._ready.set))

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the stand-in did not start within 10 s")

    def stop(self) -> None:
        self.client.close()
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ helpers

    def auth_headers(self) -> dict[str, str]:
        """A fresh JWT minted against the server's own clock."""
        return bearer(mint_jwt(iat=self.config.clock()))

    def call(self, method: str, path: str, *, json: Any = None, **kwargs: Any) -> httpx.Response:
        """An authenticated API request (a fresh JWT unless `headers` are given)."""
        headers = kwargs.pop("headers", None) or self.auth_headers()
        if json is not None:
            kwargs["json"] = json
        return self.client.request(method, path, headers=headers, **kwargs)

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self.client.get("/__mock__/stats").raise_for_status().json()
        return result

    def contacts(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.client.get("/__mock__/contacts").raise_for_status().json()
        return result

    def reset(self) -> None:
        self.client.post("/__mock__/reset").raise_for_status()

    def configure(self, **changes: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.client.post("/__mock__/config", json=changes).raise_for_status().json()
        return result


def register_schemathesis_jwt_auth() -> None:
    """Make schemathesis send a freshly signed JWT with every request; call it from a SCHEMATHESIS_HOOKS module.

    A token lives 5 minutes, so one minted before a long run would expire half-way through it.
    """
    import schemathesis  # only the schemathesis process needs it

    @schemathesis.auth(refresh_interval=None)
    class FreshJwt:
        def get(self, case: schemathesis.Case[Any], context: schemathesis.AuthContext) -> str:
            return mint_jwt()

        def set(self, case: schemathesis.Case[Any], data: str, context: schemathesis.AuthContext) -> None:
            case.headers["Authorization"] = f"Bearer {data}"
