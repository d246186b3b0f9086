"""`POST /__mock__/contacts`: seeding many contacts from JSON Lines, all or nothing, at any line size."""

from __future__ import annotations

import json

import pytest

from heymarket import create_client
from heymarket_client.api.contacts_v2 import search_contacts_v2
from heymarket_client.models import ChannelSearch, SearchContactsV2Request
from heymarket_mock.testkit import HeymarketMock, StandInProcess
from tests.support.standin import StandInServer


def _jsonl(rows: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


def _seed(server: StandInServer, body: bytes) -> tuple[int, dict[str, object]]:
    response = server.client.post("/__mock__/contacts", content=body, headers={"Content-Type": "application/x-ndjson"})
    return response.status_code, response.json()


def test_seeded_contacts_are_found_by_the_api(server: StandInServer) -> None:
    rows: list[dict[str, object]] = [{"phone": f"1510555{i:04d}", "first": f"P{i}"} for i in range(1000)]
    rows.append({"contact_channels": [{"channel_type": "email", "channel_id": "seeded@example.com"}]})
    status, answer = _seed(server, _jsonl(rows) + b"\n")  # a blank line is ignored
    assert (status, answer) == (200, {"created": 1001, "contacts": 1001})
    found = server.call("POST", "/v2/contacts/search", json={"contact_channels": [{"channel_ids": ["15105550999"]}]})
    assert found.status_code == 200
    assert [c["first"] for c in found.json()] == ["P999"]
    assert len(server.contacts()) == 1001


def test_a_refused_line_stores_nothing_and_names_the_line(server: StandInServer) -> None:
    body = _jsonl([{"phone": "15105550001"}, {"phone": 12}, {"phone": "15105550003"}])
    status, answer = _seed(server, body)
    assert status == 400
    assert "line 2" in json.dumps(answer)
    assert server.contacts() == []


def test_a_huge_single_line_is_refused_whole(server: StandInServer) -> None:
    status, answer = _seed(server, b"[" + b"1," * 3_000_000 + b"1]")  # 6 MB, no newline
    assert status == 400
    assert "line 1: must be a JSON object" in json.dumps(answer)
    assert len(json.dumps(answer)) < 300
    assert server.contacts() == []


def test_the_test_kit_seeds_a_large_account() -> None:
    process = StandInProcess().start()
    try:
        standin = HeymarketMock(process)
        assert standin.seed_contacts(20_000) == 20_000
        assert standin.seed_contacts([{"phone": "14155550100", "first": "Extra"}]) == 20_001
        with pytest.raises(ValueError, match="line 1"):
            standin.seed_contacts([{"phone": "14155550100"}])  # that phone is stored already
        client = create_client(
            secret_id=standin.secret_id, secret_key=standin.secret_key, base_url=standin.base_url, rate_limit=None
        )
        found = search_contacts_v2.sync_detailed(
            client=client,
            body=SearchContactsV2Request(contact_channels=[ChannelSearch(channel_ids=["15100019999"])]),
        )
        assert found.status_code == 200
        assert json.loads(found.content)[0]["first"] == "Seeded 19999"
    finally:
        process.stop()
