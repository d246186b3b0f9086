"""The ``heymarket`` command as a real subprocess, and readers of what it prints and writes."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.standin import StandInChild, StandInServer

HEYMARKET = Path(sys.executable).parent / "heymarket"


def cli_env(url: str | None = None, **extra: str) -> dict[str, str]:
    """This environment without HEYMARKET_* settings, plus the made-up credentials and ``url`` as the base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYMARKET_")}
    env |= {"HEYMARKET_SECRET_ID": FAKE_SECRET_ID, "HEYMARKET_SECRET_KEY": FAKE_SECRET_KEY, "COLUMNS": "80"}
    if url is not None:
        env["HEYMARKET_BASE_URL"] = url
    return env | extra


def run_cli(
    *args: object, env: dict[str, str], timeout: float = 180, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HEYMARKET), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


def table_count(output: str, outcome: str, reason: str) -> int:
    """The Rows figure of an (outcome, reason) line of the summary table (outcome blank when repeated)."""
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│|]", line)]
        if len(cells) >= 4 and cells[2] == reason and cells[1] in (outcome, ""):
            found = outcome if cells[1] == outcome else _outcome_above(output, line)
            if found == outcome:
                return int(cells[3].replace(",", ""))
    return 0


def _outcome_above(output: str, target: str) -> str:
    current = ""
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│|]", line)]
        if len(cells) >= 4 and cells[1]:
            current = cells[1]
        if line == target:
            return current
    return ""


def read_report(path: Path) -> dict[int, dict[str, str]]:
    """The rows of an import report by input line."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_line = {int(r["line"]): r for r in rows}
    assert len(by_line) == len(rows), "a line is reported twice"
    return by_line


def store_snapshot(server: StandInServer | StandInChild) -> list[tuple[Any, ...]]:
    """The stand-in's contacts as sorted (phone, first, last, email, tags, rev) tuples."""
    return sorted(
        (c["phone"], c.get("first"), c.get("last"), c.get("email"), json.dumps(c.get("tags")), c["rev"])
        for c in server.contacts()
    )
