"""Copied code (issue 18): a token-window scan (tools/dupscan.py) over the hand-written packages.

``ENFORCED`` folders (every hand-written package) must hold no run of ``MIN_TOKENS`` equal tokens in two
places (``python tools/dupscan.py runtime`` lists them). Some copies are too short for a general threshold (a few lines of
"bind and serve"), so each has a check of its own: the construct lives in one module.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from heymarket_mock.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.paths import ROOT

ENFORCED = ("runtime", "auth_ext", "standin", "bench", "tools", "tests/support/standin.py", "tests/support/fakes.py")
MIN_TOKENS = 60
LAUNCHER = Path("standin/heymarket_mock/launcher.py")
FAKES = Path("standin/heymarket_mock/fakes.py")
# Where the stand-in is launched or its credentials could be copied to.
LAUNCH_SITES = ("standin", "bench", "tools", "tests/support", "tests/bulk/paging_server.py")


def _load_dupscan() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dupscan", ROOT / "tools" / "dupscan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("dupscan", module)
    spec.loader.exec_module(module)
    return module


dupscan: Any = _load_dupscan()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # places are reported relative to the repository


def _code_tokens(*roots: str) -> Iterator[tuple[Path, tokenize.TokenInfo]]:
    """Every token of the .py files under ``roots`` but docstrings and comments."""
    for path in dupscan.python_files(roots):
        previous = tokenize.INDENT
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            docstring = token.type == tokenize.STRING and previous in (
                tokenize.INDENT,
                tokenize.NEWLINE,
                tokenize.DEDENT,
            )
            if token.type not in (tokenize.COMMENT, tokenize.NL) and not docstring:
                yield path, token
            if token.type not in (tokenize.COMMENT, tokenize.NL):
                previous = token.type


def test_no_copies_in_the_enforced_folders() -> None:
    copies = dupscan.find_copies(ENFORCED, min_tokens=MIN_TOKENS)
    assert not copies, "copied code:\n" + "\n".join(map(str, copies))


def test_nothing_is_a_renamed_copy_of_the_launcher() -> None:
    """With names and values ignored, no run of 50 tokens of the launcher is anywhere else (the longest
    shared run is the context-manager boilerplate, under 50)."""
    copies = [c for c in dupscan.find_copies(LAUNCH_SITES, min_tokens=50, ignore_names=True) if c.touches(LAUNCHER)]
    assert not copies, "\n".join(map(str, copies))


def test_one_module_binds_and_serves() -> None:
    """Stand-in sockets are bound and uvicorn servers made in the launcher only (the four copies of issue 18;
    tests/support/faults.py binds raw sockets of its own, for wire faults no HTTP server would send)."""
    calls = {"socket.socket", "uvicorn.Server", "uvicorn.Config", "uvicorn.run"}
    roots = ("runtime", "standin", "bench", "tools", "tests/support/standin.py", "tests/bulk/paging_server.py")
    found: set[tuple[Path, str]] = set()
    tokens = list(_code_tokens(*roots))
    for (path, a), (_, dot), (_, b) in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if dot.string == "." and f"{a.string}.{b.string}" in calls:
            found.add((path, f"{a.string}.{b.string}"))
        if a.string == "serve" and dot.string == "(" and b.string == "sockets":
            found.add((path, "serve(sockets=...)"))
    assert {path for path, _ in found} == {LAUNCHER}, sorted(found)


def test_one_module_reads_a_child_servers_ready_line() -> None:
    """The ready line is written and read through the launcher (its one literal, ``READY_PREFIX``)."""
    holders = {
        path
        for path, token in _code_tokens(*LAUNCH_SITES)
        if token.type == tokenize.STRING and "listening on" in token.string
    }
    assert holders == {LAUNCHER}
    popen = {path for path, token in _code_tokens(*LAUNCH_SITES) if token.string == "Popen"}
    readers = {path for path, token in _code_tokens(*LAUNCH_SITES) if token.string == "READY_PREFIX"}
    assert readers & popen == {LAUNCHER}, sorted(readers & popen)


def test_the_made_up_credentials_are_written_once() -> None:
    """``heymarket_mock.fakes`` holds them; every other module imports them (bench/ no longer imports tests/)."""
    everywhere = ("runtime", "standin", "bench", "tools", "tests", "examples", "auth_ext")
    for secret in (FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_API_KEY):
        holders = {
            path
            for path, token in _code_tokens(*everywhere)
            if token.type == tokenize.STRING and secret in token.string
        }
        assert holders == {FAKES}, (secret, sorted(holders))
    imports_tests = {
        path for path, token in _code_tokens("bench") if token.type == tokenize.NAME and token.string == "tests"
    }
    assert not imports_tests


# ---------------------------------------------------------------------------- the scanner itself

_ORIGINAL = """
def total(items, tax):
    result = 0
    for item in items:
        if item.price > 0:
            result += item.price * (1 + tax)
    return round(result, 2)
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_dupscan_finds_a_copy_whatever_its_comments_and_indentation(tmp_path: Path) -> None:
    _write(tmp_path, "a.py", _ORIGINAL)
    copy = "class Cart:\n" + "".join(f"    {line}  # moved\n" if line else "\n" for line in _ORIGINAL.splitlines())
    _write(tmp_path, "b.py", "import os\n" + copy)
    found = dupscan.find_copies([tmp_path], min_tokens=20)
    assert [(c.tokens, c.a.path.name, c.a.first_line, c.b.path.name) for c in found] == [(41, "a.py", 2, "b.py")]
    assert dupscan.find_copies([tmp_path], min_tokens=42) == []


def test_dupscan_finds_renamed_copies_only_when_names_are_ignored(tmp_path: Path) -> None:
    _write(tmp_path, "a.py", _ORIGINAL)
    renamed = _ORIGINAL.replace("items", "rows").replace("result", "acc").replace("0", "1")
    _write(tmp_path, "b.py", renamed)
    assert dupscan.find_copies([tmp_path], min_tokens=20) == []
    assert [c.tokens for c in dupscan.find_copies([tmp_path], min_tokens=20, ignore_names=True)] == [41]


def test_dupscan_compares_the_parts_of_one_file_without_overlap(tmp_path: Path) -> None:
    _write(tmp_path, "a.py", _ORIGINAL + "\n" + _ORIGINAL.replace("def total", "def total_again"))
    found = dupscan.find_copies([tmp_path], min_tokens=20)
    assert [(c.tokens, c.a.first_line, c.b.first_line) for c in found] == [(39, 2, 10)]  # all after the name
    _write(tmp_path, "a.py", "x = [" + "1, " * 40 + "]\n")  # a periodic run is not its own copy
    assert all(c.b.first_line > c.a.last_line or c.tokens <= 40 for c in dupscan.find_copies([tmp_path], min_tokens=20))


def test_dupscan_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "a.py", _ORIGINAL)
    assert dupscan.main([str(tmp_path)]) == 0
    _write(tmp_path, "b.py", _ORIGINAL)
    assert dupscan.main(["--min-tokens", "20", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out.split() == ["41", f"{tmp_path}/a.py:2-7", f"{tmp_path}/b.py:2-7"] and "1 copies" in err
    _write(tmp_path, "c.py", "def broken(:\n")
    assert dupscan.main([str(tmp_path)]) == 2
