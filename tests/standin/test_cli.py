"""`python -m heymarket_mock` as a real subprocess: ready line, real port for --port 0, clean SIGTERM/SIGINT."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.support.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_SECRETS
from tests.support.paths import ROOT
from tests.support.tokens import bearer, mint_jwt

READY = re.compile(r"^listening on (http://127\.0\.0\.1:(\d+))$")


def child_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEYMARKET_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"no output within {timeout} s")
    return process.stdout.readline().rstrip("\n")


@contextmanager
def stand_in(args: list[str], env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "heymarket_mock", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = read_line(process, timeout=30)
        match = READY.match(line)
        assert match, f"unexpected first line {line!r}"
        assert int(match.group(2)) > 0
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def stop(process: subprocess.Popen[str], sig: signal.Signals) -> str:
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    return stdout + stderr


def test_env_credentials_port_0_and_sigterm() -> None:
    env = child_env(HEYMARKET_SECRET_ID=FAKE_SECRET_ID, HEYMARKET_SECRET_KEY=FAKE_SECRET_KEY)
    with stand_in(["--host", "127.0.0.1", "--port", "0"], env) as (process, url):
        with httpx.Client(base_url=url) as client:
            response = client.post("/v1/contact", json={"phone": "15105553344"}, headers=bearer(mint_jwt()))
            assert response.status_code == 200, response.text
            assert client.post("/v1/contacts", json={}, headers=bearer(FAKE_API_KEY)).status_code == 401
            assert client.get("/__mock__/stats").json()["total"] == 2
        output = stop(process, signal.SIGTERM)
    for secret in FAKE_SECRETS:
        assert secret not in output


def test_command_line_options_and_sigint() -> None:
    args = [
        "--port",
        "0",
        "--secret-id",
        FAKE_SECRET_ID,
        "--secret-key",
        FAKE_SECRET_KEY,
        "--api-key",
        FAKE_API_KEY,
        "--rate-limit",
        "2",
        "--fault-500",
        "0.0",
        "--seed",
        "5",
        "--log-level",
        "debug",
    ]
    with stand_in(args, child_env()) as (process, url):
        with httpx.Client(base_url=url) as client:
            statuses = [
                client.post("/v1/contacts", json={}, headers=bearer(FAKE_API_KEY)).status_code for _ in range(3)
            ]
            assert statuses == [200, 200, 429]
            assert client.get("/__mock__/config").json()["seed"] == 5
        output = stop(process, signal.SIGINT)
    assert "POST /v1/contacts -> 429 listContacts" in output  # the request log
    for secret in FAKE_SECRETS:
        assert secret not in output


def test_environment_fallbacks_for_the_settings() -> None:
    env = child_env(
        HEYMARKET_SECRET_ID=FAKE_SECRET_ID,
        HEYMARKET_SECRET_KEY=FAKE_SECRET_KEY,
        HEYMARKET_API_KEY=FAKE_API_KEY,
        HEYMARKET_MOCK_RATE_LIMIT="7",
        HEYMARKET_MOCK_FAULT_503="1.0",
        HEYMARKET_MOCK_LATENCY_MS="1",
    )
    with stand_in(["--port", "0"], env) as (process, url):
        with httpx.Client(base_url=url) as client:
            config = client.get("/__mock__/config").json()
            assert (config["rate_limit"], config["fault_503"], config["latency_ms"]) == (7, 1.0, 1)
            assert config["api_key_configured"] is True
            assert client.post("/v1/contacts", json={}, headers=bearer(FAKE_API_KEY)).status_code == 503
        stop(process, signal.SIGTERM)


@pytest.mark.parametrize(
    ("args", "env"),
    [
        pytest.param(["--max-body-bytes", "100"], {}, id="option"),
        pytest.param([], {"HEYMARKET_MOCK_MAX_BODY_BYTES": "100"}, id="environment"),
    ],
)
def test_the_body_size_limit_is_configurable(args: list[str], env: dict[str, str]) -> None:
    env = child_env(HEYMARKET_SECRET_ID=FAKE_SECRET_ID, HEYMARKET_SECRET_KEY=FAKE_SECRET_KEY, **env)
    with stand_in(["--port", "0", *args], env) as (process, url):
        with httpx.Client(base_url=url) as client:
            headers = {**bearer(mint_jwt()), "Content-Type": "application/json"}
            body = b'{"phone": "15105553344"}'
            assert client.post("/v1/contact", content=body.ljust(100), headers=headers).status_code == 200
            response = client.post("/v1/contact", content=body.ljust(101), headers=headers)
            assert response.status_code == 413
            assert response.json() == {"error": "too_large", "message": "the request body is larger than 100 bytes"}
        stop(process, signal.SIGTERM)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ([], {}, "--secret-id and --secret-key"),
        (["--secret-id", "x", "--secret-key", "y", "--max-body-bytes", "0"], {}, "max_body_bytes"),
        (["--secret-id", "x"], {}, "--secret-id and --secret-key"),
        (["--secret-id", "x", "--secret-key", "y", "--fault-500", "2"], {}, "fault_500"),
        (["--secret-id", "x", "--secret-key", "y", "--spec", "/nonexistent/openapi.yaml"], {}, "heymarket_mock:"),
        ([], {"HEYMARKET_MOCK_RATE_LIMIT": "many"}, "HEYMARKET_MOCK_RATE_LIMIT"),
        (["--secret-id", "x", "--secret-key", "y", "--port", "70000"], {}, "--port must be from 0 to 65535"),
        (["--secret-id", "x", "--secret-key", "y", "--host", ""], {}, "--host must not be empty"),
        (["--secret-id", "x", "--secret-key", "y", "--api-key", ""], {}, "api_key must not be empty"),
        (["--secret-id", "x", "--secret-key", "y", "--latency-ms", "100000000"], {}, "latency_ms must be"),
    ],
)
def test_bad_start_up_settings_exit_with_2(args: list[str], env: dict[str, str], message: str) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "heymarket_mock", "--port", "0", *args],
        cwd=ROOT,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "listening" not in result.stdout
    assert time.monotonic() - started < 30
