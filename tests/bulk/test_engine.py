"""bulk_create_contacts against the stand-in and against scripted answers, over loopback."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from heymarket import RetryPolicy, create_client
from heymarket.bulk import (
    BulkItem,
    ItemOutcome,
    Journal,
    JournalError,
    Outcome,
    bulk_create_contacts,
    resolve_field_titles,
)
from heymarket.bulk.fields import FieldLookupError
from heymarket_client import AuthenticatedClient
from heymarket_client.models import ContactRequest
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.loopback import LoopbackServer, ScriptedResponse
from tests.support.standin import StandInServer, standin_config

FAST = RetryPolicy(max_retries=11, initial_delay=0.005, max_delay=0.02, retry_after_cap=0.02)


def client_for(url: str, **kwargs: Any) -> AuthenticatedClient:
    return create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=url, **kwargs)


def phone(i: int) -> str:
    return f"1212555{i:04d}"


def seed(server: StandInServer, *phones: str) -> dict[str, int]:
    """Contacts that exist before the import; their ids by phone."""
    body = [{"phone": p, "first": "Existing"} for p in phones]
    assert server.call("POST", "/v1/batch/contacts", json=body).status_code == 200
    return {c["phone"]: c["id"] for c in server.contacts()}


def batch_sizes(server: LoopbackServer) -> list[int]:
    return [len(r.json()) for r in server.requests if r.path_only == "/v1/batch/contacts"]


# ---------------------------------------------------------------------------------- against the stand-in


def test_outcomes_in_input_order_with_rejections_and_duplicates() -> None:
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        ids = seed(server, phone(2), phone(5))
        items: list[Any] = [
            {"phone": "+1 212 555 0001", "first": "Ada"},
            BulkItem({"phone": "(212) 555-0002", "first": "Bob"}, line=3),
            {"phone": "12345"},
            ContactRequest(phone=phone(3), first="Cy"),
            {"phone": phone(1), "first": "Again"},  # same phone as item 0
            {"phone": phone(4), "email": "nope@"},
            {"phone": phone(5), "tags": "1;2"},
            {"phone": phone(6), "tags": [1, 2, 3, 4, 5, 6]},
            {"phone": phone(7)},
        ]
        seen: list[ItemOutcome] = []
        with client_for(server.url) as client:
            report = bulk_create_contacts(
                client, items, batch_size=2, concurrency=3, default_region="US", on_outcome=seen.append
            )
        stored = {c["phone"]: c for c in server.contacts()}

    assert [o.index for o in report.outcomes] == list(range(len(items)))
    assert seen == report.outcomes
    got = [(o.outcome.value, o.reason) for o in report.outcomes]
    assert got == [
        ("created", "new"),
        ("skipped", "exists"),
        ("rejected", "invalid_phone"),
        ("created", "new"),
        ("rejected", "duplicate_in_input"),
        ("rejected", "invalid_email"),
        ("skipped", "exists"),
        ("rejected", "too_many_tags"),
        ("created", "new"),
    ]
    assert report.outcomes[1].line == 3
    assert report.outcomes[1].contact_id == ids[phone(2)]
    assert report.outcomes[6].contact_id == ids[phone(5)]
    assert report.outcomes[4].detail == "same phone as item 1; not sent"
    assert report.outcomes[0].phone == phone(1)
    assert report.outcomes[2].phone == "12345"
    assert all(o.request_id for o in report.outcomes if o.outcome is not Outcome.REJECTED)
    assert report.counts == {Outcome.CREATED: 3, Outcome.SKIPPED: 2, Outcome.REJECTED: 4}
    assert not report.ok
    assert sorted(stored) == sorted([phone(i) for i in (1, 2, 3, 5, 7)])
    assert stored[phone(1)]["first"] == "Ada"  # the duplicate was not sent
    assert stored[phone(2)]["first"] == "Existing"  # skipped, not overwritten


def test_overwrite_reports_overwritten_and_writes_the_new_data() -> None:
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        ids = seed(server, phone(1))
        with client_for(server.url) as client:
            report = bulk_create_contacts(
                client, [{"phone": phone(1), "first": "New"}, {"phone": phone(2)}], overwrite=True
            )
        stored = {c["phone"]: c for c in server.contacts()}
        requests = server.stats()["by_operation"]["batchCreateContacts"]
    assert [(o.outcome, o.reason, o.contact_id) for o in report.outcomes] == [
        (Outcome.OVERWRITTEN, "exists", ids[phone(1)]),
        (Outcome.CREATED, "new", None),
    ]
    assert report.ok
    assert stored[phone(1)]["first"] == "New"
    assert stored[phone(1)]["rev"] == 2
    assert requests == {"200": 2}  # the seed and one batch


def test_injected_faults_are_retried_and_counts_stay_exact() -> None:
    """The stand-in injects 429/500/503 before any state change, so every row is created exactly once
    and none is reported as existing, although every chunk may have been sent several times."""
    rows = [{"phone": phone(i), "first": f"F{i}"} for i in range(600)]
    config = standin_config(rate_limit=100_000, fault_429=0.1, fault_500=0.1, fault_503=0.1, seed=7)
    with StandInServer(config) as server:
        # retries=0: the client's own 429 retries would sleep Retry-After (1 s) each time.
        with client_for(server.url, retries=0) as client:
            report = bulk_create_contacts(client, rows, batch_size=25, concurrency=4, retry=FAST)
        stats = server.stats()["by_operation"]["batchCreateContacts"]
        stored = server.contacts()
    assert report.counts == {Outcome.CREATED: 600}
    assert {o.reason for o in report.outcomes} == {"new"}
    assert sorted(c["phone"] for c in stored) == sorted(r["phone"] for r in rows)
    assert {c["rev"] for c in stored} == {1}
    faults = sum(n for status, n in stats.items() if status != "200")
    assert stats["200"] == 24  # one successful request per chunk
    assert faults > 0
    assert report.requests == 24 + faults
    assert sum(report.retries.values()) == faults
    assert set(report.retries) <= {"http_429", "http_500", "http_503"}
    assert max(o.attempts for o in report.outcomes) > 1


def test_dry_run_reads_but_never_writes() -> None:
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        ids = seed(server, phone(1))
        with client_for(server.url) as client:
            report = bulk_create_contacts(
                client, [{"phone": phone(1)}, {"phone": phone(2)}, {"phone": "1"}], dry_run=True
            )
            again = bulk_create_contacts(client, [{"phone": phone(1)}], dry_run=True, overwrite=True)
        operations = server.stats()["by_operation"]
        stored = server.contacts()
    assert [(o.outcome, o.contact_id) for o in report.outcomes] == [
        (Outcome.WOULD_SKIP, ids[phone(1)]),
        (Outcome.WOULD_CREATE, None),
        (Outcome.REJECTED, None),
    ]
    assert report.dry_run
    assert again.outcomes[0].outcome is Outcome.WOULD_OVERWRITE
    assert set(operations) == {"batchCreateContacts", "searchContactsV2"}
    assert operations["batchCreateContacts"] == {"200": 1}  # the seed() call only
    assert [c["phone"] for c in stored] == [phone(1)]


def test_dry_run_takes_no_journal(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="journal"):
        bulk_create_contacts(client_for("http://127.0.0.1:9"), [], dry_run=True, journal=tmp_path / "j")


def test_custom_field_titles_map_to_ids() -> None:
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        with client_for(server.url) as client:
            with pytest.raises(FieldLookupError) as caught:
                resolve_field_titles(client, ["Plan"])
            assert caught.value.missing == ["Plan"]
            created = resolve_field_titles(client, ["Plan", "renewal date"], create_missing=True)
            again = resolve_field_titles(client, ["plan"])
            report = bulk_create_contacts(
                client,
                [{"phone": phone(1), "custom": {"Plan": "Premium"}}, {"phone": phone(2), "custom": {"Tier": "x"}}],
                field_ids=created,
            )
        stored = server.contacts()
    assert again == {"plan": created["Plan"]}
    assert [o.reason for o in report.outcomes] == ["new", "unknown_custom_field"]
    assert stored[0]["custom"] == {created["Plan"]: "Premium"}


class DroppingProxy:
    """Forwards requests to the stand-in, and for the first ``drops`` of them closes the connection
    instead of answering: the request was applied, but the client cannot know (an ambiguous failure)."""

    def __init__(self, target: str, drops: int) -> None:
        self.target = target
        self.drops = drops
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
                answer = httpx.post(proxy.target + self.path, content=body, headers=headers, timeout=10)
                with proxy.lock:
                    drop = proxy.drops > 0
                    proxy.drops -= 1
                if drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(answer.status_code)
                for name in ("Content-Type", "X-Request-Id", "Retry-After"):
                    if name in answer.headers:
                        self.send_header(name, answer.headers[name])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> DroppingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_dropped_connection_after_sending_is_ambiguous_and_reported_so() -> None:
    """The first answer is lost after the stand-in applied the batch. The re-send finds the phones
    existing; they are reported with the distinct reason, not as plain pre-existing contacts."""
    rows = [{"phone": phone(1)}, {"phone": phone(2)}]
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        seed(server, phone(3))
        with DroppingProxy(server.url, drops=1) as proxy, client_for(proxy.url) as client:
            report = bulk_create_contacts(client, [*rows, {"phone": phone(3)}], retry=FAST)
        stored = server.contacts()
    assert [(o.outcome, o.reason) for o in report.outcomes] == [(Outcome.SKIPPED, "exists_after_ambiguous_attempt")] * 3
    assert "may itself have created it" in report.outcomes[0].detail
    assert report.retries == {"connection_error": 1}
    assert sorted(c["phone"] for c in stored) == [phone(1), phone(2), phone(3)]


def test_ambiguous_failure_is_carried_over_by_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "import.journal"
    rows = [{"phone": phone(1)}, {"phone": phone(2)}]
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        with DroppingProxy(server.url, drops=1) as proxy, client_for(proxy.url) as client:
            first = bulk_create_contacts(client, rows, journal=journal, retry=RetryPolicy(max_retries=0))
        with client_for(server.url) as client:
            second = bulk_create_contacts(client, rows, journal=journal)
        stored = server.contacts()
    assert [(o.outcome, o.reason) for o in first.outcomes] == [(Outcome.FAILED, "connection_error")] * 2
    assert all("may have been created" in o.detail for o in first.outcomes)
    assert [(o.outcome, o.reason) for o in second.outcomes] == [(Outcome.SKIPPED, "exists_after_ambiguous_attempt")] * 2
    assert [o.attempts for o in second.outcomes] == [2, 2]
    assert sorted(c["phone"] for c in stored) == [phone(1), phone(2)]


# ---------------------------------------------------------------------------------- scripted answers


@pytest.mark.parametrize(
    ("first_status", "reason"),
    [
        (500, "exists_after_ambiguous_attempt"),
        (502, "exists_after_ambiguous_attempt"),
        (503, "exists"),
        (429, "exists"),
    ],
)
def test_resend_after_failure_reports_existing_honestly(first_status: int, reason: str) -> None:
    """The first attempt fails; the re-send answers that the first phone exists. After a 500/502 the
    failed attempt may have created it, so the reason says so; after a 503/429 it cannot have."""
    with LoopbackServer() as server:
        server.enqueue(first_status, {"error": "boom", "message": "injected"})
        existing = [{"id": 77, "phone": phone(1), "created": "2026-01-01T00:00:00Z"}]
        server.enqueue(200, existing)  # the batch lists phone 1 as not created
        server.enqueue(200, existing)  # the look-up that tells why: it exists
        with client_for(server.base_url, retries=0) as client:
            report = bulk_create_contacts(client, [{"phone": phone(1)}, {"phone": phone(2)}], retry=FAST)
        sent = [r.json() for r in server.requests]
        assert [r.path_only for r in server.requests] == ["/v1/batch/contacts"] * 2 + ["/v2/contacts/search"]
    assert [(o.outcome, o.reason, o.contact_id) for o in report.outcomes] == [
        (Outcome.SKIPPED, reason, 77),
        (Outcome.CREATED, "new", None),
    ]
    assert sent[0] == sent[1]  # the same chunk, sent again
    assert report.retries == {f"http_{first_status}": 1}
    assert [o.attempts for o in report.outcomes] == [2, 2]


def test_bad_request_splits_the_chunk_down_to_the_refused_item() -> None:
    with LoopbackServer() as server:
        bad = {"error": "bad_data", "message": "phone: not accepted"}
        for status, body in [(400, bad), (200, "ok"), (400, bad), (200, "ok"), (400, bad)]:
            server.enqueue(status, body, {"X-Request-Id": f"req-{len(server.requests) + server.pending}"})
        with client_for(server.base_url) as client:
            report = bulk_create_contacts(client, [{"phone": phone(i)} for i in range(4)], concurrency=1, retry=FAST)
        sizes = batch_sizes(server)
    assert sizes == [4, 2, 2, 1, 1]
    assert [o.outcome for o in report.outcomes] == [Outcome.CREATED] * 3 + [Outcome.FAILED]
    last = report.outcomes[3]
    assert (last.reason, last.status, last.request_id) == ("http_400", 400, "req-4")
    assert "bad_data: phone: not accepted" in last.detail
    assert report.splits == 2


def test_unauthorized_stops_the_run_and_leaves_the_rest_unsent() -> None:
    with LoopbackServer(default=ScriptedResponse(401, {"error": "unauthorized", "message": "bad token"})) as server:
        with client_for(server.base_url) as client:
            report = bulk_create_contacts(
                client, [{"phone": phone(i)} for i in range(10)], batch_size=2, concurrency=1, retry=FAST
            )
        batches = len(batch_sizes(server))
    assert report.counts == {Outcome.FAILED: 10}
    assert [o.reason for o in report.outcomes[:2]] == ["http_401", "http_401"]
    assert {o.reason for o in report.outcomes[2:]} == {"not_sent"}
    assert report.aborted is not None and "HTTP 401" in report.aborted
    assert batches == 2  # one chunk; the JWT auth re-signs and sends a 401 once more


def test_refused_connection_is_retried_and_never_called_ambiguous() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: connections are refused
    retry = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.001)
    with client_for(f"http://127.0.0.1:{port}", retries=0) as client:
        report = bulk_create_contacts(client, [{"phone": phone(1)}], retry=retry)
    (outcome,) = report.outcomes
    assert (outcome.outcome, outcome.reason, outcome.attempts) == (Outcome.FAILED, "connection_error", 3)
    assert "may have been created" not in outcome.detail
    assert report.retries == {"connection_error": 2}


def test_client_without_typed_errors_and_a_non_json_error_body() -> None:
    """raise_errors=False: an HTML 500 body is still a typed 500 (the status is kept); the chunk is re-sent."""
    with LoopbackServer() as server:
        server.enqueue(500, b"<html>proxy error</html>")
        server.enqueue(503, b"busy")
        server.enqueue(200, "ok")
        with client_for(server.base_url, raise_errors=False) as client:
            report = bulk_create_contacts(client, [{"phone": phone(1)}], retry=FAST)
    assert [(o.outcome, o.reason) for o in report.outcomes] == [(Outcome.CREATED, "new")]
    assert report.retries == {"http_500": 1, "http_503": 1}


def test_answer_naming_unknown_contacts_is_not_trusted() -> None:
    answer = ScriptedResponse(200, [{"id": 1, "phone": "19999999999"}])
    with LoopbackServer(default=answer) as server, client_for(server.base_url) as client:
        report = bulk_create_contacts(client, [{"phone": phone(1)}], retry=RetryPolicy(max_retries=0))
    assert [(o.outcome, o.reason) for o in report.outcomes] == [(Outcome.FAILED, "unexpected_response")]


def test_input_is_streamed_with_bounded_read_ahead() -> None:
    """20,000 items: the input is read only a bounded window ahead of the outcomes handed over."""
    produced = 0
    lag: list[int] = []

    def rows() -> Iterator[dict[str, str]]:
        nonlocal produced
        for i in range(20_000):
            produced += 1
            yield {"phone": f"1212{200 + i // 10000:03d}{i % 10000:04d}"}

    def on_outcome(outcome: ItemOutcome) -> None:
        lag.append(produced - outcome.index)

    with (
        LoopbackServer(default=ScriptedResponse(200, "ok")) as server,
        client_for(server.base_url, rate_limit=None) as client,
    ):
        report = bulk_create_contacts(
            client, rows(), batch_size=50, concurrency=3, on_outcome=on_outcome, keep_outcomes=False
        )
    window = 50 * (2 * 3 + 2)
    assert report.total == 20_000 and report.counts == {Outcome.CREATED: 20_000}
    assert report.outcomes == []
    assert max(lag) <= window + 1
    assert lag[0] < 20_000 // 2  # outcomes came while the input was still being read


# ---------------------------------------------------------------------------------- journal


def test_resume_after_interrupt_sends_no_finished_item_again(tmp_path: Path) -> None:
    journal = tmp_path / "import.journal"
    rows = [{"phone": phone(i), "first": f"F{i}"} for i in range(300)]

    def interrupted() -> Iterator[dict[str, str]]:
        for i, row in enumerate(rows):
            if i == 170:
                raise KeyboardInterrupt
            yield row

    with StandInServer(standin_config(rate_limit=10_000)) as server:
        with client_for(server.url) as client:
            with pytest.raises(KeyboardInterrupt):
                bulk_create_contacts(client, interrupted(), batch_size=20, concurrency=2, journal=journal)
            after_first = len(server.contacts())
            report = bulk_create_contacts(client, rows, batch_size=20, concurrency=2, journal=journal)
        stored = server.contacts()
    records = [json.loads(line) for line in journal.read_text().splitlines()]
    second_run = max(i for i, r in enumerate(records) if r["t"] == "run")
    done_before = {item[0] for r in records[:second_run] if r["t"] == "done" for item in item_rows(r)}
    sent_after = [item[0] for r in records[second_run:] if r["t"] == "send" for item in r["items"]]
    assert 0 < after_first < 300
    assert len(done_before) == after_first  # every created contact had its outcome journaled
    assert not done_before & set(sent_after)
    assert len(sent_after) == len(set(sent_after)) == 300 - len(done_before)
    assert report.counts == {Outcome.CREATED: 300}
    assert report.from_journal == len(done_before)
    assert {o.index for o in report.outcomes if o.from_journal} == done_before
    assert sorted(c["phone"] for c in stored) == sorted(r["phone"] for r in rows)
    assert {c["rev"] for c in stored} == {1}


def item_rows(record: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = record["items"]
    return rows


def test_journal_refuses_other_settings_and_other_input(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    rows = [{"phone": phone(1)}, {"phone": phone(2)}]
    with StandInServer(standin_config(rate_limit=10_000)) as server, client_for(server.url) as client:
        bulk_create_contacts(client, rows, journal=journal, input_fingerprint="file-A")
        with pytest.raises(JournalError, match="overwrite"):
            bulk_create_contacts(client, rows, journal=journal, input_fingerprint="file-A", overwrite=True)
        with pytest.raises(JournalError, match="input"):
            bulk_create_contacts(client, rows, journal=journal, input_fingerprint="file-B")
        with pytest.raises(JournalError, match="item 1"):
            bulk_create_contacts(client, [rows[0], {"phone": phone(3)}], journal=journal, input_fingerprint="file-A")
        report = bulk_create_contacts(client, rows, journal=journal, input_fingerprint="file-A")
        requests = server.stats()["by_operation"]["batchCreateContacts"]
    assert report.from_journal == 2
    assert requests == {"200": 1}


def test_journal_with_a_torn_last_line_is_repaired(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    rows = [{"phone": phone(1)}, {"phone": phone(2)}]
    with StandInServer(standin_config(rate_limit=10_000)) as server, client_for(server.url) as client:
        bulk_create_contacts(client, rows[:1], journal=journal)
        with journal.open("ab") as handle:
            handle.write(b'{"t":"send","chunk":"r9c1","attem')  # the process died mid-write
        report = bulk_create_contacts(client, rows, journal=journal)
    text = journal.read_text()
    assert "r9c1" not in text and text.endswith("\n")
    assert [(o.outcome, o.from_journal) for o in report.outcomes] == [
        (Outcome.CREATED, True),
        (Outcome.CREATED, False),
    ]


def test_journal_with_a_corrupt_line_is_refused(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    journal.write_text('{"t":"header","v":1,"settings":{}}\nnot json\n{"t":"run","n":1}\n')
    with pytest.raises(JournalError, match="line 2"):
        Journal(journal).open({})


def test_journal_is_locked_against_a_second_process(tmp_path: Path) -> None:
    with Journal(tmp_path / "j") as first:
        first.open({})
        with pytest.raises(JournalError, match="in use"):
            Journal(tmp_path / "j").open({})


def test_bad_arguments() -> None:
    client = client_for("http://127.0.0.1:9")
    with pytest.raises(ValueError, match="batch_size"):
        bulk_create_contacts(client, [], batch_size=0)
    with pytest.raises(ValueError, match="concurrency"):
        bulk_create_contacts(client, [], concurrency=0)
    with pytest.raises(TypeError, match="item 0"):
        bulk_create_contacts(client, [42])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="overwrite must be True or False"):
        bulk_create_contacts(client, [], overwrite="no")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="retry must be a RetryPolicy"):
        bulk_create_contacts(client, [], retry=3)  # type: ignore[arg-type]


def test_tag_ids_the_account_lacks_are_counted_once_looked_up() -> None:
    with StandInServer(standin_config(rate_limit=10_000)) as server:
        assert server.call("POST", "/v1/tag", json={"tag": "vip"}).status_code == 200
        known = server.call("POST", "/v1/tags", json={}).json()[0]["id"]
        with client_for(server.url) as client:
            rows: list[dict[str, Any]] = [
                {"phone": phone(1), "tags": [known, 999]},
                {"phone": phone(2), "tags": [999]},
                {"phone": phone(3)},
            ]
            report = bulk_create_contacts(client, rows)
            unchecked = bulk_create_contacts(client, rows[:1], check_tags=False, overwrite=True)
        tag_lists = server.stats()["by_operation"].get("listTags")
    assert [o.outcome for o in report.outcomes] == [Outcome.CREATED] * 3  # sent as given
    assert report.unknown_tags == {999: 2} and report.tags_unchecked is None
    assert unchecked.unknown_tags == {}
    assert tag_lists == {"200": 2}  # the test's own, and the first import's: once, and not with check_tags=False
