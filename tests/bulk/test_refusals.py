"""Item 8 of issue 18: a file that is one long line, or holds one huge cell, is refused with a short message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heymarket.bulk.csv_source import CsvMappingError
from heymarket.bulk.sources import open_source


def _one_line(path: Path, size: int) -> Path:
    records = json.dumps([{"phone": f"+1510555{i % 10_000:04d}", "first": f"n{i}"} for i in range(size // 40 + 1)])
    path.write_text(records[:size], encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [2_000_000])
def test_a_json_array_saved_as_csv_is_refused_quoting_a_few_columns(tmp_path: Path, size: int) -> None:
    with pytest.raises(CsvMappingError) as caught:
        open_source(_one_line(tmp_path / "array.csv", size))
    message = str(caught.value)
    assert len(message) < 400, message[:400]
    assert "more" in message


def test_unknown_columns_are_quoted_a_few_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("phone," + ",".join(f"column {i}" for i in range(5_000)) + "\n+15105550100\n", encoding="utf-8")
    with pytest.raises(CsvMappingError) as caught:
        open_source(path)
    message = str(caught.value)
    assert "'column 4'" in message and "'column 5'" not in message
    assert "and 4,995 more" in message
