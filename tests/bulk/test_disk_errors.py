"""``heymarket contacts import`` when the journal or the report cannot be written (issue 20).

The real command runs as a subprocess against the stand-in over loopback. The failures are real ones
from the kernel, not patched in: a 64 KiB tmpfs that fills mid-run (ENOSPC), a file size limit set in
the child (``RLIMIT_FSIZE``: EFBIG mid-run), a folder on a read-only tmpfs, and a report that is a
symlink to ``/dev/full``. Each ends with one line naming the file and the cause, exit status 3, a
journal of complete records, and the same command then resumes until every valid row is stored once.

Remounting a tmpfs read-only *while* the journal is open for writing is refused by the kernel (EBUSY:
a file is open for writing on it), so the read-only case makes the folder read-only before the run.
Mounting needs root (CAP_SYS_ADMIN); where it is refused, those tests skip and say so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.cli import HEYMARKET, cli_env, read_report, run_cli, table_count
from tests.support.fakes import assert_no_secret
from tests.support.standin import StandInServer, standin_config

INVALID_LINES = (7, 250)
"""CSV lines (the header is line 1) whose phone is invalid: rejected, never stored."""


def write_csv(path: Path, rows: int) -> set[str]:
    """``rows`` contacts, two of them invalid; returns the normalised phones of the valid ones."""
    valid: set[str] = set()
    lines = ["phone,first,email"]
    for i in range(rows):
        line = i + 2
        if line in INVALID_LINES:
            lines.append(f"555-{i},Bad{i},bad{i}@example.com")
        else:
            phone = f"1213555{i:04d}"
            valid.add(phone)
            lines.append(f"+{phone},Row{i},row{i}@example.com")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return valid


def import_args(csv_path: Path, journal: Path, *extra: object) -> list[object]:
    return [
        "contacts", "import", csv_path, "--journal", journal, "--batch-size", "20", "--concurrency", "2",
        "--no-progress", *extra,
    ]  # fmt: skip


@contextmanager
def tmpfs(where: Path, size: str, *options: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where``; skips (saying why) where the machine cannot mount one."""
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True, capture_output=True)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_one_line_error(result: subprocess.CompletedProcess[str], what: str, path: Path, cause: str) -> None:
    """Exit 3, no traceback, and exactly one error line naming the file, the cause and the resume."""
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: cannot write the {what} {path}: {cause}"), lines[0]
    assert "the same command resumes from the journal" in lines[0], lines[0]
    # Nothing but the start line and the error line: no summary of a run that did not finish.
    assert [line for line in result.stderr.splitlines() if line.strip()][-1] == lines[0]
    assert_no_secret(result.stdout, result.stderr)


def assert_complete_records(journal: Path) -> list[dict[str, object]]:
    """Every line of the journal is a whole JSON record ending in a newline (no torn last line)."""
    data = journal.read_bytes()
    assert data.endswith(b"\n"), data[-80:]
    records = [json.loads(line) for line in data.splitlines()]
    assert records[0]["t"] == "header"
    return records


def assert_stored_once(server: StandInServer, valid: set[str]) -> None:
    phones = [c["phone"] for c in server.contacts()]
    assert len(phones) == len(valid), (len(phones), len(valid))
    assert set(phones) == valid


def run_with_file_size_limit(limit: int, args: list[object], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command with RLIMIT_FSIZE set (and SIGXFSZ ignored, so the write fails with EFBIG)."""
    launcher = (
        "import os, resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "os.execv(sys.argv[1], sys.argv[1:])\n"
    )
    return subprocess.run(
        [sys.executable, "-c", launcher, str(HEYMARKET), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_full_disk_under_the_journal_then_resume(tmp_path: Path) -> None:
    """A 64 KiB tmpfs fills mid-run: one line, exit 3; with room again, the same command completes."""
    csv_path = tmp_path / "contacts.csv"
    valid = write_csv(csv_path, 1500)
    with tmpfs(tmp_path / "disk", "64k") as disk, StandInServer(standin_config(rate_limit=100_000)) as server:
        journal = disk / "import.journal"
        env = cli_env(server.url)
        args = import_args(csv_path, journal)
        failed = run_cli(*args, env=env)
        stored_when_failed = len(server.contacts())
        assert_one_line_error(failed, "journal", journal, "No space left on device [ENOSPC]")
        records = assert_complete_records(journal)
        assert 0 < stored_when_failed < len(valid)
        assert any(r["t"] == "done" for r in records)

        remount(disk, "size=4m")
        resumed = run_cli(*args, env=env)
        assert resumed.returncode == 1, resumed.stdout + resumed.stderr  # the two invalid rows
        assert table_count(resumed.stdout, "rejected", "invalid_phone") == len(INVALID_LINES)
        assert "rows were already done in the journal" in resumed.stdout
        assert_complete_records(journal)
        assert_stored_once(server, valid)


def test_file_size_limit_mid_run_cuts_the_partial_line_off(tmp_path: Path) -> None:
    """EFBIG mid-run (RLIMIT_FSIZE in the child): the short write is cut off, the run resumes."""
    csv_path = tmp_path / "contacts.csv"
    valid = write_csv(csv_path, 600)
    journal = tmp_path / "import.journal"
    with StandInServer(standin_config(rate_limit=100_000)) as server:
        env = cli_env(server.url)
        args = import_args(csv_path, journal)
        failed = run_with_file_size_limit(20_000, args, env)
        stored_when_failed = len(server.contacts())
        assert_one_line_error(failed, "journal", journal, "File too large [EFBIG]")
        assert_complete_records(journal)
        assert journal.stat().st_size <= 20_000
        assert 0 < stored_when_failed < len(valid)

        resumed = run_cli(*args, env=env)
        assert resumed.returncode == 1, resumed.stdout + resumed.stderr
        assert_complete_records(journal)
        assert_stored_once(server, valid)


def test_read_only_journal_folder_then_resume(tmp_path: Path) -> None:
    """The journal's folder is read-only: one line, exit 3, nothing sent; writable again, it completes."""
    csv_path = tmp_path / "contacts.csv"
    valid = write_csv(csv_path, 300)
    with tmpfs(tmp_path / "ro", "1m", "ro") as folder, StandInServer(standin_config(rate_limit=100_000)) as server:
        journal = folder / "import.journal"
        env = cli_env(server.url)
        args = import_args(csv_path, journal)
        failed = run_cli(*args, env=env)
        assert_one_line_error(failed, "journal", journal, "Read-only file system [EROFS]")
        assert server.contacts() == []

        remount(folder, "rw")
        resumed = run_cli(*args, env=env)
        assert resumed.returncode == 1, resumed.stdout + resumed.stderr
        assert_complete_records(journal)
        assert_stored_once(server, valid)


def test_report_on_a_full_device_then_resume(tmp_path: Path) -> None:
    """The report is /dev/full (through a symlink): one line, exit 3; the same command then completes."""
    if not os.path.exists("/dev/full"):
        pytest.skip("this machine has no /dev/full")
    csv_path = tmp_path / "contacts.csv"
    valid = write_csv(csv_path, 1000)
    journal = tmp_path / "import.journal"
    report = tmp_path / "report.csv"
    report.symlink_to("/dev/full")
    with StandInServer(standin_config(rate_limit=100_000)) as server:
        env = cli_env(server.url)
        args = import_args(csv_path, journal, "--report", report)
        failed = run_cli(*args, env=env)
        assert_one_line_error(failed, "report", report, "No space left on device [ENOSPC]")
        assert_complete_records(journal)
        assert 0 < len(server.contacts()) < len(valid)

        report.unlink()  # the "disk" has room again
        resumed = run_cli(*args, env=env)
        assert resumed.returncode == 1, resumed.stdout + resumed.stderr
        assert_stored_once(server, valid)
        rows = read_report(report)
        assert len(rows) == 1000
        assert sorted(line for line, row in rows.items() if row["outcome"] == "rejected") == list(INVALID_LINES)


def test_without_a_journal_the_message_says_a_new_run_starts_over(tmp_path: Path) -> None:
    csv_path = tmp_path / "contacts.csv"
    write_csv(csv_path, 50)
    report = tmp_path / "report.csv"
    report.symlink_to("/dev/full")
    if not os.path.exists("/dev/full"):
        pytest.skip("this machine has no /dev/full")
    with StandInServer(standin_config()) as server:
        result = run_cli("contacts", "import", csv_path, "--report", report, "--no-progress", env=cli_env(server.url))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot write the report {report}: No space left"), lines
    assert "without --journal" in lines[0]
