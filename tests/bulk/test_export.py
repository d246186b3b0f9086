"""``heymarket contacts export``: streaming in flat memory (a million contacts within 10 MB of a thousand), the
CSV read back by the importer (an export imported into the same account skips every row and changes nothing),
JSON Lines, usage errors."""

from __future__ import annotations

import csv
import gc
import json
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from heymarket import create_client, iter_contacts, iter_contacts_v2
from heymarket.bulk.export import CSV_COLUMNS, export_contacts
from heymarket_mock.launcher import ServerChild
from tests.bulk import paging_server
from tests.support.cli import cli_env, read_report, run_cli, store_snapshot, table_count
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY, assert_no_secret
from tests.support.paths import ROOT
from tests.support.standin import StandInChild, StandInServer, standin_config

MB = 1_000_000


def phone(i: int) -> str:
    return f"1212{200 + i // 10000:03d}{i % 10000:04d}"


def seed_range(server: StandInChild | StandInServer, start: int, stop: int) -> None:
    for first in range(start, stop, 100):
        body = [
            {"phone": phone(i), "first": f"First{i}", "last": "Example", "email": f"user{i}@example.com"}
            for i in range(first, min(stop, first + 100))
        ]
        assert server.call("POST", "/v1/batch/contacts", json=body).status_code == 200


def traced_peak(run: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_export_streams_10k_contacts_in_flat_memory(tmp_path: Path) -> None:
    """Peak traced memory of an export of 1,000 and of 10,000 contacts, CSV and JSON Lines.

    The pager keeps one small key per contact (to write a contact that moves between pages once), so
    the pager alone is measured too: what the export adds on top of it must not grow with the count,
    and the whole growth per contact must stay far below the size of a contact record (an export that
    kept the records would add several KB per contact). The stand-in runs in its own process, so only
    the exporting side is traced."""
    server = StandInChild(rate_limit=1_000_000)
    figures: dict[tuple[str, int], tuple[int, int]] = {}
    try:
        # No client-side rate limit: the vendor's 500 requests a minute would make this test wait.
        with create_client(
            base_url=server.url, secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, rate_limit=None
        ) as client:
            seeded = 0
            for count in (1_000, 10_000):
                seed_range(server, seeded, count)
                seeded = count
                for kind, pager in (("csv", iter_contacts), ("jsonl", iter_contacts_v2)):
                    path = tmp_path / f"contacts-{count}.{kind}"
                    export_contacts(client, path, page_size=100)  # warm-up: imports, caches, connection
                    exported = traced_peak(lambda p=path: export_contacts(client, p, page_size=100))  # type: ignore[misc]
                    paged = traced_peak(lambda g=pager: sum(1 for _ in g(client, page_size=100)))  # type: ignore[misc]
                    figures[(kind, count)] = (exported, paged)
                    with path.open(encoding="utf-8") as handle:
                        lines = sum(1 for _ in handle)
                    assert lines == count + (1 if kind == "csv" else 0)
    finally:
        server.stop()
    for kind in ("csv", "jsonl"):
        (small, small_pager), (large, large_pager) = figures[(kind, 1_000)], figures[(kind, 10_000)]
        own_small, own_large = small - small_pager, large - large_pager
        per_contact = (large - small) / 9_000
        print(
            f"\nexport {kind}: peak {small:,} B for 1k, {large:,} B for 10k (x{large / small:.2f}); "
            f"pager alone {small_pager:,} / {large_pager:,} B; export's own {own_small:,} / {own_large:,} B; "
            f"growth {per_contact:.0f} B per contact"
        )
        assert own_large <= own_small * 1.25 + 64 * 1024, (kind, own_small, own_large)
        assert per_contact < 600, (kind, per_contact)


def _each_original_once(path: Path, kind: str, count: int) -> None:
    """The file holds each of the ``count`` generated contacts exactly once (and none written during the export,
    which went to the head of the list, behind the walk)."""
    seen = bytearray(count)
    with path.open(encoding="utf-8", newline="") as handle:
        if kind == "csv":
            phones = (row["phone"].removeprefix("+") for row in csv.DictReader(handle))
        else:
            phones = (json.loads(line)["phone"] for line in handle)
        for value in phones:
            index = int(value[1:]) - 5_100_000_000
            assert 0 <= index < count, value
            assert not seen[index], f"{value} written twice"
            seen[index] = 1
    assert all(seen)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "count"), [("csv", 1_000_000), ("jsonl", 50_000)])
def test_a_large_export_peaks_within_10_mb_of_a_1k_one(kind: str, count: int, tmp_path: Path) -> None:
    """Peak traced memory of an export of ``count`` generated contacts against that of 1,000, from a paging
    server that makes the pages on the fly (tests/bulk/paging_server.py, its own process, so only the export
    is traced) and shifts them by 7 contacts every 10 pages, as writes during an export do. CSV (v1 list, keys
    by id) takes a million contacts, minutes traced on 2 shared cores; JSON Lines (v2, keys by UUID)
    50,000. No garbage collection is forced: each page's response is freed as soon as it is parsed (the
    generated operations break httpx's response cycle). Before the pager kept only the last `updated` value, a million full contacts
    peaked at 75 MB (1,000: 3 MB); now 1.3 MB (1,000: 1.1 MB)."""
    peaks: dict[int, int] = {}
    for size in (1_000, count):
        argv = [sys.executable, "-m", paging_server.__name__, "--contacts", str(size), "--lean"]
        with (
            ServerChild([*argv, "--shift-every", "10", "--shift-by", "7"], cwd=ROOT, startup_timeout=30) as server,
            create_client(
                base_url=server.url, secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, rate_limit=None
            ) as client,
        ):
            path = tmp_path / f"contacts-{size}.{kind}"
            if size == 1_000:
                export_contacts(client, path, page_size=1_000)  # warm-up: imports, caches, connection
            peaks[size] = traced_peak(
                lambda p=path: export_contacts(client, p, page_size=1_000)  # type: ignore[misc]
            )
        _each_original_once(path, kind, size)
        path.unlink()
    small, large = peaks[1_000], peaks[count]
    print(f"\nexport {kind}: peak {small / MB:.2f} MB for 1,000 contacts, {large / MB:.2f} MB for {count:,}")
    assert large - small <= 10 * MB, (kind, small, large)


def test_export_then_import_skips_every_row(tmp_path: Path) -> None:
    with StandInServer(standin_config()) as server:
        env = cli_env(server.url)
        created = server.call("POST", "/v1/contacts/fields", json=[{"title": "Plan"}, {"title": "2024"}]).json()
        ids = {f["title"]: str(f["id"]) for f in created}
        seed_range(server, 0, 45)
        body = [
            {"phone": "447400123456", "first": "Kai", "last": "Dummy", "email": "kai@example.co.uk",
             "tags": [{"tag_id": 3}, {"tag_id": 4}], "custom": {ids["Plan"]: "Gold", ids["2024"]: "yes"},
             "is_opted_out": True, "assignee_id": 7},
            {"phone": "12125550199", "display_name": "Only A Display Name"},
        ]  # fmt: skip
        assert server.call("POST", "/v1/batch/contacts", json=body).status_code == 200
        before = store_snapshot(server)
        exported = run_cli("contacts", "export", tmp_path / "all.csv", "--page-size", "7", env=env)
        jsonl = run_cli("contacts", "export", tmp_path / "all.jsonl", "--page-size", "7", env=env)
        imported = run_cli(
            "contacts", "import", tmp_path / "all.csv", "--report", tmp_path / "report.csv", "--no-progress", env=env
        )
        after = store_snapshot(server)
        stored = server.contacts()
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert jsonl.returncode == 0, jsonl.stdout + jsonl.stderr
    assert_no_secret(exported.stdout, exported.stderr, jsonl.stdout, jsonl.stderr)
    assert "Exported 47 contacts" in exported.stdout and "Exporting 47 contacts" in exported.stderr

    rows = list(csv.DictReader((tmp_path / "all.csv").open(encoding="utf-8", newline="")))
    assert list(rows[0]) == [*CSV_COLUMNS, "custom:Plan", f"custom:{ids['2024']}"]  # a digits title goes by id
    by_phone = {r["phone"]: r for r in rows}
    assert sorted(by_phone) == sorted(f"+{c['phone']}" for c in stored)
    kai = by_phone["+447400123456"]
    assert (kai["first"], kai["email"], kai["tags"], kai["is_opted_out"], kai["assignee_id"]) == (
        "Kai", "kai@example.co.uk", "3;4", "true", "7",
    )  # fmt: skip
    assert (kai["custom:Plan"], kai[f"custom:{ids['2024']}"]) == ("Gold", "yes")

    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["phone"] for r in records) == sorted(c["phone"] for c in stored)
    assert all(isinstance(r.get("uuid"), str) for r in records)

    # Read back into the same account: every row is skipped, nothing changes.
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert table_count(imported.stdout, "skipped", "exists") == 47
    report = read_report(tmp_path / "report.csv")
    assert len(report) == 47 and {(r["outcome"], r["reason"]) for r in report.values()} == {("skipped", "exists")}
    assert after == before


def test_export_usage_errors(tmp_path: Path) -> None:
    taken = tmp_path / "taken.csv"
    taken.write_text("keep me\n", encoding="utf-8")
    env = cli_env("http://127.0.0.1:9")
    wrong = run_cli("contacts", "export", tmp_path / "contacts.txt", env=env)
    exists = run_cli("contacts", "export", taken, env=env)
    assert wrong.returncode == 2 and "must end in .csv or .jsonl" in wrong.stderr
    assert exists.returncode == 2 and "--force" in exists.stderr
    assert taken.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("name", ["all.jsonl", "all.csv"])
def test_export_failure_leaves_no_file(name: str, tmp_path: Path) -> None:
    """Every request answered 500 (after the runtime's retries): exit 1, neither FILE nor FILE.part."""
    with StandInServer(standin_config()) as server:
        seed_range(server, 0, 20)
        server.configure(fault_500=1.0)
        result = run_cli("contacts", "export", tmp_path / name, "--no-progress", env=cli_env(server.url))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "HTTP 500" in result.stderr or "500" in result.stderr
    assert list(tmp_path.iterdir()) == []
