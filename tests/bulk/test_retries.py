"""Bulk import has one retry layer: the attempts it reports are the requests the server received.

The stand-in answers every request with an injected 429 (``Retry-After: 1``); the import re-sends each
batch only as its ``RetryPolicy`` allows (``--max-retries`` on the command line), with the client's own
retries turned off for the batches, and ends with the rows ``failed`` and exit status 1.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from heymarket import RetryPolicy, create_client
from heymarket.bulk import Outcome, bulk_create_contacts
from tests.support.cli import cli_env
from tests.support.cli_inprocess import invoke
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.standin import StandInServer, standin_config


def _batch_statuses(server: StandInServer) -> dict[str, int]:
    counts: dict[str, int] = server.stats()["by_operation"].get("batchCreateContacts", {})
    return counts


@pytest.mark.parametrize("max_retries", [0, 2])
def test_cli_attempts_equal_the_batch_requests_the_server_received(tmp_path: Path, max_retries: int) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("phone,first\n+1 212 555 0101,A\n+1 212 555 0102,B\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    with StandInServer(standin_config(fault_429=1.0)) as server:
        result = invoke(
            "contacts", "import", path, "--no-progress", "--max-retries", max_retries, "--report", report,
            env=cli_env(server.url),
        )  # fmt: skip
        received = _batch_statuses(server)
    assert result.returncode == 1, result.stdout + result.stderr
    assert received == {"429": max_retries + 1}
    with report.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["outcome"], r["reason"], r["attempts"]) for r in rows] == [
        ("failed", "http_429", str(max_retries + 1))
    ] * 2
    expected = f" (after {max_retries + 1} attempts)" if max_retries else ""
    assert [r["detail"] for r in rows] == [f"rate_limited: too many requests (injected){expected}"] * 2


def test_library_attempts_equal_requests_and_the_client_does_not_retry_underneath() -> None:
    # The client alone would retry a 429 twice; inside the import it must not (one layer).
    with StandInServer(standin_config(fault_429=1.0)) as server:
        with create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=server.url) as client:
            policy = RetryPolicy(max_retries=3, initial_delay=0.001, max_delay=0.001, retry_after_cap=0.001)
            report = bulk_create_contacts(client, [{"phone": "+12125550101"}], retry=policy)
        received = _batch_statuses(server)
    (outcome,) = report.outcomes
    assert outcome.outcome is Outcome.FAILED and outcome.attempts == 4
    assert received == {"429": 4}
    assert report.http_attempts == 4
