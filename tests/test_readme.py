"""The README's code runs as written, against the local stand-in, and its operation table is current.

Every ```python block is run; illustrative fragments that need context (an existing `client`) are
marked ```py instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from mock_server import MOCK_SECRET_ID, MOCK_SECRET_KEY, MockServer, mock_config
from spec_tools import ROOT, operations

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(mock_config()) as srv:
        yield srv


def run_block(code: str, server: MockServer) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYMARKET_")}
    env |= {"HEYMARKET_SECRET_ID": MOCK_SECRET_ID, "HEYMARKET_SECRET_KEY": MOCK_SECRET_KEY}
    env["HEYMARKET_BASE_URL"] = server.url
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_readme_has_the_quickstart() -> None:
    assert len(PYTHON_BLOCKS) >= 2
    assert "create_client()" in PYTHON_BLOCKS[0]


def test_quickstart_runs_against_the_stand_in(server: MockServer) -> None:
    server.reset()
    result = run_block(PYTHON_BLOCKS[0], server)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"\d+ 1 [0-9a-f-]{36}", lines[0]), lines
    assert re.fullmatch(r"[0-9a-f-]{36}", lines[1]), lines
    assert "15105553344" in lines[2] and "15105550001" not in lines[2]  # the duplicate was not created
    phones = sorted(c["phone"] for c in server.contacts())
    assert phones == ["14155551234", "15105550001", "15105553344"]


@pytest.mark.parametrize("index", range(1, len(PYTHON_BLOCKS)))
def test_other_blocks_run(index: int, server: MockServer) -> None:
    result = run_block(PYTHON_BLOCKS[index], server)
    assert result.returncode == 0, result.stderr


def test_operation_table_lists_the_spec() -> None:
    rows = set(re.findall(r"^\| `(GET|PUT|POST|DELETE) ([^`]+)` \| `(\w+)` \|", README, flags=re.MULTILINE))
    assert rows == {(m.upper(), p, op["operationId"]) for p, m, op in operations()}
