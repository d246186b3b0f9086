"""The ``heymarket`` command against the stand-in over loopback: in this process (click's ``CliRunner``,
consoles injected), and as a real subprocess where the process itself is the point (the 10,000-row run
in the background, SIGKILL and SIGINT, ``python -m heymarket``).

The big ones: a 10,000-row CSV (3% invalid rows, 5% phones that already exist) imported with 10% of
the requests answered 429 and 10% answered 503; the same import SIGKILLed midway and resumed from its
journal, compared with the uninterrupted run.
"""

from __future__ import annotations

import csv
import json
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import HEYMARKET, cli_env, read_report, store_snapshot, table_count
from tests.support.cli_inprocess import invoke
from tests.support.fakes import assert_no_secret
from tests.support.paths import ROOT
from tests.support.standin import StandInChild, StandInServer, standin_config

SAMPLE = ROOT / "examples" / "contacts.csv"
FAULTS = {"fault_429": 0.10, "fault_503": 0.10}
INVALID_KINDS = ("invalid_phone", "invalid_email", "too_many_tags", "missing_phone", "duplicate_in_input")


# ---------------------------------------------------------------------------------- the data set


def digits(i: int) -> str:
    return f"1212{200 + i // 10000:03d}{i % 10000:04d}"


def written(i: int) -> str:
    d = digits(i)[1:]
    return [f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}.{d[3:6]}.{d[6:]}", f"+1 {d[:3]} {d[3:6]} {d[6:]}", "1" + d][i % 4]


@dataclass
class Dataset:
    path: Path
    rows: int
    expected: dict[int, tuple[str, str]]
    """line -> (outcome without --overwrite, reason)"""
    phone: dict[int, str]
    """line -> normalised phone (valid rows)"""
    existing: list[str]
    first: dict[str, str]
    """normalised phone -> first name of the row that creates it"""


def build_dataset(path: Path, rows: int) -> Dataset:
    """5% of rows have a phone that exists before the import, 3% are invalid (five kinds, the last a
    phone repeated from the row above)."""
    expected: dict[int, tuple[str, str]] = {}
    phones: dict[int, str] = {}
    existing: list[str] = []
    first: dict[str, str] = {}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Phone", "First Name", "Last Name", "Email", "Tags"])
        for i in range(rows):
            line = i + 2
            phone, email, tags = written(i), f"user{i}@example.com", "1;2" if i % 7 == 0 else ""
            if i % 100 in (10, 43, 76):
                kind = INVALID_KINDS[(i // 100 + i % 100) % len(INVALID_KINDS)]
                phone = {"invalid_phone": "555-01", "missing_phone": "", "duplicate_in_input": written(i - 1)}.get(
                    kind, phone
                )
                email = "user@@example.com" if kind == "invalid_email" else email
                tags = "1;2;3;4;5;6" if kind == "too_many_tags" else tags
                expected[line] = ("rejected", kind)
            elif i % 20 == 5:
                existing.append(digits(i))
                expected[line] = ("skipped", "exists")
                phones[line] = digits(i)
            else:
                expected[line] = ("created", "new")
                phones[line] = digits(i)
            if line in phones:
                first[digits(i)] = f"First{i}"
            writer.writerow([phone, f"First{i}", f"Last{i}", email, tags])
    return Dataset(path, rows, expected, phones, existing, first)


def seed(server: StandInServer | StandInChild, phones: list[str]) -> None:
    for start in range(0, len(phones), 100):
        body = [{"phone": p, "first": "Existing"} for p in phones[start : start + 100]]
        assert server.call("POST", "/v1/batch/contacts", json=body).status_code == 200


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    report: dict[int, dict[str, str]]
    store: list[tuple[Any, ...]]
    stats: dict[str, Any]
    seconds: float


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return build_dataset(tmp_path_factory.mktemp("data") / "contacts-10k.csv", 10_000)


@pytest.fixture(scope="module")
def full_run(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Run]]:
    """The uninterrupted 10,000-row import, with 10% 429 and 10% 503 injected. It starts in the
    background at once; calling the fixture's value waits for it."""
    folder = tmp_path_factory.mktemp("full")
    server = StandInChild(rate_limit=100_000, seed=1)
    seed(server, dataset.existing)
    server.configure(**FAULTS)
    command = [
        str(HEYMARKET), "contacts", "import", str(dataset.path), "--default-region", "US",
        "--report", str(folder / "report.csv"), "--journal", str(folder / "import.journal"),
    ]  # fmt: skip
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=cli_env(server.url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    done: list[Run] = []

    def finish() -> Run:
        if not done:
            stdout, stderr = process.communicate(timeout=600)
            seconds = time.monotonic() - started
            result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
            done.append(
                Run(result, read_report(folder / "report.csv"), store_snapshot(server), server.stats(), seconds)
            )
        return done[0]

    try:
        yield finish
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        server.stop()


@pytest.mark.slow
def test_import_killed_midway_resumes_to_the_same_store(
    dataset: Dataset, full_run: Callable[[], Run], tmp_path: Path
) -> None:
    """Runs while the uninterrupted import (full_run) goes on in the background, then compares."""
    journal = tmp_path / "import.journal"
    args = ["contacts", "import", dataset.path, "--default-region", "US", "--journal", journal, "--no-progress"]
    server = StandInChild(rate_limit=100_000, seed=2)
    try:
        seed(server, dataset.existing)
        server.configure(**FAULTS)
        env = cli_env(server.url)
        process = subprocess.Popen(
            [str(HEYMARKET), *map(str, args), "--report", str(tmp_path / "first.csv")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            text = journal.read_text() if journal.exists() else ""
            # Kill while a chunk is in flight: its send recorded last, its outcome not yet.
            if text.count('"t":"done"') >= 25 and text.rstrip("\n").rsplit("\n", 1)[-1].startswith('{"t":"send"'):
                break
            time.sleep(0.05)
        assert process.poll() is None, "the import ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(30) == -signal.SIGKILL
        partial = len(server.contacts())
        started = time.monotonic()
        resumed = invoke(*args, "--report", tmp_path / "resumed.csv", env=env)
        seconds = time.monotonic() - started
        store = store_snapshot(server)
    finally:
        server.stop()

    assert len(dataset.existing) < partial < 9_700
    assert resumed.returncode == 1, resumed.stderr
    assert store == full_run().store  # same contacts, same data, each created once (rev 1)

    records = [json.loads(line) for line in journal.read_text().splitlines()]
    second = [i for i, r in enumerate(records) if r["t"] == "run"][1]
    done_before = {item[0] for r in records[:second] if r["t"] == "done" for item in r["items"]}
    sent_before = {item[0] for r in records[:second] if r["t"] == "send" for item in r["items"]}
    chunks_after = {(r["chunk"], item[0]) for r in records[second:] if r["t"] == "send" for item in r["items"]}
    sent_after = [item for _, item in chunks_after]
    in_flight = sent_before - done_before
    print(
        f"\nkill/resume: killed with {len(done_before)} rows done and {len(in_flight)} in flight; "
        f"{partial} contacts stored at the kill; resumed run {seconds:.1f} s, sent {len(set(sent_after))} rows"
    )
    assert in_flight, "the kill should land while chunks are in flight"
    assert not done_before & set(sent_after), "an item with an outcome was sent again"
    assert in_flight <= set(sent_after)
    assert len(sent_after) == len(set(sent_after))  # each item in one chunk (re-sent only as that chunk)

    report = read_report(tmp_path / "resumed.csv")
    assert sorted(report) == list(range(2, dataset.rows + 2))
    for line, (outcome, reason) in dataset.expected.items():
        got = (report[line]["outcome"], report[line]["reason"])
        if line - 2 in in_flight:
            # In flight at the kill: the killed attempt may have been applied, and the report says so.
            assert got in {(outcome, reason), ("skipped", "exists_after_ambiguous_attempt")}, (line, got)
        else:
            assert got == (outcome, reason), (line, got)
    assert f"{len(done_before):,} rows were already done in the journal" in resumed.stdout
    outcomes = Counter((r["outcome"], r["reason"]) for r in report.values())
    print(f"resumed report: {dict(sorted(outcomes.items()))}")


@pytest.mark.slow
def test_import_10k_rows_with_faults(dataset: Dataset, full_run: Callable[[], Run]) -> None:
    run = full_run()
    result, report = run.result, run.report
    summary = re.search(r"^\d[\d,]* batch requests, .*$", result.stdout, flags=re.MULTILINE)
    assert summary is not None, result.stdout
    print(f"\n10k import: {run.seconds:.1f} s wall; {summary.group(0)}; stand-in stats {run.stats}")
    assert result.returncode == 1, result.stderr  # rejected rows
    assert_no_secret(result.stdout, result.stderr)

    # The report: one row per input line, with the expected outcome and reason.
    assert sorted(report) == list(range(2, dataset.rows + 2))
    assert {line: (r["outcome"], r["reason"]) for line, r in report.items()} == dataset.expected
    for line, phone in dataset.phone.items():
        assert report[line]["phone"] == phone
    for line, (outcome, reason) in dataset.expected.items():
        row = report[line]
        if outcome == "rejected":
            assert row["detail"] and row["attempts"] == "0" and row["request_id"] == ""
        else:
            assert row["request_id"] and row["status"] == "200"
        if reason == "duplicate_in_input":
            assert row["detail"] == f"same phone as line {line - 1}; not sent"
        if outcome == "skipped":
            assert row["contact_id"]

    # The summary.
    counts = {k: sum(1 for v in dataset.expected.values() if v == k) for k in set(dataset.expected.values())}
    print(f"10k report: {dict(sorted(counts.items()))}")
    assert counts[("created", "new")] == 9_200 and counts[("skipped", "exists")] == 500
    assert sum(n for (o, _), n in counts.items() if o == "rejected") == 300
    for (outcome, reason), count in counts.items():
        assert table_count(result.stdout, outcome, reason) == count, (outcome, reason)
    assert re.search(r"total\W+10,000", result.stdout)

    # The store: every valid row created exactly once (rev 1), the existing contacts left alone.
    by_phone = {row[0]: row for row in run.store}
    assert len(by_phone) == len(run.store) == 9_700
    for phone, first in dataset.first.items():
        stored = by_phone[phone]
        if phone in dataset.existing:
            assert stored[1] == "Existing" and stored[5] == 1
        else:
            assert stored[1] == first and stored[5] == 1

    # Faults were met and retried: each chunk has exactly one successful request.
    batches = run.stats["by_operation"]["batchCreateContacts"]
    assert batches["200"] == 5 + 97  # 5 seed requests; 9,700 valid rows in chunks of 100
    assert int(batches.get("429", 0)) > 0 and int(batches.get("503", 0)) > 0


def test_import_with_overwrite(tmp_path: Path) -> None:
    data = build_dataset(tmp_path / "contacts.csv", 2_000)
    with StandInServer(standin_config(rate_limit=100_000, seed=3)) as server:
        seed(server, data.existing)
        server.configure(**FAULTS)
        result = invoke(
            "contacts", "import", data.path, "--default-region", "US", "--overwrite", "--report",
            tmp_path / "report.csv", "--no-progress", env=cli_env(server.url),
        )  # fmt: skip
        stored = {c["phone"]: c for c in server.contacts()}
    assert result.returncode == 1, result.stderr
    report = read_report(tmp_path / "report.csv")
    overwritten = {line for line, (o, _) in data.expected.items() if o == "skipped"}
    for line, (outcome, reason) in data.expected.items():
        want = ("overwritten", "exists") if line in overwritten else (outcome, reason)
        assert (report[line]["outcome"], report[line]["reason"]) == want
    assert table_count(result.stdout, "overwritten", "exists") == len(data.existing) == 100
    for phone in data.existing:
        assert stored[phone]["first"] == data.first[phone] and stored[phone]["rev"] == 2
    assert len(stored) == len(data.phone)


# ---------------------------------------------------------------------------------- the sample CSV


def doc_block() -> str:
    """The console block of the README section (README.md once merged, else docs/bulk.md)."""
    for name in ("README.md", "docs/bulk.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        if "heymarket contacts import examples/contacts.csv" in text:
            blocks: list[str] = re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL)
            return next(b for b in blocks if "heymarket contacts import examples/contacts.csv" in b)
    raise AssertionError("no README section shows the import of examples/contacts.csv")


def table_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if "│" in line or "┃" in line]


def test_sample_csv_as_documented(tmp_path: Path) -> None:
    """The documented commands on examples/contacts.csv, and the documented tables are their output."""
    with StandInServer(standin_config()) as server:
        env = cli_env(server.url)
        check = invoke("auth", "check", env=env)
        created = invoke("contacts", "create", "--phone", "+1 202 555 0143", "--first", "Margaret", env=env)
        (tmp_path / "examples").mkdir()
        (tmp_path / "examples" / "contacts.csv").write_bytes(SAMPLE.read_bytes())
        command = [
            "contacts", "import", "examples/contacts.csv", "--default-region", "US", "--create-fields",
            "--report", "report.csv", "--journal", "import.journal",
        ]  # fmt: skip
        imported = invoke(*command, env=env, cwd=tmp_path)
        again = invoke(*command, env=env, cwd=tmp_path)
        stored = {c["phone"]: c for c in server.contacts()}
        batches = server.stats()["by_operation"]["batchCreateContacts"]
    assert check.returncode == 0 and check.stdout.startswith("ok: "), check.stdout + check.stderr
    assert created.returncode == 0 and "created contact" in created.stdout
    assert imported.returncode == 1, imported.stderr
    assert_no_secret(check.stdout, created.stdout, imported.stdout, imported.stderr)
    assert table_lines(imported.stdout) == table_lines(doc_block())

    report = read_report(tmp_path / "report.csv")
    assert len(report) == 10 and sorted(report) == list(range(2, 12))
    # The report's columns are the documented ones (the head -4 report.csv of the block), warning last.
    header = (tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header in doc_block().splitlines() and header.endswith(",phone_source,warning")
    assert all(r["warning"] == "" for r in report.values())
    outcomes = {line: (r["outcome"], r["reason"]) for line, r in report.items()}
    assert outcomes == {
        2: ("created", "new"),
        3: ("created", "new"),
        4: ("rejected", "invalid_email"),
        5: ("created", "new"),
        6: ("rejected", "invalid_phone"),
        7: ("rejected", "too_many_tags"),
        8: ("rejected", "duplicate_in_input"),
        9: ("skipped", "exists"),
        10: ("created", "new"),
        11: ("created", "new"),
    }
    assert stored["15105550134"]["first"] == "Ada" and stored["15105550134"]["custom"]
    assert stored["12025550143"]["first"] == "Margaret"
    # The second run found everything in the journal: same report, nothing sent.
    assert again.returncode == 1
    assert "6 rows were already done in the journal" in again.stdout
    assert batches == {"200": 1}


def test_dry_run_sends_no_write(tmp_path: Path) -> None:
    with StandInServer(standin_config()) as server:
        seed(server, ["12025550143"])
        before = store_snapshot(server)
        result = invoke(
            "contacts", "import", SAMPLE, "--default-region", "US", "--create-fields", "--dry-run",
            "--report", tmp_path / "dry.csv", "--no-progress", env=cli_env(server.url),
        )  # fmt: skip
        operations = server.stats()["by_operation"]
        after = store_snapshot(server)
    assert result.returncode == 1, result.stderr  # rejected rows
    assert after == before
    assert operations["batchCreateContacts"] == {"200": 1}  # the seed only
    # listTags: the rows' tag ids are checked once against the account's tags (read-only).
    assert set(operations) == {"batchCreateContacts", "listContactFields", "listTags", "searchContactsV2"}
    assert "warning: tag id(s) 1 (1 row), 2 (1 row), 4 (1 row) are not tags of this account" in result.stdout
    assert "custom field(s) 'Plan' would be created" in result.stderr
    assert table_count(result.stdout, "would_create", "new") == 5
    assert table_count(result.stdout, "would_skip", "exists") == 1
    report = read_report(tmp_path / "dry.csv")
    assert report[9]["outcome"] == "would_skip" and report[9]["contact_id"]
    assert sum(r["outcome"] == "rejected" for r in report.values()) == 4


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text("phone,first\n+1 212 555 0101,A\n+1 212 555 0102,B\n", encoding="utf-8")
    with StandInServer(standin_config()) as server:
        result = invoke("contacts", "import", path, "--no-progress", env=cli_env(server.url))
        again = invoke("contacts", "import", path, "--no-progress", env=cli_env(server.url))
    assert result.returncode == 0, result.stdout + result.stderr
    assert table_count(result.stdout, "created", "new") == 2
    assert again.returncode == 0 and table_count(again.stdout, "skipped", "exists") == 2


def test_sigint_stops_cleanly_and_the_run_resumes(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("phone\n" + "".join(f"+1212555{i:04d}\n" for i in range(200)), encoding="utf-8")
    journal = tmp_path / "j"
    args = [
        "contacts",
        "import",
        path,
        "--batch-size",
        "5",
        "--concurrency",
        "2",
        "--journal",
        journal,
        "--no-progress",
    ]
    with StandInServer(standin_config(latency_ms=150)) as server:
        env = cli_env(server.url)
        process = subprocess.Popen(
            [str(HEYMARKET), *map(str, args)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (journal.exists() and '"t":"done"' in journal.read_text()):
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        interrupted_at = len(server.contacts())
        server.configure(latency_ms=0)
        resumed = invoke(*args, env=env)
        stored = server.contacts()
    assert process.returncode == 130, stderr
    assert "Run the same command again to resume" in stderr
    assert 0 < interrupted_at < 200
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert sorted(c["phone"] for c in stored) == [f"1212555{i:04d}" for i in range(200)]
    # Ctrl-C let the chunks in flight finish and journal their outcomes: nothing is ambiguous.
    assert "exists_after_ambiguous_attempt" not in resumed.stdout
    assert f"{interrupted_at} rows were already done in the journal" in resumed.stdout


# ---------------------------------------------------------------------------------- other commands


def test_auth_check_refused_and_unconfigured() -> None:
    with StandInServer(standin_config()) as server:
        wrong = invoke("auth", "check", env=cli_env(server.url, HEYMARKET_SECRET_KEY="wrongKEY0123456789"))
        missing = invoke("auth", "check", "--base-url", server.url, env=cli_env(None, HEYMARKET_SECRET_ID=""))
    assert wrong.returncode == 1
    assert "HTTP 401" in wrong.stderr and "did not accept" in wrong.stderr
    assert missing.returncode == 2
    assert "HEYMARKET_SECRET_ID" in missing.stderr
    assert_no_secret(wrong.stdout, wrong.stderr, missing.stdout, missing.stderr)
    assert "wrongKEY0123456789" not in wrong.stderr


def test_contacts_create() -> None:
    with StandInServer(standin_config()) as server:
        env = cli_env()
        ok = invoke("contacts", "create", "--phone", "(510) 555-0134", "--default-region", "US", "--first", "Ada",
                     "--email", "ada@example.com", "--tag", "3", "--base-url", server.url, env=env)  # fmt: skip
        taken = invoke("contacts", "create", "--phone", "+15105550134", "--base-url", server.url, env=env)
        invalid = invoke("contacts", "create", "--phone", "12", "--base-url", server.url, env=env)
        stored = server.contacts()
    assert ok.returncode == 0, ok.stderr
    assert re.match(r"created contact \d+ \(uuid [0-9a-f-]{36}, rev 1\) for phone 15105550134", ok.stdout)
    assert taken.returncode == 1 and "HTTP 400" in taken.stderr and "already has this phone" in taken.stderr
    assert invalid.returncode == 1 and "rejected (invalid_phone)" in invalid.stderr
    assert [(c["phone"], c["first"], c["tags"]) for c in stored] == [("15105550134", "Ada", [{"tag_id": 3}])]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--dry-run", "--journal", "j"], "takes no --journal"),
        (["--map", "Nope=first"], "not in the header"),
        (["--batch-size", "0"], "Invalid value for '--batch-size'"),
        (["--default-region", "XX"], "not a known ISO 3166 region"),
        (["--report", SAMPLE], "--report must not be the input file"),
        (["--journal", "same", "--report", "same"], "must be different files"),
    ],
)
def test_usage_errors_exit_2(extra: list[str], message: str) -> None:
    result = invoke("contacts", "import", SAMPLE, *extra, "--base-url", "http://127.0.0.1:9", env=cli_env())
    assert result.returncode == 2
    assert message in result.stderr


def test_unmapped_column_and_other_input_for_a_journal_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("phone,Company\n+1 212 555 0101,Acme\n", encoding="utf-8")
    with StandInServer(standin_config()) as server:
        env = cli_env(server.url)
        unmapped = invoke("contacts", "import", path, env=env)
        ignored = invoke("contacts", "import", path, "--ignore-unknown-columns", "--journal", tmp_path / "j", env=env)
        path.write_text("phone,Company\n+1 212 555 0102,Acme\n", encoding="utf-8")
        other = invoke("contacts", "import", path, "--ignore-unknown-columns", "--journal", tmp_path / "j", env=env)
    assert unmapped.returncode == 2 and "'Company' map to no contact field" in unmapped.stderr
    assert ignored.returncode == 0, ignored.stderr
    assert other.returncode == 2 and "written for other input or settings" in other.stderr


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "heymarket", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "Usage: heymarket" in result.stdout and "contacts" in result.stdout
