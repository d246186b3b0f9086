"""The stand-in as a test kit: a child process serving it on loopback, and the handle tests drive it with.

The pytest plugin (``heymarket_mock.pytest_plugin``) starts one ``StandInProcess`` per test session and
hands each test a ``HeymarketMock`` after resetting the stand-in. The stand-in runs in its own process
(``python -m heymarket_mock.testkit``) so that nothing a test does to its own process (patched clocks,
blocked sockets, a busy GIL) changes how the stand-in behaves; every call below is a loopback HTTP request
to its control endpoints (``/__mock__/...``). The child stops when the session ends, and on its own if the
test process dies (it watches its stdin).

Credentials are made up per session (a random Secret ID and Secret Key); they never leave this machine.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from heymarket_mock.__main__ import INSTALL_HINT
from heymarket_mock.fakes import made_up_credentials
from heymarket_mock.launcher import Listener, ServerChild, ServerChildError

STARTUP_TIMEOUT_S = 120.0

SETTINGS = ("rate_limit", "fault_429", "fault_500", "fault_503", "latency_ms", "seed")


class StandInError(RuntimeError):
    """The stand-in could not be started or did not answer a control request."""


class StandInProcess:
    """``python -m heymarket_mock.testkit`` on a free 127.0.0.1 port, with made-up credentials."""

    def __init__(self, *, python: str = sys.executable, startup_timeout: float = STARTUP_TIMEOUT_S) -> None:
        self.python = python
        self.startup_timeout = startup_timeout
        self.secret_id, self.secret_key = made_up_credentials()
        self.base_url = ""
        self.startup_s: float | None = None
        self._child: ServerChild | None = None
        self._http: httpx.Client | None = None

    # ------------------------------------------------------------------ life cycle

    def start(self) -> Self:
        self.base_url = ""  # a failed restart must not look like the last good start
        env = {k: v for k, v in os.environ.items() if not k.startswith("HEYMARKET_")}
        env |= {"HEYMARKET_SECRET_ID": self.secret_id, "HEYMARKET_SECRET_KEY": self.secret_key}
        env["PYTHONUNBUFFERED"] = "1"
        started = time.perf_counter()
        self._child = ServerChild(
            [self.python, "-m", "heymarket_mock.testkit"], env=env, startup_timeout=self.startup_timeout
        )
        try:
            self._child.start()
        except ServerChildError as error:
            missing = re.search(r"No module named '([\w.]+)'", error.output)
            if missing:
                raise StandInError(f"the Heymarket stand-in needs {missing.group(1)}: {INSTALL_HINT}") from None
            raise StandInError(f"the Heymarket stand-in did not start: {error.output}") from None
        self.base_url = self._child.url
        self.startup_s = time.perf_counter() - started
        self._http = httpx.Client(base_url=self.base_url, timeout=30.0, trust_env=False)
        return self

    def running(self) -> bool:
        return self._child is not None and self._child.running()

    def output_tail(self) -> str:
        return self._child.output_tail() if self._child is not None else "no output"

    def stop(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
        child = self._child
        if child is not None:
            child.stop()  # the child stops when its stdin closes; output_tail() stays readable

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ control requests

    def control(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, content: bytes | None = None
    ) -> Any:
        if self._http is None:
            raise StandInError("the Heymarket stand-in is not running")
        try:
            if content is not None:
                response = self._http.request(method, "/__mock__/" + path, content=content)
            else:
                response = self._http.request(method, "/__mock__/" + path, json=body)
        except httpx.HTTPError as error:
            raise StandInError(f"the Heymarket stand-in did not answer: {error}; {self.output_tail()}") from error
        if response.status_code == 400:
            raise ValueError(response.json().get("message", response.text))
        if response.status_code != 200:
            raise StandInError(f"{method} /__mock__/{path}: HTTP {response.status_code}: {response.text[:300]}")
        return response.json()


class HeymarketMock:
    """The running stand-in, as one test sees it (the ``heymarket_mock`` fixture).

    Each test starts from an empty stand-in with the start-up settings; ``configure`` changes the
    settings for the rest of the test only.
    """

    def __init__(self, process: StandInProcess) -> None:
        self._process = process

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: pass it as ``base_url`` (or ``HEYMARKET_BASE_URL``)."""
        return self._process.base_url

    @property
    def secret_id(self) -> str:
        """The made-up Secret ID the stand-in accepts (``HEYMARKET_SECRET_ID``)."""
        return self._process.secret_id

    @property
    def secret_key(self) -> str:
        """The made-up Secret Key the stand-in accepts (``HEYMARKET_SECRET_KEY``)."""
        return self._process.secret_key

    def env(self) -> dict[str, str]:
        """``HEYMARKET_BASE_URL``, ``HEYMARKET_SECRET_ID`` and ``HEYMARKET_SECRET_KEY`` for this stand-in."""
        return {
            "HEYMARKET_BASE_URL": self.base_url,
            "HEYMARKET_SECRET_ID": self.secret_id,
            "HEYMARKET_SECRET_KEY": self.secret_key,
        }

    def contacts(self) -> list[dict[str, Any]]:
        """Every stored contact as a dict (the v2 shape plus ``blocked``), by id."""
        result: list[dict[str, Any]] = self._process.control("GET", "contacts")
        return result

    def seed_contacts(self, contacts: int | Iterable[Mapping[str, Any]]) -> int:
        """Store contacts fast, to start from a large account; returns how many are stored in all.

        ``contacts`` is a number (that many made-up contacts, phones ``15100000000`` upwards, for a stand-in
        that holds none of them) or request bodies (``ContactRequest``, or ``ContactV2Request`` with ``contact_channels``), checked as
        the create operations check them: one refused body stores none (``ValueError``).
        """
        if isinstance(contacts, int):
            bodies: Iterable[Mapping[str, Any]] = (
                {"phone": f"1{5100000000 + i}", "first": f"Seeded {i}"} for i in range(contacts)
            )
        else:
            bodies = contacts
        content = b"".join(json.dumps(body, separators=(",", ":")).encode() + b"\n" for body in bodies)
        result: dict[str, Any] = self._process.control("POST", "contacts", content=content)
        return int(result["contacts"])

    def state(self) -> dict[str, Any]:
        """Contacts, tags and custom contact fields."""
        result: dict[str, Any] = self._process.control("GET", "state")
        return result

    def stats(self) -> dict[str, Any]:
        """Requests answered: ``total``, ``by_status`` and ``by_operation`` (operationId -> status -> count)."""
        result: dict[str, Any] = self._process.control("GET", "stats")
        return result

    def settings(self) -> dict[str, Any]:
        """The current settings: ``rate_limit``, ``fault_429``, ``fault_500``, ``fault_503``, ``latency_ms``, ``seed``."""
        result: dict[str, Any] = self._process.control("GET", "config")
        return {name: result[name] for name in SETTINGS}

    def configure(
        self,
        *,
        rate_limit: int | None = None,
        fault_429: float | None = None,
        fault_500: float | None = None,
        fault_503: float | None = None,
        latency_ms: int | None = None,
        seed: int | None = None,
    ) -> dict[str, Any]:
        """Change settings for the rest of this test; the next test starts with the defaults again.

        ``rate_limit``: requests per credential per 60 s before 429 (default 500). ``fault_429``,
        ``fault_500``, ``fault_503``: shares of API requests (0 to 1, at most 1 together) answered with that
        status instead, drawn from a generator seeded with ``seed`` (default 0: the same test sees the same
        faults on every run). ``latency_ms``: delay added to every API request. Returns the new settings;
        a bad value raises ``ValueError``.
        """
        given = {
            "rate_limit": rate_limit,
            "fault_429": fault_429,
            "fault_500": fault_500,
            "fault_503": fault_503,
            "latency_ms": latency_ms,
            "seed": seed,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        result: dict[str, Any] = self._process.control("POST", "config", changes)
        return {name: result[name] for name in SETTINGS}

    def reset(self) -> None:
        """Drop every contact, tag, field and count; restore the start-up settings and fault draws."""
        self._process.control("POST", "reset")

    def __repr__(self) -> str:
        return f"<HeymarketMock {self.base_url}>"


# ---------------------------------------------------------------------- the child process


class _ResetAfterInFlight:
    """ASGI middleware of the child: ``POST /__mock__/reset`` waits until no API request is in flight.

    A request a test gave up on (a client timeout against ``latency_ms``) is still being answered by the
    stand-in; without this it could write into the next test's fresh state. Everything runs on one event
    loop, so a plain counter is enough.
    """

    def __init__(self, app: Any, *, max_wait_s: float = 60.0) -> None:
        self.app = app
        self.max_wait_s = max_wait_s
        self.in_flight = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        import asyncio

        path = scope["path"] if scope["type"] == "http" else None
        if path == "/__mock__/reset":
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.max_wait_s
            while self.in_flight and loop.time() < deadline:
                await asyncio.sleep(0.002)
        if path is None or path.startswith("/__mock__/"):
            await self.app(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


def _serve() -> int:
    """``python -m heymarket_mock.testkit``: serve on a free 127.0.0.1 port until stdin closes or SIGTERM."""
    from heymarket_mock.app import create_app
    from heymarket_mock.config import MockConfig

    config = MockConfig(secret_id=os.environ["HEYMARKET_SECRET_ID"], secret_key=os.environ["HEYMARKET_SECRET_KEY"])
    Listener(_ResetAfterInFlight(create_app(config))).run(stop_on_stdin_eof=True)
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
