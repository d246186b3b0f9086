"""Item 8 of issue 18: a file that is one long line, or holds one huge cell, is refused in seconds with a
short one-line message, and without reading the file into memory."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from heymarket.bulk.csv_source import CsvMappingError
from heymarket.bulk.sources import open_source
from tests.support.cli import cli_env, run_cli
from tests.support.standin import StandInServer, standin_config

MB = 1_000_000


def _one_line(path: Path, size: int) -> Path:
    """A JSON array of contacts saved as .csv: one line of ``size`` bytes, written in pieces."""
    block = "".join(json.dumps({"phone": f"+1510555{i:04d}", "first": f"n{i}"}) + ", " for i in range(10_000))
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for _ in range(size // len(block) + 1):
            handle.write(block)
    return path


def _huge_cell(path: Path, size: int, *, lines: bool) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write('phone,first\n+15105550100,"')
        chunk = ("x" * 99 + "\n") if lines else "x" * 100
        for _ in range(size // 100):
            handle.write(chunk)
        handle.write('"\n')
    return path


def _refused(path: Path) -> tuple[str, float, int]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(CsvMappingError) as caught:
            open_source(path)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return str(caught.value), time.monotonic() - started, peak


@pytest.mark.parametrize("size", [2 * MB, 30 * MB, 100 * MB])
def test_a_json_array_saved_as_csv_is_refused_quoting_a_few_columns(tmp_path: Path, size: int) -> None:
    path = _one_line(tmp_path / "array.csv", size)
    message, seconds, peak = _refused(path)
    assert len(message) < 400 and "\n" not in message, message[:400]
    assert "line 1 " in message and "more" in message
    assert seconds < 60
    assert peak < 40 * MB  # a few blocks, not the file


@pytest.mark.parametrize("lines", [False, True], ids=["one line", "many lines"])
def test_a_30_mb_cell_is_refused(tmp_path: Path, lines: bool) -> None:
    message, seconds, peak = _refused(_huge_cell(tmp_path / "cell.csv", 30 * MB, lines=lines))
    assert len(message) < 300 and "\n" not in message and "line 2" in message, message[:300]
    assert seconds < 60 and peak < 40 * MB


def test_the_command_refuses_a_long_line_in_one_short_line(tmp_path: Path) -> None:
    path = _one_line(tmp_path / "array.csv", 30 * MB)
    with StandInServer(standin_config()) as server:
        started = time.monotonic()
        result = run_cli("contacts", "import", path, "--no-progress", env=cli_env(server.url), timeout=120)
        seconds = time.monotonic() - started
        assert server.contacts() == []
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and len(result.stderr) < 500, result.stderr[:500]
    assert seconds < 60


def test_a_small_json_array_is_named(tmp_path: Path) -> None:
    path = tmp_path / "array.csv"
    path.write_text(json.dumps([{"phone": "+15105550100"}]), encoding="utf-8")
    with pytest.raises(CsvMappingError, match="JSON array"):
        open_source(path)


def test_unknown_columns_are_quoted_a_few_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("phone," + ",".join(f"column {i}" for i in range(5_000)) + "\n+15105550100\n", encoding="utf-8")
    with pytest.raises(CsvMappingError) as caught:
        open_source(path)
    message = str(caught.value)
    assert "'column 4'" in message and "'column 5'" not in message
    assert "and 4,995 more" in message
