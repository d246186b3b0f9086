"""The Heymarket stand-in (heymarket_mock) for tests: in this process, or in a child process via the test kit.

``StandInServer`` serves ``create_app(config)`` with uvicorn in a background thread on a free 127.0.0.1 port.
Use it when the test needs what only this process can give the stand-in: an injected clock (virtual time
shared with the client), other credentials or limits of ``MockConfig``::

    with StandInServer(standin_config(clock=clock)) as server:
        response = httpx.post(server.url + "/v1/contact", json={...}, headers=server.auth_headers())
        assert server.stats()["by_operation"]["createContact"] == {"200": 1}

``StandInChild`` is the stand-in in a process of its own, started by the consumer test kit
(``heymarket_mock.testkit.StandInProcess``, as the ``heymarket_mock`` pytest fixture starts it), for runs that
should not share this process's CPU (the 10,000-row imports). Both accept the made-up credentials of
``heymarket_mock.fakes``; ``tests.support.tokens.mint_jwt`` signs tokens exactly as the vendor documents.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import httpx

from heymarket_mock import MockConfig, RuntimeSettings, create_app
from heymarket_mock.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from heymarket_mock.launcher import Listener
from heymarket_mock.testkit import StandInProcess
from tests.support.paths import SPEC_PATH
from tests.support.tokens import bearer, mint_jwt


def standin_config(
    *,
    clock: Callable[[], float] = time.time,
    api_key: str | None = None,
    **runtime: Any,
) -> MockConfig:
    """A config with the made-up credentials; keyword arguments set RuntimeSettings fields."""
    return MockConfig(
        secret_id=FAKE_SECRET_ID,
        secret_key=FAKE_SECRET_KEY,
        api_key=api_key,
        runtime=RuntimeSettings(**runtime),
        spec_path=SPEC_PATH,
        clock=clock,
    )


class _Calls:
    """Requests to a running stand-in at ``self.url`` through ``self.client``."""

    url: str
    client: httpx.Client

    def auth_headers(self) -> dict[str, str]:
        """A fresh JWT of the made-up credentials."""
        return bearer(mint_jwt())

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


class StandInServer(_Calls):
    """The stand-in on a free 127.0.0.1 port, served by uvicorn in a daemon thread of this process."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.app = create_app(config)
        self._listener = Listener(self.app)
        self.port: int = self._listener.port
        self.url = self._listener.url
        self.client = httpx.Client(base_url=self.url, timeout=10.0)

    def start(self) -> None:
        self._listener.start_thread(timeout=10)

    def stop(self) -> None:
        self.client.close()
        self._listener.stop(timeout=10)

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

    def auth_headers(self) -> dict[str, str]:
        """A fresh JWT minted against the server's own clock."""
        return bearer(mint_jwt(iat=self.config.clock()))


class StandInChild(_Calls):
    """The stand-in in a child process of the consumer test kit, with the made-up credentials.

    ``settings`` (``rate_limit``, ``fault_429``, ..., ``seed``) are applied through ``/__mock__/config`` once it
    runs.
    """

    def __init__(self, **settings: Any) -> None:
        self.process = StandInProcess()
        # The test kit makes up credentials per process; the tests' leak checks look for the shared ones.
        self.process.secret_id, self.process.secret_key = FAKE_SECRET_ID, FAKE_SECRET_KEY
        self.process.start()
        self.url = self.process.base_url
        self.client = httpx.Client(base_url=self.url, timeout=60.0, trust_env=False)
        if settings:
            self.configure(**settings)

    def stop(self) -> None:
        self.client.close()
        self.process.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


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
