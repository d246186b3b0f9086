"""Logging through the ``heymarket`` logger (silent by default, DEBUG records, no secrets, no bodies)
and the User-Agent header."""

from __future__ import annotations

import importlib.metadata
import logging
import platform
import subprocess
import sys
import tomllib

import httpx
import pytest

from heymarket import ServerError
from heymarket._logs import ENV_LOG, LOGGER_NAME, configure_from_env, logger
from heymarket_client.api.contacts_v1 import create_contact, get_contact
from heymarket_client.models import ContactRequest
from tests.support.clocks import VirtualTime, runtime_client
from tests.support.fakes import FAKE_API_KEY, assert_no_secret
from tests.support.loopback import LoopbackServer
from tests.support.paths import ROOT
from tests.support.tokens import bearer_token

REQUEST_ID = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
PHONE = "15105553344"
FIRST_NAME = "Ada-Lovelace-Canary"


def test_the_logger_is_silent_by_default() -> None:
    # A fresh interpreter with no logging configured prints nothing, even for a failing request.
    code = (
        "import httpx\n"
        "from heymarket import create_client\n"
        "from heymarket_client.api.contacts_v1 import get_contact\n"
        "def handler(request): return httpx.Response(503)\n"
        "c = create_client(api_key='k' * 16, retries=1, httpx_args={'transport': httpx.MockTransport(handler)},\n"
        "                  timing=__import__('heymarket').Timing(sleep=lambda s: None))\n"
        "try:\n"
        "    get_contact.sync_detailed(1, client=c)\n"
        "except Exception as e:\n"
        "    assert type(e).__name__ == 'ServerError'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == done.stderr == ""
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger(LOGGER_NAME).handlers)


def test_debug_records_per_attempt(loopback: LoopbackServer, vt: VirtualTime, caplog: pytest.LogCaptureFixture) -> None:
    loopback.enqueue(503, {"error": "busy"}, {"X-Request-Id": "first-id"})
    loopback.enqueue(200, {}, {"X-Request-Id": REQUEST_ID})
    with caplog.at_level(logging.DEBUG, logger=LOGGER_NAME):
        get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == LOGGER_NAME)
    first, retry, second = messages
    assert first.startswith("GET /v1/contact/7 -> 503 (getContact, attempt 1, 0.000 s, request id first-id)")
    assert retry == "retrying GET /v1/contact/7 in 0.500 s after HTTP 503 (attempt 2 of 3)"
    assert second.startswith(f"GET /v1/contact/7 -> 200 (getContact, attempt 2, 0.000 s, request id {REQUEST_ID})")
    assert "'authorization': '<redacted>'" in first
    token = bearer_token(loopback.requests[0])
    for message in messages:
        assert token not in message
        assert_no_secret(message)


def test_no_bodies_and_no_credentials_in_logs(
    loopback: LoopbackServer, vt: VirtualTime, caplog: pytest.LogCaptureFixture
) -> None:
    loopback.enqueue(500, {"error": "internal_error", "echo": FIRST_NAME})
    client = runtime_client(loopback.base_url, vt, api_key=FAKE_API_KEY)
    with caplog.at_level(logging.DEBUG), pytest.raises(ServerError):
        create_contact.sync_detailed(client=client, body=ContactRequest(phone=PHONE, first=FIRST_NAME))
    text = caplog.text
    assert "POST /v1/contact -> 500 (createContact, attempt 1" in text
    assert PHONE not in text and FIRST_NAME not in text
    assert_no_secret(text)


def test_rate_limit_waits_are_logged(
    loopback: LoopbackServer, vt: VirtualTime, caplog: pytest.LogCaptureFixture
) -> None:
    from heymarket import RateLimit

    client = runtime_client(loopback.base_url, vt, rate_limit=RateLimit(requests=1, per_seconds=10))
    with caplog.at_level(logging.DEBUG, logger=LOGGER_NAME):
        get_contact.sync_detailed(7, client=client)
        get_contact.sync_detailed(7, client=client)
    assert "rate limit: waiting 10.001 s before GET /v1/contact/7" in caplog.text


def test_env_switch_attaches_a_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    before_level, before_handlers = logger.level, list(logger.handlers)
    try:
        monkeypatch.setenv(ENV_LOG, "nonsense")
        configure_from_env()
        assert logger.handlers == before_handlers
        monkeypatch.setenv(ENV_LOG, "debug")
        configure_from_env()
        configure_from_env()  # idempotent: still one handler
        added = [h for h in logger.handlers if h not in before_handlers]
        assert len(added) == 1 and isinstance(added[0], logging.StreamHandler)
        assert logger.level == logging.DEBUG
    finally:
        logger.setLevel(before_level)
        for handler in list(logger.handlers):
            if handler not in before_handlers:
                logger.removeHandler(handler)
        import heymarket._logs as logs

        logs._env_handler = None


def test_user_agent_names_package_httpx_and_python(loopback: LoopbackServer, vt: VirtualTime) -> None:
    get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt))
    agent = loopback.requests[0].header("User-Agent")
    version = importlib.metadata.version("heymarket-client")
    assert agent == f"heymarket-client/{version} httpx/{httpx.__version__} python/{platform.python_version()}"
    with (ROOT / "pyproject.toml").open("rb") as fh:
        assert version == tomllib.load(fh)["project"]["version"]  # not the "0+unknown" fallback


def test_a_caller_user_agent_wins(loopback: LoopbackServer, vt: VirtualTime) -> None:
    get_contact.sync_detailed(7, client=runtime_client(loopback.base_url, vt, headers={"user-agent": "app/2"}))
    assert loopback.requests[0].header_values("User-Agent") == ["app/2"]
