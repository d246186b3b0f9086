"""Paging iterators over listContacts, listContactsV2 and listTags, sync and async."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from heymarket import (
    HeymarketConfigError,
    PagingError,
    ServerError,
    aiter_contacts,
    aiter_contacts_v2,
    aiter_tags,
    create_client,
    iter_contacts,
    iter_contacts_v2,
    iter_tags,
)
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import create_contact
from heymarket_client.api.tags import create_tag
from heymarket_client.models import ContactRequest, CreateTagRequest, ListContactsRequest
from tests.support.clocks import VirtualTime, runtime_client
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.loopback import LoopbackServer
from tests.support.standin import StandInServer, standin_config

STORED = 95


@pytest.fixture(scope="module")
def stocked() -> Iterator[tuple[StandInServer, VirtualTime, set[int], set[int]]]:
    """A stand-in holding 95 contacts and 95 tags; yields it with the ids it assigned."""
    vt = VirtualTime()
    with StandInServer(standin_config(clock=vt.now)) as server:
        client = _client(server, vt)
        contact_ids = set()
        tag_ids = set()
        for n in range(STORED):
            contact = create_contact.sync(client=client, body=ContactRequest(phone=f"1415555{n:04d}"))
            tag = create_tag.sync(client=client, body=CreateTagRequest(tag=f"tag-{n}"))
            contact_ids.add(contact.id)
            tag_ids.add(tag.id)
        assert len(contact_ids) == len(tag_ids) == STORED
        yield server, vt, contact_ids, tag_ids


def _client(server: StandInServer, vt: VirtualTime) -> AuthenticatedClient:
    return create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=server.url, timing=vt.timing())


def _list_calls(server: StandInServer, operation: str) -> int:
    return sum(server.stats()["by_operation"].get(operation, {}).values())


async def _collect(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]


# -- against the stand-in -----------------------------------------------------------------------


@pytest.mark.parametrize(("page_size", "pages"), [(30, 4), (19, 6), (95, 2), (100, 1), (1, 96)])
def test_iter_contacts_yields_each_of_95_once(stocked: Any, page_size: int, pages: int) -> None:
    server, vt, contact_ids, _ = stocked
    before = _list_calls(server, "listContacts")
    contacts = list(iter_contacts(_client(server, vt), page_size=page_size))
    ids = [c.id for c in contacts]
    assert len(ids) == STORED and set(ids) == contact_ids
    assert _list_calls(server, "listContacts") - before == pages
    assert pages == math.floor(STORED / page_size) + 1  # full pages, then the short (or empty) one


def test_aiter_contacts_yields_each_of_95_once(stocked: Any) -> None:
    server, vt, contact_ids, _ = stocked
    client = _client(server, vt)
    ids = [c.id for c in asyncio.run(_collect(aiter_contacts(client, page_size=30)))]
    assert len(ids) == STORED and set(ids) == contact_ids


def test_iter_contacts_v2_sync_and_async(stocked: Any) -> None:
    server, vt, contact_ids, _ = stocked
    client = _client(server, vt)
    sync_uuids = [c.uuid for c in iter_contacts_v2(client, page_size=30)]
    async_uuids = [c.uuid for c in asyncio.run(_collect(aiter_contacts_v2(client, page_size=30)))]
    assert len(sync_uuids) == len(set(sync_uuids)) == STORED
    assert sync_uuids == async_uuids
    assert {c["id"] for c in server.contacts()} == contact_ids


def test_iter_contacts_keeps_the_request_filters(stocked: Any) -> None:
    server, vt, contact_ids, _ = stocked
    ascending = [c.id for c in iter_contacts(_client(server, vt), request=ListContactsRequest(ascending=True))]
    assert ascending == sorted(contact_ids)  # created in id order, so oldest-updated first is id order


def test_iter_tags_and_aiter_tags_follow_the_date_cursor(stocked: Any) -> None:
    server, vt, _, tag_ids = stocked
    client = _client(server, vt)
    before = _list_calls(server, "listTags")
    sync_ids = [t.id for t in iter_tags(client)]
    assert _list_calls(server, "listTags") - before == 4  # 30 + 30 + 30 + 5
    async_ids = [t.id for t in asyncio.run(_collect(aiter_tags(client)))]
    assert len(sync_ids) == STORED and set(sync_ids) == tag_ids
    assert async_ids == sync_ids


# -- page rules, over loopback -------------------------------------------------------------------


def _contacts(*ids: int) -> list[dict[str, Any]]:
    return [{"id": i, "updated": f"2024-01-01T00:00:{i:02d}Z"} for i in ids]


def test_pages_are_requested_zero_based_with_limit(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(200, _contacts(1, 2))
    loopback.enqueue(200, _contacts(3))
    ids = [c.id for c in iter_contacts(runtime_client(loopback.base_url, vt), page_size=2)]
    assert ids == [1, 2, 3]
    assert [r.json() for r in loopback.requests] == [{"limit": 2, "page": 0}, {"limit": 2, "page": 1}]


def test_items_shifted_by_concurrent_writes_are_yielded_once(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(200, _contacts(1, 2, 3))
    loopback.enqueue(200, _contacts(3, 4, 5))  # contact 3 slid onto the next page
    loopback.enqueue(200, _contacts(6))
    ids = [c.id for c in iter_contacts(runtime_client(loopback.base_url, vt), page_size=3)]
    assert ids == [1, 2, 3, 4, 5, 6]


def test_a_server_that_ignores_page_raises_instead_of_looping(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(200, _contacts(1, 2))
    loopback.enqueue(200, _contacts(1, 2))
    with pytest.raises(PagingError, match="ignore `page`"):
        list(iter_contacts_v2(runtime_client(loopback.base_url, vt), page_size=2))
    assert len(loopback.requests) == 2


def test_tag_pages_send_the_last_updated_value(loopback: LoopbackServer, vt: VirtualTime) -> None:
    full = [{"id": i, "updated": f"2024-01-02T00:00:{i:02d}Z"} for i in range(30, 0, -1)]
    loopback.enqueue(200, full)
    loopback.enqueue(200, [{"id": 0, "updated": "2024-01-01T00:00:00Z"}])
    ids = [t.id for t in iter_tags(runtime_client(loopback.base_url, vt))]
    assert ids == list(range(30, -1, -1))
    assert [r.json() for r in loopback.requests] == [{}, {"date": "2024-01-02T00:00:01Z"}]


def test_a_tag_cursor_that_does_not_move_raises(loopback: LoopbackServer, vt: VirtualTime) -> None:
    full = [{"id": i, "updated": "2024-01-02T00:00:00Z"} for i in range(30)]
    loopback.enqueue(200, full)
    loopback.enqueue(200, full)
    with pytest.raises(PagingError):
        list(iter_tags(runtime_client(loopback.base_url, vt)))


def test_errors_are_raised_even_without_raise_errors(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(200, _contacts(1, 2))
    loopback.enqueue(500, {"error": "internal_error"}, {"X-Request-Id": "rid-7"})
    client = runtime_client(loopback.base_url, vt, raise_errors=False, retries=0)
    pages = iter_contacts(client, page_size=2)
    assert [next(pages).id, next(pages).id] == [1, 2]
    with pytest.raises(ServerError, match="rid-7"):
        next(pages)


@pytest.mark.asyncio
async def test_async_iteration_raises_typed_errors(loopback: LoopbackServer, vt: VirtualTime) -> None:
    loopback.enqueue(500, {"error": "internal_error"})
    client = runtime_client(loopback.base_url, vt, retries=0)
    with pytest.raises(ServerError):
        await _collect(aiter_tags(client))


def test_page_size_is_checked_when_the_iterator_is_made(loopback: LoopbackServer, vt: VirtualTime) -> None:
    client = runtime_client(loopback.base_url, vt)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(HeymarketConfigError, match="page_size"):
            iter_contacts(client, page_size=bad)  # type: ignore[arg-type]
        with pytest.raises(HeymarketConfigError, match="page_size"):
            aiter_contacts_v2(client, page_size=bad)  # type: ignore[arg-type]
    assert loopback.requests == []
