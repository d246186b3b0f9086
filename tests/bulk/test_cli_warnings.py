"""The ``heymarket`` command prints what it says and no library warning: PyJWT warns
(``InsecureKeyLengthWarning``) when ``SECRET_ID||SECRET_KEY`` is shorter than 32 bytes, a format the
vendor fixes, so the command filters that warning. Only the command: the library still warns."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from heymarket_mock import MockConfig, RuntimeSettings
from tests.support.cli import cli_env, run_cli
from tests.support.paths import SPEC_PATH
from tests.support.standin import MockServer

SHORT_ID, SHORT_KEY = "id-7", "short-k"  # made up; "id-7||short-k" is 13 bytes

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # the stand-in's own check


def short_key_server() -> MockServer:
    config = MockConfig(
        secret_id=SHORT_ID,
        secret_key=SHORT_KEY,
        api_key=None,
        runtime=RuntimeSettings(),
        spec_path=SPEC_PATH,
        clock=time.time,
    )
    return MockServer(config)


def test_the_command_prints_no_key_length_warning() -> None:
    with short_key_server() as server:
        env = cli_env(server.url, HEYMARKET_SECRET_ID=SHORT_ID, HEYMARKET_SECRET_KEY=SHORT_KEY)
        check = run_cli("auth", "check", env=env)
        created = run_cli("contacts", "create", "--phone", "+1 212 555 0101", env=env)
    assert check.returncode == 0, check.stderr
    assert created.returncode == 0, created.stderr
    for result in (check, created):
        assert "Warning" not in result.stderr and "HMAC key" not in result.stderr, result.stderr
        assert result.stderr == ""
    assert check.stdout.startswith("ok: ") and created.stdout.startswith("created contact ")


def test_the_library_still_warns_outside_the_command() -> None:
    """The filter is installed by the command when it runs, not by importing heymarket.cli."""
    code = f"import heymarket.cli\nfrom heymarket_auth import sign_token\nsign_token({SHORT_ID!r}, {SHORT_KEY!r}, 1)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "InsecureKeyLengthWarning" in result.stderr
