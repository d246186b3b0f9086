"""A journal of format 1 (heymarket before the bulk pipeline hashed each row as read, not its finished
request body) is refused by ``heymarket contacts import`` with one clear line, and left as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from heymarket.bulk.journal import JOURNAL_VERSION
from heymarket_mock.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY


def _old_journal(path: Path) -> str:
    """The first two lines exactly as format 1 wrote them (compact JSON, one record a line)."""
    settings = {
        "default_region": "US",
        "field_ids": [],
        "input": "sha256:" + "0" * 64 + ';map={"first": "first", "phone": "phone"}',
        "overwrite": False,
    }
    lines = [
        {"t": "header", "v": 1, "settings": settings},
        {"t": "run", "n": 1, "at": "2026-12-01T10:00:00Z"},
        {"t": "send", "chunk": "r1c1", "attempt": 1, "overwrite": False, "items": [[0, "2a22b58063c0c8ad"]]},
    ]
    text = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return text


def test_a_format_1_journal_is_refused_with_what_to_do(tmp_path: Path) -> None:
    assert JOURNAL_VERSION == 2
    rows = tmp_path / "c.csv"
    rows.write_text("phone,first\n(212) 555-0101,Ann\n", encoding="utf-8")
    journal = tmp_path / "old.journal"
    before = _old_journal(journal)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYMARKET_")}
    env |= {"HEYMARKET_SECRET_ID": FAKE_SECRET_ID, "HEYMARKET_SECRET_KEY": FAKE_SECRET_KEY, "COLUMNS": "80"}
    command = [sys.executable, "-m", "heymarket", "contacts", "import", str(rows), "--default-region", "US"]
    command += ["--journal", str(journal), "--no-progress", "--base-url", "http://127.0.0.1:9"]
    result = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0] == (
        f"error: journal {journal} was written by an earlier heymarket version (journal format 1), which this "
        "one cannot resume: start a new journal (another --journal path, or delete this file); with the default "
        "(existing phones: skip) nothing is created twice: the rows it created are skipped as existing"
    )
    assert "differs from the one this journal recorded" not in result.stderr
    assert journal.read_text(encoding="utf-8") == before  # left as it was
