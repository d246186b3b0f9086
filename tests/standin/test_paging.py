"""Paging over 95 contacts returns each exactly once, by page number and by `date` cursor, v1 and v2."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.support.clocks import FakeClock
from tests.support.standin import StandInServer, standin_config

TOTAL = 95
LIST_PATHS = ["/v1/contacts", "/v2/contacts/list"]


@pytest.fixture
def server(clock: FakeClock) -> Iterator[StandInServer]:
    # The clock stands still: `updated` must still grow strictly, or the cursor would lose items.
    with StandInServer(standin_config(clock=clock)) as running:
        items = [{"phone": f"1415555{n:04d}", "first": f"n{n}"} for n in range(TOTAL)]
        assert running.call("POST", "/v1/batch/contacts", json=items).json() == "ok"
        yield running


def page(server: StandInServer, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = server.call("POST", path, json=body)
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


def ids_newest_first(server: StandInServer) -> list[int]:
    contacts = sorted(server.contacts(), key=lambda c: c["updated"], reverse=True)
    return [c["id"] for c in contacts]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_the_default_page_is_the_30_most_recently_updated(server: StandInServer, path: str) -> None:
    first = page(server, path, {})
    assert [c["id"] for c in first] == ids_newest_first(server)[:30]
    stamps = [c["updated"] for c in first]
    assert stamps == sorted(stamps, reverse=True)
    assert len(set(stamps)) == 30


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("ascending", [False, True])
def test_paging_by_page_number_returns_each_contact_once(server: StandInServer, path: str, ascending: bool) -> None:
    seen: list[int] = []
    sizes: list[int] = []
    for number in range(10):
        items = page(server, path, {"page": number, "limit": 30, "ascending": ascending})
        sizes.append(len(items))
        seen += [c["id"] for c in items]
        if len(items) < 30:
            break
    assert sizes == [30, 30, 30, 5]
    expected = ids_newest_first(server)
    assert seen == (expected[::-1] if ascending else expected)


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("limit", [None, 7, 95, 200])
def test_paging_by_date_cursor_returns_each_contact_once(server: StandInServer, path: str, limit: int | None) -> None:
    size = limit or 30
    seen: list[int] = []
    body: dict[str, Any] = {} if limit is None else {"limit": limit}
    for _ in range(TOTAL + 2):
        items = page(server, path, body)
        seen += [c["id"] for c in items]
        if len(items) < size:
            break
        body = {**body, "date": items[-1]["updated"]}
    assert seen == ids_newest_first(server)
    assert len(set(seen)) == TOTAL


@pytest.mark.parametrize("path", LIST_PATHS)
def test_the_ascending_cursor_returns_newer_items(server: StandInServer, path: str) -> None:
    seen: list[int] = []
    body: dict[str, Any] = {"ascending": True, "limit": 40, "date": "1970-01-01T00:00:00Z"}
    while True:
        items = page(server, path, body)
        seen += [c["id"] for c in items]
        if len(items) < 40:
            break
        body["date"] = items[-1]["updated"]
    assert seen == ids_newest_first(server)[::-1]


def test_a_write_moves_the_contact_to_the_front(server: StandInServer) -> None:
    oldest = ids_newest_first(server)[-1]
    assert server.call("PUT", f"/v1/contact/{oldest}", json={"phone": "14155550000"}).status_code == 200
    assert [c["id"] for c in page(server, "/v1/contacts", {"limit": 1})] == [oldest]


def test_v2_pages_carry_uuid_and_channels(server: StandInServer) -> None:
    [contact] = page(server, "/v2/contacts/list", {"limit": 1})
    assert contact["uuid"]
    assert [c["channel_type"] for c in contact["contact_channels"]] == ["phone"]
    [v1] = page(server, "/v1/contacts", {"limit": 1})
    assert "uuid" not in v1
    assert "contact_channels" not in v1


def test_a_cursor_with_an_offset_is_understood(server: StandInServer) -> None:
    newest = page(server, "/v1/contacts", {"limit": 1})[0]["updated"]
    # The same instant written in another zone.
    shifted = datetime.fromisoformat(newest).astimezone(timezone(timedelta(hours=2))).isoformat()
    assert shifted.endswith("+02:00")
    assert len(page(server, "/v1/contacts", {"date": shifted, "limit": 200})) == TOTAL - 1
