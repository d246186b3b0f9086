"""The ``heymarket`` command prints what it says and no library warning: PyJWT warns
(``InsecureKeyLengthWarning``) when ``SECRET_ID||SECRET_KEY`` is shorter than 32 bytes, a format the
vendor fixes, so the command filters that warning. Only the command: the library still warns."""

from __future__ import annotations

import subprocess
import sys
import time
import warnings

import pytest
from jwt.warnings import InsecureKeyLengthWarning

from heymarket_auth import sign_token
from heymarket_mock import MockConfig, RuntimeSettings
from tests.support.cli import cli_env
from tests.support.cli_inprocess import invoke
from tests.support.paths import SPEC_PATH
from tests.support.standin import StandInServer

SHORT_ID, SHORT_KEY = "id-7", "short-k"  # made up; "id-7||short-k" is 13 bytes

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # the stand-in's own check


def short_key_server() -> StandInServer:
    config = MockConfig(
        secret_id=SHORT_ID,
        secret_key=SHORT_KEY,
        api_key=None,
        runtime=RuntimeSettings(),
        spec_path=SPEC_PATH,
        clock=time.time,
    )
    return StandInServer(config)


def test_the_command_prints_no_key_length_warning() -> None:
    """In-process: every warning is recorded while the command runs; PyJWT's key-length one never comes."""
    with short_key_server() as server:
        env = cli_env(server.url, HEYMARKET_SECRET_ID=SHORT_ID, HEYMARKET_SECRET_KEY=SHORT_KEY)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            check = invoke("auth", "check", env=env)
            created = invoke("contacts", "create", "--phone", "+1 212 555 0101", env=env)
    assert check.returncode == 0, check.stderr
    assert created.returncode == 0, created.stderr
    assert not [w for w in seen if issubclass(w.category, InsecureKeyLengthWarning)]
    for result in (check, created):
        assert "Warning" not in result.stderr and "HMAC key" not in result.stderr, result.stderr
        assert result.stderr == ""
    assert check.stdout.startswith("ok: ") and created.stdout.startswith("created contact ")
    # The filter is the command's: once it returned, the library warns again.
    with warnings.catch_warnings(record=True) as after:
        warnings.simplefilter("always")
        sign_token(SHORT_ID, SHORT_KEY, 1)
    assert [w for w in after if issubclass(w.category, InsecureKeyLengthWarning)]


def test_the_library_still_warns_outside_the_command() -> None:
    """The filter is installed by the command when it runs, not by importing heymarket.cli."""
    code = f"import heymarket.cli\nfrom heymarket_auth import sign_token\nsign_token({SHORT_ID!r}, {SHORT_KEY!r}, 1)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "InsecureKeyLengthWarning" in result.stderr
